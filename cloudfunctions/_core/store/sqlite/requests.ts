/** SQLite: recorded outcomes of mutations (idempotency). */
import type { AreaOf } from '../areas';
import { StoreConflictError } from '../errors';
import { isUniqueViolation, type Db } from './rows';

interface RequestRow {
  key: string;
  actor: string;
  fn: string;
  action: string;
  request_id: string;
  payload_hash: string;
  response: string;
  at: string;
}

/** The requests area on one connection. */
export function requestsArea(db: Db): AreaOf<'requests'> {
  const s = {
    get: db.prepare<[string], RequestRow>('SELECT * FROM requests WHERE key = ?'),
    put: db.prepare(
      `INSERT INTO requests (key, actor, fn, action, request_id, payload_hash, response, at)
       VALUES (@key, @actor, @fn, @action, @requestId, @payloadHash, @response, @at)`,
    ),
  };
  return {
    async getRequest(key) {
      const r = s.get.get(key);
      if (!r) return null;
      return {
        key: r.key,
        actor: r.actor,
        fn: r.fn,
        action: r.action,
        requestId: r.request_id,
        payloadHash: r.payload_hash,
        response: JSON.parse(r.response) as unknown,
        at: r.at,
      };
    },
    async putRequest(r) {
      try {
        s.put.run({ ...r, response: JSON.stringify(r.response ?? null) });
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreConflictError('request', r.key);
        throw e;
      }
    },
  };
}
