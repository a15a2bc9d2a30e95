/**
 * 管理工作台: the admin function's actions the administrator's pages use (subpackage only). The admin function refuses
 * every caller without the admin role; the pages show that refusal as it comes.
 */
import type { OverdueRes, RecheckLimitRes, Round } from '../../../shared';
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
