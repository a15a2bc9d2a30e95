/**
 * Journeys of 异议 → 复核 → 确认, through the real handlers and SQLite: 张伟's result is published on 2021-11-04 (B2
 * not recognised, B4 confirmed); on the 7th working day (2021-11-15) he disputes both lines from the case page, the
 * 西湖区积分办 registers the dispute, 市教育局 revises B2 and 市人力社保局 upholds B4, and the case shows each line before
 * and after with the department's reason and 积分已确认. Without a dispute the points are confirmed on the next working
 * day. An agent sees 提出异议 only when the entrustment has the dispute scope.
 */
import { byId, jpeg, nextPhotos, settle, tapButton, textOf, typeInto, waitFor, type Rendered } from './harness';
import {
  acceptPrivacy,
  idNumber,
  uscc,
  loaded,
  tapAndWait,
  worldPerTest,
  ZHANG,
  type World,
  submitZhangByApplyPage,
} from './world';

jest.setTimeout(120_000);

let w: World;
worldPerTest(__filename, '2021-10-08T10:00:00+08:00', (x) => (w = x));

const DEPARTMENTS = { hr: '市人力社保局', edu: '市教育局', police: '市公安局', credit: '市发改委（信用办）' };

/** Decides every pending task of a department by the reviewer function (the first review is not under test here). */
async function decideAll(openid: string, department: string, decide: (indicatorId: string) => object): Promise<void> {
  await w.grantReviewer(openid, department);
  const { tasks } = await w.store.listTasksByDepartment({ department });
  for (const t of tasks) {
    const res = await w.call(
      openid,
      'reviewer',
      'task.decide',
      { taskId: t.id, ...decide(t.indicatorId) },
      `decide-${t.id}`,
    );
    if (!res.ok) throw new Error(`${t.indicatorId}: ${res.message}`);
  }
}

/** 张伟 applies on 2021-10-08 (本科 B2 with its diploma, B4 insurance); B2 is not recognised; published on 2021-11-04. */
async function publishedCase(): Promise<string> {
  const applicationId = await submitZhangByApplyPage(w, { insurance: ['2016-10', '2021-09'] });
  await decideAll('edu-1', DEPARTMENTS.edu, () => ({ decision: 'reject', note: '学历证书查无此证' }));
  await decideAll('hr-1', DEPARTMENTS.hr, () => ({ decision: 'confirm' }));
  await decideAll('police-1', DEPARTMENTS.police, () => ({ decision: 'confirm' }));
  await decideAll('credit-1', DEPARTMENTS.credit, () => ({ decision: 'confirm' }));
  w.clock.set('2021-11-04T08:00:00+08:00');
  const run = await w.call('system:timer', 'scheduler', 'publish', {}, 'timer-2021-11-04');
  expect(run).toMatchObject({ ok: true, data: { published: 1 } });
  return applicationId;
}

const AGENT = { name: '李娜', idNumber: idNumber('19850612', '024'), mobile: '13900002222' };
const COMPANY = { uscc: uscc('MA2H0001'), name: '杭州云栖科技有限公司' };

/** 李娜 of 张伟's employer acts for him under a confirmed entrustment with `scope`, his case put under it. */
async function entrust(applicationId: string, scope: string[]): Promise<void> {
  await acceptPrivacy(w, 'li', AGENT);
  const created = await w.call(
    'li',
    'applicant',
    'entrustment.create',
    {
      kind: 'employer',
      principal: { name: ZHANG.name, idNumber: ZHANG.idNumber },
      agent: { name: AGENT.name, idNumber: AGENT.idNumber },
      employer: COMPANY,
      scope,
      district: 'xihu',
    },
    `create-${scope.join('-')}`,
  );
  if (!created.ok) throw new Error(created.message);
  const entrustmentId = created.data.entrustment.entrustmentId;
  const confirmed = await w.call(
    'zhang',
    'applicant',
    'entrustment.confirm',
    { entrustmentId },
    `confirm-${entrustmentId}`,
  );
  if (!confirmed.ok) throw new Error(confirmed.message);
  const extended = await w.call(
    'zhang',
    'applicant',
    'entrustment.extend',
    { entrustmentId, applicationId },
    `extend-${entrustmentId}`,
  );
  if (!extended.ok) throw new Error(extended.message);
}

