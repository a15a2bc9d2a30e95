/** 积分落户申请: the applicant function's settlement actions and the 准入通知书 (points subpackage only). */
import type { SettlementChecklistRes, SettlementEligibilityRes, SettlementView } from '../../../shared';
import { call, type ReqOf } from '../../services/api';

/** What the settlement form sends (the case's id is added here). */
export type SettlementDraft = Omit<ReqOf<'applicant', 'settlement.save'>, 'applicationId'>;

/** The conditions of settling, checked by the server when the page opens. */
export async function settlementEligibility(applicationId: string): Promise<SettlementEligibilityRes> {
  return call('applicant', 'settlement.eligibility', { applicationId });
}

/** The materials a proof of address (and the family members moving too) needs, from the policy data. */
export async function settlementChecklist(
  applicationId: string,
  proofKind: string | null,
  members: ('spouse' | 'child')[],
): Promise<SettlementChecklistRes> {
  const req: ReqOf<'applicant', 'settlement.checklist'> = { applicationId, members };
  if (proofKind) req.proofKind = proofKind;
  return call('applicant', 'settlement.checklist', req);
}

/** The person's settlement application of the case's round, or null. */
export async function getSettlement(applicationId: string): Promise<SettlementView | null> {
  return (await call('applicant', 'settlement.get', { applicationId })).settlement;
}

/** Saves the draft (or, during 补正, the returned application). */
export async function saveSettlement(
  applicationId: string,
  draft: SettlementDraft,
  requestId: string,
): Promise<SettlementView | null> {
  return (await call('applicant', 'settlement.save', { applicationId, ...draft }, { requestId })).settlement;
}

/** Submits it: the server checks every condition and material again and numbers the receipt. */
export async function submitSettlement(
  applicationId: string,
  requestId: string,
  subscribed: 'settlement'[] = [],
): Promise<SettlementView | null> {
  return (await call('applicant', 'settlement.submit', { applicationId, subscribed }, { requestId })).settlement;
}

/** Sends it back to the household-registration window after 补正. */
export async function resubmitSettlement(
  applicationId: string,
  requestId: string,
  subscribed: 'settlement'[] = [],
): Promise<SettlementView | null> {
  return (await call('applicant', 'settlement.resubmit', { applicationId, subscribed }, { requestId })).settlement;
}
