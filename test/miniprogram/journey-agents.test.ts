/**
 * Journeys of agents: an employer files for two employees (both confirm in their own accounts; one later revokes),
 * and a mother files for her 15-year-old once the district acceptance point has checked the relationship proof. Entrustments, letters / proofs through the local cloud's upload
 * route, applications under them, the agent's list of people with each case's status — real handlers and SQLite.
 */
import {
  byId,
  chooseOption,
  has,
  jpeg,
  nextFiles,
  nextPhotos,
  pdf,
  settle,
  tapButton,
  textOf,
  typeInto,
  type Rendered,
} from './harness';
import { ENTRUSTMENT_STATUSES } from '../../shared';
import {
  acceptPrivacy,
  addEducation,
  fillIdentity,
  idNumber,
  loaded,
  tapAndWait,
  toStage,
  uscc,
  worldPerTest,
  type World,
  pledge,
} from './world';

jest.setTimeout(60_000);

const AGENT = { name: '李娜', idNumber: idNumber('19850612', '024'), mobile: '13900002222' };
const WANG = { name: '王芳', idNumber: idNumber('19900315', '021'), mobile: '13700003333' };
const CHEN = { name: '陈强', idNumber: idNumber('19880720', '011'), mobile: '13600004444' };
const COMPANY = { uscc: uscc('MA2H0001'), name: '杭州云栖科技有限公司' };
const PERMIT = {
  permitNumber: 'ZJ3301062020777',
  district: 'binjiang',
  validFrom: '2020-01-01',
  validTo: '2025-12-31',
};
/** 西湖区 among the form's urban districts (上城, 拱墅, 西湖, …). */
const XIHU = 2;

let w: World;
worldPerTest(__filename, '2021-10-11T09:30:00+08:00', (x) => (w = x));

/** Creates an employer entrustment for `employee` on the 新建委托 tab. */
async function createEmployerEntrustment(p: Rendered, employee: { name: string; idNumber: string }): Promise<void> {
  await tab(p, 'new');
  expect(p.comp.data.form.kind).toBe('employer');
  await typeInto(p, 'en-usccCode', COMPANY.uscc);
  await typeInto(p, 'en-unitName', COMPANY.name);
  await typeInto(p, 'en-principalName', employee.name);
  await typeInto(p, 'en-principalId', employee.idNumber);
  await chooseOption(p, 'en-district', XIHU);
  await tapAndWait(p, 'en-create', () => p.comp.data.create.state !== 'saving', 'created');
  expect(p.comp.data.tab).toBe('agent');
}

/** The employee opens 委托我的 in their own account and confirms the entrustment naming them. */
async function confirmAsEmployee(
  openid: string,
  employee: { name: string; idNumber: string; mobile: string },
): Promise<Rendered> {
  await acceptPrivacy(w, openid, employee);
  const mine = w.open('agent', openid, { tab: 'principal' });
  await loaded(mine);
  expect(textOf(mine, 'pr-0')).toContain('代办人 李娜（330106********024');
  expect(textOf(mine, 'pr-0')).toContain(ENTRUSTMENT_STATUSES['awaiting-principal']);
  expect(textOf(mine, 'pr-0-verify')).toBe('须由委托人本人在小程序“委托我的”中确认后生效');
  expect(has(mine, 'pr-0-file-0')).toBe(true); // the letter, for her to open
  await tapAndWait(mine, 'pr-0-confirm', () => mine.comp.data.asPrincipal[0].op.state === 'saved', 'confirmed');
  expect(textOf(mine, 'pr-0')).toContain(ENTRUSTMENT_STATUSES.active);
  expect(has(mine, 'pr-0-confirm')).toBe(false);
  return mine;
}

/** Opens the tab of the agent page. */
async function tab(p: Rendered, id: 'agent' | 'principal' | 'new'): Promise<void> {
  byId(p, `tab-${id}`).dispatchEvent('tap');
  await settle(2);
}

