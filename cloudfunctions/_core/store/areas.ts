/**
 * The store by area: each area is a few small interfaces (its reads, writes and, for some, sequence numbers and bulk
 * operations) and one entry of {@link AREAS}, which names their methods once. Everything that needs the method names
 * — the transaction guard, both adapters' wrappers — takes them from {@link AREAS}, and the compiler checks that each
 * entry lists exactly its interfaces' methods, so a method missing anywhere is a type error.
 *
 * Adding a record type (disputes, documents, settlement …): its record in records.ts, its interfaces here, its entry
 * in {@link AreaInterfaces} and {@link AREAS}, and one implementation per adapter (`sqlite/<area>.ts`,
 * `cloudbase/<area>.ts`) typed by {@link AreaOf}; see cloudfunctions/README.md.
 *
 * Inside a transaction every read (and sequence number) must come before the first write (see
 * {@link Store.transaction}); outside one each write applies at once, inside one they apply at commit.
 */
import type { HolidayTable } from '../../../shared/calendar';
import type { Round } from '../../../shared/rounds';
import type { ISODate } from '../../../shared/dates';
import type { DistrictCode } from '../../../shared/application/districts';
import type { EntrustmentStatus } from '../../../shared/application/status';
import type {
  ApplicationPage,
  ApplicationRecord,
  ApplicationScan,
  ConfirmedCase,
  DisputeRecord,
  RecheckLimitSetting,
  RecheckPage,
  RecheckQuery,
  RecheckRecord,
  AuditEntry,
  AuditPage,
  AuditQuery,
  DocumentRecord,
  DraftRecord,
  EntrustmentRecord,
  Expected,
  FraudFinding,
  IdentityRecord,
  MaterialRecord,
  OutboxMessage,
  PersonKey,
  PrivacyAcceptance,
  PublishAudit,
  PublishedCase,
  PublishedPolicy,
  RefusalEvent,
  RequestRecord,
  RoleRecord,
  SettlementPage,
  SettlementQuery,
  SettlementRecord,
  SettlementTotal,
  SettlementTotalCount,
  TaskPage,
  TaskQuery,
  TaskRecord,
  UploadTicket,
} from './records';
import type {
  ObjectionPage,
  ObjectionQuery,
  ObjectionRecord,
  PublicityEntry,
  PublicityPage,
  PublicityQuery,
  SettlementLineRecord,
} from './publicity-records';

// ───────────── rounds and policy ─────────────

/** Administrators' policy versions, round overrides and holiday tables. */
export interface RoundsReads {
  /** Every published policy version, by `effectiveFrom` then id. */
  listPolicyVersions(): Promise<PublishedPolicy[]>;
  /** Administrators' round overrides, by year. */
  listRoundOverrides(): Promise<Round[]>;
  /** Administrators' holiday tables, by year. */
  listHolidayTables(): Promise<HolidayTable[]>;
  /**
   * A value that changes with every committed write of a policy version, round override or holiday table (and only
   * then, as far as the adapter can tell): one cheap read that tells a function instance whether what it built from
   * the three lists is still current.
   */
  referenceVersion(): Promise<string>;
}
/** See {@link RoundsReads}. */
export interface RoundsWrites {
  /** Publishes a policy version; versions are immutable, so an existing id fails with `StoreConflictError` (`policy`). */
  publishPolicyVersion(published: PublishedPolicy): Promise<void>;
  /** Creates or replaces the override of `round.year`. */
  putRoundOverride(round: Round): Promise<void>;
  /** Creates or replaces the holiday table of `table.year`. */
  putHolidayTable(table: HolidayTable): Promise<void>;
}

// ───────────── drafts (测算) ─────────────

/** 测算 drafts, always scoped by their owner. */
export interface DraftsReads {
  /** The draft with this id if `owner` owns it; null otherwise (another person's draft is indistinguishable from none). */
  getDraft(owner: string, id: string): Promise<DraftRecord | null>;
  /** All of `owner`'s drafts, most recently updated first. */
  listDrafts(owner: string): Promise<DraftRecord[]>;
  /** How many drafts `owner` has. */
  countDrafts(owner: string): Promise<number>;
}
/** See {@link DraftsReads}. */
export interface DraftsWrites {
  /** Creates or replaces a draft (by id). */
  putDraft(draft: DraftRecord): Promise<void>;
  /** Deletes `owner`'s draft; deleting a missing one is not an error (a replayed commit must succeed). */
  removeDraft(owner: string, id: string): Promise<void>;
}

