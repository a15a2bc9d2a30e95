import path from 'node:path';
import example from '../../examples/zhang-wei-2021.json';
import { fail, PRIVACY_NOTICE_VERSION, ROUND_2021 } from '../../shared';
import { applyLead } from '../../miniprogram/points/pages/simulate/controller';
import type { Transport } from '../../miniprogram/services/api';
import {
  byId,
  cancelDialog,
  chooseOption,
  confirmDialog,
  dialogText,
  fixedClock,
  has,
  inProcessTransport,
  maxSetDataBytes,
  memoryStore,
  MINIPROGRAM,
  requireNow,
  recordSetDataMax,
  renderPage,
  settle,
  tapButton,
  textOf,
  toggleSwitch,
  typeInto,
  waitFor,
  type Rendered,
} from './harness';
import type { SqliteStore } from '../../cloudfunctions/_core/store';
import type { SimulateController } from '../../miniprogram/points/pages/simulate/controller';
import { profileAtLimits } from '../../scripts/bench/setdata-limits';

// Inside the 2021 application window: the current round is 2021 (cutoff 2021-10-01) under hz-2021.
// Pages render through WeChat's own WXML compiler on a shared machine: seconds, not milliseconds.
jest.setTimeout(30_000);

const OCT_8_2021 = fixedClock('2021-10-08T10:00:00+08:00');
let largest = 0;

afterAll(() => recordSetDataMax(__filename, 'simulate', largest));

let store: SqliteStore;
beforeEach(async () => {
  store = memoryStore();
  // Saving a draft needs the notice accepted (testing does not): both test applicants have accepted it.
  for (const who of ['applicant-a', 'applicant-b'])
    await inProcessTransport(
      store,
      who,
      OCT_8_2021,
    )('applicant', {
      action: 'privacy.accept',
      payload: { version: PRIVACY_NOTICE_VERSION },
      requestId: `accept-${who}`,
    });
});
afterEach(() => store.close());

const pages: Rendered[] = [];
/** Renders the page for `openid` (in-process cloud on the test's store unless a transport is given), round loaded. */
async function open(openid: string | null = 'applicant-a', transport?: Transport): Promise<Rendered> {
  const page = renderPage('simulate', transport ?? inProcessTransport(store, openid, OCT_8_2021));
  pages.push(page);
  await waitFor(() => page.comp.data.load.state !== 'loading', 'round loaded');
  return page;
}
afterEach(() => {
  for (const p of pages.splice(0)) largest = Math.max(largest, maxSetDataBytes(p.id));
});

const total = (p: Rendered) => textOf(p, 'total');
/** Taps a chip of the step bar. */
async function stepTo(p: Rendered, index: number): Promise<void> {
  byId(p, `step-${index}`).dispatchEvent('tap');
  await settle(2);
}

/** 1975-03-01: 46 at the 2021 cutoff → B1 age 25 points. */
async function fillBirthDate(p: Rendered): Promise<void> {
  await typeInto(p, 'f-person-0-birthDate', '1975-03-01');
}

