/**
 * The admin function on both store adapters: FORBIDDEN for everyone without the admin role (store unchanged), roles
 * with departments from the policy data, rounds and policy versions validated with the shared rules, holiday tables,
 * fraud findings, the publishing run and the overdue report.
 */
import hz202407 from '../../shared/policy/versions/hz-2024-07.json';
import { admin, createSystemAdmin, policyDepartments } from '../../cloudfunctions/admin/handlers';
import { personKeyOf } from '../../cloudfunctions/_core/cases';
import type { Store } from '../../cloudfunctions/_core/store';
import { ADMIN_ACTIONS, type AdminApi, type Envelope } from '../../shared/contracts';
import { BUILTIN_POLICIES } from '../../shared/policy';
import { CHINESE, data, STORES, type ResOf, type StoreHarness } from './harness';
import { beijingMorning, grant, seedCase, seedDecided } from './reviewer-fixtures';

const NOW = beijingMorning('2026-11-25');

function adminCaller(store: Store, now: Date = NOW) {
  let n = 0;
  return <A extends string>(action: A, payload: unknown, openid = 'wx-admin'): Promise<Envelope<ResOf<AdminApi, A>>> =>
    admin(
      { action, payload, requestId: `req-admin-${String(++n).padStart(4, '0')}` },
      { openid },
      { store, now: () => now },
    ) as Promise<Envelope<ResOf<AdminApi, A>>>;
}

/** A 2027 round an administrator might enter (the rule's dates, entered as an override). */
const round2027 = {
  id: '2027',
  year: 2027,
  name: '2027 年度',
  policyVersion: 'hz-2024-07',
  application: { from: '2027-09-01', to: '2027-09-30', workingDaysOnly: true },
  cutoff: '2027-08-01',
  fiveYearWindow: { from: '2022-08-01', toExclusive: '2027-08-01' },
  settlement: { from: '2027-11-01', to: '2027-11-30', workingDaysOnly: true },
  quotaMode: 'none',
  source: 'builtin',
};

