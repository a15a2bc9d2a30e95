/**
 * Words people use: every applicant page, rendered through its states, shows no internal codes (G2, B4b, [I]…), no
 * "过渡轮次", no date pattern such as YYYY-MM-DD, no 阅卷 jargon in statuses, and dates in one format (2021年10月1日).
 */
import example from '../../examples/zhang-wei-2021.json';
import { appJsonPages, pagePath, settle, waitFor, type Rendered } from './harness';
import {
  acceptPrivacy,
  fillIdentity,
  loaded,
  submitZhangByApplyPage,
  toStage,
  worldPerTest,
  ZHANG,
  type World,
} from './world';

jest.setTimeout(60_000);

let w: World;
worldPerTest(__filename, '2021-10-08T10:00:00+08:00', (x) => (w = x));

/** Everything the page shows as text right now, whitespace collapsed. */
function pageText(p: Rendered): string {
  return ((p.comp.dom as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
}

/** What must never be on an applicant's screen. */
const CODES: [string, RegExp][] = [
  ['an indicator or rule code', /(^|[^A-Za-z0-9])[GBPD]\d{1,2}[a-z]?(?![A-Za-z0-9])/],
  ['a confidence mark', /\[(C|C-old|I|U)\]/],
  ['过渡轮次', /过渡轮次/],
  ['a date pattern', /YYYY|MM-DD/],
  ['阅卷, the departments’ word, on an applicant’s screen', /阅卷(?!工作台)/],
  ['已确认 as a tag (the department’s decision reads 部门已认定; the points’ 积分已确认)', /(?<!积分)已确认/],
  ['policy research notes', /征求意见稿/],
];

/** Dates shown as facts use 2021年10月1日; only typing hints (“如 2021-09-28”) show the typed form. */
function isoDatesShown(text: string): string[] {
  return text.replace(/如 ?\d{4}-\d{2}(-\d{2})?/g, '').match(/\d{4}-\d{2}-\d{2}/g) ?? [];
}

/** What of `codes` and which ISO dates a text shows. */
function problemsOf(text: string, codes = CODES): { found: string[]; isoDates: string[] } {
  const found = codes.filter(([, re]) => re.test(text)).map(([name, re]) => `${name}: ${re.exec(text)?.[0]}`);
  return { found, isoDates: isoDatesShown(text) };
}

function expectPlain(what: string, text: string): void {
  if (process.env.SHOW_TEXT) console.log(what, text);
  expect({ what, ...problemsOf(text) }).toEqual({ what, found: [], isoDates: [] });
}

/**
 * Reviewers (department staff) work by the policy's indicator codes (B2 文化程度), as the policy tables name them;
 * everything else an applicant may not see they may not see either: rule codes (G2), confidence marks, 过渡轮次, date
 * patterns, ISO dates, research notes.
 */
const STAFF_CODES: [string, RegExp][] = [
  ['a rule code', /(^|[^A-Za-z0-9])G\d{1,2}[a-z]?(?![A-Za-z0-9])/],
  ['a policy-research suffix', /(^|[^A-Za-z0-9])[BPD]\d{1,2}[a-z](?![A-Za-z0-9])/],
  ...CODES.filter(([name]) => !/^(an indicator or rule code|阅卷|已确认)/.test(name)),
];

/** Waits until a page has rendered its first answer (pages without a load state: a few rounds). */
async function rendered(p: Rendered): Promise<void> {
  await settle(20);
  if (p.comp.data.load) await loaded(p);
  await settle(10);
}

const DEPARTMENTS = { hr: '市人力社保局', edu: '市教育局', police: '市公安局', credit: '市发改委（信用办）' };

/** Decides every pending task of a department through the reviewer function. */
async function decideAll(openid: string, department: string, decision: object): Promise<void> {
  await w.grantReviewer(openid, department);
  const { tasks } = await w.store.listTasksByDepartment({ department });
  for (const t of tasks) {
    const res = await w.call(openid, 'reviewer', 'task.decide', { taskId: t.id, ...decision }, `decide-${t.id}`);
    if (!res.ok) throw new Error(`${t.indicatorId}: ${res.message}`);
  }
}

describe('plain words on every applicant page', () => {
  it('积分测算: every step and the result, with a legend of the tags', async () => {
    await acceptPrivacy(w, 'applicant-a');
    const saved = await w.call(
      'applicant-a',
      'applicant',
      'draft.save',
      { title: '张伟', profile: example },
      'example-zhang-wei',
    );
    expect(saved.ok).toBe(true);
    const p = w.open('simulate', 'applicant-a', { draftId: saved.data.draft.draftId });
    await waitFor(() => !!p.comp.querySelector('#total'), 'draft loaded');
    for (let i = 0; i <= 6; i++) {
      p.comp.querySelector(`#step-${i}`)?.dispatchEvent('tap');
      await settle(2);
      expectPlain(`simulate step ${i}`, pageText(p));
    }
    const text = pageText(p);
    expect(text).toContain('计分截止日 2021年10月1日');
    expect(text).toContain('分数旁的标签是什么意思');
    for (const label of ['政策已明确', '沿用旧版', '推定', '尚未公布']) expect(text).toContain(label);
    expect(text).toContain('不代表部门已审核您的材料');
  });

  it('积分申请, 个人信息保护指引, 委托申请, 积分查询, 受理回执, 我的 and 办事指南', async () => {
    await acceptPrivacy(w, 'applicant-a', ZHANG);
    const privacy = w.open('privacy', 'applicant-a');
    await loaded(privacy);
    await waitFor(() => privacy.comp.data.identity.load.state === 'ready', 'identity');
    expectPlain('privacy', pageText(privacy));

    const apply = w.open('apply', 'applicant-a');
    await loaded(apply);
    expectPlain('apply identity', pageText(apply));
    await fillIdentity(apply, {
      mobile: ZHANG.mobile,
      permitNumber: 'ZJ3301062019001',
      district: 'xihu',
      validFrom: '2019-01-01',
      validTo: '2024-12-31',
    });
    for (const stage of ['profile', 'materials', 'submit'] as const) {
      await toStage(apply, stage);
      expectPlain(`apply ${stage}`, pageText(apply));
    }

    for (const page of ['agent', 'cases', 'receipt', 'settings', 'guide']) {
      const p = w.open(page, 'applicant-a');
      await settle(20);
      if (p.comp.data.load) await loaded(p);
      expectPlain(page, pageText(p));
    }
  });

  it('every page of app.json, for a case in review and after its result: no internal code, no ISO date', async () => {
    const seen = new Set<string>();
    const problems: { page: string; found: string[]; isoDates: string[] }[] = [];
    const check = async (page: string, openid: string | null, query: Record<string, string> = {}, staff = false) => {
      const p = w.open(page, openid, query);
      await rendered(p);
      seen.add(pagePath(page));
      const text = pageText(p);
      if (process.env.SHOW_TEXT) console.log(page, text);
      const found = problemsOf(text, staff ? STAFF_CODES : CODES);
      if (found.found.length || found.isoDates.length) problems.push({ page, ...found });
      return p;
    };
    const applicationId = await submitZhangByApplyPage(w, { insurance: ['2016-10', '2021-09'] });
    const app = { applicationId };

    // In review: the applicant's pages, and the department's queue and task.
    for (const page of ['home', 'cases', 'case', 'receipt', 'apply']) await check(page, 'zhang', app);
    await w.grantReviewer('edu-1', DEPARTMENTS.edu);
    const queue = await check('reviewer/pages/queue/queue', 'edu-1', {}, true);
    const taskId = String((queue.comp.data.items[0] as { taskId: string }).taskId);
    await check('reviewer/pages/task/task', 'edu-1', { taskId }, true);

    // The result: B2 not recognised, the rest confirmed, published on 2021-11-04.
    await decideAll('edu-1', DEPARTMENTS.edu, { decision: 'reject', note: '学历证书查无此证' });
    await decideAll('hr-1', DEPARTMENTS.hr, { decision: 'confirm' });
    await decideAll('police-1', DEPARTMENTS.police, { decision: 'confirm' });
    await decideAll('credit-1', DEPARTMENTS.credit, { decision: 'confirm' });
    w.clock.set('2021-11-04T08:00:00+08:00');
    expect(await w.call('system:timer', 'scheduler', 'publish', {}, 'timer-2021-11-04')).toMatchObject({ ok: true });
    for (const page of ['home', 'cases', 'case', 'dispute', 'simulate', 'privacy', 'apply'])
      await check(page, 'zhang', app);
    for (const page of ['agent', 'settings', 'guide', 'verify']) await check(page, 'zhang');

    // The district office's pages, and a 复核 page opened without a task.
    await w.store.putRole({
      openid: 'office-xihu',
      role: 'reviewer',
      district: 'xihu',
      grantedBy: 'test-admin',
      grantedAt: w.clock.now().toISOString(),
    });
    for (const page of ['reviewer/pages/district/district', 'reviewer/pages/disputes/disputes'])
      await check(page, 'office-xihu', {}, true);
    await check('reviewer/pages/recheck/recheck', 'edu-1', {}, true);

    // The settlement pages: the applicant's (refused on open: the points are not confirmed yet), 市公安局's queue and
    // an application opened without one, the public list, and the administrator's workspace.
    await check('points/pages/settle/settle', 'zhang', app);
    await check('reviewer/pages/settlements/settlements', 'police-1', {}, true);
    await check('reviewer/pages/settlement/settlement', 'police-1', {}, true);
    await check('publicity/pages/publicity/publicity', null);
    await w.store.putRole({
      openid: 'admin-1',
      role: 'admin',
      grantedBy: 'test-admin',
      grantedAt: '2021-11-01T00:00:00Z',
    });
    for (const page of ['workspace', 'overdue']) await check(`admin/pages/${page}/${page}`, 'admin-1', {}, true);
    await check('admin/pages/round/round', 'admin-1', { year: '2021' }, true);
    await check('admin/pages/line/line', 'admin-1', { roundId: '2021' }, true);
    await check('admin/pages/objections/objections', 'admin-1', { roundId: '2021' }, true);

    expect(problems).toEqual([]);
    expect([...seen].sort()).toEqual([...appJsonPages()].sort());
  });
});
