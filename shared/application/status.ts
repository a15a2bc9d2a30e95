/** Status codes with their Chinese labels, defined once for functions, pages and tests (conventions P11). */

/** Where an application stands. */
export const APPLICATION_STATUSES = {
  draft: '草稿',
  submitted: '已受理，阅卷中',
  correction: '待补正',
  decided: '阅卷完成，等待结果公布',
  published: '结果已公布',
} as const;
/** An application status. */
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;

/** Where one indicator's review task stands. */
export const TASK_STATUSES = {
  pending: '待阅卷',
  confirmed: '已确认',
  corrected: '已核减/更正',
  rejected: '不予认定',
  returned: '退回补正',
} as const;
/** A review task status. */
export type TaskStatus = keyof typeof TASK_STATUSES;

/**
 * Where an entrustment stands. It grants nothing until verified: an employer entrustment by the principal in their
 * own account (or by the district acceptance point), a relative's only by the district acceptance point.
 */
export const ENTRUSTMENT_STATUSES = {
  'awaiting-principal': '待委托人确认',
  'awaiting-district': '待受理点核验',
  active: '已生效',
  rejected: '未通过核验',
  revoked: '已撤销',
} as const;
/** An entrustment status. */
export type EntrustmentStatus = keyof typeof ENTRUSTMENT_STATUSES;

/** Statuses of an entrustment that is not verified yet (the agent may only prepare a draft of their own). */
export function isAwaitingVerification(status: EntrustmentStatus): boolean {
  return status === 'awaiting-principal' || status === 'awaiting-district';
}

/** Channels an application can come in through (受理回执 shows it). */
export const CHANNELS = { online: '线上（新杭州人家园小程序）', window: '线下（区积分申请受理点）' } as const;
/** A channel. */
export type Channel = keyof typeof CHANNELS;
