/**
 * Subscribe messages (订阅消息) asked for on the submit tap: "result ready" and "correction needed". WeChat allows the
 * request only inside a tap handler; the templates come from config.ts. Whatever the user accepted is passed to
 * `application.submit` as `subscribed`.
 */
import type { SubscriptionKind } from '../../shared/core';
import { SUBSCRIBE_TEMPLATES } from '../config';

/** A message kind the server records in its outbox (named once in shared/application/kinds.ts). */
export type { SubscriptionKind };

/** The kinds asked for on the submit tap (the dispute result is asked for on the dispute form's tap). */
type SubmitKind = keyof typeof SUBSCRIBE_TEMPLATES & SubscriptionKind;

/** Asks for the configured templates; resolves with the kinds the user accepted (none when unavailable or refused). */
export function askSubscriptions(): Promise<SubmitKind[]> {
  const kinds = (Object.keys(SUBSCRIBE_TEMPLATES) as SubmitKind[]).filter((k) => SUBSCRIBE_TEMPLATES[k]);
  if (!kinds.length || typeof wx.requestSubscribeMessage !== 'function') return Promise.resolve([]);
  const ids = kinds.map((k) => SUBSCRIBE_TEMPLATES[k]);
  return new Promise((resolve) => {
    try {
      wx.requestSubscribeMessage({
        tmplIds: ids,
        success: (res) => {
          const r = res as unknown as Record<string, unknown>;
          resolve(kinds.filter((k) => r[SUBSCRIBE_TEMPLATES[k]] === 'accept'));
        },
        // Declined, or not allowed here: submitting goes on without notifications.
        fail: () => resolve([]),
      } as WechatMiniprogram.RequestSubscribeMessageOption);
    } catch {
      resolve([]);
    }
  });
}
