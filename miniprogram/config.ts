/**
 * Build-time configuration of the client. The build (`npm run build` / `npm start`) replaces the `__…__` globals with
 * esbuild `define`; when a global is not defined (tests, a plain tsc), the production defaults apply.
 */

/** Where API calls go: the WeChat cloud (`wx.cloud.callFunction`) or the local cloud over HTTP (development). */
export type ApiMode = 'cloud' | 'local';

declare const __API_MODE__: string | undefined;
declare const __LOCAL_CLOUD_URL__: string | undefined;
declare const __CLOUD_ENV__: string | undefined;

/** The API mode of this build; anything but `'local'` means the cloud. */
export const API_MODE: ApiMode = typeof __API_MODE__ !== 'undefined' && __API_MODE__ === 'local' ? 'local' : 'cloud';

/** Base URL of the local cloud (`npm start`), without a trailing slash. */
export const LOCAL_CLOUD_URL: string = (
  typeof __LOCAL_CLOUD_URL__ !== 'undefined' && __LOCAL_CLOUD_URL__ ? __LOCAL_CLOUD_URL__ : 'http://127.0.0.1:8787'
).replace(/\/+$/, '');

/** CloudBase environment id for `wx.cloud.init`; undefined → the environment chosen in the devtools. */
export const CLOUD_ENV: string | undefined =
  typeof __CLOUD_ENV__ !== 'undefined' && __CLOUD_ENV__ ? __CLOUD_ENV__ : undefined;

declare const __SUBSCRIBE_RESULT_TEMPLATE__: string | undefined;
declare const __SUBSCRIBE_CORRECTION_TEMPLATE__: string | undefined;
declare const __SUBSCRIBE_DISPUTE_TEMPLATE__: string | undefined;
declare const __SUBSCRIBE_SETTLEMENT_TEMPLATE__: string | undefined;

/**
 * Subscribe-message template ids (微信公众平台 → 订阅消息) for "result ready" and "correction needed", asked for on
 * the submit tap, "re-review result", asked for on the dispute tap, and "settlement progress" (落户办理进度, a removal from the publicity list too), asked
 * for on the settlement submit and resubmit taps. Empty: not configured, nothing is asked (the
 * outbox then has no subscriber to notify).
 */
export const SUBSCRIBE_TEMPLATES: { result: string; correction: string; dispute: string; settlement: string } = {
  result:
    typeof __SUBSCRIBE_RESULT_TEMPLATE__ !== 'undefined' && __SUBSCRIBE_RESULT_TEMPLATE__
      ? __SUBSCRIBE_RESULT_TEMPLATE__
      : '',
  correction:
    typeof __SUBSCRIBE_CORRECTION_TEMPLATE__ !== 'undefined' && __SUBSCRIBE_CORRECTION_TEMPLATE__
      ? __SUBSCRIBE_CORRECTION_TEMPLATE__
      : '',
  dispute:
    typeof __SUBSCRIBE_DISPUTE_TEMPLATE__ !== 'undefined' && __SUBSCRIBE_DISPUTE_TEMPLATE__
      ? __SUBSCRIBE_DISPUTE_TEMPLATE__
      : '',
  settlement:
    typeof __SUBSCRIBE_SETTLEMENT_TEMPLATE__ !== 'undefined' && __SUBSCRIBE_SETTLEMENT_TEMPLATE__
      ? __SUBSCRIBE_SETTLEMENT_TEMPLATE__
      : '',
};
