/** SQLite: issued documents (积分有效凭证); `status` and `updated_at` columns beside the document for conditional writes. */
import type { AreaOf } from '../areas';
import type { DocumentRecord } from '../records';
import { parse, requireChanged, type Db, type DocRow } from './rows';

/** The documents area on one connection. */
export function documentsArea(db: Db): AreaOf<'documents'> {
  const q = {
    get: db.prepare<[string], DocRow>('SELECT doc FROM documents WHERE number = ?'),
    byApplication: db.prepare<[string], DocRow>(
      'SELECT doc FROM documents WHERE application_id = ? ORDER BY revision, number',
    ),
    put: db.prepare(
      `INSERT INTO documents (number, application_id, person_key, revision, status, updated_at, doc)
       VALUES (@number, @applicationId, @personKey, @revision, @status, @updatedAt, @doc)
       ON CONFLICT (number) DO UPDATE SET application_id = excluded.application_id,
         person_key = excluded.person_key, revision = excluded.revision, status = excluded.status,
         updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putIf: db.prepare(
      `UPDATE documents SET application_id = @applicationId, person_key = @personKey, revision = @revision,
         status = @status, updated_at = @updatedAt, doc = @doc
       WHERE number = @number AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
  };
  const row = (rec: DocumentRecord) => ({
    number: rec.number,
    applicationId: rec.applicationId,
    personKey: rec.personKey,
    revision: rec.revision,
    status: rec.status,
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  return {
    async getDocument(number) {
      const r = q.get.get(number);
      return r ? parse<DocumentRecord>(r) : null;
    },
    async listDocumentsByApplication(applicationId) {
      return q.byApplication.all(applicationId).map((r) => parse<DocumentRecord>(r));
    },
    async putDocument(rec, expect) {
      if (!expect) {
        q.put.run(row(rec));
        return;
      }
      const changes = q.putIf.run({ ...row(rec), expectStatus: expect.status, expectUpdatedAt: expect.updatedAt });
      requireChanged(changes.changes, rec.number);
    },
  };
}
