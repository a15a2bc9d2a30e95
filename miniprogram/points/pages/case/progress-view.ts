/**
 * 办理进度 of one case: 受理 → 部门审核 → 结果 → 异议期 → 确认 → 凭证, then the settlement: 落户申请 → 落户审核 → 公示 →
 * 准入通知书 → 已落户 / 已过期 (settlement-progress.ts), with the step the case is at, its date and what the person can
 * do now. The step states come from the case's and the settlement's status and dates; the buttons come ONLY from the
 * views' `actions` (the lifecycle's events the server allows this caller now) and, before a settlement application
 * exists, from the server's answer whether the person may apply — never from a status.
 */
import type { ApplicationStatus, ApplicationView } from '../../../../shared';
import type { ApplicationEvent } from '../../../../shared/lifecycle';
import { pageUrl, type PageName } from '../../../routes';
import { correctionDeadlineText, dateText } from '../../../utils/format';
import {
  SETTLEMENT_STEPS,
  settlementAt,
  settlementButtons,
  settlementDates,
  settledTitle,
  settlementText,
  type SettlementOffer,
  type SettlementProgress,
} from './settlement-progress';

/** The steps of a case, in order. */
export const PROGRESS_STEPS = [
  { key: 'accept', title: '受理' },
  { key: 'review', title: '部门审核' },
  { key: 'result', title: '结果' },
  { key: 'dispute', title: '异议期' },
  { key: 'confirm', title: '确认' },
  { key: 'voucher', title: '凭证' },
  ...SETTLEMENT_STEPS,
] as const;

/** A step's key. */
export type StepKey = (typeof PROGRESS_STEPS)[number]['key'];

/** Where a step stands: done, the one the case is at, not reached, or ended without it (作废). */
export type StepState = 'done' | 'current' | 'todo' | 'stopped';

/** One step as the page shows it (an icon and words for its state, never colour alone). */
export interface StepView {
  key: StepKey;
  title: string;
  state: StepState;
  stateText: string;
  icon: string;
  /** The step's date in words (`2021年10月8日`, `预计 …`, `截止 …`), or ''. */
  date: string;
}

/** A button of what the caller may do now. */
export interface ProgressButton {
  id: string;
  label: string;
  url: string;
}

/** The progress view. */
export interface ProgressView {
  steps: StepView[];
  /** The step the case is at, its date and what the person can do now. */
  now: { key: StepKey; title: string; date: string; text: string };
  buttons: ProgressButton[];
}

/** What the progress reads from a case: the application view, and how many 补正 are asked for. */
export type ProgressCase = Pick<
  ApplicationView,
  'applicationId' | 'status' | 'timeline' | 'actions' | 'correctionWindow' | 'disputeWindow' | 'dispute' | 'confirmedOn'
> & {
  /** How many indicators the departments asked to correct (补正). */
  corrections?: number;
  /** The person's settlement application of the case's round, once there is one. */
  settlement?: SettlementProgress | null;
  /** Before a settlement application exists: whether the server says the person may apply now (confirmed cases). */
  settlementOffer?: SettlementOffer | null;
  /** The round's 积分落户申请 window, when known (dates the 落户申请 step before there is an application). */
  settlementWindow?: { from: string; to: string };
};

const STATE_WORDS: Record<StepState, { text: string; icon: string }> = {
  done: { text: '已完成', icon: 'check-circle-filled' },
  current: { text: '进行中', icon: 'time-filled' },
  todo: { text: '未开始', icon: 'circle' },
  stopped: { text: '已终止', icon: 'close-circle' },
};

/** The step each status is at. */
const CURRENT: Record<ApplicationStatus, StepKey> = {
  draft: 'accept',
  submitted: 'review',
  correction: 'review',
  decided: 'result',
  published: 'dispute',
  disputed: 'dispute',
  confirmed: 'confirm',
  voided: 'confirm',
};

