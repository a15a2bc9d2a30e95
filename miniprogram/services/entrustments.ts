/** 委托申请: entrustments as agent and as principal (applicant function, `entrustment.*`). */
import type { EntrustmentListRes, EntrustmentView } from '../../shared';
import { call, type ReqOf } from './api';

/** What `entrustment.create` sends (employer or relative). */
export type EntrustmentInput = ReqOf<'applicant', 'entrustment.create'>;

/** Creates an entrustment; the caller is the agent. */
export async function createEntrustment(input: EntrustmentInput, requestId: string): Promise<EntrustmentView> {
  return (await call('applicant', 'entrustment.create', input, { requestId })).entrustment;
}

/** Entrustments the caller holds (asAgent) and those naming the caller (asPrincipal). */
export async function listEntrustments(): Promise<EntrustmentListRes> {
  return call('applicant', 'entrustment.list', {});
}

/** The principal confirms. */
export async function confirmEntrustment(entrustmentId: string, requestId: string): Promise<EntrustmentView> {
  return (await call('applicant', 'entrustment.confirm', { entrustmentId }, { requestId })).entrustment;
}

/** Either side revokes. */
export async function revokeEntrustment(entrustmentId: string, requestId: string): Promise<EntrustmentView> {
  return (await call('applicant', 'entrustment.revoke', { entrustmentId }, { requestId })).entrustment;
}
