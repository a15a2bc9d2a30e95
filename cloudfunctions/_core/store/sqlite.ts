/**
 * SQLite adapter (better-sqlite3 12) for the local cloud and the tests: WAL, `PRAGMA user_version` migrations, JSON
 * in TEXT columns where the shape is a document (profiles, policies, rounds, holiday tables, responses).
 *
 * better-sqlite3 is synchronous while handlers are async, so a transaction is BEGIN … COMMIT around an async callback;
 * a promise queue serialises every use of the connection, so a second request waits rather than joining an open
 * transaction.
 */
import Database from 'better-sqlite3';
import type { HolidayTable } from '../../../shared/calendar';
import type { Round } from '../../../shared/rounds';
import { guardedTx, STORE_METHODS, TxScope } from './tx';
import {
  APPLICATION_DOCS_MIGRATION,
  CASE_TABLES,
  CASES_MIGRATION,
  caseOperations,
  ENTRUSTMENT_DISTRICT_MIGRATION,
} from './sqlite-cases';
import {
  auditPageSize,
  auditSeq,
  refusalAuditEntry,
  refusalMinute,
  StoreConflictError,
  type AuditEntry,
  type AuditPage,
  type AuditQuery,
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

/** Schema migrations; migration i brings `user_version` from i to i + 1. Append only, never edit a shipped one. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    profile TEXT NOT NULL CHECK (json_valid(profile)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX drafts_by_owner ON drafts (owner, updated_at DESC, id DESC);

  CREATE TABLE policy_versions (
    id TEXT PRIMARY KEY,
    effective_from TEXT NOT NULL,
    policy TEXT NOT NULL CHECK (json_valid(policy)),
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL
  ) STRICT;

  CREATE TABLE round_overrides (
    year INTEGER PRIMARY KEY,
    round TEXT NOT NULL CHECK (json_valid(round))
  ) STRICT;

  CREATE TABLE holiday_tables (
    year INTEGER PRIMARY KEY,
    holiday_table TEXT NOT NULL CHECK (json_valid(holiday_table))
  ) STRICT;

  CREATE TABLE audit (
    id TEXT PRIMARY KEY,
    seq TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    acting_for TEXT,
    fn TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    result TEXT NOT NULL,
    request_id TEXT
  ) STRICT;
  CREATE INDEX audit_by_target ON audit (target, seq DESC);
  CREATE INDEX audit_by_actor ON audit (actor, seq DESC);

  CREATE TABLE requests (
    key TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    fn TEXT NOT NULL,
    action TEXT NOT NULL,
    request_id TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    response TEXT NOT NULL CHECK (json_valid(response)),
    at TEXT NOT NULL
  ) STRICT;
  `,
  CASES_MIGRATION,
  APPLICATION_DOCS_MIGRATION,
  // Counted refusals: one audit row per minute, caller, function, action, target and code, with a count.
  `
  ALTER TABLE audit ADD COLUMN count INTEGER CHECK (count IS NULL OR count > 0);
  ALTER TABLE audit ADD COLUMN minute TEXT;
  CREATE INDEX audit_refusals_by_actor ON audit (actor, minute) WHERE minute IS NOT NULL;
  `,
  ENTRUSTMENT_DISTRICT_MIGRATION,
];

const TABLES = ['drafts', 'policy_versions', 'round_overrides', 'holiday_tables', 'audit', 'requests'] as const;
const PRIMARY_KEYS: Record<(typeof TABLES)[number], string> = {
  drafts: 'id',
  policy_versions: 'id',
  round_overrides: 'year',
  holiday_tables: 'year',
  audit: 'id',
  requests: 'key',
};

function migrate(db: Database.Database): void {
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

interface DraftRow {
  id: string;
  owner: string;
  title: string;
  profile: string;
  created_at: string;
  updated_at: string;
}
interface AuditRow {
  id: string;
  seq: string;
  at: string;
  actor: string;
  acting_for: string | null;
  fn: string;
  action: string;
  target: string;
  result: string;
  request_id: string | null;
  count: number | null;
}
interface RequestRow {
  key: string;
  actor: string;
  fn: string;
  action: string;
  request_id: string;
  payload_hash: string;
  response: string;
  at: string;
}

function draftOf(r: DraftRow): DraftRecord {
  return {
    id: r.id,
    owner: r.owner,
    title: r.title,
    profile: JSON.parse(r.profile) as Record<string, unknown>,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function auditOf(r: AuditRow): AuditEntry {
  const e: AuditEntry = {
    id: r.id,
    at: r.at,
    actor: r.actor,
    actingFor: r.acting_for,
    fn: r.fn,
    action: r.action,
    target: r.target,
    result: r.result,
  };
  if (r.request_id !== null) e.requestId = r.request_id;
  if (r.count !== null) e.count = r.count;
  return e;
}

function isUniqueViolation(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

type AllOps = StoreReader & StoreWriter & StoreSequences & StoreBulk;

/** The synchronous operations on one connection, wrapped as the async store interface. */
function operations(db: Database.Database): AllOps {
  const s = {
    getDraft: db.prepare<[string, string], DraftRow>('SELECT * FROM drafts WHERE id = ? AND owner = ?'),
    listDrafts: db.prepare<[string], DraftRow>(
      'SELECT * FROM drafts WHERE owner = ? ORDER BY updated_at DESC, id DESC',
    ),
    countDrafts: db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM drafts WHERE owner = ?'),
    putDraft: db.prepare(
      `INSERT INTO drafts (id, owner, title, profile, created_at, updated_at) VALUES (@id, @owner, @title, @profile, @createdAt, @updatedAt)
       ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, title = excluded.title, profile = excluded.profile,
         created_at = excluded.created_at, updated_at = excluded.updated_at`,
    ),
    removeDraft: db.prepare('DELETE FROM drafts WHERE id = ? AND owner = ?'),
    listPolicies: db.prepare<[], { policy: string; published_at: string; published_by: string }>(
      'SELECT policy, published_at, published_by FROM policy_versions ORDER BY effective_from, id',
    ),
    publishPolicy: db.prepare(
      'INSERT INTO policy_versions (id, effective_from, policy, published_at, published_by) VALUES (?, ?, ?, ?, ?)',
    ),
    listRounds: db.prepare<[], { round: string }>('SELECT round FROM round_overrides ORDER BY year'),
    putRound: db.prepare(
      'INSERT INTO round_overrides (year, round) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET round = excluded.round',
    ),
    listHolidays: db.prepare<[], { holiday_table: string }>('SELECT holiday_table FROM holiday_tables ORDER BY year'),
    putHoliday: db.prepare(
      'INSERT INTO holiday_tables (year, holiday_table) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET holiday_table = excluded.holiday_table',
    ),
    auditByTarget: db.prepare<[string, string | null, string | null, number], AuditRow>(
      'SELECT * FROM audit WHERE target = ? AND (? IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?',
    ),
    auditByActor: db.prepare<[string, string | null, string | null, number], AuditRow>(
      'SELECT * FROM audit WHERE actor = ? AND (? IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?',
    ),
    appendAudit: db.prepare(
      `INSERT INTO audit (id, seq, at, actor, acting_for, fn, action, target, result, request_id)
       VALUES (@id, @seq, @at, @actor, @actingFor, @fn, @action, @target, @result, @requestId) ON CONFLICT (id) DO NOTHING`,
    ),
    countRefusal: db.prepare(
      `INSERT INTO audit (id, seq, at, actor, acting_for, fn, action, target, result, request_id, count, minute)
       VALUES (@id, @seq, @at, @actor, NULL, @fn, @action, @target, @result, @requestId, 1, @minute)
       ON CONFLICT (id) DO UPDATE SET count = count + 1`,
    ),
    refusalsInMinute: db.prepare<[string, string], { n: number }>(
      'SELECT COALESCE(SUM(count), 0) AS n FROM audit WHERE actor = ? AND minute = ?',
    ),
    getRequest: db.prepare<[string], RequestRow>('SELECT * FROM requests WHERE key = ?'),
    putRequest: db.prepare(
      `INSERT INTO requests (key, actor, fn, action, request_id, payload_hash, response, at)
       VALUES (@key, @actor, @fn, @action, @requestId, @payloadHash, @response, @at)`,
    ),
  };

  /** Create-if-absent: a replayed entry (same id) is kept once. */
  const appendAudit = (e: AuditEntry): void => {
    s.appendAudit.run({ ...e, seq: auditSeq(e), requestId: e.requestId ?? null });
  };

  return {
    ...caseOperations(db, appendAudit),
    async getDraft(owner, id) {
      const row = s.getDraft.get(id, owner);
      return row ? draftOf(row) : null;
    },
    async listDrafts(owner) {
      return s.listDrafts.all(owner).map(draftOf);
    },
    async countDrafts(owner) {
      return (s.countDrafts.get(owner) as { n: number }).n;
    },
    async listPolicyVersions() {
      return s.listPolicies.all().map((r) => ({
        policy: JSON.parse(r.policy) as PublishedPolicy['policy'],
        publishedAt: r.published_at,
        publishedBy: r.published_by,
      }));
    },
    async listRoundOverrides() {
      return s.listRounds.all().map((r) => JSON.parse(r.round) as Round);
    },
    async listHolidayTables() {
      return s.listHolidays.all().map((r) => JSON.parse(r.holiday_table) as HolidayTable);
    },
    async listAudit(query: AuditQuery): Promise<AuditPage> {
      const limit = auditPageSize(query.limit);
      const before = query.before ?? null;
      const rows =
        query.target !== undefined
          ? s.auditByTarget.all(query.target, before, before, limit + 1)
          : s.auditByActor.all(query.actor as string, before, before, limit + 1);
      const entries = rows.slice(0, limit).map(auditOf);
      const page: AuditPage = { entries };
      const last = entries[entries.length - 1];
      if (rows.length > limit && last) page.next = auditSeq(last);
      return page;
    },
    async countRefusalsInMinute(actor, minute) {
      return (s.refusalsInMinute.get(actor, minute) as { n: number }).n;
    },
    async getRequest(key) {
      const r = s.getRequest.get(key);
      if (!r) return null;
      return {
        key: r.key,
        actor: r.actor,
        fn: r.fn,
        action: r.action,
        requestId: r.request_id,
        payloadHash: r.payload_hash,
        response: JSON.parse(r.response) as unknown,
        at: r.at,
      };
    },

    async putDraft(d) {
      s.putDraft.run({ ...d, profile: JSON.stringify(d.profile) });
    },
    async removeDraft(owner, id) {
      s.removeDraft.run(id, owner);
    },
    async publishPolicyVersion(p) {
      try {
        s.publishPolicy.run(
          p.policy.id,
          p.policy.effectiveFrom,
          JSON.stringify(p.policy),
          p.publishedAt,
          p.publishedBy,
        );
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreConflictError('policy', p.policy.id);
        throw e;
      }
    },
    async putRoundOverride(round) {
      s.putRound.run(round.year, JSON.stringify(round));
    },
    async putHolidayTable(table) {
      s.putHoliday.run(table.year, JSON.stringify(table));
    },
    async appendAudit(e) {
      appendAudit(e);
    },
    async countRefusal(e) {
      const entry = refusalAuditEntry(e);
      s.countRefusal.run({
        ...entry,
        seq: auditSeq(entry),
        requestId: entry.requestId ?? null,
        minute: refusalMinute(e.at),
      });
    },
    async putRequest(r: RequestRecord) {
      try {
        s.putRequest.run({ ...r, response: JSON.stringify(r.response ?? null) });
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreConflictError('request', r.key);
        throw e;
      }
    },
  };
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

  const store = {} as Record<string, unknown>;
  for (const name of [
    ...STORE_METHODS.reads,
    ...STORE_METHODS.writes,
    ...STORE_METHODS.sequences,
    ...STORE_METHODS.bulk,
  ]) {
    const op = ops[name] as (...a: unknown[]) => Promise<unknown>;
    store[name] = async (...args: unknown[]) => {
      scope.assertOutside(name);
      return exclusive(() => op(...args)).catch((e: unknown) => {
        noteDiskError(e);
        throw e;
      });
    };
  }

  const transaction = async <T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> => {
    scope.assertOutside('transaction');
    return exclusive(async () => {
      db.exec('BEGIN IMMEDIATE');
      const { tx, close } = guardedTx(ops, ops, ops);
      try {
        const result = await scope.run(() => fn(tx));
        close();
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
    for (const t of TABLES) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY ${PRIMARY_KEYS[t]}`).all();
    for (const [t, key] of Object.entries(CASE_TABLES)) out[t] = db.prepare(`SELECT * FROM ${t} ORDER BY ${key}`).all();
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

  return Object.assign(store as unknown as AllOps, {
    transaction,
    dump,
    close,
  });
}
