/**
 * SQLite: recorded outcomes of mutations (idempotency). A response is kept as its JSON text, packed when large
 * (from 16 KB, sqlite/packing.ts): a replay reads or unpacks the very text that was recorded.
 */
import type { AreaOf } from '../areas';
import { StoreConflictError } from '../errors';
import { store as storeText, textOf } from './packing';
import { isUniqueViolation, type Db } from './rows';

interface RequestRow {
  key: string;
  actor: string;
  fn: string;
  action: string;
  request_id: string;
  payload_hash: string;
  response: string | null;
  packed: Uint8Array | null;
  at: string;
}

/** The requests area on one connection. */
export function requestsArea(db: Db): AreaOf<'requests'> {
  const s = {
    get: db.prepare<[string], RequestRow>('SELECT * FROM requests WHERE key = ?'),
    put: db.prepare(
      `INSERT INTO requests (key, actor, fn, action, request_id, payload_hash, response, packed, at)
       VALUES (@key, @actor, @fn, @action, @requestId, @payloadHash, @response, @packed, @at)`,
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
        response: JSON.parse(textOf({ text: r.response, packed: r.packed })) as unknown,
        at: r.at,
      };
    },
    async putRequest(r) {
      try {
        const { text, packed } = storeText(JSON.stringify(r.response ?? null), 'response');
        s.put.run({ ...r, response: text, packed });
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreConflictError('request', r.key);
        throw e;
      }
    },
  };
}
