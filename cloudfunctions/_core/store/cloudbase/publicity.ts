/**
 * CloudBase: a round's settlement line (`_id` = round id), the published admitted list and its objections. Queried
 * fields and the conditional write's `status` and `updatedAt` are top-level; the record is `docJson`.
 */
import { pageSize } from '../derived';
import {
  objectionSeq,
  PUBLICITY_PAGE_MAX,
  type ObjectionRecord,
  type PublicityEntry,
  type SettlementLineRecord,
} from '../publicity-records';
import { putIf, setData, type CloudBaseArea, type VersionedDoc } from './commit';
import { COLLECTIONS as C, docOf, type CloudBaseHelpers } from './db';

function lineDoc(rec: SettlementLineRecord): VersionedDoc {
  return {
    collection: C.settlementLines,
    id: rec.roundId,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: { status: rec.status, updatedAt: rec.updatedAt, docJson: JSON.stringify(rec) },
  };
}

function entryDoc(rec: PublicityEntry): VersionedDoc {
  return {
    collection: C.publicityEntries,
    id: rec.id,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      roundId: rec.roundId,
      status: rec.status,
      noticed: rec.noticed,
      seq: rec.seq,
      updatedAt: rec.updatedAt,
      docJson: JSON.stringify(rec),
    },
  };
}

function objectionDoc(rec: ObjectionRecord): VersionedDoc {
  return {
    collection: C.objections,
    id: rec.id,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      roundId: rec.roundId,
      entryId: rec.entryId,
      status: rec.status,
      seq: objectionSeq(rec),
      updatedAt: rec.updatedAt,
      docJson: JSON.stringify(rec),
    },
  };
}

/** The publicity area. */
export function publicityArea(h: CloudBaseHelpers): CloudBaseArea<'publicity'> {
  const { col, command: _, byId, getAll } = h;
  const put = async (doc: VersionedDoc, expect?: { status: string; updatedAt: string }): Promise<void> => {
    if (expect) return putIf(h, doc, expect);
    await col(doc.collection)
      .doc(doc.id)
      .set({ data: setData(doc) });
  };
  return {
    ops: {
      async getSettlementLine(roundId) {
        const d = await byId(C.settlementLines, roundId);
        return d ? docOf<SettlementLineRecord>(d) : null;
      },
      async listSettlementLinesByStatus(status) {
        const q = col(C.settlementLines).where({ status }).orderBy('_id', 'asc');
        return (await getAll(q)).map((d) => docOf<SettlementLineRecord>(d));
      },
      async getPublicityEntry(id) {
        const d = await byId(C.publicityEntries, id);
        return d ? docOf<PublicityEntry>(d) : null;
      },
      async listPublicityEntries(query) {
        const limit = pageSize(query.limit, 50, PUBLICITY_PAGE_MAX);
        const cond: Record<string, unknown> = { roundId: query.roundId, status: query.status };
        if (query.noticed !== undefined) cond.noticed = query.noticed;
        if (query.after !== undefined) cond.seq = _.gt(query.after);
        const { data } = await col(C.publicityEntries)
          .where(cond)
          .orderBy('seq', 'asc')
          .limit(limit + 1)
          .get();
        const entries = data.slice(0, limit).map((d) => docOf<PublicityEntry>(d));
        const last = entries[entries.length - 1];
        return data.length > limit && last ? { entries, next: last.seq } : { entries };
      },
      async countPublicityEntries(roundId, status) {
        return (await col(C.publicityEntries).where({ roundId, status }).count()).total;
      },
      async getObjection(id) {
        const d = await byId(C.objections, id);
        return d ? docOf<ObjectionRecord>(d) : null;
      },
      async listObjections(query) {
        const limit = pageSize(query.limit, 50, PUBLICITY_PAGE_MAX);
        const cond: Record<string, unknown> = { roundId: query.roundId };
        if (query.status !== undefined) cond.status = query.status;
        if (query.after !== undefined) cond.seq = _.gt(query.after);
        const { data } = await col(C.objections)
          .where(cond)
          .orderBy('seq', 'asc')
          .limit(limit + 1)
          .get();
        const objections = data.slice(0, limit).map((d) => docOf<ObjectionRecord>(d));
        const last = objections[objections.length - 1];
        return data.length > limit && last ? { objections, next: objectionSeq(last) } : { objections };
      },
      async listObjectionsByEntry(entryId) {
        const q = col(C.objections).where({ entryId }).orderBy('seq', 'asc');
        return (await getAll(q)).map((d) => docOf<ObjectionRecord>(d));
      },
      putSettlementLine: (rec, expect) => put(lineDoc(rec), expect),
      putPublicityEntry: (rec, expect) => put(entryDoc(rec), expect),
      putObjection: (rec, expect) => put(objectionDoc(rec), expect),
    },
    plans: {
      putSettlementLine: (rec, expect) => ({ doc: lineDoc(rec), expect }),
      putPublicityEntry: (rec, expect) => ({ doc: entryDoc(rec), expect }),
      putObjection: (rec, expect) => ({ doc: objectionDoc(rec), expect }),
    },
  };
}
