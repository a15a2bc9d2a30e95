/** What the SQLite areas share: the connection type, JSON document rows, constraint errors. */
import type Database from 'better-sqlite3';
import { StoreConflictError } from '../errors';

/** One connection (better-sqlite3 is synchronous; the adapter serialises its use). */
export type Db = Database.Database;

/** A row whose record is a JSON document. */
export type DocRow = { doc: string };

/** The record of a document row. */
export const parse = <T>(r: DocRow): T => JSON.parse(r.doc) as T;

/** Whether an insert failed on an existing primary key. */
export function isUniqueViolation(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** A conditional write changed no row: the record is not (or no longer) in the state it was read in. */
export function requireChanged(changes: number, id: string): void {
  if (changes !== 1) throw new StoreConflictError('state', id);
}
