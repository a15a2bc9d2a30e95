/**
 * 待办 on 积分管理: what each of the caller's cases (their own and those they act for) asks of them now — a 补正 asked
 * for (with its deadline), a result published (dispute until …), a dispute decided, points confirmed — from the
 * application list the server already returns. Main package: types only from shared.
 */
import type { ApplicationSummary, SettlementView } from '../../../shared';
import { pageUrl } from '../../routes';
import { correctionDeadlineText, dateText } from '../../utils/format';

/** What a to-do reads: a line of `application.list` (past the result it carries the dispute window, the dispute and
 * the confirmation day). */
export type TodoSource = Pick<
  ApplicationSummary,
  | 'applicationId'
  | 'status'
  | 'name'
  | 'actingAs'
  | 'resultDate'
  | 'correctionWindow'
  | 'disputeWindow'
  | 'dispute'
  | 'confirmedOn'
>;

/** One to-do. */
export interface TodoView {
  key: string;
  /** A status code for the icon (wxs statusIcon). */
  status: string;
  title: string;
  text: string;
  url: string;
}

/** The to-do of one case, or null when it asks nothing of the caller. */
export function todoOf(a: TodoSource): TodoView | null {
  const who = a.actingAs === 'agent' ? `${a.name}（代办）` : a.name;
  const url = pageUrl('case', { applicationId: a.applicationId });
  const base = { key: a.applicationId, status: a.status, url };
  switch (a.status) {
    case 'correction':
      return {
        ...base,
        // Straight to the material to fix (the apply page opens at it).
        url: pageUrl('apply', { applicationId: a.applicationId }),
        title: `${who}：需要补正`,
        // No separate 补正 deadline exists in the sources: the review (and so the 补正) ends on the result date.
        text: a.correctionWindow
          ? `${correctionDeadlineText(a.correctionWindow)}，请按部门要求补充材料`
          : a.resultDate
            ? `请按部门要求补充材料并重新提交（审核期至 ${dateText(a.resultDate)}）`
            : '请按部门要求补充材料并重新提交',
      };
    case 'published':
      return {
        ...base,
        title: `${who}：积分结果已公布`,
        text: !a.disputeWindow
          ? '请查看核定结果；如有异议，可在结果公布后 7 个工作日内提出'
          : a.disputeWindow.workingDaysLeft > 0
            ? `请查看核定结果；如有异议，可在 ${dateText(a.disputeWindow.deadline)} 前提出（还剩 ${a.disputeWindow.workingDaysLeft} 个工作日）`
            : `异议期已于 ${dateText(a.disputeWindow.deadline)} 结束，积分将于下一个工作日确认`,
      };
    case 'confirmed': {
      const on = a.confirmedOn ? `，${dateText(a.confirmedOn)}` : '';
      return a.dispute && a.dispute.status === 'decided'
        ? { ...base, title: `${who}：异议复核已完成`, text: `复核结果已公布，积分已确认${on}` }
        : { ...base, title: `${who}：积分已确认`, text: `积分已确认${on}，可用于积分有效凭证和积分落户申请` };
    }
    case 'disputed':
      return a.dispute && a.dispute.status === 'returned'
        ? { ...base, title: `${who}：异议需要补充证据`, text: '区积分办要求补充证据，请在异议中补充后重新提交' }
        : null;
    default:
      return null;
  }
}

/** What a settlement to-do reads: the case's settlement application. */
export type SettlementTodoSource = Pick<
  SettlementView,
  'settlementId' | 'status' | 'decisions' | 'admission' | 'removedReason' | 'notice' | 'actions'
>;

function lastReason(s: SettlementTodoSource, event: string): string {
  const d = [...s.decisions].reverse().find((x) => x.event === event);
  return d && d.reason ? `：${d.reason}` : '';
}

type TodoText = { title: string; text: string } | null;

function lineOf(s: SettlementTodoSource): string {
  return s.admission && s.admission.line ? `落户分数线 ${s.admission.line} 分` : '';
}

function untilOf(s: SettlementTodoSource): string {
  return s.notice ? `有效期至 ${dateText(s.notice.validUntil)}，` : '';
}

/** What a settlement application asks of the caller now, by status; null when nothing (under review, settled). */
const SETTLEMENT_STEP_TEXTS: Partial<Record<SettlementTodoSource['status'], (s: SettlementTodoSource) => TodoText>> = {
  draft: (s) =>
    s.actions.includes('submit') ? { title: '落户申请还没有提交', text: '填好拟落户地址、上传材料后提交' } : null,
  correction: (s) => ({
    title: '落户申请需要补正',
    text: `户籍窗口要求补正${lastReason(s, 'returnForCorrection')}，请补正后重新提交`,
  }),
  rejected: (s) => ({ title: '落户申请未通过审核', text: `户籍窗口不予通过${lastReason(s, 'reject')}` }),
  admitted: (s) => ({
    title: '拟准入，正在公示',
    text: lineOf(s) ? `已达到${lineOf(s)}，公示期满后签发准入通知书` : '公示期满后签发准入通知书',
  }),
  notAdmitted: (s) => ({ title: '本年度未准入', text: lineOf(s) ? `未达到${lineOf(s)}` : '本年度未准入' }),
  removed: (s) => ({
    title: '已取消准入',
    text: `公示期间的异议经核实成立${s.removedReason ? `：${s.removedReason}` : ''}`,
  }),
  noticed: (s) => ({ title: '准入通知书已签发', text: `${untilOf(s)}请在有效期内到户籍窗口办理落户` }),
  expired: (s) => ({ title: '准入通知书已过期', text: `${untilOf(s)}未办理落户` }),
};

function settlementTodoText(s: SettlementTodoSource): TodoText {
  const f = SETTLEMENT_STEP_TEXTS[s.status];
  return f ? f(s) : null;
}

/** The to-do of a case's settlement application (it replaces the case's 积分已确认), or null. */
export function settlementTodoOf(a: TodoSource, s: SettlementTodoSource): TodoView | null {
  const who = a.actingAs === 'agent' ? `${a.name}（代办）` : a.name;
  const t = settlementTodoText(s);
  if (!t) return null;
  const url = ['draft', 'correction'].includes(s.status)
    ? pageUrl('settle', { applicationId: a.applicationId })
    : pageUrl('case', { applicationId: a.applicationId });
  return { key: s.settlementId, status: s.status, title: `${who}：${t.title}`, text: t.text, url };
}

/**
 * The to-dos of the caller's cases, in the list's order; a case with a settlement application (`settlements`, by
 * the case's id) shows the settlement's instead of its own.
 */
export function todosOf(
  apps: readonly TodoSource[],
  settlements: Readonly<Record<string, SettlementTodoSource | null>> = {},
): TodoView[] {
  return apps
    .map((a) => {
      const s = settlements[a.applicationId];
      return s ? settlementTodoOf(a, s) : todoOf(a);
    })
    .filter((t): t is TodoView => t !== null);
}
