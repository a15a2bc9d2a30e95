/** 区积分办 and 复核: the reviewer function's dispute and re-review actions (subpackage only). */
import type { DisputeQueueRes, DistrictDisputeRes, RecheckDetail, RecheckListRes } from '../../../shared';
import { call, type ReqOf } from '../../services/api';

/** Disputes of the caller's district, open ones first. */
export async function disputeQueue(): Promise<DisputeQueueRes> {
  return call('reviewer', 'dispute.queue', { limit: 50 });
}

/** One dispute of the caller's district, with links to its evidence. */
export async function reviewDispute(disputeId: string): Promise<DistrictDisputeRes['dispute']> {
  return (await call('reviewer', 'dispute.review', { disputeId })).dispute;
}

/** Registers it: one 复核 task per disputed indicator goes to its department. */
export async function registerDispute(disputeId: string, requestId: string): Promise<DistrictDisputeRes['dispute']> {
  return (await call('reviewer', 'dispute.register', { disputeId }, { requestId })).dispute;
}

/** Returns it to the applicant for more evidence (once per dispute). */
export async function askEvidence(
  disputeId: string,
  missing: string,
  requestId: string,
): Promise<DistrictDisputeRes['dispute']> {
  return (await call('reviewer', 'dispute.askEvidence', { disputeId, missing }, { requestId })).dispute;
}

/** The department's pending (or all) 复核 tasks. */
export async function listRechecks(status?: 'pending' | 'upheld' | 'revised'): Promise<RecheckListRes> {
  const req: ReqOf<'reviewer', 'recheck.list'> = { limit: 50 };
  if (status) req.status = status;
  return call('reviewer', 'recheck.list', req);
}

/** One 复核 task. */
export async function getRecheck(recheckId: string): Promise<RecheckDetail> {
  return (await call('reviewer', 'recheck.get', { recheckId })).recheck;
}

/** A 复核 decision as sent. */
export type RecheckDecision = ReqOf<'reviewer', 'recheck.decide'>;

/** Upholds, or revises with the re-verified facts; both with a reason. */
export async function decideRecheck(d: RecheckDecision, requestId: string): Promise<RecheckDetail> {
  return (await call('reviewer', 'recheck.decide', d, { requestId })).recheck;
}
