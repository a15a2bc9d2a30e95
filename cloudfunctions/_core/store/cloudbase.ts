/**
 * CloudBase adapter (production): the store over the cloud database that wx-server-sdk's `cloud.database()` returns,
 * seen through {@link CloudBaseDbLike}, the small subset of its API this adapter uses.
 *
 * Kept within CloudBase's limits:
 * - a server query returns at most 1000 documents (100 when no limit is given), so lists page with skip/limit;
 * - atomicity covers one document, so a transaction buffers its writes and applies them at commit, each as one
 *   single-document operation; uniqueness (request records, policy versions, audit ids, identity keys, receipt
 *   numbers) comes from deterministic `_id`s created with `add`, which fails when the id exists; the only
 *   multi-document write is publishDue's `where({ _id: in(ids) }).update()` (idempotent, outside transactions);
 * - every queried or sorted field has an index (deploy/collections.json, checked by a test);
 * - documents are read with `where({ _id })` (an empty result when missing) rather than `doc().get()`, which rejects
 *   for a missing document in wx-server-sdk;
 * - content whose keys come from users (profiles) or that is a whole document (policies, rounds, holiday tables,
 *   responses) is stored as a JSON string: keys with `.` or `$` would otherwise be read as paths or operators.
 *
 * The case collections of issue 4 are in cloudbase-cases.ts.
 */
import type { HolidayTable } from '../../../shared/calendar';
import type { Round } from '../../../shared/rounds';
import { guardedTx, STORE_METHODS, TxScope } from './tx';
import { auditDocOf, CASE_COLLECTIONS, caseOperations } from './cloudbase-cases';
import {
  auditPageSize,
  auditSeq,
  refusalAuditEntry,
  refusalMinute,
  StoreConflictError,
  type AuditEntry,
  type DraftRecord,
  type PublishedPolicy,
  type RequestRecord,
  type Store,
  type StoreBulk,
  type StoreReader,
  type StoreSequences,
  type StoreTx,
  type StoreWriter,
} from './types';

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
  ...CASE_COLLECTIONS,
} as const;

/** CloudBase's largest page for a server-side query. */
export const CLOUDBASE_MAX_LIMIT = 1000;

/** Every document of a query, a page of {@link CLOUDBASE_MAX_LIMIT} at a time (the query must have a total order). */
async function getAll(query: CloudBaseQuery): Promise<CloudBaseDoc[]> {
  const out: CloudBaseDoc[] = [];
  for (let skip = 0; ; skip += CLOUDBASE_MAX_LIMIT) {
    const page = skip === 0 ? query : query.skip(skip);
    const { data } = await page.limit(CLOUDBASE_MAX_LIMIT).get();
    out.push(...data);
    if (data.length < CLOUDBASE_MAX_LIMIT) return out;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));

function draftOf(d: CloudBaseDoc): DraftRecord {
  return {
    id: str(d._id),
    owner: str(d.owner),
    title: str(d.title),
    profile: JSON.parse(str(d.profileJson)) as Record<string, unknown>,
    createdAt: str(d.createdAt),
    updatedAt: str(d.updatedAt),
  };
}

function auditOf(d: CloudBaseDoc): AuditEntry {
  const e: AuditEntry = {
    id: str(d._id),
    at: str(d.at),
    actor: str(d.actor),
    actingFor: d.actingFor === null || d.actingFor === undefined ? null : str(d.actingFor),
    fn: str(d.fn),
    action: str(d.action),
    target: str(d.target),
    result: str(d.result),
  };
  if (typeof d.requestId === 'string') e.requestId = d.requestId;
  if (typeof d.count === 'number') e.count = d.count;
  return e;
}

/**
 * Creates a CloudBase store over `db` (in production `cloud.database()` adapted by `_core/wx.ts`; in tests the
 * in-memory fake of test/store/cloudbase-fake.ts).
 */
