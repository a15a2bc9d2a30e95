/** 市公安局 (the household-registration window): the reviewer function's settlement actions (subpackage only). */
import type { SettlementQueueRes, SettlementReviewView } from '../../../shared';
import { call, type ReqOf } from '../../services/api';

/** A status the window's queue can be filtered by. */
export type SettlementFilter = ReqOf<'reviewer', 'settlement.queue'>['status'];

/** The round's applications in one status, oldest submission first. */
export async function settlementQueue(status: SettlementFilter, after?: string): Promise<SettlementQueueRes> {
  const req: ReqOf<'reviewer', 'settlement.queue'> = { status, limit: 20 };
  if (after) req.after = after;
  return call('reviewer', 'settlement.queue', req);
}

/** One application with full ID numbers and its materials. */
export async function reviewSettlement(settlementId: string): Promise<SettlementReviewView> {
  return (await call('reviewer', 'settlement.review', { settlementId })).settlement;
}

/** A decision of the window. */
export type SettlementDecisionInput =
  | { event: 'verify'; note?: string }
  | { event: 'return'; reason: string; missing?: string }
  | { event: 'reject'; reason: string }
  | { event: 'settle' };

/** Records a decision; the answer is the application as it now stands. */
export async function decideSettlement(
  settlementId: string,
  d: SettlementDecisionInput,
  requestId: string,
): Promise<SettlementReviewView> {
  const o = { requestId };
  switch (d.event) {
    case 'verify':
      return (
        await call('reviewer', 'settlement.verify', d.note ? { settlementId, note: d.note } : { settlementId }, o)
      ).settlement;
    case 'return': {
      const req: ReqOf<'reviewer', 'settlement.return'> = { settlementId, reason: d.reason };
      if (d.missing) req.missing = d.missing;
      return (await call('reviewer', 'settlement.return', req, o)).settlement;
    }
    case 'reject':
      return (await call('reviewer', 'settlement.reject', { settlementId, reason: d.reason }, o)).settlement;
    case 'settle':
      return (await call('reviewer', 'settlement.settle', { settlementId, permitSurrendered: true }, o)).settlement;
  }
}