// ───────────── people and privacy ─────────────

/** Privacy acceptances, identity bindings (one ID number ↔ one openid), fraud findings and roles. */
export interface PeopleReads {
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
}
/** See {@link PeopleReads}. */
export interface PeopleWrites {
  /** Records (or re-records) an acceptance. */
  putPrivacyAcceptance(rec: PrivacyAcceptance): Promise<void>;
  /**
   * Binds or updates an openid's identity. The ID number already bound to another openid, or the openid already bound
   * to another ID number, fails with `StoreConflictError` (`identity`).
   */
  putIdentity(rec: IdentityRecord): Promise<void>;
  /** Creates or replaces a finding (by id). */
  putFraudFinding(rec: FraudFinding): Promise<void>;
  /** Creates or replaces the role (one per openid, role and department). */
  putRole(rec: RoleRecord): Promise<void>;
  /** Removes a role (a department's or, with `district`, a district's); a missing one is not an error. */
  removeRole(openid: string, role: RoleRecord['role'], department?: string, district?: DistrictCode): Promise<void>;
}

// ───────────── entrustments (委托) ─────────────

/** Entrustments: an agent acting for a principal once verified. */
export interface EntrustmentsReads {
  getEntrustment(id: string): Promise<EntrustmentRecord | null>;
  /** Entrustments an openid created as agent, newest first. */
  listEntrustmentsByAgent(openid: string): Promise<EntrustmentRecord[]>;
  /** Entrustments naming a person as principal, newest first. */
  listEntrustmentsByPrincipal(personKey: PersonKey): Promise<EntrustmentRecord[]>;
  /** Entrustments of a district in one status, oldest first (the acceptance point's queue). */
  listEntrustmentsByDistrict(district: DistrictCode, status: EntrustmentStatus): Promise<EntrustmentRecord[]>;
}
/** See {@link EntrustmentsReads}. */
export interface EntrustmentsWrites {
  /**
   * Creates or replaces an entrustment (by id). With `expect`, a conditional write: it happens only if the stored
   * entrustment still has that status and `updatedAt` (as read), else `StoreConflictError` (`state`).
   */
  putEntrustment(rec: EntrustmentRecord, expect?: Expected<EntrustmentRecord['status']>): Promise<void>;
}

// ───────────── applications (积分申请) ─────────────

/** Applications of a person in a round, their scans by status, receipt numbers and publishing. */
export interface ApplicationsReads {
  getApplication(id: string): Promise<ApplicationRecord | null>;
  /** A person's applications, newest first. */
  listApplicationsByPerson(personKey: PersonKey): Promise<ApplicationRecord[]>;
  /** Applications an openid created (for itself or as agent), newest first. */
  listApplicationsByCreator(openid: string): Promise<ApplicationRecord[]>;
  /** Applications in some statuses, by result date then id, a page at a time (≤ `SCAN_PAGE_MAX`). */
  listApplicationsByStatus(scan: ApplicationScan): Promise<ApplicationPage>;
  /** How many applications {@link ApplicationsReads.listApplicationsByStatus} would list in all. */
  countApplicationsByStatus(scan: Pick<ApplicationScan, 'statuses' | 'resultDateTo'>): Promise<number>;
}
/** See {@link ApplicationsReads}. */
export interface ApplicationsWrites {
  /**
   * Creates or replaces an application (by id). With `expect`, a conditional write: it happens only if the stored
   * application still has that status and `updatedAt` (as read), else `StoreConflictError` (`state`), so two
   * concurrent changes of one case cannot both act.
   */
  putApplication(rec: ApplicationRecord, expect?: Expected<ApplicationRecord['status']>): Promise<void>;
}
/**
 * Numbers unique under concurrency. Inside a transaction a sequence call counts as a read (before the first write);
 * SQLite rolls it back with the transaction, CloudBase takes it at once (a failed transaction leaves a gap in the
 * numbers, never a duplicate).
 */
