/**
 * CloudBase: entrustments (委托). Queried fields and the conditional write's `status` and `updatedAt` are top-level;
 * the record is `docJson`.
 */
import type { EntrustmentRecord } from '../records';
import { putIf, setData, type CloudBaseArea, type VersionedDoc } from './commit';
import { COLLECTIONS as C, docOf, type CloudBaseHelpers } from './db';

/** The document of an entrustment (absent optional fields null, so a conditional update replaces them too). */
function entrustmentDoc(rec: EntrustmentRecord): VersionedDoc {
  return {
    collection: C.entrustments,
    id: rec.id,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      agentOpenid: rec.agentOpenid,
      principalKey: rec.principalKey,
      createdAt: rec.createdAt,
      status: rec.status,
      updatedAt: rec.updatedAt,
      district: rec.district ?? null,
      docJson: JSON.stringify(rec),
    },
  };
}

/** The entrustments area. */
export function entrustmentsArea(h: CloudBaseHelpers): CloudBaseArea<'entrustments'> {
  const { col, byId, getAll } = h;
  return {
    ops: {
      async getEntrustment(id) {
        const d = await byId(C.entrustments, id);
        return d ? docOf<EntrustmentRecord>(d) : null;
      },
      async listEntrustmentsByAgent(openid) {
        const q = col(C.entrustments)
          .where({ agentOpenid: openid })
          .orderBy('createdAt', 'desc')
          .orderBy('_id', 'desc');
        return (await getAll(q)).map((d) => docOf<EntrustmentRecord>(d));
      },
      async listEntrustmentsByPrincipal(personKey) {
        const q = col(C.entrustments)
          .where({ principalKey: personKey })
          .orderBy('createdAt', 'desc')
          .orderBy('_id', 'desc');
        return (await getAll(q)).map((d) => docOf<EntrustmentRecord>(d));
      },
      async listEntrustmentsByDistrict(district, status) {
        const q = col(C.entrustments).where({ district, status }).orderBy('createdAt', 'asc').orderBy('_id', 'asc');
        return (await getAll(q)).map((d) => docOf<EntrustmentRecord>(d));
      },
      async putEntrustment(rec, expect) {
        const doc = entrustmentDoc(rec);
        if (expect) return putIf(h, doc, expect);
        await col(C.entrustments)
          .doc(rec.id)
          .set({ data: setData(doc) });
      },
    },
    plans: {
      putEntrustment: (rec, expect) => ({ doc: entrustmentDoc(rec), expect }),
    },
  };
}
