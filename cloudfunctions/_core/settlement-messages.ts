/**
 * 落户办理进度 subscribe messages: the person (or the agent) who accepted the `settlement` template on the settlement
 * submit or resubmit tap is told of each step — returned for correction by 市公安局 (why), rejected (why), verified,
 * the 准入通知书 issued (its last valid day), the notice's last valid day within {@link EXPIRY_REMINDER_DAYS} days while
 * unused, settled. The rows are built here and appended by the caller in the transaction that makes the change; their
 * ids are deterministic, so a replay or a second scheduler run keeps one.
 *
 * Text typed by a reviewer goes out with any ID number in it masked: a message is never the place for one.
 */
import { addDays, formatChineseDate, type ISODate } from '../../shared/dates';
import { maskIdCard } from '../../shared/identity';
import type { OutboxMessage, SettlementRecord } from './store/types';

/** The steps a settlement message tells, with the words of the template's 办理状态 (phrase: at most 5 characters). */
export const SETTLEMENT_STEPS = {
  correction: '退回补正',
  rejected: '未通过',
  verified: '核验通过',
  noticed: '通知书已发',
  expiring: '即将到期',
  settled: '已落户',
  removed: '移出名单',
} as const;
/** A step of {@link SETTLEMENT_STEPS}. */
export type SettlementStep = keyof typeof SETTLEMENT_STEPS;

/** An unused notice is recalled this many days before (and on) its last valid day, once. */
export const EXPIRY_REMINDER_DAYS = 7;

/** 18-digit (and old 15-digit) ID numbers inside free text. */
const ID_NUMBER_IN_TEXT = /(?<![\dXx])(\d{17}[\dXx]|\d{15})(?![\dXx])/g;

/** Free text with every ID number in it masked (`330106********0018`; a 15-digit one fully). */
export function withoutIdNumbers(text: string): string {
  return text.replace(ID_NUMBER_IN_TEXT, (m) => maskIdCard(m));
}

/** What a step says beyond its name, for the template's 备注 (the sender cuts it to the keyword's length). */
function detailOf(step: SettlementStep, s: SettlementRecord, reason: string | undefined): string {
  const until = s.noticeValidUntil ? formatChineseDate(s.noticeValidUntil) : '';
  switch (step) {
    case 'correction':
      return withoutIdNumbers(reason ?? '请按要求补正材料');
    case 'rejected':
      return withoutIdNumbers(reason ?? '积分落户申请未通过审核');
    case 'verified':
      return '户籍窗口已核验，等待公示结果';
    case 'noticed':
      return `有效期至${until}`;
    case 'expiring':
      return `将于${until}到期`;
    case 'settled':
      return '落户已办结';
    case 'removed':
      return withoutIdNumbers(reason ?? '公示异议成立，已移出准入名单');
  }
}

/**
 * The messages of one step of a settlement application, one per subscriber. `occurrence` tells repeated steps apart
 * (the number of returns so far, for `correction`); `reason` is the window's words for a return or a rejection (or
 * the administrator's for a removal); `alsoTo` adds recipients beyond the subscribers (a removal tells the person and
 * the filer whatever they subscribed to: it takes a right away).
 */
export function settlementMessages(
  s: SettlementRecord,
  step: SettlementStep,
  at: string,
  today: ISODate,
  o: { reason?: string; missing?: string; occurrence?: number; alsoTo?: (string | null | undefined)[] } = {},
): OutboxMessage[] {
  const data: Record<string, string> = {
    receiptNumber: s.receiptNumber ?? '',
    step: SETTLEMENT_STEPS[step],
    detail: detailOf(step, s, o.reason),
    date: formatChineseDate(today),
  };
  if (o.missing) data.missing = withoutIdNumbers(o.missing);
  if ((step === 'noticed' || step === 'expiring') && s.noticeValidUntil)
    data.validUntil = formatChineseDate(s.noticeValidUntil);
  const suffix = o.occurrence === undefined ? '' : `:${o.occurrence}`;
  const to = [...(s.subscribers ?? []), ...(o.alsoTo ?? [])].filter((x): x is string => !!x);
  return [...new Set(to)].map((openid) => ({
    id: `settlement:${s.id}:${step}:${openid}${suffix}`,
    kind: 'settlement' as const,
    toOpenid: openid,
    // The points case: the page a tap opens is the case's progress view.
    applicationId: s.applicationId,
    data: { ...data },
    createdAt: at,
    sent: false,
    attempts: 0,
  }));
}

/** Whether an unused notice is due for its reminder on `today`: its last valid day is today or within the next days. */
export function isReminderDue(s: Pick<SettlementRecord, 'status' | 'noticeValidUntil'>, today: ISODate): boolean {
  if (s.status !== 'noticed' || !s.noticeValidUntil) return false;
  return s.noticeValidUntil >= today && s.noticeValidUntil <= addDays(today, EXPIRY_REMINDER_DAYS);
}