export interface ApplicationsSequences {
  /** The next receipt number of a round: 1, 2, 3 … never the same twice. */
  nextReceiptSeq(roundId: string): Promise<number>;
}
/** Bulk operations: on the store only, never inside a transaction (each is idempotent and safe to re-run). */
export interface ApplicationsBulk {
  /**
   * Publishes up to `limit` (default `SCAN_PAGE_MAX`, at most `PUBLISH_BATCH_MAX`; CloudBase at most `SCAN_PAGE_MAX`
   * a call) cases with status `decided` whose result date is on or before `today`, earliest result date first:
   * records a 'result' outbox message per subscriber (deterministic ids) and, when `audit` is given, each case's
   * `publishAuditEntry`, and sets status `published` and `publishedAt = at` — a case is never published without its
   * messages and trail entry (SQLite: one transaction per call; CloudBase: messages and entries first, so should it
   * stop half-way the cases are still `decided` and the next call records the same ids again, kept once). Returns
   * what it published, by result date then id; call again until it returns none.
   */
  publishDue(today: ISODate, at: string, limit?: number, audit?: PublishAudit): Promise<PublishedCase[]>;
  /**
   * Confirms up to `limit` (as publishDue) cases with status `published` whose result date is on or before
   * `resultDateTo` and that were published before `publishedBefore` (an ISO instant; the caller's cutoff: their
   * dispute window has ended): status `confirmed`, `confirmedOn`, `updatedAt = at` and, with `audit`, each case's
   * trail entry. Set-based and idempotent; call again until none.
   */
  confirmDue(
    resultDateTo: ISODate,
    publishedBefore: string,
    confirmedOn: ISODate,
    at: string,
    limit?: number,
    audit?: PublishAudit,
  ): Promise<ConfirmedCase[]>;
}

// ───────────── review (阅卷 tasks) ─────────────

/** Review tasks: one claimed indicator of one application, routed to its department. */
export interface ReviewReads {
  getTask(id: string): Promise<TaskRecord | null>;
  /** An application's tasks, by indicator id. */
  listTasksByApplication(applicationId: string): Promise<TaskRecord[]>;
  /** A department's tasks, oldest result date first, a page at a time (≤ `TASK_PAGE_MAX`). */
  listTasksByDepartment(query: TaskQuery): Promise<TaskPage>;
}
/** See {@link ReviewReads}. */
export interface ReviewWrites {
  /**
   * Creates or replaces a review task (by id; the whole task, its `history` included). With `expect`, a conditional
   * write: it happens only if the stored task still has that status and `updatedAt` (as read), else
   * `StoreConflictError` (`state`).
   */
  putTask(rec: TaskRecord, expect?: Expected<TaskRecord['status']>): Promise<void>;
}

// ───────────── disputes (异议 and 复核) ─────────────

/** Disputes (one per case), their re-review tasks and the re-review limit. */
export interface DisputesReads {
  getDispute(id: string): Promise<DisputeRecord | null>;
  /** Disputes of a district, open ones first (raised, returned, reviewing, decided), then oldest first. */
  listDisputesByDistrict(district: DistrictCode, limit: number): Promise<DisputeRecord[]>;
  getRecheck(id: string): Promise<RecheckRecord | null>;
  /** A dispute's re-review tasks, by indicator id. */
  listRechecksByDispute(disputeId: string): Promise<RecheckRecord[]>;
  /** A department's re-review tasks, oldest first, a page at a time (≤ 100). */
  listRechecksByDepartment(query: RecheckQuery): Promise<RecheckPage>;
  /** Pending re-reviews whose `dueOn` is before `today`, oldest due first (≤ `limit`). */
  listOverdueRechecks(today: ISODate, limit: number): Promise<RecheckRecord[]>;
  /** The administrator's re-review limit, or null (the default applies). */
  getRecheckLimit(): Promise<RecheckLimitSetting | null>;
}
/** See {@link DisputesReads}. */
export interface DisputesWrites {
  /** Creates or replaces a dispute; with `expect`, a conditional write (status and `updatedAt` as read). */
  putDispute(rec: DisputeRecord, expect?: Expected<DisputeRecord['status']>): Promise<void>;
  /** Creates or replaces a re-review task; with `expect`, a conditional write. */
  putRecheck(rec: RecheckRecord, expect?: Expected<RecheckRecord['status']>): Promise<void>;
  /** Sets the re-review limit. */
  putRecheckLimit(rec: RecheckLimitSetting): Promise<void>;
}

