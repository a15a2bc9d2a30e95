/**
 * 积分落户公示 in the mini program, through the documents function and SQLite, for someone without login: the list
 * shows only masked names and ID numbers with district and total, pages on, says the line, how ties went and the
 * publicity window; an objection needs a reason and a contact, is received only during publicity, and is stored.
 */
import { sampleEntry, sampleLine } from '../store/publicity-sample';
import { idNumber } from './world';
import { settle, tapButton, textOf, typeInto, waitFor, type Rendered } from './harness';
import { loaded, worldPerTest, type World } from './world';

jest.setTimeout(60_000);

let w: World;
/** Friday 11 March 2022, inside the 2021 round's publicity (10–16 March). */
worldPerTest(__filename, '2022-03-11T10:00:00+08:00', (x) => (w = x));

const WINDOW = { from: '2022-03-10', to: '2022-03-16', workingDays: 5, noticesOn: '2022-03-17' };
const FULL_ID = /\d{17}[\dX]/;

/** The 2021 round as publishing leaves it: line 140, `n` admitted (ranked by total), each with a real ID behind it. */
async function seedPublished(n: number): Promise<void> {
  const at = '2022-03-10T02:00:00.000Z';
  await w.store.putSettlementLine(
    sampleLine('2021', at, {
      status: 'publicity',
      quota: n - 1,
      decision: {
        mode: 'quota',
        line: '140',
        quota: n - 1,
        tieRule: 'admitAllAtLine',
        qualifying: '100',
        admitted: n,
        notAdmitted: 0,
        atLine: 2,
        overQuota: 1,
        quotaFilled: true,
        tiedOut: 0,
      },
      publishedAt: at,
      publishedBy: 'admin-a',
      publicity: WINDOW,
      moved: { admitted: n, notAdmitted: 0 },
    }),
  );
  for (let i = 1; i <= n; i++) {
    const id = idNumber('19870512', String(100 + i));
    await w.store.putPublicityEntry(
      sampleEntry(`st_${String(i).padStart(3, '0')}`, i, at, {
        maskedName: i % 2 ? '张*' : '李*',
        maskedIdNumber: `${id.slice(0, 6)}********${id.slice(14)}`,
        total: i >= n - 1 ? '140' : String(200 - i),
        district: i % 2 ? 'binjiang' : 'xihu',
      }),
    );
  }
}

function pageText(p: Rendered): string {
  return ((p.comp.dom as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
}

describe('积分落户公示 (no login)', () => {
  it('says so when nothing has been published', async () => {
    const p = w.open('publicity', null);
    await loaded(p);
    expect(p.comp.querySelector('#state-empty')).toBeTruthy();
    expect(pageText(p)).toContain('目前没有正在公示或已公示的积分落户名单');
  });

  it('shows the line, the tie rule, the window and masked people only, 20 at a time', async () => {
    await seedPublished(25);
    const p = w.open('publicity', null);
    await loaded(p);
    expect(textOf(p, 'line')).toBe('本年度落户分数线 140 分');
    expect(textOf(p, 'tie-rule')).toContain('同分处理：同分同录');
    expect(textOf(p, 'window')).toBe('公示期：2022年3月10日 至 2022年3月16日（5 个工作日）');
    expect(textOf(p, 'count')).toBe('共 25 人');
    expect(textOf(p, 'entry-0')).toMatch(/^第 1 名 张\*330106\*{8}\d{3}[\dX]滨江区 · 199 分/);
    expect(p.comp.querySelectorAll('.entry')).toHaveLength(20);
    expect(pageText(p)).not.toMatch(FULL_ID);

    await tapButton(p, 'more');
    await waitFor(() => p.comp.querySelectorAll('.entry').length === 25, 'second page');
    expect(textOf(p, 'entry-24')).toContain('第 25 名');
    expect(textOf(p, 'entry-24')).toContain('140 分');
    expect(p.comp.querySelector('#more')).toBeUndefined();
    expect(pageText(p)).not.toMatch(FULL_ID);
  });

  it('takes an objection with a reason and a contact, refusing a missing contact first', async () => {
    await seedPublished(3);
    const p = w.open('publicity', null);
    await loaded(p);
    await tapButton(p, 'object-1');
    expect(textOf(p, 'objection-target')).toBe('异议对象：第 2 名 李* 西湖区 140 分');
    await typeInto(p, 'objection-reason', '该申请人长期不在杭州居住，社保为挂靠缴纳，请核查。');
    await tapButton(p, 'objection-submit');
    expect(textOf(p, 'objection-message')).toBe('请留下联系方式（手机、电话或电子邮箱），以便核实情况');
    expect((await w.store.listObjections({ roundId: '2021', limit: 10 })).objections).toEqual([]);

    await typeInto(p, 'objection-contact', '12345');
    await tapButton(p, 'objection-submit');
    await waitFor(() => p.comp.data.form.op.state !== 'saving', 'answered');
    // The function's own check of the contact, in its words; nothing stored.
    expect(textOf(p, 'objection-message')).toContain('联系方式应为手机号码、固定电话（如 0571-88888888）或电子邮箱');
    expect((await w.store.listObjections({ roundId: '2021', limit: 10 })).objections).toEqual([]);

    await typeInto(p, 'objection-contact', '0571-88886666');
    await tapButton(p, 'objection-submit');
    await waitFor(() => p.comp.data.form.op.state === 'saved', 'objection saved');
    expect(textOf(p, 'objection-message')).toContain('异议已收到');
    const stored = (await w.store.listObjections({ roundId: '2021', limit: 10 })).objections;
    expect(stored).toMatchObject([{ entryId: 'pe_st_002', contact: '0571-88886666', status: 'open' }]);
  });

  it('offers no objection after the publicity window, and says so', async () => {
    await seedPublished(3);
    w.clock.set('2022-03-17T10:00:00+08:00');
    const p = w.open('publicity', null);
    await loaded(p);
    await settle(2);
    expect(textOf(p, 'objections-note')).toBe('公示期已结束，不再受理异议。');
    expect(p.comp.querySelector('#object-0')).toBeUndefined();
  });
});
