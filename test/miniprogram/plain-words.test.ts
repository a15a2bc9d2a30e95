/**
 * Words people use: every applicant page, rendered through its states, shows no internal codes (G2, B4b, [I]…), no
 * "过渡轮次", no date pattern such as YYYY-MM-DD, no 阅卷 jargon in statuses, and dates in one format (2021年10月1日).
 */
import example from '../../examples/zhang-wei-2021.json';
import { settle, waitFor, type Rendered } from './harness';
import { acceptPrivacy, fillIdentity, loaded, toStage, worldPerTest, ZHANG, type World } from './world';

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
  ['阅卷 jargon in a status', /阅卷中|阅卷完成/],
  ['已确认 as a confidence tag', /已确认/],
  ['policy research notes', /征求意见稿/],
];

/** Dates shown as facts use 2021年10月1日; only typing hints (“如 2021-09-28”) show the typed form. */
function isoDatesShown(text: string): string[] {
  return text.replace(/如 ?\d{4}-\d{2}(-\d{2})?/g, '').match(/\d{4}-\d{2}-\d{2}/g) ?? [];
}

function expectPlain(what: string, text: string): void {
  if (process.env.SHOW_TEXT) console.log(what, text);
  const found = CODES.filter(([, re]) => re.test(text)).map(([name, re]) => `${name}: ${re.exec(text)?.[0]}`);
  expect({ what, found, isoDates: isoDatesShown(text) }).toEqual({ what, found: [], isoDates: [] });
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
});
