/**
 * The SQLite schema: `PRAGMA user_version` migrations and every table with its primary key. Queried fields are
 * columns (with indexes); the rest of each record is a JSON document in TEXT. For applications, tasks and
 * entrustments the columns `status` and `updated_at` are authoritative (conditional writes compare them; publishDue
 * changes only the applications' status columns), and reads lay them over the document.
 */
import { PUBLICITY_MIGRATION } from './publicity';

/** The tables of cases (migration 2). */
const CASES_MIGRATION = `
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
 * Publishing a round in seconds (migration 3): application documents move out of the `applications` row into
 * `application_docs` (1:1 by id), and `applications` becomes a narrow table stored in `seq` order (result date,
 * then id; WITHOUT ROWID), unique by id. Publishing then rewrites a few hundred bytes per case instead of the whole
 * document (SQLite rewrites a whole row when one column changes: with the ~15–30 KB document in the row, publishing
 * 100,000 cases rewrote gigabytes), and the cases of one batch, consecutive in `seq`, sit on consecutive pages
 * whatever order they were created in. Existing rows move over.
 */
const APPLICATION_DOCS_MIGRATION = `
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
 * Entrustments carry their district acceptance point and status as columns, for the acceptance point's queue;
 * existing rows take them from their document.
 */
const ENTRUSTMENT_DISTRICT_MIGRATION = `
  ALTER TABLE entrustments ADD COLUMN district TEXT;
  ALTER TABLE entrustments ADD COLUMN status TEXT;
  UPDATE entrustments SET district = json_extract(doc, '$.district'), status = json_extract(doc, '$.status');
  CREATE INDEX entrustments_by_district ON entrustments (district, status, created_at, id);
`;

/**
 * Conditional writes of tasks and entrustments compare `status` and `updated_at` columns (applications have them
 * already); existing rows take `updated_at` from their document.
 */
const UPDATED_AT_MIGRATION = `
  ALTER TABLE tasks ADD COLUMN updated_at TEXT;
  UPDATE tasks SET updated_at = json_extract(doc, '$.updatedAt');
  ALTER TABLE entrustments ADD COLUMN updated_at TEXT;
  UPDATE entrustments SET updated_at = json_extract(doc, '$.updatedAt');
`;

/**
 * 异议 and 复核: disputes (one per case) and their re-review tasks, with the columns their queues read; the re-review
 * limit as a setting; a case's confirmation day on the narrow applications row (confirmDue sets it with the status).
 */
const DISPUTES_MIGRATION = `
  CREATE TABLE disputes (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE,
    district TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX disputes_by_district ON disputes (district, status, created_at, id);
  CREATE TABLE rechecks (
    id TEXT PRIMARY KEY,
    dispute_id TEXT NOT NULL,
    department TEXT NOT NULL,
    status TEXT NOT NULL,
    due_on TEXT NOT NULL,
    seq TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX rechecks_by_dispute ON rechecks (dispute_id, id);
  CREATE INDEX rechecks_by_department ON rechecks (department, seq);
  CREATE INDEX rechecks_overdue ON rechecks (status, due_on, id);
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  ALTER TABLE applications ADD COLUMN confirmed_on TEXT;
`;

/**
 * The reference data's version (RoundsReads.referenceVersion): a counter in `settings` that every write of a policy
 * version, round override or holiday table raises in its own transaction, whoever writes (the store, a script).
 */
const REFERENCE_VERSION_BUMP =
  "INSERT INTO settings (key, doc) VALUES ('reference-version', '1') ON CONFLICT (key) DO UPDATE SET doc = CAST(CAST(doc AS INTEGER) + 1 AS TEXT);";
