/**
 * 办理进度 after the points are confirmed: 落户申请 → 落户审核 → 公示 → 准入通知书 (有效期至 …) → 已落户 / 已过期. The
 * settlement's status and dates say where it stands; the buttons come from its `actions` (and, before any application
 * exists, from the server's answer whether the person may apply). Pure.
 */
import type { SettlementView } from '../../../../shared';
import { beijingDate } from '../../../../shared/core';
import type { SettlementState } from '../../../../shared/lifecycle';
import { dateText } from '../../../utils/format';

/** The settlement steps, in order, after the points steps. */
export const SETTLEMENT_STEPS = [
  { key: 'settleApply', title: '落户申请' },
  { key: 'settleReview', title: '落户审核' },
  { key: 'publicity', title: '公示' },
  { key: 'notice', title: '准入通知书' },
  { key: 'settled', title: '已落户' },
] as const;

/** A settlement step's key. */
export type SettlementStepKey = (typeof SETTLEMENT_STEPS)[number]['key'];

/** What the progress reads from a settlement application. */
export type SettlementProgress = Pick<
  SettlementView,
  | 'status'
  | 'receiptNumber'
  | 'acceptedOn'
  | 'decisions'
  | 'admission'
  | 'removedReason'
  | 'notice'
  | 'settledOn'
  | 'permitSurrendered'
  | 'expiredOn'
  | 'actions'
>;

/** Before any settlement application: whether the person may apply now, from the server's check. */
export interface SettlementOffer {
  eligible: boolean;
}

/** The step each settlement status is at, and whether the road ends there. */
const AT: Record<SettlementState, { key: SettlementStepKey; ended?: true; done?: true }> = {
  draft: { key: 'settleApply' },
  submitted: { key: 'settleReview' },
  correction: { key: 'settleReview' },
  rejected: { key: 'settleReview', ended: true },
  verified: { key: 'publicity' },
  admitted: { key: 'publicity' },
  notAdmitted: { key: 'publicity', ended: true },
  removed: { key: 'publicity', ended: true },
  noticed: { key: 'notice' },
  settled: { key: 'settled', done: true },
  expired: { key: 'settled', ended: true },
};

/** Where the settlement stands: the current step, and whether it ended (stopped) or finished (done). */
export function settlementAt(s: SettlementProgress): { key: SettlementStepKey; ended: boolean; done: boolean } {
  const a = AT[s.status];
  return { key: a.key, ended: !!a.ended, done: !!a.done };
}

function lastDecision(s: SettlementProgress, event: string): SettlementProgress['decisions'][number] | undefined {
  return [...s.decisions].reverse().find((d) => d.event === event);
}

function dayOf(iso: string): string {
  return dateText(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso : beijingDate(new Date(iso)));
}

/** The date beside each settlement step (`有效期至 2022年2月14日` on the notice). */
export function settlementDates(
  s: SettlementProgress | null | undefined,
  before = '积分确认后，在积分落户申请受理期内申请',
): Record<SettlementStepKey, string> {
  if (!s) {
    return {
      settleApply: before,
      settleReview: '',
      publicity: '',
      notice: '',
      settled: '',
    };
  }
  const decided = lastDecision(s, 'verify') ?? lastDecision(s, 'reject');
  const notice = s.notice ? `有效期至 ${dateText(s.notice.validUntil)}` : '';
  return {
    settleApply: s.acceptedOn ? dateText(s.acceptedOn) : '尚未提交',
    settleReview: decided ? dayOf(decided.at) : '',
    publicity: s.admission ? `${dayOf(s.admission.admittedAt)} 起` : '',
    notice: s.status === 'expired' && notice ? `${notice}，已过期` : notice,
    settled: s.settledOn ? dateText(s.settledOn) : s.expiredOn ? dateText(s.expiredOn) : '',
  };
}

/** The last step's title: 已过期 for a notice that lapsed unused. */
export function settledTitle(s: SettlementProgress | null): string {
  return s && s.status === 'expired' ? '已过期' : '已落户';
}

/** The line the person was measured against, in words ('' in a no-quota round). */
function lineWords(s: SettlementProgress): string {
  return s.admission && s.admission.line ? `本年度落户分数线 ${s.admission.line} 分` : '';
}

function reasonOf(s: SettlementProgress, event: string): string {
  const r = lastDecision(s, event);
  return r && r.reason ? `：${r.reason}` : '';
}

function noticeUntil(s: SettlementProgress): string {
  return s.notice ? dateText(s.notice.validUntil) : '';
}

/** What the person can do now, by the settlement's status. */
const NOW_TEXT: Record<SettlementState, (s: SettlementProgress) => string> = {
  draft: () => '落户申请还没有提交：填好拟落户地址、上传材料，确认后提交。',
  submitted: (s) => `户籍窗口正在审核您的落户申请${s.receiptNumber ? `（回执 ${s.receiptNumber}）` : ''}。`,
  correction: (s) => `户籍窗口要求补正${reasonOf(s, 'returnForCorrection')}。请补正后重新提交。`,
  rejected: (s) => `落户申请未通过审核${reasonOf(s, 'reject')}。`,
  verified: () => '落户申请已审核通过，等待公布本年度落户分数线和准入名单。',
  admitted: (s) =>
    lineWords(s) ? `已达到${lineWords(s)}，拟准入，正在公示。` : '本年度不设名额，积分满 100 分拟准入，正在公示。',
  notAdmitted: (s) => (lineWords(s) ? `未达到${lineWords(s)}，本年度未准入。` : '本年度未准入。'),
  removed: (s) => `公示期间的异议经核实成立，已取消准入${s.removedReason ? `：${s.removedReason}` : ''}。`,
  noticed: (s) =>
    s.notice
      ? `准入通知书已签发，有效期至 ${noticeUntil(s)}。请在有效期内持通知书到户籍窗口办理落户，并交回居住证。`
      : '准入通知书已签发。',
  settled: (s) =>
    `已于 ${s.settledOn ? dateText(s.settledOn) : ''}办结落户${s.permitSurrendered ? '，居住证已交回' : ''}。`,
  expired: (s) =>
    s.notice ? `准入通知书有效期至 ${noticeUntil(s)}，已过期，未办理落户。` : '准入通知书已过期，未办理落户。',
};

/** What the person can do now, in words, once there is a settlement application. */
export function settlementText(s: SettlementProgress): string {
  return NOW_TEXT[s.status](s);
}

/** A settlement button: to the settlement page, or 查看准入通知书 (opened in place, like the voucher). */
export interface SettlementButton {
  id: string;
  label: string;
  /** The settlement page, or '' for the notice (the page downloads and opens it). */
  toSettle: boolean;
}

/** The buttons of what may be done now. */
export function settlementButtons(s: SettlementProgress | null, offer: SettlementOffer | null): SettlementButton[] {
  if (!s) {
    if (!offer) return [];
    return [{ id: 'settle', label: offer.eligible ? '申请积分落户' : '查看积分落户条件', toSettle: true }];
  }
  const out: SettlementButton[] = [];
  if (s.actions.includes('resubmit')) out.push({ id: 'settle', label: '去补正落户申请', toSettle: true });
  else if (s.actions.includes('submit') || s.actions.includes('save'))
    out.push({ id: 'settle', label: '继续填写落户申请', toSettle: true });
  if (s.status === 'noticed' && s.notice) out.push({ id: 'notice', label: '查看准入通知书', toSettle: false });
  return out;
}