describe.each(STORES)('admin function on %s', (_name, make) => {
  let h: StoreHarness;
  let call: ReturnType<typeof adminCaller>;

  beforeEach(async () => {
    h = make();
    call = adminCaller(h.store);
    await grant(h.store, 'wx-admin', 'admin');
    await grant(h.store, 'wx-police', 'reviewer', '市公安局');
  });
  afterEach(() => h.close());

  it('should refuse every action to a caller without the admin role — reviewers included — with FORBIDDEN, changing nothing', async () => {
    const payloads: Record<string, unknown> = {
      'role.grant': { openid: 'wx-x', role: 'admin' },
      'role.revoke': { openid: 'wx-admin', role: 'admin' },
      'role.list': {},
      'fraud.add': { idNumber: '330106198705120018', date: '2026-01-01', note: '伪造材料' },
      'round.list': {},
      'round.put': { round: round2027 },
      'policy.list': {},
      'policy.publish': { policy: { ...hz202407, id: 'hz-2027', effectiveFrom: '2027-01-01' } },
      'holiday.put': { table: { year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {} } },
      'scheduler.run': {},
      'case.overdue': {},
      'recheck.limit': { workingDays: 15 },
      'settlement.line.get': { roundId: '2021' },
      'settlement.quota.set': { roundId: '2021', quota: 3000 },
      'settlement.publicity.set': { roundId: '2021', workingDays: 5 },
      'objection.list': { roundId: '2021' },
      'settlement.line.preview': { roundId: '2021', quota: 10 },
      'settlement.line.publish': { roundId: '2021' },
      'objection.resolve': { objectionId: 'ob_x', outcome: 'dismiss', reason: '经核实不属实' },
    };
    expect(Object.keys(payloads).sort()).toEqual(Object.keys(ADMIN_ACTIONS).sort());
    const before = h.businessDump();
    for (const [action, payload] of Object.entries(payloads)) {
      for (const who of ['wx-police', 'wx-stranger']) {
        const res = await call(action, payload, who);
        expect({ action, res }).toMatchObject({ action, res: { ok: false, code: 'FORBIDDEN' } });
        expect(res.ok || res.message).toMatch(CHINESE);
      }
    }
    expect(h.businessDump()).toBe(before);
  });

  describe('roles', () => {
    it('should grant a reviewer role for a department of the policy data, and list it', async () => {
      const res = data(await call('role.grant', { openid: 'wx-hrss', role: 'reviewer', department: '市人力社保局' }));
      expect(res).toEqual({ roles: [{ role: 'reviewer', department: '市人力社保局' }] });
      const list = data(await call('role.list', {}));
      expect(list.roles).toContainEqual({
        openid: 'wx-hrss',
        role: 'reviewer',
        department: '市人力社保局',
        grantedBy: 'wx-admin',
        grantedAt: NOW.toISOString(),
      });
      expect(await h.store.listAudit({ target: 'role:wx-hrss' })).toMatchObject({
        entries: [{ action: 'role.grant', actor: 'wx-admin', result: 'ok' }],
      });
    });

    it("should refuse a reviewer without a department, a department the policy data doesn't name, and an admin with one", async () => {
      const before = h.businessDump();
      const none = await call('role.grant', { openid: 'wx-x', role: 'reviewer' });
      expect(none).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: '阅卷人员须指定所属部门（或区积分受理点人员指定所属区）',
      });
      const unknown = await call('role.grant', { openid: 'wx-x', role: 'reviewer', department: '市某某局' });
      expect(unknown).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(unknown.ok || unknown.message).toContain('市公安局');
      expect(await call('role.grant', { openid: 'wx-x', role: 'admin', department: '市公安局' })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
      });
      expect(h.businessDump()).toBe(before);
    });

    it('should grant a district acceptance point role by the district’s Chinese name, and refuse a county, a district with a department, and an admin with a district', async () => {
      const res = data(await call('role.grant', { openid: 'wx-office', role: 'reviewer', district: '西湖区' }));
      expect(res.roles).toEqual([{ role: 'reviewer', district: 'xihu' }]);
      expect(await h.store.listRolesOf('wx-office')).toEqual([
        expect.objectContaining({ role: 'reviewer', district: 'xihu' }),
      ]);
      expect(data(await call('role.list', {})).roles).toContainEqual(
        expect.objectContaining({ openid: 'wx-office', district: 'xihu' }),
      );
      const before = h.businessDump();
      const county = await call('role.grant', { openid: 'wx-office', role: 'reviewer', district: '桐庐县' });
      expect(county).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(county.ok || county.message).toContain('没有“桐庐县”这个市区，可选：上城区');
      const both = await call('role.grant', {
        openid: 'wx-office',
        role: 'reviewer',
        district: 'xihu',
        department: '市公安局',
      });
      expect(both).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: expect.stringContaining('只填写所属区'),
      });
      expect(await call('role.grant', { openid: 'wx-office', role: 'admin', district: 'xihu' })).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: expect.stringMatching(/受理点角色/),
      });
      expect(h.businessDump()).toBe(before);
      expect(
        data(await call('role.revoke', { openid: 'wx-office', role: 'reviewer', district: 'xihu' })).roles,
      ).toEqual([]);
      expect(await h.store.listRolesOf('wx-office')).toEqual([]);
    });

    it('should move a reviewer to another department rather than give them two', async () => {
      const res = data(await call('role.grant', { openid: 'wx-police', role: 'reviewer', department: '市教育局' }));
      expect(res.roles).toEqual([{ role: 'reviewer', department: '市教育局' }]);
      expect((await h.store.listRolesOf('wx-police')).map((r) => r.department)).toEqual(['市教育局']);
    });

    it('should accept a department named only by a published policy version', async () => {
      const custom = {
        ...hz202407,
        id: 'hz-2027',
        effectiveFrom: '2027-01-01',
        indicators: hz202407.indicators.map((i) => (i.id === 'B2' ? { ...i, department: '市教育局（新）' } : i)),
      };
      data(await call('policy.publish', { policy: custom }));
      expect(
        data(await call('role.grant', { openid: 'wx-edu', role: 'reviewer', department: '市教育局（新）' })).roles,
      ).toHaveLength(1);
    });

    it('should revoke a role, answer NOT_FOUND for one the user lacks, and never revoke the last administrator', async () => {
      expect(data(await call('role.revoke', { openid: 'wx-police', role: 'reviewer' }))).toEqual({ roles: [] });
      expect(await call('role.revoke', { openid: 'wx-police', role: 'reviewer' })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      const last = await call('role.revoke', { openid: 'wx-admin', role: 'admin' });
      expect(last).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(last.ok || last.message).toContain('最后一位管理员');
      data(await call('role.grant', { openid: 'wx-admin2', role: 'admin' }));
      expect(data(await call('role.revoke', { openid: 'wx-admin', role: 'admin' }))).toEqual({ roles: [] });
      expect(await call('role.list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    });
  });

  describe('rounds, policies, holidays', () => {
    it('should put a valid round as an administrator override and list it', async () => {
      const res = data(await call('round.put', { round: round2027 }));
      expect(res.round).toMatchObject({ id: '2027', source: 'admin' });
      const rounds = data(await call('round.list', {})).rounds;
      expect(rounds.find((r: { id: string }) => r.id === '2027')).toMatchObject({ source: 'admin' });
      expect(rounds[0]).toMatchObject({ id: '2021', source: 'builtin' });
    });

    it('should refuse an inconsistent round with Chinese messages and change nothing', async () => {
      const before = h.businessDump();
      const res = await call('round.put', { round: { ...round2027, cutoff: '2027-09-15' } });
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(res.ok || res.message).toContain('计分截止日');
      expect(res.ok || res.fields?.[0]?.path).toMatch(/^round/);
      const unknownPolicy = await call('round.put', { round: { ...round2027, policyVersion: 'hz-2099' } });
      expect(unknownPolicy).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(unknownPolicy.ok || unknownPolicy.message).toContain('hz-2099');
      expect(await call('round.put', { round: 'x' })).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(h.businessDump()).toBe(before);
    });

    it('should publish a new policy version once, list it beside the built-in ones, and refuse it twice or a built-in id', async () => {
      const policy = { ...hz202407, id: 'hz-2027', name: '2027 年调整', effectiveFrom: '2027-01-01' };
      expect(data(await call('policy.publish', { policy }))).toEqual({ policyId: 'hz-2027' });
      const list = data(await call('policy.list', {})).policies;
      expect(list.map((p: { policy: { id: string }; builtin: boolean }) => [p.policy.id, p.builtin])).toEqual([
        ['hz-2021', true],
        ['hz-2024-07', true],
        ['hz-2027', false],
      ]);
      const before = h.businessDump();
      expect(await call('policy.publish', { policy: { ...policy, name: '改过的' } })).toMatchObject({
        ok: false,
        code: 'CONFLICT',
      });
      expect(await call('policy.publish', { policy: { ...hz202407 } })).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(h.businessDump()).toBe(before);
    });

    it('should refuse an invalid policy version with Chinese field errors', async () => {
      const before = h.businessDump();
      const res = await call('policy.publish', { policy: { ...hz202407, id: 'Bad Id', indicators: [] } });
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(res.ok || res.message).toMatch(CHINESE);
      expect(res.ok || res.fields?.map((f) => f.path)).toEqual(
        expect.arrayContaining(['policy.id', 'policy.indicators']),
      );
      expect(h.businessDump()).toBe(before);
    });

    it('should store a holiday table for a year the package does not cover, and refuse a broken one', async () => {
      expect(
        data(
          await call('holiday.put', {
            table: { year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {}, source: '国办发明电〔2026〕1号' },
          }),
        ),
      ).toEqual({ year: 2027 });
      expect((await h.store.listHolidayTables()).map((t) => t.year)).toEqual([2027]);
      expect(
        await call('holiday.put', { table: { year: 2027, holidays: { '2028-01-01': '元旦' }, workdays: {} } }),
      ).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    });
  });

  it('should record a fraud finding under the person key, never the ID number, idempotently per person and day', async () => {
    const res = data(
      await call('fraud.add', { idNumber: '330106198705120018', date: '2025-03-01', note: '伪造社保材料' }),
    );
    expect(res).toEqual({ findingId: expect.stringMatching(/^f_/), barredUntil: '2030-03-01' });
    data(await call('fraud.add', { idNumber: '330106198705120018', date: '2025-03-01', note: '伪造社保材料' }));
    const findings = await h.store.listFraudFindings(personKeyOf('330106198705120018'));
    expect(findings).toEqual([expect.objectContaining({ date: '2025-03-01', recordedBy: 'wx-admin' })]);
    const audit = JSON.stringify(await h.store.listAudit({ actor: 'wx-admin' }));
    expect(audit).not.toContain('330106198705120018');
    expect(await call('fraud.add', { idNumber: '330106198705120019', date: '2025-03-01', note: 'x' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    expect(await call('fraud.add', { idNumber: '330106198705120018', date: '2030-01-01', note: 'x' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
  });

  it('should run the scheduler and list overdue cases with their undecided tasks', async () => {
    const due = await seedDecided(h.store, { id: 'app_due', subscriptions: [{ openid: 'wx-a', kinds: ['result'] }] });
    await seedCase(h.store, { id: 'app_late', seq: 2 });
    const at = adminCaller(h.store, beijingMorning(due.resultDate as string));
    expect(data(await at('scheduler.run', {}))).toEqual({
      today: due.resultDate,
      published: 1,
      overdue: 1,
      notified: 1,
    });
    const overdue = data(await at('case.overdue', {}));
    expect(overdue.cases).toHaveLength(1);
    expect(overdue.cases[0]).toMatchObject({
      applicationId: 'app_late',
      resultDate: due.resultDate,
      receiptNumber: expect.stringMatching(/^JF2021-1008-000002$/),
    });
    expect(overdue.cases[0].pendingTasks).toContainEqual({ indicatorId: 'B4', department: '市人力社保局' });
    // The day before the result date, nothing is overdue.
    const early = adminCaller(h.store, beijingMorning('2021-10-20'));
    expect(data(await early('case.overdue', { limit: 5 }))).toEqual({ cases: [], rechecks: [] });
  });
});

describe('admin for the CLI', () => {
  it('should let the system administrator grant the first admin, audited with its cli actor', async () => {
    const { openSqliteStore } = await import('../../cloudfunctions/_core/store');
    const store = openSqliteStore(':memory:');
    const system = createSystemAdmin();
    const res = await system(
      { action: 'role.grant', payload: { openid: 'wx-first', role: 'admin' }, requestId: 'cli-000000001' },
      { openid: 'cli:ops' },
      { store, now: () => NOW },
    );
    expect(res).toEqual({ ok: true, data: { roles: [{ role: 'admin' }] } });
    expect(await store.listRolesOf('wx-first')).toEqual([expect.objectContaining({ grantedBy: 'cli:ops' })]);
    expect((await store.listAudit({ actor: 'cli:ops' })).entries).toEqual([
      expect.objectContaining({ action: 'role.grant', target: 'role:wx-first', result: 'ok' }),
    ]);
    // The registered function is not the system one: the same call from a platform caller is refused.
    expect(
      await admin(
        { action: 'role.grant', payload: { openid: 'wx-x', role: 'admin' }, requestId: 'req-000000001' },
        { openid: 'cli:ops' },
        { store, now: () => NOW },
      ),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    store.close();
  });

  it('should derive reviewer departments from the policy data', () => {
    expect(policyDepartments(BUILTIN_POLICIES)).toEqual(
      expect.arrayContaining(['市公安局', '市人力社保局', '市委宣传部（文明办）', '市发改委（信用办）']),
    );
  });
});
