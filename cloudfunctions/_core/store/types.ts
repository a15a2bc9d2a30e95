/**
 * The store: everything the cloud functions persist, in domain terms. Two adapters implement it — SQLite
 * (`openSqliteStore`, local cloud and tests) and CloudBase (`createCloudBaseStore`, production) — and one contract
 * suite (test/store) holds both to the same behaviour. New areas (applications, reviews, disputes, vouchers) are
 * added here as further methods, each with its record type, so handlers never see tables or collections.
 *
 * Issue 4 (积分申请 → 阅卷 → 积分查询) added, all with contract tests on both adapters:
 * - privacy:      getPrivacyAcceptance(openid, version) · putPrivacyAcceptance(rec)
 * - identity:     getIdentity(openid) · getIdentityByPerson(personKey) · putIdentity(rec) — one ID number ↔ one openid
 *                 (StoreConflictError 'identity' when the ID number is bound to another openid)
 * - fraud bar:    listFraudFindings(personKey) · putFraudFinding(rec)
 * - roles:        listRolesOf(openid) · listRoles() · putRole(rec) · removeRole(openid, role, department?)
 * - entrustments: getEntrustment(id) · listEntrustmentsByAgent(openid) · listEntrustmentsByPrincipal(personKey) ·
 *                 listEntrustmentsByDistrict(district, status) · putEntrustment(rec)
 * - applications: getApplication(id) · listApplicationsByPerson(personKey) · listApplicationsByCreator(openid) ·
 *                 listApplicationsByStatus(scan) (paged, ≤ 1000 a page) · countApplicationsByStatus(scan) ·
 *                 putApplication(rec)
 * - tasks:        getTask(id) · listTasksByApplication(applicationId) · listTasksByDepartment(query) (paged queue,
 *                 oldest result date first; `resultDate` on each task gives the overdue state) · putTask(rec)
 *                 (the whole task, its `history` included)
 * - materials:    getMaterial(id) · listMaterialsByApplication(applicationId) · listMaterialsByEntrustment(id) ·
 *                 putMaterial(rec) · removeMaterial(id)
 * - tickets:      getUploadTicket(id) · putUploadTicket(rec)
 * - outbox:       appendOutbox(msg) (create-if-absent) · listUnsentOutbox(limit) · markOutboxSent(id, at) ·
 *                 markOutboxFailed(id, at, error)
 * - sequences:    nextReceiptSeq(roundId) — unique under concurrency; inside a transaction it counts as a read
 *                 (call it before the first write); in CloudBase it takes effect at once (a rolled-back transaction
 *                 leaves a gap in the numbers, never a duplicate)
 * - bulk (Store only, not in transactions): publishDue(today, at, limit, audit?) — publishes decided cases whose
 *                 result date has come, a batch at a time, and writes their 'result' outbox messages and (given who
 *                 publishes) each case's `result.publish` audit entry with them
 */
import { createHash } from 'crypto';
import { caseTarget } from '../cases/person';
import type { HolidayTable } from '../../../shared/calendar';
import type { PolicyVersion } from '../../../shared/policy';
import type { Round } from '../../../shared/rounds';
import type { ISODate } from '../../../shared/dates';
import type { ApplicantIdentity } from '../../../shared/application/identity';
import type { ApplicationStatus, Channel, EntrustmentStatus, TaskStatus } from '../../../shared/application/status';
import type { EntrustmentScope } from '../../../shared/application/delegation';
import type { DistrictCode } from '../../../shared/application/districts';
import type { Receipt } from '../../../shared/application/receipt';
import type { CaseTimeline } from '../../../shared/application/timeline';
import type { CaseResult } from '../../../shared/application/result';

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

/** The minute a refusal is counted in: `YYYY-MM-DDTHH:MM` of its UTC timestamp. */
export function refusalMinute(at: string): string {
  return at.slice(0, 16);
}

/**
 * The audit entry id of a counted refusal: one per minute, caller, function, action, target and code, so a burst of
 * the same refusal is one entry with a count, never one entry each.
 */
