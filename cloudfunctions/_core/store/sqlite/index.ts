/**
 * SQLite adapter (better-sqlite3 12) for the local cloud and the tests: WAL, `PRAGMA user_version` migrations, JSON
 * in TEXT columns where the shape is a document (profiles, policies, rounds, holiday tables, responses). Each area's
 * operations are in `sqlite/<area>.ts`, typed by its interfaces; this module opens the connection and serialises it.
 *
 * better-sqlite3 is synchronous while handlers are async, so a transaction is BEGIN … COMMIT around an async callback;
 * a promise queue serialises every use of the connection, so a second request waits rather than joining an open
 * transaction.
 */
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
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs `fn` when every earlier use of the connection has finished. */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = queue.then(fn);
    queue = p.then(
      () => undefined,
      () => undefined,
    );
    return p;
  };
  /** A store method: refused inside a transaction, queued behind every other use of the connection. */
  const queued =
    (name: string, call: (...args: unknown[]) => Promise<unknown>) =>
    async (...args: unknown[]): Promise<unknown> => {
      scope.assertOutside(name);
      return exclusive(() => call(...args)).catch((e: unknown) => {
        noteDiskError(e);
        throw e;
      });
    };

  const transaction = async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    scope.assertOutside('transaction');
    return exclusive(async () => {
      try {
        db.exec('BEGIN IMMEDIATE');
      } catch (e) {
        noteDiskError(e); // a disk that refuses even to begin has failed too: close() must not report success
        throw e;
      }
      const { tx, close, conflict } = guardedTx(ops, ops, ops);
      try {
        const result = await scope.run(() => fn(tx));
        close();
        // A refused conditional write (or uniqueness rule) fails the transaction even when the callback caught it.
        const refused = conflict();
        if (refused) throw refused;
        db.exec('COMMIT');
        return result;
      } catch (e) {
        close();
        noteDiskError(e);
        if (db.inTransaction) db.exec('ROLLBACK');
        throw e;
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
      if (path !== ':memory:') db.pragma('wal_checkpoint(TRUNCATE)');
      // A checkpoint with nothing left to copy can pass on a disk that has failed: an earlier refusal counts too.
      if (diskError) throw new Error(`SQLite could not write to disk during this session (${diskError})`);
    } finally {
      db.close();
    }
  };

  return {
    ...wrapMethods(ops, STORE_METHODS.reads, queued),
    ...wrapMethods(ops, STORE_METHODS.writes, queued),
    ...wrapMethods(ops, STORE_METHODS.sequences, queued),
    ...wrapMethods(ops, STORE_METHODS.bulk, queued),
    transaction,
    dump,
    close,
  };
}
