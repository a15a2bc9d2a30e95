/** 异议: the applicant function's dispute actions (points subpackage only). */
import type { DisputeRes } from '../../../shared';
import { call, type ReqOf } from '../../services/api';

/** The case's dispute window and its dispute (null when none was raised). */
export async function getDispute(applicationId: string): Promise<DisputeRes> {
  return call('applicant', 'dispute.get', { applicationId });
}

/** What `dispute.raise` sends. */
export type DisputeRaise = ReqOf<'applicant', 'dispute.raise'>;

/** Raises the case's one dispute. */
export async function raiseDispute(req: DisputeRaise, requestId: string): Promise<DisputeRes> {
  return call('applicant', 'dispute.raise', req, { requestId });
}

/** After the district office asked for evidence: the added evidence per line. */
export async function resubmitDispute(
  req: ReqOf<'applicant', 'dispute.resubmit'>,
  requestId: string,
): Promise<DisputeRes> {
  return call('applicant', 'dispute.resubmit', req, { requestId });
}
