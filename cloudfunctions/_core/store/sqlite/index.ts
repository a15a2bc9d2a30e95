/**
 * SQLite adapter (better-sqlite3 12) for the local cloud and the tests: WAL, `PRAGMA user_version` migrations, JSON
 * in TEXT columns where the shape is a document (profiles, policies, rounds, holiday tables, responses). Each area's
 * operations are in `sqlite/<area>.ts`, typed by its interfaces; this module opens the connection and serialises it.
 *
 * better-sqlite3 is synchronous while handlers are async, so a transaction is a SAVEPOINT around an async callback;
 * a queue serialises every use of the connection, so a second request waits rather than joining an open
 * transaction. Group commit: the transactions (and writes) waiting in the queue run one after another inside one
 * BEGIN … COMMIT, each in its own SAVEPOINT (a failed one is rolled back to it, the others keep their writes), and
 * every one of them is answered only once that COMMIT has returned, i.e. is durable. One fsync and one write of each
 * shared page (the tables' growing ends, the counters, the header) then serve up to {@link GROUP_MAX} requests.
 * Reads outside a transaction use a second, read-only connection (file databases): they see only committed data and
 * need not wait for the queue.
 */
import { setImmediate as nodeSetImmediate } from 'node:timers';
import Database from 'better-sqlite3';
import type { AreaName, AreaOf, Store, StoreBulk, StoreReader, StoreSequences, StoreTx, StoreWriter } from '../areas';
import { guardedTx, STORE_METHODS, TxScope, wrapMethods } from '../tx';
import { applicationsArea } from './applications';
import { auditArea } from './audit';
import { deliveryArea } from './delivery';
import { documentsArea } from './documents';
import { disputesArea } from './disputes';
import { draftsArea } from './drafts';
import { entrustmentsArea } from './entrustments';
import { materialsArea } from './materials';
import { SQLITE_MIGRATIONS, SQLITE_TABLES } from './migrations';
import { peopleArea } from './people';
import { publicityArea } from './publicity';
import { requestsArea } from './requests';
import { reviewArea } from './review';
import { roundsArea } from './rounds';
import { settlementsArea } from './settlements';
import type { Db } from './rows';

export { SQLITE_MIGRATIONS } from './migrations';

