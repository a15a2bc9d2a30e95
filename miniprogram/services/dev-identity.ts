/**
 * The local dev identity: who the local cloud believes is calling (header `x-wx-openid`). Stored with
 * `wx.setStorageSync`, so switching persona survives reloads; only the HTTP transport (local mode) reads it.
 * In the devtools console: `wx.setStorageSync('dev-openid', 'applicant-b')`, then recompile.
 */

/** Storage key of the dev identity. */
export const DEV_OPENID_KEY = 'dev-openid';
/** The identity used until another is chosen. */
export const DEFAULT_DEV_OPENID = 'dev-applicant-1';

const OPENID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The current dev identity (the default when none or an invalid one is stored). */
export function getDevOpenid(): string {
  try {
    const v: unknown = wx.getStorageSync(DEV_OPENID_KEY);
    if (typeof v === 'string' && OPENID_RE.test(v)) return v;
  } catch {
    // Storage unavailable: fall back to the default identity.
  }
  return DEFAULT_DEV_OPENID;
}

/** Switches the dev identity; returns false (and keeps the old one) when `id` is not 1–64 of [A-Za-z0-9_-]. */
export function setDevOpenid(id: string): boolean {
  if (!OPENID_RE.test(id)) return false;
  wx.setStorageSync(DEV_OPENID_KEY, id);
  return true;
}
