/**
 * Mainland China mobile numbers: 11 digits beginning 13–19.
 *
 * Pure functions only: this module is shared by the mini program and the cloud functions.
 */

/** Result of {@link parseMobile}: the normalised 11 digits, or a code plus a Chinese message for the user. */
export type MobileParseResult = { ok: true; value: string } | { ok: false; code: 'MOBILE_FORMAT'; message: string };

const MOBILE_RE = /^1[3-9]\d{9}$/;
/** Separators people type or paste: spaces (incl. the full-width U+3000 space) and ASCII/full-width hyphens. */
const SEPARATORS_RE = /[\s\-－]/g;

/** A fresh object each time, so a caller mutating one result cannot corrupt the next. */
function formatError(): MobileParseResult {
  return { ok: false, code: 'MOBILE_FORMAT', message: '手机号码格式不正确' };
}

/**
 * Validates a mainland mobile number and normalises it to 11 digits.
 *
 * Accepts an optional `+86` or `86` country prefix, and spaces or hyphens anywhere (`+86 138-1234-5678`), because
 * that is how numbers arrive when copied from contacts or WeChat.
 *
 * @param s the number as typed by the user
 * @returns the 11 digits, or `ok: false` with code `MOBILE_FORMAT` and message 手机号码格式不正确
 */
export function parseMobile(s: string): MobileParseResult {
  // Cloud-function payloads are untyped at run time, so guard even though the signature says string.
  if (typeof s !== 'string') return formatError();
  let digits = s.replace(SEPARATORS_RE, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  // Bare "86" only counts as a prefix when 11 digits follow; an 11-digit number itself never starts with 8.
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  return MOBILE_RE.test(digits) ? { ok: true, value: digits } : formatError();
}

/**
 * True when `s` is a valid mainland mobile number (see {@link parseMobile}).
 *
 * @param s the number to check
 */
export function isValidMobile(s: string): boolean {
  return parseMobile(s).ok;
}

/**
 * Masks a mobile number for display: first 3 and last 4 digits kept, e.g. `138****5678`.
 *
 * The input is normalised with {@link parseMobile} first, so `+86 138 1234 5678` masks the same way. Anything that
 * is not a valid number is masked completely (same length), so a malformed value never leaks.
 *
 * @param mobile the number as stored or typed
 */
export function maskMobile(mobile: string): string {
  if (typeof mobile !== 'string') return '';
  const parsed = parseMobile(mobile);
  if (!parsed.ok) return '*'.repeat(mobile.length);
  return `${parsed.value.slice(0, 3)}****${parsed.value.slice(7)}`;
}
