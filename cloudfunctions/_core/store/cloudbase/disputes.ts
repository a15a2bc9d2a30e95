/**
 * CloudBase: disputes (异议), re-review tasks (复核) and the re-review limit. Queried fields and the conditional
 * write's `status` and `updatedAt` are top-level; the record is `docJson`.
 */
import { DISPUTE_QUEUE_ORDER, pageSize, recheckSeq } from '../derived';
import type { DisputeRecord, RecheckLimitSetting, RecheckRecord } from '../records';
import { putIf, setData, type CloudBaseArea, type VersionedDoc } from './commit';
import { byString, COLLECTIONS as C, docOf, type CloudBaseHelpers } from './db';

const RECHECK_LIMIT_KEY = 'recheck-limit';

function disputeDoc(rec: DisputeRecord): VersionedDoc {
  return {
    collection: C.disputes,
    id: rec.id,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      applicationId: rec.applicationId,
      district: rec.district,
      status: rec.status,
      createdAt: rec.createdAt,
      updatedAt: rec.updatedAt,
      docJson: JSON.stringify(rec),
    },
  };
}

function recheckDoc(rec: RecheckRecord): VersionedDoc {
  return {
    collection: C.rechecks,
    id: rec.id,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      disputeId: rec.disputeId,
      department: rec.department,
      status: rec.status,
      dueOn: rec.dueOn,
      seq: recheckSeq(rec),
      updatedAt: rec.updatedAt,
      docJson: JSON.stringify(rec),
    },
  };
}

/** The disputes area. */
export function disputesArea(h: CloudBaseHelpers): CloudBaseArea<'disputes'> {
  const { col, command: _, byId, getAll } = h;
  return {
    ops: {
      async getDispute(id) {
        const d = await byId(C.disputes, id);
        return d ? docOf<DisputeRecord>(d) : null;
      },
      async listDisputesByDistrict(district, limit) {
        const n = pageSize(limit, 50, 1000);
        const out: DisputeRecord[] = [];
        // One query per status, open ones first: each by (district, status, createdAt).
        for (const status of DISPUTE_QUEUE_ORDER) {
          if (out.length >= n) break;
          const { data } = await col(C.disputes)
            .where({ district, status })
            .orderBy('createdAt', 'asc')
            .orderBy('_id', 'asc')
            .limit(n - out.length)
            .get();
          out.push(...data.map((d) => docOf<DisputeRecord>(d)));
        }
        return out;
      },
      async getRecheck(id) {
        const d = await byId(C.rechecks, id);
        return d ? docOf<RecheckRecord>(d) : null;
      },
      async listRechecksByDispute(disputeId) {
        const docs = await getAll(col(C.rechecks).where({ disputeId }).orderBy('_id', 'asc'));
        return docs.map((d) => docOf<RecheckRecord>(d)).sort(byString((r) => r.id));
      },
      async listRechecksByDepartment(query) {
        const limit = pageSize(query.limit, 20, 100);
        const cond: Record<string, unknown> = { department: query.department };
        if (query.status !== undefined) cond.status = query.status;
        if (query.after !== undefined) cond.seq = _.gt(query.after);
        const { data } = await col(C.rechecks)
          .where(cond)
          .orderBy('seq', 'asc')
          .limit(limit + 1)
          .get();
        const rechecks = data.slice(0, limit).map((d) => docOf<RecheckRecord>(d));
        const last = rechecks[rechecks.length - 1];
        return data.length > limit && last ? { rechecks, next: recheckSeq(last) } : { rechecks };
      },
      async listOverdueRechecks(today, limit) {
        const { data } = await col(C.rechecks)
          .where({ status: 'pending', dueOn: _.lt(today) })
          .orderBy('dueOn', 'asc')
          .orderBy('_id', 'asc')
          .limit(pageSize(limit, 100, 1000))
          .get();
        return data.map((d) => docOf<RecheckRecord>(d));
      },
      async getRecheckLimit() {
        const d = await byId(C.settings, RECHECK_LIMIT_KEY);
        return d ? docOf<RecheckLimitSetting>(d) : null;
      },
      async putDispute(rec, expect) {
        const doc = disputeDoc(rec);
        if (expect) return putIf(h, doc, expect);
        await col(C.disputes)
          .doc(rec.id)
          .set({ data: setData(doc) });
      },
      async putRecheck(rec, expect) {
        const doc = recheckDoc(rec);
        if (expect) return putIf(h, doc, expect);
        await col(C.rechecks)
          .doc(rec.id)
          .set({ data: setData(doc) });
      },
      async putRecheckLimit(rec) {
        await col(C.settings)
          .doc(RECHECK_LIMIT_KEY)
          .set({ data: { docJson: JSON.stringify(rec) } });
      },
    },
    plans: {
      putDispute: (rec, expect) => ({ doc: disputeDoc(rec), expect }),
      putRecheck: (rec, expect) => ({ doc: recheckDoc(rec), expect }),
    },
  };
}
