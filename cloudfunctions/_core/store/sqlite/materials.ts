/** SQLite: materials (stored files attached to applications or entrustments) and upload tickets. */
import type { AreaOf } from '../areas';
import type { MaterialRecord, UploadTicket } from '../records';
import { parse, type Db, type DocRow } from './rows';

/** The materials area on one connection. */
export function materialsArea(db: Db): AreaOf<'materials'> {
  const q = {
    material: db.prepare<[string], DocRow>('SELECT doc FROM materials WHERE id = ?'),
    byApp: db.prepare<[string], DocRow>(
      'SELECT doc FROM materials WHERE application_id = ? ORDER BY key, uploaded_at, id',
    ),
    byEnt: db.prepare<[string], DocRow>('SELECT doc FROM materials WHERE entrustment_id = ? ORDER BY uploaded_at, id'),
    put: db.prepare(
      `INSERT INTO materials (id, application_id, entrustment_id, key, uploaded_at, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET application_id = excluded.application_id, entrustment_id = excluded.entrustment_id,
         key = excluded.key, uploaded_at = excluded.uploaded_at, doc = excluded.doc`,
    ),
    remove: db.prepare('DELETE FROM materials WHERE id = ?'),
    ticket: db.prepare<[string], DocRow>('SELECT doc FROM upload_tickets WHERE id = ?'),
    putTicket: db.prepare(
      'INSERT INTO upload_tickets (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    ),
  };
  return {
    async getMaterial(id) {
      const r = q.material.get(id);
      return r ? parse<MaterialRecord>(r) : null;
    },
    async listMaterialsByApplication(applicationId) {
      return q.byApp.all(applicationId).map((r) => parse<MaterialRecord>(r));
    },
    async listMaterialsByEntrustment(entrustmentId) {
      return q.byEnt.all(entrustmentId).map((r) => parse<MaterialRecord>(r));
    },
    async getUploadTicket(id) {
      const r = q.ticket.get(id);
      return r ? parse<UploadTicket>(r) : null;
    },
    async putMaterial(rec) {
      q.put.run(
        rec.id,
        rec.applicationId ?? null,
        rec.entrustmentId ?? null,
        rec.key,
        rec.uploadedAt,
        JSON.stringify(rec),
      );
    },
    async removeMaterial(id) {
      q.remove.run(id);
    },
    async putUploadTicket(rec) {
      q.putTicket.run(rec.id, JSON.stringify(rec));
    },
  };
}
