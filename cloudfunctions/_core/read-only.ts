/**
 * The store a query handler gets: the reads of the store and nothing else, at runtime as well as in its type, so a
 * query cannot write even through a cast (a write method is simply not there). Reads of a person's data by someone
 * else are audited by the runtime (`ctx.noteRead`), not by the handler.
 */
import { STORE_METHODS } from './store/tx';
import type { StoreReader } from './store/types';

/** A read-only view of `store`: only the methods of {@link StoreReader}, bound to it. */
export function readOnlyStore(store: StoreReader): StoreReader {
  const view: Record<string, unknown> = {};
  for (const name of STORE_METHODS.reads) {
    // Bound, not wrapped in a rest-args closure: the call goes straight through, with no arguments array per read.
    view[name] = (store[name] as (...args: unknown[]) => Promise<unknown>).bind(store);
  }
  return Object.freeze(view) as unknown as StoreReader;
}
