/** The transaction rules both adapters enforce (see `Store.transaction`), in one place. */
import { AsyncLocalStorage } from 'async_hooks';
import {
  StoreUsageError,
  type StoreBulk,
  type StoreReader,
  type StoreSequences,
  type StoreTx,
  type StoreWriter,
} from './types';

/** Read operations of cases (issue 4); each adapter implements them in its `*-cases.ts`. */
export const CASE_READS = [
  'getPrivacyAcceptance',
  'getIdentity',
  'getIdentityByPerson',
  'listFraudFindings',
  'listRolesOf',
  'listRoles',
  'getEntrustment',
  'listEntrustmentsByAgent',
  'listEntrustmentsByPrincipal',
  'listEntrustmentsByDistrict',
  'getApplication',
  'listApplicationsByPerson',
  'listApplicationsByCreator',
  'listApplicationsByStatus',
  'countApplicationsByStatus',
  'getTask',
  'listTasksByApplication',
  'listTasksByDepartment',
  'getMaterial',
  'listMaterialsByApplication',
  'listMaterialsByEntrustment',
  'getUploadTicket',
  'listUnsentOutbox',
] as const satisfies readonly (keyof StoreReader)[];
/** Write operations of cases (issue 4). */
export const CASE_WRITES = [
  'putPrivacyAcceptance',
  'putIdentity',
  'putFraudFinding',
  'putRole',
  'removeRole',
  'putEntrustment',
  'putApplication',
  'putTask',
  'putMaterial',
  'removeMaterial',
  'putUploadTicket',
  'appendOutbox',
  'markOutboxSent',
  'markOutboxFailed',
] as const satisfies readonly (keyof StoreWriter)[];

const READS: readonly (keyof StoreReader)[] = [
  'getDraft',
  'listDrafts',
  'countDrafts',
  'listPolicyVersions',
  'listRoundOverrides',
  'listHolidayTables',
  'listAudit',
  'getRequest',
  'countRefusalsInMinute',
  ...CASE_READS,
];
const WRITES: readonly (keyof StoreWriter)[] = [
  'putDraft',
  'removeDraft',
  'publishPolicyVersion',
  'putRoundOverride',
  'putHolidayTable',
  'appendAudit',
  'countRefusal',
  'putRequest',
  ...CASE_WRITES,
];
/** Sequence numbers: inside a transaction they count as reads (before the first write). */
const SEQUENCES: readonly (keyof StoreSequences)[] = ['nextReceiptSeq'];
/** Bulk operations: on the store only, never in a transaction. */
const BULK: readonly (keyof StoreBulk)[] = ['publishDue'];

/** Every method name of a store, reads then writes (used to build wrappers without listing them again). */
export const STORE_METHODS = { reads: READS, writes: WRITES, sequences: SEQUENCES, bulk: BULK };

/**
 * A transaction handle over `reader`, `writer` and `sequences` that refuses a read (or a sequence number) after a
 * write, and any use after `close()`. Violations reject with {@link StoreUsageError}.
 */
export function guardedTx(
  reader: StoreReader,
  writer: StoreWriter,
  sequences: StoreSequences,
): { tx: StoreTx; close(): void } {
  let wrote = false;
  let closed = false;
  const tx = {} as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const readLike: [string, (...a: unknown[]) => Promise<unknown>][] = [
    ...READS.map(
      (n) =>
        [n, (reader[n] as (...a: unknown[]) => Promise<unknown>).bind(reader)] as [
          string,
          (...a: unknown[]) => Promise<unknown>,
        ],
    ),
    ...SEQUENCES.map(
      (n) =>
        [n, (sequences[n] as (...a: unknown[]) => Promise<unknown>).bind(sequences)] as [
          string,
          (...a: unknown[]) => Promise<unknown>,
        ],
    ),
  ];
  for (const [name, op] of readLike) {
    tx[name] = async (...args: unknown[]) => {
      if (closed) throw new StoreUsageError(`${name}: the transaction has ended`);
      if (wrote) throw new StoreUsageError(`${name}: read after a write in a transaction (read first, then write)`);
      return op(...args);
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
