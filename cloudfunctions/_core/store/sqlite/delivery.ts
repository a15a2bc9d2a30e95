/** SQLite: the outbox of subscribe messages; `sent`, `sent_at`, `attempts` and `last_error` are authoritative columns. */
import type { AreaOf } from '../areas';
import { pageSize, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX } from '../derived';
import type { OutboxMessage } from '../records';
import type { Db } from './rows';

interface OutboxRow {
  id: string;
  created_at: string;
  sent: number;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  doc: string;
}

/** What `doc` holds: the message less its columns (rows written before it was slimmed hold the whole message). */
type OutboxDoc = Pick<OutboxMessage, 'kind' | 'toOpenid' | 'applicationId' | 'data'>;

function outboxOf(r: OutboxRow): OutboxMessage {
  const m = JSON.parse(r.doc) as OutboxMessage;
  m.id = r.id;
  m.createdAt = r.created_at;
  m.sent = r.sent === 1;
  m.attempts = r.attempts;
  if (r.sent_at !== null) m.sentAt = r.sent_at;
  if (r.last_error !== null) m.lastError = r.last_error;
  return m;
}

/** Records a message, create-if-absent; synchronous, for publishDue. */
export function outboxAppender(db: Db): (msg: OutboxMessage) => void {
  const append = db.prepare(
    `INSERT INTO outbox (id, sent, created_at, sent_at, attempts, last_error, doc) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
  );
  return (m) => {
    // The columns are not repeated in the document: a round's publication writes one row per subscriber.
    const doc: OutboxDoc = { kind: m.kind, toOpenid: m.toOpenid, applicationId: m.applicationId, data: m.data };
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
      'SELECT id, created_at, sent, sent_at, attempts, last_error, doc FROM outbox WHERE sent = 0 ORDER BY created_at, id LIMIT ?',
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