/** The agent applies for the person of entrustment row `row` (identity typed again, no materials beyond the letter). */
async function applyFor(
  w: World,
  openid: string,
  agentPage: Rendered,
  row: number,
  person: { idNumber: string; mobile: string },
): Promise<string> {
  const navigate = jest.spyOn(wx, 'navigateTo');
  await tapButton(agentPage, `ag-${row}-apply`);
  const url = (navigate.mock.calls[0][0] as { url: string }).url;
  navigate.mockRestore();
  const query = Object.fromEntries(
    url
      .split('?')[1]
      .split('&')
      .map((kv) => kv.split('=').map(decodeURIComponent)),
  ) as Record<string, string>;
  const p = w.open('apply', openid, query);
  await loaded(p);
  expect(p.comp.data.load.state).toBe('ready');
  expect(textOf(p, 'for-whom')).toMatch(/^代 .+（\d{6}\*{8}\d{3}[\dX]）申请$/);
  // The name comes from the entrustment and cannot be changed; the ID number is typed again and must match it.
  expect(textOf(p, 'id-name-text')).toContain('（不可修改）');
  await fillIdentity(p, { ...PERMIT, idNumber: person.idNumber, mobile: person.mobile });
  await toStage(p, 'materials');
  expect(p.comp.data.save.state).toBe('saved');
  const lines = p.comp.data.materials.lines as { head: string; state: string }[];
  expect(lines).toEqual([expect.objectContaining({ head: '委托材料', state: 'attached' })]);
  const redirect = jest.spyOn(wx, 'redirectTo');
  await toStage(p, 'submit');
  await pledge(p);
  await tapAndWait(p, 'submit-btn', () => p.comp.data.submit.state !== 'saving', 'submitted');
  expect(textOf(p, 'submit-message')).toBe('已提交');
  const to = (redirect.mock.calls[0][0] as { url: string }).url;
  redirect.mockRestore();
  return decodeURIComponent(to.split('applicationId=')[1]);
}

