/**
 * Subscribe messages (订阅消息) asked for on a tap: "result ready" and "correction needed" on submit, "re-review
 * result" on raising a dispute. WeChat allows the
 * request only inside a tap handler; the templates come from config.ts. Whatever the user accepted is passed to
 * `application.submit` as `subscribed`.
 */
import type { SubscriptionKind } from '../../shared/core';
import { SUBSCRIBE_TEMPLATES } from '../config';

/** A message kind the server records in its outbox (named once in shared/application/kinds.ts). */
export type { SubscriptionKind };

/**
 * Asks for the configured templates of `wanted` (the submit tap: result and correction; the dispute tap: the
 * re-review result); resolves with the kinds the user accepted (none when unavailable or refused).
 */
export function askSubscriptions<K extends SubscriptionKind>(
  wanted: readonly K[] = ['result', 'correction'] as K[],
): Promise<K[]> {
  const kinds = wanted.filter((k) => SUBSCRIBE_TEMPLATES[k]);
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
