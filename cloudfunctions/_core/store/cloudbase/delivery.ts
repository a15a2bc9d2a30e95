/** CloudBase: the outbox; `sent`, `sentAt`, `attempts` and `lastError` are authoritative top-level fields. */
import { pageSize, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX } from '../derived';
import type { OutboxMessage } from '../records';
import type { CloudBaseArea } from './commit';
import { COLLECTIONS as C, docOf, type CloudBaseDoc, type CloudBaseHelpers } from './db';

function outboxOf(d: CloudBaseDoc): OutboxMessage {
  const m = docOf<OutboxMessage>(d);
  m.sent = d.sent === true;
  m.attempts = typeof d.attempts === 'number' ? d.attempts : 0;
  if (typeof d.sentAt === 'string') m.sentAt = d.sentAt;
  if (typeof d.lastError === 'string') m.lastError = d.lastError;
  return m;
}

/** Records a message, create-if-absent (an existing id is the same message recorded again: kept). */
export function outboxAppender({ createIfAbsent }: CloudBaseHelpers): (m: OutboxMessage) => Promise<void> {
  return async (m) => {
    const doc: CloudBaseDoc = {
      _id: m.id,
      sent: m.sent,
      createdAt: m.createdAt,
      attempts: m.attempts,
      docJson: JSON.stringify(m),
    };
    if (m.sentAt !== undefined) doc.sentAt = m.sentAt;
    if (m.lastError !== undefined) doc.lastError = m.lastError;
    await createIfAbsent(C.outbox, doc);
  };
}

/** The delivery area. */
export function deliveryArea(h: CloudBaseHelpers): CloudBaseArea<'delivery'> {
  const { col, command: _, byId } = h;
  return {
    ops: {
      async listUnsentOutbox(limit) {
        const n = pageSize(limit, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX);
        const { data } = await col(C.outbox)
          .where({ sent: false })
          .orderBy('createdAt', 'asc')
          .orderBy('_id', 'asc')
          .limit(n)
          .get();
        return data.map(outboxOf);
      },
      appendOutbox: outboxAppender(h),
      async markOutboxSent(id, at) {
        await col(C.outbox)
          .doc(id)
          .update({ data: { sent: true, sentAt: at } });
      },
      async markOutboxFailed(id, _at, error) {
        const d = await byId(C.outbox, id);
        if (!d || d.sent === true) return;
        await col(C.outbox)
          .doc(id)
          .update({ data: { attempts: _.inc(1), lastError: error.slice(0, 500) } });
      },
    },
  };
}
