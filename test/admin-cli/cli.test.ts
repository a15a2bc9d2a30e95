/**
 * The administrator CLI (`npm run admin -- …`) against a temporary SQLite store, and its `--store cloudbase` path
 * over a node-sdk-shaped fake database (the real SDK is never reached in tests).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import hz202407 from '../../shared/policy/versions/hz-2024-07.json';
import { cliActor, defaultSqlitePath, EXIT, runAdmin, type CliIo } from '../../scripts/admin/cli';
import {
  cloudBaseEnv,
  CloudBaseCallError,
  nodeSdkDatabase,
  type NodeSdkCollection,
  type NodeSdkDb,
  type NodeSdkQuery,
} from '../../scripts/admin/cloudbase';
import { createCloudBaseStore, openSqliteStore, type CloudBaseQuery } from '../../cloudfunctions/_core/store';
import { FakeCloudBaseDb } from '../store/cloudbase-fake';
import { seedCase, seedDecided } from '../cloudfunctions/reviewer-fixtures';

const CHINESE = /[\u4e00-\u9fff]/;

interface Run {
  code: number;
  out: string;
  err: string;
}

function io(extra: Partial<CliIo> = {}): { io: CliIo; lines: { out: string[]; err: string[] } } {
  const lines = { out: [] as string[], err: [] as string[] };
  return {
    lines,
    io: {
      out: (l) => lines.out.push(l),
      err: (l) => lines.err.push(l),
      env: {},
      now: () => new Date('2026-11-25T02:00:00.000Z'),
      user: 'ops',
      ...extra,
    },
  };
}

describe('admin CLI on a SQLite file', () => {
  let dir: string;
  let db: string;
  const run = async (...argv: string[]): Promise<Run> => {
    const { io: cliIo, lines } = io();
    const code = await runAdmin([...argv, '--store', `sqlite:${db}`], cliIo);
    return { code, out: lines.out.join('\n'), err: lines.err.join('\n') };
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'admin-cli-'));
    db = path.join(dir, 'local.db');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('should grant a reviewer role for 市公安局 and the first admin, then list both', async () => {
    const reviewer = await run('grant-role', 'o_rev_1', 'reviewer', '--department', '市公安局');
    expect(reviewer).toEqual({
      code: EXIT.ok,
      out: expect.stringContaining('已授予 o_rev_1 的阅卷人员（市公安局）角色'),
      err: '',
    });
    expect((await run('grant-role', 'o_admin_1', 'admin')).code).toBe(EXIT.ok);
    const roles = await run('roles');
    expect(roles.code).toBe(EXIT.ok);
    expect(roles.out).toMatch(/o_rev_1\s+阅卷人员\s+市公安局\s+cli:ops/);
    expect(roles.out).toMatch(/o_admin_1\s+管理员\s+—\s+cli:ops/);

    // The store itself holds them, audited with the CLI's actor.
    const store = openSqliteStore(db);
    expect(await store.listRolesOf('o_rev_1')).toEqual([
      expect.objectContaining({ role: 'reviewer', department: '市公安局', grantedBy: 'cli:ops' }),
    ]);
    expect((await store.listAudit({ actor: 'cli:ops' })).entries.map((e) => e.action)).toEqual([
      'role.grant',
      'role.grant',
    ]);
    store.close();
  });

  it('should grant a district acceptance point role with --district 西湖区 and list it', async () => {
    const office = await run('grant-role', 'o_office_1', 'reviewer', '--district', '西湖区');
    expect(office).toEqual({
      code: EXIT.ok,
      out: expect.stringContaining('已授予 o_office_1 的区积分受理点人员（西湖区）角色'),
      err: '',
    });
    expect((await run('roles')).out).toMatch(/o_office_1\s+阅卷人员\s+西湖区积分受理点\s+cli:ops/);
    const store = openSqliteStore(db);
    expect(await store.listRolesOf('o_office_1')).toEqual([
      expect.objectContaining({ role: 'reviewer', district: 'xihu', grantedBy: 'cli:ops' }),
    ]);
    store.close();
  });

  it('should answer JSON with --json', async () => {
    await run('grant-role', 'o_admin_1', 'admin');
    const res = await run('roles', '--json');
    expect(JSON.parse(res.out)).toEqual({ roles: [expect.objectContaining({ openid: 'o_admin_1', role: 'admin' })] });
  });

  it('should exit 1 with the Chinese refusal for a department the policy data does not name, writing nothing', async () => {
    const res = await run('grant-role', 'o_rev_1', 'reviewer', '--department', '市某某局');
    expect(res.code).toBe(EXIT.failed);
    expect(res.err).toContain('失败（INVALID_INPUT）');
    expect(res.err).toContain('市公安局');
    expect((await run('roles')).out).toContain('还没有任何角色');
  });

  it('should exit 2 with a hint on wrong usage, and print the help with --help', async () => {
    for (const argv of [
      ['bogus'],
      [],
      ['grant-role', 'o_1'],
      ['grant-role', 'o_1', 'owner'],
      ['roles', '--frobnicate'],
      ['scheduler-run', '--today', '2021-02-30'],
      ['overdue', '--limit', '0'],
    ]) {
      const res = await run(...argv);
      expect({ argv, code: res.code }).toEqual({ argv, code: EXIT.usage });
      expect(res.err).toContain('npm run admin -- --help');
    }
    const help = await run('--help');
    expect(help.code).toBe(EXIT.ok);
    for (const cmd of [
      'grant-role',
      'revoke-role',
      'roles',
      'rounds',
      'round-put',
      'policies',
      'policy-publish',
      'holiday-put',
      'fraud-add',
      'scheduler-run',
      'overdue',
      '--store cloudbase',
    ]) {
      expect(help.out).toContain(cmd);
    }
  });

  it('should publish a policy version and a round from files, listing them, and report a broken file clearly', async () => {
    const policyFile = path.join(dir, 'policy.json');
    fs.writeFileSync(
      policyFile,
      JSON.stringify({ ...hz202407, id: 'hz-2027', name: '2027 年调整', effectiveFrom: '2027-01-01' }),
    );
    expect(await run('policy-publish', policyFile)).toMatchObject({
      code: EXIT.ok,
      out: '已发布政策版本 hz-2027（发布后不可修改）。',
    });
    expect((await run('policies')).out).toMatch(/hz-2027\s+2027 年调整\s+2027-01-01\s+23\s+已发布/);

    const roundFile = path.join(dir, 'round.json');
    const round = {
      id: '2027',
      year: 2027,
      name: '2027 年度',
      policyVersion: 'hz-2027',
      application: { from: '2027-09-01', to: '2027-09-30', workingDaysOnly: true },
      cutoff: '2027-08-01',
      fiveYearWindow: { from: '2022-08-01', toExclusive: '2027-08-01' },
      settlement: { from: '2027-11-01', to: '2027-11-30', workingDaysOnly: true },
      quotaMode: 'none',
      source: 'admin',
    };
    fs.writeFileSync(roundFile, JSON.stringify(round));
    expect((await run('round-put', roundFile)).code).toBe(EXIT.ok);
    expect((await run('rounds')).out).toMatch(/2027\s+2027 年度\s+hz-2027.*管理员设置/);

    fs.writeFileSync(roundFile, JSON.stringify({ ...round, cutoff: '2027-09-15' }));
    const bad = await run('round-put', roundFile);
    expect(bad.code).toBe(EXIT.failed);
    expect(bad.err).toContain('计分截止日');

    fs.writeFileSync(policyFile, '{ not json');
    const broken = await run('policy-publish', policyFile);
    expect(broken.code).toBe(EXIT.failed);
    expect(broken.err).toMatch(/不是合法的 JSON/);
    expect(await run('policy-publish', path.join(dir, 'missing.json'))).toMatchObject({
      code: EXIT.failed,
      err: expect.stringContaining('文件不存在'),
    });
  });

  it('should record holidays and a fraud finding', async () => {
    const file = path.join(dir, 'holidays.json');
    fs.writeFileSync(file, JSON.stringify({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {} }));
    expect(await run('holiday-put', file)).toMatchObject({ code: EXIT.ok, out: '已录入 2027 年节假日安排。' });
    const fraud = await run('fraud-add', '330106198705120018', '2025-03-01', '--note', '伪造社保材料');
    expect(fraud.code).toBe(EXIT.ok);
    expect(fraud.out).toContain('2030年3月1日前不得申请积分');
  });

  it('should run the scheduler on a given day and list overdue cases', async () => {
    const store = openSqliteStore(db);
    const due = await seedDecided(store, { id: 'app_due', subscriptions: [{ openid: 'wx-a', kinds: ['result'] }] });
    await seedCase(store, { id: 'app_late', seq: 2 });
    store.close();
    const res = await run('scheduler-run', '--today', due.resultDate as string);
    expect(res.code).toBe(EXIT.ok);
    expect(res.out).toContain(`${due.resultDate}：公布结果 1 件，记录订阅消息 1 条；超过结果日期仍未阅完 1 件`);
    expect((await run('scheduler-run', '--today', due.resultDate as string)).out).toContain('公布结果 0 件');
    const overdue = await run('overdue', '--today', due.resultDate as string);
    expect(overdue.out).toMatch(/JF2021-1008-000002\s+app_late/);
    expect(overdue.out).toContain('B4（市人力社保局）');
  });

  it('should default to the local cloud SQLite file and name the operator from the OS user safely', () => {
    expect(defaultSqlitePath({ LOCAL_CLOUD_DATA_DIR: '/srv/data' })).toBe(path.join('/srv/data', 'local-cloud.sqlite'));
    expect(defaultSqlitePath({})).toMatch(/\.data[\\/]local-cloud\.sqlite$/);
    expect(cliActor('张 三')).toBe('cli:___');
    expect(cliActor('alice')).toBe('cli:alice');
  });
});

/** A node-sdk-shaped database over the CloudBase test fake: documents passed bare, failures *resolved* with a code. */
function nodeSdkFake(fake: FakeCloudBaseDb): NodeSdkDb {
  const failed = (e: unknown) => ({
    code: 'DATABASE_REQUEST_FAILED',
    message: e instanceof Error ? e.message : String(e),
  });
  const query = (q: CloudBaseQuery): NodeSdkQuery => ({
    where: (c) => query(q.where(c as Record<string, unknown>)),
    orderBy: (f, o) => query(q.orderBy(f, o)),
    skip: (n) => query(q.skip(n)),
    limit: (n) => query(q.limit(n)),
    get: () => q.get().then((r) => ({ data: r.data, requestId: 'r' }), failed),
    count: () => q.count().then((r) => ({ total: r.total, requestId: 'r' }), failed),
    update: (data) =>
      q.update({ data: data as Record<string, unknown> }).then((r) => ({ updated: r.stats.updated }), failed),
  });
  return {
    collection: (name): NodeSdkCollection => {
      const c = fake.collection(name);
      return {
        ...query(c),
        doc: (id) => ({
          set: (data) =>
            c
              .doc(id)
              .set({ data: data as Record<string, unknown> })
              .then(() => ({ updated: 1 }), failed),
          remove: () =>
            c
              .doc(id)
              .remove()
              .then((r) => ({ deleted: r.stats.removed }), failed),
          update: (data) =>
            c
              .doc(id)
              .update({ data: data as Record<string, unknown> })
              .then((r) => ({ updated: r.stats.updated }), failed),
        }),
        add: (data) => c.add({ data: data as never }).then((r) => ({ id: r._id, requestId: 'r' }), failed),
      };
    },
    command: fake.command as unknown as NodeSdkDb['command'],
  };
}