const REFERENCE_VERSION_MIGRATION = `
  CREATE TRIGGER policy_versions_insert_version AFTER INSERT ON policy_versions BEGIN ${REFERENCE_VERSION_BUMP} END;
  CREATE TRIGGER policy_versions_update_version AFTER UPDATE ON policy_versions BEGIN ${REFERENCE_VERSION_BUMP} END;
  CREATE TRIGGER policy_versions_delete_version AFTER DELETE ON policy_versions BEGIN ${REFERENCE_VERSION_BUMP} END;
  CREATE TRIGGER round_overrides_insert_version AFTER INSERT ON round_overrides BEGIN ${REFERENCE_VERSION_BUMP} END;
  CREATE TRIGGER round_overrides_update_version AFTER UPDATE ON round_overrides BEGIN ${REFERENCE_VERSION_BUMP} END;
  CREATE TRIGGER round_overrides_delete_version AFTER DELETE ON round_overrides BEGIN ${REFERENCE_VERSION_BUMP} END;
  CREATE TRIGGER holiday_tables_insert_version AFTER INSERT ON holiday_tables BEGIN ${REFERENCE_VERSION_BUMP} END;
  CREATE TRIGGER holiday_tables_update_version AFTER UPDATE ON holiday_tables BEGIN ${REFERENCE_VERSION_BUMP} END;
  CREATE TRIGGER holiday_tables_delete_version AFTER DELETE ON holiday_tables BEGIN ${REFERENCE_VERSION_BUMP} END;
`;

/**
 * Bulk runs audit once: a publishing or confirming run records who ran it and when in `audit_runs`, and
 * each case it changed points at that row from its narrow `applications` row (`published_run`, `confirmed_run`, set
 * with the status in the same UPDATE); the case's `result.publish` / `result.confirm` trail entry is derived from the
 * two on read (sqlite/audit.ts), the same entry the per-case audit row held. A round of 100,000 so writes no audit
 * rows (three B-trees each, one of them keyed by a hash). Trail rows written before stay as they are.
 */
const AUDIT_RUNS_MIGRATION = `
  CREATE TABLE audit_runs (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    fn TEXT NOT NULL,
    UNIQUE (action, at, actor, fn)
  ) STRICT;
  CREATE INDEX audit_runs_by_actor ON audit_runs (actor, at);
  ALTER TABLE applications ADD COLUMN published_run INTEGER;
  ALTER TABLE applications ADD COLUMN confirmed_run INTEGER;
`;

/**
 * Packed documents: an application's document and a mutation's recorded response are stored either as
 * JSON text or packed (deflated against a fixed dictionary, sqlite/packing.ts), exactly one of the two. A decided
 * case's document with its score sheet shrinks ~20-fold, a submission's response ~7-fold. Existing rows move over as
 * text (SQL cannot deflate) and are read as they are; their next write packs them.
 */
const PACKED_DOCUMENTS_MIGRATION = `
  CREATE TABLE application_docs_packed (
    id TEXT PRIMARY KEY,
    doc TEXT CHECK (doc IS NULL OR json_valid(doc)),
    packed BLOB,
    CHECK ((doc IS NULL) <> (packed IS NULL))
  ) STRICT;
  INSERT INTO application_docs_packed (id, doc) SELECT id, doc FROM application_docs;
  DROP TABLE application_docs;
  ALTER TABLE application_docs_packed RENAME TO application_docs;

  CREATE TABLE requests_packed (
    key TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    fn TEXT NOT NULL,
    action TEXT NOT NULL,
    request_id TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    response TEXT CHECK (response IS NULL OR json_valid(response)),
    packed BLOB,
    at TEXT NOT NULL,
    CHECK ((response IS NULL) <> (packed IS NULL))
  ) STRICT;
  INSERT INTO requests_packed (key, actor, fn, action, request_id, payload_hash, response, at)
    SELECT key, actor, fn, action, request_id, payload_hash, response, at FROM requests;
  DROP TABLE requests;
  ALTER TABLE requests_packed RENAME TO requests;
`;

/**
 * Task writes keep only the indexes a query reads: the reviewers' queue (`listTasksByDepartment`) is one prepared
 * statement whose status filter is `(? IS NULL OR status = ?)`, which no index column can serve, so it always reads
 * `tasks_by_department` (department, seq); `tasks_by_department_status` only cost each task write (nine per
 * submission) one more index entry.
 */
const TASK_WRITE_INDEXES_MIGRATION = `
  DROP INDEX IF EXISTS tasks_by_department_status;
`;

/**
 * The outbox in id order (WITHOUT ROWID: the table is its id index, one B-tree less per message), unsent messages
 * indexed apart (a sent message leaves the index), and 'result' ids led by the result date (`resultMessageId`):
 * publishing writes a round's messages in result-date order, so each batch's ids now follow the earlier ones instead
 * of falling between them on every page of both indexes. Existing 'result' messages take the new id (the date from
 * their data), so a case recorded again still finds its message.
 */