describe('an employer files for two employees', () => {
  it('creates entrustments, uploads the letters, applies for both, and lists each person with their case status', async () => {
    await acceptPrivacy(w, 'hr-agent', AGENT);
    const a = w.open('agent', 'hr-agent');
    await loaded(a);
    expect(textOf(a, 'as-agent-empty')).toContain('还没有代办的人');

    // Entrustment for 王芳: the signed letter (PDF) is uploaded, but only her own confirmation puts it in force.
    await tab(a, 'new');
    expect(a.comp.data.form.fields.find((f: { key: string }) => f.key === 'agentId').value).toBe(AGENT.idNumber);
    await createEmployerEntrustment(a, WANG);
    expect(textOf(a, 'ag-0')).toContain('王芳（330106********021');
    expect(textOf(a, 'ag-0')).toContain(ENTRUSTMENT_STATUSES['awaiting-principal']);
    expect(textOf(a, 'ag-0')).toContain(`用人单位代办：${COMPANY.name}（${COMPANY.uscc}）`);
    expect(textOf(a, 'ag-0-material')).toBe('尚未上传委托材料');
    nextFiles([pdf('王芳委托书.pdf')]);
    await tapAndWait(a, 'ag-0-pdf', () => a.comp.data.asAgent[0].op.state === 'saved', 'letter uploaded');
    expect(textOf(a, 'ag-0')).toContain('待委托人确认');
    expect(textOf(a, 'ag-0')).not.toContain('已生效');
    expect(textOf(a, 'ag-0-material')).toBe('已上传委托材料 1 份');
    expect(textOf(a, 'ag-0-case')).toBe('委托生效前看不到申请人的任何信息，可先准备自己填写的申请草稿');

    // Entrustment for 陈强 (a photo of the signed letter).
    await tab(a, 'new');
    await createEmployerEntrustment(a, CHEN);
    nextPhotos([jpeg('陈强委托书.jpg')]);
    await tapAndWait(a, 'ag-0-photo', () => a.comp.data.asAgent[0].op.state === 'saved', 'letter uploaded');

    // Both employees have the mini program: each sees the entrustment naming them, its letter, and confirms it.
    await confirmAsEmployee('wang', WANG);
    await confirmAsEmployee('chen', CHEN);

    // The agent applies for both; the list shows each person's case status.
    const a2 = w.open('agent', 'hr-agent');
    await loaded(a2);
    const rows = (a2.comp.data.asAgent as { title: string }[]).map((r) => r.title);
    const wangRow = rows.findIndex((t) => t.startsWith('王芳'));
    const chenRow = rows.findIndex((t) => t.startsWith('陈强'));
    const wangApp = await applyFor(w, 'hr-agent', a2, wangRow, WANG);
    const a3 = w.open('agent', 'hr-agent');
    await loaded(a3);
    const chenApp = await applyFor(w, 'hr-agent', a3, chenRow, CHEN);
    expect(wangApp).not.toBe(chenApp);

    const list = w.open('agent', 'hr-agent');
    await loaded(list);
    expect(textOf(list, `ag-${wangRow}-case`)).toBe('本年度申请：已受理，部门审核中');
    expect(textOf(list, `ag-${chenRow}-case`)).toBe('本年度申请：已受理，部门审核中');

    // 积分查询 of the agent: both people, marked 代办, ID numbers masked.
    const cases = w.open('cases', 'hr-agent');
    await loaded(cases);
    expect(textOf(cases, 'list')).toContain('王芳（330106********021');
    expect(textOf(cases, 'list')).toContain('陈强（330106********011');
    expect((cases.comp.data.items as { actingText: string }[]).every((i) => i.actingText === '代办')).toBe(true);

    // 王芳 sees her own case (as herself, the ID number in full on her own case page is masked on screen too).
    const own = w.open('cases', 'wang');
    await loaded(own);
    expect(textOf(own, 'case-0')).toContain('本人');
    const receipt = w.open('receipt', 'wang', { applicationId: wangApp });
    await loaded(receipt);
    expect(textOf(receipt, 'receipt-materials')).toContain('委托材料');
    expect(textOf(receipt, 'receipt-materials')).toContain('王芳委托书.pdf');

    // She sees every access the agent made of her data.
    const revoke = w.open('agent', 'wang', { tab: 'principal' });
    await loaded(revoke);
    await tapAndWait(revoke, 'trail-load', () => revoke.comp.data.trail.state !== 'loading', 'trail loaded');
    expect(textOf(revoke, 'trail')).toContain('李娜（杭州云栖科技有限公司） 查看了申请');
    expect(textOf(revoke, 'trail')).toContain('李娜（杭州云栖科技有限公司） 提交了申请');

    // She revokes mid-case: the agent's list says so, and the agent can no longer open her case.
    await tapButton(revoke, 'pr-0-revoke');
    expect(has(revoke, 'pr-0-revoke-sure')).toBe(true);
    await tapAndWait(revoke, 'pr-0-revoke-sure', () => revoke.comp.data.asPrincipal[0].op.state === 'saved', 'revoked');
    expect(textOf(revoke, 'pr-0')).toContain('已撤销');
    const after = w.open('agent', 'hr-agent');
    await loaded(after);
    expect(textOf(after, `ag-${wangRow}`)).toContain('已撤销');
    expect(has(after, `ag-${wangRow}-apply`)).toBe(false);
    const denied = w.open('case', 'hr-agent', { applicationId: wangApp });
    await loaded(denied);
    expect(textOf(denied, 'load-error')).toBe('没有找到这份申请，或您无权查看');
  });
});

