/** SQLite: the audit trail and counted refusals. */
import type { AreaOf } from '../areas';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, auditSeq, pageSize, refusalAuditEntry, refusalMinute } from '../derived';
import type { AuditEntry, AuditPage } from '../records';
import type { Db } from './rows';

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

/** Appends an entry, create-if-absent (a replayed entry, same id, is kept once); synchronous, for publishDue. */
export function auditAppender(db: Db): (entry: AuditEntry) => void {
  const append = db.prepare(
    `INSERT INTO audit (id, seq, at, actor, acting_for, fn, action, target, result, request_id)
     VALUES (@id, @seq, @at, @actor, @actingFor, @fn, @action, @target, @result, @requestId) ON CONFLICT (id) DO NOTHING`,
  );
  return (e) => {
    append.run({ ...e, seq: auditSeq(e), requestId: e.requestId ?? null });
  };
}

/** The audit area on one connection. */
export function auditArea(db: Db): AreaOf<'audit'> {
  const append = auditAppender(db);
  const s = {
    byTarget: db.prepare<[string, string | null, string | null, number], AuditRow>(
      'SELECT * FROM audit WHERE target = ? AND (? IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?',
    ),
    byActor: db.prepare<[string, string | null, string | null, number], AuditRow>(
      'SELECT * FROM audit WHERE actor = ? AND (? IS NULL OR seq < ?) ORDER BY seq DESC LIMIT ?',
    ),
    countRefusal: db.prepare(
      `INSERT INTO audit (id, seq, at, actor, acting_for, fn, action, target, result, request_id, count, minute)
       VALUES (@id, @seq, @at, @actor, NULL, @fn, @action, @target, @result, @requestId, 1, @minute)
       ON CONFLICT (id) DO UPDATE SET count = count + 1`,
    ),
    refusalsInMinute: db.prepare<[string, string], { n: number }>(
      'SELECT COALESCE(SUM(count), 0) AS n FROM audit WHERE actor = ? AND minute = ?',
    ),
  };
  return {
    async listAudit(query) {
      const limit = pageSize(query.limit, AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX);
      const before = query.before ?? null;
      const rows =
        query.target !== undefined
          ? s.byTarget.all(query.target, before, before, limit + 1)
          : s.byActor.all(query.actor as string, before, before, limit + 1);
      const entries = rows.slice(0, limit).map(auditOf);
      const page: AuditPage = { entries };
      const last = entries[entries.length - 1];
      if (rows.length > limit && last) page.next = auditSeq(last);
      return page;
    },
    async countRefusalsInMinute(actor, minute) {
      return (s.refusalsInMinute.get(actor, minute) as { n: number }).n;
    },
    async appendAudit(e) {
      append(e);
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
  };
}