// ───────────── materials and upload tickets ─────────────

/** Stored files attached to applications or entrustments, and the single-use tickets to upload them. */
export interface MaterialsReads {
  getMaterial(id: string): Promise<MaterialRecord | null>;
  /** An application's materials, by key then upload time. */
  listMaterialsByApplication(applicationId: string): Promise<MaterialRecord[]>;
  /** An entrustment's materials, by upload time. */
  listMaterialsByEntrustment(entrustmentId: string): Promise<MaterialRecord[]>;
  getUploadTicket(id: string): Promise<UploadTicket | null>;
}
/** See {@link MaterialsReads}. */
export interface MaterialsWrites {
  /** Creates or replaces a material (by id). */
  putMaterial(rec: MaterialRecord): Promise<void>;
  /** Removes a material record (the file stays: reused materials may share it); missing is not an error. */
  removeMaterial(id: string): Promise<void>;
  /** Creates or replaces an upload ticket (by id). */
  putUploadTicket(rec: UploadTicket): Promise<void>;
}

// ───────────── delivery (outbox) ─────────────

/** Subscribe messages to send. */
export interface DeliveryReads {
  /** Unsent outbox messages, oldest first (≤ 1000). */
  listUnsentOutbox(limit: number): Promise<OutboxMessage[]>;
}
/** See {@link DeliveryReads}. */
export interface DeliveryWrites {
  /** Records a message, create-if-absent: an existing id is left as it is. */
  appendOutbox(msg: OutboxMessage): Promise<void>;
  /** Marks a message sent. */
  markOutboxSent(id: string, at: string): Promise<void>;
  /** Counts a failed send (the message stays unsent). */
  markOutboxFailed(id: string, at: string, error: string): Promise<void>;
}

// ───────────── audit ─────────────

/** The audit trail, counted refusals included. */
export interface AuditReads {
  /** Audit entries of one target or one actor, newest first, a page at a time. */
  listAudit(query: AuditQuery): Promise<AuditPage>;
  /** How many refusals {@link AuditWrites.countRefusal} counted for `actor` in `minute` (see `refusalMinute`). */
  countRefusalsInMinute(actor: string, minute: string): Promise<number>;
}
/** See {@link AuditReads}. */
export interface AuditWrites {
  /** Appends an entry; an entry whose id already exists is left as it is. */
  appendAudit(entry: AuditEntry): Promise<void>;
  /**
   * Records a refused mutation in a bounded way: the audit entry `refusalAuditId` of its minute, caller, function,
   * action, target and code is created with count 1, or its count goes up by one (upsert; concurrent refusals are
   * all counted).
   */
  countRefusal(e: RefusalEvent): Promise<void>;
}

// ───────────── requests (idempotency) ─────────────

/** Recorded outcomes of mutations, so a retry answers the same. */
export interface RequestsReads {
  /** The recorded outcome of a mutation, or null. */
  getRequest(key: string): Promise<RequestRecord | null>;
}
/** See {@link RequestsReads}. */
export interface RequestsWrites {
  /** Records a mutation's outcome, create-if-absent: an existing key fails with `StoreConflictError` (`request`). */
  putRequest(record: RequestRecord): Promise<void>;
}

// ───────────── documents (积分有效凭证) ─────────────

/** Issued documents, by number and by case. */
export interface DocumentsReads {
  /** The document with this number, or null. */
  getDocument(number: string): Promise<DocumentRecord | null>;
  /** A case's documents, oldest revision first. */
  listDocumentsByApplication(applicationId: string): Promise<DocumentRecord[]>;
}
/** See {@link DocumentsReads}. */
export interface DocumentsWrites {
  /**
   * Creates or replaces a document (by number). With `expect`, a conditional write: only if the stored document still
   * has that status and `updatedAt`, else `StoreConflictError` (`state`).
   */
  putDocument(rec: DocumentRecord, expect?: Expected<DocumentRecord['status']>): Promise<void>;
}

