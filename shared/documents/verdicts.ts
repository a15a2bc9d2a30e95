/** What verification (凭证核验) can say of a document, in words for the verify page. Pure, zod-free (main package). */

/**
 * A verdict. `unknown` also answers a wrong code: holding a number proves nothing. `expired` and `used` are the
 * admission notice's (past its last valid day; settled with it).
 */
export type VoucherVerdict = 'valid' | 'superseded' | 'revoked' | 'expired' | 'used' | 'unknown';

/** Chinese words of the verdicts. */
export const VOUCHER_VERDICT_LABELS: Readonly<Record<VoucherVerdict, string>> = {
  valid: '真实有效',
  superseded: '已被新凭证取代（积分结果已变更），本凭证不再有效',
  revoked: '已撤销，本凭证无效',
  expired: '已过有效期，本通知书无效',
  used: '已使用（已办理落户），本通知书不再有效',
  unknown: '查无此凭证：凭证编号或核验码不正确',
};
