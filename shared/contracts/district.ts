/**
 * 区积分受理点: the reviewer function's district actions — the queue of entrustments awaiting the caller's district,
 * one entrustment with links to its letter / proof, and its verification or rejection.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { ISODate } from '../dates';
import type { EntrustmentScope } from '../application/delegation';
import type { DistrictCode } from '../application/districts';
import type { EntrustmentStatus } from '../application/status';
import type { EntrustmentKind } from '../application/kinds';
import { recordId as id } from './ids';
import type { MaterialView } from './materials';

/** An entrustment as the district acceptance point checks it (full ID numbers: it compares them with the cards). */
export interface DistrictEntrustmentView {
  entrustmentId: string;
  kind: EntrustmentKind;
  status: EntrustmentStatus;
  statusLabel: string;
  district: DistrictCode;
  districtName: string;
  principal: { name: string; idNumber: string; birthDate: ISODate | null; ageToday: number | null };
  agent: { name: string; idNumber: string };
  employer?: { uscc: string; name: string };
  relationship?: string;
  reason?: string;
  scope: EntrustmentScope[];
  createdAt: string;
  validUntil?: ISODate;
  materials: MaterialView[];
  /** For a minor: why the age on the ID number does not allow it (null when it does). */
  ageProblem: string | null;
}
/** `entrustment.queue`: entrustments awaiting the caller's district acceptance point, oldest first. */
export const DistrictQueueReq = z.strictObject({});
/** Response of `entrustment.queue`. */
export interface DistrictQueueRes {
  district: DistrictCode;
  districtName: string;
  entrustments: DistrictEntrustmentView[];
}
/** `entrustment.review`: one entrustment of the caller's district, with short-lived links to its letter / proof. */
export const DistrictGetReq = z.strictObject({ entrustmentId: id });
/** Response of `entrustment.review` / `entrustment.verify` / `entrustment.reject`. */
export interface DistrictEntrustmentRes {
  entrustment: DistrictEntrustmentView & { links: { materialId: string; url: string; expiresAt: string }[] };
}
/** `entrustment.verify` (mutation): the letter / proof and both IDs were checked; the entrustment comes into force. */
export const DistrictVerifyReq = z.strictObject({
  entrustmentId: id,
  /** The reviewer states that both ID cards and the letter / relationship proof were checked. */
  checked: z.literal(true, { error: '请先核对双方身份证件和委托书（关系证明）' }),
});
/** `entrustment.reject` (mutation): not verified, with the reason the agent and the principal see. */
export const DistrictRejectReq = z.strictObject({
  entrustmentId: id,
  reason: checked(z.string(), z.trim(), z.minLength(1, '请说明不予核验的原因'), z.maxLength(200, '原因不超过 200 字')),
});