// ───────────── settlements (积分落户申请) ─────────────

/** Settlement applications: one per person per round, the window's queue, the line's ranking, lapsed notices. */
export interface SettlementsReads {
  getSettlement(id: string): Promise<SettlementRecord | null>;
  /** A person's settlement application in a round (at most one), or null. */
  findSettlementByPerson(personKey: PersonKey, roundId: string): Promise<SettlementRecord | null>;
  /**
   * A round's applications in one status (optionally of one district), oldest (last) submission first, then id, a
   * page at a time (≤ 1000): the 市公安局 queue, the admitted list.
   */
  listSettlementsByStatus(query: SettlementQuery): Promise<SettlementPage>;
  /**
   * Every `verified` application of a round as id, confirmed total and submission time only — what ranking and the
   * line need, read without the records — highest total first, then earliest submission, then id.
   */
  listSettlementTotals(roundId: string): Promise<SettlementTotal[]>;
  /**
   * The totals of {@link listSettlementTotals} counted: one entry per distinct total with how many `verified`
   * applications of the round have it, highest first — the line preview's distribution without reading every id.
   */
  countSettlementTotals(roundId: string): Promise<SettlementTotalCount[]>;
  /** `noticed` applications whose notice's last valid day is before `today`, earliest first (≤ `limit`, ≤ 1000). */
  listLapsedNotices(today: ISODate, limit: number): Promise<SettlementRecord[]>;
}
/** See {@link SettlementsReads}. */
export interface SettlementsWrites {
  /**
   * Creates or replaces a settlement application (by id). With `expect`, a conditional write: only if the stored one
   * still has that status and `updatedAt` (as read), else `StoreConflictError` (`state`).
   */
  putSettlement(rec: SettlementRecord, expect?: Expected<SettlementRecord['status']>): Promise<void>;
}

// ───────────── publicity (落户分数线, 公示名单, 公示异议) ─────────────

/** A round's settlement line, its published admitted list and the objections to it. */
export interface PublicityReads {
  /** The round's line record, or null (nothing set yet: the rule data's defaults apply). */
  getSettlementLine(roundId: string): Promise<SettlementLineRecord | null>;
  /** Every round's line record in one status, by round id (the scheduler's rounds to continue or close). */
  listSettlementLinesByStatus(status: SettlementLineRecord['status']): Promise<SettlementLineRecord[]>;
  getPublicityEntry(id: string): Promise<PublicityEntry | null>;
  /** A round's entries in one status (and, if given, notice state), by `seq`, a page at a time (≤ `PUBLICITY_PAGE_MAX`). */
  listPublicityEntries(query: PublicityQuery): Promise<PublicityPage>;
  /** How many entries of a round are in one status. */
  countPublicityEntries(roundId: string, status: PublicityEntry['status']): Promise<number>;
  getObjection(id: string): Promise<ObjectionRecord | null>;
  /** A round's objections (in one status, if given), oldest first, a page at a time (≤ `PUBLICITY_PAGE_MAX`). */
  listObjections(query: ObjectionQuery): Promise<ObjectionPage>;
  /** The objections to one entry, oldest first. */
  listObjectionsByEntry(entryId: string): Promise<ObjectionRecord[]>;
}
/** See {@link PublicityReads}. */
export interface PublicityWrites {
  /** Creates or replaces a round's line; with `expect`, a conditional write (status and `updatedAt` as read). */
  putSettlementLine(rec: SettlementLineRecord, expect?: Expected<SettlementLineRecord['status']>): Promise<void>;
  /** Creates or replaces an entry; with `expect`, a conditional write. */
  putPublicityEntry(rec: PublicityEntry, expect?: Expected<PublicityEntry['status']>): Promise<void>;
  /** Creates or replaces an objection; with `expect`, a conditional write. */
  putObjection(rec: ObjectionRecord, expect?: Expected<ObjectionRecord['status']>): Promise<void>;
}

// ───────────── the descriptor ─────────────

