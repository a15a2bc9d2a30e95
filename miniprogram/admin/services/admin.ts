/**
 * 管理工作台: the admin function's actions the administrator's pages use (subpackage only). The admin function refuses
 * every caller without the admin role; the pages show that refusal as it comes.
 */
import type {
  LinePreviewRes,
  LinePublishRes,
  LineRes,
  ObjectionListRes,
  ObjectionResolveRes,
  OverdueRes,
  RecheckLimitRes,
  Round,
  TieRule,
} from '../../../shared';
import { call } from '../../services/api';

/** Every round the system knows (built in, generated or set by an administrator), oldest first. */
export async function listRounds(): Promise<Round[]> {
  return (await call('admin', 'round.list', {})).rounds;
}

/** Saves one round as the administrator set it (the server checks its dates against the others). */
export async function putRound(round: Round, requestId: string): Promise<Round> {
  return (await call('admin', 'round.put', { round }, { requestId })).round;
}

/** Cases past their result date with undecided tasks, and 复核 tasks past their limit. */
export async function overdueCases(): Promise<OverdueRes> {
  return call('admin', 'case.overdue', { limit: 100 });
}

/** Sets how many working days a department has for a 复核 task. */
export async function setRecheckLimit(workingDays: number, requestId: string): Promise<RecheckLimitRes> {
  return call('admin', 'recheck.limit', { workingDays }, { requestId });
}

/** A round's settlement line as administrators see it: quota, tie rule, publicity length, what may be done. */
export async function getLine(roundId: string): Promise<LineRes> {
  return call('admin', 'settlement.line.get', { roundId });
}

/** Sets the round's quota (and the tie rule at the line). */
export async function setQuota(roundId: string, quota: number, tieRule: TieRule, requestId: string): Promise<LineRes> {
  return call('admin', 'settlement.quota.set', { roundId, quota, tieRule }, { requestId });
}

/** Sets the round's publicity length in working days. */
export async function setPublicityDays(roundId: string, workingDays: number, requestId: string): Promise<LineRes> {
  return call('admin', 'settlement.publicity.set', { roundId, workingDays }, { requestId });
}

/** A page of a round's publicity objections (open ones, or all). */
export async function listObjections(
  roundId: string,
  status?: 'open' | 'upheld' | 'dismissed',
): Promise<ObjectionListRes> {
  return call('admin', 'objection.list', status ? { roundId, status, limit: 50 } : { roundId, limit: 50 });
}

/** The ranking a quota implies, before publishing (nothing is written). */
export async function previewLine(roundId: string, quota?: number): Promise<LinePreviewRes> {
  return call('admin', 'settlement.line.preview', quota === undefined ? { roundId } : { roundId, quota });
}

/**
 * Publishes the line — final for the round — and goes on until the admitted list is written (a run may stop at its
 * time budget; the line is already final then, and calling again continues).
 */
export async function publishLine(roundId: string, maxRuns = 20): Promise<LinePublishRes> {
  let res = await call('admin', 'settlement.line.publish', { roundId });
  for (let i = 1; !res.done && i < maxRuns; i++) res = await call('admin', 'settlement.line.publish', { roundId });
  return res;
}

/** Resolves an objection: upheld (the person leaves the list and is told why) or dismissed, with the reason. */
export async function resolveObjection(
  objectionId: string,
  outcome: 'uphold' | 'dismiss',
  reason: string,
  requestId: string,
): Promise<ObjectionResolveRes> {
  return call('admin', 'objection.resolve', { objectionId, outcome, reason }, { requestId });
}
