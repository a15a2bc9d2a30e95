/**
 * CloudBase adapter (production): the store over the cloud database that wx-server-sdk's `cloud.database()` returns,
 * seen through {@link CloudBaseDbLike}, the small subset of its API this adapter uses. Each area's operations are in
 * `cloudbase/<area>.ts`, typed by its interfaces; commit.ts is how a transaction commits.
 *
 * Kept within CloudBase's limits:
 * - a server query returns at most 1000 documents (100 when no limit is given), so lists page with skip/limit;
 * - atomicity covers one document, so a transaction buffers its writes and applies them at commit, each as one
 *   single-document operation: checks first, then conditional writes, then the rest (commit.ts); uniqueness
 *   (request records, policy versions, audit ids, identity keys, receipt numbers) comes from deterministic `_id`s
 *   created with `add`, which fails when the id exists; the only multi-document write is publishDue's
 *   `where({ _id: in(ids) }).update()` (idempotent, outside transactions);
 * - every queried or sorted field has an index (deploy/collections.json, checked by a test);
 * - documents are read with `where({ _id })` (an empty result when missing) rather than `doc().get()`, which rejects
 *   for a missing document in wx-server-sdk;
 * - content whose keys come from users (profiles) or that is a whole document (policies, rounds, holiday tables,
 *   responses) is stored as a JSON string: keys with `.` or `$` would otherwise be read as paths or operators.
 */
import type { AreaName, Store, StoreBulk, StoreReader, StoreSequences, StoreTx, StoreWriter } from '../areas';
import { guardedTx, STORE_METHODS, TxScope, wrapMethods } from '../tx';
import { applicationsArea } from './applications';
import { auditArea } from './audit';
import { commitWrites, type BufferedWrite, type CloudBaseArea, type WritePlan } from './commit';
import { cloudBaseHelpers, type CloudBaseDbLike } from './db';
import { deliveryArea, outboxAppender } from './delivery';
import { disputesArea } from './disputes';
import { draftsArea } from './drafts';
import { documentsArea } from './documents';
import { entrustmentsArea } from './entrustments';
import { materialsArea } from './materials';
import { peopleArea } from './people';
import { publicityArea } from './publicity';
import { requestsArea } from './requests';
import { reviewArea } from './review';
import { roundsArea } from './rounds';
import { settlementsArea } from './settlements';

export {
  CLOUDBASE_MAX_LIMIT,
  COLLECTIONS,
  type CloudBaseCollection,
  type CloudBaseCommand,
  type CloudBaseDbLike,
  type CloudBaseDoc,
  type CloudBaseDocRef,
  type CloudBaseQuery,
} from './db';

type AllOps = StoreReader & StoreWriter & StoreSequences & StoreBulk;
type Plan = (...args: unknown[]) => WritePlan;

/**
 * Creates a CloudBase store over `db` (in production `cloud.database()` adapted by `_core/wx.ts`; in tests the
 * in-memory fake of test/store/cloudbase-fake.ts).
 */
export function createCloudBaseStore(db: CloudBaseDbLike): Store {
  const h = cloudBaseHelpers(db);
  // Every area (a missing area or method is a type error).
  const areas: { [A in AreaName]: CloudBaseArea<A> } = {
    rounds: roundsArea(h),
    drafts: draftsArea(h),
    people: peopleArea(h),
    entrustments: entrustmentsArea(h),
    applications: applicationsArea(h, { appendOutbox: outboxAppender(h) }),
    review: reviewArea(h),
    disputes: disputesArea(h),
    materials: materialsArea(h),
    delivery: deliveryArea(h),
    audit: auditArea(h),
    requests: requestsArea(h),
    documents: documentsArea(h),
    settlements: settlementsArea(h),
    publicity: publicityArea(h),
  };
  const ops = Object.assign({}, ...Object.values(areas).map((a) => a.ops)) as AllOps;
  const plans = Object.assign({}, ...Object.values(areas).map((a) => a.plans ?? {})) as Record<string, Plan>;

  const scope = new TxScope();
  /** A store method: refused inside a transaction. */
  const outside =
    (name: string, call: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]): Promise<unknown> => {
      scope.assertOutside(name);
      return call(...args);
    };

  const transaction = async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    scope.assertOutside('transaction');
    const pending: BufferedWrite[] = [];
    const buffered: StoreWriter = wrapMethods(ops, STORE_METHODS.writes, (name, call) => async (...args) => {
      // Copy now: the caller may change its objects before commit.
      const copy = JSON.parse(JSON.stringify(args)) as unknown[];
      pending.push({ apply: () => call(...copy), plan: plans[name]?.(...copy) ?? null });
    });
    // Sequence numbers are taken at once (a claim document per number), not deferred to the commit.
    const { tx, close } = guardedTx(ops, buffered, ops);
    let result: T;
    try {
      result = await scope.run(() => fn(tx));
    } finally {
      close();
    }
    // Checks first, then conditional writes, then the rest, so that a known conflict leaves nothing written.
    await commitWrites(h, pending);
    return result;
  };

  return {
    ...wrapMethods(ops, STORE_METHODS.reads, outside),
    ...wrapMethods(ops, STORE_METHODS.writes, outside),
    ...wrapMethods(ops, STORE_METHODS.sequences, outside),
    ...wrapMethods(ops, STORE_METHODS.bulk, outside),
    transaction,
  };
}
