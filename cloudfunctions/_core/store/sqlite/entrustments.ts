/** SQLite: entrustments (委托); `status` and `updated_at` columns beside the document, for queues and conditional writes. */
import type { AreaOf } from '../areas';
import type { EntrustmentRecord } from '../records';
import { parse, requireChanged, type Db, type DocRow } from './rows';

/** The entrustments area on one connection. */
export function entrustmentsArea(db: Db): AreaOf<'entrustments'> {
  const q = {
    get: db.prepare<[string], DocRow>('SELECT doc FROM entrustments WHERE id = ?'),
    byAgent: db.prepare<[string], DocRow>(
      'SELECT doc FROM entrustments WHERE agent_openid = ? ORDER BY created_at DESC, id DESC',
    ),
    byPrincipal: db.prepare<[string], DocRow>(
      'SELECT doc FROM entrustments WHERE principal_key = ? ORDER BY created_at DESC, id DESC',
    ),
    byDistrict: db.prepare<[string, string], DocRow>(
      'SELECT doc FROM entrustments WHERE district = ? AND status = ? ORDER BY created_at, id',
    ),
    put: db.prepare(
      `INSERT INTO entrustments (id, agent_openid, principal_key, created_at, district, status, updated_at, doc)
       VALUES (@id, @agentOpenid, @principalKey, @createdAt, @district, @status, @updatedAt, @doc)
       ON CONFLICT (id) DO UPDATE SET agent_openid = excluded.agent_openid, principal_key = excluded.principal_key,
         created_at = excluded.created_at, district = excluded.district, status = excluded.status,
         updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putIf: db.prepare(
      `UPDATE entrustments SET agent_openid = @agentOpenid, principal_key = @principalKey, created_at = @createdAt,
         district = @district, status = @status, updated_at = @updatedAt, doc = @doc
       WHERE id = @id AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
  };
  const row = (rec: EntrustmentRecord) => ({
    id: rec.id,
    agentOpenid: rec.agentOpenid,
    principalKey: rec.principalKey,
    createdAt: rec.createdAt,
    district: rec.district ?? null,
    status: rec.status,
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  return {
    async getEntrustment(id) {
      const r = q.get.get(id);
      return r ? parse<EntrustmentRecord>(r) : null;
    },
    async listEntrustmentsByAgent(openid) {
      return q.byAgent.all(openid).map((r) => parse<EntrustmentRecord>(r));
    },
    async listEntrustmentsByPrincipal(personKey) {
      return q.byPrincipal.all(personKey).map((r) => parse<EntrustmentRecord>(r));
    },
    async listEntrustmentsByDistrict(district, status) {
      return q.byDistrict.all(district, status).map((r) => parse<EntrustmentRecord>(r));
    },
    async putEntrustment(rec, expect) {
      if (!expect) {
        q.put.run(row(rec));
        return;
      }
      const changes = q.putIf.run({ ...row(rec), expectStatus: expect.status, expectUpdatedAt: expect.updatedAt });
      requireChanged(changes.changes, rec.id);
    },
  };
}
