/**
 * CloudBase: issued documents (积分有效凭证), `_id` = the number. `applicationId`, `revision` and the conditional
 * write's `status` and `updatedAt` are top-level; the record is `docJson`.
 */
import type { DocumentRecord } from '../records';
import { putIf, setData, type CloudBaseArea, type VersionedDoc } from './commit';
import { COLLECTIONS as C, docOf, type CloudBaseHelpers } from './db';

/** The document of an issued document. */
function documentDoc(rec: DocumentRecord): VersionedDoc {
  return {
    collection: C.documents,
    id: rec.number,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      applicationId: rec.applicationId,
      personKey: rec.personKey,
      revision: rec.revision,
      status: rec.status,
      updatedAt: rec.updatedAt,
      docJson: JSON.stringify(rec),
    },
  };
}

/** The documents area. */
export function documentsArea(h: CloudBaseHelpers): CloudBaseArea<'documents'> {
  const { col, byId, getAll } = h;
  return {
    ops: {
      async getDocument(number) {
        const d = await byId(C.documents, number);
        return d ? docOf<DocumentRecord>(d) : null;
      },
      async listDocumentsByApplication(applicationId) {
        const q = col(C.documents).where({ applicationId }).orderBy('revision', 'asc').orderBy('_id', 'asc');
        return (await getAll(q)).map((d) => docOf<DocumentRecord>(d));
      },
      async putDocument(rec, expect) {
        const doc = documentDoc(rec);
        if (expect) return putIf(h, doc, expect);
        await col(C.documents)
          .doc(rec.number)
          .set({ data: setData(doc) });
      },
    },
    plans: {
      putDocument: (rec, expect) => ({ doc: documentDoc(rec), expect }),
    },
  };
}
