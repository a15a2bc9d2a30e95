/** The store's errors: a conflict a caller can meet (answered as CONFLICT) and a misuse that is a programming error. */

/** What a {@link StoreConflictError} collided on. */
export type StoreConflictKind = 'request' | 'policy' | 'identity' | 'state';

/**
 * A uniqueness rule was hit (an existing request record or policy version, an ID number bound to another openid), or
 * a conditional write found the record changed since it was read (`state`).
 */
export class StoreConflictError extends Error {
  /** What collided. */
  readonly kind: StoreConflictKind;
  /** The existing key or id. */
  readonly key: string;

  /** @param kind what collided @param key its key */
  constructor(kind: StoreConflictKind, key: string) {
    super(
      kind === 'state'
        ? 'store conflict: the record changed since it was read'
        : `store conflict: ${kind} already exists`,
    );
    this.name = 'StoreConflictError';
    this.kind = kind;
    this.key = key;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The transaction rules of {@link Store.transaction} were broken: a programming error, never a user's. */
export class StoreUsageError extends Error {
  /** @param message what was done wrong */
  constructor(message: string) {
    super(message);
    this.name = 'StoreUsageError';
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
