/** SQLite: a round's settlement line, the published admitted list and its objections; query columns beside the document. */
import type { AreaOf } from '../areas';
import { pageSize } from '../derived';
import {
  objectionSeq,
  PUBLICITY_PAGE_MAX,
  type ObjectionRecord,
  type PublicityEntry,
  type SettlementLineRecord,
} from '../publicity-records';
import type Database from 'better-sqlite3';
import { parse, requireChanged, type Db, type DocRow } from './rows';

/** The tables of the publicity area (appended to the migrations). */
export const PUBLICITY_MIGRATION = `
  CREATE TABLE settlement_lines (
    round_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX settlement_lines_by_status ON settlement_lines (status, round_id);
  CREATE TABLE publicity_entries (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL,
    status TEXT NOT NULL,
    noticed INTEGER NOT NULL,
    seq TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX publicity_entries_by_round ON publicity_entries (round_id, status, seq);
  CREATE INDEX publicity_entries_to_notice ON publicity_entries (round_id, status, noticed, seq);
  CREATE TABLE objections (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    status TEXT NOT NULL,
    seq TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX objections_by_round ON objections (round_id, status, seq);
  CREATE INDEX objections_by_round_all ON objections (round_id, seq);
  CREATE INDEX objections_by_entry ON objections (entry_id, seq);
`;

