/**
 * SQLite: the outbox of subscribe messages; `sent`, `sent_at`, `attempts` and `last_error` are authoritative columns.
 * A 'result' message as publishing writes it has no document: its id and the `receipt_number` and `total` columns
 * hold all of it.
 */
import type { AreaOf } from '../areas';
import { pageSize, resultMessageId, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX } from '../derived';
import type { OutboxMessage } from '../records';
import type { Db } from './rows';

interface OutboxRow {
  id: string;
  created_at: string;
  sent: number;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  doc: string | null;
  receipt_number: string | null;
  total: string | null;
}

/**
 * What `doc` holds: the message less its columns, and less kind, application and recipient when its id spells them
 * (`<kind>:<applicationId>:<openid>`, or a 'result' message's `result:<resultDate>:<applicationId>:<openid>` with
 * the result date of its data, as publishing writes them: one row per subscriber of a round). Rows written before
 * hold more; reading takes what a row has.
 */
type OutboxDoc = Partial<Pick<OutboxMessage, 'kind' | 'toOpenid' | 'applicationId'>> & Pick<OutboxMessage, 'data'>;

/** The id that spells `m`'s kind, application and recipient (`resultMessageId` for 'result' messages). */
function spelledId(m: Pick<OutboxMessage, 'kind' | 'applicationId' | 'toOpenid' | 'data'>): string {
  return m.kind === 'result'
    ? resultMessageId({ id: m.applicationId, resultDate: m.data.resultDate ?? '' }, m.toOpenid)
    : `${m.kind}:${m.applicationId}:${m.toOpenid}`;
}

/**
 * Whether `m.id` spells its kind, application and recipient, unambiguously (neither kind, nor openid, nor a 'result'
 * message's result date has a colon).
 */
function idSpells(m: Pick<OutboxMessage, 'id' | 'kind' | 'applicationId' | 'toOpenid' | 'data'>): boolean {
  const colon =
    m.kind.includes(':') ||
    m.toOpenid.includes(':') ||
    (m.kind === 'result' && (m.data.resultDate ?? '').includes(':'));
  return !colon && m.id === spelledId(m);
}

/**
 * The document of a row: its `doc`, else (a 'result' message as publishing writes it) the data from the id's result
 * date and the receipt number and total columns, in `resultOutboxMessage`'s order.
 */
function docOf(r: OutboxRow): OutboxDoc {
  if (r.doc !== null) return JSON.parse(r.doc) as OutboxDoc;
  const date = r.id.indexOf(':') + 1;
  const resultDate = r.id.slice(date, r.id.indexOf(':', date));
  return { data: { receiptNumber: r.receipt_number ?? '', resultDate, total: r.total ?? '' } };
}

function outboxOf(r: OutboxRow): OutboxMessage {
  const doc = docOf(r);
  const m = doc as OutboxMessage;
  if (doc.kind === undefined) {
    const first = r.id.indexOf(':');
    const last = r.id.lastIndexOf(':');
    m.kind = r.id.slice(0, first) as OutboxMessage['kind'];
    m.toOpenid = r.id.slice(last + 1);
    // A 'result' id has the result date (no colon) before the application.
    const from = m.kind === 'result' ? r.id.indexOf(':', first + 1) : first;
    m.applicationId = r.id.slice(from + 1, last);
  }
  m.id = r.id;
  m.createdAt = r.created_at;
  m.sent = r.sent === 1;
  m.attempts = r.attempts;
  if (r.sent_at !== null) m.sentAt = r.sent_at;
  if (r.last_error !== null) m.lastError = r.last_error;
  return m;
}

/** Records a message, create-if-absent (publishDue writes its messages in one statement of its own). */
function outboxAppender(db: Db): (msg: OutboxMessage) => void {
  const append = db.prepare(
    `INSERT INTO outbox (id, sent, created_at, sent_at, attempts, last_error, doc) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  return (m) => {
    // Neither the columns nor what the id spells are repeated in the document.
    const doc: OutboxDoc = idSpells(m)
      ? { data: m.data }
      : { kind: m.kind, toOpenid: m.toOpenid, applicationId: m.applicationId, data: m.data };
    append.run(
      m.id,
      m.sent ? 1 : 0,
      m.createdAt,
      m.sentAt ?? null,
      m.attempts,
      m.lastError ?? null,
      JSON.stringify(doc),
    );
  };
}

/** The delivery area on one connection. */
export function deliveryArea(db: Db): AreaOf<'delivery'> {
  const append = outboxAppender(db);
  const s = {
    unsent: db.prepare<[number], OutboxRow>(
      'SELECT id, created_at, sent, sent_at, attempts, last_error, doc, receipt_number, total FROM outbox WHERE sent = 0 ORDER BY created_at, id LIMIT ?',
    ),
    markSent: db.prepare('UPDATE outbox SET sent = 1, sent_at = ? WHERE id = ?'),
    markFailed: db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND sent = 0'),
  };
  return {
    async listUnsentOutbox(limit) {
      return s.unsent.all(pageSize(limit, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX)).map(outboxOf);
    },
    async appendOutbox(m) {
      append(m);
    },
    async markOutboxSent(id, at) {
      s.markSent.run(at, id);
    },
    async markOutboxFailed(id, _at, error) {
      s.markFailed.run(error.slice(0, 500), id);
    },
  };
}