describe('a mother files for her 15-year-old', () => {
  const MOTHER = { name: '周敏', idNumber: idNumber('19800202', '042'), mobile: '13500005555' };
  const CHILD = { name: '周小雨', idNumber: idNumber('20060501', '023') };

  async function createRelative(
    p: Rendered,
    principal: { name: string; idNumber: string },
    reasonIndex: number,
  ): Promise<void> {
    await tab(p, 'new');
    await chooseOption(p, 'en-kind', 1);
    expect(p.comp.data.form.kind).toBe('relative');
    await typeInto(p, 'en-principalName', principal.name);
    await typeInto(p, 'en-principalId', principal.idNumber);
    await chooseOption(p, 'en-relationship', 1); // 父母
    await chooseOption(p, 'en-reason', reasonIndex);
    await chooseOption(p, 'en-district', XIHU);
    await tapAndWait(p, 'en-create', () => p.comp.data.create.state !== 'saving', 'created');
  }

  /** 西湖区积分受理点 checks the proof and both IDs and activates the entrustment; the agent's page shows it. */
  async function activateAtDistrict(entrustmentId: string): Promise<void> {
    await w.store.putRole({
      openid: 'office-xihu',
      role: 'reviewer',
      district: 'xihu',
      grantedBy: 'test-admin',
      grantedAt: w.clock.now().toISOString(),
    });
    const res = await w.call(
      'office-xihu',
      'reviewer',
      'entrustment.verify',
      { entrustmentId, checked: true },
      `verify-${entrustmentId}`,
    );
    expect(res).toMatchObject({ ok: true });
    expect(res.data.entrustment.status).toBe('active');
  }

  it('refuses "under 16" for an adult, then files for the child with the relationship proof', async () => {
    await acceptPrivacy(w, 'mother', MOTHER);
    const a = w.open('agent', 'mother');
    await loaded(a);

    // The reason must be true: the function checks the age from the ID number and says why not.
    await createRelative(a, { name: '周大海', idNumber: idNumber('19550101', '017') }, 0);
    expect(a.comp.data.create.state).toBe('error');
    expect(textOf(a, 'en-message')).toContain('申请人今天已满 16 周岁（66 周岁），不能以“未满十六周岁”为由代办');
    expect(textOf(a, 'en-reason-error')).toContain('不能以“未满十六周岁”为由代办');

    await typeInto(a, 'en-principalName', CHILD.name);
    await typeInto(a, 'en-principalId', CHILD.idNumber);
    await tapAndWait(a, 'en-create', () => a.comp.data.create.state !== 'saving', 'created');
    expect(a.comp.data.tab).toBe('agent');
    expect(textOf(a, 'ag-0')).toContain('近亲属代办：父母 · 未满十六周岁的未成年人');
    nextPhotos([jpeg('户口簿.jpg')]);
    await tapAndWait(a, 'ag-0-photo', () => a.comp.data.asAgent[0].op.state === 'saved', 'proof uploaded');
    expect(textOf(a, 'ag-0')).toContain(ENTRUSTMENT_STATUSES['awaiting-district']);
    expect(textOf(a, 'ag-0-verify')).toBe('须由西湖区积分受理点核对关系证明和双方身份证件后生效');
    // The acceptance point's page: both people with full ID numbers, the age from the ID number, the proof; 核验通过.
    await w.store.putRole({
      openid: 'office-xihu',
      role: 'reviewer',
      district: 'xihu',
      grantedBy: 'test-admin',
      grantedAt: w.clock.now().toISOString(),
    });
    const office = w.open('district', 'office-xihu');
    await loaded(office);
    expect(textOf(office, 'title')).toBe('西湖区积分受理点 · 待核验的委托');
    expect(textOf(office, 'en-0-principal')).toBe(`委托人 ${CHILD.name} · 身份证 ${CHILD.idNumber} · 15 周岁`);
    expect(has(office, 'en-0-file-0')).toBe(true);
    await tapAndWait(office, 'en-0-verify', () => office.comp.data.load.state === 'empty', 'verified');
    expect(textOf(office, 'state-empty')).toContain('已核验，委托生效');
    const stranger = w.open('district', 'mother');
    await loaded(stranger);
    expect(stranger.comp.data.load.state).toBe('forbidden');
    await a.comp.instance.onShow();
    await settle(4);
    expect(textOf(a, 'ag-0')).toContain(ENTRUSTMENT_STATUSES.active);

    const appId = await applyFor(w, 'mother', a, 0, { idNumber: CHILD.idNumber, mobile: MOTHER.mobile });
    const r = w.open('receipt', 'mother', { applicationId: appId });
    await loaded(r);
    expect(textOf(r, 'receipt-1')).toBe(`申请人${CHILD.name}`);
    expect(textOf(r, 'receipt-2')).toBe(`身份证号码${CHILD.idNumber.slice(0, 6)}********${CHILD.idNumber.slice(14)}`);
    expect(textOf(r, 'receipt-materials')).toContain('户口簿.jpg');
    const list = w.open('agent', 'mother');
    await loaded(list);
    expect(textOf(list, 'ag-0-case')).toBe('本年度申请：已受理，部门审核中');
  });

  it('resumes a draft for the child: the ID number is asked again (the agent only ever sees it masked)', async () => {
    await acceptPrivacy(w, 'mother', MOTHER);
    const a = w.open('agent', 'mother');
    await loaded(a);
    await createRelative(a, CHILD, 0);
    nextPhotos([jpeg('出生医学证明.jpg')]);
    await tapAndWait(a, 'ag-0-photo', () => a.comp.data.asAgent[0].op.state === 'saved', 'proof uploaded');
    await activateAtDistrict(a.comp.data.asAgent[0].entrustmentId);
    const p = w.open('apply', 'mother', { entrustmentId: a.comp.data.asAgent[0].entrustmentId });
    await loaded(p);
    await fillIdentity(p, { ...PERMIT, idNumber: CHILD.idNumber, mobile: MOTHER.mobile });
    await tapAndWait(p, 'save-btn', () => p.comp.data.save.state !== 'saving', 'draft saved');
    expect(p.comp.data.save.state).toBe('saved');

    const list = w.open('agent', 'mother');
    await loaded(list);
    expect(textOf(list, 'ag-0-case')).toBe('本年度申请：草稿');
    expect(list.comp.data.asAgent[0].applyLabel).toBe('继续办理');
    const navigate = jest.spyOn(wx, 'navigateTo');
    await tapButton(list, 'ag-0-apply');
    const url = (navigate.mock.calls[0][0] as { url: string }).url;
    expect(url).toMatch(/^\/points\/pages\/apply\/apply\?applicationId=/);
    const resumed = w.open('apply', 'mother', { applicationId: decodeURIComponent(url.split('=')[1]) });
    await loaded(resumed);
    const idField = (resumed.comp.data.identity as { key: string; value: string; placeholder: string }[]).find(
      (f) => f.key === 'idNumber',
    );
    expect(idField?.value).toBe('');
    expect(idField?.placeholder).toBe(
      `请再次输入申请人的身份证号码（${CHILD.idNumber.slice(0, 6)}********${CHILD.idNumber.slice(14)}）`,
    );
    // Materials and submission need nothing typed again; changing the application does.
    await toStage(resumed, 'submit');
    await pledge(resumed);
    await tapAndWait(resumed, 'submit-btn', () => resumed.comp.data.submit.state !== 'saving', 'submitted');
    expect(textOf(resumed, 'submit-message')).toBe('已提交');
  });
});

