/**
 * Every cloud function's action map, composed once here and used by both sides: the server serves exactly these
 * actions (cloudfunctions/<fn>/handlers.ts, a missing handler is a type error) and the mini program's typed client
 * derives its requests, responses and request-id rule from them (miniprogram/services/api.ts).
 *
 * Each action declares its request schema, its effect (`mutation`: query, transactional mutation or bulk run) and who
 * may call it (`access`, see access.ts), which the runtime enforces before the handler runs.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import type { ISODate } from '../dates';
import type { PolicyVersion } from '../policy/schema';
import type { Round } from '../rounds';
import type { Access } from './access';
import type { ApiOf } from './envelope';
import { RoundCurrentReq, SimulateReq, type RoundCurrentRes, type SimulateRes } from './scoring';
import {
  DraftGetReq,
  DraftListReq,
  DraftRemoveReq,
  DraftSaveReq,
  type DraftGetRes,
  type DraftListRes,
  type DraftRemoveRes,
  type DraftSaveRes,
} from './drafts';
import {
  IdentityBindReq,
  IdentityGetReq,
  PrivacyAcceptReq,
  PrivacyStatusReq,
  type IdentityRes,
  type PrivacyStatusRes,
} from './privacy-identity';
import {
  ApplicationGetReq,
  ApplicationListReq,
  ApplicationEligibilityReq,
  ApplicationSaveReq,
  ApplicationSubmitReq,
  CaseAuditReq,
  ResultGetReq,
  type ApplicationListRes,
  type ApplicationEligibilityRes,
  type ApplicationRes,
  type CaseAuditRes,
  type ResultRes,
} from './applications';
import {
  MATERIAL_NOT_FOUND,
  MaterialAttachReq,
  MaterialLinkReq,
  MaterialRemoveReq,
  MaterialTicketReq,
  type MaterialAttachRes,
  type MaterialLinkRes,
  type MaterialTicketRes,
} from './materials';
import {
  AccessTrailReq,
  EntrustmentCreateReq,
  EntrustmentExtendReq,
  EntrustmentIdReq,
  EntrustmentListReq,
  type AccessTrailRes,
  type EntrustmentListRes,
  type EntrustmentRes,
} from './entrustments';
import {
  ReviewerMaterialLinkReq,
  TaskCaseReq,
  TaskDecideReq,
  TaskGetReq,
  TaskListReq,
  WhoamiReq,
  type TaskCaseRes,
  type TaskListRes,
  type TaskRes,
  type WhoamiRes,
} from './review';
import {
  DistrictGetReq,
  DistrictQueueReq,
  DistrictRejectReq,
  DistrictVerifyReq,
  type DistrictEntrustmentRes,
  type DistrictQueueRes,
} from './district';
import {
  FraudAddReq,
  HolidayPutReq,
  OverdueReq,
  PolicyPublishReq,
  RoleReq,
  RoundPutReq,
  type OverdueRes,
  type RoleLine,
} from './admin';
import { PublishReq, type PublishRes } from './scheduler';
import {
  VoucherChecksReq,
  VoucherIssueReq,
  VoucherVerifyReq,
  type VoucherChecksRes,
  type VoucherIssueRes,
  type VoucherVerifyRes,
} from './documents';
import {
  DisputeAskEvidenceReq,
  DisputeGetReq,
  DisputeQueueReq,
  DisputeRaiseReq,
  DisputeRegisterReq,
  DisputeResubmitReq,
  DisputeReviewReq,
  RecheckDecideReq,
  RecheckGetReq,
  RecheckLimitReq,
  RecheckListReq,
  type DisputeQueueRes,
  type DisputeRes,
  type DistrictDisputeRes,
  type RecheckLimitRes,
  type RecheckListRes,
  type RecheckRes,
} from './disputes';
import {
  PUBLICITY_ACTIONS,
  SETTLEMENT_LINE_ACTIONS,
  type PublicityResponses,
  type SettlementLineResponses,
} from './settlement-line';
import {
  SettlementChecklistReq,
  SettlementEligibilityReq,
  SettlementGetReq,
  SettlementQueueReq,
  SettlementRejectReq,
  SettlementResubmitReq,
  SettlementReturnReq,
  SettlementReviewReq,
  SettlementSaveReq,
  SettlementSettleReq,
  SettlementSubmitReq,
  SettlementVerifyReq,
  type SettlementChecklistRes,
  type SettlementEligibilityRes,
  type SettlementQueueRes,
  type SettlementRes,
  type SettlementReviewRes,
} from './settlement';
import { NoticeGetReq, type NoticeGetRes } from './documents';

// Access kinds, named once (see access.ts).
const applicant = { kind: 'applicant' } as const satisfies Access;
const withPrivacy = { kind: 'applicant', privacy: true } as const satisfies Access;
const applying = { kind: 'applicant', scope: 'apply', privacy: true } as const satisfies Access;
const querying = { kind: 'applicant', scope: 'query' } as const satisfies Access;
const disputing = { kind: 'applicant', scope: 'dispute', privacy: true } as const satisfies Access;
const department = { kind: 'reviewer', of: 'department' } as const satisfies Access;
const district = { kind: 'reviewer', of: 'district' } as const satisfies Access;
const admin = { kind: 'admin' } as const satisfies Access;

/**
 * One action map made of several (`{ ...a, ...b }`, with the same keys and values). A call marked pure rather than a
 * spread: a bundler cannot tell that spreading runs no getter, so it kept every map composed by spreading in every
 * function's bundle — and with each map all of its request schemas, built at each cold start.
 */
