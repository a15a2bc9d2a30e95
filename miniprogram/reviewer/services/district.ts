/** 区积分受理点: the reviewer function's verification of entrustments of the caller's district (subpackage only). */
import type { DistrictEntrustmentRes, DistrictQueueRes } from '../../../shared';
import { call } from '../../services/api';

/** Entrustments awaiting the caller's district acceptance point, oldest first. */
export async function districtQueue(): Promise<DistrictQueueRes> {
  return call('reviewer', 'entrustment.queue', {});
}

/** One entrustment with short-lived links to its letter / proof. */
export async function reviewEntrustment(entrustmentId: string): Promise<DistrictEntrustmentRes['entrustment']> {
  return (await call('reviewer', 'entrustment.review', { entrustmentId })).entrustment;
}

/** Activates it: the letter / proof and both ID cards were checked. */
export async function verifyEntrustment(
  entrustmentId: string,
  requestId: string,
): Promise<DistrictEntrustmentRes['entrustment']> {
  return (await call('reviewer', 'entrustment.verify', { entrustmentId, checked: true }, { requestId })).entrustment;
}

/** Refuses it with the reason the agent and the principal see. */
export async function rejectEntrustment(
  entrustmentId: string,
  reason: string,
  requestId: string,
): Promise<DistrictEntrustmentRes['entrustment']> {
  return (await call('reviewer', 'entrustment.reject', { entrustmentId, reason }, { requestId })).entrustment;
}