describe('an employer entrusted only with 积分查询', () => {
  it("shows the employee's draft read-only to the employer: no save or submit button, because the server's view offers neither", async () => {
    await acceptPrivacy(w, 'wang', WANG);
    const own = w.open('apply', 'wang');
    await loaded(own);
    await fillIdentity(own, { ...PERMIT, mobile: WANG.mobile });
    await toStage(own, 'profile');
    await addEducation(own, '2012-06-30');
    await toStage(own, 'materials');
    expect(own.comp.data.save.state).toBe('saved');
    const draft = (await w.store.listApplicationsByCreator('wang'))[0].id;

    await acceptPrivacy(w, 'hr-agent', AGENT);
    const created = await w.call(
      'hr-agent',
      'applicant',
      'entrustment.create',
      {
        kind: 'employer',
        principal: { name: WANG.name, idNumber: WANG.idNumber },
        agent: { name: AGENT.name, idNumber: AGENT.idNumber },
        employer: COMPANY,
        scope: ['query'],
        district: 'xihu',
      },
      'req-create-query-only',
    );
    const entrustmentId = created.data.entrustment.entrustmentId as string;
    expect(
      await w.call('wang', 'applicant', 'entrustment.confirm', { entrustmentId }, 'req-confirm-query-only'),
    ).toMatchObject({
      ok: true,
    });
    const extended = await w.call(
      'wang',
      'applicant',
      'entrustment.extend',
      { entrustmentId, applicationId: draft },
      'req-extend-to-agent',
    );
    expect(extended).toMatchObject({ ok: true });

    // The employee herself may still change and submit her draft.
    const mine = w.open('apply', 'wang', { applicationId: draft });
    await loaded(mine);
    expect(has(mine, 'save-btn')).toBe(true);

    // The employer may read it (积分查询) but not change it: the view's actions are empty, so the buttons are gone.
    const theirs = w.open('apply', 'hr-agent', { applicationId: draft });
    await loaded(theirs);
    expect(theirs.comp.data.load.state).toBe('ready');
    expect(theirs.comp.data.banner).toMatchObject({ status: 'draft', readOnly: true });
    expect(has(theirs, 'save-btn')).toBe(false);
    expect(has(theirs, 'submit-btn')).toBe(false);
    expect(theirs.comp.data.materials.lines.every((l: { canAdd: boolean }) => !l.canAdd)).toBe(true);
  });
});
