/** CloudBase: materials (`applicationId` / `entrustmentId`, `key`, `uploadedAt` top-level) and upload tickets. */
import type { MaterialRecord, UploadTicket } from '../records';
import type { CloudBaseArea } from './commit';
import { byString, COLLECTIONS as C, docOf, type CloudBaseHelpers } from './db';

/** The materials area. */
export function materialsArea({ col, byId, getAll }: CloudBaseHelpers): CloudBaseArea<'materials'> {
  return {
    ops: {
      async getMaterial(id) {
        const d = await byId(C.materials, id);
        return d ? docOf<MaterialRecord>(d) : null;
      },
      async listMaterialsByApplication(applicationId) {
        const docs = await getAll(col(C.materials).where({ applicationId }).orderBy('_id', 'asc'));
        return docs.map((d) => docOf<MaterialRecord>(d)).sort(byString((m) => `${m.key}\n${m.uploadedAt}\n${m.id}`));
      },
      async listMaterialsByEntrustment(entrustmentId) {
        const docs = await getAll(col(C.materials).where({ entrustmentId }).orderBy('_id', 'asc'));
        return docs.map((d) => docOf<MaterialRecord>(d)).sort(byString((m) => `${m.uploadedAt}\n${m.id}`));
      },
      async getUploadTicket(id) {
        const d = await byId(C.uploadTickets, id);
        return d ? docOf<UploadTicket>(d) : null;
      },
      async putMaterial(rec) {
        const data: Record<string, unknown> = {
          key: rec.key,
          uploadedAt: rec.uploadedAt,
          docJson: JSON.stringify(rec),
        };
        if (rec.applicationId !== undefined) data.applicationId = rec.applicationId;
        if (rec.entrustmentId !== undefined) data.entrustmentId = rec.entrustmentId;
        await col(C.materials).doc(rec.id).set({ data });
      },
      async removeMaterial(id) {
        await col(C.materials).doc(id).remove();
      },
      async putUploadTicket(rec) {
        await col(C.uploadTickets)
          .doc(rec.id)
          .set({ data: { docJson: JSON.stringify(rec) } });
      },
    },
  };
}
