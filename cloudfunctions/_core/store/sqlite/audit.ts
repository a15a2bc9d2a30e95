/**
 * SQLite: the audit trail and counted refusals. A case's trail is its audit rows plus the entries of the bulk runs that
 * published or confirmed it: those are derived from the run's `audit_runs` row, which the case's narrow row points at
 * (`published_run`, `confirmed_run`), and are the entries `publishAuditEntry` / `confirmAuditEntry` build, so both
 * adapters answer the same trail. A derived entry whose id is also a row (written before runs were rows) is the row's.
 */
import type { AreaOf } from '../areas';
import {
  AUDIT_PAGE_DEFAULT,
  AUDIT_PAGE_MAX,
  auditSeq,
  confirmAuditEntry,
  pageSize,
  publishAuditEntry,
  refusalAuditEntry,
  refusalMinute,
} from '../derived';
import type { AuditEntry, AuditPage } from '../records';
import { caseTarget } from '../../cases/person';
import { RUN_ACTIONS } from './applications';
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

/** A case a bulk run changed, with the run: one derived trail entry. */
interface RunCaseRow {
  app: string;
  action: string;
  at: string;
  actor: string;
  fn: string;
}

/** The prefix of a case's audit target (`caseTarget`). */
const CASE_PREFIX = caseTarget('');

/** The trail entry a run row stands for. */
function runEntry(r: RunCaseRow): AuditEntry {
  const by = { actor: r.actor, fn: r.fn };
  return r.action === RUN_ACTIONS.confirm ? confirmAuditEntry(r.app, r.at, by) : publishAuditEntry(r.app, r.at, by);
}

/**
 * One page from the newest `limit + 1` rows and the newest `limit + 1` derived entries below the cursor: newest first,
 * `next` when there are more.
 */
function mergePage(rows: AuditEntry[], derived: AuditEntry[], limit: number): AuditPage {
  const all = derived.length === 0 ? rows : [...rows, ...derived];
  if (derived.length > 0) all.sort((a, b) => (auditSeq(a) < auditSeq(b) ? 1 : auditSeq(a) > auditSeq(b) ? -1 : 0));
  const entries = all.slice(0, limit);
  const page: AuditPage = { entries };
  const last = entries[entries.length - 1];
  if (all.length > limit && last) page.next = auditSeq(last);
  return page;
}

/** Appends an entry, create-if-absent (a replayed entry, same id, is kept once); synchronous. */
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
    isRow: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM audit WHERE id = ?'),
    runsOfCase: db.prepare<[string], RunCaseRow>(
      `SELECT a.id AS app, r.action, r.at, r.actor, r.fn FROM applications a
         JOIN audit_runs r ON r.id = a.published_run OR r.id = a.confirmed_run WHERE a.id = ?`,
    ),
    // An actor's runs are few; their cases are found by a scan of the narrow rows (an actor's listing is an
    // administrator's rare question, and an index here would cost every publication a write).
    runsOfActor: db.prepare<[string], RunCaseRow>(
      `SELECT a.id AS app, r.action, r.at, r.actor, r.fn FROM audit_runs r
         JOIN applications a ON a.published_run = r.id OR a.confirmed_run = r.id
       WHERE r.actor = ?`,
    ),
  };
  /**
   * The newest `n` derived entries of `runs` below the cursor, less those whose id is also a row (the row is listed
   * with its own time).
   */
  const derived = (runs: RunCaseRow[], before: string | null, n: number): AuditEntry[] => {
    const below = runs.map(runEntry).filter((e) => before === null || auditSeq(e) < before);
    if (below.length > 1) below.sort((a, b) => (auditSeq(a) < auditSeq(b) ? 1 : -1));
    const out: AuditEntry[] = [];
    for (const e of below) {
      if (out.length >= n) break;
      if (s.isRow.get(e.id) === undefined) out.push(e);
    }
    return out;
  };
  return {
    async listAudit(query) {
      const limit = pageSize(query.limit, AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX);
      const before = query.before ?? null;
      if (query.target !== undefined) {
        const rows = s.byTarget.all(query.target, before, before, limit + 1).map(auditOf);
        const runs = query.target.startsWith(CASE_PREFIX)
          ? s.runsOfCase.all(query.target.slice(CASE_PREFIX.length))
          : [];
        return mergePage(rows, derived(runs, before, limit + 1), limit);
      }
      const actor = query.actor as string;
      const rows = s.byActor.all(actor, before, before, limit + 1).map(auditOf);
      return mergePage(rows, derived(s.runsOfActor.all(actor), before, limit + 1), limit);
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
