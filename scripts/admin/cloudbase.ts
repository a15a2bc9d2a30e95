/**
 * `--store cloudbase`: the administrator CLI against a CloudBase environment through `@cloudbase/node-sdk`, its
 * database seen as the CloudBase store adapter's {@link CloudBaseDbLike}. Never reached by the tests (there is no
 * CloudBase emulator and the SDK's network calls must not run offline): they build {@link nodeSdkDatabase} over a
 * fake database instead.
 *
 * Differences from wx-server-sdk that the adaptation absorbs: `doc().set(data)` and `add(data)` take the document
 * itself (not `{ data }`), `add` answers `{ id }`, `remove` answers `{ deleted }`, `update` answers `{ updated }`, and a failed call may *resolve*
 * with `{ code, message }` instead of rejecting — here it always rejects, as the store adapter expects (its
 * create-if-absent relies on `add` failing for an existing `_id`).
 */
import type {
  CloudBaseCollection,
  CloudBaseDbLike,
  CloudBaseDoc,
  CloudBaseQuery,
} from '../../cloudfunctions/_core/store/cloudbase';

/** The part of a node-sdk query this adapter calls. */
export interface NodeSdkQuery {
  where(condition: object): NodeSdkQuery;
  orderBy(field: string, order: 'asc' | 'desc'): NodeSdkQuery;
  skip(offset: number): NodeSdkQuery;
  limit(max: number): NodeSdkQuery;
  get(): Promise<unknown>;
  count(): Promise<unknown>;
  update(data: object): Promise<unknown>;
}

/** The part of a node-sdk collection this adapter calls. */
export interface NodeSdkCollection extends NodeSdkQuery {
  doc(id: string): {
    set(data: object): Promise<unknown>;
    remove(): Promise<unknown>;
    update(data: object): Promise<unknown>;
  };
  add(data: object): Promise<unknown>;
}

/** The part of a node-sdk database (`app.database()`) this adapter calls. */
export interface NodeSdkDb {
  collection(name: string): NodeSdkCollection;
  command: Record<'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'inc', (value: never) => unknown>;
}

/** A failed node-sdk call (the SDK answered with a code instead of data). */
export class CloudBaseCallError extends Error {
  /** The SDK's error code, e.g. `DATABASE_REQUEST_FAILED`. */
  readonly code: string;

  /** @param what the call @param code the SDK's code @param message the SDK's message */
  constructor(what: string, code: string, message: string) {
    super(`${what}: ${code} ${message}`);
    this.name = 'CloudBaseCallError';
    this.code = code;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The SDK's answer, or a rejection when it carries an error code. */
async function checked(what: string, call: Promise<unknown>): Promise<Record<string, unknown>> {
  const res = (await call) as Record<string, unknown> | null | undefined;
  if (!res || typeof res !== 'object') throw new CloudBaseCallError(what, 'EMPTY_RESPONSE', 'no answer');
  if (res.code) throw new CloudBaseCallError(what, String(res.code), String(res.message ?? ''));
  return res;
}

function query(q: NodeSdkQuery, name: string): CloudBaseQuery {
  return {
    where: (condition) => query(q.where(condition), name),
    orderBy: (field, order) => query(q.orderBy(field, order), name),
    skip: (offset) => query(q.skip(offset), name),
    limit: (max) => query(q.limit(max), name),
    get: async () => {
      const res = await checked(`${name}.get`, q.get());
      return { data: (Array.isArray(res.data) ? res.data : []) as CloudBaseDoc[] };
    },
    count: async () => {
      const res = await checked(`${name}.count`, q.count());
      return { total: Number(res.total ?? 0) };
    },
    update: async (options) => {
      const res = await checked(`${name}.update`, q.update(options.data));
      return { stats: { updated: Number(res.updated ?? 0) } };
    },
  };
}

function collection(c: NodeSdkCollection, name: string): CloudBaseCollection {
  return {
    ...query(c, name),
    doc: (id) => ({
      set: (options) => checked(`${name}.doc.set`, c.doc(id).set(options.data)),
      remove: async () => {
        const res = await checked(`${name}.doc.remove`, c.doc(id).remove());
        return { stats: { removed: Number(res.deleted ?? 0) } };
      },
      update: async (options) => {
        const res = await checked(`${name}.doc.update`, c.doc(id).update(options.data));
        return { stats: { updated: Number(res.updated ?? 0) } };
      },
    }),
    add: async (options) => {
      const res = await checked(`${name}.add`, c.add(options.data));
      return { _id: (res.id as string | number | undefined) ?? options.data._id };
    },
  };
}

/** A node-sdk database as {@link CloudBaseDbLike}. */
export function nodeSdkDatabase(db: NodeSdkDb): CloudBaseDbLike {
  const _ = db.command;
  return {
    collection: (name) => collection(db.collection(name), name),
    command: {
      eq: (v) => _.eq(v as never),
      neq: (v) => _.neq(v as never),
      gt: (v) => _.gt(v as never),
      gte: (v) => _.gte(v as never),
      lt: (v) => _.lt(v as never),
      lte: (v) => _.lte(v as never),
      in: (v) => _.in(v as never),
      inc: (n) => _.inc(n as never),
    },
  };
}

/** What `--store cloudbase` needs from the environment. */
export interface CloudBaseEnv {
  env: string;
  secretId: string;
  secretKey: string;
}

/** Reads TCB_ENV / TCB_SECRET_ID / TCB_SECRET_KEY; throws a Chinese message naming the missing ones. */
export function cloudBaseEnv(vars: NodeJS.ProcessEnv = process.env): CloudBaseEnv {
  const missing = ['TCB_ENV', 'TCB_SECRET_ID', 'TCB_SECRET_KEY'].filter((k) => !vars[k]);
  if (missing.length) {
    throw new Error(`连接云开发环境需要环境变量 ${missing.join('、')}（云开发控制台 → 环境 ID；访问管理 → API 密钥）`);
  }
  return {
    env: vars.TCB_ENV as string,
    secretId: vars.TCB_SECRET_ID as string,
    secretKey: vars.TCB_SECRET_KEY as string,
  };
}

/** Connects to the CloudBase environment with `@cloudbase/node-sdk` (loaded only here, when asked for). */
export function connectCloudBase(vars: NodeJS.ProcessEnv = process.env): CloudBaseDbLike {
  const { env, secretId, secretKey } = cloudBaseEnv(vars);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tcb = require('@cloudbase/node-sdk') as { init(config: object): { database(): unknown } };
  const app = tcb.init({ env, secretId, secretKey });
  return nodeSdkDatabase(app.database() as NodeSdkDb);
}
