/**
 * How a CloudBase transaction commits, and conditional writes. CloudBase is atomic per document only, so a
 * transaction buffers its writes and the commit applies them in three steps:
 *
 * 1. checks, before anything is written: uniqueness rules (request records, policy versions, identity keys) and, for
 *    each conditional write, that the stored document still has the expected `status` and `updatedAt`;
 * 2. the conditional writes, each `where({ _id, status, updatedAt }).update(…)` checked by `stats.updated`: should
 *    one be refused (a concurrent commit changed its document after step 1), the ones already applied are put back
 *    (conditionally, on their being still as written) and the commit fails with nothing of it kept;
 * 3. every other write, in order (whole documents, deterministic ids: replay-safe).
 *
 * The window that remains: a process that stops inside step 2 or 3 leaves a part written (a retry of the same request
 * completes step 3's writes; step 2's state changes are then already made), and a concurrent write that lands
 * between another commit's step 1 and step 3 still meets only the single-document guarantees.
 */
import { randomUUID } from 'crypto';
import type { AreaInterfaces, AreaName, AreaOf } from '../areas';
import { StoreConflictError } from '../errors';
import type { Expected } from '../records';
import type { CloudBaseDoc, CloudBaseHelpers } from './db';

/** A whole document of a record that conditional writes may replace: its top-level `status` and `updatedAt`. */
export interface VersionedDoc {
  collection: string;
  id: string;
  status: string;
  updatedAt: string;
  /**
   * Every top-level field of the new document (`_id` aside), `status` and `updatedAt` included; optional fields
   * without a value are null, so that a conditional update replaces them too.
   */
  data: Record<string, unknown>;
}

/** What the commit needs to know of a buffered write besides applying it. */
export interface WritePlan {
  /** Checked before the commit writes anything; throws {@link StoreConflictError}. */
  check?: () => Promise<void>;
  /** The document the write replaces (conditional writes, and plain writes of the same kind of record). */
  doc?: VersionedDoc;
  /** With `doc`: a conditional write, applied only if the stored document is still in this state. */
  expect?: Expected<string>;
}

/** Per write method of an area, how to plan it at commit (writes without one are applied in order, unchecked). */
export type WritePlans<A extends AreaName> = {
  [W in keyof AreaInterfaces[A]['writes']]?: AreaInterfaces[A]['writes'][W] extends (...args: infer P) => Promise<void>
    ? (...args: P) => WritePlan
    : never;
};

/** A CloudBase area: its operations, and the plans of those of its writes the commit must know about. */
export interface CloudBaseArea<A extends AreaName> {
  ops: AreaOf<A>;
  plans?: WritePlans<A>;
}

/** A buffered write of a transaction. */
export interface BufferedWrite {
  apply(): Promise<unknown>;
  plan: WritePlan | null;
}

/** A versioned document as `doc().set` writes it: the fields without a value (null) left out. */
export function setData(doc: VersionedDoc): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc.data)) if (v !== null) data[k] = v;
  return data;
}

/** The fields of `doc` set to null where they are absent, so an update replaces the whole document. */
function replacing(fields: Record<string, unknown>, doc: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const k of Object.keys(fields)) if (k !== '_id') data[k] = null;
  for (const [k, v] of Object.entries(doc)) if (k !== '_id') data[k] = v;
  return data;
}

/**
 * Replaces `doc` if the stored document still has `expect`'s status and `updatedAt`; false otherwise (also when it
 * is missing). Each conditional write also sets a fresh `txn` field, so an update that matched always changes the
 * document (`updated` is 1) and two concurrent writers of byte-identical content still cannot both pass.
 */
export async function replaceIf(h: CloudBaseHelpers, doc: VersionedDoc, expect: Expected<string>): Promise<boolean> {
  const data = { ...doc.data, txn: randomUUID() };
  const r = await h
    .col(doc.collection)
    .where({ _id: doc.id, status: expect.status, updatedAt: expect.updatedAt })
    .update({ data });
  if (r.stats.updated === 1) return true;
  const now = await h.byId(doc.collection, doc.id);
  if (!now) return false;
  if (now.updatedAt !== undefined || versionOf(now).updatedAt !== expect.updatedAt || now.status !== expect.status)
    return false;
  // Written before documents carried a top-level updatedAt: the whole stored content is the condition instead.
  const legacy = await h
    .col(doc.collection)
    .where({ _id: doc.id, status: expect.status, docJson: now.docJson })
    .update({ data });
  return legacy.stats.updated === 1;
}

