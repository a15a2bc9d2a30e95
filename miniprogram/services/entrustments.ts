/** 委托申请: entrustments as agent and as principal (applicant function, `entrustment.*`). */
import type { AccessTrailRes, EntrustmentListRes, EntrustmentView } from '../../shared';
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

/** The principal puts one of their own applications under an entrustment (its agent may then act on it). */
export async function extendEntrustment(
  entrustmentId: string,
  applicationId: string,
  requestId: string,
): Promise<EntrustmentView> {
  return (await call('applicant', 'entrustment.extend', { entrustmentId, applicationId }, { requestId })).entrustment;
}

/** Every read and write others (agents, reviewers, administrators) made of the caller's data, newest first. */
export async function accessTrail(): Promise<AccessTrailRes> {
  return call('applicant', 'access.trail', {});
}
