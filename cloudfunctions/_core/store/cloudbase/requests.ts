/** CloudBase: recorded outcomes of mutations (`_id` = request key, created once). */
import { StoreConflictError } from '../errors';
import type { CloudBaseArea } from './commit';
import { COLLECTIONS, str, type CloudBaseHelpers } from './db';

/** The requests area. */
export function requestsArea({ byId, createIfAbsent }: CloudBaseHelpers): CloudBaseArea<'requests'> {
  return {
    ops: {
      async getRequest(key) {
        const d = await byId(COLLECTIONS.requests, key);
        if (!d) return null;
        return {
          key: str(d._id),
          actor: str(d.actor),
          fn: str(d.fn),
          action: str(d.action),
          requestId: str(d.requestId),
          payloadHash: str(d.payloadHash),
          response: JSON.parse(str(d.responseJson)) as unknown,
          at: str(d.at),
        };
      },
      async putRequest(r) {
        const created = await createIfAbsent(COLLECTIONS.requests, {
          _id: r.key,
          actor: r.actor,
          fn: r.fn,
          action: r.action,
          requestId: r.requestId,
          payloadHash: r.payloadHash,
          responseJson: JSON.stringify(r.response ?? null),
          at: r.at,
        });
        if (!created) throw new StoreConflictError('request', r.key);
      },
    },
    plans: {
      putRequest: (r) => ({
        check: async () => {
          if (await byId(COLLECTIONS.requests, r.key)) throw new StoreConflictError('request', r.key);
        },
      }),
    },
  };
}
