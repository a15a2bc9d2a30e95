/**
 * 待办 on 积分管理: what each of the caller's cases (their own and those they act for) asks of them now — a 补正 asked
 * for (with its deadline), a result published (dispute until …), a dispute decided, points confirmed — from the
 * application list the server already returns. Main package: types only from shared.
 */
import type { ApplicationSummary } from '../../../shared';
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

/** The to-dos of the caller's cases, in the list's order. */
export function todosOf(apps: readonly TodoSource[]): TodoView[] {
  return apps.map(todoOf).filter((t): t is TodoView => t !== null);
}