function joinActions<A extends object, B extends object>(a: A, b: B): A & B;
function joinActions<A extends object, B extends object, C extends object>(a: A, b: B, c: C): A & B & C;
function joinActions(...maps: object[]): object {
  return Object.assign({}, ...maps);
}

// ───────────────────────── applicant ─────────────────────────

/** 测算: the open round, scoring and the caller's drafts. */
export const SCORING_ACTIONS = {
  'round.current': { req: RoundCurrentReq, mutation: false, access: applicant },
  simulate: { req: SimulateReq, mutation: false, access: applicant },
  'draft.save': { req: DraftSaveReq, mutation: true, access: withPrivacy },
  'draft.list': { req: DraftListReq, mutation: false, access: applicant },
  'draft.get': { req: DraftGetReq, mutation: false, access: applicant },
  'draft.remove': { req: DraftRemoveReq, mutation: true, access: applicant },
} as const;

/**
 * The case actions of the applicant function (privacy, identity, applications, materials, delegation). Privacy
 * acceptance is required before anything that records the caller's or someone else's personal data.
 */
export const CASE_ACTIONS = {
  'privacy.status': { req: PrivacyStatusReq, mutation: false, access: applicant },
  'privacy.accept': { req: PrivacyAcceptReq, mutation: true, access: applicant },
  'identity.get': { req: IdentityGetReq, mutation: false, access: applicant },
  'identity.bind': { req: IdentityBindReq, mutation: true, access: withPrivacy },
  'application.save': { req: ApplicationSaveReq, mutation: true, access: applying },
  'application.get': { req: ApplicationGetReq, mutation: false, access: applicant },
  'application.list': { req: ApplicationListReq, mutation: false, access: applicant },
  'application.eligibility': { req: ApplicationEligibilityReq, mutation: false, access: applicant },
  'material.ticket': { req: MaterialTicketReq, mutation: true, access: applying },
  'material.attach': { req: MaterialAttachReq, mutation: true, access: applying },
  'material.remove': { req: MaterialRemoveReq, mutation: true, access: { kind: 'applicant', scope: 'apply' } },
  'material.link': { req: MaterialLinkReq, mutation: false, access: applicant },
  'application.submit': { req: ApplicationSubmitReq, mutation: true, access: applying },
  'result.get': { req: ResultGetReq, mutation: false, access: querying },
  'case.audit': { req: CaseAuditReq, mutation: false, access: querying },
  'entrustment.create': { req: EntrustmentCreateReq, mutation: true, access: withPrivacy },
  'entrustment.list': { req: EntrustmentListReq, mutation: false, access: applicant },
  'entrustment.confirm': { req: EntrustmentIdReq, mutation: true, access: withPrivacy },
  'entrustment.revoke': { req: EntrustmentIdReq, mutation: true, access: applicant },
  'entrustment.extend': { req: EntrustmentExtendReq, mutation: true, access: withPrivacy },
  'access.trail': { req: AccessTrailReq, mutation: false, access: applicant },
} as const;

/** 异议: the applicant function's dispute actions (evidence goes through material.ticket/attach `{ disputeOf }`). */
export const DISPUTE_ACTIONS = {
  'dispute.raise': { req: DisputeRaiseReq, mutation: true, access: disputing },
  'dispute.get': { req: DisputeGetReq, mutation: false, access: querying },
  'dispute.resubmit': { req: DisputeResubmitReq, mutation: true, access: disputing },
} as const;

/**
 * 积分落户申请: the applicant function's settlement actions, for the person or an agent whose verified entrustment has
 * the `settlement` scope (materials go through material.ticket/attach with the settlement id and a `settlement:` key).
 */
