/**
 * What the CloudBase areas share: the small subset of the CloudBase database API the adapter uses
 * ({@link CloudBaseDbLike}: wx-server-sdk's `cloud.database()` in production, test/store/cloudbase-fake.ts in tests),
 * the collection names, and the helpers every area reads and writes with.
 */
import { createHash } from 'crypto';
import { auditSeq } from '../derived';
import type { AuditEntry } from '../records';

/** A stored document. */
export type CloudBaseDoc = { _id: string } & Record<string, unknown>;

/** A query: `where` takes field equalities and `command` conditions; `get` answers at most 1000 documents. */
export interface CloudBaseQuery {
  where(condition: Record<string, unknown>): CloudBaseQuery;
  orderBy(field: string, order: 'asc' | 'desc'): CloudBaseQuery;
  skip(offset: number): CloudBaseQuery;
  limit(max: number): CloudBaseQuery;
  get(): Promise<{ data: CloudBaseDoc[] }>;
  count(): Promise<{ total: number }>;
  /** Updates the given fields of every matching document (values may be update commands such as `inc`). */
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
}

/** One document by id: whole-document writes only. */
export interface CloudBaseDocRef {
  /** Creates or replaces the document (`data` must not contain `_id`). */
  set(options: { data: Record<string, unknown> }): Promise<unknown>;
  remove(): Promise<{ stats: { removed: number } }>;
  /** Updates the given fields of an existing document (`updated` 0 when it is missing). */
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
}

/** A collection. */
export interface CloudBaseCollection extends CloudBaseQuery {
  doc(id: string): CloudBaseDocRef;
  /** Creates a document; rejects when `data._id` exists already. */
  add(options: { data: CloudBaseDoc }): Promise<{ _id: string | number }>;
}

/** Query commands (`db.command`); their values are opaque to the adapter. */
export interface CloudBaseCommand {
  eq(value: unknown): unknown;
  neq(value: unknown): unknown;
  gt(value: unknown): unknown;
  gte(value: unknown): unknown;
  lt(value: unknown): unknown;
  lte(value: unknown): unknown;
  in(values: unknown[]): unknown;
  /** Update command: adds `n` to a number field atomically. */
  inc(n: number): unknown;
}

/** The part of the CloudBase database API the adapter uses. */
export interface CloudBaseDbLike {
  collection(name: string): CloudBaseCollection;
  readonly command: CloudBaseCommand;
}

/** Collection names. Deployment data (deploy/collections.json) must list each with its indexes. */
export const COLLECTIONS = {
  drafts: 'drafts',
  policyVersions: 'policy_versions',
  roundOverrides: 'round_overrides',
  holidayTables: 'holiday_tables',
  audit: 'audit_log',
  requests: 'requests',
  privacyAcceptances: 'privacy_acceptances',
  identities: 'identities',
  identityKeys: 'identity_keys',
  fraudFindings: 'fraud_findings',
  roles: 'roles',
  entrustments: 'entrustments',
  applications: 'applications',
  tasks: 'tasks',
  materials: 'materials',
  uploadTickets: 'upload_tickets',
  outbox: 'outbox',
  receiptCounters: 'receipt_counters',
  receiptClaims: 'receipt_claims',
  documents: 'documents',
  disputes: 'disputes',
  rechecks: 'rechecks',
  settings: 'settings',
  settlements: 'settlements',
  settlementLines: 'settlement_lines',
  publicityEntries: 'publicity_entries',
  objections: 'objections',
} as const;

/** CloudBase's largest page for a server-side query. */
export const CLOUDBASE_MAX_LIMIT = 1000;

/** What every CloudBase area reads and writes with. */
export interface CloudBaseHelpers {
  col(name: string): CloudBaseCollection;
  command: CloudBaseCommand;
  /** The document with this id, or null (a query, since `doc().get()` rejects for a missing one in wx-server-sdk). */
  byId(name: string, id: string): Promise<CloudBaseDoc | null>;
  /** `add` with a chosen `_id`; false when the id exists. Other failures propagate. */
  createIfAbsent(name: string, doc: CloudBaseDoc): Promise<boolean>;
  /** Every document of a query, a page of {@link CLOUDBASE_MAX_LIMIT} at a time (the query must have a total order). */
  getAll(query: CloudBaseQuery): Promise<CloudBaseDoc[]>;
  maxLimit: number;
}

/** The helpers over one database. */
export function cloudBaseHelpers(db: CloudBaseDbLike): CloudBaseHelpers {
  const col = (name: string) => db.collection(name);
  const byId = async (name: string, id: string): Promise<CloudBaseDoc | null> => {
    const { data } = await col(name).where({ _id: id }).limit(1).get();
    return data[0] ?? null;
  };
  return {
    col,
    command: db.command,
    byId,
    async createIfAbsent(name, doc) {
      try {
        await col(name).add({ data: doc });
        return true;
      } catch (e) {
        // The SDK's duplicate-key error has no stable shape, so ask the database instead of parsing the message.
        if (await byId(name, doc._id)) return false;
        throw e;
      }
    },
    async getAll(query) {
      const out: CloudBaseDoc[] = [];
      for (let skip = 0; ; skip += CLOUDBASE_MAX_LIMIT) {
        const page = skip === 0 ? query : query.skip(skip);
        const { data } = await page.limit(CLOUDBASE_MAX_LIMIT).get();
        out.push(...data);
        if (data.length < CLOUDBASE_MAX_LIMIT) return out;
      }
    },
    maxLimit: CLOUDBASE_MAX_LIMIT,
  };
}

/** A stored value as a string. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
/** The record of a document whose content is the JSON string `docJson` (keys from users may hold `.` or `$`). */
export const docOf = <T>(d: CloudBaseDoc): T => JSON.parse(str(d.docJson)) as T;
/** A deterministic document id from parts. */
export const hashId = (...parts: string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40);
/** A comparator by a string key. */
export const byString =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;
/** The exclusive upper bound of `seq` for result dates on or before `day` (`|` < `}`). */
export const seqBound = (day: string): string => `${day}}`;

/**
 * The document of an audit entry in `COLLECTIONS.audit`: the fields the audit area writes and reads; publishDue
 * writes its trail entries with it.
 */
export function auditDocOf(e: AuditEntry): CloudBaseDoc {
  const doc: CloudBaseDoc = {
    _id: e.id,
    seq: auditSeq(e),
    at: e.at,
    actor: e.actor,
    actingFor: e.actingFor,
    fn: e.fn,
    action: e.action,
    target: e.target,
    result: e.result,
  };
  if (e.requestId !== undefined) doc.requestId = e.requestId;
  if (e.count !== undefined) doc.count = e.count;
  return doc;
}