/** The buttons the lifecycle's events lead to (events without a page of their own, such as `attach`, have none). */
const BUTTONS: Partial<Record<ApplicationEvent, { id: string; label: string; page: PageName }>> = {
  save: { id: 'continue', label: '继续填写申请', page: 'apply' },
  submit: { id: 'continue', label: '继续填写申请', page: 'apply' },
  resubmit: { id: 'correct', label: '去补正', page: 'apply' },
  dispute: { id: 'dispute', label: '提出异议', page: 'dispute' },
};

/**
 * The buttons of the caller's allowed events, one per page, in the order the server gave them; then the settlement's
 * (a button without a url, 查看准入通知书, is handled by the page itself).
 */
export function progressButtons(
  c: Pick<ProgressCase, 'applicationId' | 'actions' | 'settlement' | 'settlementOffer'>,
): ProgressButton[] {
  const out: ProgressButton[] = [];
  for (const event of c.actions) {
    const b = BUTTONS[event];
    if (b && !out.some((x) => x.id === b.id))
      out.push({ id: b.id, label: b.label, url: pageUrl(b.page, { applicationId: c.applicationId }) });
  }
  for (const b of settlementButtons(c.settlement ?? null, c.settlementOffer ?? null)) {
    out.push({
      id: b.id,
      label: b.label,
      url: b.toSettle ? pageUrl('settle', { applicationId: c.applicationId }) : '',
    });
  }
  return out;
}

/** The 落户申请 step's date before there is an application: the round's settlement window when known. */
function settleDate(s: ProgressCase['settlementWindow']): string {
  return s ? `积分确认后，${dateText(s.from)}至${dateText(s.to)}申请` : '积分确认后，在积分落户申请受理期内申请';
}

/** The dates of the steps the timeline dates (受理, 部门审核, 结果, 凭证). */
function timelineDates(c: ProgressCase): Pick<Record<StepKey, string>, 'accept' | 'review' | 'result' | 'voucher'> {
  const t = c.timeline;
  if (!t) return { accept: '', review: '', result: '', voucher: '' };
  const published = c.status === 'published' || c.status === 'disputed' || c.status === 'confirmed';
  const reviewed = published || c.status === 'decided';
  return {
    accept: dateText(t.accepted),
    review: `${reviewed ? '' : '预计 '}${dateText(t.resultDate)} 前完成`,
    result: published ? dateText(t.resultDate) : `预计 ${dateText(t.resultDate)}`,
    voucher: `${dateText(t.voucherFrom)} 起`,
  };
}

/** The date shown beside each step: every step with its date, in the one format (done on, expected by, or from it). */
function stepDates(c: ProgressCase): Record<StepKey, string> {
  const t = c.timeline;
  const deadline = c.disputeWindow ? c.disputeWindow.deadline : t ? t.disputeDeadline : '';
  const confirmedOn = c.status === 'confirmed' && c.confirmedOn ? dateText(c.confirmedOn) : '';
  return {
    ...timelineDates(c),
    dispute: deadline ? `截止 ${dateText(deadline)}` : '',
    confirm: confirmedOn || (deadline ? `${dateText(deadline)}后的下一个工作日` : ''),
    ...settlementDates(c.settlement, settleDate(c.settlementWindow)),
  };
}

/** What the person can do now, in words, at the step the case is at. */
function nowText(c: ProgressCase): string {
  const t = c.timeline;
  switch (c.status) {
    case 'draft':
      return c.actions.length
        ? '申请还没有提交：填好申报信息、上传材料后提交，受理后取得回执。'
        : '申请还没有提交，由申请人或代办人填写提交。';
    case 'submitted':
      return t ? `各部门正在审核，${dateText(t.resultDate)}起可查询结果。` : '各部门正在审核。';
    case 'correction':
      return correctionText(c);
    case 'decided':
      return t ? `部门审核已完成，结果将于 ${dateText(t.resultDate)} 公布。` : '部门审核已完成，等待结果公布。';
    case 'published':
      return publishedText(c);
    case 'disputed':
      return disputedText(c);
    case 'confirmed':
      return confirmedText(c);
    case 'voided':
      return '积分已作废，不能再打印凭证或申请落户。';
  }
}