const settling = { kind: 'applicant', scope: 'settlement', privacy: true } as const satisfies Access;
export const SETTLEMENT_ACTIONS = {
  'settlement.checklist': { req: SettlementChecklistReq, mutation: false, access: applicant },
  'settlement.eligibility': { req: SettlementEligibilityReq, mutation: false, access: applicant },
  'settlement.save': { req: SettlementSaveReq, mutation: true, access: settling },
  'settlement.submit': { req: SettlementSubmitReq, mutation: true, access: settling },
  'settlement.get': { req: SettlementGetReq, mutation: false, access: applicant },
  'settlement.resubmit': { req: SettlementResubmitReq, mutation: true, access: settling },
} as const;

/** Every action of the applicant function. */
export const APPLICANT_ACTIONS = /* @__PURE__ */ joinActions(
  SCORING_ACTIONS,
  CASE_ACTIONS,
  /* @__PURE__ */ joinActions(DISPUTE_ACTIONS, SETTLEMENT_ACTIONS),
);

/** Request/response per 测算 action. */
export type ScoringApi = ApiOf<
  typeof SCORING_ACTIONS,
  {
    'round.current': RoundCurrentRes;
    simulate: SimulateRes;
    'draft.save': DraftSaveRes;
    'draft.list': DraftListRes;
    'draft.get': DraftGetRes;
    'draft.remove': DraftRemoveRes;
  }
>;

/** Request/response per case action. */
export type CaseApi = ApiOf<
  typeof CASE_ACTIONS,
  {
    'privacy.status': PrivacyStatusRes;
    'privacy.accept': PrivacyStatusRes;
    'identity.get': IdentityRes;
    'identity.bind': IdentityRes;
    'application.save': ApplicationRes;
    'application.get': ApplicationRes;
    'application.list': ApplicationListRes;
    'application.eligibility': ApplicationEligibilityRes;
    'material.ticket': MaterialTicketRes;
    'material.attach': MaterialAttachRes;
    'material.remove': { removed: true };
    'material.link': MaterialLinkRes;
    'application.submit': ApplicationRes;
    'result.get': ResultRes;
    'case.audit': CaseAuditRes;
    'entrustment.create': EntrustmentRes;
    'entrustment.list': EntrustmentListRes;
    'entrustment.confirm': EntrustmentRes;
    'entrustment.revoke': EntrustmentRes;
    'entrustment.extend': EntrustmentRes;
    'access.trail': AccessTrailRes;
  }
>;

/** Request/response per dispute action. */
export type DisputeApi = ApiOf<
  typeof DISPUTE_ACTIONS,
  { 'dispute.raise': DisputeRes; 'dispute.get': DisputeRes; 'dispute.resubmit': DisputeRes }
>;

/** Request/response per settlement action of the applicant function. */
export type SettlementApi = ApiOf<
  typeof SETTLEMENT_ACTIONS,
  {
    'settlement.checklist': SettlementChecklistRes;
    'settlement.eligibility': SettlementEligibilityRes;
    'settlement.save': SettlementRes;
    'settlement.submit': SettlementRes;
    'settlement.get': SettlementRes;
    'settlement.resubmit': SettlementRes;
  }
>;

/** Request/response per action of the applicant function. */
export type ApplicantApi = ScoringApi & CaseApi & DisputeApi & SettlementApi;

// ───────────────────────── reviewer ─────────────────────────

