/**
 * 委托申请: the applicant function's entrustment actions (the agent creates, the principal confirms, extends or
 * revokes; both list) and the trail of what others did with the caller's data.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import type { ISODate } from '../dates';
import { EntrustmentInputSchema, type EntrustmentScope, type EntrustmentVerifier } from '../application/delegation';
import type { DistrictCode } from '../application/districts';
import type { ApplicationStatus, EntrustmentStatus } from '../application/status';
import type { EntrustmentKind, TrailActor } from '../application/kinds';
import { recordId as id } from './ids';
import type { MaterialView } from './materials';
import type { EntrustmentEvent } from '../lifecycle/lifecycle';

/** An entrustment as the agent or the principal sees it (ID numbers masked). */
export interface EntrustmentView {
  entrustmentId: string;
  kind: EntrustmentKind;
  status: EntrustmentStatus;
  statusLabel: string;
  principal: { name: string; idNumberMasked: string };
  agent: { name: string; idNumberMasked: string };
  employer?: { uscc: string; name: string };
  relationship?: string;
  reason?: string;
  scope: EntrustmentScope[];
  /** The district acceptance point that verifies it (the principal's residence-permit district). */
  district: DistrictCode;
  districtName: string;
  /** Who verifies it: the principal in their own account, or the district acceptance point. */
  verifyBy: EntrustmentVerifier;
  /** The signed letter / relationship proof. */
  materials: MaterialView[];
  confirmedByPrincipal: boolean;
  createdAt: string;
  /** When it came into force (the principal's confirmation or the acceptance point's check). */
  verifiedAt?: string;
  /** Why the acceptance point did not verify it. */
  rejectedReason?: string;
  /** Last day it is valid (inclusive), when limited. */
  validUntil?: ISODate;
  /** For its principal: the applications filed under it (or extended to it). */
  applicationIds?: string[];
  revokedAt?: string;
  /** For the agent's list: the principal's case status in the open round. */
  caseStatus?: { applicationId: string; status: ApplicationStatus; statusLabel: string } | null;
  /** What the caller (principal or agent) may do now: confirm, revoke, extend. */
  actions: EntrustmentEvent[];
}
/** `entrustment.create` (mutation): the caller is the agent. */
export const EntrustmentCreateReq = EntrustmentInputSchema;
/** Response of create/confirm/revoke. */
export interface EntrustmentRes {
  entrustment: EntrustmentView;
}
/** `entrustment.list`: as agent (people I act for) and as principal (entrustments naming me). */
export const EntrustmentListReq = z.strictObject({});
/** Response of `entrustment.list`. */
export interface EntrustmentListRes {
  asAgent: EntrustmentView[];
  asPrincipal: EntrustmentView[];
}
/** `entrustment.confirm` / `entrustment.revoke` (mutations). */
export const EntrustmentIdReq = z.strictObject({ entrustmentId: id });
/**
 * `entrustment.extend` (mutation, the principal only): puts one of the principal's own applications under an
 * entrustment, so its agent may act on it within the scope. Nothing of the principal's own filings is shared otherwise.
 */
export const EntrustmentExtendReq = z.strictObject({ entrustmentId: id, applicationId: id });

/** `access.trail`: every read and write others (agents, reviewers, administrators) made of the caller's data. */
export const AccessTrailReq = z.strictObject({});
/** One access of someone else to the caller's data. */
export interface AccessTrailEntry {
  at: string;
  /** The action, e.g. `application.get`. */
  action: string;
  /** Whether it read or changed the data. */
  kind: 'read' | 'write';
  actor: Exclude<TrailActor, 'self'>;
  /** Who, as the principal knows them: the agent's name and employer, or the reviewing office. */
  actorLabel: string;
  /** The case or entrustment it concerned. */
  applicationId?: string;
  entrustmentId?: string;
  result: string;
}
/** Response of `access.trail`, newest first. */
export interface AccessTrailRes {
  entries: AccessTrailEntry[];
}