/** The status and `updatedAt` of a stored document (from `docJson` for one written before they were top-level). */
function versionOf(d: CloudBaseDoc): { status: unknown; updatedAt: unknown } {
  if (d.updatedAt !== undefined) return { status: d.status, updatedAt: d.updatedAt };
  const rec = JSON.parse(typeof d.docJson === 'string' ? d.docJson : '{}') as { status?: unknown; updatedAt?: unknown };
  return { status: d.status ?? rec.status, updatedAt: rec.updatedAt };
}

/** A conditional write outside a transaction: {@link replaceIf}, refused with `StoreConflictError('state')`. */
export async function putIf(h: CloudBaseHelpers, doc: VersionedDoc, expect: Expected<string>): Promise<void> {
  if (!(await replaceIf(h, doc, expect))) throw new StoreConflictError('state', doc.id);
}

interface Conditional {
  doc: VersionedDoc;
  expect: Expected<string>;
  /** The stored document step 1 saw (to put back). */
  prior?: CloudBaseDoc;
}

/** Sorts a transaction's writes into checks, conditional writes and the rest (see the module comment). */
function sortWrites(writes: readonly BufferedWrite[]) {
  const checks: (() => Promise<void>)[] = [];
  const conditionals: Conditional[] = [];
  const rest: (() => Promise<unknown>)[] = [];
  /** The latest write of each versioned document in this transaction, and whether it is conditional. */
  const latest = new Map<string, { doc: VersionedDoc; conditional?: Conditional }>();
  let refused: StoreConflictError | null = null;
  for (const w of writes) {
    const { check, doc, expect } = w.plan ?? {};
    if (check) checks.push(check);
    if (!doc) {
      rest.push(w.apply);
      continue;
    }
    const key = `${doc.collection}/${doc.id}`;
    const before = latest.get(key);
    if (expect && before) {
      // Written earlier in this transaction: the expectation is checked against that write.
      if (before.doc.status !== expect.status || before.doc.updatedAt !== expect.updatedAt)
        refused ??= new StoreConflictError('state', doc.id);
      if (before.conditional) {
        before.conditional.doc = doc; // one conditional write of the document, with its last content
        latest.set(key, { doc, conditional: before.conditional });
        continue;
      }
    }
    if (expect && !before) {
      const conditional: Conditional = { doc, expect };
      conditionals.push(conditional);
      latest.set(key, { doc, conditional });
      continue;
    }
    rest.push(w.apply);
    latest.set(key, { doc });
  }
  return { checks, conditionals, rest, refused };
}

/** Puts back the conditional writes already applied, newest first, each only if it is still as written. */
async function undo(h: CloudBaseHelpers, applied: readonly Conditional[]): Promise<void> {
  for (const c of [...applied].reverse()) {
    if (!c.prior) continue;
    await h
      .col(c.doc.collection)
      .where({ _id: c.doc.id, status: c.doc.status, updatedAt: c.doc.updatedAt })
      .update({ data: replacing(c.doc.data, c.prior) });
  }
}

/** Commits a transaction's buffered writes (see the module comment); throws, having kept nothing, on a conflict. */
export async function commitWrites(h: CloudBaseHelpers, writes: readonly BufferedWrite[]): Promise<void> {
  const { checks, conditionals, rest, refused } = sortWrites(writes);
  if (refused) throw refused;
  for (const check of checks) await check();
  for (const c of conditionals) {
    const stored = await h.byId(c.doc.collection, c.doc.id);
    const version = stored && versionOf(stored);
    if (!stored || version?.status !== c.expect.status || version.updatedAt !== c.expect.updatedAt)
      throw new StoreConflictError('state', c.doc.id);
    c.prior = stored;
  }
  const applied: Conditional[] = [];
  for (const c of conditionals) {
    if (!(await replaceIf(h, { ...c.doc, data: replacing(c.prior ?? {}, c.doc.data) }, c.expect))) {
      await undo(h, applied);
      throw new StoreConflictError('state', c.doc.id);
    }
    applied.push(c);
  }
  for (const write of rest) await write();
}
