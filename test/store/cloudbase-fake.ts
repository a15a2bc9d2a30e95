/**
 * TEST FAKE — not CloudBase. An in-memory implementation of exactly the subset of the CloudBase database API that the
 * CloudBase store adapter uses ({@link CloudBaseDbLike}), written for the tests so the adapter runs without a network
 * (there is no CloudBase emulator, and wx-server-sdk's network calls crash Node 20 offline).
 *
 * It behaves like the server SDK where the adapter depends on it and is stricter elsewhere:
 * - `get()` answers at most 1000 documents: `limit(n)` above 1000 throws; without `limit`, 100 (the server default);
 * - `add` rejects an existing `_id`; `doc().set` rejects data containing `_id`;
 * - field names containing `.` or starting with `$` are rejected (CloudBase would read them as paths or operators);
 * - `where` supports top-level equality on scalars and the commands eq, neq, gt, gte, lt, lte, in; anything else
 *   (nested paths, object equality, unknown commands) throws, so an unsupported query fails the tests instead of
 *   silently matching differently from CloudBase;
 * - `update` (on a document or on a query) sets top-level fields; the only update command is `inc`; a document
 *   update of a missing document reports `updated: 0`, as the server SDK does;
 * - every query is recorded (`queries`) so a test can check it against the deployed indexes;
 * - `failWhen` makes chosen writes fail, to test commits that stop half-way; `beforeWrite` holds writes back, to
 *   interleave concurrent commits exactly.
 */
import type {
  CloudBaseCollection,
  CloudBaseCommand,
  CloudBaseDbLike,
  CloudBaseDoc,
  CloudBaseQuery,
} from '../../cloudfunctions/_core/store';

/** The server's limits as the fake enforces them. */
export const FAKE_MAX_LIMIT = 1000;
export const FAKE_DEFAULT_LIMIT = 100;

type Op = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in';

/** What `db.command.<op>(value)` returns in the fake. */
class FakeCommandValue {
  constructor(
    readonly op: Op,
    readonly value: unknown,
  ) {}
}

/** What `db.command.inc(n)` returns in the fake. */
class FakeInc {
  constructor(readonly n: number) {}
}

/** One recorded query: the collection, the fields of its condition and its sort keys. */
export interface RecordedQuery {
  collection: string;
  kind: 'get' | 'count' | 'update';
  where: string[];
  orderBy: { field: string; order: 'asc' | 'desc' }[];
}

/** A write about to happen, as `failWhen` sees it. */
export interface FakeWrite {
  collection: string;
  op: 'add' | 'set' | 'remove' | 'update';
  id: string;
}

interface QueryState {
  collection: string;
  where: Record<string, unknown>[];
  orderBy: { field: string; order: 'asc' | 'desc' }[];
  skip: number;
  limit?: number;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function checkFieldNames(value: unknown, where: string): void {
  if (Array.isArray(value)) return value.forEach((v) => checkFieldNames(v, where));
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('.') || k.startsWith('$'))
        throw new Error(`[fake] ${where}: field name "${k}" is not allowed in CloudBase`);
      checkFieldNames(v, where);
    }
  }
}

function isScalar(v: unknown): v is string | number | boolean | null {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a !== typeof b) throw new Error('[fake] comparing values of different types');
  return (a as string | number) < (b as string | number) ? -1 : 1;
}

/** The range commands, as tests on {@link compare}'s answer. */
const RANGE_TESTS: Record<Exclude<Op, 'eq' | 'neq' | 'in'>, (c: number) => boolean> = {
  gt: (c) => c > 0,
  gte: (c) => c >= 0,
  lt: (c) => c < 0,
  lte: (c) => c <= 0,
};

/** Whether a field's value satisfies one command; throws for operands CloudBase would treat differently. */
function commandMatches(actual: unknown, { op, value }: FakeCommandValue): boolean {
  if (op === 'in') {
    if (!Array.isArray(value) || !value.every(isScalar))
      throw new Error('[fake] unsupported query: in() needs scalars');
    return value.includes(actual as never);
  }
  if (!isScalar(value)) throw new Error(`[fake] unsupported query: ${op}() with a non-scalar`);
  if (op === 'eq') return actual === value;
  if (op === 'neq') return actual !== value;
  // A range never matches a missing field or one of another type.
  if (typeof actual !== typeof value || actual === null || actual === undefined) return false;
  return RANGE_TESTS[op](compare(actual, value));
}

