/**
 * CloudBase: applications (积分申请), receipt numbers and publishing. Queried fields are top-level; the record is
 * `docJson`. The top-level `status`, `updatedAt` and `publishedAt` are authoritative (publishDue changes only them;
 * conditional writes compare `status` and `updatedAt`) and reads lay them over the document.
 *
 * Receipt numbers: a number is taken by creating the document `<roundId>:<n>` in `receipt_claims` (the `_id` makes it
 * unique, whatever runs concurrently); the counter document of the round, advanced atomically with `_.inc(1)` after
 * each claim, says where to start looking. Claims happen at once, outside a transaction's deferred writes.
 */
import {
  applicationSeq,
  confirmAuditEntry,
  pageSize,
  publishAuditEntry,
  resultOutboxMessage,
  resultSubscribers,
  SCAN_PAGE_DEFAULT,
  SCAN_PAGE_MAX,
} from '../derived';
import type { ApplicationRecord, OutboxMessage, PublishedCase } from '../records';
import { putIf, setData, type CloudBaseArea, type VersionedDoc } from './commit';
import { auditDocOf, COLLECTIONS as C, docOf, seqBound, str, type CloudBaseDoc, type CloudBaseHelpers } from './db';

function appOf(d: CloudBaseDoc): ApplicationRecord {
  const a = docOf<ApplicationRecord>(d);
  a.status = str(d.status) as ApplicationRecord['status'];
  a.updatedAt = str(d.updatedAt);
  if (typeof d.publishedAt === 'string') a.publishedAt = d.publishedAt;
  if (typeof d.confirmedOn === 'string') a.confirmedOn = d.confirmedOn;
  return a;
}

/** The document of an application. */
function applicationDoc(rec: ApplicationRecord): VersionedDoc {
  return {
    collection: C.applications,
    id: rec.id,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      roundId: rec.roundId,
      personKey: rec.personKey,
      createdBy: rec.createdBy,
      status: rec.status,
      seq: applicationSeq(rec),
      notify: resultSubscribers(rec),
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      docJson: JSON.stringify(rec),
      resultDate: rec.resultDate ?? null,
      receiptNumber: rec.receipt?.number ?? null,
      resultTotal: rec.result?.total ?? null,
      publishedAt: rec.publishedAt ?? null,
      confirmedOn: rec.confirmedOn ?? null,
    },
  };
}

/** What publishDue writes with each case: the delivery area's create-if-absent append. */
export interface PublishWrites {
  appendOutbox(msg: OutboxMessage): Promise<void>;
}

