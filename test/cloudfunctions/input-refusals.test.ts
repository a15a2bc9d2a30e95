/**
 * Input that must never be stored, through the functions on both store adapters: names that are markup, control
 * characters, lone surrogates or non-values; employer names that are markup; file names that are NUL, escape
 * sequences or zero-width only; and administrators' blank round names, blank openids and number-like departments.
 * Each is refused with INVALID_INPUT, a Chinese message naming the field's rule, and the business data unchanged.
 */
import hz202407 from '../../shared/policy/versions/hz-2024-07.json';
import { admin } from '../../cloudfunctions/admin/handlers';
import type { Store } from '../../cloudfunctions/_core/store';
import { ERROR_MESSAGES, type AdminApi, type Envelope } from '../../shared/contracts';
import { STORES, type ResOf, type StoreHarness } from './harness';
import { acceptPrivacy, idFor, startApplication, world, ZHANG_ID, type World } from './cases-helpers';
import { beijingMorning, grant } from './reviewer-fixtures';

const NAME_CHARS = '姓名只能包含汉字、英文字母、空格和间隔号“·”（与身份证件上的姓名一致）';
const NAME_INVISIBLE = '姓名含有不可见的控制字符或无法显示的字符，请重新输入';
const USCC = '91350100M000100Y43';

/** The refusal the payload check answers: INVALID_INPUT with one field problem at `path`. */
function expectInvalid(env: Envelope<unknown>, path: string, message: string): void {
  expect(env).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: ERROR_MESSAGES.INVALID_INPUT });
  if (env.ok) return;
  expect(env.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path, message })]));
}

describe.each(STORES)('names, file names and admin inputs on %s', (_name, make) => {
  let h: StoreHarness;
  let w: World;
  beforeEach(async () => {
    h = make();
    w = world(h.store);
    await acceptPrivacy(w, 'alice');
  });
  afterEach(() => {
    w.close();
    h.close();
  });

  const bind = (name: string) => w.call('alice', 'identity.bind', { name, idNumber: ZHANG_ID, mobile: '13800138000' });

  it.each([
    ['a script tag', '<script>alert(1)</script>', NAME_CHARS],
    ['an image with onerror', '<img src=x onerror=alert(1)>', NAME_CHARS],
    ['a NUL character', '张\u0000伟', NAME_INVISIBLE],
    ['a terminal escape sequence', '\u001b[31m张伟', NAME_INVISIBLE],
    ['a lone surrogate', '张\ud800', NAME_INVISIBLE],
    ['a zero-width space', '张\u200b伟', NAME_INVISIBLE],
    ['NaN', 'NaN', '“NaN”不是有效的姓名'],
    ['undefined', 'undefined', '“undefined”不是有效的姓名'],
    ['digits', '张伟2', NAME_CHARS],
  ])('should refuse binding an identity whose name is %s, storing nothing', async (_label, name, message) => {
    const before = h.businessDump();
    expectInvalid(await bind(name), 'name', message);
    expect(h.businessDump()).toBe(before);
  });

  it('should store the middle dot of a minority name normalised, rare CJK extension characters, and foreign names', async () => {
    expect(
      (await w.ok('alice', 'identity.bind', { name: '买买提 • 艾力', idNumber: ZHANG_ID, mobile: '13800138000' }))
        .identity.name,
    ).toBe('买买提·艾力');
    expect(
      await w
        .ok('bob', 'identity.bind', { name: '𠀀𪚥', idNumber: idFor('1990-01-01'), mobile: '13800138001' })
        .catch(() => null),
    ).toBeNull(); // bob has not accepted the notice
    await acceptPrivacy(w, 'bob');
    expect(
      (await w.ok('bob', 'identity.bind', { name: '𠀀𪚥', idNumber: idFor('1990-01-01'), mobile: '13800138001' }))
        .identity.name,
    ).toBe('𠀀𪚥');
    await acceptPrivacy(w, 'carol');
    expect(
      (
        await w.ok('carol', 'identity.bind', {
          name: 'ＪＯＨＮ  SMITH',
          idNumber: idFor('1990-01-02'),
          mobile: '13800138002',
        })
      ).identity.name,
    ).toBe('JOHN SMITH');
  });

  it('should refuse markup in the applicant name of an application, storing nothing', async () => {
    const appId = await startApplication(w, 'alice');
    const before = h.businessDump();
    const app = (await w.ok('alice', 'application.get', { applicationId: appId })).application;
    const res = await w.call('alice', 'application.save', {
      applicationId: appId,
      identity: { ...app.person, idNumber: ZHANG_ID, name: '<b>张伟</b>' },
      profile: app.profile,
    });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    if (!res.ok) expect(JSON.stringify(res)).toContain(NAME_CHARS);
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse markup and control characters in the names of an entrustment (agent, principal, employer)', async () => {
    await acceptPrivacy(w, 'hr');
    const entrust = (over: { agent?: string; principal?: string; employer?: string }) =>
      w.call('hr', 'entrustment.create', {
        kind: 'employer',
        principal: { name: over.principal ?? '张伟', idNumber: ZHANG_ID },
        agent: { name: over.agent ?? '李四', idNumber: idFor('1980-02-02') },
        employer: { uscc: USCC, name: over.employer ?? '杭州某某科技有限公司' },
        scope: ['apply'],
        district: 'xihu',
      });
    const before = h.businessDump();
    expectInvalid(await entrust({ agent: '<script>alert(1)</script>' }), 'agent.name', NAME_CHARS);
    expectInvalid(await entrust({ principal: '\u001b[31m张伟' }), 'principal.name', NAME_INVISIBLE);
    expectInvalid(
      await entrust({ employer: '<img src=x onerror=alert(1)>有限公司' }),
      'employer.name',
      '单位名称只能包含汉字、英文字母、数字、括号和间隔号“·”（与营业执照上的名称一致）',
    );
    expectInvalid(
      await entrust({ employer: '\u0000' }),
      'employer.name',
      '单位名称含有不可见的控制字符或无法显示的字符，请重新输入',
    );
    expect(h.businessDump()).toBe(before);
    // What a registered company name holds is accepted: digits and brackets, full-width or not.
    expect((await entrust({ employer: '阿里巴巴（中国）网络技术有限公司 2号楼' })).ok).toBe(true);
  });

  it.each([
    ['a NUL character', '毕业证书\u0000.pdf', '文件名含有不可见的控制字符或无法显示的字符，请改名后重新上传'],
    ['an escape sequence', '\u001b[2J.pdf', '文件名含有不可见的控制字符或无法显示的字符，请改名后重新上传'],
    [
      'zero-width characters only',
      '\u200b\u200c\u200d\ufeff',
      '文件名含有不可见的控制字符或无法显示的字符，请改名后重新上传',
    ],
    [
      'a right-to-left override hiding the extension',
      '证书\u202Efdp.exe',
      '文件名含有不可见的控制字符或无法显示的字符，请改名后重新上传',
    ],
    ['blank', '   ', '文件名不能为空'],
  ])('should refuse an upload ticket whose file name is %s, storing nothing', async (_label, fileName, message) => {
    const appId = await startApplication(w, 'alice');
    const before = h.businessDump();
    const res = await w.call('alice', 'material.ticket', {
      target: { applicationId: appId, key: 'B2:education.0' },
      fileName,
      mime: 'application/pdf',
      size: 100,
    });
    expectInvalid(res, 'fileName', message);
    expect(h.businessDump()).toBe(before);
  });
});

