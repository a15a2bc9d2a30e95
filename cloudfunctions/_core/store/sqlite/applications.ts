/**
 * SQLite: applications (积分申请), their receipt numbers and publishing.
 *
 * An application's document (~15–30 KB: profile, receipt, timeline and the result's score sheets) lives in
 * `application_docs` with the columns of the lookups by person and creator, beside the narrow `applications` row of
 * what publishing and the status scans read or change, stored in result-date order, whose `status`, `updated_at` and
 * `published_at` are authoritative (publishDue changes only them; reads lay them over the document). Publishing a
 * round of 100,000 so rewrites a few hundred bytes per case. Documents are stored packed from 2 KB on (sqlite/packing.ts; a decided case's ~17 KB with its score sheet becomes well under 2 KB). A bulk run's
 * trail entries are not rows: the run is one `audit_runs` row and each case it changed points at it (sqlite/audit.ts).
 */
import type { AreaOf } from '../areas';
import {
  applicationSeq,
  pageSize,
  PUBLISH_BATCH_MAX,
  resultSubscribers,
  SCAN_PAGE_DEFAULT,
  SCAN_PAGE_MAX,
} from '../derived';
import type { ApplicationRecord, ConfirmedCase, PublishAudit, PublishedCase } from '../records';
import { store as storeText, textOf } from './packing';
import { requireChanged, type Db } from './rows';

interface AppRow {
  status: string;
  updated_at: string;
  published_at: string | null;
  confirmed_on: string | null;
  doc: string | null;
  packed: Uint8Array | null;
}

/**
 * A batch's published cases as one JSON text, `[id, round, receipt number, result date, subscribers]` per case: one
 * value to hand over instead of a row object per case (which took longer than the UPDATE itself).
 */
type DueList = [id: string, roundId: string, receiptNumber: string | null, resultDate: string, notified: number][];

/** Columns and join of an application read: the narrow row's status fields and the document. */
const APP_SELECT =
  'a.status, a.updated_at, a.published_at, a.confirmed_on, d.doc, d.packed FROM applications a JOIN application_docs d ON d.id = a.id';

/** The narrow row's columns, set by both the plain and the conditional write. */
const APP_COLUMNS = `round_id = @roundId, status = @status, result_date = @resultDate, seq = @seq,
  receipt_number = @receiptNumber, result_total = @resultTotal, notify = @notify, updated_at = @updatedAt,
  published_at = @publishedAt, confirmed_on = @confirmedOn`;

function appOf(r: AppRow): ApplicationRecord {
  const a = JSON.parse(textOf({ text: r.doc, packed: r.packed })) as ApplicationRecord;
  a.status = r.status as ApplicationRecord['status'];
  a.updatedAt = r.updated_at;
  if (r.published_at !== null) a.publishedAt = r.published_at;
  if (r.confirmed_on !== null) a.confirmedOn = r.confirmed_on;
  return a;
}

/** The narrow row of an application. */
const rowOf = (rec: ApplicationRecord) => ({
  id: rec.id,
  roundId: rec.roundId,
  status: rec.status,
  resultDate: rec.resultDate ?? null,
  seq: applicationSeq(rec),
  receiptNumber: rec.receipt?.number ?? null,
  resultTotal: rec.result?.total ?? null,
  notify: JSON.stringify(resultSubscribers(rec)),
  updatedAt: rec.updatedAt,
  publishedAt: rec.publishedAt ?? null,
  confirmedOn: rec.confirmedOn ?? null,
});

/** The data of a 'result' message from the narrow row `a` (`resultOutboxMessage`). */
const RESULT_DATA = `'receiptNumber', COALESCE(a.receipt_number, ''), 'resultDate', a.result_date,
  'total', COALESCE(a.result_total, '')`;

/**
 * Whether a 'result' message's id spells all but its receipt number and total: a recipient `n.value` and a result date
 * without colons (`idSpells` in sqlite/delivery.ts).
 */
const SPELLED = `instr(n.value, ':') = 0 AND instr(COALESCE(a.result_date, ':'), ':') = 0`;

/**
 * A publishing batch: the first `@limit` decided cases due by `@bound`, in result-date order, found by the (status, seq)
 * index alone as the range of `seq` they span; the table is stored in seq order, so their rows are neighbours.
 */
const DUE_BOUNDS = `SELECT min(seq) AS first, max(seq) AS last FROM (SELECT seq FROM applications
  WHERE status = 'decided' AND seq < @bound ORDER BY seq LIMIT @limit)`;