/** The SQLite store: a {@link Store} plus what the local cloud and the tests need. */
export interface SqliteStore extends Store {
  /**
   * Checkpoints and closes the database; the store is unusable afterwards. Throws when the data could not be
   * confirmed on disk (the database is closed all the same).
   */
  close(): void;
  /** Every table's rows in primary-key order, for comparing states in tests and for debugging. */
  dump(): Record<string, unknown[]>;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SQLITE_MIGRATIONS.length) {
    throw new Error(`database schema version ${current} is newer than this code (${SQLITE_MIGRATIONS.length})`);
  }
  for (let v = current; v < SQLITE_MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(SQLITE_MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

type AllOps = StoreReader & StoreWriter & StoreSequences & StoreBulk;

/** Every area on one connection (a missing area or method is a type error). */
function operations(db: Db): AllOps {
  const areas: { [A in AreaName]: AreaOf<A> } = {
    rounds: roundsArea(db),
    drafts: draftsArea(db),
    people: peopleArea(db),
    entrustments: entrustmentsArea(db),
    applications: applicationsArea(db),
    review: reviewArea(db),
    disputes: disputesArea(db),
    materials: materialsArea(db),
    delivery: deliveryArea(db),
    audit: auditArea(db),
    requests: requestsArea(db),
    documents: documentsArea(db),
    settlements: settlementsArea(db),
    publicity: publicityArea(db),
  };
  return Object.assign({}, ...Object.values(areas)) as AllOps;
}

/**
 * The most queued transactions one COMMIT answers for: a bound on how long the first of a group waits for its answer
 * while the others run.
 */
export const GROUP_MAX = 32;

/** A use of the connection waiting in the queue, and its caller's promise. */
interface Job {
  run: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (e: unknown) => void;
}

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /**
   * `FULL` (default): every COMMIT fsyncs the WAL before it returns, so an acknowledged write survives a power cut or
   * a disk that turns read-only, not only a process crash. `NORMAL` may lose the last commits on such a fault: it
   * exists only so the bench can measure what durability costs.
   */
  synchronous?: 'FULL' | 'NORMAL';
}

/**
 * Opens (creating and migrating as needed) a SQLite store at `path`; `':memory:'` gives a private in-memory one.
 */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const db = new Database(path);
  if (path !== ':memory:') {
    db.pragma('journal_mode = WAL');
    // An answer of ok means the data is on disk: with FULL each commit waits for the WAL's fsync (NORMAL, in WAL
    // mode, survives a process crash but loses the last commits when the disk itself fails or the power goes).
    db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  }
  db.pragma('busy_timeout = 5000');
  // Each transaction of a group runs in a SAVEPOINT, whose sub-journal keeps the original of every page it changes
  // (~30 per submission): in memory, not spilled to a temporary file (nothing there is needed after a crash).
  db.pragma('temp_store = MEMORY');
  db.pragma('foreign_keys = ON');
  migrate(db);

  const ops = operations(db);
  const scope = new TxScope();
  /** The code of the first disk failure seen (I/O error, read-only, full): close() then refuses to report success. */
  let diskError: string | null = null;
  const noteDiskError = (e: unknown): void => {
    const code = e && typeof e === 'object' ? (e as { code?: unknown }).code : undefined;
    if (!diskError && typeof code === 'string' && /^SQLITE_(IOERR|READONLY|FULL|CORRUPT|CANTOPEN)/.test(code))
      diskError = code;
  };
  // Reads outside a transaction: a read-only connection sees only what a COMMIT made durable (in memory there is
  // no second connection onto the same database: they queue like everything else, and are answered after the COMMIT).
  const readerDb = path === ':memory:' ? null : new Database(path, { readonly: true });
  if (readerDb) readerDb.pragma('busy_timeout = 5000');
  const readerOps = readerDb ? operations(readerDb) : null;

  // The turns a group waits buy requests arriving meanwhile a share of one durable COMMIT: the event loop's next check
  // phase, Node's own from node:timers (a test's fake timers replace the global; the page tests' DOM environment has
  // none). A memory database has no fsync to share, so there it waits only for the callers' pending microtasks.
  const turn: (fn: () => void) => void = path === ':memory:' ? queueMicrotask : nodeSetImmediate;
  const jobs: Job[] = [];
  let pumping = false;
  /** Runs `run` on the connection in turn; its promise settles once its group's COMMIT (or ROLLBACK) has returned. */
  const exclusive = <T>(run: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      jobs.push({ run, resolve: resolve as (value: unknown) => void, reject });
      if (!pumping) {
        pumping = true;
        // After the I/O callbacks of this turn: the requests that arrived together are queued by then, one group.
        turn(() => void pump());
      }
    });
  const pump = async (): Promise<void> => {
    try {
      while (jobs.length > 0) await group();
    } finally {
      pumping = false;
    }
  };
  // A group's bookkeeping, prepared once (each runs per transaction or per group).
  const control = {
    begin: db.prepare('BEGIN IMMEDIATE'),
    savepoint: db.prepare('SAVEPOINT member'),
    release: db.prepare('RELEASE member'),
    rollbackTo: db.prepare('ROLLBACK TO member'),
    commit: db.prepare('COMMIT'),
  };
  /** Runs one of the group's bookkeeping statements; a failure (a disk that refuses) is noted and passed on. */
  const execNoting = (what: keyof typeof control): void => {
    try {
      control[what].run();
    } catch (e) {
      noteDiskError(e);
      throw e;
    }
  };
  /** A job's outcome in its group; `lost` when its failure took the whole group's transaction with it. */
  type Settled = { job: Job; ok: boolean; value: unknown; lost?: { e: unknown } };
  /** Runs one job in its own SAVEPOINT of the open group: released on success, rolled back to on failure. */
  const member = async (job: Job): Promise<Settled> => {
    try {
      execNoting('savepoint');
    } catch (e) {
      return { job, ok: false, value: e, lost: { e } };
    }
    try {
      const value = await job.run();
      execNoting('release');
      return { job, ok: true, value };
    } catch (e) {
      noteDiskError(e);
      // An I/O error can end the whole transaction: then the group's earlier writes are gone with it.
      if (!db.inTransaction) return { job, ok: false, value: e, lost: { e } };
      try {
        execNoting('rollbackTo');
        execNoting('release');
        return { job, ok: false, value: e };
      } catch (e2) {
        return { job, ok: false, value: e, lost: { e: e2 } };
      }
    }
  };
  /**
   * One group: BEGIN, the queued jobs (up to GROUP_MAX) each in a SAVEPOINT, COMMIT; then every answer. When SQLite
   * itself rolled the transaction back (a disk failure) or the COMMIT fails, no job of the group is answered ok.
   */
  const group = async (): Promise<void> => {
    try {
      execNoting('begin');
    } catch (e) {
      // A disk that refuses even to begin: the first waiting job gets the refusal, the rest try again.
      (jobs.shift() as Job).reject(e);
      return;
    }
    const settled: Settled[] = [];
    let lost: { e: unknown } | undefined;
    while (settled.length < GROUP_MAX && !lost) {
      // Nothing waiting: one more turn of the event loop lets the requests read meanwhile join before the COMMIT.
      if (jobs.length === 0) await new Promise<void>((resolve) => turn(resolve));
      if (jobs.length === 0) break;
      const done = await member(jobs.shift() as Job);
      settled.push(done);
      lost = done.lost;
    }
    if (!lost) {
      try {
        execNoting('commit');
      } catch (e) {
        lost = { e };
      }
    }
    if (lost && db.inTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch (e) {
        noteDiskError(e);
      }
    }
    for (const { job, ok, value } of settled) {
      if (!ok) job.reject(value);
      else if (lost) job.reject(lost.e);
      else job.resolve(value);
    }
  };
  /** A store method: refused inside a transaction, queued behind every other use of the connection. */
  const queued =
    (name: string, call: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]): Promise<unknown> => {
      scope.assertOutside(name);
      return exclusive(() => call(...args));
    };
  /** A read outside a transaction: on the read-only connection when there is one, else queued. */
  const read = (name: string, call: (...args: unknown[]) => Promise<unknown>) => {
    const onReader = readerOps
      ? (readerOps as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[name]
      : null;
    if (!onReader) return queued(name, call);
    return async (...args: unknown[]): Promise<unknown> => {
      scope.assertOutside(name);
      try {
        return await onReader.apply(readerOps, args);
      } catch (e) {
        noteDiskError(e);
        throw e;
      }
    };
  };

  const transaction = async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    scope.assertOutside('transaction');
    return exclusive(async () => {
      const { tx, close, conflict } = guardedTx(ops, ops, ops);
      try {
        const result = await scope.run(() => fn(tx));
        // A refused conditional write (or uniqueness rule) fails the transaction even when the callback caught it.
        const refused = conflict();
        if (refused) throw refused;
        return result;
      } finally {
        close();
      }
    });
  };

  const dump = (): Record<string, unknown[]> => {
    const out: Record<string, unknown[]> = {};
    for (const [t, key] of Object.entries(SQLITE_TABLES))
      out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY ${key}`).all();
    return out;
  };

  /**
   * Checkpoints the WAL into the database file and closes. Throws (after closing) when the disk refuses the
   * checkpoint, e.g. once it turned read-only: the caller must not report the data as written then. (A checkpoint
   * left incomplete because another connection reads is no loss: with FULL every commit is in the fsynced WAL.)
   */
  const close = (): void => {
    if (!db.open) return;
    try {
      readerDb?.close();
      if (path !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
      // A checkpoint with nothing left to copy can pass on a disk that has failed: an earlier refusal counts too.
      if (diskError) throw new Error(`SQLite could not write to disk during this session (${diskError})`);
    } finally {
      db.close();
    }
  };

  return {
    ...wrapMethods(ops, STORE_METHODS.reads, read),
    ...wrapMethods(ops, STORE_METHODS.writes, queued),
    ...wrapMethods(ops, STORE_METHODS.sequences, queued),
    ...wrapMethods(ops, STORE_METHODS.bulk, queued),
    transaction,
    dump,
    close,
  };
}