/** Opens the case page and waits for it and its parts. */
async function casePage(openid: string, applicationId: string): Promise<Rendered> {
  const c = w.open('case', openid, { applicationId });
  await loaded(c);
  await waitFor(
    () => c.comp.data.result.state !== 'loading' && c.comp.data.dispute.state !== 'loading',
    'case parts loaded',
    400,
  );
  await settle(2);
  return c;
}

/** Types a reason into a t-textarea (one input event, as the keyboard's last keystroke sends it). */
async function typeReason(p: Rendered, id: string, value: string): Promise<void> {
  byId(p, id)
    .querySelector('.t-textarea__wrapper-inner')
    ?.dispatchEvent('input', { detail: { value, cursor: value.length } });
  await settle(2);
}

describe('异议 journeys', () => {
  it('disputes on the 7th working day from the case page; the district office registers it; two departments re-review; the revised result reads line by line and the points are confirmed', async () => {
    const applicationId = await publishedCase();

    // Day 7 after the result (2021-11-05, 08, 09, 10, 11, 12, 15): the case page offers 提出异议.
    w.clock.set('2021-11-15T10:00:00+08:00');
    const c = await casePage('zhang', applicationId);
    expect(textOf(c, 'now-title')).toBe('当前：异议期');
    expect(textOf(c, 'now-text')).toContain('如有异议，请在 2021年11月15日（还剩 1 个工作日）前提出');
    const navigate = jest.spyOn(wx, 'navigateTo');
    await tapButton(c, 'btn-dispute');
    expect(navigate).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/points/pages/dispute/dispute?applicationId=${applicationId}` }),
    );

    // The form: both lines, a reason each, evidence for B2, the summary, then submit.
    const d = w.open('dispute', 'zhang', { applicationId });
    await loaded(d);
    expect(d.comp.data.stage).toBe('form');
    expect(textOf(d, 'window-text')).toBe('异议截止 2021年11月15日，还剩 1 个工作日');
    byId(d, 'line-B2-toggle').dispatchEvent('tap');
    byId(d, 'line-B4-toggle').dispatchEvent('tap');
    await settle(2);
    await tapButton(d, 'next');
    expect(textOf(d, 'op-message')).toBe('请为每一项有异议的指标写明理由');
    await typeReason(d, 'reason-B2', '学位证书已由学校补发，附学信网认证报告');
    expect(textOf(d, 'reason-B2-counter')).toBe('19/500');
    await typeReason(d, 'reason-B4', '<b>社保</b>缴费月数少算');
    nextPhotos([jpeg('学信网认证报告.jpg')]);
    const b2 = () => d.comp.data.lines.find((l: { id: string }) => l.id === 'B2');
    await tapAndWait(
      d,
      'line-B2-photo',
      () => b2().files.length === 1 || d.comp.data.upload.state === 'error',
      'evidence uploaded',
    );
    expect(d.comp.data.upload).toEqual({ state: 'idle', line: '', message: '' });
    expect(textOf(d, 'line-B2-file-0')).toBe('学信网认证报告.jpg');
    await tapButton(d, 'next');
    expect(d.comp.data.stage).toBe('confirm');
    expect(textOf(d, 'confirm-warning')).toContain('提交后不能再次提出异议');
    expect(textOf(d, 'confirm-deadline')).toBe('异议截止 2021年11月15日，还剩 1 个工作日');
    expect(textOf(d, 'confirm-B2')).toContain('证据 1 份：学信网认证报告.jpg');
    await tapAndWait(d, 'submit', () => d.comp.data.op.state !== 'saving', 'raised');
    expect(d.comp.data.stage).toBe('outcome');
    expect(textOf(d, 'outcome-status')).toBe('已提出，待区积分办登记');
    // Markup in a reason is text, never elements.
    expect(textOf(d, 'outcome-B4')).toContain('<b>社保</b>缴费月数少算');
    expect((byId(d, 'outcome-B4').dom as HTMLElement).querySelector('b')).toBeNull();

    // 西湖区积分办 registers it: one 复核 task per line goes to its department.
    await w.store.putRole({
      openid: 'office-xihu',
      role: 'reviewer',
      district: 'xihu',
      grantedBy: 'test-admin',
      grantedAt: w.clock.now().toISOString(),
    });
    const office = w.open('reviewer/pages/disputes/disputes', 'office-xihu');
    await loaded(office);
    expect(textOf(office, 'dispute-0')).toContain('张伟');
    byId(office, 'dispute-0').dispatchEvent('tap');
    await waitFor(() => !!office.comp.data.open, 'dispute opened');
    expect(textOf(office, 'open-B2')).toContain('学位证书已由学校补发');
    await tapAndWait(office, 'register', () => office.comp.data.op.state !== 'saving', 'registered');
    expect(textOf(office, 'op-message')).toBe('已登记，复核任务已转各部门');

    // 市教育局 sees the 复核 task marked as such, apart from first reviews, and revises B2 to the declared facts.
    w.clock.set('2021-11-16T10:00:00+08:00');
    const eduQueue = w.open('reviewer/pages/queue/queue', 'edu-1');
    await loaded(eduQueue);
    await waitFor(() => eduQueue.comp.data.rechecks.length === 1, 'recheck listed');
    expect(textOf(eduQueue, 'recheck-0')).toContain('B2 文化程度');
    expect(textOf(eduQueue, 'recheck-0')).toContain('复核');
    const eduTask = w.open('reviewer/pages/recheck/recheck', 'edu-1', {
      recheckId: eduQueue.comp.data.rechecks[0].recheckId,
    });
    await loaded(eduTask);
    expect(textOf(eduTask, 'reason')).toContain('学位证书已由学校补发');
    byId(eduTask, 'choice-revise').dispatchEvent('tap');
    await settle(2);
    await tapButton(eduTask, 'decide');
    expect(textOf(eduTask, 'op-message')).toBe('更正时请说明理由');
    await typeInto(eduTask, 'answer', '经学信网核实，学历学位真实有效');
    await tapAndWait(eduTask, 'decide', () => eduTask.comp.data.op.state !== 'saving', 'revised');
    expect(eduTask.comp.data.op.state).toBe('saved');

    // 市人力社保局 upholds B4; the last decision publishes the revised result.
    const hrQueue = w.open('reviewer/pages/queue/queue', 'hr-1');
    await loaded(hrQueue);
    await waitFor(() => hrQueue.comp.data.rechecks.length === 1, 'recheck listed');
    const hrTask = w.open('reviewer/pages/recheck/recheck', 'hr-1', {
      recheckId: hrQueue.comp.data.rechecks[0].recheckId,
    });
    await loaded(hrTask);
    byId(hrTask, 'choice-uphold').dispatchEvent('tap');
    await settle(2);
    await typeInto(hrTask, 'answer', '缴费记录核对无误');
    await tapAndWait(hrTask, 'decide', () => hrTask.comp.data.op.state !== 'saving', 'upheld');
    expect(hrTask.comp.data.op.state).toBe('saved');

    const after = await casePage('zhang', applicationId);
    expect(textOf(after, 'status')).toBe('积分已确认');
    expect(textOf(after, 'dl-B2-compare')).toBe('复核前 0 分 → 复核后 50 分');
    expect(textOf(after, 'dl-B2-answer')).toBe('复核意见：经学信网核实，学历学位真实有效');
    expect(textOf(after, 'dl-B4-compare')).toMatch(/^复核前 \d+(\.5)? 分，维持$/);
    expect(textOf(after, 'dl-B4-answer')).toBe('复核意见：缴费记录核对无误');
    expect(textOf(after, 'dispute-confirmed')).toBe('积分已确认（2021年11月16日）');
    expect(textOf(after, 'now-text')).toContain('复核结果已公布，积分已确认（2021年11月16日）');
    expect(textOf(after, 'step-confirm')).toContain('已完成');
  });

  it('confirms the points on the next working day when no dispute was raised, and says so with the date', async () => {
    const applicationId = await publishedCase();
    w.clock.set('2021-11-16T08:00:00+08:00');
    const run = await w.call('system:timer', 'scheduler', 'publish', {}, 'timer-2021-11-16');
    expect(run).toMatchObject({ ok: true });
    const c = await casePage('zhang', applicationId);
    expect(textOf(c, 'status')).toBe('积分已确认');
    expect(textOf(c, 'now-title')).toBe('当前：确认');
    expect(textOf(c, 'now-date')).toBe('2021年11月16日');
    expect(textOf(c, 'now-text')).toBe('积分已确认（2021年11月16日）。确认的积分用于打印积分有效凭证和申请积分落户。');
    // No points action is left; the settlement page says what settling still needs (here: a voucher).
    expect(c.comp.data.progress.buttons.map((b: { label: string }) => b.label)).toEqual(['查看积分落户条件']);
    const home = w.open('home', 'zhang');
    await waitFor(() => home.comp.data.todos.length > 0, 'to-dos');
    expect(textOf(home, 'todo-0')).toContain('张伟：积分已确认');
    expect(textOf(home, 'todo-0')).toContain('2021年11月16日');
  });

  it('offers no 提出异议 on the 8th working day: the case says the window ended and the dispute page refuses', async () => {
    const applicationId = await publishedCase();
    w.clock.set('2021-11-16T09:00:00+08:00');
    const c = await casePage('zhang', applicationId);
    expect(textOf(c, 'status')).toBe('结果已公布');
    expect(c.comp.data.progress.buttons).toEqual([]);
    expect(textOf(c, 'now-text')).toBe('异议期已于2021年11月15日结束，积分将于下一个工作日确认。');
    const d = w.open('dispute', 'zhang', { applicationId });
    await loaded(d);
    expect(d.comp.data.load.state).toBe('closed');
    expect(textOf(d, 'load-message')).toMatch(/^异议期已于.*2021.*11.*15.*结束/);
  });

  it('offers 提出异议 to an agent whose entrustment has the dispute scope, and the dispute page takes it', async () => {
    const applicationId = await publishedCase();
    await entrust(applicationId, ['apply', 'query', 'dispute']);
    w.clock.set('2021-11-10T10:00:00+08:00');
    const c = await casePage('li', applicationId);
    expect(c.comp.data.progress.buttons.map((b: { id: string }) => b.id)).toEqual(['dispute']);
    const d = w.open('dispute', 'li', { applicationId });
    await loaded(d);
    expect(d.comp.data.stage).toBe('form');
    expect(textOf(d, 'window-text')).toBe('异议截止 2021年11月15日，还剩 4 个工作日');
  });

  it('shows no 提出异议 to an agent entrusted only with 积分查询, says who may dispute, and the dispute page refuses', async () => {
    const applicationId = await publishedCase();
    await entrust(applicationId, ['query']);
    w.clock.set('2021-11-10T10:00:00+08:00');
    const c = await casePage('li', applicationId);
    expect(textOf(c, 'status')).toBe('结果已公布');
    expect(c.comp.data.progress.buttons).toEqual([]);
    expect(textOf(c, 'progress')).not.toContain('提出异议');
    expect(textOf(c, 'now-text')).toContain('须由申请人本人或受托办理“异议”的代办人');
    const d = w.open('dispute', 'li', { applicationId });
    await loaded(d);
    expect(textOf(d, 'load-message')).toBe(
      '您不能为这份申请提出异议：须由申请人本人，或受托办理“异议”事项的代办人提出',
    );
    // Raised anyway (an old page, a crafted call): refused by the function, nothing kept.
    const snapshot = () => {
      const dump = w.store.dump();
      delete dump.audit;
      return JSON.stringify(dump);
    };
    const before = snapshot();
    const res = await w.call(
      'li',
      'applicant',
      'dispute.raise',
      { applicationId, lines: [{ indicatorId: 'B2', reason: '学位证书已补发' }] },
      'raise-without-scope',
    );
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(res.message).toContain('异议');
    expect(snapshot()).toBe(before);
  });

  it('shows the home to-do of a published result with its dispute deadline', async () => {
    await publishedCase();
    w.clock.set('2021-11-10T10:00:00+08:00');
    const home = w.open('home', 'zhang');
    await waitFor(() => home.comp.data.todos.length > 0, 'to-dos');
    expect(textOf(home, 'todo-0')).toContain('张伟：积分结果已公布');
    expect(textOf(home, 'todo-0')).toContain('2021年11月15日 前提出（还剩 4 个工作日）');
  });
});