function correctionText(c: ProgressCase): string {
  const when = c.correctionWindow ? `${correctionDeadlineText(c.correctionWindow)}。` : '';
  return c.actions.includes('resubmit')
    ? `有 ${c.corrections ?? 1} 项需要补正：请按要求补充材料后重新提交。${when}`
    : `有需要补正的项目，由申请人或代办人补正后重新提交。${when}`;
}

function disputedText(c: ProgressCase): string {
  const d = c.dispute;
  return d
    ? `异议处理中（${dateText(d.raisedOn)}提出）：${d.statusLabel}，已复核 ${d.decided}/${d.total} 项。复核结果公布后积分即确认。`
    : '异议处理中。';
}

function publishedText(c: ProgressCase): string {
  const t = c.timeline;
  const deadline = c.disputeWindow ? dateText(c.disputeWindow.deadline) : t ? dateText(t.disputeDeadline) : '';
  const w = c.disputeWindow;
  // Whether the window has passed is the server's to say (its clock, its calendar), never the phone's.
  if (w && w.workingDaysLeft === 0) return `异议期已于${deadline}结束，积分将于下一个工作日确认。`;
  const left = w ? `（还剩 ${w.workingDaysLeft} 个工作日）` : '';
  if (c.actions.includes('dispute')) return `结果已公布。如有异议，请在 ${deadline}${left}前提出；逾期视为确认分值。`;
  return `结果已公布。如有异议，须由申请人本人或受托办理“异议”的代办人在 ${deadline}${left}前提出；逾期视为确认分值。`;
}

function confirmedText(c: ProgressCase): string {
  const on = c.confirmedOn ? `（${dateText(c.confirmedOn)}）` : '';
  const how = c.dispute && c.dispute.status === 'decided' ? '复核结果已公布，' : '';
  return `${how}积分已确认${on}。确认的积分用于打印积分有效凭证和申请积分落户。`;
}

/** Where the case stands: the step index, whether that step is finished, and from which step on the road ended. */
function position(c: ProgressCase): { at: number; doneAt: boolean; stoppedFrom: number } {
  const s = c.settlement;
  if (!s) {
    const at = PROGRESS_STEPS.findIndex((x) => x.key === CURRENT[c.status]);
    return { at, doneAt: c.status === 'confirmed', stoppedFrom: c.status === 'voided' ? at : Infinity };
  }
  const where = settlementAt(s);
  const at = PROGRESS_STEPS.findIndex((x) => x.key === where.key);
  // A lapsed notice: the notice step ended too (it was issued, then expired unused).
  const stoppedFrom = where.ended ? (s.status === 'expired' ? at - 1 : at) : Infinity;
  return { at, doneAt: where.done, stoppedFrom };
}

/** The progress of a case: the states from its status and dates, what may be done only from its `actions`. */
export function progressView(c: ProgressCase): ProgressView {
  const { at, doneAt, stoppedFrom } = position(c);
  const dates = stepDates(c);
  const title = (key: StepKey, t: string) => (key === 'settled' ? settledTitle(c.settlement ?? null) : t);
  const steps = PROGRESS_STEPS.map((s, i): StepView => {
    let state: StepState = i < at ? 'done' : i === at ? 'current' : 'todo';
    if (doneAt && i === at) state = 'done';
    if (i >= stoppedFrom) state = 'stopped';
    return {
      key: s.key,
      title: title(s.key, s.title),
      state,
      stateText: STATE_WORDS[state].text,
      icon: STATE_WORDS[state].icon,
      date: dates[s.key],
    };
  });
  const cur = PROGRESS_STEPS[at];
  return {
    steps,
    now: {
      key: cur.key,
      title: title(cur.key, cur.title),
      date: dates[cur.key],
      text: c.settlement ? settlementText(c.settlement) : nowText(c),
    },
    buttons: progressButtons(c),
  };
}
