/**
 * CloudBase collections and operations of issue 4 (cases). Queried fields are top-level fields (each with an index in
 * deploy/collections.json); the rest of a record is a JSON string (`docJson`), since profiles and facts have keys
 * that come from users. For applications the top-level `status`, `updatedAt` and `publishedAt` are authoritative
 * (publishDue changes only them) and reads lay them over the document; for the outbox, `sent`, `sentAt`,
 * `attempts` and `lastError`.
 *
 * Receipt numbers: a number is taken by creating the document `<roundId>:<n>` in `receipt_claims` (the `_id` makes it
 * unique, whatever runs concurrently); the counter document of the round, advanced atomically with `_.inc(1)` after
 * each claim, says where to start looking. Claims happen at once, outside the transaction's deferred writes.
 */
import { createHash } from 'crypto';
import {
  applicationSeq,
  auditSeq,
  pageSize,
  publishAuditEntry,
  resultOutboxMessage,
  resultSubscribers,
  SCAN_PAGE_DEFAULT,
  SCAN_PAGE_MAX,
  StoreConflictError,
  TASK_PAGE_DEFAULT,
  TASK_PAGE_MAX,
  taskSeq,
  type ApplicationRecord,
  type AuditEntry,
  type EntrustmentRecord,
  type FraudFinding,
  type IdentityRecord,
  type MaterialRecord,
  type OutboxMessage,
  type PublishedCase,
  roleScopeKey,
  type RoleRecord,
  type StoreBulk,
  type StoreReader,
  type StoreSequences,
  type StoreWriter,
  type TaskRecord,
  type UploadTicket,
} from './types';
import type { DistrictCode } from '../../../shared/application/districts';
import type { CASE_READS, CASE_WRITES } from './tx';
import type { CloudBaseCommand, CloudBaseDoc, CloudBaseQuery, CloudBaseCollection } from './cloudbase';

/** Collection names of cases. */
export const CASE_COLLECTIONS = {
  privacyAcceptances: 'privacy_acceptances',
  identities: 'identities',
  identityKeys: 'identity_keys',
  fraudFindings: 'fraud_findings',
  roles: 'roles',
  entrustments: 'entrustments',
  applications: 'applications',
  tasks: 'tasks',
  materials: 'materials',
  uploadTickets: 'upload_tickets',
  outbox: 'outbox',
  receiptCounters: 'receipt_counters',
  receiptClaims: 'receipt_claims',
} as const;

/** What the case operations need from the adapter. */
export interface CaseDbHelpers {
  col(name: string): CloudBaseCollection;
  command: CloudBaseCommand;
  byId(name: string, id: string): Promise<CloudBaseDoc | null>;
  createIfAbsent(name: string, doc: CloudBaseDoc): Promise<boolean>;
  getAll(query: CloudBaseQuery): Promise<CloudBaseDoc[]>;
  maxLimit: number;
}

const C = CASE_COLLECTIONS;

/** The audit collection (`COLLECTIONS.audit` of cloudbase.ts, which imports this module, so not imported from it). */
const AUDIT_COLLECTION = 'audit_log';

/**
 * The document of an audit entry in {@link AUDIT_COLLECTION}: the fields the adapter's `appendAudit` writes and
 * `listAudit` reads (cloudbase.ts); publishDue writes its trail entries with it.
 */
export function auditDocOf(e: AuditEntry): CloudBaseDoc {
  const doc: CloudBaseDoc = {
    _id: e.id,
    seq: auditSeq(e),
    at: e.at,
    actor: e.actor,
    actingFor: e.actingFor,
    fn: e.fn,
    action: e.action,
    target: e.target,
    result: e.result,
  };
  if (e.requestId !== undefined) doc.requestId = e.requestId;
  if (e.count !== undefined) doc.count = e.count;
  return doc;
}
const str = (v: unknown): string => (typeof v === 'string' ? v : String(v));
const docOf = <T>(d: CloudBaseDoc): T => JSON.parse(str(d.docJson)) as T;
const hashId = (...parts: string[]): string => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 40);
/** The exclusive upper bound of `seq` for result dates on or before `day` (`|` < `}`). */
const seqBound = (day: string): string => `${day}}`;
const roleId = (openid: string, role: string, department: string | undefined, district?: DistrictCode): string =>
  hashId('role', openid, role, roleScopeKey(department, district));