function matches(doc: CloudBaseDoc, cond: Record<string, unknown>): boolean {
  for (const [field, expected] of Object.entries(cond)) {
    if (field.includes('.')) throw new Error(`[fake] unsupported query: nested path "${field}"`);
    const actual = doc[field];
    if (expected instanceof FakeCommandValue) {
      if (!commandMatches(actual, expected)) return false;
      continue;
    }
    if (!isScalar(expected)) throw new Error(`[fake] unsupported query: equality on a non-scalar for "${field}"`);
    if (actual !== expected) return false;
  }
  return true;
}

/** The fake database. */
export class FakeCloudBaseDb implements CloudBaseDbLike {
  /** Collections → documents by `_id`. */
  private readonly data = new Map<string, Map<string, CloudBaseDoc>>();
  /** Every query run, in order. */
  readonly queries: RecordedQuery[] = [];
  /** When set and returning true for a write, that write rejects (the document is left as it was). */
  failWhen: ((write: FakeWrite) => boolean) | undefined;
  /**
   * When set, awaited before each write (after `failWhen`): a test holds writes back with it to interleave two
   * commits exactly, e.g. both past their checks before either writes.
   */
  beforeWrite: ((write: FakeWrite) => Promise<void>) | undefined;
  private autoId = 0;

  readonly command: CloudBaseCommand = {
    eq: (v) => new FakeCommandValue('eq', v),
    neq: (v) => new FakeCommandValue('neq', v),
    gt: (v) => new FakeCommandValue('gt', v),
    gte: (v) => new FakeCommandValue('gte', v),
    lt: (v) => new FakeCommandValue('lt', v),
    lte: (v) => new FakeCommandValue('lte', v),
    in: (v) => new FakeCommandValue('in', v),
    inc: (n) => new FakeInc(n),
  };

  /** Every non-empty collection's documents, sorted by `_id`, for comparing states (reads leave no trace). */
  dump(): Record<string, CloudBaseDoc[]> {
    const out: Record<string, CloudBaseDoc[]> = {};
    for (const name of [...this.data.keys()].sort()) {
      const docs = [...(this.data.get(name) as Map<string, CloudBaseDoc>).values()];
      if (docs.length === 0) continue;
      out[name] = clone(docs.sort((a, b) => compare(a._id, b._id)));
    }
    return out;
  }

  /** Names of the collections that hold or held documents. */
  collectionNames(): string[] {
    return [...this.data.keys()].sort();
  }

  private docs(name: string): Map<string, CloudBaseDoc> {
    let m = this.data.get(name);
    if (!m) {
      m = new Map();
      this.data.set(name, m);
    }
    return m;
  }

  private async write(w: FakeWrite): Promise<void> {
    if (this.failWhen?.(w)) throw new Error(`[fake] injected failure: ${w.op} ${w.collection}/${w.id}`);
    await this.beforeWrite?.(w);
  }

  /** Applies an update's fields to a stored document. */
  private applyUpdate(name: string, doc: CloudBaseDoc, data: Record<string, unknown>): void {
    if ('_id' in data) throw new Error('[fake] update(): data must not contain _id');
    for (const [k, v] of Object.entries(data)) {
      if (k.includes('.') || k.startsWith('$'))
        throw new Error(`[fake] ${name}.update: field name "${k}" is not allowed`);
      if (v instanceof FakeInc) {
        const cur = doc[k];
        if (cur !== undefined && typeof cur !== 'number') throw new Error(`[fake] inc on a non-number field "${k}"`);
        doc[k] = (typeof cur === 'number' ? cur : 0) + v.n;
      } else if (v instanceof FakeCommandValue) {
        throw new Error(`[fake] unsupported update command ${v.op}`);
      } else {
        checkFieldNames(v, `${name}.update`);
        doc[k] = clone(v);
      }
    }
  }

  /** The stored documents a query's conditions match (not recorded as a query). */
  private matching(state: QueryState): CloudBaseDoc[] {
    return [...this.docs(state.collection).values()].filter((d) => state.where.every((c) => matches(d, c)));
  }

