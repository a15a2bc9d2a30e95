/** The transaction rules both adapters enforce (see `Store.transaction`), in one place. */
import { AsyncLocalStorage } from 'async_hooks';
import { StoreUsageError, type StoreReader, type StoreTx, type StoreWriter } from './types';

const READS: readonly (keyof StoreReader)[] = [
  'getDraft',
  'listDrafts',
  'countDrafts',
  'listPolicyVersions',
  'listRoundOverrides',
  'listHolidayTables',
  'listAudit',
  'getRequest',
];
const WRITES: readonly (keyof StoreWriter)[] = [
  'putDraft',
  'removeDraft',
  'publishPolicyVersion',
  'putRoundOverride',
  'putHolidayTable',
  'appendAudit',
  'putRequest',
];

/** Every method name of a store, reads then writes (used to build wrappers without listing them again). */
export const STORE_METHODS = { reads: READS, writes: WRITES };

/**
 * A transaction handle over `reader` and `writer` that refuses a read after a write, and any use after `close()`.
 * Violations reject with {@link StoreUsageError}.
 */
export function guardedTx(reader: StoreReader, writer: StoreWriter): { tx: StoreTx; close(): void } {
  let wrote = false;
  let closed = false;
  const tx = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of READS) {
    tx[name] = async (...args: unknown[]) => {
      if (closed) throw new StoreUsageError(`${name}: the transaction has ended`);
      if (wrote) throw new StoreUsageError(`${name}: read after a write in a transaction (read first, then write)`);
      return (reader[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  for (const name of WRITES) {
    tx[name] = async (...args: unknown[]) => {
      if (closed) throw new StoreUsageError(`${name}: the transaction has ended`);
      wrote = true;
      return (writer[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return {
    tx: tx as unknown as StoreTx,
    close: () => {
      closed = true;
    },
  };
}

/** Knows whether the current async call chain is inside one of this store's transactions. */
export class TxScope {
  private readonly als = new AsyncLocalStorage<true>();

  /** Rejects use of the store object itself inside its transaction (it would deadlock or escape the transaction). */
  assertOutside(what: string): void {
    if (this.als.getStore()) {
      throw new StoreUsageError(`${what}: inside a transaction use its tx, and do not nest transactions`);
    }
  }

  /** Runs `fn` marked as inside a transaction. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.als.run(true, fn);
  }
}