describe.each(STORES)('admin inputs on %s', (_name, make) => {
  const NOW = beijingMorning('2026-11-25');
  let h: StoreHarness;
  let n = 0;
  const call = <A extends string>(store: Store, action: A, payload: unknown) =>
    admin(
      { action, payload, requestId: `req-admin-in-${String(++n).padStart(4, '0')}` },
      { openid: 'wx-admin' },
      { store, now: () => NOW },
    ) as Promise<Envelope<ResOf<AdminApi, A>>>;

  beforeEach(async () => {
    h = make();
    await grant(h.store, 'wx-admin', 'admin');
  });
  afterEach(() => h.close());

  it('should refuse a round whose name is blank, storing nothing', async () => {
    const round = {
      id: '2027',
      year: 2027,
      name: '   ',
      policyVersion: 'hz-2024-07',
      application: { from: '2027-09-01', to: '2027-09-30', workingDaysOnly: true },
      cutoff: '2027-08-01',
      fiveYearWindow: { from: '2022-08-01', toExclusive: '2027-08-01' },
      settlement: { from: '2027-11-01', to: '2027-11-30', workingDaysOnly: true },
      quotaMode: 'none',
      source: 'admin',
    };
    const before = h.businessDump();
    const res = await call(h.store, 'round.put', { round });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '年度设置有误：请填写年度名称' });
    expect(h.businessDump()).toBe(before);
    expect(await call(h.store, 'round.put', { round: { ...round, name: '2027 年度\u001b[31m' } })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: '年度设置有误：年度名称不能含有控制字符或尖括号',
    });
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse granting or revoking a role for an openid of one space (or any padded openid), storing nothing', async () => {
    const before = h.businessDump();
    for (const [action, openid] of [
      ['role.grant', ' '],
      ['role.grant', ' wx-x'],
      ['role.revoke', ' '],
      ['role.grant', ''],
    ] as const) {
      expectInvalid(
        await call(h.store, action, { openid, role: 'admin' }),
        'openid',
        '用户 openid 应为 1–64 位字母、数字、下划线或短横线',
      );
    }
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse a reviewer department like 1e999 (not in the policy data), and a blank one, storing nothing', async () => {
    const before = h.businessDump();
    const res = await call(h.store, 'role.grant', { openid: 'wx-x', role: 'reviewer', department: '1e999' });
    expect(res).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/^政策数据中没有这个部门，可选：.*市公安局/),
    });
    if (!res.ok) expect(res.fields).toEqual([expect.objectContaining({ path: 'department', message: res.message })]);
    expectInvalid(
      await call(h.store, 'role.grant', { openid: 'wx-x', role: 'reviewer', department: '  ' }),
      'department',
      '请填写部门',
    );
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse publishing a policy version whose department is 1e999, so it can never become a reviewer department', async () => {
    const custom = {
      ...hz202407,
      id: 'hz-2027',
      effectiveFrom: '2027-01-01',
      indicators: hz202407.indicators.map((i) => (i.id === 'B2' ? { ...i, department: '1e999' } : i)),
    };
    const before = h.businessDump();
    const res = await call(h.store, 'policy.publish', { policy: custom });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    if (!res.ok)
      expect(res.message).toContain('部门名称应为 2–40 个汉字（可含括号），如“市公安局”“市发改委（信用办）”');
    expect(h.businessDump()).toBe(before);
    expect(await call(h.store, 'role.grant', { openid: 'wx-x', role: 'reviewer', department: '1e999' })).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
    });
    expect(h.businessDump()).toBe(before);
  });
});
