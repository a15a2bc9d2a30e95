/**
 * 管理工作台 in the mini program, through the real admin function and SQLite: offered on the home page only to
 * administrators, the rounds listed in words and edited with pickers, refusals shown as the function words them (with
 * nothing saved), the overdue cases and the 复核 limit.
 */
import { inner, settle, tapButton, textOf, typeInto, waitFor, type Rendered } from './harness';
import { loaded, submitZhangByApplyPage, worldPerTest, type World } from './world';
import { sampleEntry, sampleObjection } from '../store/publicity-sample';

jest.setTimeout(60_000);

let w: World;
worldPerTest(__filename, '2021-10-08T10:00:00+08:00', (x) => (w = x));

async function grantAdmin(openid: string): Promise<void> {
  await w.store.putRole({ openid, role: 'admin', grantedBy: 'test-admin', grantedAt: w.clock.now().toISOString() });
}

/** Everything the page shows as text, whitespace collapsed. */
function pageText(p: Rendered): string {
  return ((p.comp.dom as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
}

async function home(openid: string): Promise<Rendered> {
  const p = w.open('home', openid);
  await waitFor(() => p.comp.data.round.state !== 'loading', 'round loaded');
  await settle(10);
  return p;
}

describe('管理工作台 on the home page', () => {
  it('is offered to an administrator and leads to the workspace', async () => {
    await grantAdmin('admin-a');
    const p = await home('admin-a');
    await waitFor(() => textOf(p, 'entries').includes('管理工作台'), 'admin entry');
    const nav = jest.spyOn(wx, 'navigateTo');
    inner(p, 'entry-admin', '.t-cell').dispatchEvent('tap');
    await settle(2);
    expect(nav).toHaveBeenCalledWith(expect.objectContaining({ url: '/admin/pages/workspace/workspace' }));
  });

  it('is not offered to an applicant or a reviewer, and the workspace opened anyway shows only the refusal', async () => {
    await w.grantReviewer('reviewer-a', '市教育局');
    for (const openid of ['applicant-a', 'reviewer-a']) {
      const p = await home(openid);
      expect(textOf(p, 'entries')).toContain('积分申请');
      expect(textOf(p, 'entries')).not.toContain('管理工作台');
    }
    const ws = w.open('workspace', 'applicant-a');
    await loaded(ws);
    expect(textOf(ws, 'load-error')).toContain('只有管理员可以进行此操作');
    expect(ws.comp.querySelector('#links')).toBeUndefined();
    expect(ws.comp.querySelector('#round-2021')).toBeUndefined();
  });
});

describe('年度设置', () => {
  it('lists each round with its windows in words, newest first', async () => {
    await grantAdmin('admin-a');
    const ws = w.open('workspace', 'admin-a');
    await loaded(ws);
    const text = textOf(ws, 'round-2021');
    expect(text).toContain('积分申请：2021年9月28日 至 2021年10月31日');
    expect(text).toContain('积分落户申请：2021年11月1日 至 2021年12月15日（节假日除外）');
    expect(text).toContain('落户方式：按名额确定落户分数线');
    expect(ws.comp.data.rounds[0].year).toBeGreaterThanOrEqual(ws.comp.data.rounds[1].year);
    expect(pageText(ws)).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    const nav = jest.spyOn(wx, 'navigateTo');
    ws.comp.querySelector('#round-2021-edit')?.dispatchEvent('tap');
    await settle(2);
    expect(nav).toHaveBeenCalledWith(expect.objectContaining({ url: '/admin/pages/round/round?year=2021' }));
    ws.comp.querySelector('#round-2021-line')?.dispatchEvent('tap');
    ws.comp.querySelector('#round-2021-objections')?.dispatchEvent('tap');
    await settle(2);
    expect(nav).toHaveBeenCalledWith(expect.objectContaining({ url: '/admin/pages/line/line?roundId=2021' }));
    expect(nav).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/admin/pages/objections/objections?roundId=2021' }),
    );
  });

  it('saves a changed settlement window and quota mode as the administrator picked them', async () => {
    await grantAdmin('admin-a');
    const p = w.open('round', 'admin-a', { year: '2022' });
    await loaded(p);
    expect(textOf(p, 'round-name')).toContain('2022');
    expect(p.comp.data.changed).toBe(false);
    // 积分落户申请截止 → 2022-11-25
    p.comp.querySelector('#date-3')?.dispatchEvent('change', { detail: { value: '2022-11-25' } });
    await settle(2);
    expect(textOf(p, 'date-3-text')).toBe('2022年11月25日');
    p.comp.querySelector('#quota-none')?.dispatchEvent('tap');
    await settle(2);
    expect(textOf(p, 'quota')).toContain('不设名额：满 100 分即可落户（已选）');
    await tapButton(p, 'save');
    await waitFor(() => p.comp.data.op.state !== 'saving', 'saved');
    expect(textOf(p, 'op-message')).toBe('已保存');
    const saved = (await w.store.listRoundOverrides()).find((r) => r.year === 2022);
    expect(saved).toMatchObject({ settlement: { to: '2022-11-25' }, quotaMode: 'none', source: 'admin' });
  });

  it('shows the function’s refusal of a window that ends before it starts, and saves nothing', async () => {
    await grantAdmin('admin-a');
    const p = w.open('round', 'admin-a', { year: '2022' });
    await loaded(p);
    p.comp.querySelector('#date-2')?.dispatchEvent('change', { detail: { value: '2022-12-20' } });
    await settle(2);
    await tapButton(p, 'save');
    await waitFor(() => p.comp.data.op.state !== 'saving', 'answered');
    expect(p.comp.data.op.state).toBe('error');
    expect(textOf(p, 'op-message')).toBe(
      '年度设置有误：2022 年度：积分落户申请开始日 2022年12月20日 晚于结束日 2022年11月30日',
    );
    expect(await w.store.listRoundOverrides()).toEqual([]);
  });
});

describe('逾期案件与复核期限', () => {
  it('lists a case past its result date with the departments still reviewing it', async () => {
    await submitZhangByApplyPage(w);
    await grantAdmin('admin-a');
    const none = w.open('overdue', 'admin-a');
    await loaded(none);
    expect(textOf(none, 'cases-none')).toBe('没有逾期案件');
    w.clock.set('2021-11-20T10:00:00+08:00');
    const p = w.open('overdue', 'admin-a');
    await loaded(p);
    const text = textOf(p, 'case-0');
    expect(text).toMatch(/^回执 JF2021-\S+应于 2021年11月4日 出结果，仍在审核：/);
    expect(text).toContain('市教育局');
  });

  it('sets the 复核 limit, and refuses a limit out of range without calling the function', async () => {
    await grantAdmin('admin-a');
    const p = w.open('overdue', 'admin-a');
    await loaded(p);
    await typeInto(p, 'limit-days', '0');
    await tapButton(p, 'save-limit');
    expect(textOf(p, 'limit-message')).toBe('复核期限请填写 1 到 60 之间的工作日数');
    expect(await w.store.getRecheckLimit()).toBeNull();
    await typeInto(p, 'limit-days', '15');
    await tapButton(p, 'save-limit');
    await waitFor(() => p.comp.data.op.state === 'saved', 'limit saved');
    expect(textOf(p, 'limit-message')).toBe('复核期限已设为 15 个工作日');
    expect(await w.store.getRecheckLimit()).toMatchObject({ workingDays: 15, setBy: 'admin-a' });
  });
});

describe('落户名额、分数线与公示', () => {
  it('sets the quota with the tie rule picked, and the publicity length, saying where each value comes from', async () => {
    await grantAdmin('admin-a');
    const p = w.open('line', 'admin-a', { roundId: '2021' });
    await loaded(p);
    expect(textOf(p, 'mode')).toBe('按名额确定落户分数线');
    expect(textOf(p, 'line-status')).toBe('分数线：未公布');
    expect(textOf(p, 'quota')).toContain('同分同录（已选）');
    expect(textOf(p, 'quota')).toContain('同分处理规则为默认值');
    expect(textOf(p, 'publicity')).toContain('公示期为默认值');
    expect(p.comp.data.publicity.value).toBe('5');

    await typeInto(p, 'quota-input', '3000');
    p.comp.querySelector('#rule-excludeAllAtLine')?.dispatchEvent('tap');
    await settle(2);
    await tapButton(p, 'save-quota');
    await waitFor(() => p.comp.data.quota.op.state === 'saved', 'quota saved');
    expect(textOf(p, 'quota-message')).toBe('已保存：名额 3000 名，同分超额不录');
    expect(textOf(p, 'quota')).toContain('同分处理规则由管理员设置');
    expect(await w.store.getSettlementLine('2021')).toMatchObject({ quota: 3000, tieRule: 'excludeAllAtLine' });

    await typeInto(p, 'days-input', '7');
    await tapButton(p, 'save-days');
    await waitFor(() => p.comp.data.publicity.op.state === 'saved', 'days saved');
    expect(await w.store.getSettlementLine('2021')).toMatchObject({ quota: 3000, publicityWorkingDays: 7 });
  });

  it('shows the function’s refusal of a publicity length over its limit, and saves nothing', async () => {
    await grantAdmin('admin-a');
    const p = w.open('line', 'admin-a', { roundId: '2021' });
    await loaded(p);
    await typeInto(p, 'days-input', '31');
    await tapButton(p, 'save-days');
    await waitFor(() => p.comp.data.publicity.op.state === 'error', 'refused');
    expect(textOf(p, 'days-message')).toContain('公示天数不超过 30 个工作日');
    expect(await w.store.getSettlementLine('2021')).toBeNull();
    await typeInto(p, 'quota-input', '0');
    await tapButton(p, 'save-quota');
    expect(textOf(p, 'quota-message')).toBe('落户名额请填写正整数');
    expect(await w.store.getSettlementLine('2021')).toBeNull();
  });

  it('offers no quota in a round without one (100 points suffice)', async () => {
    await grantAdmin('admin-a');
    w.clock.set('2024-01-10T10:00:00+08:00');
    const p = w.open('line', 'admin-a', { roundId: '2023' });
    await loaded(p);
    expect(textOf(p, 'mode')).toBe('不设名额：积分满 100 分即准入');
    expect(p.comp.querySelector('#quota')).toBeUndefined();
  });
});

describe('公示异议', () => {
  it('lists the open objections with who is objected to, what was written and the contact', async () => {
    await grantAdmin('admin-a');
    const at = '2022-03-11T02:00:00.000Z';
    await w.store.putPublicityEntry(sampleEntry('st_2', 2, at, { maskedName: '李*', district: 'xihu', total: '140' }));
    await w.store.putObjection(
      sampleObjection('ob_1', 'pe_st_2', at, { reason: '该申请人实际不在杭州居住，请核查。' }),
    );
    const p = w.open('objections', 'admin-a', { roundId: '2021' });
    await loaded(p);
    expect(textOf(p, 'objection-0-about')).toBe('第 2 名 李* 西湖区 140 分');
    expect(textOf(p, 'objection-0-reason')).toBe('该申请人实际不在杭州居住，请核查。');
    expect(textOf(p, 'objection-0')).toContain('联系方式：13812345678');
    expect(textOf(p, 'objection-0')).toContain('待处理');
    p.comp.querySelector('#filter-1')?.dispatchEvent('tap');
    await settle(2);
    await loaded(p);
    expect(p.comp.data.load.message).toBe('没有公示异议');
  });
});