/** Every area's interfaces by kind: `reads` and `writes`, and where an area has them `sequences` and `bulk`. */
export interface AreaInterfaces {
  rounds: { reads: RoundsReads; writes: RoundsWrites };
  drafts: { reads: DraftsReads; writes: DraftsWrites };
  people: { reads: PeopleReads; writes: PeopleWrites };
  entrustments: { reads: EntrustmentsReads; writes: EntrustmentsWrites };
  applications: {
    reads: ApplicationsReads;
    writes: ApplicationsWrites;
    sequences: ApplicationsSequences;
    bulk: ApplicationsBulk;
  };
  review: { reads: ReviewReads; writes: ReviewWrites };
  disputes: { reads: DisputesReads; writes: DisputesWrites };
  materials: { reads: MaterialsReads; writes: MaterialsWrites };
  delivery: { reads: DeliveryReads; writes: DeliveryWrites };
  audit: { reads: AuditReads; writes: AuditWrites };
  requests: { reads: RequestsReads; writes: RequestsWrites };
  documents: { reads: DocumentsReads; writes: DocumentsWrites };
  settlements: { reads: SettlementsReads; writes: SettlementsWrites };
  publicity: { reads: PublicityReads; writes: PublicityWrites };
}

/** An area's name. */
export type AreaName = keyof AreaInterfaces;
/** What a method does inside a transaction: a read, a write, a sequence number (a read), or bulk (never inside). */
export type MethodKind = 'reads' | 'writes' | 'sequences' | 'bulk';

/** The shape {@link AREAS} must have: per area and kind, method names of that interface. */
type Descriptor = {
  [A in AreaName]: { [K in keyof AreaInterfaces[A]]: readonly (keyof AreaInterfaces[A][K] & string)[] };
};

/** The method names of every area, by kind: the one list everything else takes them from. */
export const AREAS = {
  rounds: {
    reads: ['listPolicyVersions', 'listRoundOverrides', 'listHolidayTables', 'referenceVersion'],
    writes: ['publishPolicyVersion', 'putRoundOverride', 'putHolidayTable'],
  },
  drafts: {
    reads: ['getDraft', 'listDrafts', 'countDrafts'],
    writes: ['putDraft', 'removeDraft'],
  },
  people: {
    reads: [
      'getPrivacyAcceptance',
      'getIdentity',
      'getIdentityByPerson',
      'listFraudFindings',
      'listRolesOf',
      'listRoles',
    ],
    writes: ['putPrivacyAcceptance', 'putIdentity', 'putFraudFinding', 'putRole', 'removeRole'],
  },
  entrustments: {
    reads: ['getEntrustment', 'listEntrustmentsByAgent', 'listEntrustmentsByPrincipal', 'listEntrustmentsByDistrict'],
    writes: ['putEntrustment'],
  },
  applications: {
    reads: [
      'getApplication',
      'listApplicationsByPerson',
      'listApplicationsByCreator',
      'listApplicationsByStatus',
      'countApplicationsByStatus',
    ],
    writes: ['putApplication'],
    sequences: ['nextReceiptSeq'],
    bulk: ['publishDue', 'confirmDue'],
  },
  review: {
    reads: ['getTask', 'listTasksByApplication', 'listTasksByDepartment'],
    writes: ['putTask'],
  },
  disputes: {
    reads: [
      'getDispute',
      'listDisputesByDistrict',
      'getRecheck',
      'listRechecksByDispute',
      'listRechecksByDepartment',
      'listOverdueRechecks',
      'getRecheckLimit',
    ],
    writes: ['putDispute', 'putRecheck', 'putRecheckLimit'],
  },
  materials: {
    reads: ['getMaterial', 'listMaterialsByApplication', 'listMaterialsByEntrustment', 'getUploadTicket'],
    writes: ['putMaterial', 'removeMaterial', 'putUploadTicket'],
  },
  delivery: {
    reads: ['listUnsentOutbox'],
    writes: ['appendOutbox', 'markOutboxSent', 'markOutboxFailed'],
  },
  audit: {
    reads: ['listAudit', 'countRefusalsInMinute'],
    writes: ['appendAudit', 'countRefusal'],
  },
  requests: {
    reads: ['getRequest'],
    writes: ['putRequest'],
  },
  documents: {
    reads: ['getDocument', 'listDocumentsByApplication'],
    writes: ['putDocument'],
  },
  settlements: {
    reads: [
      'getSettlement',
      'findSettlementByPerson',
      'listSettlementsByStatus',
      'listSettlementTotals',
      'countSettlementTotals',
      'listLapsedNotices',
    ],
    writes: ['putSettlement'],
  },
  publicity: {
    reads: [
      'getSettlementLine',
      'listSettlementLinesByStatus',
      'getPublicityEntry',
      'listPublicityEntries',
      'countPublicityEntries',
      'getObjection',
      'listObjections',
      'listObjectionsByEntry',
    ],
    writes: ['putSettlementLine', 'putPublicityEntry', 'putObjection'],
  },
} as const satisfies Descriptor;