const OUTBOX_ORDER_MIGRATION = `
  CREATE TABLE outbox_v2 (
    id TEXT PRIMARY KEY,
    sent INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT, WITHOUT ROWID;
  INSERT INTO outbox_v2 (id, sent, created_at, sent_at, attempts, last_error, doc)
    SELECT CASE WHEN substr(id, 1, 7) = 'result:' AND json_type(doc, '$.data.resultDate') = 'text'
        THEN 'result:' || json_extract(doc, '$.data.resultDate') || ':' || substr(id, 8) ELSE id END,
      sent, created_at, sent_at, attempts, last_error, doc
    FROM outbox;
  DROP TABLE outbox;
  ALTER TABLE outbox_v2 RENAME TO outbox;
  CREATE INDEX outbox_unsent ON outbox (created_at, id) WHERE sent = 0;
`;

/**
 * Slimmer 'result' messages: publishing writes one per subscriber of a round, and for one whose id spells kind, date,
 * case and recipient (`resultMessageId`) the rest of its data, receipt number and total, is two columns instead of a
 * JSON document (`doc` NULL): no JSON built and checked per message, about 60 bytes less per row. Other messages, and
 * rows written before, keep their document; a row has exactly one of the two.
 */
const OUTBOX_RESULT_COLUMNS_MIGRATION = `
  CREATE TABLE outbox_v3 (
    id TEXT PRIMARY KEY,
    sent INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    attempts INTEGER NOT NULL,
    last_error TEXT,
    doc TEXT CHECK (doc IS NULL OR json_valid(doc)),
    receipt_number TEXT,
    total TEXT,
    CHECK ((doc IS NULL) = (receipt_number IS NOT NULL AND total IS NOT NULL)),
    CHECK (doc IS NULL OR (receipt_number IS NULL AND total IS NULL))
  ) STRICT, WITHOUT ROWID;
  INSERT INTO outbox_v3 (id, sent, created_at, sent_at, attempts, last_error, doc)
    SELECT id, sent, created_at, sent_at, attempts, last_error, doc FROM outbox;
  DROP TABLE outbox;
  ALTER TABLE outbox_v3 RENAME TO outbox;
  CREATE INDEX outbox_unsent ON outbox (created_at, id) WHERE sent = 0;
`;

/**
 * The narrow `applications` row keeps what publishing and the status scans read or change; the columns of the lookups
 * by person and creator (`person_key`, `created_by`, `created_at`), which never change with the status, move to
 * `application_docs` with their indexes. Publishing rewrites each case's row, so the row's bytes are what a round of
 * 100,000 writes: about a quarter less. Existing rows move over.
 */
const APPLICATION_LOOKUP_COLUMNS_MIGRATION = `
  ALTER TABLE application_docs ADD COLUMN person_key TEXT;
  ALTER TABLE application_docs ADD COLUMN created_by TEXT;
  ALTER TABLE application_docs ADD COLUMN created_at TEXT;
  UPDATE application_docs SET (person_key, created_by, created_at) =
    (SELECT a.person_key, a.created_by, a.created_at FROM applications a WHERE a.id = application_docs.id);
  DROP INDEX applications_by_person;
  DROP INDEX applications_by_creator;
  CREATE INDEX application_docs_by_person ON application_docs (person_key, created_at DESC, id DESC);
  CREATE INDEX application_docs_by_creator ON application_docs (created_by, created_at DESC, id DESC);
  ALTER TABLE applications DROP COLUMN person_key;
  ALTER TABLE applications DROP COLUMN created_by;
  ALTER TABLE applications DROP COLUMN created_at;
`;

