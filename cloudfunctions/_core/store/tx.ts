/** The transaction rules both adapters enforce (see `Store.transaction`), in one place. */
import { AsyncLocalStorage } from 'async_hooks';
import { methodsOf, type StoreReader, type StoreSequences, type StoreTx, type StoreWriter } from './areas';
import { StoreConflictError, StoreUsageError } from './errors';

/** Every method name of the store by kind, from the one descriptor (`AREAS`). */
export const STORE_METHODS = {
  reads: methodsOf('reads'),
  writes: methodsOf('writes'),
  sequences: methodsOf('sequences'),
  bulk: methodsOf('bulk'),
} as const;

/** Any store operation, seen from a wrapper (which keeps its signature). */
type Call = (...args: unknown[]) => Promise<unknown>;

/**
 * The methods `names` of `source`, each wrapped by `wrap` (given the method's name and the method bound to
 * `source`). The wrapper must keep the method's signature: it is what the result is typed as.
 */
export function wrapMethods<T extends Record<K, (...args: never[]) => Promise<unknown>>, K extends keyof T & string>(
  source: T,
  names: readonly K[],
  wrap: (name: K, call: Call) => Call,
): Pick<T, K> {
  const out = {} as Pick<T, K>;
  for (const name of names) {
    const method: (...args: never[]) => Promise<unknown> = source[name];
    // The wrapper keeps its method's signature (the contract of `wrap`).
    out[name] = wrap(name, (...args) => method.apply(source, args as never[])) as unknown as T[K];
  }
  return out;
}

/** An ISO instant one millisecond after `iso`. */
function nextInstant(iso: string): string {
  return new Date(Date.parse(iso) + 1).toISOString();
}

/**
 * The arguments of a conditional write (`put…(rec, expect)`) with `rec.updatedAt` strictly after the `updatedAt` it
 * expects: `updatedAt` is the record's version, so two changes within one millisecond (or under a fixed test clock)
 * must still tell a stale read from a fresh one.
 */
function versioned(args: unknown[]): unknown[] {
  const [rec, expect] = args as [{ updatedAt?: unknown } | undefined, { updatedAt?: unknown } | undefined];
  if (!rec || !expect || typeof rec.updatedAt !== 'string' || typeof expect.updatedAt !== 'string') return args;
  if (rec.updatedAt > expect.updatedAt) return args;
  return [{ ...rec, updatedAt: nextInstant(expect.updatedAt) }, ...args.slice(1)];
}

/**
 * A transaction handle over `reader`, `writer` and `sequences` that refuses a read (or a sequence number) after a
 * write, and any use after `close()`. Violations reject with {@link StoreUsageError}. `conflict()` is the first
 * {@link StoreConflictError} a write met, which fails the transaction even when its callback caught it.
 */
export function guardedTx(
  reader: StoreReader,
  writer: StoreWriter,
  sequences: StoreSequences,
): { tx: StoreTx; close(): void; conflict(): StoreConflictError | null } {
  let wrote = false;
  let closed = false;
  let conflict: StoreConflictError | null = null;
  // One handle per transaction, built in one pass of plain assignments: every request builds one, and spreading
  // per-kind wrapper objects of ~90 methods each cost more than the request's own reads.
  const tx: Record<string, Call> = {};
  const readLike = (source: object, name: string): void => {
    const method = (source as Record<string, Call>)[name] as Call;
    tx[name] = async (...args) => {
      if (closed) throw new StoreUsageError(`${name}: the transaction has ended`);
      if (wrote) throw new StoreUsageError(`${name}: read after a write in a transaction (read first, then write)`);
      return method.apply(source, args);
    };
  };
  for (const name of STORE_METHODS.reads) readLike(reader, name);
  for (const name of STORE_METHODS.sequences) readLike(sequences, name);
  for (const name of STORE_METHODS.writes) {
    const method = (writer as unknown as Record<string, Call>)[name] as Call;
    tx[name] = async (...args) => {
      if (closed) throw new StoreUsageError(`${name}: the transaction has ended`);
      wrote = true;
      try {
        return await method.apply(writer, versioned(args));
      } catch (e) {
        if (e instanceof StoreConflictError) conflict ??= e;
        throw e;
      }
    };
  }
  return {
    // Every method of StoreTx is assigned above (the three lists are the interface's, from AREAS).
    tx: tx as unknown as StoreTx,
    close: () => {
      closed = true;
    },
    conflict: () => conflict,
  };
}

/**
 * Knows whether the current async call chain is inside one of this store's transactions. The async context is
 * tracked only while a transaction runs: an enabled AsyncLocalStorage makes Node (20) run a hook for every promise of
 * the process, about a tenth of the CPU of a simple query, so it is disabled again when the last transaction ends.
 * Nothing is lost: a chain that starts outside every transaction is outside, and one that started inside keeps its
 * mark when tracking resumes.
 */
export class TxScope {
  private readonly als = new AsyncLocalStorage<true>();
  /** Transactions of this store running now (SQLite: at most one; CloudBase: several). */
  private open = 0;

  /** Rejects use of the store object itself inside its transaction (it would deadlock or escape the transaction). */
  assertOutside(what: string): void {
    if (this.als.getStore()) {
      throw new StoreUsageError(`${what}: inside a transaction use its tx, and do not nest transactions`);
    }
  }

  /** Runs `fn` marked as inside a transaction. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    this.open++;
    let running: Promise<T>;
    try {
      running = this.als.run(true, fn);
    } catch (e) {
      this.leave();
      throw e;
    }
    return running.finally(() => this.leave());
  }

  private leave(): void {
    if (--this.open === 0) this.als.disable();
  }
}
