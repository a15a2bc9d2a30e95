/**
 * The result of an application (积分查询): the engine over the verified facts, line by line beside what was
 * declared, with each reviewer's decision and note. Points always come from the engine; no reviewer types a number.
 */
import type { PolicyVersion } from '../policy/schema';
import type { Profile } from '../profile/schema';
import { score } from '../engine/score';
import { applyDecisions, type FactDecision } from '../engine/claims';
import type { ScoreSheet, ScoringRound, Verdict } from '../engine/types';
import { TASK_STATUSES, type TaskStatus } from './status';

/** A decided review task as the result needs it. */
export interface DecidedTask {
  indicatorId: string;
  status: TaskStatus;
  /** Verified facts when `corrected`. */
  facts?: unknown[];
  note?: string;
}

/** One indicator, declared vs verified. */
export interface ResultLineData {
  id: string;
  name: string;
  declaredPoints: string;
  verifiedPoints: string;
  decision: TaskStatus | null;
  decisionLabel: string | null;
  note?: string;
}

/** The computed result of a case. */
export interface CaseResult {
  sheet: ScoreSheet;
  /** The declared total, for reference (the lines carry the declared points; the declared sheet is not kept). */
  declaredTotal: string;
  lines: ResultLineData[];
  total: string;
  /** The verdict over the verified facts, the veto first (the sheet's). */
  verdict: Verdict;
  /** Reaches the qualifying score and is not vetoed: a vetoed case is never "reaching 100". */
  reachesQualifying: boolean;
}

/** Maps a task's status to the engine's decision on its facts (pending/returned keep the declared facts). */
export function factDecisionOf(task: DecidedTask): FactDecision | null {
  if (task.status === 'confirmed') return { kind: 'confirm' };
  if (task.status === 'rejected') return { kind: 'reject' };
  if (task.status === 'corrected') return { kind: 'correct', facts: task.facts ?? [] };
  return null;
}

/**
 * Computes the verified result. Throws when a stored correction no longer forms a valid profile (the reviewer
 * function validates corrections with the same rule before saving them, so this means corrupted data).
 */
export function computeResult(
  declared: Profile,
  policy: PolicyVersion,
  round: ScoringRound,
  tasks: readonly DecidedTask[],
): CaseResult {
  const decisions = new Map<string, FactDecision>();
  for (const t of tasks) {
    const d = factDecisionOf(t);
    if (d) decisions.set(t.indicatorId, d);
  }
  const verified = applyDecisions(declared, policy, decisions);
  if (!verified.ok) throw new Error(`verified facts invalid: ${verified.message}`);
  const declaredSheet = score(declared, policy, round);
  const sheet = score(verified.profile, policy, round);
  const byId = new Map(tasks.map((t) => [t.indicatorId, t]));
  const lines: ResultLineData[] = sheet.lines.map((l, k) => {
    const t = byId.get(l.id);
    const line: ResultLineData = {
      id: l.id,
      name: l.name,
      declaredPoints: declaredSheet.lines[k].points,
      verifiedPoints: l.points,
      decision: t ? t.status : null,
      decisionLabel: t ? TASK_STATUSES[t.status] : null,
    };
    if (t?.note) line.note = t.note;
    return line;
  });
  return {
    sheet,
    declaredTotal: declaredSheet.total,
    lines,
    total: sheet.total,
    verdict: sheet.verdict,
    reachesQualifying: sheet.reachesQualifying,
  };
}
