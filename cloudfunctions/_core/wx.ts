/**
 * The production glue to wx-server-sdk, imported only by the entries `cloudfunctions/<name>/index.ts` (never by the
 * registry, the local cloud or the tests' store code). Identity comes from `cloud.getWXContext().OPENID` and nowhere
 * else; the event is passed on unread (the dispatcher drops its `userInfo`/`openid` fields).
 */
import * as cloud from 'wx-server-sdk';
import type { DB } from 'wx-server-sdk';
import { fail, type Envelope } from '../../shared/contracts';
import type { FunctionHandler } from './runtime';
// The CloudBase adapter only: the store index would also pull in the SQLite adapter and its native module.
import {
  createCloudBaseStore,
  type CloudBaseCollection,
  type CloudBaseDbLike,
  type CloudBaseDoc,
  type CloudBaseQuery,
} from './store/cloudbase';
import type { Store } from './store/types';
import { createCloudFileStorage } from './files/cloudbase';
import type { FileStorage } from './files/types';
import { wxContentChecker, type SecurityOpenApi } from './content-check';

/** wx-server-sdk types most calls as `Promise | void | string` (callback and string modes); we only use promises. */
function promised<T>(value: Promise<T> | void | string): Promise<T> {
  if (value && typeof value === 'object' && typeof (value as Promise<T>).then === 'function')
    return value as Promise<T>;
  return Promise.reject(new Error('wx-server-sdk call did not return a promise'));
}

function query(q: DB.Query): CloudBaseQuery {
  return {
    where: (condition) => query(q.where(condition)),
    orderBy: (field, order) => query(q.orderBy(field, order)),
    skip: (offset) => query(q.skip(offset)),
    limit: (max) => query(q.limit(max)),
    get: async () => ({ data: (await promised(q.get())).data as CloudBaseDoc[] }),
    count: async () => ({ total: (await promised(q.count())).total }),
    update: async (options) => ({
      stats: { updated: (await promised(q.update({ data: options.data }))).stats.updated },
    }),
  };
}

function collection(c: DB.CollectionReference): CloudBaseCollection {
  return {
    ...query(c),
    doc: (id) => {
      const ref = c.doc(id);
      return {
        set: (options) => promised(ref.set({ data: options.data })),
        remove: async () => ({ stats: { removed: (await promised(ref.remove())).stats.removed } }),
        update: async (options) => ({
          stats: { updated: (await promised(ref.update({ data: options.data }))).stats.updated },
        }),
      };
    },
    add: async (options) => {
      const r = await promised(c.add({ data: options.data }));
      return { _id: r._id };
    },
  };
}

/** The SDK's database seen as {@link CloudBaseDbLike}. */
export function wxDatabase(db: DB.Database): CloudBaseDbLike {
  const _ = db.command;
  return {
    collection: (name) => collection(db.collection(name)),
    command: {
      eq: (v) => _.eq(v),
      neq: (v) => _.neq(v),
      gt: (v) => _.gt(v),
      gte: (v) => _.gte(v),
      lt: (v) => _.lt(v),
      lte: (v) => _.lte(v),
      in: (v) => _.in(v),
      inc: (n) => _.inc(n),
    },
  };
}

/** CloudBase storage through wx-server-sdk (materials: download to check, sealed copies, temporary links to read). */
export function wxFileStorage(): FileStorage {
  return createCloudFileStorage({
    downloadFile: async ({ fileID }) => {
      const r = await cloud.downloadFile({ fileID });
      return { fileContent: r.fileContent as Buffer };
    },
    getTempFileURL: async ({ fileList }) => {
      const r = await promised(cloud.getTempFileURL({ fileList }));
      return {
        fileList: r.fileList.map((f) => ({
          fileID: f.fileID,
          tempFileURL: f.tempFileURL,
          status: f.status,
          errMsg: f.errMsg,
        })),
      };
    },
    uploadFile: async ({ cloudPath, fileContent }) => {
      const r = await cloud.uploadFile({ cloudPath, fileContent });
      return { fileID: r.fileID };
    },
    deleteFile: async ({ fileList }) => {
      const r = await promised(cloud.deleteFile({ fileList }));
      return { fileList: r.fileList.map((f) => ({ fileID: f.fileID, status: f.status, errMsg: f.errMsg })) };
    },
  });
}

/** A production entry `main(event, context)` for a function; call `cloud.init` in the entry module first. */
export function createWxMain(fn: FunctionHandler): (event: unknown, context: unknown) => Promise<Envelope<unknown>> {
  let store: Store | undefined;
  let files: FileStorage | undefined;
  // Production only: free text goes through WeChat's msgSecCheck before it is stored.
  const contentCheck = wxContentChecker(cloud.openapi as unknown as SecurityOpenApi);
  return async (event) => {
    let openid: string | null;
    let clientIp: string | null;
    try {
      const { OPENID, CLIENTIP, CLIENTIPV6 } = cloud.getWXContext();
      openid = typeof OPENID === 'string' && OPENID ? OPENID : null;
      // Only for the rate limit of public actions (served without an openid); never an identity.
      clientIp = CLIENTIP || CLIENTIPV6 || null;
      // Created on first call, after the entry's cloud.init, and reused while the instance is warm.
      store ??= createCloudBaseStore(wxDatabase(cloud.database()));
      files ??= wxFileStorage();
    } catch (e) {
      // Never let the platform answer with an exception's text.
      console.error(`[wx] setup INTERNAL ${e instanceof Error ? e.name : typeof e}`);
      return fail('INTERNAL');
    }
    return fn(event, { openid, clientIp }, { store, files, contentCheck, now: () => new Date() });
  };
}