/** Reviewer actions: department review tasks, and the district acceptance point's verification of entrustments. */
export const REVIEWER_ACTIONS = {
  whoami: { req: WhoamiReq, mutation: false, access: { kind: 'user' } },
  'task.list': { req: TaskListReq, mutation: false, access: department },
  'task.get': { req: TaskGetReq, mutation: false, access: department },
  'task.decide': { req: TaskDecideReq, mutation: true, access: department },
  'task.case': { req: TaskCaseReq, mutation: false, access: department },
  // A caller without a task of the material's department gets the answer of a missing material.
  'material.link': {
    req: ReviewerMaterialLinkReq,
    mutation: false,
    access: { kind: 'reviewer', of: 'department', notFound: MATERIAL_NOT_FOUND },
  },
  'entrustment.queue': { req: DistrictQueueReq, mutation: false, access: district },
  'entrustment.review': { req: DistrictGetReq, mutation: false, access: district },
  'entrustment.verify': { req: DistrictVerifyReq, mutation: true, access: district },
  'entrustment.reject': { req: DistrictRejectReq, mutation: true, access: district },
  // 区积分办: disputes of the caller's district.
  'dispute.queue': { req: DisputeQueueReq, mutation: false, access: district },
  'dispute.review': { req: DisputeReviewReq, mutation: false, access: district },
  'dispute.register': { req: DisputeRegisterReq, mutation: true, access: district },
  'dispute.askEvidence': { req: DisputeAskEvidenceReq, mutation: true, access: district },
  // 复核: the department's re-review tasks, apart from first review tasks.
  'recheck.list': { req: RecheckListReq, mutation: false, access: department },
  'recheck.get': { req: RecheckGetReq, mutation: false, access: department },
  'recheck.decide': { req: RecheckDecideReq, mutation: true, access: department },
  // 市公安局 (the household-registration window): settlement applications, city-wide (filterable by district).
  'settlement.queue': { req: SettlementQueueReq, mutation: false, access: department },
  'settlement.review': { req: SettlementReviewReq, mutation: false, access: department },
  'settlement.verify': { req: SettlementVerifyReq, mutation: true, access: department },
  'settlement.return': { req: SettlementReturnReq, mutation: true, access: department },
  'settlement.reject': { req: SettlementRejectReq, mutation: true, access: department },
  'settlement.settle': { req: SettlementSettleReq, mutation: true, access: department },
} as const;

/** Request/response per reviewer action. */
export type ReviewerApi = ApiOf<
  typeof REVIEWER_ACTIONS,
  {
    whoami: WhoamiRes;
    'task.list': TaskListRes;
    'task.get': TaskRes;
    'task.decide': TaskRes;
    'task.case': TaskCaseRes;
    'material.link': MaterialLinkRes;
    'entrustment.queue': DistrictQueueRes;
    'entrustment.review': DistrictEntrustmentRes;
    'entrustment.verify': DistrictEntrustmentRes;
    'entrustment.reject': DistrictEntrustmentRes;
    'dispute.queue': DisputeQueueRes;
    'dispute.review': DistrictDisputeRes;
    'dispute.register': DistrictDisputeRes;
    'dispute.askEvidence': DistrictDisputeRes;
    'recheck.list': RecheckListRes;
    'recheck.get': RecheckRes;
    'recheck.decide': RecheckRes;
    'settlement.queue': SettlementQueueRes;
    'settlement.review': SettlementReviewRes;
    'settlement.verify': SettlementReviewRes;
    'settlement.return': SettlementReviewRes;
    'settlement.reject': SettlementReviewRes;
    'settlement.settle': SettlementReviewRes;
  }
>;

// ───────────────────────── admin and scheduler ─────────────────────────

/**
 * Admin actions. `scheduler.run` is a bulk run, not a transactional mutation: publishing is idempotent, runs in
 * batches outside one transaction (100,000 cases do not fit in one), and audits itself.
 */
export const ADMIN_ACTIONS = /* @__PURE__ */ joinActions(
  {
    'role.grant': { req: RoleReq, mutation: true, access: admin },
    'role.revoke': { req: RoleReq, mutation: true, access: admin },
    'role.list': { req: z.strictObject({}), mutation: false, access: admin },
    'fraud.add': { req: FraudAddReq, mutation: true, access: admin },
    'round.list': { req: z.strictObject({}), mutation: false, access: admin },
    'round.put': { req: RoundPutReq, mutation: true, access: admin },
    'policy.list': { req: z.strictObject({}), mutation: false, access: admin },
    'policy.publish': { req: PolicyPublishReq, mutation: true, access: admin },
    'holiday.put': { req: HolidayPutReq, mutation: true, access: admin },
    'scheduler.run': { req: PublishReq, mutation: 'bulk', access: admin },
    'case.overdue': { req: OverdueReq, mutation: false, access: admin },
    'recheck.limit': { req: RecheckLimitReq, mutation: true, access: admin },
  } as const,
  // 落户分数线、公示与异议 (settlement-line.ts).
  SETTLEMENT_LINE_ACTIONS,
);

/** Request/response per admin action. */
export type AdminApi = ApiOf<
  typeof ADMIN_ACTIONS,
  {
    'role.grant': { roles: WhoamiRes['roles'] };
    'role.revoke': { roles: WhoamiRes['roles'] };
    'role.list': { roles: RoleLine[] };
    'fraud.add': { findingId: string; barredUntil: ISODate };
    'round.list': { rounds: Round[] };
    'round.put': { round: Round };
    'policy.list': { policies: { policy: PolicyVersion; builtin: boolean }[] };
    'policy.publish': { policyId: string };
    'holiday.put': { year: number };
    'scheduler.run': PublishRes;
    'case.overdue': OverdueRes;
    'recheck.limit': RecheckLimitRes;
  } & SettlementLineResponses
