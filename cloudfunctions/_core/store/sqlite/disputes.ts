/** SQLite: disputes (异议), their re-review tasks (复核) and the re-review limit; queue columns beside the document. */
import type { AreaOf } from '../areas';
import { pageSize, recheckSeq } from '../derived';
import type { DisputeRecord, RecheckLimitSetting, RecheckRecord } from '../records';
import { parse, requireChanged, type Db, type DocRow } from './rows';

const RECHECK_LIMIT_KEY = 'recheck-limit';

/** The disputes area on one connection. */
export function disputesArea(db: Db): AreaOf<'disputes'> {
  const q = {
    get: db.prepare<[string], DocRow>('SELECT doc FROM disputes WHERE id = ?'),
    byDistrict: db.prepare<[string, number], DocRow>(
      `SELECT doc FROM disputes WHERE district = ?
       ORDER BY CASE status WHEN 'raised' THEN 0 WHEN 'returned' THEN 1 WHEN 'reviewing' THEN 2 ELSE 3 END, created_at, id
       LIMIT ?`,
    ),
    put: db.prepare(
      `INSERT INTO disputes (id, application_id, district, status, created_at, updated_at, doc)
       VALUES (@id, @applicationId, @district, @status, @createdAt, @updatedAt, @doc)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putIf: db.prepare(
      `UPDATE disputes SET status = @status, updated_at = @updatedAt, doc = @doc
       WHERE id = @id AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
    recheck: db.prepare<[string], DocRow>('SELECT doc FROM rechecks WHERE id = ?'),
    byDispute: db.prepare<[string], DocRow>('SELECT doc FROM rechecks WHERE dispute_id = ? ORDER BY id'),
    byDept: db.prepare<[string, string | null, string | null, string | null, string | null, number], DocRow>(
      `SELECT doc FROM rechecks WHERE department = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR seq > ?)
       ORDER BY seq LIMIT ?`,
    ),
    overdue: db.prepare<[string, number], DocRow>(
      `SELECT doc FROM rechecks WHERE status = 'pending' AND due_on < ? ORDER BY due_on, id LIMIT ?`,
    ),
    putRecheck: db.prepare(
      `INSERT INTO rechecks (id, dispute_id, department, status, due_on, seq, updated_at, doc)
       VALUES (@id, @disputeId, @department, @status, @dueOn, @seq, @updatedAt, @doc)
       ON CONFLICT (id) DO UPDATE SET department = excluded.department, status = excluded.status,
         due_on = excluded.due_on, seq = excluded.seq, updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putRecheckIf: db.prepare(
      `UPDATE rechecks SET status = @status, due_on = @dueOn, updated_at = @updatedAt, doc = @doc
       WHERE id = @id AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
    setting: db.prepare<[string], DocRow>('SELECT doc FROM settings WHERE key = ?'),
    putSetting: db.prepare(
      'INSERT INTO settings (key, doc) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET doc = excluded.doc',
    ),
  };
  const disputeRow = (rec: DisputeRecord) => ({
    id: rec.id,
    applicationId: rec.applicationId,
    district: rec.district,
    status: rec.status,
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  const recheckRow = (rec: RecheckRecord) => ({
    id: rec.id,
    disputeId: rec.disputeId,
    department: rec.department,
    status: rec.status,
    dueOn: rec.dueOn,
    seq: recheckSeq(rec),
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  return {
    async getDispute(id) {
      const r = q.get.get(id);
      return r ? parse<DisputeRecord>(r) : null;
    },
    async listDisputesByDistrict(district, limit) {
      return q.byDistrict.all(district, pageSize(limit, 50, 1000)).map((r) => parse<DisputeRecord>(r));
    },
    async getRecheck(id) {
      const r = q.recheck.get(id);
      return r ? parse<RecheckRecord>(r) : null;
    },
    async listRechecksByDispute(disputeId) {
      return q.byDispute.all(disputeId).map((r) => parse<RecheckRecord>(r));
    },
    async listRechecksByDepartment(query) {
      const limit = pageSize(query.limit, 20, 100);
      const status = query.status ?? null;
      const after = query.after ?? null;
      const rows = q.byDept.all(query.department, status, status, after, after, limit + 1);
      const rechecks = rows.slice(0, limit).map((r) => parse<RecheckRecord>(r));
      const last = rechecks[rechecks.length - 1];
      return rows.length > limit && last ? { rechecks, next: recheckSeq(last) } : { rechecks };
    },
    async listOverdueRechecks(today, limit) {
      return q.overdue.all(today, pageSize(limit, 100, 1000)).map((r) => parse<RecheckRecord>(r));
    },
    async getRecheckLimit() {
      const r = q.setting.get(RECHECK_LIMIT_KEY);
      return r ? parse<RecheckLimitSetting>(r) : null;
    },
    async putDispute(rec, expect) {
      if (!expect) {
        q.put.run(disputeRow(rec));
        return;
      }
      const r = q.putIf.run({ ...disputeRow(rec), expectStatus: expect.status, expectUpdatedAt: expect.updatedAt });
      requireChanged(r.changes, rec.id);
    },
    async putRecheck(rec, expect) {
      if (!expect) {
        q.putRecheck.run(recheckRow(rec));
        return;
      }
      const r = q.putRecheckIf.run({
        ...recheckRow(rec),
        expectStatus: expect.status,
        expectUpdatedAt: expect.updatedAt,
      });
      requireChanged(r.changes, rec.id);
    },
    async putRecheckLimit(rec) {
      q.putSetting.run(RECHECK_LIMIT_KEY, JSON.stringify(rec));
    },
  };
}