/** Methods an interface has that its {@link AREAS} entry does not list (never, when the entry is complete). */
type Unlisted = {
  [A in AreaName]: {
    [K in keyof AreaInterfaces[A]]: Exclude<
      keyof AreaInterfaces[A][K],
      K extends keyof (typeof AREAS)[A] ? ((typeof AREAS)[A][K] extends readonly (infer N)[] ? N : never) : never
    >;
  }[keyof AreaInterfaces[A]];
}[AreaName];
/** Compiles only when every interface's methods are all listed in {@link AREAS}; otherwise names the missing ones. */
const everyMethodListed: [Unlisted] extends [never] ? true : { unlisted: Unlisted } = true;
void everyMethodListed;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
/** Every area's interface of one kind, as one type. */
type AllOf<K extends MethodKind> = UnionToIntersection<
  { [A in AreaName]: K extends keyof AreaInterfaces[A] ? AreaInterfaces[A][K] : never }[AreaName]
>;

/** One area's operations, all kinds together: what each adapter implements per area (`const drafts: AreaOf<'drafts'>`). */
export type AreaOf<A extends AreaName> = UnionToIntersection<AreaInterfaces[A][keyof AreaInterfaces[A]]>;

/** The method names of one kind, over every area. */
export type MethodName<K extends MethodKind> = {
  [A in AreaName]: K extends keyof (typeof AREAS)[A]
    ? (typeof AREAS)[A][K] extends readonly (infer N)[]
      ? N
      : never
    : never;
}[AreaName];

/** The method names of one kind over every area, in {@link AREAS} order. */
export function methodsOf<K extends MethodKind>(kind: K): readonly MethodName<K>[] {
  const out: string[] = [];
  for (const area of Object.values(AREAS) as Partial<Record<MethodKind, readonly string[]>>[]) {
    out.push(...(area[kind] ?? []));
  }
  return out as MethodName<K>[];
}

// ───────────── the composed store ─────────────

/** Every area's reads. Inside a transaction every read must come before the first write (see {@link Store.transaction}). */
export type StoreReader = AllOf<'reads'>;
/** Every area's writes. Outside a transaction each applies at once; inside one they apply at commit. */
export type StoreWriter = AllOf<'writes'>;
/** Every area's sequence numbers (inside a transaction they count as reads). */
export type StoreSequences = AllOf<'sequences'>;
/** Every area's bulk operations: on the store only, never inside a transaction. */
export type StoreBulk = AllOf<'bulk'>;

/** What a transaction callback gets: the store's reads and writes, bound to the transaction. */
export interface StoreTx extends StoreReader, StoreWriter, StoreSequences {}

/** The store. */
export interface Store extends StoreTx, StoreBulk {
  /**
   * Runs `fn` as one unit: its writes are all kept when it resolves and none when it rejects. Rules, enforced by
   * both adapters: reads come before the first write (CloudBase transactions cover single documents only, so the
   * CloudBase adapter applies the writes at commit; a read after a write would not see them), only `tx` is used
   * inside, and transactions do not nest. A write refused with `StoreConflictError` (a uniqueness rule, or a
   * conditional write whose record changed) fails the whole transaction with that error, even when `fn` catches it
   * (CloudBase only learns of it at commit). Writes of one mutation must be replay-safe (deterministic ids, whole
   * documents): should a CloudBase commit stop half-way, the retry of the same request completes it.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}