describe('admin CLI with --store cloudbase (node-sdk adapted to the CloudBase store)', () => {
  it('should grant and list roles through the CloudBase store adapter', async () => {
    const fake = new FakeCloudBaseDb();
    const connect = jest.fn(() => nodeSdkDatabase(nodeSdkFake(fake)));
    const env = { TCB_ENV: 'env-test', TCB_SECRET_ID: 'id', TCB_SECRET_KEY: 'key' };
    const first = io({ env, connect });
    expect(await runAdmin(['grant-role', 'o_admin_1', 'admin', '--store', 'cloudbase'], first.io)).toBe(EXIT.ok);
    expect(connect).toHaveBeenCalledWith(env);
    const second = io({ env, connect });
    expect(await runAdmin(['roles', '--store', 'cloudbase'], second.io)).toBe(EXIT.ok);
    expect(second.lines.out.join('\n')).toMatch(/o_admin_1\s+管理员/);
    expect(fake.dump().roles).toEqual([expect.objectContaining({ openid: 'o_admin_1', role: 'admin' })]);
  });

  it('should turn a failure the SDK answers with a code into a rejection (duplicate ids stay refused)', async () => {
    const db = nodeSdkDatabase(nodeSdkFake(new FakeCloudBaseDb()));
    await db.collection('requests').add({ data: { _id: 'k1', v: 1 } });
    await expect(db.collection('requests').add({ data: { _id: 'k1', v: 2 } })).rejects.toBeInstanceOf(
      CloudBaseCallError,
    );
    // The store built on it keeps its uniqueness rule: a request key is recorded once.
    const store = createCloudBaseStore(db);
    const rec = {
      key: 'k2',
      actor: 'a',
      fn: 'admin',
      action: 'role.grant',
      requestId: 'r-00000001',
      payloadHash: 'h',
      response: null,
      at: '2026-01-01T00:00:00.000Z',
    };
    await store.putRequest(rec);
    await expect(store.putRequest(rec)).rejects.toMatchObject({ name: 'StoreConflictError' });
  });

  it('should exit 1 naming the missing TCB_* variables, without connecting', async () => {
    const { io: cliIo, lines } = io({ env: { TCB_ENV: 'env-test' } });
    expect(await runAdmin(['roles', '--store', 'cloudbase'], cliIo)).toBe(EXIT.failed);
    expect(lines.err.join('\n')).toContain('TCB_SECRET_ID、TCB_SECRET_KEY');
    expect(lines.err.join('\n')).toMatch(CHINESE);
    expect(() => cloudBaseEnv({})).toThrow('TCB_ENV');
  });
});
