/**
 * The store a query handler gets: the reads of the store and nothing else, at runtime as well as in its type, so a
 * query cannot write even through a cast (a write method is simply not there). Reads of a person's data by someone
 * else are audited by the runtime (`ctx.noteRead`), not by the handler.
 */
import { STORE_METHODS } from './store/tx';
import type { PrivacyAcceptance, StoreReader } from './store/types';

/** How many found acceptances a view remembers; beyond it the memo starts again (each is ~100 bytes). */
export const MAX_REMEMBERED_ACCEPTANCES = 10_000;

/**
 * A read-only view of `store`: only the methods of {@link StoreReader}, bound to it. One read is remembered: a found
 * acceptance of the privacy notice. An acceptance is never withdrawn or deleted and accepting again keeps the first
 * time (privacy.accept), so once found it is the same on every later read: the query that every simulate with an ID
 * number and every privacy-bound applicant query makes is asked of the store once per person and instance (on
 * CloudBase a database round trip; locally two file-lock calls). A missing one is asked again each time, so an
 * acceptance given meanwhile, on any instance, counts at once.
 */
export function readOnlyStore(store: StoreReader): StoreReader {
  const view: Record<string, unknown> = {};
  for (const name of STORE_METHODS.reads) {
    // Bound, not wrapped in a rest-args closure: the call goes straight through, with no arguments array per read.
    view[name] = (store[name] as (...args: unknown[]) => Promise<unknown>).bind(store);
  }
  const accepted = new Map<string, PrivacyAcceptance>();
  const getPrivacyAcceptance = view.getPrivacyAcceptance as StoreReader['getPrivacyAcceptance'];
  view.getPrivacyAcceptance = async (openid: string, version: string): Promise<PrivacyAcceptance | null> => {
    const key = `${version}\n${openid}`;
    const known = accepted.get(key);
    if (known) return known;
    const found = await getPrivacyAcceptance(openid, version);
    if (found) {
      if (accepted.size >= MAX_REMEMBERED_ACCEPTANCES) accepted.clear();
      accepted.set(key, Object.freeze(found));
    }
    return found;
  };
  return Object.freeze(view) as unknown as StoreReader;
}