export function createCloudBaseStore(db: CloudBaseDbLike): Store {
  const col = (name: string) => db.collection(name);
  const byId = async (name: string, id: string): Promise<CloudBaseDoc | null> => {
    const { data } = await col(name).where({ _id: id }).limit(1).get();
    return data[0] ?? null;
  };
  /** `add` with a chosen `_id`; false when the id exists. Other failures propagate. */
  const createIfAbsent = async (name: string, doc: CloudBaseDoc): Promise<boolean> => {
    try {
      await col(name).add({ data: doc });
      return true;
    } catch (e) {
      // The SDK's duplicate-key error has no stable shape, so ask the database instead of parsing the message.
      if (await byId(name, doc._id)) return false;
      throw e;
    }
  };

  const cases = caseOperations({
    col,
    command: db.command,
    byId,
    createIfAbsent,
    getAll,
    maxLimit: CLOUDBASE_MAX_LIMIT,
  });

  const reader: StoreReader = {
    ...cases.reader,
    async getDraft(owner, id) {
      const d = await byId(COLLECTIONS.drafts, id);
      return d && d.owner === owner ? draftOf(d) : null;
    },
    async listDrafts(owner) {
      const q = col(COLLECTIONS.drafts).where({ owner }).orderBy('updatedAt', 'desc').orderBy('_id', 'desc');
      return (await getAll(q)).map(draftOf);
    },
    async countDrafts(owner) {
      return (await col(COLLECTIONS.drafts).where({ owner }).count()).total;
    },
    async listPolicyVersions() {
      const docs = await getAll(col(COLLECTIONS.policyVersions).orderBy('_id', 'asc'));
      return docs
        .map((d) => ({
          policy: JSON.parse(str(d.policyJson)) as PublishedPolicy['policy'],
          publishedAt: str(d.publishedAt),
          publishedBy: str(d.publishedBy),
        }))
        .sort((a, b) =>
          a.policy.effectiveFrom === b.policy.effectiveFrom
            ? a.policy.id < b.policy.id
              ? -1
              : 1
            : a.policy.effectiveFrom < b.policy.effectiveFrom
              ? -1
              : 1,
        );
    },
    async listRoundOverrides() {
      const docs = await getAll(col(COLLECTIONS.roundOverrides).orderBy('_id', 'asc'));
      return docs.map((d) => JSON.parse(str(d.roundJson)) as Round).sort((a, b) => a.year - b.year);
    },
    async listHolidayTables() {
      const docs = await getAll(col(COLLECTIONS.holidayTables).orderBy('_id', 'asc'));
      return docs.map((d) => JSON.parse(str(d.tableJson)) as HolidayTable).sort((a, b) => a.year - b.year);
    },
    async listAudit(query) {
      const limit = auditPageSize(query.limit);
      const cond: Record<string, unknown> =
        query.target !== undefined ? { target: query.target } : { actor: query.actor as string };
      if (query.before !== undefined) cond.seq = db.command.lt(query.before);
      const { data } = await col(COLLECTIONS.audit)
        .where(cond)
        .orderBy('seq', 'desc')
        .limit(limit + 1)
        .get();
      const entries = data.slice(0, limit).map(auditOf);
      const last = entries[entries.length - 1];
      return data.length > limit && last ? { entries, next: auditSeq(last) } : { entries };
    },
    async countRefusalsInMinute(actor, minute) {
      // At most a few rows a caller and minute: the dispatcher answers RATE_LIMITED past its limit.
      const docs = await getAll(col(COLLECTIONS.audit).where({ actor, minute }).orderBy('_id', 'asc'));
      return docs.reduce((n, d) => n + (typeof d.count === 'number' ? d.count : 0), 0);
    },
    async getRequest(key) {
      const d = await byId(COLLECTIONS.requests, key);
      if (!d) return null;
      return {
        key: str(d._id),
        actor: str(d.actor),
        fn: str(d.fn),
        action: str(d.action),
        requestId: str(d.requestId),
        payloadHash: str(d.payloadHash),
        response: JSON.parse(str(d.responseJson)) as unknown,
        at: str(d.at),
      };
    },
  };

  const writer: StoreWriter = {
    ...cases.writer,
    async putDraft(d) {
      await col(COLLECTIONS.drafts)
        .doc(d.id)
        .set({
          data: {
            owner: d.owner,
            title: d.title,
            profileJson: JSON.stringify(d.profile),
            createdAt: d.createdAt,
            updatedAt: d.updatedAt,
          },
        });
    },
    async removeDraft(owner, id) {
      // Ownership is checked before removing: a single-document remove cannot carry the condition.
      const d = await byId(COLLECTIONS.drafts, id);
      if (d && d.owner === owner) await col(COLLECTIONS.drafts).doc(id).remove();
    },
    async publishPolicyVersion(p) {
      const created = await createIfAbsent(COLLECTIONS.policyVersions, {
        _id: p.policy.id,
        effectiveFrom: p.policy.effectiveFrom,
        policyJson: JSON.stringify(p.policy),
        publishedAt: p.publishedAt,
        publishedBy: p.publishedBy,
      });
      if (!created) throw new StoreConflictError('policy', p.policy.id);
    },
    async putRoundOverride(round) {
      await col(COLLECTIONS.roundOverrides)
        .doc(String(round.year))
        .set({ data: { year: round.year, roundJson: JSON.stringify(round) } });
    },
    async putHolidayTable(table) {
      await col(COLLECTIONS.holidayTables)
        .doc(String(table.year))
        .set({ data: { year: table.year, tableJson: JSON.stringify(table) } });
    },
    async appendAudit(e) {
      const doc = auditDocOf(e);
      await createIfAbsent(COLLECTIONS.audit, doc); // an existing id is the same entry replayed: keep it
    },
    async countRefusal(e) {
      const entry = refusalAuditEntry(e);
      const bump = () =>
        col(COLLECTIONS.audit)
          .doc(entry.id)
          .update({ data: { count: db.command.inc(1) } });
      // Update first (the usual case in a burst), create when missing; a create lost to a concurrent one is an update.
      if ((await bump()).stats.updated > 0) return;
      if (await createIfAbsent(COLLECTIONS.audit, { ...auditDocOf(entry), minute: refusalMinute(e.at) })) return;
      await bump();
    },
    async putRequest(r: RequestRecord) {
      const created = await createIfAbsent(COLLECTIONS.requests, {
        _id: r.key,
        actor: r.actor,
        fn: r.fn,
        action: r.action,
        requestId: r.requestId,
        payloadHash: r.payloadHash,
        responseJson: JSON.stringify(r.response ?? null),
        at: r.at,
      });
      if (!created) throw new StoreConflictError('request', r.key);
    },
  };

  /** The checks of writes that can conflict, run by the commit before writing anything. */
  const precheck = (name: keyof StoreWriter, arg: unknown): (() => Promise<void>) | null => {
    const exists = (collection: string, id: string, kind: 'request' | 'policy') => async () => {
      if (await byId(collection, id)) throw new StoreConflictError(kind, id);
    };
    if (name === 'putRequest') return exists(COLLECTIONS.requests, (arg as RequestRecord).key, 'request');
    if (name === 'publishPolicyVersion')
      return exists(COLLECTIONS.policyVersions, (arg as PublishedPolicy).policy.id, 'policy');
    return cases.precheck(name, arg);
  };

  const scope = new TxScope();
  const store = {} as Record<string, unknown>;
  for (const name of STORE_METHODS.reads) {
    const op = reader[name] as (...a: unknown[]) => Promise<unknown>;
    store[name] = async (...args: unknown[]) => {
      scope.assertOutside(name);
      return op(...args);
    };
  }
  for (const name of STORE_METHODS.writes) {
    const op = writer[name] as (...a: unknown[]) => Promise<unknown>;
    store[name] = async (...args: unknown[]) => {
      scope.assertOutside(name);
      return op(...args);
    };
  }
  const immediate: Record<string, (...a: unknown[]) => Promise<unknown>> = {
    ...cases.sequences,
    ...cases.bulk,
  } as never;
  for (const name of [...STORE_METHODS.sequences, ...STORE_METHODS.bulk]) {
    const op = immediate[name] as (...a: unknown[]) => Promise<unknown>;
    store[name] = async (...args: unknown[]) => {
      scope.assertOutside(name);
      return op(...args);
    };
  }

  const transaction = async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    scope.assertOutside('transaction');
    const pending: (() => Promise<unknown>)[] = [];
    const prechecks: (() => Promise<void>)[] = [];
    const buffered = {} as Record<string, unknown>;
    for (const name of STORE_METHODS.writes) {
      const op = writer[name] as (...a: unknown[]) => Promise<unknown>;
      buffered[name] = async (...args: unknown[]) => {
        // Copy now: the caller may change its objects before commit.
        const copy = JSON.parse(JSON.stringify(args)) as unknown[];
        pending.push(() => op(...copy));
        const check = precheck(name, copy[0]);
        if (check) prechecks.push(check);
      };
    }
    // Sequence numbers are taken at once (a claim document per number), not deferred to the commit.
    const { tx, close } = guardedTx(reader, buffered as unknown as StoreWriter, cases.sequences);
    let result: T;
    try {
      result = await scope.run(() => fn(tx));
    } finally {
      close();
    }
    // Uniqueness first, so that a known conflict leaves nothing written; only a concurrent commit within this very
    // moment can get past it, and then the create-if-absent below still refuses the duplicate.
    for (const check of prechecks) await check();
    // Commit: one single-document operation at a time, in order. Should it stop half-way, the writes are replay-safe
    // (Store.transaction), so the client's retry with the same request id completes them.
    for (const write of pending) await write();
    return result;
  };

  return Object.assign(store as unknown as StoreReader & StoreWriter & StoreSequences & StoreBulk, { transaction });
}
