/**
 * What only the SQLite adapter has: a file in WAL mode, versioned migrations (a database from before them still
 * opens, its data moved), data that survives a reopen, publishing batches in one transaction, and group commit
 * (queued transactions share one COMMIT, each answered only after it, a failed one undoing only its own writes).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import Database from 'better-sqlite3';
import {
  GROUP_MAX,
  openSqliteStore,
  publishAuditEntry,
  PUBLISH_BATCH_MAX,
  resultOutboxMessage,
  SQLITE_MIGRATIONS,
  type ApplicationRecord,
} from '../../cloudfunctions/_core/store';
import { sampleApplication, sampleTask } from './adapters';

/** An application with a document worth moving (see sampleApplication), one person each. */
const app = (id: string, over: Partial<ApplicationRecord> = {}): ApplicationRecord =>
  sampleApplication(id, { personKey: `pk-${id}`, ...over });

describe('SQLite store on a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hz-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should use WAL, record the schema version, and keep data across a reopen', async () => {
    const file = join(dir, 'local.db');
    const a = openSqliteStore(file);
    const at = '2021-10-08T01:00:00.000Z';
    await a.putDraft({ id: 'd1', owner: 'alice', title: '草稿', profile: { x: 1 }, createdAt: at, updatedAt: at });
    a.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    raw.close();

    const b = openSqliteStore(file); // migrations already applied: nothing to redo
    expect(await b.getDraft('alice', 'd1')).toMatchObject({ title: '草稿', profile: { x: 1 } });
    b.close();
  });

  it('should move the applications of a database from before application_docs over, and read and publish them', async () => {
    const file = join(dir, 'v2.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    for (const [v, sql] of SQLITE_MIGRATIONS.slice(0, 2).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${v + 1}`);
    }
    // Rows as the schema-2 adapter wrote them: the whole document in the row, status columns authoritative.
    const insert = old.prepare(
      `INSERT INTO applications (id, round_id, person_key, created_by, status, result_date, seq, receipt_number, result_total, notify,
         created_at, updated_at, published_at, doc) VALUES (?, '2021', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const decided = app('a_due', {
      status: 'decided',
      resultDate: '2021-11-04',
      subscriptions: [{ openid: 'alice', kinds: ['result'] }],
    });
    const published = app('a_pub', {
      status: 'published',
      resultDate: '2021-11-03',
      publishedAt: '2021-11-03T02:00:00.000Z',
    });
    const draft = app('a_draft', { createdBy: 'bob' });
    for (const a of [decided, published, draft]) {
      insert.run(
        a.id,
        a.personKey,
        a.createdBy,
        a.status,
        a.resultDate ?? null,
        `${a.resultDate ?? ''}|${a.id}`,
        a.receipt?.number ?? null,
        a.result?.total ?? null,
        JSON.stringify(a.subscriptions.map((x) => x.openid)),
        a.createdAt,
        a.updatedAt,
        a.publishedAt ?? null,
        JSON.stringify(a),
      );
    }
    old.close();

    const store = openSqliteStore(file);
    expect(await store.getApplication('a_due')).toEqual(decided);
    expect(await store.getApplication('a_pub')).toEqual(published);
    expect((await store.listApplicationsByCreator('bob')).map((a) => a.id)).toEqual(['a_draft']);
    expect(
      (await store.listApplicationsByStatus({ statuses: ['decided', 'published'] })).applications.map((a) => a.id),
    ).toEqual(['a_pub', 'a_due']);
    const at = '2021-11-04T02:00:00.000Z';
    expect(await store.publishDue('2021-11-04', at, 10, { actor: 'system:timer', fn: 'scheduler' })).toEqual([
      { applicationId: 'a_due', roundId: '2021', receiptNumber: '', resultDate: '2021-11-04', notified: 1 },
    ]);
    expect(await store.getApplication('a_due')).toEqual({
      ...decided,
      status: 'published',
      publishedAt: at,
      updatedAt: at,
    });
    store.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    const columns = (raw.prepare('PRAGMA table_info(applications)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('doc');
    expect(raw.prepare('SELECT id FROM application_docs ORDER BY id').all()).toEqual([
      { id: 'a_draft' },
      { id: 'a_due' },
      { id: 'a_pub' },
    ]);
    raw.close();
  });

  it('should publish a batch larger than CloudBase allows in one call, and leave it all undone when one message fails', async () => {
    const file = join(dir, 'publish.db');
    const store = openSqliteStore(file);
    for (let i = 0; i < 1500; i++) {
      await store.putApplication(
        app(`p${String(i).padStart(4, '0')}`, {
          status: 'decided',
          resultDate: '2021-11-04',
          subscriptions: [{ openid: `o${i}`, kinds: ['result'] }],
        }),
      );
    }
    // A trigger on another connection makes the 1,200th message fail inside publishDue's transaction (the trail
    // entries are written by the same statement as the status: they are not rows of their own to fail).
    const raw = new Database(file);
    raw.exec(
      `CREATE TRIGGER fail_one BEFORE INSERT ON outbox WHEN NEW.id = 'result:2021-11-04:p1199:o1199' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`,
    );
    const before = JSON.stringify(store.dump());
    const by = { actor: 'system:timer', fn: 'scheduler' };
    // By message: better-sqlite3's error class comes from whichever test file loaded the addon first in this worker,
    // so `toThrow` (which checks for an Error of this realm) cannot be used.
    const failure = await store.publishDue('2021-11-04', '2021-11-04T02:00:00.000Z', PUBLISH_BATCH_MAX, by).then(
      () => 'published',
      (e: unknown) => String((e as { message?: unknown }).message),
    );
    expect(failure).toBe('disk says no');
    expect(JSON.stringify(store.dump())).toBe(before);

    raw.exec('DROP TRIGGER fail_one');
    raw.close();
    const batch = await store.publishDue('2021-11-04', '2021-11-04T02:00:00.000Z', PUBLISH_BATCH_MAX, by);
    expect(batch).toHaveLength(1500);
    const dump = store.dump();
    expect(dump.outbox).toHaveLength(1500);
    for (const id of ['p0000', 'p1199', 'p1499'])
      expect((await store.listAudit({ target: `application:${id}` })).entries).toEqual([
        publishAuditEntry(id, '2021-11-04T02:00:00.000Z', by),
      ]);
    // One row for the run, none per case.
    expect(dump.audit_runs).toHaveLength(1);
    expect(dump.audit).toHaveLength(0);
    expect(await store.countApplicationsByStatus({ statuses: ['decided'] })).toBe(0);
    store.close();
  });

  it("should store a decided case's document and a large response packed, and read both back the same", async () => {
    const file = join(dir, 'packed.db');
    const store = openSqliteStore(file);
    // Large enough for both: a response is packed from 16 KB on (a submission's ~4 KB one stays text).
    const lines = Array.from({ length: 100 }, (_, i) => ({
      id: `B${i}`,
      name: '就业及参加社会保险',
      source: 'indicators-2021.md B4/B4a：在杭州市区同时缴纳养老和医疗保险每月 0.5 分；补缴、转入、缺险种月份不计',
      points: String(i),
    }));
    const decided = app('a_decided', { status: 'decided', profile: { lines } });
    const draft = app('a_draft');
    await store.putApplication(decided);
    await store.putApplication(draft);
    const response = { application: { applicationId: 'a_decided', lines } };
    await store.putRequest({
      key: 'k1',
      actor: 'alice',
      fn: 'applicant',
      action: 'application.submit',
      requestId: 'r1',
      payloadHash: 'h1',
      response,
      at: '2021-10-08T01:00:00.000Z',
    });
    store.close();

    const raw = new Database(file, { readonly: true });
    const docs = raw
      .prepare('SELECT id, doc IS NULL AS packedOnly, length(packed) AS bytes FROM application_docs ORDER BY id')
      .all();
    expect(docs).toEqual([
      { id: 'a_decided', packedOnly: 1, bytes: expect.any(Number) },
      { id: 'a_draft', packedOnly: 0, bytes: null },
    ]);
    expect((docs[0] as { bytes: number }).bytes * 4).toBeLessThan(Buffer.byteLength(JSON.stringify(decided)));
    expect(raw.prepare('SELECT response IS NULL AS packedOnly FROM requests').get()).toEqual({ packedOnly: 1 });
    raw.close();

    const again = openSqliteStore(file);
    expect(await again.getApplication('a_decided')).toEqual(decided);
    expect(await again.getApplication('a_draft')).toEqual(draft);
    expect((await again.getRequest('k1'))?.response).toEqual(response);
    again.close();
  });

  it('should read the documents and responses a database from before packing holds as text', async () => {
    const file = join(dir, 'v9.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    // Every migration before the one that packs documents (wherever a merge puts it).
    const packing = SQLITE_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE requests_packed'));
    expect(packing).toBeGreaterThan(0);
    for (const [v, sql] of SQLITE_MIGRATIONS.slice(0, packing).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${v + 1}`);
    }
    const decided = app('a_old', { status: 'decided', resultDate: '2021-11-04' });
    old
      .prepare(
        `INSERT INTO applications (id, round_id, person_key, created_by, status, result_date, seq, notify, created_at, updated_at)
         VALUES (?, '2021', ?, ?, 'decided', '2021-11-04', ?, '[]', ?, ?)`,
      )
      .run(
        decided.id,
        decided.personKey,
        decided.createdBy,
        `2021-11-04|${decided.id}`,
        decided.createdAt,
        decided.updatedAt,
      );
    old.prepare('INSERT INTO application_docs (id, doc) VALUES (?, ?)').run(decided.id, JSON.stringify(decided));
    old
      .prepare(
        `INSERT INTO requests (key, actor, fn, action, request_id, payload_hash, response, at)
         VALUES ('k1', 'alice', 'applicant', 'application.save', 'r1', 'h1', ?, '2021-10-08T01:00:00.000Z')`,
      )
      .run(JSON.stringify({ saved: true, name: '张伟' }));
    old.close();

    const store = openSqliteStore(file);
    expect(await store.getApplication('a_old')).toEqual(decided);
    expect((await store.getRequest('k1'))?.response).toEqual({ saved: true, name: '张伟' });
    store.close();
  });

  it('should drop the task index no query reads from an existing database and keep its queue the same', async () => {
    const file = join(dir, 'v13.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    const drop = SQLITE_MIGRATIONS.findIndex((m) => m.includes('DROP INDEX IF EXISTS tasks_by_department_status'));
    expect(drop).toBeGreaterThan(0);
    for (const [v, sql] of SQLITE_MIGRATIONS.slice(0, drop).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${v + 1}`);
    }
    // Tasks as the previous adapter wrote them, the index beside them.
    const insert = old.prepare(
      'INSERT INTO tasks (id, application_id, department, status, seq, updated_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const pending = sampleTask('t1');
    const confirmed = sampleTask('t2', { status: 'confirmed' });
    for (const t of [pending, confirmed])
      insert.run(
        t.id,
        t.applicationId,
        t.department,
        t.status,
        `${t.resultDate}|${t.id}`,
        t.updatedAt,
        JSON.stringify(t),
      );
    old.close();

    const store = openSqliteStore(file);
    const q = { department: pending.department };
    expect((await store.listTasksByDepartment({ ...q, status: 'pending' })).tasks).toEqual([pending]);
    expect((await store.listTasksByDepartment({ ...q, status: 'confirmed' })).tasks).toEqual([confirmed]);
    expect((await store.listTasksByDepartment(q)).tasks.map((t) => t.id)).toEqual(['t1', 't2']);
    await store.putTask(sampleTask('t3'));
    expect((await store.listTasksByDepartment({ ...q, status: 'pending' })).tasks.map((t) => t.id)).toEqual([
      't1',
      't3',
    ]);
    store.close();

    const raw = new Database(file, { readonly: true });
    const indexes = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks'").all();
    expect(indexes.map((r) => (r as { name: string }).name)).not.toContain('tasks_by_department_status');
    expect(indexes.map((r) => (r as { name: string }).name)).toContain('tasks_by_department');
    raw.close();
  });

  it("should give an existing database's 'result' messages their date-led ids, read them the same and not record them twice", async () => {
    const file = join(dir, 'v14.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    const reorder = SQLITE_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE outbox_v2'));
    expect(reorder).toBeGreaterThan(0);
    for (const [v, sql] of SQLITE_MIGRATIONS.slice(0, reorder).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${v + 1}`);
    }
    // Messages as the previous adapter wrote them: the id spelling kind, case and recipient, else the fields in doc.
    const data = { receiptNumber: 'JF2021-1008-000001', resultDate: '2021-11-05', total: '123.5' };
    const at = '2021-11-05T02:00:00.000Z';
    const insert = old.prepare(
      'INSERT INTO outbox (id, sent, created_at, sent_at, attempts, last_error, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    insert.run('result:p1:alice', 0, at, null, 0, null, JSON.stringify({ data }));
    const hr = { kind: 'result', toOpenid: 'cli:hr', applicationId: 'p1', data };
    insert.run('result:p1:cli:hr', 1, at, '2021-11-05T02:01:00.000Z', 1, null, JSON.stringify(hr));
    const later = '2021-11-06T02:00:00.000Z';
    insert.run('settlement:s1:bob', 0, later, null, 2, 'errcode 43101', JSON.stringify({ data: { step: '受理' } }));
    old.close();

    const store = openSqliteStore(file);
    const alice = {
      id: 'result:2021-11-05:p1:alice',
      kind: 'result',
      toOpenid: 'alice',
      applicationId: 'p1',
      data,
      createdAt: at,
      sent: false,
      attempts: 0,
    };
    const bob = {
      id: 'settlement:s1:bob',
      kind: 'settlement',
      toOpenid: 'bob',
      applicationId: 's1',
      data: { step: '受理' },
      createdAt: later,
      sent: false,
      attempts: 2,
      lastError: 'errcode 43101',
    };
    expect(await store.listUnsentOutbox(10)).toEqual([alice, bob]);
    // The case recorded again (published by hand once more): both its messages are found under their new ids.
    await store.putApplication(
      app('p1', {
        status: 'decided',
        resultDate: '2021-11-05',
        subscriptions: [
          { openid: 'alice', kinds: ['result'] },
          { openid: 'cli:hr', kinds: ['result'] },
        ],
      }),
    );
    expect(await store.publishDue('2021-11-05', '2021-11-05T03:00:00.000Z', 10)).toHaveLength(1);
    expect(await store.listUnsentOutbox(10)).toEqual([alice, bob]);
    await store.markOutboxSent(alice.id, '2021-11-05T03:01:00.000Z');
    expect(await store.listUnsentOutbox(10)).toEqual([bob]);
    store.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT id, sent, sent_at, attempts FROM outbox ORDER BY id').all()).toEqual([
      { id: 'result:2021-11-05:p1:alice', sent: 1, sent_at: '2021-11-05T03:01:00.000Z', attempts: 0 },
      { id: 'result:2021-11-05:p1:cli:hr', sent: 1, sent_at: '2021-11-05T02:01:00.000Z', attempts: 1 },
      { id: 'settlement:s1:bob', sent: 0, sent_at: null, attempts: 2 },
    ]);
    raw.close();
  });

  it("should keep an existing database's messages as documents, write new 'result' data as columns, and read both the same", async () => {
    const file = join(dir, 'v20.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    const columns = SQLITE_MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE outbox_v3'));
    expect(columns).toBeGreaterThan(0);
    for (const [v, sql] of SQLITE_MIGRATIONS.slice(0, columns).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${v + 1}`);
    }
    // Messages as the previous adapter wrote them: every one with its document.
    const at = '2021-11-05T02:00:00.000Z';
    const insert = old.prepare(
      'INSERT INTO outbox (id, sent, created_at, sent_at, attempts, last_error, doc) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const data = { receiptNumber: 'JF2021-1008-p1', resultDate: '2021-11-05', total: '123.5' };
    insert.run('result:2021-11-05:p1:alice', 0, at, null, 1, 'errcode 43101', JSON.stringify({ data }));
    const hr = { kind: 'result', toOpenid: 'cli:hr', applicationId: 'p1', data };
    insert.run('result:2021-11-05:p1:cli:hr', 1, at, '2021-11-05T02:01:00.000Z', 1, null, JSON.stringify(hr));
    insert.run('settlement:s1:bob', 0, at, null, 0, null, JSON.stringify({ data: { step: '受理' } }));
    old.close();

    const store = openSqliteStore(file);
    const alice = {
      ...resultOutboxMessage({ id: 'p1', ...data }, 'alice', at),
      attempts: 1,
      lastError: 'errcode 43101',
    };
    const bob = {
      id: 'settlement:s1:bob',
      kind: 'settlement',
      toOpenid: 'bob',
      applicationId: 's1',
      data: { step: '受理' },
      createdAt: at,
      sent: false,
      attempts: 0,
    };
    expect(await store.listUnsentOutbox(10)).toEqual([alice, bob]);
    // Published again: the recorded messages are kept as they are; a new case's message is written with columns.
    const subscriptions = [
      { openid: 'alice', kinds: ['result' as const] },
      { openid: 'cli:hr', kinds: ['result' as const] },
    ];
    const decided = { status: 'decided' as const, resultDate: '2021-11-05', subscriptions };
    await store.putApplication(app('p1', decided));
    // Only the receipt's number and the result's total go into the message.
    const receipt = { number: 'JF2021-1008-p2' } as ApplicationRecord['receipt'];
    await store.putApplication(
      app('p2', { ...decided, receipt, result: { total: '88' } as ApplicationRecord['result'] }),
    );
    const later = '2021-11-05T03:00:00.000Z';
    expect(await store.publishDue('2021-11-05', later, 10)).toHaveLength(2);
    const p2 = { id: 'p2', receiptNumber: 'JF2021-1008-p2', resultDate: '2021-11-05', total: '88' };
    expect(await store.listUnsentOutbox(10)).toEqual([
      alice,
      bob,
      resultOutboxMessage(p2, 'alice', later),
      resultOutboxMessage(p2, 'cli:hr', later),
    ]);
    store.close();

    const raw = new Database(file, { readonly: true });
    expect(raw.prepare('SELECT id, doc, receipt_number, total FROM outbox ORDER BY id').all()).toEqual([
      { id: 'result:2021-11-05:p1:alice', doc: JSON.stringify({ data }), receipt_number: null, total: null },
      { id: 'result:2021-11-05:p1:cli:hr', doc: JSON.stringify(hr), receipt_number: null, total: null },
      { id: 'result:2021-11-05:p2:alice', doc: null, receipt_number: 'JF2021-1008-p2', total: '88' },
      {
        id: 'result:2021-11-05:p2:cli:hr',
        doc: JSON.stringify({
          kind: 'result',
          toOpenid: 'cli:hr',
          applicationId: 'p2',
          data: { receiptNumber: 'JF2021-1008-p2', resultDate: '2021-11-05', total: '88' },
        }),
        receipt_number: null,
        total: null,
      },
      { id: 'settlement:s1:bob', doc: JSON.stringify({ data: { step: '受理' } }), receipt_number: null, total: null },
    ]);
    raw.close();
    // A row with neither a document nor the two columns, or with both, is refused.
    const rw = new Database(file);
    const put = rw.prepare(
      "INSERT INTO outbox (id, sent, created_at, attempts, doc, receipt_number, total) VALUES (?, 0, 'x', 0, ?, ?, ?)",
    );
    expect(() => put.run('result:2021-11-05:p3:x', null, null, null)).toThrow(/CHECK/);
    expect(() => put.run('result:2021-11-05:p4:x', '{}', 'r', 't')).toThrow(/CHECK/);
    rw.close();
  });

  it('should move the lookup columns of existing applications to their documents, and find, rewrite and publish them', async () => {
    const file = join(dir, 'v21.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    const moved = SQLITE_MIGRATIONS.findIndex((m) => m.includes('ALTER TABLE applications DROP COLUMN person_key'));
    expect(moved).toBeGreaterThan(0);
    for (const [v, sql] of SQLITE_MIGRATIONS.slice(0, moved).entries()) {
      old.exec(sql);
      old.pragma(`user_version = ${v + 1}`);
    }
    // Rows as the previous adapter wrote them: the lookup columns on the narrow row.
    const put = (a: ApplicationRecord) => {
      old
        .prepare(
          `INSERT INTO applications (seq, id, round_id, person_key, created_by, status, result_date, receipt_number,
             result_total, notify, created_at, updated_at) VALUES (?, ?, '2021', ?, ?, ?, ?, NULL, NULL, ?, ?, ?)`,
        )
        .run(
          `${a.resultDate ?? ''}|${a.id}`,
          a.id,
          a.personKey,
          a.createdBy,
          a.status,
          a.resultDate ?? null,
          JSON.stringify(a.subscriptions.map((s) => s.openid)),
          a.createdAt,
          a.updatedAt,
        );
      old.prepare('INSERT INTO application_docs (id, doc) VALUES (?, ?)').run(a.id, JSON.stringify(a));
    };
    const subscriptions = [{ openid: 'bob', kinds: ['result' as const] }];
    const first = app('a1', { createdBy: 'bob', personKey: 'pk-bob', createdAt: '2021-10-08T01:00:00.000Z' });
    const second = app('a2', {
      createdBy: 'bob',
      personKey: 'pk-bob',
      status: 'decided',
      resultDate: '2021-11-04',
      subscriptions,
      createdAt: '2021-10-09T01:00:00.000Z',
    });
    const other = app('a3', { createdBy: 'carol', personKey: 'pk-carol' });
    for (const a of [first, second, other]) put(a);
    old.close();

    const store = openSqliteStore(file);
    expect(await store.listApplicationsByCreator('bob')).toEqual([second, first]);
    expect(await store.listApplicationsByPerson('pk-bob')).toEqual([second, first]);
    expect(await store.listApplicationsByPerson('pk-carol')).toEqual([other]);
    // Rewritten with another creator and person: found by the new ones only.
    const rewritten = { ...first, createdBy: 'dave', personKey: 'pk-dave', updatedAt: '2021-10-10T01:00:00.000Z' };
    await store.putApplication(rewritten, { status: first.status, updatedAt: first.updatedAt });
    expect(await store.listApplicationsByCreator('bob')).toEqual([second]);
    expect(await store.listApplicationsByCreator('dave')).toEqual([rewritten]);
    expect(await store.listApplicationsByPerson('pk-dave')).toEqual([rewritten]);
    const at = '2021-11-04T02:00:00.000Z';
    expect((await store.publishDue('2021-11-04', at, 10)).map((c) => c.applicationId)).toEqual(['a2']);
    expect(await store.listApplicationsByPerson('pk-bob')).toEqual([
      { ...second, status: 'published', publishedAt: at, updatedAt: at },
    ]);
    store.close();

    const raw = new Database(file, { readonly: true });
    const columns = (t: string) =>
      (raw.prepare(`PRAGMA table_info(${t})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('applications')).not.toContain('person_key');
    expect(columns('applications')).not.toContain('created_by');
    expect(columns('applications')).not.toContain('created_at');
    expect(
      raw.prepare('SELECT id, person_key, created_by, created_at FROM application_docs ORDER BY id').all(),
    ).toEqual([
      { id: 'a1', person_key: 'pk-dave', created_by: 'dave', created_at: first.createdAt },
      { id: 'a2', person_key: 'pk-bob', created_by: 'bob', created_at: second.createdAt },
      { id: 'a3', person_key: 'pk-carol', created_by: 'carol', created_at: other.createdAt },
    ]);
    raw.close();
  });

  describe('group commit', () => {
    const at = '2021-10-08T01:00:00.000Z';
    const draft = (id: string) => ({ id, owner: 'alice', title: id, profile: { x: 1 }, createdAt: at, updatedAt: at });
    /** The drafts another connection sees: only what a COMMIT made durable. */
    const committed = (file: string): string[] => {
      const raw = new Database(file, { readonly: true });
      try {
        return (raw.prepare('SELECT id FROM drafts ORDER BY id').all() as { id: string }[]).map((r) => r.id);
      } finally {
        raw.close();
      }
    };

    it('should answer the transactions queued together only after their one COMMIT, a failed one keeping none of its writes', async () => {
      const file = join(dir, 'group.db');
      const store = openSqliteStore(file);
      const answered: string[] = [];
      let seenByC: { committed: string[]; answered: string[] } | null = null;
      const a = store
        .transaction(async (tx) => {
          await tx.putDraft(draft('a'));
          return 'a';
        })
        .then((v) => answered.push(v));
      const b = store.transaction(async (tx) => {
        await tx.putDraft(draft('b'));
        throw new Error('b refuses');
      });
      const c = store
        .transaction(async (tx) => {
          // a's writes are in (c reads them) but not yet committed, and a is not answered yet.
          expect(await tx.getDraft('alice', 'a')).not.toBeNull();
          seenByC = { committed: committed(file), answered: [...answered] };
          await tx.putDraft(draft('c'));
          return 'c';
        })
        .then((v) => answered.push(v));
      await expect(b).rejects.toThrow('b refuses');
      await Promise.all([a, c]);
      expect(seenByC).toEqual({ committed: [], answered: [] });
      expect(answered).toEqual(['a', 'c']);
      expect(committed(file)).toEqual(['a', 'c']);
      expect(await store.getDraft('alice', 'b')).toBeNull();
      store.close();
    });

    it('should answer none of a group ok when its COMMIT fails, and go on with the next group', async () => {
      const file = join(dir, 'refused-commit.db');
      openSqliteStore(file).close();
      // A deferred foreign key is checked only at COMMIT: a draft named "poison" makes its group's COMMIT fail.
      const raw = new Database(file);
      raw.exec(`CREATE TABLE parent (id TEXT PRIMARY KEY);
        CREATE TABLE child (pid TEXT REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
        CREATE TRIGGER poison AFTER INSERT ON drafts WHEN NEW.id = 'poison' BEGIN INSERT INTO child VALUES ('nobody'); END`);
      raw.close();
      const store = openSqliteStore(file);
      const put = (id: string) => store.transaction((tx) => tx.putDraft(draft(id)));
      const outcomes = await Promise.allSettled([put('a'), put('poison'), put('c')]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(committed(file)).toEqual([]);
      await put('d');
      expect(committed(file)).toEqual(['d']);
      store.close();
    });

    it('should commit at most GROUP_MAX transactions together, and read outside a transaction only committed data', async () => {
      const file = join(dir, 'bound.db');
      const store = openSqliteStore(file);
      const seen: { committed: number; read: boolean }[] = [];
      /** A read of the first draft by the store from outside every transaction (another request), on demand. */
      const outsideRead = (): { ask: () => Promise<boolean> } => {
        let ask!: () => void;
        const asked = new Promise<void>((resolve) => (ask = resolve));
        const answer = (async () => {
          await asked;
          return (await store.getDraft('alice', 'd000')) !== null;
        })();
        return {
          ask: () => {
            ask();
            return answer;
          },
        };
      };
      const reads = [outsideRead(), outsideRead()];
      const all = Array.from({ length: GROUP_MAX + 2 }, (_, i) =>
        store.transaction(async (tx) => {
          if (i === 1 || i === GROUP_MAX) {
            const read = await (reads[i === 1 ? 0 : 1] as { ask: () => Promise<boolean> }).ask();
            seen.push({ committed: committed(file).length, read });
          }
          await tx.putDraft(draft(`d${String(i).padStart(3, '0')}`));
        }),
      );
      await Promise.all(all);
      // The first group is the first GROUP_MAX: durable (and readable) before the next one runs, not before.
      expect(seen).toEqual([
        { committed: 0, read: false },
        { committed: GROUP_MAX, read: true },
      ]);
      expect(committed(file)).toHaveLength(GROUP_MAX + 2);
      store.close();
    });
  });

  it('should refuse a database whose schema is newer than the code', () => {
    const file = join(dir, 'future.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SQLITE_MIGRATIONS.length + 1}`);
    raw.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this code/);
  });
});
