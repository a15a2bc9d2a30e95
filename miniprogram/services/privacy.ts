/**
 * 个人信息保护指引: acceptance is recorded on the server per notice version (`privacy.*`), and WeChat's own privacy
 * authorization is asked for where the base library has it (2.32.3+). Pages that collect personal data call
 * {@link ensurePrivacy} first and are sent to the notice until it is accepted.
 */
import type { PrivacyStatusRes } from '../../shared';
import { PRIVACY_NOTICE_VERSION } from '../../shared/core';
import { call } from './api';
import { PAGES } from '../routes';

/** The notice page (in the `points` subpackage). */
const PRIVACY_PAGE = PAGES.privacy;

let acceptedThisSession = false;

/** Whether the caller accepted the current notice (asks the server until it says yes once). */
export async function privacyStatus(): Promise<PrivacyStatusRes> {
  const s = await call('applicant', 'privacy.status', {});
  if (s.accepted && s.version === PRIVACY_NOTICE_VERSION) acceptedThisSession = true;
  return s;
}

/** Records the acceptance of the current notice. */
export async function acceptPrivacy(requestId: string): Promise<PrivacyStatusRes> {
  const s = await call('applicant', 'privacy.accept', { version: PRIVACY_NOTICE_VERSION }, { requestId });
  acceptedThisSession = s.accepted;
  return s;
}

/** Whether the caller accepted the current notice, without leaving the page (asks the server until it says yes once). */
export async function isPrivacyAccepted(): Promise<boolean> {
  if (acceptedThisSession) return true;
  const s = await privacyStatus();
  return s.accepted && s.version === PRIVACY_NOTICE_VERSION;
}

/**
 * True when the notice is accepted; otherwise sends the page to the notice (which comes back to `returnUrl` once
 * accepted) and resolves false. A failed status check rejects: the caller shows its message.
 */
export async function ensurePrivacy(returnUrl: string): Promise<boolean> {
  if (acceptedThisSession) return true;
  const s = await privacyStatus();
  if (s.accepted) return true;
  void wx.redirectTo({ url: `${PRIVACY_PAGE}?next=${encodeURIComponent(returnUrl)}` });
  return false;
}

/** WeChat's privacy state, or null on base libraries without the API. */
export interface WechatPrivacy {
  needAuthorization: boolean;
  contractName: string;
}

/** WeChat's answer callback of `wx.onNeedPrivacyAuthorization`. */
type PrivacyResolve = (r: { event: 'agree' | 'disagree'; buttonId?: string }) => void;

type WxPrivacyApi = {
  onNeedPrivacyAuthorization?: (listener: (resolve: PrivacyResolve, eventInfo: { referrer: string }) => void) => void;
  openPrivacyContract?: (o: { success?: () => void; fail?: () => void }) => void;
  getPrivacySetting?: (o: {
    success: (r: { needAuthorization: boolean; privacyContractName: string }) => void;
    fail: () => void;
  }) => void;
  requirePrivacyAuthorize?: (o: { success: () => void; fail: () => void }) => void;
};

function wxPrivacy(): WxPrivacyApi {
  return wx as unknown as WxPrivacyApi;
}

let pendingNeed: PrivacyResolve | null = null;

/**
 * Listens for WeChat's `onNeedPrivacyAuthorization` (a privacy-protected API called before the user agreed): the
 * request is held and `onNeed` runs (the privacy page shows the notice); {@link answerPrivacyNeed} answers it once,
 * so the person is asked once — by our notice — not by our notice and WeChat's popup in a row.
 */
export function listenForPrivacyNeeds(onNeed: () => void): void {
  const api = wxPrivacy();
  if (typeof api.onNeedPrivacyAuthorization !== 'function') return;
  api.onNeedPrivacyAuthorization((resolve) => {
    pendingNeed = resolve;
    onNeed();
  });
}

/** Whether WeChat is waiting for the person's answer. */
export function privacyNeedPending(): boolean {
  return pendingNeed !== null;
}

/**
 * Answers WeChat's pending request: agree, naming the button tapped (it carries
 * `open-type="agreePrivacyAuthorization"`), or not.
 */
export function answerPrivacyNeed(agree: boolean, buttonId = 'accept-btn'): void {
  const resolve = pendingNeed;
  pendingNeed = null;
  if (resolve) resolve(agree ? { event: 'agree', buttonId } : { event: 'disagree' });
}

/**
 * The person agreed on our own notice (a button with `open-type="agreePrivacyAuthorization"`): answers WeChat's
 * pending request when it raised one, otherwise asks WeChat itself — once either way, never our notice and WeChat's
 * popup in a row. `buttonId` is the id of the button tapped. True when WeChat has the agreement (or has no privacy API).
 */
export async function agreeWithWechat(buttonId = 'accept-btn'): Promise<boolean> {
  if (privacyNeedPending()) {
    answerPrivacyNeed(true, buttonId);
    return true;
  }
  return requireWechatPrivacy();
}

/** Opens WeChat's own page of the registered privacy contract (no-op where the API is absent). */
export function openPrivacyContract(): void {
  const api = wxPrivacy();
  if (typeof api.openPrivacyContract === 'function') api.openPrivacyContract({});
}

/** `wx.getPrivacySetting`, guarded: null when the API is absent or fails. */
export function wechatPrivacySetting(): Promise<WechatPrivacy | null> {
  const api = wxPrivacy();
  if (typeof api.getPrivacySetting !== 'function') return Promise.resolve(null);
  return new Promise((resolve) => {
    try {
      (api.getPrivacySetting as NonNullable<WxPrivacyApi['getPrivacySetting']>)({
        success: (r) =>
          resolve({ needAuthorization: !!r.needAuthorization, contractName: r.privacyContractName || '' }),
        fail: () => resolve(null),
      });
    } catch {
      resolve(null);
    }
  });
}

/**
 * `wx.requirePrivacyAuthorize`, guarded: shows WeChat's privacy popup when the user has not agreed yet. True when
 * agreed (or the API is absent: older base libraries have no such popup); false when the user declined.
 */
export function requireWechatPrivacy(): Promise<boolean> {
  const api = wxPrivacy();
  if (typeof api.requirePrivacyAuthorize !== 'function') return Promise.resolve(true);
  return new Promise((resolve) => {
    try {
      (api.requirePrivacyAuthorize as NonNullable<WxPrivacyApi['requirePrivacyAuthorize']>)({
        success: () => resolve(true),
        fail: () => resolve(false),
      });
    } catch {
      resolve(true);
    }
  });
}
