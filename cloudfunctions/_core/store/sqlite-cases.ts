/**
 * SQLite tables and operations of issue 4 (cases). Queried fields are columns (with indexes); the rest of each record
 * is a JSON document. For applications the columns `status`, `updated_at` and `published_at` are authoritative
 * (publishDue changes only them), and reads lay them over the document.
 *
 * An application's document (~15–30 KB: profile, receipt, timeline and the result's score sheets) lives in its own
 * table, `application_docs`, beside the narrow `applications` row of indexed and mutable columns, stored in result-date
 * order: SQLite rewrites a whole row when one column changes, so with the document in the row publishing a round of
 * 100,000 rewrote gigabytes (about 18 s; now about 3.5 s, most of it the outbox rows and trail entries).
 */
import type Database from 'better-sqlite3';
import type { CASE_READS, CASE_WRITES } from './tx';
import {
  applicationSeq,
  pageSize,
  PUBLISH_BATCH_MAX,
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
  type ApplicationScan,
  type AuditEntry,
  type EntrustmentRecord,
  type FraudFinding,
  type IdentityRecord,
  type MaterialRecord,
  type OutboxMessage,
  type PublishAudit,
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

/** Migration 2: the tables of cases. */
export const CASES_MIGRATION = `
  CREATE TABLE privacy_acceptances (
    openid TEXT NOT NULL,
    version TEXT NOT NULL,
    accepted_at TEXT NOT NULL,
    PRIMARY KEY (openid, version)
  ) STRICT;

  CREATE TABLE identities (
    openid TEXT PRIMARY KEY,
    person_key TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;

  CREATE TABLE fraud_findings (
    id TEXT PRIMARY KEY,
    person_key TEXT NOT NULL,
    date TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX fraud_by_person ON fraud_findings (person_key, date, id);

  CREATE TABLE roles (
    openid TEXT NOT NULL,
    role TEXT NOT NULL,
    department TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc)),
    PRIMARY KEY (openid, role, department)
  ) STRICT;

  CREATE TABLE entrustments (
    id TEXT PRIMARY KEY,
    agent_openid TEXT NOT NULL,
    principal_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX entrustments_by_agent ON entrustments (agent_openid, created_at DESC, id DESC);
  CREATE INDEX entrustments_by_principal ON entrustments (principal_key, created_at DESC, id DESC);

  CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL,
    person_key TEXT NOT NULL,
    created_by TEXT NOT NULL,
    status TEXT NOT NULL,
    result_date TEXT,
    seq TEXT NOT NULL,
    receipt_number TEXT,
    result_total TEXT,
    notify TEXT NOT NULL CHECK (json_valid(notify)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX applications_by_person ON applications (person_key, created_at DESC, id DESC);
  CREATE INDEX applications_by_creator ON applications (created_by, created_at DESC, id DESC);
  CREATE INDEX applications_by_status ON applications (status, seq);

  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL,
    department TEXT NOT NULL,
    status TEXT NOT NULL,
    seq TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX tasks_by_application ON tasks (application_id, id);
  CREATE INDEX tasks_by_department_status ON tasks (department, status, seq);
  CREATE INDEX tasks_by_department ON tasks (department, seq);

  CREATE TABLE materials (
    id TEXT PRIMARY KEY,
    application_id TEXT,
    entrustment_id TEXT,
    key TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX materials_by_application ON materials (application_id, key, uploaded_at, id);
  CREATE INDEX materials_by_entrustment ON materials (entrustment_id, uploaded_at, id);

  CREATE TABLE upload_tickets (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;

  CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    sent INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX outbox_unsent ON outbox (sent, created_at, id);

  CREATE TABLE receipt_counters (
    round_id TEXT PRIMARY KEY,
    n INTEGER NOT NULL
  ) STRICT;
`;

/**
 * Migration 3 (publishing a round in seconds): application documents move out of the `applications` row into
 * `application_docs` (1:1 by id), and `applications` becomes a narrow table stored in `seq` order (result date,
 * then id; WITHOUT ROWID), unique by id. Publishing then rewrites a few hundred bytes per case instead of the whole
 * document, and the cases of one batch, consecutive in `seq`, sit on consecutive pages whatever order they were
 * created in. Existing rows move over.
 */
export const APPLICATION_DOCS_MIGRATION = `
  CREATE TABLE application_docs (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  INSERT INTO application_docs (id, doc) SELECT id, doc FROM applications;

  CREATE TABLE applications_v3 (
    seq TEXT PRIMARY KEY,
    id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    person_key TEXT NOT NULL,
    created_by TEXT NOT NULL,
    status TEXT NOT NULL,
    result_date TEXT,
    receipt_number TEXT,
    result_total TEXT,
    notify TEXT NOT NULL CHECK (json_valid(notify)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    published_at TEXT
  ) STRICT, WITHOUT ROWID;
  INSERT INTO applications_v3 (seq, id, round_id, person_key, created_by, status, result_date, receipt_number, result_total,
      notify, created_at, updated_at, published_at)
    SELECT seq, id, round_id, person_key, created_by, status, result_date, receipt_number, result_total,
      notify, created_at, updated_at, published_at FROM applications;
  DROP TABLE applications;
  ALTER TABLE applications_v3 RENAME TO applications;
  CREATE UNIQUE INDEX applications_by_id ON applications (id);
  CREATE INDEX applications_by_person ON applications (person_key, created_at DESC, id DESC);
  CREATE INDEX applications_by_creator ON applications (created_by, created_at DESC, id DESC);
  CREATE INDEX applications_by_status ON applications (status, seq);
`;

/**
 * Migration (appended): entrustments carry their district acceptance point and status as columns, for the
 * acceptance point's queue; existing rows take them from their document.
 */
export const ENTRUSTMENT_DISTRICT_MIGRATION = `
  ALTER TABLE entrustments ADD COLUMN district TEXT;
  ALTER TABLE entrustments ADD COLUMN status TEXT;
  UPDATE entrustments SET district = json_extract(doc, '$.district'), status = json_extract(doc, '$.status');
  CREATE INDEX entrustments_by_district ON entrustments (district, status, created_at, id);
`;

/** Tables of cases and their primary keys, for dumps. */
export const CASE_TABLES: Record<string, string> = {
  privacy_acceptances: 'openid, version',
  identities: 'openid',
  fraud_findings: 'id',
  roles: 'openid, role, department',
  entrustments: 'id',
  applications: 'id',
  application_docs: 'id',
  tasks: 'id',
  materials: 'id',
  upload_tickets: 'id',
  outbox: 'id',
  receipt_counters: 'round_id',
};

type DocRow = { doc: string };
interface AppRow {
  status: string;
  updated_at: string;
  published_at: string | null;
  doc: string;
}
interface OutboxRow {
  sent: number;
  sent_at: string | null;
  attempts: number;
  last_error: string | null;
  doc: string;
}

/** A publishDue row. */
interface DueRow {
  id: string;
  round_id: string;
  receipt_number: string | null;
  result_date: string;
  result_total: string | null;
  notify: string;
  seq: string;
}

/** Columns and join of an application read: the narrow row's status fields and the document. */
const APP_SELECT =
  'a.status, a.updated_at, a.published_at, d.doc FROM applications a JOIN application_docs d ON d.id = a.id';

const parse = <T>(r: DocRow): T => JSON.parse(r.doc) as T;

function appOf(r: AppRow): ApplicationRecord {
  const a = JSON.parse(r.doc) as ApplicationRecord;
  a.status = r.status as ApplicationRecord['status'];
  a.updatedAt = r.updated_at;
  if (r.published_at !== null) a.publishedAt = r.published_at;
  return a;
}

function outboxOf(r: OutboxRow): OutboxMessage {
  const m = JSON.parse(r.doc) as OutboxMessage;
  m.sent = r.sent === 1;
  m.attempts = r.attempts;
  if (r.sent_at !== null) m.sentAt = r.sent_at;
  if (r.last_error !== null) m.lastError = r.last_error;
  return m;
}

/** The exclusive upper bound of `seq` for result dates on or before `day` (`|` < `}`). */
const seqBound = (day: string): string => `${day}}`;

type CaseOps = Pick<StoreReader, (typeof CASE_READS)[number]> &
  Pick<StoreWriter, (typeof CASE_WRITES)[number]> &
  StoreSequences &
  StoreBulk;

/**
 * The case operations on one connection; `appendAudit` is the adapter's own (create-if-absent), which publishDue
 * uses for each case's trail entry inside its transaction.
 */
export function caseOperations(db: Database.Database, appendAudit: (entry: AuditEntry) => void): CaseOps {
  const q = {
    getPrivacy: db.prepare<[string, string], { openid: string; version: string; accepted_at: string }>(
      'SELECT * FROM privacy_acceptances WHERE openid = ? AND version = ?',
    ),
    putPrivacy: db.prepare(
      'INSERT INTO privacy_acceptances (openid, version, accepted_at) VALUES (?, ?, ?) ON CONFLICT (openid, version) DO UPDATE SET accepted_at = excluded.accepted_at',
    ),
    identity: db.prepare<[string], DocRow & { person_key: string }>(
      'SELECT doc, person_key FROM identities WHERE openid = ?',
    ),
    identityByPerson: db.prepare<[string], DocRow & { openid: string }>(
      'SELECT doc, openid FROM identities WHERE person_key = ?',
    ),
    putIdentity: db.prepare(
      'INSERT INTO identities (openid, person_key, doc) VALUES (?, ?, ?) ON CONFLICT (openid) DO UPDATE SET doc = excluded.doc',
    ),
    fraud: db.prepare<[string], DocRow>('SELECT doc FROM fraud_findings WHERE person_key = ? ORDER BY date, id'),
    putFraud: db.prepare(
      'INSERT INTO fraud_findings (id, person_key, date, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET person_key = excluded.person_key, date = excluded.date, doc = excluded.doc',
    ),
    rolesOf: db.prepare<[string], DocRow>('SELECT doc FROM roles WHERE openid = ? ORDER BY role, department'),
    roles: db.prepare<[], DocRow>('SELECT doc FROM roles ORDER BY openid, role, department'),
    putRole: db.prepare(
      'INSERT INTO roles (openid, role, department, doc) VALUES (?, ?, ?, ?) ON CONFLICT (openid, role, department) DO UPDATE SET doc = excluded.doc',
    ),
    removeRole: db.prepare('DELETE FROM roles WHERE openid = ? AND role = ? AND department = ?'),
    entrustment: db.prepare<[string], DocRow>('SELECT doc FROM entrustments WHERE id = ?'),
    entrustmentsByAgent: db.prepare<[string], DocRow>(
      'SELECT doc FROM entrustments WHERE agent_openid = ? ORDER BY created_at DESC, id DESC',
    ),
    entrustmentsByPrincipal: db.prepare<[string], DocRow>(
      'SELECT doc FROM entrustments WHERE principal_key = ? ORDER BY created_at DESC, id DESC',
    ),
    entrustmentsByDistrict: db.prepare<[string, string], DocRow>(
      'SELECT doc FROM entrustments WHERE district = ? AND status = ? ORDER BY created_at, id',
    ),
    putEntrustment: db.prepare(
      `INSERT INTO entrustments (id, agent_openid, principal_key, created_at, district, status, doc) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET agent_openid = excluded.agent_openid, principal_key = excluded.principal_key,
         created_at = excluded.created_at, district = excluded.district, status = excluded.status, doc = excluded.doc`,
    ),
    app: db.prepare<[string], AppRow>(`SELECT ${APP_SELECT} WHERE a.id = ?`),
    appsByPerson: db.prepare<[string], AppRow>(
      `SELECT ${APP_SELECT} WHERE a.person_key = ? ORDER BY a.created_at DESC, a.id DESC`,
    ),
    appsByCreator: db.prepare<[string], AppRow>(
      `SELECT ${APP_SELECT} WHERE a.created_by = ? ORDER BY a.created_at DESC, a.id DESC`,
    ),
    appsByStatus: db.prepare<[string, string | null, string | null, string | null, string | null, number], AppRow>(
      `SELECT ${APP_SELECT}
       WHERE a.status IN (SELECT value FROM json_each(?)) AND (? IS NULL OR (a.result_date IS NOT NULL AND a.seq < ?)) AND (? IS NULL OR a.seq > ?)
       ORDER BY a.seq LIMIT ?`,
    ),
    countByStatus: db.prepare<[string, string | null, string | null], { n: number }>(
      `SELECT COUNT(*) AS n FROM applications
       WHERE status IN (SELECT value FROM json_each(?)) AND (? IS NULL OR (result_date IS NOT NULL AND seq < ?))`,
    ),
    putApp: db.prepare(
      `INSERT INTO applications (id, round_id, person_key, created_by, status, result_date, seq, receipt_number, result_total, notify,
         created_at, updated_at, published_at)
       VALUES (@id, @roundId, @personKey, @createdBy, @status, @resultDate, @seq, @receiptNumber, @resultTotal, @notify,
         @createdAt, @updatedAt, @publishedAt)
       ON CONFLICT (id) DO UPDATE SET round_id = excluded.round_id, person_key = excluded.person_key, created_by = excluded.created_by,
         status = excluded.status, result_date = excluded.result_date, seq = excluded.seq, receipt_number = excluded.receipt_number,
         result_total = excluded.result_total, notify = excluded.notify, created_at = excluded.created_at,
         updated_at = excluded.updated_at, published_at = excluded.published_at`,
    ),
    putAppDoc: db.prepare(
      'INSERT INTO application_docs (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    ),
    task: db.prepare<[string], DocRow>('SELECT doc FROM tasks WHERE id = ?'),
    tasksByApp: db.prepare<[string], DocRow>('SELECT doc FROM tasks WHERE application_id = ? ORDER BY id'),
    tasksByDept: db.prepare<[string, string | null, string | null, string | null, string | null, number], DocRow>(
      `SELECT doc FROM tasks WHERE department = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR seq > ?) ORDER BY seq LIMIT ?`,
    ),
    putTask: db.prepare(
      `INSERT INTO tasks (id, application_id, department, status, seq, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET application_id = excluded.application_id, department = excluded.department,
         status = excluded.status, seq = excluded.seq, doc = excluded.doc`,
    ),
    material: db.prepare<[string], DocRow>('SELECT doc FROM materials WHERE id = ?'),
    materialsByApp: db.prepare<[string], DocRow>(
      'SELECT doc FROM materials WHERE application_id = ? ORDER BY key, uploaded_at, id',
    ),
    materialsByEnt: db.prepare<[string], DocRow>(
      'SELECT doc FROM materials WHERE entrustment_id = ? ORDER BY uploaded_at, id',
    ),
    putMaterial: db.prepare(
      `INSERT INTO materials (id, application_id, entrustment_id, key, uploaded_at, doc) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET application_id = excluded.application_id, entrustment_id = excluded.entrustment_id,
         key = excluded.key, uploaded_at = excluded.uploaded_at, doc = excluded.doc`,
    ),
    removeMaterial: db.prepare('DELETE FROM materials WHERE id = ?'),
    ticket: db.prepare<[string], DocRow>('SELECT doc FROM upload_tickets WHERE id = ?'),
    putTicket: db.prepare(
      'INSERT INTO upload_tickets (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    ),
    unsent: db.prepare<[number], OutboxRow>(
      'SELECT sent, sent_at, attempts, last_error, doc FROM outbox WHERE sent = 0 ORDER BY created_at, id LIMIT ?',
    ),
    appendOutbox: db.prepare(
      `INSERT INTO outbox (id, sent, created_at, sent_at, attempts, last_error, doc) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    ),
    markSent: db.prepare('UPDATE outbox SET sent = 1, sent_at = ? WHERE id = ?'),
    markFailed: db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ? AND sent = 0'),
    nextSeq: db.prepare<[string], { n: number }>(
      'INSERT INTO receipt_counters (round_id, n) VALUES (?, 1) ON CONFLICT (round_id) DO UPDATE SET n = n + 1 RETURNING n',
    ),
    // One statement publishes a batch: the due cases in result-date order, by the (status, seq) index; the table is
    // stored in seq order, so the rows it rewrites are neighbours.
    publishDue: db.prepare<[string, string, string, number], DueRow>(
      `UPDATE applications SET status = 'published', published_at = ?, updated_at = ?
       WHERE seq IN (SELECT seq FROM applications WHERE status = 'decided' AND seq < ? ORDER BY seq LIMIT ?)
       RETURNING id, round_id, receipt_number, result_date, result_total, notify, seq`,
    ),
  };

  const appendOutbox = (m: OutboxMessage): void => {
    q.appendOutbox.run(
      m.id,
      m.sent ? 1 : 0,
      m.createdAt,
      m.sentAt ?? null,
      m.attempts,
      m.lastError ?? null,
      JSON.stringify(m),
    );
  };

  /**
   * One call of publishDue as one transaction: status, 'result' messages and trail entries are kept together or not at
   * all. The status changes are one set-based UPDATE; messages and entries go row by row through prepared statements
   * (measured faster than one INSERT … SELECT over a JSON array of the batch).
   */
  const publishBatch = db.transaction(
    (today: string, at: string, limit: number, audit: PublishAudit | undefined): PublishedCase[] => {
      // RETURNING has no order; the contract's is the scan's (result date, then id).
      const rows = q.publishDue
        .all(at, at, seqBound(today), limit)
        .sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : 0));
      const out: PublishedCase[] = [];
      for (const r of rows) {
        const receiptNumber = r.receipt_number ?? '';
        const subscribers = JSON.parse(r.notify) as string[];
        for (const openid of subscribers) {
          appendOutbox(
            resultOutboxMessage(
              { id: r.id, receiptNumber, resultDate: r.result_date, total: r.result_total ?? '' },
              openid,
              at,
            ),
          );
        }
        if (audit) appendAudit(publishAuditEntry(r.id, at, audit));
        out.push({
          applicationId: r.id,
          roundId: r.round_id,
          receiptNumber,
          resultDate: r.result_date,
          notified: subscribers.length,
        });
      }
      return out;
    },
  );

  return {
    async getPrivacyAcceptance(openid, version) {
      const r = q.getPrivacy.get(openid, version);
      return r ? { openid: r.openid, version: r.version, acceptedAt: r.accepted_at } : null;
    },
    async getIdentity(openid) {
      const r = q.identity.get(openid);
      return r ? parse<IdentityRecord>(r) : null;
    },
    async getIdentityByPerson(personKey) {
      const r = q.identityByPerson.get(personKey);
      return r ? parse<IdentityRecord>(r) : null;
    },
    async listFraudFindings(personKey) {
      return q.fraud.all(personKey).map((r) => parse<FraudFinding>(r));
    },
    async listRolesOf(openid) {
      return q.rolesOf.all(openid).map((r) => parse<RoleRecord>(r));
    },
    async listRoles() {
      return q.roles.all().map((r) => parse<RoleRecord>(r));
    },
    async getEntrustment(id) {
      const r = q.entrustment.get(id);
      return r ? parse<EntrustmentRecord>(r) : null;
    },
    async listEntrustmentsByAgent(openid) {
      return q.entrustmentsByAgent.all(openid).map((r) => parse<EntrustmentRecord>(r));
    },
    async listEntrustmentsByPrincipal(personKey) {
      return q.entrustmentsByPrincipal.all(personKey).map((r) => parse<EntrustmentRecord>(r));
    },
    async listEntrustmentsByDistrict(district, status) {
      return q.entrustmentsByDistrict.all(district, status).map((r) => parse<EntrustmentRecord>(r));
    },
    async getApplication(id) {
      const r = q.app.get(id);
      return r ? appOf(r) : null;
    },
    async listApplicationsByPerson(personKey) {
      return q.appsByPerson.all(personKey).map(appOf);
    },
    async listApplicationsByCreator(openid) {
      return q.appsByCreator.all(openid).map(appOf);
    },
    async listApplicationsByStatus(scan: ApplicationScan) {
      const limit = pageSize(scan.limit, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX);
      const bound = scan.resultDateTo === undefined ? null : seqBound(scan.resultDateTo);
      const after = scan.after ?? null;
      const rows = q.appsByStatus.all(JSON.stringify(scan.statuses), bound, bound, after, after, limit + 1);
      const applications = rows.slice(0, limit).map(appOf);
      const last = applications[applications.length - 1];
      return rows.length > limit && last ? { applications, next: applicationSeq(last) } : { applications };
    },
    async countApplicationsByStatus(scan) {
      const bound = scan.resultDateTo === undefined ? null : seqBound(scan.resultDateTo);
      return (q.countByStatus.get(JSON.stringify(scan.statuses), bound, bound) as { n: number }).n;
    },
    async getTask(id) {
      const r = q.task.get(id);
      return r ? parse<TaskRecord>(r) : null;
    },
    async listTasksByApplication(applicationId) {
      return q.tasksByApp
        .all(applicationId)
        .map((r) => parse<TaskRecord>(r))
        .sort((a, b) => (a.indicatorId < b.indicatorId ? -1 : 1));
    },
    async listTasksByDepartment(query) {
      const limit = pageSize(query.limit, TASK_PAGE_DEFAULT, TASK_PAGE_MAX);
      const status = query.status ?? null;
      const after = query.after ?? null;
      const rows = q.tasksByDept.all(query.department, status, status, after, after, limit + 1);
      const tasks = rows.slice(0, limit).map((r) => parse<TaskRecord>(r));
      const last = tasks[tasks.length - 1];
      return rows.length > limit && last ? { tasks, next: taskSeq(last) } : { tasks };
    },
    async getMaterial(id) {
      const r = q.material.get(id);
      return r ? parse<MaterialRecord>(r) : null;
    },
    async listMaterialsByApplication(applicationId) {
      return q.materialsByApp.all(applicationId).map((r) => parse<MaterialRecord>(r));
    },
    async listMaterialsByEntrustment(entrustmentId) {
      return q.materialsByEnt.all(entrustmentId).map((r) => parse<MaterialRecord>(r));
    },
    async getUploadTicket(id) {
      const r = q.ticket.get(id);
      return r ? parse<UploadTicket>(r) : null;
    },
    async listUnsentOutbox(limit) {
      return q.unsent.all(pageSize(limit, SCAN_PAGE_DEFAULT, SCAN_PAGE_MAX)).map(outboxOf);
    },

    async putPrivacyAcceptance(rec) {
      q.putPrivacy.run(rec.openid, rec.version, rec.acceptedAt);
    },
    async putIdentity(rec) {
      const byPerson = q.identityByPerson.get(rec.personKey);
      if (byPerson && byPerson.openid !== rec.openid) throw new StoreConflictError('identity', rec.personKey);
      const byOpenid = q.identity.get(rec.openid);
      if (byOpenid && byOpenid.person_key !== rec.personKey) throw new StoreConflictError('identity', rec.personKey);
      q.putIdentity.run(rec.openid, rec.personKey, JSON.stringify(rec));
    },
    async putFraudFinding(rec) {
      q.putFraud.run(rec.id, rec.personKey, rec.date, JSON.stringify(rec));
    },
    async putRole(rec) {
      q.putRole.run(rec.openid, rec.role, roleScopeKey(rec.department, rec.district), JSON.stringify(rec));
    },
    async removeRole(openid, role, department, district) {
      q.removeRole.run(openid, role, roleScopeKey(department, district));
    },
    async putEntrustment(rec) {
      q.putEntrustment.run(
        rec.id,
        rec.agentOpenid,
        rec.principalKey,
        rec.createdAt,
        rec.district ?? null,
        rec.status,
        JSON.stringify(rec),
      );
    },
    async putApplication(rec) {
      q.putAppDoc.run(rec.id, JSON.stringify(rec));
      q.putApp.run({
        id: rec.id,
        roundId: rec.roundId,
        personKey: rec.personKey,
        createdBy: rec.createdBy,
        status: rec.status,
        resultDate: rec.resultDate ?? null,
        seq: applicationSeq(rec),
        receiptNumber: rec.receipt?.number ?? null,
        resultTotal: rec.result?.total ?? null,
        notify: JSON.stringify(resultSubscribers(rec)),
        createdAt: rec.createdAt,
        updatedAt: rec.updatedAt,
        publishedAt: rec.publishedAt ?? null,
      });
    },
    async putTask(rec) {
      q.putTask.run(rec.id, rec.applicationId, rec.department, rec.status, taskSeq(rec), JSON.stringify(rec));
    },
    async putMaterial(rec) {
      q.putMaterial.run(
        rec.id,
        rec.applicationId ?? null,
        rec.entrustmentId ?? null,
        rec.key,
        rec.uploadedAt,
        JSON.stringify(rec),
      );
    },
    async removeMaterial(id) {
      q.removeMaterial.run(id);
    },
    async putUploadTicket(rec) {
      q.putTicket.run(rec.id, JSON.stringify(rec));
    },
    async appendOutbox(m) {
      appendOutbox(m);
    },
    async markOutboxSent(id, at) {
      q.markSent.run(at, id);
    },
    async markOutboxFailed(id, _at, error) {
      q.markFailed.run(error.slice(0, 500), id);
    },
    async nextReceiptSeq(roundId) {
      return (q.nextSeq.get(roundId) as { n: number }).n;
    },
    async publishDue(today, at, limit, audit) {
      return publishBatch(today, at, pageSize(limit, SCAN_PAGE_MAX, PUBLISH_BATCH_MAX), audit);
    },
  };
}
