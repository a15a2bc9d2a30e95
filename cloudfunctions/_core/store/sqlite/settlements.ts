/**
 * SQLite: settlement applications (积分落户申请). Queue, ranking and expiry fields are columns beside the document;
 * `status` and `updated_at` serve conditional writes; the ranking reads the columns only, never the documents.
 */
import type { AreaOf } from '../areas';
import { pageSize, SETTLEMENT_PAGE_DEFAULT, SETTLEMENT_PAGE_MAX, settlementSeq } from '../derived';
import type { SettlementRecord, SettlementTotal, SettlementTotalCount } from '../records';
import { parse, requireChanged, type Db, type DocRow } from './rows';

/** The settlements area on one connection. */
export function settlementsArea(db: Db): AreaOf<'settlements'> {
  const q = {
    get: db.prepare<[string], DocRow>('SELECT doc FROM settlements WHERE id = ?'),
    byPerson: db.prepare<[string, string], DocRow>(
      'SELECT doc FROM settlements WHERE person_key = ? AND round_id = ? ORDER BY id LIMIT 1',
    ),
    byStatus: db.prepare<[string, string, string | null, string | null, string | null, string | null, number], DocRow>(
      `SELECT doc FROM settlements
       WHERE round_id = ? AND status = ? AND (? IS NULL OR district = ?) AND (? IS NULL OR seq > ?)
       ORDER BY seq LIMIT ?`,
    ),
    totals: db.prepare<[string], { id: string; total_text: string; submitted_at: string }>(
      `SELECT id, total_text, submitted_at FROM settlements
       WHERE round_id = ? AND status = 'verified' AND total_text IS NOT NULL
       ORDER BY total DESC, submitted_at, id`,
    ),
    // The ranking index in its order: one step per distinct total, no sort, no row per application.
    totalCounts: db.prepare<[string], { total_text: string; n: number }>(
      `SELECT total_text, COUNT(*) AS n FROM settlements
       WHERE round_id = ? AND status = 'verified' AND total_text IS NOT NULL
       GROUP BY total, total_text ORDER BY total DESC`,
    ),
    lapsed: db.prepare<[string, number], DocRow>(
      `SELECT doc FROM settlements WHERE status = 'noticed' AND notice_valid_until < ?
       ORDER BY notice_valid_until, id LIMIT ?`,
    ),
    put: db.prepare(
      `INSERT INTO settlements (id, round_id, person_key, status, district, seq, total, total_text, submitted_at,
         notice_valid_until, updated_at, doc)
       VALUES (@id, @roundId, @personKey, @status, @district, @seq, @total, @totalText, @submittedAt,
         @noticeValidUntil, @updatedAt, @doc)
       ON CONFLICT (id) DO UPDATE SET round_id = excluded.round_id, person_key = excluded.person_key,
         status = excluded.status, district = excluded.district, seq = excluded.seq, total = excluded.total,
         total_text = excluded.total_text, submitted_at = excluded.submitted_at,
         notice_valid_until = excluded.notice_valid_until, updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putIf: db.prepare(
      `UPDATE settlements SET round_id = @roundId, person_key = @personKey, status = @status, district = @district,
         seq = @seq, total = @total, total_text = @totalText, submitted_at = @submittedAt,
         notice_valid_until = @noticeValidUntil, updated_at = @updatedAt, doc = @doc
       WHERE id = @id AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
  };
  const row = (rec: SettlementRecord) => ({
    id: rec.id,
    roundId: rec.roundId,
    personKey: rec.personKey,
    status: rec.status,
    district: rec.district ?? null,
    seq: settlementSeq(rec),
    total: rec.total === undefined ? null : Number(rec.total),
    totalText: rec.total ?? null,
    submittedAt: rec.submittedAt ?? null,
    noticeValidUntil: rec.noticeValidUntil ?? null,
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  return {
    async getSettlement(id) {
      const r = q.get.get(id);
      return r ? parse<SettlementRecord>(r) : null;
    },
    async findSettlementByPerson(personKey, roundId) {
      const r = q.byPerson.get(personKey, roundId);
      return r ? parse<SettlementRecord>(r) : null;
    },
    async listSettlementsByStatus(query) {
      const limit = pageSize(query.limit, SETTLEMENT_PAGE_DEFAULT, SETTLEMENT_PAGE_MAX);
      const district = query.district ?? null;
      const after = query.after ?? null;
      const rows = q.byStatus.all(query.roundId, query.status, district, district, after, after, limit + 1);
      const settlements = rows.slice(0, limit).map((r) => parse<SettlementRecord>(r));
      const last = settlements[settlements.length - 1];
      return rows.length > limit && last ? { settlements, next: settlementSeq(last) } : { settlements };
    },
    async listSettlementTotals(roundId) {
      // The query's order is `byRank`'s (REAL totals, ISO submission times, ids).
      return q.totals
        .all(roundId)
        .map((r): SettlementTotal => ({ id: r.id, total: r.total_text, submittedAt: r.submitted_at }));
    },
    async countSettlementTotals(roundId) {
      return q.totalCounts.all(roundId).map((r): SettlementTotalCount => ({ total: r.total_text, count: r.n }));
    },
    async listLapsedNotices(today, limit) {
      return q.lapsed.all(today, pageSize(limit, 100, 1000)).map((r) => parse<SettlementRecord>(r));
    },
    async putSettlement(rec, expect) {
      if (!expect) {
        q.put.run(row(rec));
        return;
      }
      const r = q.putIf.run({ ...row(rec), expectStatus: expect.status, expectUpdatedAt: expect.updatedAt });
      requireChanged(r.changes, rec.id);
    },
  };
}
