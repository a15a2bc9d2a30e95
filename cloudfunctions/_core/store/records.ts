/**
 * The records the store keeps, in domain terms: what handlers read and write. Adapters map them to tables
 * (SQLite) or collections (CloudBase); handlers never see either. The operations on them are in areas.ts.
 */
import type { PolicyVersion } from '../../../shared/policy';
import type { ISODate } from '../../../shared/dates';
import type { ApplicantIdentity } from '../../../shared/application/identity';
import type { ApplicationStatus, Channel, EntrustmentStatus, TaskStatus } from '../../../shared/application/status';
import type { EntrustmentScope } from '../../../shared/application/delegation';
import type { DistrictCode } from '../../../shared/application/districts';
import type { Receipt } from '../../../shared/application/receipt';
import type { CaseTimeline } from '../../../shared/application/timeline';
import type { CaseResult } from '../../../shared/application/result';
import type { SubscriptionKind } from '../../../shared/application/kinds';
import type { DisputeState, RecheckState, SettlementState } from '../../../shared/lifecycle/lifecycle';

/** A 测算 draft as stored: owned by one openid, the profile kept as given (it may be incomplete). */
export interface DraftRecord {
  /** Unique across owners. */
  id: string;
  /** The owner's openid; every draft query is scoped by it. */
  owner: string;
  title: string;
  profile: Record<string, unknown>;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** A policy version published by an administrator (built-in versions live in code, not here). */
export interface PublishedPolicy {
  policy: PolicyVersion;
  /** ISO timestamp. */
  publishedAt: string;
  /** Openid of the publishing administrator. */
  publishedBy: string;
}

/** Outcome recorded in an audit entry: `'ok'` or the error code of the refusal. */
export type AuditResult = string;

/**
 * One audit entry: who did what to which record, when, and how it ended. Never holds ID numbers, profiles or other
 * personal content — only identifiers.
 */
export interface AuditEntry {
  /** Unique; a replayed commit reuses its id, so it is audited once. */
  id: string;
  /** ISO timestamp. */
  at: string;
  /** Openid of the caller. */
  actor: string;
  /** Openid of the person acted for (delegation); null when acting for oneself. */
  actingFor: string | null;
  /** Function name, e.g. `applicant`. */
  fn: string;
  /** Action name, e.g. `draft.save`. */
  action: string;
  /** What was acted on, e.g. `draft:d_3f…`; `<fn>:<action>` when no record is known. */
  target: string;
  result: AuditResult;
  /** The client request id of the mutation, when it had one (of a counted refusal: the first one's). */
  requestId?: string;
  /**
   * Counted refusals only ({@link StoreWriter.countRefusal}): how many refusals of this caller, function, action,
   * target and code the entry stands for in its minute (`at` is the first one's).
   */
  count?: number;
}

/** A refused mutation to record, counted per minute (see {@link StoreWriter.countRefusal}). */
export interface RefusalEvent {
  /** ISO timestamp of the refusal. */
  at: string;
  actor: string;
  fn: string;
  action: string;
  target: string;
  /** The refusal's error code. */
  result: AuditResult;
  requestId?: string;
}

/** A page of audit entries, newest first; pass `next` as `before` for the following page. */
export interface AuditPage {
  entries: AuditEntry[];
  next?: string;
}

/** Which audit entries to list: by target or by actor, newest first. */
export type AuditQuery = ({ target: string; actor?: undefined } | { actor: string; target?: undefined }) & {
  /** Page size, 1–100 (default 20). */
  limit?: number;
  /** Cursor from a previous page's `next`. */
  before?: string;
};

/** The outcome of a mutation, kept so that a retry with the same request id answers the same without redoing it. */
export interface RequestRecord {
  /** Deterministic key: hash of openid, function, action and client request id. */
  key: string;
  actor: string;
  fn: string;
  action: string;
  requestId: string;
  /** Stable hash of the payload; the same request id with another payload is a conflict. */
  payloadHash: string;
  /** The `data` of the success envelope. */
  response: unknown;
  /** ISO timestamp. */
  at: string;
}

/**
 * A person's key: a hash of the normalised ID number (`personKeyOf` in `_core/cases`). Records index people by it,
 * so queries and audit entries never carry the ID number itself.
 */
export type PersonKey = string;

/** The caller accepted a version of the privacy notice (个人信息保护指引). */
export interface PrivacyAcceptance {
  openid: string;
  version: string;
  /** ISO timestamp. */
  acceptedAt: string;
}

/** Who an openid is (identity.bind): one ID number belongs to at most one openid and the reverse. */
export interface IdentityRecord {
  openid: string;
  personKey: PersonKey;
  name: string;
  /** Normalised (uppercase X). */
  idNumber: string;
  mobile: string;
  /** ISO timestamp of the first binding. */
  boundAt: string;
  /** ISO timestamp of the last change of name or mobile. */
  updatedAt: string;
}

/** A finding of falsified materials (G8): bars new applications for 5 years from `date`. Recorded by administrators. */
export interface FraudFinding {
  id: string;
  personKey: PersonKey;
  /** The day of the finding. */
  date: ISODate;
  /** Why (no personal data beyond the case reference). */
  note: string;
  recordedBy: string;
  /** ISO timestamp. */
  recordedAt: string;
}

/**
 * A reviewer or administrator role of an openid. A reviewer has exactly one department (阅卷) or exactly one district
 * (区积分受理点: verifies entrustments of that district).
 */
export interface RoleRecord {
  openid: string;
  role: 'reviewer' | 'admin';
  /** Department name as in the policy data (`indicator.department`); only for department reviewers. */
  department?: string;
  /** District code of a district acceptance point reviewer. */
  district?: DistrictCode;
  grantedBy: string;
  /** ISO timestamp. */
  grantedAt: string;
}

/** A person on an entrustment (full ID number: views mask it for agents). */
export interface EntrustedPerson {
  name: string;
  idNumber: string;
}

/** 委托: an agent (the openid that created it) acts for a principal within a scope. */
export interface EntrustmentRecord {
  id: string;
  kind: 'employer' | 'relative';
  /** Openid of the agent (the creator). */
  agentOpenid: string;
  agent: EntrustedPerson;
  principal: EntrustedPerson;
  principalKey: PersonKey;
  employer?: { uscc: string; name: string };
  /** Relative kind: a RELATIONSHIPS code (e.g. `parent`). */
  relationship?: string;
  /** Relative kind: a RELATIVE_REASONS code (`minor`, `elderly`, `disabled`). */
  reason?: string;
  scope: EntrustmentScope[];
  /** The district acceptance point that verifies it: the principal's residence-permit district, declared on creation. */
  district: DistrictCode;
  /** Who verifies it: the principal (employer only) or the district acceptance point. */
  verifyBy: 'principal' | 'district';
  /**
   * awaiting-principal / awaiting-district until verified (grants nothing), then active; rejected by the acceptance
   * point; revoked by either side.
   */
  status: EntrustmentStatus;
  confirmedByPrincipal: boolean;
  confirmedAt?: string;
  /** When it came into force, and by whom (the principal's openid or the acceptance point reviewer's). */
  verifiedAt?: string;
  verifiedBy?: string;
  /** Why the acceptance point refused it. */
  rejectedReason?: string;
  rejectedAt?: string;
  /** Last valid day (inclusive), when limited. */
  validUntil?: ISODate;
  revokedAt?: string;
  /** Openid of whoever revoked it. */
  revokedBy?: string;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** Who asked for which subscribe message on the submit tap (one-time subscriptions: one send each). */
export interface Subscription {
  openid: string;
  kinds: SubscriptionKind[];
}

/** The verified result of a decided case, as stored (computed by the engine over the verified facts). */
export interface StoredResult extends CaseResult {
  /** ISO timestamp. */
  computedAt: string;
  policyVersion: string;
}

/** An application (积分申请) of one person in one round. */
export interface ApplicationRecord {
  id: string;
  roundId: string;
  personKey: PersonKey;
  /** The person as entered on the application (validated by ApplicantIdentitySchema). */
  identity: ApplicantIdentity;
  /** The declared profile as given (validated on submit; a draft may be incomplete). */
  profile: Record<string, unknown>;
  status: ApplicationStatus;
  /** Openid of whoever created it (the person or an agent). */
  createdBy: string;
  /** The entrustment an agent created it under. */
  entrustmentId?: string;
  channel: Channel;
  /** Set on first acceptance. */
  acceptedOn?: ISODate;
  /** `timeline.resultDate`, top-level for queries. */
  resultDate?: ISODate;
  receipt?: Receipt;
  timeline?: CaseTimeline;
  /** Policy version the round used at acceptance. */
  policyVersion?: string;
  subscriptions: Subscription[];
  /** Set when every task is decided. */
  result?: StoredResult;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  decidedAt?: string;
  publishedAt?: string;
  /** The day the points were confirmed (the scheduler after the dispute window, or the revised result). */
  confirmedOn?: ISODate;
  /** Client request id of the last accepted submission (a retry of it after a half-done commit completes it). */
  submitRequestId?: string;
}

/** Which applications to scan by status (publishing, overdue reports, repairs). Ordered by result date, then id. */
export interface ApplicationScan {
  statuses: ApplicationStatus[];
  /** Only those whose result date is on or before this day (applications without one are left out). */
  resultDateTo?: ISODate;
  /** Page size 1–1000 (default 100). */
  limit?: number;
  /** Cursor from a previous page's `next`. */
  after?: string;
}
/** A page of {@link ApplicationScan}. */
export interface ApplicationPage {
  applications: ApplicationRecord[];
  next?: string;
}

/** One step of a task's history: nothing earlier is lost when a case goes through correction. */
export interface TaskHistoryEntry {
  /** ISO timestamp. */
  at: string;
  status: TaskStatus;
  /** Openid of the reviewer, or the actor of a resubmission. */
  by: string;
  note?: string;
  missing?: string;
  facts?: unknown[];
}

/** One review task (阅卷): one claimed indicator of one application, routed to its department. */
export interface TaskRecord {
  /** Deterministic: `taskIdOf(applicationId, indicatorId)` in `_core/cases`. */
  id: string;
  applicationId: string;
  roundId: string;
  receiptNumber: string;
  indicatorId: string;
  indicatorName: string;
  department: string;
  status: TaskStatus;
  /** The declared facts of the indicator at the last (re)submission, and their profile refs. */
  declaredFacts: unknown[];
  factRefs: string[];
  /** The reviewer's facts when `corrected`. */
  verifiedFacts?: unknown[];
  note?: string;
  missing?: string;
  decidedBy?: string;
  decidedAt?: string;
  acceptedOn: ISODate;
  /** The case's result date: a task still pending on or after it is overdue. */
  resultDate: ISODate;
  history: TaskHistoryEntry[];
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** A department's queue: oldest result date first; `status` filters. */
export interface TaskQuery {
  department: string;
  status?: TaskStatus;
  /** Page size 1–100 (default 20). */
  limit?: number;
  /** Cursor from a previous page's `next`. */
  after?: string;
}
/** A page of a department's queue. */
export interface TaskPage {
  tasks: TaskRecord[];
  next?: string;
}

/** A stored file attached to an application's checklist item or to an entrustment. */
export interface MaterialRecord {
  id: string;
  /** Exactly one of applicationId / entrustmentId. */
  applicationId?: string;
  entrustmentId?: string;
  /** Checklist key (`B2:education.0`) or `entrustment`. */
  key: string;
  /** Storage id of the file (FileStorage); files are immutable, so reused materials share it. */
  fileId: string;
  fileName: string;
  mime: string;
  size: number;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  uploadedBy: string;
  /** ISO timestamp. */
  uploadedAt: string;
  /** Carried over from an earlier verified application of the same year. */
  reused: boolean;
  /** The material it was carried over from. */
  reusedFrom?: string;
}

/** Permission to upload one file, checked again on attach. Single use. */
export interface UploadTicket {
  id: string;
  openid: string;
  target: { applicationId: string; key: string } | { entrustmentId: string };
  fileName: string;
  mime: string;
  size: number;
  /** Where the file must be stored (FileStorage id chosen by the server). */
  fileId: string;
  /** ISO timestamps. */
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** A subscribe message to send (outbox): recorded in the local cloud, sent by the scheduler in production. */
export interface OutboxMessage {
  /** Deterministic (e.g. `result:<resultDate>:<applicationId>:<openid>`), so recording it twice keeps one. */
  id: string;
  kind: SubscriptionKind;
  toOpenid: string;
  applicationId: string;
  /** Template fields (no ID numbers). */
  data: Record<string, string>;
  /** ISO timestamp. */
  createdAt: string;
  sent: boolean;
  sentAt?: string;
  attempts: number;
  lastError?: string;
}

/** A case publishDue published. */
export interface PublishedCase {
  applicationId: string;
  roundId: string;
  receiptNumber: string;
  resultDate: ISODate;
  /** Outbox messages written for it ('result' subscribers). */
  notified: number;
}

/** Who a publishing run is: each case it publishes gets a `result.publish` entry in its trail under this actor. */
export interface PublishAudit {
  /** Audit actor: an administrator's openid, `cli:<user>`, or the timer's system id. */
  actor: string;
  /** Audit function, e.g. `scheduler`. */
  fn: string;
}

/** What a conditional write expects the stored record to still be: the status and `updatedAt` it was read with. */
export interface Expected<S extends string> {
  status: S;
  updatedAt: string;
}

/** An issued document's state (the DOCUMENT machine of shared/lifecycle). */
export type DocumentStatus = 'issued' | 'superseded' | 'revoked' | 'used' | 'expired';

/**
 * An issued document (积分有效凭证): what verification answers and what the holder sees. The verification code is
 * never stored: only a salted SHA-256 of it (80 random bits need no slow hash), compared in constant time.
 */
export interface DocumentRecord {
  /** The document number (`PZ2021-000123-01`, `ZR2021-000123-01`), unique: the record's id. */
  number: string;
  /** 积分有效凭证, or 积分落户准入通知书 (its `applicationId` is then the settlement application's id). */
  kind: 'voucher' | 'notice';
  /** The points case a voucher certifies; for a notice, the settlement application it admits. */
  applicationId: string;
  personKey: PersonKey;
  /** The holder's name masked (`张*`): all verification shows of the person. */
  maskedName: string;
  roundId: string;
  policyVersion: string;
  /** Result revision the number carries (1, 2 …): a changed result gets the next one. */
  revision: number;
  /** Fingerprint of the result it certifies: the same result issues the same document again. */
  resultKey: string;
  /** Confirmed total, e.g. `159` or `104.5`. */
  total: string;
  confirmedOn: ISODate;
  issuedOn: ISODate;
  /** Hex salt and SHA-256(salt ‖ code) of the verification code. */
  codeSalt: string;
  codeHash: string;
  /** Private storage id of the PDF and its SHA-256 (links are handed out only while the bytes still match). */
  fileId: string;
  sha256: string;
  size: number;
  status: DocumentStatus;
  /** Notices only: the last valid day printed on it (60 days from issue, 民法典 art. 201/203). */
  validUntil?: ISODate;
  /** The number of the document that superseded this one. */
  supersededBy?: string;
  /** ISO timestamp of the change to superseded / revoked. */
  retiredAt?: string;
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** One disputed indicator as the applicant raised it. */
export interface DisputeLineRecord {
  indicatorId: string;
  indicatorName: string;
  /** The department that re-reviews it (the first review's). */
  department: string;
  /** Plain text, content-checked before it was stored. */
  reason: string;
  /** Evidence materials (key `dispute:<indicatorId>` on the application), sealed on attach. */
  materialIds: string[];
  /** The published verified points of the line (before re-review). */
  pointsBefore: string;
  /** After re-review, once the revised result is published. */
  pointsAfter?: string;
  /** How the reason was content-checked: WeChat's msgSecCheck in production, `local` in the local cloud and tests. */
  checked: { by: 'msgSecCheck' | 'local'; at: string };
}

/** 异议: one per case (id `dp_<applicationId>`), received by the district office of the permit district. */
export interface DisputeRecord {
  id: string;
  applicationId: string;
  roundId: string;
  receiptNumber: string;
  personKey: PersonKey;
  district: DistrictCode;
  status: DisputeState;
  /** Openid of whoever raised it, and as whom. */
  raisedBy: string;
  actingAs: 'self' | 'agent';
  entrustmentId?: string;
  raisedOn: ISODate;
  lines: DisputeLineRecord[];
  /** Openids that accepted the 'dispute' subscribe message. */
  subscribers: string[];
  evidenceAsked?: { missing: string; at: string; by: string };
  registeredAt?: string;
  registeredBy?: string;
  /** The revised result's totals and dates, once every re-review is decided. */
  revised?: { totalBefore: string; totalAfter: string; publishedOn: ISODate; confirmedOn: ISODate };
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** 复核任务: one disputed indicator, routed to its department (id `rc_<applicationId>_<indicatorId>`). */
export interface RecheckRecord {
  id: string;
  disputeId: string;
  applicationId: string;
  roundId: string;
  receiptNumber: string;
  indicatorId: string;
  indicatorName: string;
  department: string;
  status: RecheckState;
  /** The last day before it is overdue (the administrator's working-day limit from registration). */
  dueOn: ISODate;
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
  /** Re-verified facts when revised. */
  facts?: unknown[];
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** A department's 复核 tasks, oldest first. */
export interface RecheckQuery {
  department: string;
  status?: RecheckRecord['status'];
  limit?: number;
  after?: string;
}
/** A page of {@link RecheckQuery}. */
export interface RecheckPage {
  rechecks: RecheckRecord[];
  next?: string;
}

/** The administrator's re-review limit (stored as data; the sources are silent, so its confidence is [I]). */
export interface RecheckLimitSetting {
  workingDays: number;
  confidence: 'I';
  setBy: string;
  setAt: string;
}

/** A case confirmed by the scheduler's bulk run. */
export interface ConfirmedCase {
  applicationId: string;
  resultDate: ISODate;
}

// ───────────── settlement (积分落户申请) ─────────────

/** A settlement application status (the SETTLEMENT machine of shared/lifecycle). */
export type SettlementStatus = SettlementState;

/** One family member moving with the applicant (lifecycle.md step 4: a spouse and minor children). */
export interface SettlementMember {
  /** `spouse` or `child` (a child must be a minor on the application day). */
  relation: 'spouse' | 'child';
  name: string;
  /** Normalised ID number (shown in full only to the person and the 市公安局 reviewer). */
  idNumber: string;
}

/** One decision of the household-registration window (市公安局) on a settlement application, kept in order. */
export interface SettlementDecision {
  /** The SETTLEMENT event it caused. */
  event: 'returnForCorrection' | 'verify' | 'reject' | 'settle';
  /** Openid of the reviewer. */
  by: string;
  /** ISO timestamp. */
  at: string;
  /** Why (required for a return or a rejection). */
  reason?: string;
  /** What a return asks for. */
  missing?: string;
}

/**
 * 积分落户申请: one per person per round, reading one confirmed points case. What the applicant declares (destination,
 * proof, family, declarations) is editable in draft and correction; what the server copies at submission (total,
 * voucher) and what reviewers and the line decide are not.
 */
export interface SettlementRecord {
  id: string;
  roundId: string;
  /** The confirmed points case (积分申请) it reads. */
  applicationId: string;
  personKey: PersonKey;
  /** The person's openid when they bound their identity, else null. */
  ownerOpenid: string | null;
  /** The name and ID number masked (`张*`, `330106********0018`): what publicity and the notice's verification show. */
  maskedName: string;
  maskedIdNumber: string;
  /** Openid of whoever created it (the person, or an agent). */
  createdBy: string;
  actingAs: 'self' | 'agent';
  /** The entrustment (with the `settlement` scope) an agent acts under. */
  entrustmentId?: string;
  status: SettlementStatus;
  /** The confirmed total (`104.5`) and its confirmation day, copied from the case at submission. */
  total?: string;
  confirmedOn?: ISODate;
  /** The 积分有效凭证 it presents (its number), checked valid and current at submission. */
  voucherNumber?: string;
  /** 拟落户地址: the district of the household-registration window and the address. */
  destination?: { district: DistrictCode; address: string };
  /** The proof of the destination (a SETTLEMENT_PROOFS code of the policy data, e.g. `own-deed`). */
  proofKind?: string;
  /** A spouse and minor children moving too. */
  members: SettlementMember[];
  /** Declared by the applicant (checked by 市公安局): not holding urban-Hangzhou hukou, full civil capacity. */
  declarations: { noUrbanHukou: boolean; fullCapacity: boolean };
  /** Top-level `destination.district`, for the window's queue. */
  district?: DistrictCode;
  /** 受理回执 number (`LH2021-1102-000001`) and day, set on first submission. */
  receiptNumber?: string;
  acceptedOn?: ISODate;
  /** ISO timestamp of the last (re)submission: the queue's order. */
  submittedAt?: string;
  /** Every decision of 市公安局, oldest first. */
  decisions: SettlementDecision[];
  /** The line engineer's outcome: when admitted (or not) and the line applied (null: a no-quota round). */
  admittedAt?: string;
  line?: string | null;
  /** Why it was removed after a publicity objection. */
  removedReason?: string;
  /** The 准入通知书 issued for it, and its last valid day (top-level for the expiry scan). */
  noticeNumber?: string;
  noticeValidUntil?: ISODate;
  /** 落户办结 day, with the residence permit surrendered; or the day after the notice's last valid day. */
  settledOn?: ISODate;
  permitSurrendered?: boolean;
  expiredOn?: ISODate;
  /** Client request id of the last accepted submission (replay after a half-done commit). */
  submitRequestId?: string;
  /** The day the scheduler reminded the subscribers that the unused notice nears its last valid day (once). */
  noticeRemindedOn?: ISODate;
  /** Openids that accepted the 落户办理进度 subscribe message on a submit or resubmit tap (absent: none). */
  subscribers?: string[];
  /** ISO timestamps. */
  createdAt: string;
  updatedAt: string;
}

/** Which settlement applications to list: a round in one status (optionally one district), oldest submission first. */
export interface SettlementQuery {
  roundId: string;
  status: SettlementStatus;
  district?: DistrictCode;
  /** Page size 1–1000 (default 50). */
  limit?: number;
  /** Cursor from a previous page's `next`. */
  after?: string;
}
/** A page of {@link SettlementQuery}. */
export interface SettlementPage {
  settlements: SettlementRecord[];
  next?: string;
}

/** How many verified applications of a round have one confirmed total: what a line preview needs, and no more. */
export interface SettlementTotalCount {
  /** The confirmed total as a decimal string (`104.5`). */
  total: string;
  count: number;
}

/** One ranked entry: what the line needs of a settlement application, and no more. */
export interface SettlementTotal {
  id: string;
  /** The confirmed total as a decimal string (`104.5`). */
  total: string;
  /** ISO timestamp of the (last) submission: for a tie rule by order of application, and a stable order. */
  submittedAt: string;
}