/** Schema migrations; migration i brings `user_version` from i to i + 1. Append only, never edit a shipped one. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE drafts (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL,
    profile TEXT NOT NULL CHECK (json_valid(profile)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX drafts_by_owner ON drafts (owner, updated_at DESC, id DESC);

  CREATE TABLE policy_versions (
    id TEXT PRIMARY KEY,
    effective_from TEXT NOT NULL,
    policy TEXT NOT NULL CHECK (json_valid(policy)),
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL
  ) STRICT;

  CREATE TABLE round_overrides (
    year INTEGER PRIMARY KEY,
    round TEXT NOT NULL CHECK (json_valid(round))
  ) STRICT;

  CREATE TABLE holiday_tables (
    year INTEGER PRIMARY KEY,
    holiday_table TEXT NOT NULL CHECK (json_valid(holiday_table))
  ) STRICT;

  CREATE TABLE audit (
    id TEXT PRIMARY KEY,
    seq TEXT NOT NULL,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    acting_for TEXT,
    fn TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    result TEXT NOT NULL,
    request_id TEXT
  ) STRICT;
  CREATE INDEX audit_by_target ON audit (target, seq DESC);
  CREATE INDEX audit_by_actor ON audit (actor, seq DESC);

  CREATE TABLE requests (
    key TEXT PRIMARY KEY,
    actor TEXT NOT NULL,
    fn TEXT NOT NULL,
    action TEXT NOT NULL,
    request_id TEXT NOT NULL,
    payload_hash TEXT NOT NULL,
    response TEXT NOT NULL CHECK (json_valid(response)),
    at TEXT NOT NULL
  ) STRICT;
  `,
  CASES_MIGRATION,
  APPLICATION_DOCS_MIGRATION,
  // Counted refusals: one audit row per minute, caller, function, action, target and code, with a count.
  `
  ALTER TABLE audit ADD COLUMN count INTEGER CHECK (count IS NULL OR count > 0);
  ALTER TABLE audit ADD COLUMN minute TEXT;
  CREATE INDEX audit_refusals_by_actor ON audit (actor, minute) WHERE minute IS NOT NULL;
  `,
  ENTRUSTMENT_DISTRICT_MIGRATION,
  UPDATED_AT_MIGRATION,
  // Issued documents (积分有效凭证): by number, by case; the code only as a salted hash inside the document.
  `
  CREATE TABLE documents (
    number TEXT PRIMARY KEY,
    application_id TEXT NOT NULL,
    person_key TEXT NOT NULL,
    revision INTEGER NOT NULL,
    status TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX documents_by_application ON documents (application_id, revision, number);
  `,
  DISPUTES_MIGRATION,
  // Settlement applications (积分落户申请): one per person and round; queue, ranking and notice-expiry columns.
  `
  CREATE TABLE settlements (
    id TEXT PRIMARY KEY,
    round_id TEXT NOT NULL,
    person_key TEXT NOT NULL,
    status TEXT NOT NULL,
    district TEXT,
    seq TEXT NOT NULL,
    total REAL,
    total_text TEXT,
    submitted_at TEXT,
    notice_valid_until TEXT,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL CHECK (json_valid(doc))
  ) STRICT;
  CREATE INDEX settlements_by_person ON settlements (person_key, round_id, id);
  CREATE INDEX settlements_by_status ON settlements (round_id, status, seq);
  CREATE INDEX settlements_by_district ON settlements (round_id, status, district, seq);
  CREATE INDEX settlements_notices ON settlements (status, notice_valid_until, id) WHERE status = 'noticed';
  `,
  // The ranking reads verified totals from this index alone, already in rank order (no table rows, no sort).
  `
  CREATE INDEX settlements_ranking ON settlements (round_id, total DESC, submitted_at, id, total_text)
    WHERE status = 'verified';
  `,
  // 落户分数线, 公示名单 and 公示异议 (the publicity area).
  PUBLICITY_MIGRATION,
  REFERENCE_VERSION_MIGRATION,
  AUDIT_RUNS_MIGRATION,
  PACKED_DOCUMENTS_MIGRATION,
  TASK_WRITE_INDEXES_MIGRATION,
  OUTBOX_ORDER_MIGRATION,
  OUTBOX_RESULT_COLUMNS_MIGRATION,
  APPLICATION_LOOKUP_COLUMNS_MIGRATION,
];

/** Every table and its primary key, for dumps. */
export const SQLITE_TABLES: Readonly<Record<string, string>> = {
  drafts: 'id',
  policy_versions: 'id',
  round_overrides: 'year',
  holiday_tables: 'year',
  audit: 'id',
  requests: 'key',
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
  documents: 'number',
  disputes: 'id',
  rechecks: 'id',
  settings: 'key',
  settlements: 'id',
  settlement_lines: 'round_id',
  publicity_entries: 'id',
  objections: 'id',
  audit_runs: 'id',
};