describe('积分测算 page', () => {
  it('loads the 2021 round and asks for a birth date before showing a total', async () => {
    const p = await open();
    expect(p.comp.data.load.state).toBe('ready');
    expect(textOf(p, 'round-text')).toBe('2021 年度 · 计分截止日 2021年10月1日');
    expect(has(p, 'total')).toBe(false);
    expect(textOf(p, 'verdict')).toContain('还有 1 处需要填写或改正');
    expect(textOf(p, 'steps')).toContain('个人信息');
    expect(textOf(p, 'steps')).toContain('1 处待改');
  });

  it('updates the total as birth date, education and social insurance are filled in', async () => {
    const p = await open();
    await fillBirthDate(p);
    expect(total(p)).toBe('25');
    expect(textOf(p, 'verdict')).toContain('还差 75 分');

    await tapButton(p, 'next');
    expect(textOf(p, 'sec-education')).toContain('学历学位');
    await tapButton(p, 'add-education');
    // The new entry has no date yet: the schema refuses it, the last total stays, marked stale.
    expect(total(p)).toBe('25');
    expect(textOf(p, 'stale')).toContain('分数未更新');
    // Dates can be typed or picked: this one comes from the date picker.
    byId(p, 'f-education-0-obtainedOn-picker').dispatchEvent('change', { detail: { value: '2009-06-30' } });
    await settle(2);
    expect(has(p, 'stale')).toBe(false);
    expect(total(p)).toBe('75'); // + B2 本科 50

    await chooseOption(p, 'f-education-0-level', 3); // 硕士研究生
    expect(total(p)).toBe('95');
    await chooseOption(p, 'f-education-0-level', 2); // back to 本科
    expect(total(p)).toBe('75');

    await tapButton(p, 'next');
    await tapButton(p, 'add-socialInsurance');
    await typeInto(p, 'f-socialInsurance-0-from', '2012-03');
    await typeInto(p, 'f-socialInsurance-0-to', '2021-09');
    // 115 months with pension and medical → B4 57.5.
    expect(total(p)).toBe('132.5');
    expect(textOf(p, 'verdict')).toContain('已达到 100 分准申请分值');

    // Pension only: those months do not count.
    await toggleSwitch(p, 'f-socialInsurance-0-medical');
    expect(total(p)).toBe('75');
    expect(textOf(p, 'sec-socialInsurance')).toContain('缴纳医疗保险否');
    // The whole row is the tap target too (the switch alone is under 44pt).
    byId(p, 'f-socialInsurance-0-medical-row').dispatchEvent('tap');
    await settle(2);
    expect(total(p)).toBe('132.5');
    expect(textOf(p, 'sec-socialInsurance')).toContain('缴纳医疗保险是');
  });

  it('shows a Chinese error for an impossible date and keeps the last total, marked stale', async () => {
    const p = await open();
    await fillBirthDate(p);
    expect(total(p)).toBe('25');
    await typeInto(p, 'f-person-0-birthDate', '1975-02-30');
    expect(textOf(p, 'f-person-0-birthDate-error')).toBe('出生日期不是有效日期（按 年-月-日 填写，如 2021-09-28）');
    expect(total(p)).toBe('25');
    expect(textOf(p, 'stale')).toBe('分数未更新：还有 1 处需要改正，显示的是上次的结果');
    await typeInto(p, 'f-person-0-birthDate', '1985-03-01'); // 36 → 5 + 20×2 = 45, capped at 30
    expect(total(p)).toBe('30');
    expect(has(p, 'stale')).toBe(false);
    expect(has(p, 'f-person-0-birthDate-error')).toBe(false);
  });

  it('leads from the result to 去申请 while applications are accepted', async () => {
    const p = await open();
    await fillBirthDate(p);
    await stepTo(p, 6);
    expect(textOf(p, 'apply-lead')).toBe('2021 年度积分申请正在受理（2021年9月28日至2021年10月31日），可以去申请');
    const navigate = jest.spyOn(wx, 'navigateTo');
    await tapButton(p, 'go-apply');
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/points/pages/apply/apply' }));
    navigate.mockRestore();
  });

  it('says when applications open, or that they have closed, instead of 去申请', () => {
    const before = applyLead({ round: ROUND_2021, phase: 'before-application' });
    expect(before).toEqual({
      canApply: false,
      text: '2021 年度积分申请将于2021年9月28日开始受理（2021年9月28日至2021年10月31日）',
    });
    const after = applyLead({ round: ROUND_2021, phase: 'settlement' });
    expect(after).toEqual({
      canApply: false,
      text: '2021 年度积分申请已于2021年10月31日截止，下一年度的受理时间以公布为准',
    });
    const known = applyLead({
      round: ROUND_2021,
      phase: 'closed',
      next: { phase: 'application', from: '2022-09-26', roundId: '2022' },
    });
    expect(known?.text).toBe('2021 年度积分申请已于2021年10月31日截止，下一次2022年9月26日起受理');
  });

  it('shows the sheet with reasons, confidence tags, caps and hints on the result step', async () => {
    const p = await open();
    await fillBirthDate(p);
    await stepTo(p, 2);
    await tapButton(p, 'add-socialInsurance');
    await typeInto(p, 'f-socialInsurance-0-from', '2012-03');
    await typeInto(p, 'f-socialInsurance-0-to', '2021-12'); // runs past the cutoff month
    await stepTo(p, 6);
    expect(total(p)).toBe('82.5');
    const b4 = textOf(p, 'line-B4');
    expect(b4).toContain('+57.5 分');
    expect(b4).toContain('政策已明确');
    expect(b4).toContain('上限 120 分');
    expect(b4).toContain('✓ 计分');
    const b1 = textOf(p, 'line-B1');
    expect(b1).toContain('1975年3月1日');
    const b3 = textOf(p, 'line-B3');
    expect(b3).toContain('推定');
    expect(textOf(p, 'line-P9')).toContain('暂不计分');
    expect(textOf(p, 'hints')).toMatch(/取得.*\+\d/);
    expect(textOf(p, 'result-verdict')).toContain('还差 17.5 分');
    expect(textOf(p, 'result-verdict')).toContain('100 分是申请资格');
  });

  it('saves a draft, lists it again for the same person, and fills the form from it', async () => {
    const p = await open('applicant-a');
    await fillBirthDate(p);
    await typeInto(p, 'draft-title', '我的 2021 测算');
    await tapButton(p, 'save-draft');
    await waitFor(() => p.comp.data.save.state !== 'saving', 'saved');
    expect(textOf(p, 'save-message')).toBe('已保存“我的 2021 测算”');

    const again = await open('applicant-a');
    await tapButton(again, 'toggle-drafts');
    await waitFor(() => again.comp.data.drafts.state !== 'loading', 'drafts listed');
    expect(textOf(again, 'draft-0')).toContain('我的 2021 测算');
    expect(textOf(again, 'draft-0')).toContain('测算 25 分');
    expect(textOf(again, 'draft-0')).toContain('更新于 2021年10月8日 10:00');

    byId(again, 'draft-open-0').dispatchEvent('tap');
    await waitFor(() => !again.comp.data.drafts.open, 'draft opened');
    expect(total(again)).toBe('25');
    expect(again.comp.data.sections[0].entries[0].fields[2].value).toBe('1975-03-01');
    expect(again.comp.data.save.title).toBe('我的 2021 测算');

    // Delete it: asked first, then the list says there is none left.
    await tapButton(again, 'toggle-drafts');
    await waitFor(() => again.comp.data.drafts.state === 'ready', 'drafts listed');
    expect(textOf(again, 'draft-0')).toContain('（正在编辑）');
    await tapButton(again, 'draft-remove-0');
    await confirmDialog(again);
    await waitFor(() => again.comp.data.drafts.state === 'empty', 'list empty');
    expect(textOf(again, 'drafts-empty')).toContain('还没有保存的草稿');
  });

  it('asks before deleting a draft, naming it; 取消 keeps it', async () => {
    const p = await open('applicant-a');
    await typeInto(p, 'draft-title', '甲的草稿');
    await tapButton(p, 'save-draft');
    await waitFor(() => p.comp.data.save.state === 'saved', 'saved');
    await tapButton(p, 'toggle-drafts');
    await waitFor(() => p.comp.data.drafts.state === 'ready', 'drafts listed');
    await tapButton(p, 'draft-remove-0');
    expect(dialogText(p)).toContain('删除草稿');
    expect(dialogText(p)).toContain('删除“甲的草稿”后不能恢复');
    expect(await store.listDrafts('applicant-a')).toHaveLength(1);
    await cancelDialog(p);
    expect(p.comp.data.confirm.visible).toBe(false);
    expect((await store.listDrafts('applicant-a')).map((d) => d.title)).toEqual(['甲的草稿']);
    expect(textOf(p, 'draft-0')).toContain('甲的草稿');
  });

  it('undoes the removal of an entry: 撤销 puts it back as it was', async () => {
    const p = await open('applicant-a');
    await fillBirthDate(p);
    await stepTo(p, 1);
    await tapButton(p, 'add-education');
    await typeInto(p, 'f-education-0-obtainedOn', '2009-06-30');
    await chooseOption(p, 'f-education-0-level', 2); // 本科
    expect(total(p)).toBe('75');
    await tapButton(p, 'remove-education-0');
    expect(total(p)).toBe('25');
    expect(textOf(p, 'undo-education')).toContain('已删除学历 1');
    await tapButton(p, 'undo-btn');
    expect(has(p, 'undo-education')).toBe(false);
    expect(total(p)).toBe('75');
    expect(p.comp.data.sections[0].entries[0].fields.find((f: { key: string }) => f.key === 'obtainedOn').value).toBe(
      '2009-06-30',
    );
    // The offer lasts until the next change.
    await tapButton(p, 'remove-education-0');
    await tapButton(p, 'add-education');
    expect(has(p, 'undo-education')).toBe(false);
  });

  it('walks every step of the worked example (张伟) and explains its 202 points', async () => {
    const transport = inProcessTransport(store, 'applicant-a', OCT_8_2021);
    const saved = (await transport('applicant', {
      action: 'draft.save',
      payload: { title: '张伟', profile: example },
      requestId: 'example-zhang-wei',
    })) as { ok: true; data: { draft: { draftId: string } } };
    const p = await open('applicant-a', transport);
    p.comp.instance.onLoad({ draftId: saved.data.draft.draftId });
    await waitFor(() => has(p, 'total'), 'draft loaded');
    expect(total(p)).toBe('202');
    expect(textOf(p, 'verdict')).toContain('已达到 100 分准申请分值');
    expect(p.comp.data.sections[0].entries[0].fields[1].value).toBe('330106198705120018');

    const seen: string[] = [];
    for (let i = 1; i <= 5; i++) {
      await tapButton(p, 'next');
      seen.push(...(p.comp.data.sections as { title: string }[]).map((s) => s.title));
    }
    expect(seen).toEqual([
      '学历学位',
      '专业技术职称/技能等级',
      '社保缴纳',
      '居住登记/居住证',
      '自有住房',
      '租房',
      '表彰奖励',
      '造血干细胞捐献',
      '无偿献血',
      '志愿服务',
      '慈善捐赠',
      '发明专利',
      '纳税',
      '可能减分的记录',
      '一票否决情形',
    ]);
    expect(textOf(p, 'sec-records')).toContain('记录 第 2 条');
    await tapButton(p, 'next');
    expect(p.comp.data.isResult).toBe(true);
    expect(textOf(p, 'line-B2')).toContain('只计最高一项');
    expect(textOf(p, 'line-P4')).toContain('同一事项的多项表彰只计最高一项（事项“2019 抗台志愿服务”）');
    expect(textOf(p, 'line-D3')).toContain('-60 分');
    expect(textOf(p, 'line-D4')).toContain('只按最高一项扣分');
    expect(textOf(p, 'line-P6')).toContain('2021年10月5日');
    expect(textOf(p, 'hints')).toContain('再献血 200 毫升 +1');

    await tapButton(p, 'prev');
    // Without the detention (−60), the dishonesty record of the same incident deducts instead (−40).
    await tapButton(p, 'remove-records-1');
    expect(textOf(p, 'sec-records')).not.toContain('记录 第 2 条');
    expect(total(p)).toBe('222');
    await tapButton(p, 'remove-records-0');
    expect(total(p)).toBe('262');
    expect(textOf(p, 'sec-records')).toContain('还没有填写记录');
    await tapButton(p, 'add-records');
    await typeInto(p, 'f-records-0-date', '2019-03-01');
    await chooseOption(p, 'f-records-0-kind', 2); // 行政拘留或司法拘留
    expect(total(p)).toBe('202');
  });

  it('shows a long line ten facts at a time with 上一页 / 下一页, every fact reachable, each setData under 16 KB', async () => {
    const p = await open('applicant-a');
    const mount = requireNow<typeof import('../../miniprogram/utils/mount')>(path.join(MINIPROGRAM, 'utils/mount'));
    const ctl = mount.controllerOf<SimulateController>(p.comp.instance);
    if (!ctl) throw new Error('no controller mounted');
    // 500 blood donations, 200 honours, 500 social-insurance spells: more than a draft holds, so loaded directly.
    ctl.loadProfile(profileAtLimits() as Record<string, unknown>);
    await settle(2);
    await stepTo(p, 6);
    expect(p.comp.data.isResult).toBe(true);
    expect(textOf(p, 'facts-text-P6')).toBe('第 1–10 条，共 501 条');
    expect(has(p, 'facts-prev-P6')).toBe(false);
    const firstPage = textOf(p, 'line-P6');
    expect(firstPage).toContain('2008年1月1日 献全血 200 毫升');
    expect(firstPage).not.toContain('2008年3月11日'); // the 11th donation
    await tapButton(p, 'facts-next-P6');
    expect(textOf(p, 'facts-text-P6')).toBe('第 11–20 条，共 501 条');
    expect(textOf(p, 'line-P6')).toContain('2008年3月11日 献全血 200 毫升');
    expect(textOf(p, 'line-P6')).not.toContain('2008年1月1日');
    // Other lines stay on their own page.
    expect(textOf(p, 'facts-text-P3')).toBe('第 1–10 条，共 100 条');
    await tapButton(p, 'facts-prev-P6');
    expect(textOf(p, 'facts-text-P6')).toBe('第 1–10 条，共 501 条');
    // The last page of a line: the facts that did not count come after those that did, the reason beside each.
    for (let i = 0; i < 9; i++) await tapButton(p, 'facts-next-P3');
    expect(textOf(p, 'facts-text-P3')).toBe('第 91–100 条，共 100 条');
    expect(has(p, 'facts-next-P3')).toBe(false);
    expect(textOf(p, 'line-P3')).toContain('✗ 不计分');
    expect(textOf(p, 'line-P3')).toContain('优秀志愿者第 199 号（2017年12月18日）：已达该项上限');
    expect(maxSetDataBytes(p.id)).toBeLessThanOrEqual(16 * 1024);
  });

  it('lists a long list of the form five entries at a time; edits reach the right entry, a new one shows on its page', async () => {
    const p = await open('applicant-a');
    const mount = requireNow<typeof import('../../miniprogram/utils/mount')>(path.join(MINIPROGRAM, 'utils/mount'));
    const ctl = mount.controllerOf<SimulateController>(p.comp.instance);
    if (!ctl) throw new Error('no controller mounted');
    ctl.loadProfile(profileAtLimits() as Record<string, unknown>);
    await settle(2);
    await stepTo(p, 2);
    expect(textOf(p, 'entries-text-socialInsurance')).toBe('第 1–5 条，共 500 条');
    expect(has(p, 'f-socialInsurance-0-from')).toBe(true);
    expect(has(p, 'f-socialInsurance-5-from')).toBe(false);
    expect(has(p, 'entries-prev-socialInsurance')).toBe(false);
    // An error of an entry on another page is not hidden: the section lists it, naming the entry.
    ctl.changeField('socialInsurance', 37, 'from', '2021-13');
    await settle(2);
    expect(textOf(p, 'sec-socialInsurance')).toContain('社保缴纳 · 第 38 条 · 起始：起始月份不是有效月份');
    ctl.changeField('socialInsurance', 37, 'from', '2007-01');
    await settle(2);
    expect(textOf(p, 'sec-socialInsurance')).not.toContain('第 38 条');
    await tapButton(p, 'entries-next-socialInsurance');
    expect(textOf(p, 'entries-text-socialInsurance')).toBe('第 6–10 条，共 500 条');
    expect(has(p, 'f-socialInsurance-0-from')).toBe(false);
    expect(textOf(p, 'sec-socialInsurance')).toContain('社保时段 第 6 条');
    await typeInto(p, 'f-socialInsurance-5-to', '2021-08');
    const spells = ctl.profileSnapshot().socialInsurance as { to: string }[];
    expect(spells[5]?.to).toBe('2021-08');
    expect(spells[4]?.to).toBe('2021-09');
    await tapButton(p, 'add-socialInsurance');
    expect(textOf(p, 'entries-text-socialInsurance')).toBe('第 501 条，共 501 条');
    expect(has(p, 'f-socialInsurance-500-from')).toBe(true);
    // A step of this profile used to send every entry's fields at once: over a megabyte.
    expect(maxSetDataBytes(p.id)).toBeLessThanOrEqual(32 * 1024);
  });

  it('a vetoed profile reads as a veto first, in words and icon, never “已达到”, and offers no hints', async () => {
    const transport = inProcessTransport(store, 'applicant-a', OCT_8_2021);
    const saved = (await transport('applicant', {
      action: 'draft.save',
      payload: { title: '张伟（否决）', profile: { ...example, vetoFacts: [{ kind: 'robbery' }] } },
      requestId: 'example-zhang-wei-vetoed',
    })) as { ok: true; data: { draft: { draftId: string } } };
    const p = await open('applicant-a', transport);
    p.comp.instance.onLoad({ draftId: saved.data.draft.draftId });
    await waitFor(() => has(p, 'total'), 'draft loaded');
    expect(total(p)).toBe('202');
    expect(textOf(p, 'verdict')).toBe('一票否决（抢劫罪）：不能申请积分落户');
    expect(textOf(p, 'summary')).not.toContain('已达到');
    // The verdict comes before the points in the summary, and its icon is the refusal's, not the tick.
    expect(textOf(p, 'summary').indexOf('一票否决')).toBeLessThan(textOf(p, 'summary').indexOf('202'));
    expect(p.comp.data.summary.icon).toBe('close-circle');
    for (let i = 1; i <= 6; i++) await tapButton(p, 'next');
    expect(p.comp.data.isResult).toBe(true);
    const verdict = textOf(p, 'result-verdict');
    expect(verdict.indexOf('一票否决（抢劫罪）')).toBe(0);
    expect(verdict).not.toContain('已达到');
    expect(p.comp.data.sheet.verdict.icon).toBe('close-circle');
    expect(has(p, 'hints')).toBe(false);
  });

  it('tests without consent; the first save asks for the notice there and saves nothing until agreed', async () => {
    const p = await open('applicant-new');
    await fillBirthDate(p);
    expect(total(p)).toBe('25');
    await typeInto(p, 'draft-title', '我的测算');
    await tapButton(p, 'save-draft');
    await waitFor(() => has(p, 'consent'), 'asked');
    expect(textOf(p, 'consent-text')).toContain('请先阅读并同意《个人信息保护指引》');
    expect(has(p, 'open-privacy')).toBe(true);
    expect(await store.listDrafts('applicant-new')).toEqual([]);
  });

  describe('privacy asked once before the first save', () => {
    type Resolve = (r: { event: string; buttonId?: string }) => void;
    const wxAny = wx as unknown as Record<string, unknown>;
    afterEach(() => {
      delete wxAny.onNeedPrivacyAuthorization;
      delete wxAny.requirePrivacyAuthorize;
    });
    /** WeChat's listener API; `raise` makes WeChat ask (as its privacy-protected APIs do before an agreement). */
    function wechat(): { raise(): jest.Mock; popup: jest.Mock } {
      let listener: ((resolve: Resolve) => void) | null = null;
      wxAny.onNeedPrivacyAuthorization = (l: (resolve: Resolve) => void) => (listener = l);
      const popup = jest.fn((o: { success: () => void }) => o.success());
      wxAny.requirePrivacyAuthorize = popup;
      return {
        popup,
        raise() {
          const resolve = jest.fn();
          if (listener) listener(resolve);
          return resolve;
        },
      };
    }
    const accepted = async (who: string) =>
      (await inProcessTransport(store, who, OCT_8_2021)('applicant', { action: 'privacy.status', payload: {} })) as {
        data: { accepted: boolean };
      };

    it('同意并保存 answers WeChat’s own request with the page’s button, records the agreement and saves the draft', async () => {
      const w = wechat();
      const p = await open('applicant-new');
      await fillBirthDate(p);
      await typeInto(p, 'draft-title', '我的测算');
      await tapButton(p, 'save-draft');
      await waitFor(() => has(p, 'consent'), 'asked');
      const resolve = w.raise();
      await tapButton(p, 'consent-agree');
      await waitFor(() => p.comp.data.save.state === 'saved', 'saved');
      expect(resolve).toHaveBeenCalledTimes(1);
      expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: 'consent-agree' });
      expect(w.popup).not.toHaveBeenCalled();
      expect(has(p, 'consent')).toBe(false);
      expect(textOf(p, 'save-message')).toBe('已保存“我的测算”');
      expect((await accepted('applicant-new')).data.accepted).toBe(true);
      expect((await store.listDrafts('applicant-new')).map((d) => d.title)).toEqual(['我的测算']);
      // Asked once: the next save goes straight through.
      await typeInto(p, 'draft-title', '我的测算 2');
      await tapButton(p, 'save-draft');
      await waitFor(() => p.comp.data.save.state === 'saved', 'saved again');
      expect(has(p, 'consent')).toBe(false);
    });

    it('without a pending request, 同意并保存 asks WeChat once itself', async () => {
      const w = wechat();
      const p = await open('applicant-new');
      await typeInto(p, 'draft-title', '我的测算');
      await tapButton(p, 'save-draft');
      await waitFor(() => has(p, 'consent'), 'asked');
      await tapButton(p, 'consent-agree');
      await waitFor(() => p.comp.data.save.state === 'saved', 'saved');
      expect(w.popup).toHaveBeenCalledTimes(1);
    });

    it('不同意 declines WeChat’s request, records nothing, saves nothing and says testing goes on', async () => {
      const w = wechat();
      const p = await open('applicant-new');
      await fillBirthDate(p);
      await typeInto(p, 'draft-title', '我的测算');
      await tapButton(p, 'save-draft');
      await waitFor(() => has(p, 'consent'), 'asked');
      const resolve = w.raise();
      const before = JSON.stringify(store.dump());
      await tapButton(p, 'consent-decline');
      expect(resolve).toHaveBeenCalledWith({ event: 'disagree' });
      expect(has(p, 'consent')).toBe(false);
      expect(textOf(p, 'save-message')).toContain('草稿没有保存，也不会记录任何个人信息');
      expect(JSON.stringify(store.dump())).toBe(before);
      expect((await accepted('applicant-new')).data.accepted).toBe(false);
      expect(total(p)).toBe('25');
    });
  });

  it('does not show one person’s drafts to another', async () => {
    const a = await open('applicant-a');
    await typeInto(a, 'draft-title', '甲的草稿');
    await tapButton(a, 'save-draft');
    await waitFor(() => a.comp.data.save.state === 'saved', 'saved');

    const b = await open('applicant-b');
    await tapButton(b, 'toggle-drafts');
    await waitFor(() => b.comp.data.drafts.state !== 'loading', 'drafts listed');
    expect(has(b, 'drafts-empty')).toBe(true);
    expect(textOf(b, 'drafts')).not.toContain('甲的草稿');
  });

  it('opens a draft named in the page query, and shows the error envelope’s Chinese message when it does not exist', async () => {
    const transport = inProcessTransport(store, 'applicant-a', OCT_8_2021);
    const envelope = (await transport('applicant', { action: 'draft.get', payload: { draftId: 'no-such-draft' } })) as {
      ok: boolean;
      code: string;
      message: string;
    };
    expect(envelope).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(envelope.message).toMatch(/[\u4e00-\u9fff]/);

    const p = await open('applicant-a', transport);
    p.comp.instance.onLoad({ draftId: 'no-such-draft' });
    await waitFor(() => p.comp.data.drafts.message !== '', 'error shown');
    expect(textOf(p, 'drafts-message')).toBe(envelope.message);
  });

  it('shows the envelope’s Chinese message when the round cannot be loaded, and retries', async () => {
    let calls = 0;
    const real = inProcessTransport(store, 'applicant-a', OCT_8_2021);
    const p = await open('applicant-a', async (fn, body) => (++calls === 1 ? fail('NO_OPEN_ROUND') : real(fn, body)));
    expect(textOf(p, 'load-error')).toBe('当前没有开放的积分年度');
    await tapButton(p, 'retry');
    await waitFor(() => p.comp.data.load.state === 'ready', 'ready after retry');
    expect(textOf(p, 'round-text')).toContain('2021 年度');
  });

  it('retries a failed save with the same request id, and uses a new one for new content', async () => {
    const real = inProcessTransport(store, 'applicant-a', OCT_8_2021);
    const saves: string[] = [];
    let failNext = true;
    const p = await open('applicant-a', async (fn, body) => {
      if (body.action === 'draft.save') {
        saves.push(body.requestId ?? '');
        if (failNext) {
          failNext = false;
          throw new Error('socket hang up');
        }
      }
      return real(fn, body);
    });
    await typeInto(p, 'draft-title', '草稿一');
    await tapButton(p, 'save-draft');
    await waitFor(() => p.comp.data.save.state === 'error', 'save failed');
    expect(textOf(p, 'save-message')).toBe('暂时无法连接服务，请检查网络后重试');
    await tapButton(p, 'save-draft');
    await waitFor(() => p.comp.data.save.state === 'saved', 'saved on retry');
    await fillBirthDate(p);
    await tapButton(p, 'save-draft');
    await waitFor(() => p.comp.data.save.state === 'saved', 'saved again');
    expect(saves).toHaveLength(3);
    expect(saves[1]).toBe(saves[0]);
    expect(saves[2]).not.toBe(saves[1]);
    expect(saves[0]).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it('scales text with the WeChat font size (关怀模式)', async () => {
    const spy = jest.spyOn(wx, 'getAppBaseInfo').mockReturnValue({ ...wx.getAppBaseInfo(), fontSizeScaleFactor: 1.3 });
    const p = await open();
    spy.mockRestore();
    expect(p.comp.data.fontScale).toBe(1.3);
    const style = (p.comp.querySelector('.page')!.dom as HTMLElement).getAttribute('style') ?? '';
    expect(p.comp.data.careStyle).toContain('font-size:42rpx'); // 32rpx × 1.3
    expect(p.comp.data.careStyle).toContain('--td-font-size-body-medium:36rpx'); // TDesign's 28rpx × 1.3
    // On the page root (simulate renders rpx as px).
    expect(style).toContain('--care-scale:1.3');
    expect(style).toMatch(/(^|;)font-size:42(rpx|px)/);
  });
});