/** The publicity area on one connection. */
export function publicityArea(db: Db): AreaOf<'publicity'> {
  const q = {
    line: db.prepare<[string], DocRow>('SELECT doc FROM settlement_lines WHERE round_id = ?'),
    linesByStatus: db.prepare<[string], DocRow>('SELECT doc FROM settlement_lines WHERE status = ? ORDER BY round_id'),
    putLine: db.prepare(
      `INSERT INTO settlement_lines (round_id, status, updated_at, doc) VALUES (@roundId, @status, @updatedAt, @doc)
       ON CONFLICT (round_id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putLineIf: db.prepare(
      `UPDATE settlement_lines SET status = @status, updated_at = @updatedAt, doc = @doc
       WHERE round_id = @roundId AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
    entry: db.prepare<[string], DocRow>('SELECT doc FROM publicity_entries WHERE id = ?'),
    countEntries: db.prepare<[string, string], { n: number }>(
      'SELECT count(*) AS n FROM publicity_entries WHERE round_id = ? AND status = ?',
    ),
    putEntry: db.prepare(
      `INSERT INTO publicity_entries (id, round_id, status, noticed, seq, updated_at, doc)
       VALUES (@id, @roundId, @status, @noticed, @seq, @updatedAt, @doc)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, noticed = excluded.noticed, seq = excluded.seq,
         updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putEntryIf: db.prepare(
      `UPDATE publicity_entries SET status = @status, noticed = @noticed, seq = @seq, updated_at = @updatedAt,
         doc = @doc
       WHERE id = @id AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
    objection: db.prepare<[string], DocRow>('SELECT doc FROM objections WHERE id = ?'),
    objections: db.prepare<[string, string | null, string | null, string | null, string | null, number], DocRow>(
      `SELECT doc FROM objections WHERE round_id = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR seq > ?)
       ORDER BY seq LIMIT ?`,
    ),
    byEntry: db.prepare<[string], DocRow>('SELECT doc FROM objections WHERE entry_id = ? ORDER BY seq'),
    putObjection: db.prepare(
      `INSERT INTO objections (id, round_id, entry_id, status, seq, updated_at, doc)
       VALUES (@id, @roundId, @entryId, @status, @seq, @updatedAt, @doc)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putObjectionIf: db.prepare(
      `UPDATE objections SET status = @status, updated_at = @updatedAt, doc = @doc
       WHERE id = @id AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
  };
  // One statement per shape, so the index serves `seq > ?` as a range (an `(? IS NULL OR …)` would scan from the start).
  const entryQueries = new Map<string, Database.Statement<unknown[], DocRow>>();
  const entriesQuery = (noticed: boolean, after: boolean) => {
    const key = `${noticed}:${after}`;
    let st = entryQueries.get(key);
    if (!st) {
      st = db.prepare<unknown[], DocRow>(
        `SELECT doc FROM publicity_entries WHERE round_id = ? AND status = ?${noticed ? ' AND noticed = ?' : ''}${
          after ? ' AND seq > ?' : ''
        } ORDER BY seq LIMIT ?`,
      );
      entryQueries.set(key, st);
    }
    return st;
  };
  const lineRow = (rec: SettlementLineRecord) => ({
    roundId: rec.roundId,
    status: rec.status,
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  const entryRow = (rec: PublicityEntry) => ({
    id: rec.id,
    roundId: rec.roundId,
    status: rec.status,
    noticed: rec.noticed ? 1 : 0,
    seq: rec.seq,
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  const objectionRow = (rec: ObjectionRecord) => ({
    id: rec.id,
    roundId: rec.roundId,
    entryId: rec.entryId,
    status: rec.status,
    seq: objectionSeq(rec),
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  return {
    async getSettlementLine(roundId) {
      const r = q.line.get(roundId);
      return r ? parse<SettlementLineRecord>(r) : null;
    },
    async listSettlementLinesByStatus(status) {
      return q.linesByStatus.all(status).map((r) => parse<SettlementLineRecord>(r));
    },
    async getPublicityEntry(id) {
      const r = q.entry.get(id);
      return r ? parse<PublicityEntry>(r) : null;
    },
    async listPublicityEntries(query) {
      const limit = pageSize(query.limit, 50, PUBLICITY_PAGE_MAX);
      const args: unknown[] = [query.roundId, query.status];
      if (query.noticed !== undefined) args.push(query.noticed ? 1 : 0);
      if (query.after !== undefined) args.push(query.after);
      const rows = entriesQuery(query.noticed !== undefined, query.after !== undefined).all(...args, limit + 1);
      const entries = rows.slice(0, limit).map((r) => parse<PublicityEntry>(r));
      const last = entries[entries.length - 1];
      return rows.length > limit && last ? { entries, next: last.seq } : { entries };
    },
    async countPublicityEntries(roundId, status) {
      return (q.countEntries.get(roundId, status) as { n: number }).n;
    },
    async getObjection(id) {
      const r = q.objection.get(id);
      return r ? parse<ObjectionRecord>(r) : null;
    },
    async listObjections(query) {
      const limit = pageSize(query.limit, 50, PUBLICITY_PAGE_MAX);
      const status = query.status ?? null;
      const after = query.after ?? null;
      const rows = q.objections.all(query.roundId, status, status, after, after, limit + 1);
      const objections = rows.slice(0, limit).map((r) => parse<ObjectionRecord>(r));
      const last = objections[objections.length - 1];
      return rows.length > limit && last ? { objections, next: objectionSeq(last) } : { objections };
    },
    async listObjectionsByEntry(entryId) {
      return q.byEntry.all(entryId).map((r) => parse<ObjectionRecord>(r));
    },
    async putSettlementLine(rec, expect) {
      if (!expect) {
        q.putLine.run(lineRow(rec));
        return;
      }
      const r = q.putLineIf.run({ ...lineRow(rec), expectStatus: expect.status, expectUpdatedAt: expect.updatedAt });
      requireChanged(r.changes, rec.roundId);
    },
    async putPublicityEntry(rec, expect) {
      if (!expect) {
        q.putEntry.run(entryRow(rec));
        return;
      }
      const r = q.putEntryIf.run({ ...entryRow(rec), expectStatus: expect.status, expectUpdatedAt: expect.updatedAt });
      requireChanged(r.changes, rec.id);
    },
    async putObjection(rec, expect) {
      if (!expect) {
        q.putObjection.run(objectionRow(rec));
        return;
      }
      const r = q.putObjectionIf.run({
        ...objectionRow(rec),
        expectStatus: expect.status,
        expectUpdatedAt: expect.updatedAt,
      });
      requireChanged(r.changes, rec.id);
    },
  };
}