export function refusalAuditId(e: Pick<RefusalEvent, 'at' | 'actor' | 'fn' | 'action' | 'target' | 'result'>): string {
  const key = [refusalMinute(e.at), e.actor, e.fn, e.action, e.target, e.result].join('\n');
  return `r_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** The counted audit entry a first refusal creates (count 1). */
export function refusalAuditEntry(e: RefusalEvent): AuditEntry {
  const entry: AuditEntry = {
    id: refusalAuditId(e),
    at: e.at,
    actor: e.actor,
    actingFor: null,
    fn: e.fn,
    action: e.action,
    target: e.target,
    result: e.result,
    count: 1,
  };
  if (e.requestId !== undefined) entry.requestId = e.requestId;
  return entry;
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

// ───────────────────────── issue 4: cases ─────────────────────────

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
  kinds: ('result' | 'correction')[];
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
  /** Deterministic (e.g. `result:<applicationId>:<openid>`), so recording it twice keeps one. */
  id: string;
  kind: 'result' | 'correction';
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

/** The 'result' outbox message publishDue records for one subscriber (both adapters build it here). */
export function resultOutboxMessage(
  app: { id: string; receiptNumber: string; resultDate: ISODate; total: string },
  openid: string,
  at: string,
): OutboxMessage {
  return {
    id: `result:${app.id}:${openid}`,
    kind: 'result',
    toOpenid: openid,
    applicationId: app.id,
    data: { receiptNumber: app.receiptNumber, resultDate: app.resultDate, total: app.total },
    createdAt: at,
    sent: false,
    attempts: 0,
  };
}

/** Who a publishing run is: each case it publishes gets a `result.publish` entry in its trail under this actor. */
export interface PublishAudit {
  /** Audit actor: an administrator's openid, `cli:<user>`, or the timer's system id. */
  actor: string;
  /** Audit function, e.g. `scheduler`. */
  fn: string;
}

/**
 * The `result.publish` audit entry of a published case (both adapters build it here). Its id is derived from the
 * case, so an entry recorded again by a re-run is kept once.
 */
export function publishAuditEntry(applicationId: string, at: string, by: PublishAudit): AuditEntry {
  return {
    id: `a_pub_${createHash('sha256').update(applicationId).digest('hex').slice(0, 32)}`,
    at,
    actor: by.actor,
    actingFor: null,
    fn: by.fn,
    action: 'result.publish',
    target: caseTarget(applicationId),
    result: 'ok',
  };
}

/** Openids that asked for the 'result' message of an application. */
export function resultSubscribers(app: Pick<ApplicationRecord, 'subscriptions'>): string[] {
  return [...new Set(app.subscriptions.filter((s) => s.kinds.includes('result')).map((s) => s.openid))];
}

/** Largest page of {@link StoreReader.listApplicationsByStatus} (CloudBase's query limit). */
export const SCAN_PAGE_MAX = 1000;
/**
 * Largest batch of {@link StoreBulk.publishDue}. Adapters may publish fewer per call: CloudBase at most
 * {@link SCAN_PAGE_MAX} (its query limit); SQLite all of it in one transaction (fewer, larger commits write each
 * touched page once instead of once per 1,000 cases).
 */
export const PUBLISH_BATCH_MAX = 10_000;
/** Default page of {@link StoreReader.listApplicationsByStatus}. */
export const SCAN_PAGE_DEFAULT = 100;
/** Largest page of {@link StoreReader.listTasksByDepartment}. */
export const TASK_PAGE_MAX = 100;
/** Default page of {@link StoreReader.listTasksByDepartment}. */
export const TASK_PAGE_DEFAULT = 20;

/** Clamps a page size to 1…max. */
export function pageSize(limit: number | undefined, def: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return def;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** Sort key and cursor of an application scan: result date, then id. */
export function applicationSeq(a: Pick<ApplicationRecord, 'resultDate' | 'id'>): string {
  return `${a.resultDate ?? ''}|${a.id}`;
}
/** Sort key and cursor of a department's queue: result date, then id. */
export function taskSeq(t: Pick<TaskRecord, 'resultDate' | 'id'>): string {
  return `${t.resultDate}|${t.id}`;
}

/** Reads. Inside a transaction every read must come before the first write (see {@link Store.transaction}). */
export interface StoreReader {
  /** The draft with this id if `owner` owns it; null otherwise (another person's draft is indistinguishable from none). */
  getDraft(owner: string, id: string): Promise<DraftRecord | null>;
  /** All of `owner`'s drafts, most recently updated first. */
  listDrafts(owner: string): Promise<DraftRecord[]>;
  /** How many drafts `owner` has. */
  countDrafts(owner: string): Promise<number>;
  /** Every published policy version, by `effectiveFrom` then id. */
  listPolicyVersions(): Promise<PublishedPolicy[]>;
  /** Administrators' round overrides, by year. */
  listRoundOverrides(): Promise<Round[]>;
  /** Administrators' holiday tables, by year. */
  listHolidayTables(): Promise<HolidayTable[]>;
  /** Audit entries of one target or one actor, newest first, a page at a time. */
  listAudit(query: AuditQuery): Promise<AuditPage>;
  /** The recorded outcome of a mutation, or null. */
  getRequest(key: string): Promise<RequestRecord | null>;
  /** How many refusals {@link StoreWriter.countRefusal} counted for `actor` in `minute` (see {@link refusalMinute}). */
  countRefusalsInMinute(actor: string, minute: string): Promise<number>;

  // issue 4
  /** The caller's acceptance of this notice version, or null. */
  getPrivacyAcceptance(openid: string, version: string): Promise<PrivacyAcceptance | null>;
  /** The identity bound to an openid, or null. */
  getIdentity(openid: string): Promise<IdentityRecord | null>;
  /** The identity bound to an ID number (by person key), or null. */
  getIdentityByPerson(personKey: PersonKey): Promise<IdentityRecord | null>;
  /** A person's fraud findings, oldest first. */
  listFraudFindings(personKey: PersonKey): Promise<FraudFinding[]>;
  /** An openid's roles. */
  listRolesOf(openid: string): Promise<RoleRecord[]>;
  /** Every role, by openid then role then department. */
  listRoles(): Promise<RoleRecord[]>;
  getEntrustment(id: string): Promise<EntrustmentRecord | null>;
  /** Entrustments an openid created as agent, newest first. */
  listEntrustmentsByAgent(openid: string): Promise<EntrustmentRecord[]>;
  /** Entrustments naming a person as principal, newest first. */
  listEntrustmentsByPrincipal(personKey: PersonKey): Promise<EntrustmentRecord[]>;
  /** Entrustments of a district in one status, oldest first (the acceptance point's queue). */
  listEntrustmentsByDistrict(district: DistrictCode, status: EntrustmentStatus): Promise<EntrustmentRecord[]>;
  getApplication(id: string): Promise<ApplicationRecord | null>;
  /** A person's applications, newest first. */
  listApplicationsByPerson(personKey: PersonKey): Promise<ApplicationRecord[]>;
  /** Applications an openid created (for itself or as agent), newest first. */
  listApplicationsByCreator(openid: string): Promise<ApplicationRecord[]>;
  /** Applications in some statuses, by result date then id, a page at a time (≤ {@link SCAN_PAGE_MAX}). */
  listApplicationsByStatus(scan: ApplicationScan): Promise<ApplicationPage>;
  /** How many applications {@link StoreReader.listApplicationsByStatus} would list in all. */
  countApplicationsByStatus(scan: Pick<ApplicationScan, 'statuses' | 'resultDateTo'>): Promise<number>;
  getTask(id: string): Promise<TaskRecord | null>;
  /** An application's tasks, by indicator id. */
  listTasksByApplication(applicationId: string): Promise<TaskRecord[]>;
  /** A department's tasks, oldest result date first, a page at a time (≤ {@link TASK_PAGE_MAX}). */
  listTasksByDepartment(query: TaskQuery): Promise<TaskPage>;
  getMaterial(id: string): Promise<MaterialRecord | null>;
  /** An application's materials, by key then upload time. */
  listMaterialsByApplication(applicationId: string): Promise<MaterialRecord[]>;
  /** An entrustment's materials, by upload time. */
  listMaterialsByEntrustment(entrustmentId: string): Promise<MaterialRecord[]>;
  getUploadTicket(id: string): Promise<UploadTicket | null>;
  /** Unsent outbox messages, oldest first (≤ 1000). */
  listUnsentOutbox(limit: number): Promise<OutboxMessage[]>;
}

/** Writes. Outside a transaction each applies at once; inside one they apply at commit. */
export interface StoreWriter {
  /** Creates or replaces a draft (by id). */
  putDraft(draft: DraftRecord): Promise<void>;
  /** Deletes `owner`'s draft; deleting a missing one is not an error (a replayed commit must succeed). */
  removeDraft(owner: string, id: string): Promise<void>;
  /** Publishes a policy version; versions are immutable, so an existing id fails with {@link StoreConflictError}. */
  publishPolicyVersion(published: PublishedPolicy): Promise<void>;
  /** Creates or replaces the override of `round.year`. */
  putRoundOverride(round: Round): Promise<void>;
  /** Creates or replaces the holiday table of `table.year`. */
  putHolidayTable(table: HolidayTable): Promise<void>;
  /** Appends an entry; an entry whose id already exists is left as it is. */
  appendAudit(entry: AuditEntry): Promise<void>;
  /**
   * Records a refused mutation in a bounded way: the audit entry {@link refusalAuditId} of its minute, caller,
   * function, action, target and code is created with count 1, or its count goes up by one (upsert; concurrent
   * refusals are all counted).
   */
  countRefusal(e: RefusalEvent): Promise<void>;
  /** Records a mutation's outcome, create-if-absent: an existing key fails with {@link StoreConflictError} (`kind: 'request'`). */
  putRequest(record: RequestRecord): Promise<void>;

  // issue 4
  /** Records (or re-records) an acceptance. */
  putPrivacyAcceptance(rec: PrivacyAcceptance): Promise<void>;
  /**
   * Binds or updates an openid's identity. The ID number already bound to another openid, or the openid already bound
   * to another ID number, fails with {@link StoreConflictError} (`kind: 'identity'`).
   */
  putIdentity(rec: IdentityRecord): Promise<void>;
  /** Creates or replaces a finding (by id). */
  putFraudFinding(rec: FraudFinding): Promise<void>;
  /** Creates or replaces the role (one per openid, role and department). */
  putRole(rec: RoleRecord): Promise<void>;
  /** Removes a role (a department's or, with `district`, a district's); a missing one is not an error. */
  removeRole(openid: string, role: RoleRecord['role'], department?: string, district?: DistrictCode): Promise<void>;
  /**
   * Creates or replaces an entrustment (by id). With `expect`, a conditional write: it happens only if the stored
   * entrustment still has that status and `updatedAt` (as read), else {@link StoreConflictError} (`kind: 'state'`).
   */
  putEntrustment(rec: EntrustmentRecord, expect?: Expected<EntrustmentRecord['status']>): Promise<void>;
  /**
   * Creates or replaces an application (by id). With `expect`, a conditional write: it happens only if the stored
   * application still has that status and `updatedAt` (as read), else {@link StoreConflictError} (`kind: 'state'`),
   * so two concurrent changes of one case cannot both act.
   */
  putApplication(rec: ApplicationRecord, expect?: Expected<ApplicationRecord['status']>): Promise<void>;
  /**
   * Creates or replaces a review task (by id). With `expect`, a conditional write: it happens only if the stored task
   * still has that status and `updatedAt` (as read), else {@link StoreConflictError} (`kind: 'state'`).
   */
  putTask(rec: TaskRecord, expect?: Expected<TaskRecord['status']>): Promise<void>;
  /** Creates or replaces a material (by id). */
  putMaterial(rec: MaterialRecord): Promise<void>;
  /** Removes a material record (the file stays: reused materials may share it); missing is not an error. */
  removeMaterial(id: string): Promise<void>;
  /** Creates or replaces an upload ticket (by id). */
  putUploadTicket(rec: UploadTicket): Promise<void>;
  /** Records a message, create-if-absent: an existing id is left as it is. */
  appendOutbox(msg: OutboxMessage): Promise<void>;
  /** Marks a message sent. */
  markOutboxSent(id: string, at: string): Promise<void>;
  /** Counts a failed send (the message stays unsent). */
  markOutboxFailed(id: string, at: string, error: string): Promise<void>;
}

/**
 * Numbers unique under concurrency. Inside a transaction a sequence call counts as a read (before the first write);
 * SQLite rolls it back with the transaction, CloudBase takes it at once (a failed transaction leaves a gap).
 */
export interface StoreSequences {
  /** The next receipt number of a round: 1, 2, 3 … never the same twice. */
  nextReceiptSeq(roundId: string): Promise<number>;
}

/** What a transaction callback gets: the store's reads and writes, bound to the transaction. */
export interface StoreTx extends StoreReader, StoreWriter, StoreSequences {}

/** Bulk operations: on the store only, never inside a transaction (each is idempotent and safe to re-run). */
export interface StoreBulk {
  /**
   * Publishes up to `limit` (default {@link SCAN_PAGE_MAX}, at most {@link PUBLISH_BATCH_MAX}; CloudBase at most
   * {@link SCAN_PAGE_MAX} a call) cases with status `decided` whose result date is on or before `today`, earliest
   * result date first: records a 'result' outbox message per subscriber (deterministic ids) and, when `audit` is
   * given, each case's {@link publishAuditEntry}, and sets status `published` and `publishedAt = at` — a case is
   * never published without its messages and trail entry (SQLite: one transaction per call; CloudBase: messages and
   * entries first, so should it stop half-way the cases are still `decided` and the next call records the same ids
   * again, kept once). Returns what it published, by result date then id; call again until it returns none.
   */
  publishDue(today: ISODate, at: string, limit?: number, audit?: PublishAudit): Promise<PublishedCase[]>;
}

/** The store. */
export interface Store extends StoreTx, StoreBulk {
  /**
   * Runs `fn` as one unit: its writes are all kept when it resolves and none when it rejects. Rules, enforced by
   * both adapters: reads come before the first write (CloudBase transactions cover single documents only, so the
   * CloudBase adapter applies the writes at commit; a read after a write would not see them), only `tx` is used
   * inside, and transactions do not nest. Writes of one mutation must be replay-safe (deterministic ids, whole
   * documents): should a CloudBase commit stop half-way, the retry of the same request completes it.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

/** What a {@link StoreConflictError} collided on. */
export type StoreConflictKind = 'request' | 'policy' | 'identity' | 'state';

/** What a conditional write expects the stored record to still be: the status and `updatedAt` it was read with. */
export interface Expected<S extends string> {
  status: S;
  updatedAt: string;
}

/** A uniqueness rule was hit (an existing request record or policy version, an ID number bound to another openid), or a conditional write found the record changed since it was read (`state`). */
export class StoreConflictError extends Error {
  /** What collided. */
  readonly kind: StoreConflictKind;
  /** The existing key or id. */
  readonly key: string;

  /** @param kind what collided @param key its key */
  constructor(kind: StoreConflictKind, key: string) {
    super(`store conflict: ${kind} already exists`);
    this.name = 'StoreConflictError';
    this.kind = kind;
    this.key = key;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The transaction rules of {@link Store.transaction} were broken: a programming error, never a user's. */
export class StoreUsageError extends Error {
  /** @param message what was done wrong */
  constructor(message: string) {
    super(message);
    this.name = 'StoreUsageError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Default and largest page size of {@link StoreReader.listAudit}. */
export const AUDIT_PAGE_DEFAULT = 20;
/** See {@link AUDIT_PAGE_DEFAULT}. */
export const AUDIT_PAGE_MAX = 100;

/** Clamps an audit page size to 1…{@link AUDIT_PAGE_MAX}. */
export function auditPageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return AUDIT_PAGE_DEFAULT;
  return Math.min(AUDIT_PAGE_MAX, Math.max(1, Math.floor(limit)));
}

/**
 * The sort key of an audit entry: time, then id, so that entries of the same millisecond still have one order.
 * It is also the page cursor.
 */
export function auditSeq(entry: Pick<AuditEntry, 'at' | 'id'>): string {
  return `${entry.at}|${entry.id}`;
}

/**
 * The key that makes a role unique besides openid and role: the department, `district:<code>` for a district
 * acceptance point, or empty (administrators). Both adapters key roles by it.
 */
export function roleScopeKey(department: string | undefined, district: DistrictCode | undefined): string {
  if (department) return department;
  return district ? `district:${district}` : '';
}