/**
 * The batch's rows, `a`: the decided ones in its range, read along the table (`+status`: not by the status index, which
 * would look up each row again and, for the UPDATE, have it collect the rows before changing any). The list, the
 * messages and the UPDATE read it in one transaction, the UPDATE last, so all three see the same cases.
 */
const DUE_RANGE = `a.seq >= @first AND a.seq <= @last AND +a.status = 'decided'`;

/** The bounds of a batch in `seq`. */
interface DueRange {
  first: string;
  last: string;
}
/** `T` as an aggregate over no rows answers it (min and max of nothing are NULL). */
type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The scan's order (`applicationSeq`): result date, then id, of two `DueList` entries. */
function byResultDateThenId(a: DueList[number], b: DueList[number]): number {
  if (a[3] !== b[3]) return a[3] < b[3] ? -1 : 1;
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** The exclusive upper bound of `seq` for result dates on or before `day` (`|` < `}`). */
const seqBound = (day: string): string => `${day}}`;

/** The trail actions of the bulk runs, as `audit_runs.action` (derived entries: `publishAuditEntry`, `confirmAuditEntry`). */
export const RUN_ACTIONS = { publish: 'result.publish', confirm: 'result.confirm' } as const;

/** The applications area on one connection. */
export function applicationsArea(db: Db): AreaOf<'applications'> {
  const q = {
    app: db.prepare<[string], AppRow>(`SELECT ${APP_SELECT} WHERE a.id = ?`),
    byPerson: db.prepare<[string], AppRow>(
      `SELECT ${APP_SELECT} WHERE d.person_key = ? ORDER BY d.created_at DESC, d.id DESC`,
    ),
    byCreator: db.prepare<[string], AppRow>(
      `SELECT ${APP_SELECT} WHERE d.created_by = ? ORDER BY d.created_at DESC, d.id DESC`,
    ),
    byStatus: db.prepare<[string, string | null, string | null, string | null, string | null, number], AppRow>(
      `SELECT ${APP_SELECT}
       WHERE a.status IN (SELECT value FROM json_each(?)) AND (? IS NULL OR (a.result_date IS NOT NULL AND a.seq < ?)) AND (? IS NULL OR a.seq > ?)
       ORDER BY a.seq LIMIT ?`,
    ),
    countByStatus: db.prepare<[string, string | null, string | null], { n: number }>(
      `SELECT COUNT(*) AS n FROM applications
       WHERE status IN (SELECT value FROM json_each(?)) AND (? IS NULL OR (result_date IS NOT NULL AND seq < ?))`,
    ),
    put: db.prepare(
      `INSERT INTO applications (id, round_id, status, result_date, seq, receipt_number, result_total, notify,
         updated_at, published_at, confirmed_on)
       VALUES (@id, @roundId, @status, @resultDate, @seq, @receiptNumber, @resultTotal, @notify,
         @updatedAt, @publishedAt, @confirmedOn)
       ON CONFLICT (id) DO UPDATE SET round_id = excluded.round_id, status = excluded.status,
         result_date = excluded.result_date, seq = excluded.seq, receipt_number = excluded.receipt_number,
         result_total = excluded.result_total, notify = excluded.notify, updated_at = excluded.updated_at,
         published_at = excluded.published_at, confirmed_on = excluded.confirmed_on`,
    ),
    putIf: db.prepare(
      `UPDATE applications SET ${APP_COLUMNS} WHERE id = @id AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
    // The document with the columns its lookups by person and creator read (not on the narrow row: publishing
    // rewrites that row, and they never change with the status). A stored document whose lookups stay as they were
    // gets only its text: SQLite rewrites an index's entry whenever its column is SET, even to the same value, and the
    // person index is keyed at random (a page of its own per save or submission). `putDocMoved` is for the rest.
    putDoc: db.prepare<[string, string, string, string, string | null, Buffer | null]>(
      `INSERT INTO application_docs (id, person_key, created_by, created_at, doc, packed) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, packed = excluded.packed
         WHERE person_key IS excluded.person_key AND created_by IS excluded.created_by
           AND created_at IS excluded.created_at`,
    ),
    putDocMoved: db.prepare<[string, string, string, string | null, Buffer | null, string]>(
      `UPDATE application_docs SET person_key = ?, created_by = ?, created_at = ?, doc = ?, packed = ? WHERE id = ?`,
    ),
    nextSeq: db.prepare<[string], { n: number }>(
      'INSERT INTO receipt_counters (round_id, n) VALUES (?, 1) ON CONFLICT (round_id) DO UPDATE SET n = n + 1 RETURNING n',
    ),
    // A run's row, one per action, instant and actor (the batches of one run share it).
    run: db.prepare<[string, string, string, string], { id: number }>(
      'SELECT id FROM audit_runs WHERE action = ? AND at = ? AND actor = ? AND fn = ?',
    ),
    newRun: db.prepare<[string, string, string, string], { id: number }>(
      'INSERT INTO audit_runs (action, at, actor, fn) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    dropRun: db.prepare<[number]>('DELETE FROM audit_runs WHERE id = ?'),
    // The 'result' messages of a batch, one per subscriber of each due case (`resultOutboxMessage` in derived.ts, which
    // the CloudBase adapter writes: the contract holds both to the same message), in one statement before the UPDATE
    // below. The id spells kind, date, case and recipient (sqlite/delivery.ts), the receipt number and total are
    // columns (no document) unless the id cannot spell them (a recipient with a colon, no result date). In batch order
    // the ids ascend (`resultMessageId`), so the outbox's B-trees grow at their end.
    resultMessages: db.prepare<DueRange & { at: string }>(
      `INSERT INTO outbox (id, sent, created_at, sent_at, attempts, last_error, doc, receipt_number, total)
       SELECT 'result:' || COALESCE(a.result_date, '') || ':' || a.id || ':' || n.value, 0, @at, NULL, 0, NULL,
         CASE WHEN ${SPELLED} THEN NULL
           WHEN instr(n.value, ':') = 0 THEN json_object('data', json_object(${RESULT_DATA}))
           ELSE json_object('kind', 'result', 'toOpenid', n.value, 'applicationId', a.id, 'data', json_object(${RESULT_DATA}))
         END,
         CASE WHEN ${SPELLED} THEN COALESCE(a.receipt_number, '') END,
         CASE WHEN ${SPELLED} THEN COALESCE(a.result_total, '') END
       FROM applications a, json_each(a.notify) n
       WHERE ${DUE_RANGE}
       ON CONFLICT (id) DO NOTHING`,
    ),
    dueBounds: db.prepare<{ bound: string; limit: number }, Nullable<DueRange>>(DUE_BOUNDS),
    // What the batch publishes, read before the UPDATE changes its status.
    dueList: db.prepare<DueRange, { list: string }>(
      `SELECT json_group_array(json_array(a.id, a.round_id, a.receipt_number, a.result_date, json_array_length(a.notify)))
         AS list FROM applications a WHERE ${DUE_RANGE}`,
    ),
    // One statement publishes the batch. The first run that published a case stays its trail entry (a second
    // publication keeps it, as the row did).
    publishDue: db.prepare<DueRange & { at: string; run: number | null }>(
      `UPDATE applications SET status = 'published', published_at = @at, updated_at = @at,
         published_run = COALESCE(published_run, @run)
       WHERE seq >= @first AND seq <= @last AND +status = 'decided'`,
    ),
    confirmDue: db.prepare<
      [string, string, number | null, string, string, number],
      { id: string; result_date: string; seq: string }
    >(
      `UPDATE applications SET status = 'confirmed', confirmed_on = ?, updated_at = ?,
         confirmed_run = COALESCE(confirmed_run, ?)
       WHERE seq IN (SELECT seq FROM applications WHERE status = 'published' AND seq < ?
         AND (published_at IS NULL OR published_at < ?) ORDER BY seq LIMIT ?)
       RETURNING id, result_date, seq`,
    ),
  };

  /** The document, packed from `PACKING.document.minBytes` on (sqlite/packing.ts): a decided case's, with its score sheet. */
  const putDoc = (rec: ApplicationRecord): void => {
    const { text, packed } = storeText(JSON.stringify(rec));
    // No change: the document is stored with other lookups (the upsert's WHERE kept it as it was).
    if (q.putDoc.run(rec.id, rec.personKey, rec.createdBy, rec.createdAt, text, packed).changes === 0)
      q.putDocMoved.run(rec.personKey, rec.createdBy, rec.createdAt, text, packed, rec.id);
  };

  /**
   * Runs `change` (one set-based UPDATE) with the `audit_runs` row of a run that is told who runs it (its cases' trail
   * entries point at it), else with null; a row created for a batch that changed nothing is taken back, so a run with
   * nothing due leaves the store as it was.
   */
  const withRun = <R>(
    action: string,
    at: string,
    audit: PublishAudit | undefined,
    change: (run: number | null) => R[],
  ) => {
    if (!audit) return change(null);
    const known = q.run.get(action, at, audit.actor, audit.fn);
    const run = known ?? (q.newRun.get(action, at, audit.actor, audit.fn) as { id: number });
    const rows = change(run.id);
    if (!known && rows.length === 0) q.dropRun.run(run.id);
    return rows;
  };

  /**
   * One call of confirmDue as one transaction: the run's row and the status changes (one UPDATE, which points each case
   * at the run: its trail entry), nothing row by row in JavaScript.
   */
  const confirmBatch = db.transaction(
    (cutoff: string, before: string, on: string, at: string, limit: number, audit?: PublishAudit): ConfirmedCase[] => {
      const rows = withRun(RUN_ACTIONS.confirm, at, audit, (run) =>
        q.confirmDue.all(on, at, run, seqBound(cutoff), before, limit),
      ).sort((a, b) => (a.seq < b.seq ? -1 : 1));
      return rows.map((r) => ({ applicationId: r.id, resultDate: r.result_date }));
    },
  );

  /**
   * One call of publishDue as one transaction: status, 'result' messages and trail entries are kept together or not at
   * all, each set-based: one INSERT … SELECT writes the messages, one UPDATE the status (pointing each case at the run's
   * row: its trail entry), nothing row by row in JavaScript. The three statements read the same batch, the UPDATE last.
   */
  const publishBatch = db.transaction(
    (today: string, at: string, limit: number, audit: PublishAudit | undefined): PublishedCase[] => {
      const { first, last } = q.dueBounds.get({ bound: seqBound(today), limit }) as Nullable<DueRange>;
      if (first === null || last === null) return [];
      const range = { first, last };
      const due = JSON.parse((q.dueList.get(range) as { list: string }).list) as DueList;
      q.resultMessages.run({ ...range, at });
      withRun(RUN_ACTIONS.publish, at, audit, (run) => {
        q.publishDue.run({ ...range, at, run });
        return due;
      });
      // Read in seq order already, which is the contract's (result date, then id); the sort makes sure of it.
      return due.sort(byResultDateThenId).map(([id, roundId, receiptNumber, resultDate, notified]) => ({
        applicationId: id,
        roundId,
        receiptNumber: receiptNumber ?? '',
        resultDate,
        notified,
      }));
    },
  );

  return {
    async getApplication(id) {
      const r = q.app.get(id);
      return r ? appOf(r) : null;
    },
    async listApplicationsByPerson(personKey) {
      return q.byPerson.all(personKey).map(appOf);
    },
    async listApplicationsByCreator(openid) {
      return q.byCreator.all(openid).map(appOf);
    },
    async listApplicationsByStatus(scan) {
      const limit = pageSize(scan.limit, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX);
      const bound = scan.resultDateTo === undefined ? null : seqBound(scan.resultDateTo);
      const after = scan.after ?? null;
      const rows = q.byStatus.all(JSON.stringify(scan.statuses), bound, bound, after, after, limit + 1);
      const applications = rows.slice(0, limit).map(appOf);
      const last = applications[applications.length - 1];
      return rows.length > limit && last ? { applications, next: applicationSeq(last) } : { applications };
    },
    async countApplicationsByStatus(scan) {
      const bound = scan.resultDateTo === undefined ? null : seqBound(scan.resultDateTo);
      return (q.countByStatus.get(JSON.stringify(scan.statuses), bound, bound) as { n: number }).n;
    },
    async putApplication(rec, expect) {
      if (expect) {
        // The narrow row first, conditionally: when it changes nothing, nothing is written.
        const r = q.putIf.run({ ...rowOf(rec), expectStatus: expect.status, expectUpdatedAt: expect.updatedAt });
        requireChanged(r.changes, rec.id);
        putDoc(rec);
        return;
      }
      putDoc(rec);
      q.put.run(rowOf(rec));
    },
    async nextReceiptSeq(roundId) {
      return (q.nextSeq.get(roundId) as { n: number }).n;
    },
    async publishDue(today, at, limit, audit) {
      return publishBatch(today, at, pageSize(limit, SCAN_PAGE_MAX, PUBLISH_BATCH_MAX), audit);
    },
    async confirmDue(resultDateTo, publishedBefore, confirmedOn, at, limit, audit) {
      return confirmBatch(
        resultDateTo,
        publishedBefore,
        confirmedOn,
        at,
        pageSize(limit, SCAN_PAGE_MAX, PUBLISH_BATCH_MAX),
        audit,
      );
    },
  };
}