/** The applications area. */
export function applicationsArea(h: CloudBaseHelpers, publishWrites: PublishWrites): CloudBaseArea<'applications'> {
  const { col, command: _, byId, createIfAbsent, getAll } = h;

  /** The applications of a scan page: `limit` of them and whether more follow. */
  const scanPage = async (
    cond: Record<string, unknown>,
    limit: number,
    bound: string | null,
  ): Promise<{ docs: CloudBaseDoc[]; more: boolean }> => {
    const fetch = Math.min(limit + 1, h.maxLimit);
    let docs = (await col(C.applications).where(cond).orderBy('seq', 'asc').limit(fetch).get()).data;
    if (bound !== null) docs = docs.filter((d) => str(d.seq) < bound);
    if (docs.length > limit) return { docs: docs.slice(0, limit), more: true };
    if (docs.length < limit || fetch > limit) return { docs, more: false };
    // A full page of the largest size: ask for one more document to know whether another page exists.
    const last = str(docs[docs.length - 1]?.seq);
    const peek = (
      await col(C.applications)
        .where({ ...cond, seq: _.gt(last) })
        .orderBy('seq', 'asc')
        .limit(1)
        .get()
    ).data;
    return { docs, more: peek.length > 0 && (bound === null || str(peek[0]?.seq) < bound) };
  };

  return {
    ops: {
      async getApplication(id) {
        const d = await byId(C.applications, id);
        return d ? appOf(d) : null;
      },
      async listApplicationsByPerson(personKey) {
        const q = col(C.applications).where({ personKey }).orderBy('createdAt', 'desc').orderBy('_id', 'desc');
        return (await getAll(q)).map(appOf);
      },
      async listApplicationsByCreator(openid) {
        const q = col(C.applications).where({ createdBy: openid }).orderBy('createdAt', 'desc').orderBy('_id', 'desc');
        return (await getAll(q)).map(appOf);
      },
      async listApplicationsByStatus(scan) {
        const limit = pageSize(scan.limit, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX);
        const bound = scan.resultDateTo === undefined ? null : seqBound(scan.resultDateTo);
        const cond: Record<string, unknown> = { status: _.in(scan.statuses) };
        // One range per field: with a cursor the upper bound is applied to the page instead.
        if (scan.after !== undefined) cond.seq = _.gt(scan.after);
        else if (bound !== null) cond.seq = _.lt(bound);
        const { docs, more } = await scanPage(cond, limit, bound);
        const applications = docs.map(appOf);
        const last = applications[applications.length - 1];
        return more && last ? { applications, next: applicationSeq(last) } : { applications };
      },
      async countApplicationsByStatus(scan) {
        const cond: Record<string, unknown> = { status: _.in(scan.statuses) };
        if (scan.resultDateTo !== undefined) cond.seq = _.lt(seqBound(scan.resultDateTo));
        return (await col(C.applications).where(cond).count()).total;
      },
      async putApplication(rec, expect) {
        const doc = applicationDoc(rec);
        if (expect) return putIf(h, doc, expect);
        await col(C.applications)
          .doc(rec.id)
          .set({ data: setData(doc) });
      },
      async nextReceiptSeq(roundId) {
        for (let attempt = 0; attempt < 5; attempt++) {
          const counter = await byId(C.receiptCounters, roundId);
          let n = (typeof counter?.n === 'number' ? counter.n : 0) + 1;
          for (let k = 0; k < 200; k++, n++) {
            if (await createIfAbsent(C.receiptClaims, { _id: `${roundId}:${n}`, roundId, seq: n })) {
              // Advance the hint atomically; create it on the first number of a round.
              const r = await col(C.receiptCounters)
                .doc(roundId)
                .update({ data: { n: _.inc(1) } });
              if (r.stats.updated === 0 && !(await createIfAbsent(C.receiptCounters, { _id: roundId, n: 1 }))) {
                await col(C.receiptCounters)
                  .doc(roundId)
                  .update({ data: { n: _.inc(1) } });
              }
              return n;
            }
          }
        }
        throw new Error('receipt sequence: too many concurrent claims');
      },
      async publishDue(today, at, limit, audit) {
        const n = pageSize(limit, SCAN_PAGE_MAX, h.maxLimit);
        const { data } = await col(C.applications)
          .where({ status: 'decided', seq: _.lt(seqBound(today)) })
          .orderBy('seq', 'asc')
          .limit(n)
          .get();
        const out: PublishedCase[] = [];
        // Messages and trail entries first: should this stop half-way, the cases are still `decided` and the next run
        // records them again (same ids, kept once) before publishing.
        for (const d of data) {
          const subscribers = Array.isArray(d.notify) ? d.notify.map(str) : [];
          const receiptNumber = typeof d.receiptNumber === 'string' ? d.receiptNumber : '';
          const resultDate = str(d.resultDate);
          const total = typeof d.resultTotal === 'string' ? d.resultTotal : '';
          for (const openid of subscribers) {
            await publishWrites.appendOutbox(
              resultOutboxMessage({ id: d._id, receiptNumber, resultDate, total }, openid, at),
            );
          }
          if (audit) await createIfAbsent(C.audit, auditDocOf(publishAuditEntry(d._id, at, audit)));
          out.push({
            applicationId: d._id,
            roundId: str(d.roundId),
            receiptNumber,
            resultDate,
            notified: subscribers.length,
          });
        }
        if (out.length) {
          await col(C.applications)
            .where({ _id: _.in(out.map((c) => c.applicationId)) })
            .update({ data: { status: 'published', publishedAt: at, updatedAt: at } });
        }
        return out;
      },
      async confirmDue(resultDateTo, publishedBefore, confirmedOn, at, limit, audit) {
        const n = pageSize(limit, SCAN_PAGE_MAX, h.maxLimit);
        // Published late (on or after the cutoff): its window runs from publication, so it is not due yet.
        const { data: page } = await col(C.applications)
          .where({ status: 'published', seq: _.lt(seqBound(resultDateTo)) })
          .orderBy('seq', 'asc')
          .limit(n)
          .get();
        const data = page.filter((d) => typeof d.publishedAt !== 'string' || d.publishedAt < publishedBefore);
        // Trail entries first (deterministic ids, kept once), then one update of the batch, still `published` only:
        // a case disputed meanwhile is left as it is.
        if (audit) for (const d of data) await createIfAbsent(C.audit, auditDocOf(confirmAuditEntry(d._id, at, audit)));
        if (data.length === 0) return [];
        await col(C.applications)
          .where({ _id: _.in(data.map((d) => d._id)), status: 'published' })
          .update({ data: { status: 'confirmed', confirmedOn, updatedAt: at } });
        const ids = data.map((d) => d._id);
        const after = await col(C.applications)
          .where({ _id: _.in(ids), status: 'confirmed', confirmedOn })
          .limit(n)
          .get();
        const done = new Set(after.data.map((d) => d._id));
        return data
          .filter((d) => done.has(d._id))
          .map((d) => ({ applicationId: d._id, resultDate: str(d.resultDate) }));
      },
    },
    plans: {
      putApplication: (rec, expect) => ({ doc: applicationDoc(rec), expect }),
    },
  };
}