function appOf(d: CloudBaseDoc): ApplicationRecord {
  const a = docOf<ApplicationRecord>(d);
  a.status = str(d.status) as ApplicationRecord['status'];
  a.updatedAt = str(d.updatedAt);
  if (typeof d.publishedAt === 'string') a.publishedAt = d.publishedAt;
  return a;
}

function outboxOf(d: CloudBaseDoc): OutboxMessage {
  const m = docOf<OutboxMessage>(d);
  m.sent = d.sent === true;
  m.attempts = typeof d.attempts === 'number' ? d.attempts : 0;
  if (typeof d.sentAt === 'string') m.sentAt = d.sentAt;
  if (typeof d.lastError === 'string') m.lastError = d.lastError;
  return m;
}

const byString =
  <T>(key: (x: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

type Reads = (typeof CASE_READS)[number];
type Writes = (typeof CASE_WRITES)[number];

/** The case operations over a CloudBase database. */
export function caseOperations(h: CaseDbHelpers): {
  reader: Pick<StoreReader, Reads>;
  writer: Pick<StoreWriter, Writes>;
  sequences: StoreSequences;
  bulk: StoreBulk;
  /** Checks a buffered write can succeed before a commit writes anything (throws StoreConflictError); null when none. */
  precheck(name: string, arg: unknown): (() => Promise<void>) | null;
} {
  const { col, byId, createIfAbsent, getAll } = h;
  const _ = h.command;

  /** Conflicts of binding `rec`: the ID number bound to another openid, or the openid to another ID number. */
  const identityConflict = async (rec: IdentityRecord): Promise<void> => {
    const key = await byId(C.identityKeys, rec.personKey);
    if (key && key.openid !== rec.openid) throw new StoreConflictError('identity', rec.personKey);
    const mine = await byId(C.identities, rec.openid);
    if (mine && mine.personKey !== rec.personKey) throw new StoreConflictError('identity', rec.personKey);
  };

  /** The applications of a scan page: `limit` of them and whether more follow. */
  const scanPage = async (
    cond: Record<string, unknown>,
    limit: number,
    bound: string | null,
  ): Promise<{ docs: CloudBaseDoc[]; more: boolean }> => {
    const fetch = Math.min(limit + 1, h.maxLimit);
    let docs = (await col(C.applications).where(cond).orderBy('seq', 'asc').limit(fetch).get()).data;
    if (bound !== null) docs = docs.filter((d) => str(d.seq) < bound);
    if (docs.length > limit) return { docs: docs.slice(0, limit), more: true };
    if (docs.length < limit || fetch > limit) return { docs, more: false };
    // A full page of the largest size: ask for one more document to know whether another page exists.
    const last = str(docs[docs.length - 1]?.seq);
    const peek = (
      await col(C.applications)
        .where({ ...cond, seq: _.gt(last) })
        .orderBy('seq', 'asc')
        .limit(1)
        .get()
    ).data;
    return { docs, more: peek.length > 0 && (bound === null || str(peek[0]?.seq) < bound) };
  };

  const reader: Pick<StoreReader, Reads> = {
    async getPrivacyAcceptance(openid, version) {
      const d = await byId(C.privacyAcceptances, hashId('privacy', openid, version));
      return d ? { openid: str(d.openid), version: str(d.version), acceptedAt: str(d.acceptedAt) } : null;
    },
    async getIdentity(openid) {
      const d = await byId(C.identities, openid);
      return d ? docOf<IdentityRecord>(d) : null;
    },
    async getIdentityByPerson(personKey) {
      const key = await byId(C.identityKeys, personKey);
      if (!key) return null;
      const d = await byId(C.identities, str(key.openid));
      return d && d.personKey === personKey ? docOf<IdentityRecord>(d) : null;
    },
    async listFraudFindings(personKey) {
      const docs = await getAll(col(C.fraudFindings).where({ personKey }).orderBy('date', 'asc').orderBy('_id', 'asc'));
      return docs.map((d) => docOf<FraudFinding>(d));
    },
    async listRolesOf(openid) {
      const docs = await getAll(col(C.roles).where({ openid }).orderBy('_id', 'asc'));
      return docs.map((d) => docOf<RoleRecord>(d)).sort(byString((r) => `${r.role}\n${r.department ?? ''}`));
    },
    async listRoles() {
      const docs = await getAll(col(C.roles).orderBy('_id', 'asc'));
      return docs
        .map((d) => docOf<RoleRecord>(d))
        .sort(byString((r) => `${r.openid}\n${r.role}\n${r.department ?? ''}`));
    },
    async getEntrustment(id) {
      const d = await byId(C.entrustments, id);
      return d ? docOf<EntrustmentRecord>(d) : null;
    },
    async listEntrustmentsByAgent(openid) {
      const q = col(C.entrustments).where({ agentOpenid: openid }).orderBy('createdAt', 'desc').orderBy('_id', 'desc');
      return (await getAll(q)).map((d) => docOf<EntrustmentRecord>(d));
    },
    async listEntrustmentsByPrincipal(personKey) {
      const q = col(C.entrustments)
        .where({ principalKey: personKey })
        .orderBy('createdAt', 'desc')
        .orderBy('_id', 'desc');
      return (await getAll(q)).map((d) => docOf<EntrustmentRecord>(d));
    },
    async listEntrustmentsByDistrict(district, status) {
      const q = col(C.entrustments).where({ district, status }).orderBy('createdAt', 'asc').orderBy('_id', 'asc');
      return (await getAll(q)).map((d) => docOf<EntrustmentRecord>(d));
    },
    async getApplication(id) {
      const d = await byId(C.applications, id);
      return d ? appOf(d) : null;
    },
    async listApplicationsByPerson(personKey) {
      const q = col(C.applications).where({ personKey }).orderBy('createdAt', 'desc').orderBy('_id', 'desc');
      return (await getAll(q)).map(appOf);
    },
    async listApplicationsByCreator(openid) {
      const q = col(C.applications).where({ createdBy: openid }).orderBy('createdAt', 'desc').orderBy('_id', 'desc');
      return (await getAll(q)).map(appOf);
    },
    async listApplicationsByStatus(scan) {
      const limit = pageSize(scan.limit, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX);
      const bound = scan.resultDateTo === undefined ? null : seqBound(scan.resultDateTo);
      const cond: Record<string, unknown> = { status: _.in(scan.statuses) };
      // One range per field: with a cursor the upper bound is applied to the page instead.
      if (scan.after !== undefined) cond.seq = _.gt(scan.after);
      else if (bound !== null) cond.seq = _.lt(bound);
      const { docs, more } = await scanPage(cond, limit, bound);
      const applications = docs.map(appOf);
      const last = applications[applications.length - 1];
      return more && last ? { applications, next: applicationSeq(last) } : { applications };
    },
    async countApplicationsByStatus(scan) {
      const cond: Record<string, unknown> = { status: _.in(scan.statuses) };
      if (scan.resultDateTo !== undefined) cond.seq = _.lt(seqBound(scan.resultDateTo));
      return (await col(C.applications).where(cond).count()).total;
    },
    async getTask(id) {
      const d = await byId(C.tasks, id);
      return d ? docOf<TaskRecord>(d) : null;
    },
    async listTasksByApplication(applicationId) {
      const docs = await getAll(col(C.tasks).where({ applicationId }).orderBy('_id', 'asc'));
      return docs.map((d) => docOf<TaskRecord>(d)).sort(byString((t) => t.indicatorId));
    },
    async listTasksByDepartment(query) {
      const limit = pageSize(query.limit, TASK_PAGE_DEFAULT, TASK_PAGE_MAX);
      const cond: Record<string, unknown> = { department: query.department };
      if (query.status !== undefined) cond.status = query.status;
      if (query.after !== undefined) cond.seq = _.gt(query.after);
      const { data } = await col(C.tasks)
        .where(cond)
        .orderBy('seq', 'asc')
        .limit(limit + 1)
        .get();
      const tasks = data.slice(0, limit).map((d) => docOf<TaskRecord>(d));
      const last = tasks[tasks.length - 1];
      return data.length > limit && last ? { tasks, next: taskSeq(last) } : { tasks };
    },
    async getMaterial(id) {
      const d = await byId(C.materials, id);
      return d ? docOf<MaterialRecord>(d) : null;
    },
    async listMaterialsByApplication(applicationId) {
      const docs = await getAll(col(C.materials).where({ applicationId }).orderBy('_id', 'asc'));
      return docs.map((d) => docOf<MaterialRecord>(d)).sort(byString((m) => `${m.key}\n${m.uploadedAt}\n${m.id}`));
    },
    async listMaterialsByEntrustment(entrustmentId) {
      const docs = await getAll(col(C.materials).where({ entrustmentId }).orderBy('_id', 'asc'));
      return docs.map((d) => docOf<MaterialRecord>(d)).sort(byString((m) => `${m.uploadedAt}\n${m.id}`));
    },
    async getUploadTicket(id) {
      const d = await byId(C.uploadTickets, id);
      return d ? docOf<UploadTicket>(d) : null;
    },
    async listUnsentOutbox(limit) {
      const n = pageSize(limit, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX);
      const { data } = await col(C.outbox)
        .where({ sent: false })
        .orderBy('createdAt', 'asc')
        .orderBy('_id', 'asc')
        .limit(n)
        .get();
      return data.map(outboxOf);
    },
  };

  const appendOutbox = async (m: OutboxMessage): Promise<void> => {
    const doc: CloudBaseDoc = {
      _id: m.id,
      sent: m.sent,
      createdAt: m.createdAt,
      attempts: m.attempts,
      docJson: JSON.stringify(m),
    };
    if (m.sentAt !== undefined) doc.sentAt = m.sentAt;
    if (m.lastError !== undefined) doc.lastError = m.lastError;
    await createIfAbsent(C.outbox, doc); // an existing id is the same message recorded again: keep it
  };

  const writer: Pick<StoreWriter, Writes> = {
    async putPrivacyAcceptance(rec) {
      await col(C.privacyAcceptances)
        .doc(hashId('privacy', rec.openid, rec.version))
        .set({ data: { openid: rec.openid, version: rec.version, acceptedAt: rec.acceptedAt } });
    },
    async putIdentity(rec) {
      await identityConflict(rec);
      // The key document is the uniqueness: creating it fails when a concurrent binding took the ID number first.
      if (!(await createIfAbsent(C.identityKeys, { _id: rec.personKey, openid: rec.openid }))) {
        const key = await byId(C.identityKeys, rec.personKey);
        if (!key || key.openid !== rec.openid) throw new StoreConflictError('identity', rec.personKey);
      }
      await col(C.identities)
        .doc(rec.openid)
        .set({ data: { personKey: rec.personKey, docJson: JSON.stringify(rec) } });
    },
    async putFraudFinding(rec) {
      await col(C.fraudFindings)
        .doc(rec.id)
        .set({ data: { personKey: rec.personKey, date: rec.date, docJson: JSON.stringify(rec) } });
    },
    async putRole(rec) {
      const data: Record<string, unknown> = { openid: rec.openid, role: rec.role, docJson: JSON.stringify(rec) };
      if (rec.department !== undefined) data.department = rec.department;
      if (rec.district !== undefined) data.district = rec.district;
      await col(C.roles)
        .doc(roleId(rec.openid, rec.role, rec.department, rec.district))
        .set({ data });
    },
    async removeRole(openid, role, department, district) {
      await col(C.roles)
        .doc(roleId(openid, role, department, district))
        .remove();
    },
    async putEntrustment(rec) {
      const data: Record<string, unknown> = {
        agentOpenid: rec.agentOpenid,
        principalKey: rec.principalKey,
        createdAt: rec.createdAt,
        status: rec.status,
        docJson: JSON.stringify(rec),
      };
      if (rec.district !== undefined) data.district = rec.district;
      await col(C.entrustments).doc(rec.id).set({ data });
    },
    async putApplication(rec) {
      const data: Record<string, unknown> = {
        roundId: rec.roundId,
        personKey: rec.personKey,
        createdBy: rec.createdBy,
        status: rec.status,
        seq: applicationSeq(rec),
        notify: resultSubscribers(rec),
        createdAt: rec.createdAt,
        updatedAt: rec.updatedAt,
        docJson: JSON.stringify(rec),
      };
      if (rec.resultDate !== undefined) data.resultDate = rec.resultDate;
      if (rec.receipt) data.receiptNumber = rec.receipt.number;
      if (rec.result) data.resultTotal = rec.result.total;
      if (rec.publishedAt !== undefined) data.publishedAt = rec.publishedAt;
      await col(C.applications).doc(rec.id).set({ data });
    },
    async putTask(rec) {
      await col(C.tasks)
        .doc(rec.id)
        .set({
          data: {
            applicationId: rec.applicationId,
            department: rec.department,
            status: rec.status,
            seq: taskSeq(rec),
            docJson: JSON.stringify(rec),
          },
        });
    },
    async putMaterial(rec) {
      const data: Record<string, unknown> = { key: rec.key, uploadedAt: rec.uploadedAt, docJson: JSON.stringify(rec) };
      if (rec.applicationId !== undefined) data.applicationId = rec.applicationId;
      if (rec.entrustmentId !== undefined) data.entrustmentId = rec.entrustmentId;
      await col(C.materials).doc(rec.id).set({ data });
    },
    async removeMaterial(id) {
      await col(C.materials).doc(id).remove();
    },
    async putUploadTicket(rec) {
      await col(C.uploadTickets)
        .doc(rec.id)
        .set({ data: { docJson: JSON.stringify(rec) } });
    },
    appendOutbox,
    async markOutboxSent(id, at) {
      await col(C.outbox)
        .doc(id)
        .update({ data: { sent: true, sentAt: at } });
    },
    async markOutboxFailed(id, _at, error) {
      const d = await byId(C.outbox, id);
      if (!d || d.sent === true) return;
      await col(C.outbox)
        .doc(id)
        .update({ data: { attempts: _.inc(1), lastError: error.slice(0, 500) } });
    },
  };

  const sequences: StoreSequences = {
    async nextReceiptSeq(roundId) {
      for (let attempt = 0; attempt < 5; attempt++) {
        const counter = await byId(C.receiptCounters, roundId);
        let n = (typeof counter?.n === 'number' ? counter.n : 0) + 1;
        for (let k = 0; k < 200; k++, n++) {
          if (await createIfAbsent(C.receiptClaims, { _id: `${roundId}:${n}`, roundId, seq: n })) {
            // Advance the hint atomically; create it on the first number of a round.
            const r = await col(C.receiptCounters)
              .doc(roundId)
              .update({ data: { n: _.inc(1) } });
            if (r.stats.updated === 0 && !(await createIfAbsent(C.receiptCounters, { _id: roundId, n: 1 }))) {
              await col(C.receiptCounters)
                .doc(roundId)
                .update({ data: { n: _.inc(1) } });
            }
            return n;
          }
        }
      }
      throw new Error('receipt sequence: too many concurrent claims');
    },
  };

  const bulk: StoreBulk = {
    async publishDue(today, at, limit, audit) {
      const n = pageSize(limit, SCAN_PAGE_MAX, h.maxLimit);
      const { data } = await col(C.applications)
        .where({ status: 'decided', seq: _.lt(seqBound(today)) })
        .orderBy('seq', 'asc')
        .limit(n)
        .get();
      const out: PublishedCase[] = [];
      // Messages and trail entries first: should this stop half-way, the cases are still `decided` and the next run
      // records them again (same ids, kept once) before publishing.
      for (const d of data) {
        const subscribers = Array.isArray(d.notify) ? d.notify.map(str) : [];
        const receiptNumber = typeof d.receiptNumber === 'string' ? d.receiptNumber : '';
        const resultDate = str(d.resultDate);
        for (const openid of subscribers) {
          await appendOutbox(
            resultOutboxMessage(
              { id: d._id, receiptNumber, resultDate, total: typeof d.resultTotal === 'string' ? d.resultTotal : '' },
              openid,
              at,
            ),
          );
        }
        if (audit) await createIfAbsent(AUDIT_COLLECTION, auditDocOf(publishAuditEntry(d._id, at, audit)));
        out.push({
          applicationId: d._id,
          roundId: str(d.roundId),
          receiptNumber,
          resultDate,
          notified: subscribers.length,
        });
      }
      if (out.length) {
        await col(C.applications)
          .where({ _id: _.in(out.map((c) => c.applicationId)) })
          .update({ data: { status: 'published', publishedAt: at, updatedAt: at } });
      }
      return out;
    },
  };

  const precheck = (name: string, arg: unknown): (() => Promise<void>) | null => {
    if (name === 'putIdentity') return () => identityConflict(arg as IdentityRecord);
    return null;
  };

  return { reader, writer, sequences, bulk, precheck };
}
