/**
 * 提出异议, the form as the page shows it: the lines of the published result to choose from, a reason for each chosen
 * line (plain text with a length counter), its evidence, and the confirmation summary ("提交后不能再次提出异议", the
 * deadline and the working days left). Pure: the controller keeps the state and calls the server.
 */
import type { MaterialView, ResultLine } from '../../../../shared';
import { dateText } from '../../../utils/format';

/** The longest reason the form takes (the server checks again with the shared schema). */
export const REASON_MAX = 500;

/** What the person has entered so far. */
export interface DisputeDraft {
  /** Chosen indicator ids, in the result's order once shown. */
  chosen: string[];
  /** Reason per indicator id (as typed). */
  reasons: Record<string, string>;
  /** Evidence uploaded per indicator id. */
  evidence: Record<string, MaterialView[]>;
}

/** An empty draft. */
export const EMPTY_DRAFT: DisputeDraft = { chosen: [], reasons: {}, evidence: {} };

/** One line of the result in the form. */
export interface DisputeLineView {
  id: string;
  head: string;
  /** `核定 58 分（申报 60 分）`. */
  points: string;
  chosen: boolean;
  reason: string;
  /** `12/500`. */
  counter: string;
  /** What is wrong with the reason, once checked, or ''. */
  error: string;
  files: { materialId: string; fileName: string }[];
}

/** Why a chosen line's reason cannot be sent, or ''. */
export function reasonProblem(reason: string | undefined): string {
  const r = (reason ?? '').trim();
  if (!r) return '请写明对这一项有异议的理由';
  if ([...r].length > REASON_MAX) return `理由不超过 ${REASON_MAX} 字`;
  return '';
}

/** The lines of the result a dispute can name: those claimed or scoring (the ones the result page shows). */
export function disputableLines(lines: readonly ResultLine[]): ResultLine[] {
  return lines.filter((l) => l.decision !== null || l.declaredPoints !== '0' || l.verifiedPoints !== '0');
}

/** The form's lines; `checked` shows each chosen line's reason problem. */
export function formLines(lines: readonly ResultLine[], d: DisputeDraft, checked: boolean): DisputeLineView[] {
  return disputableLines(lines).map((l) => {
    const reason = d.reasons[l.id] ?? '';
    const chosen = d.chosen.includes(l.id);
    return {
      id: l.id,
      // The indicator's name only: its code (B2) means nothing to an applicant.
      head: l.name,
      points:
        l.declaredPoints === l.verifiedPoints
          ? `核定 ${l.verifiedPoints} 分`
          : `核定 ${l.verifiedPoints} 分（申报 ${l.declaredPoints} 分）`,
      chosen,
      reason,
      counter: `${[...reason.trim()].length}/${REASON_MAX}`,
      error: chosen && checked ? reasonProblem(reason) : '',
      files: (d.evidence[l.id] ?? []).map((m) => ({ materialId: m.materialId, fileName: m.fileName })),
    };
  });
}

/** Why the draft cannot go to the confirmation, or ''. */
export function draftProblem(lines: readonly ResultLine[], d: DisputeDraft): string {
  const ids = new Set(disputableLines(lines).map((l) => l.id));
  const chosen = d.chosen.filter((id) => ids.has(id));
  if (!chosen.length) return '请至少选择一项有异议的指标';
  return chosen.some((id) => reasonProblem(d.reasons[id])) ? '请为每一项有异议的指标写明理由' : '';
}

/** The confirmation summary. */
export interface ConfirmView {
  lines: { id: string; head: string; reason: string; evidence: string }[];
  /** `异议截止 2021年11月16日，还剩 3 个工作日`. */
  deadline: string;
  warning: string;
}

/** The summary shown before sending. */
export function confirmView(
  lines: readonly ResultLine[],
  d: DisputeDraft,
  deadline: string,
  daysLeft: number | null,
): ConfirmView {
  const left = daysLeft === null ? '' : `，还剩 ${daysLeft} 个工作日`;
  return {
    lines: formLines(lines, d, false)
      .filter((l) => l.chosen)
      .map((l) => ({
        id: l.id,
        head: l.head,
        reason: l.reason.trim(),
        evidence: l.files.length
          ? `证据 ${l.files.length} 份：${l.files.map((f) => f.fileName).join('、')}`
          : '未附证据',
      })),
    deadline: deadline ? `异议截止 ${dateText(deadline)}${left}` : '',
    warning: '提交后不能再次提出异议。复核结果公布后积分即确认。',
  };
}

/** Chooses or un-chooses a line (keeping what was typed for it). */
export function toggleLine(d: DisputeDraft, id: string): DisputeDraft {
  const chosen = d.chosen.includes(id) ? d.chosen.filter((x) => x !== id) : [...d.chosen, id];
  return { ...d, chosen };
}

/** The items the server receives: chosen lines with their trimmed reasons and evidence ids, in the result's order. */
export function disputeItems(
  lines: readonly ResultLine[],
  d: DisputeDraft,
): { indicatorId: string; reason: string; materialIds: string[] }[] {
  return disputableLines(lines)
    .filter((l) => d.chosen.includes(l.id))
    .map((l) => ({
      indicatorId: l.id,
      reason: (d.reasons[l.id] ?? '').trim(),
      materialIds: (d.evidence[l.id] ?? []).map((m) => m.materialId),
    }));
}