  private run(state: QueryState, kind: 'get' | 'count' | 'update'): CloudBaseDoc[] {
    this.queries.push({
      collection: state.collection,
      kind,
      where: [...new Set(state.where.flatMap((c) => Object.keys(c)))],
      orderBy: state.orderBy.slice(),
    });
    let docs = this.matching(state);
    if (kind === 'count' || kind === 'update') return docs;
    docs.sort((a, b) => {
      for (const { field, order } of state.orderBy) {
        const c = compare(a[field], b[field]);
        if (c !== 0) return order === 'asc' ? c : -c;
      }
      return 0;
    });
    docs = docs.slice(state.skip, state.skip + (state.limit ?? FAKE_DEFAULT_LIMIT));
    return clone(docs);
  }

  private query(state: QueryState): CloudBaseQuery {
    return {
      where: (condition) => {
        if (!condition || typeof condition !== 'object' || Array.isArray(condition)) {
          throw new Error('[fake] unsupported query: where() needs an object of fields');
        }
        return this.query({ ...state, where: [...state.where, condition] });
      },
      orderBy: (field, order) => {
        if (order !== 'asc' && order !== 'desc') throw new Error(`[fake] unsupported order "${String(order)}"`);
        if (field.includes('.')) throw new Error(`[fake] unsupported query: nested sort "${field}"`);
        return this.query({ ...state, orderBy: [...state.orderBy, { field, order }] });
      },
      skip: (offset) => {
        if (!Number.isInteger(offset) || offset < 0) throw new Error(`[fake] invalid skip ${offset}`);
        return this.query({ ...state, skip: offset });
      },
      limit: (max) => {
        if (!Number.isInteger(max) || max < 1) throw new Error(`[fake] invalid limit ${max}`);
        if (max > FAKE_MAX_LIMIT)
          throw new Error(`[fake] limit ${max} exceeds CloudBase's ${FAKE_MAX_LIMIT} documents per query`);
        return this.query({ ...state, limit: max });
      },
      get: async () => ({ data: this.run(state, 'get') }),
      count: async () => ({ total: this.run(state, 'count').length }),
      update: async ({ data }) => {
        if (state.skip || state.limit !== undefined || state.orderBy.length)
          throw new Error('[fake] update() on a sorted or paged query');
        // A query update of one document (`where({ _id, … })`) is atomic, as on the server: matched and applied
        // with no wait in between; the write hooks run first.
        const stored = this.docs(state.collection);
        for (const d of this.matching(state))
          await this.write({ collection: state.collection, op: 'update', id: d._id });
        const docs = this.run(state, 'update');
        for (const d of docs) this.applyUpdate(state.collection, stored.get(d._id) as CloudBaseDoc, data);
        return { stats: { updated: docs.length } };
      },
    };
  }

  collection(name: string): CloudBaseCollection {
    const docs = this.docs(name);
    return {
      ...this.query({ collection: name, where: [], orderBy: [], skip: 0 }),
      doc: (id) => ({
        set: async ({ data }) => {
          if ('_id' in data) throw new Error('[fake] set(): data must not contain _id');
          checkFieldNames(data, `${name}.set`);
          await this.write({ collection: name, op: 'set', id });
          const existed = docs.has(id);
          docs.set(id, { ...clone(data), _id: id });
          return { _id: id, stats: { updated: existed ? 1 : 0, created: existed ? 0 : 1 } };
        },
        remove: async () => {
          await this.write({ collection: name, op: 'remove', id });
          return { stats: { removed: docs.delete(id) ? 1 : 0 } };
        },
        update: async ({ data }) => {
          await this.write({ collection: name, op: 'update', id });
          const doc = docs.get(id);
          if (!doc) return { stats: { updated: 0 } };
          this.applyUpdate(name, doc, data);
          return { stats: { updated: 1 } };
        },
      }),
      add: async ({ data }) => {
        checkFieldNames(data, `${name}.add`);
        const id = data._id ?? `auto_${++this.autoId}`;
        await this.write({ collection: name, op: 'add', id });
        if (docs.has(id)) {
          throw Object.assign(new Error(`[fake] duplicate key: ${name}/${id}`), { errCode: -502001 });
        }
        docs.set(id, { ...clone(data), _id: id });
        return { _id: id };
      },
    };
  }
}