>;

/**
 * Scheduler actions: its timer trigger (a system caller) calls `publish`; an administrator may call it too, so its
 * access is `admin` (which system callers pass).
 */
export const SCHEDULER_ACTIONS = { publish: { req: PublishReq, mutation: 'bulk', access: admin } } as const;

/** Request/response per scheduler action. */
export type SchedulerApi = ApiOf<typeof SCHEDULER_ACTIONS, { publish: PublishRes }>;

// ───────────────────────── documents ─────────────────────────

/**
 * Documents: the voucher of confirmed points for the person or an agent entrusted with it, its public verification
 * (no login; rate-limited per caller by the runtime) and the holder's list of checks.
 */
export const DOCUMENTS_ACTIONS = /* @__PURE__ */ joinActions(
  {
    'voucher.issue': {
      req: VoucherIssueReq,
      mutation: true,
      access: { kind: 'applicant', scope: 'voucher', privacy: true },
    },
    'voucher.verify': { req: VoucherVerifyReq, mutation: false, access: { kind: 'public' } },
    'voucher.checks': { req: VoucherChecksReq, mutation: false, access: { kind: 'applicant', scope: 'voucher' } },
    // 准入通知书: its PDF for the person or an agent with the settlement scope (rendered on the first get, so a mutation).
    'notice.get': {
      req: NoticeGetReq,
      mutation: true,
      access: { kind: 'applicant', scope: 'settlement', privacy: true },
    },
  } as const,
  // The public admitted list (公示名单) and objections to it (settlement-line.ts).
  PUBLICITY_ACTIONS,
);

/** Request/response per documents action. */
export type DocumentsApi = ApiOf<
  typeof DOCUMENTS_ACTIONS,
  {
    'voucher.issue': VoucherIssueRes;
    'voucher.verify': VoucherVerifyRes;
    'voucher.checks': VoucherChecksRes;
    'notice.get': NoticeGetRes;
  } & PublicityResponses
>;

/** Every function's action map, by function name (the server's registry and the client read the same maps). */
export const FUNCTION_ACTIONS = {
  applicant: APPLICANT_ACTIONS,
  reviewer: REVIEWER_ACTIONS,
  admin: ADMIN_ACTIONS,
  scheduler: SCHEDULER_ACTIONS,
  documents: DOCUMENTS_ACTIONS,
} as const;

/** The names of a map's queries (`mutation: false`). */
type QueryName<M> = { [K in keyof M]: M[K] extends { mutation: false } ? K : never }[keyof M];

/**
 * `list`, required to name every query of the map `M` and nothing else (a missing or a surplus name is a type error).
 * Spelled out rather than derived from the map, so that a function which only needs the names (the applicant's
 * access trail tells reads from writes) does not carry another function's whole map and its request schemas.
 */
function queriesOf<M>() {
  return <const L extends readonly QueryName<M>[]>(
    list: L & ([QueryName<M>] extends [L[number]] ? unknown : { missing: Exclude<QueryName<M>, L[number]> }),
  ): L => list;
}

/** The read-only actions (queries) per function, by name, for telling reads from writes in an audit trail. */
export const QUERY_ACTIONS = {
  applicant: queriesOf<typeof CASE_ACTIONS>()([
    'privacy.status',
    'identity.get',
    'application.get',
    'application.list',
    'application.eligibility',
    'material.link',
    'result.get',
    'case.audit',
    'entrustment.list',
    'access.trail',
  ]),
  reviewer: queriesOf<typeof REVIEWER_ACTIONS>()([
    'whoami',
    'task.list',
    'task.get',
    'task.case',
    'material.link',
    'entrustment.queue',
    'entrustment.review',
    'dispute.queue',
    'dispute.review',
    'recheck.list',
    'recheck.get',
    'settlement.queue',
    'settlement.review',
  ]),
  admin: queriesOf<typeof ADMIN_ACTIONS>()([
    'role.list',
    'round.list',
    'policy.list',
    'case.overdue',
    'settlement.line.get',
    'settlement.line.preview',
    'objection.list',
  ]),
} as const;

/** All functions and their APIs. */
export interface FunctionApis {
  applicant: ApplicantApi;
  reviewer: ReviewerApi;
  admin: AdminApi;
  scheduler: SchedulerApi;
  documents: DocumentsApi;
}
/** Function names. */
export type FunctionName = keyof FunctionApis;
/** Action names of the applicant function. */
export type ApplicantAction = keyof typeof APPLICANT_ACTIONS;
