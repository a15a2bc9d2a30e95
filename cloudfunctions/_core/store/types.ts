/**
 * The store: everything the cloud functions persist, in domain terms. Two adapters implement it — SQLite
 * (`openSqliteStore`, local cloud and tests) and CloudBase (`createCloudBaseStore`, production) — and one contract
 * suite (test/store) holds both to the same behaviour. New areas (applications, reviews, disputes, vouchers) are
 * added here as further methods, each with its record type, so handlers never see tables or collections.
 */
import type { HolidayTable } from '../../../shared/calendar';
import type { PolicyVersion } from '../../../shared/policy';
import type { Round } from '../../../shared/rounds';

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
  /** The client request id of the mutation, when it had one. */
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
  /** Records a mutation's outcome, create-if-absent: an existing key fails with {@link StoreConflictError} (`kind: 'request'`). */
  putRequest(record: RequestRecord): Promise<void>;
}

/** What a transaction callback gets: the store's reads and writes, bound to the transaction. */
export interface StoreTx extends StoreReader, StoreWriter {}

/** The store. */
export interface Store extends StoreTx {
  /**
   * Runs `fn` as one unit: its writes are all kept when it resolves and none when it rejects. Rules, enforced by
   * both adapters: reads come before the first write (CloudBase transactions cover single documents only, so the
   * CloudBase adapter applies the writes at commit; a read after a write would not see them), only `tx` is used
   * inside, and transactions do not nest. Writes of one mutation must be replay-safe (deterministic ids, whole
   * documents): should a CloudBase commit stop half-way, the retry of the same request completes it.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
}

/** A uniqueness rule was hit: an existing request record or policy version. */
export class StoreConflictError extends Error {
  /** What collided. */
  readonly kind: 'request' | 'policy';
  /** The existing key or id. */
  readonly key: string;

  /** @param kind what collided @param key its key */
  constructor(kind: 'request' | 'policy', key: string) {
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
