/**
 * 积分落户申请 in the mini program, through the real applicant, reviewer and documents functions on SQLite: a person
 * at exactly 100 confirmed points applies from the case page (conditions on open, address and proof, materials on
 * the apply page's cards, summary and 诚信承诺, receipt); a person with a dispute open is refused on open with the
 * reason in words and nothing is written; the case's progress goes on to 落户审核, the notice's last valid day and
 * 已过期; 市公安局 reviews in the reviewer workspace; the submit tap asks for 落户办理进度 and keeps whoever accepted.
 */
import { issueAdmissionNotice } from '../../cloudfunctions/_core/notices';
import { asRead, loadCalendar } from '../../cloudfunctions/_core/cases';
import { SETTLEMENT, transition } from '../../shared/lifecycle';
import { person, profileWith, type Person, type SettleWorld } from '../cloudfunctions/settlement-fixtures';
import { idNumberFor } from '../cloudfunctions/reviewer-fixtures';
import { byId, jpeg, nextPhotos, settle, tapButton, textOf, typeInto, waitFor, type Rendered } from './harness';
import { loaded, tapAndWait, worldPerTest, type World } from './world';

jest.setTimeout(90_000);

let w: World;
/** Monday 22 November 2021: inside the 2021 settlement window, after the cases' confirmation (19 November). */
worldPerTest(__filename, '2021-11-22T10:00:00+08:00', (x) => (w = x));

const POLICE = 'police-a';
let seq = 500;

/** A person whose points case is confirmed (or `to`) with a current voucher, bound to `openid`. */
async function someone(openid: string, total: '100' | '99.5', to?: 'disputed' | 'confirmed'): Promise<Person> {
  const profile = profileWith(total, idNumberFor('1991-03-15', ++seq));
  // The fixtures' person() writes only through the store.
  return person({ store: w.store } as unknown as SettleWorld, openid, to ? { profile, to } : { profile });
}

/** Fills the settlement form: 西湖区, an address, the first proof, both declarations; saves. */
async function fillAndSave(p: Rendered): Promise<void> {
  byId(p, 'district-picker').dispatchEvent('change', { detail: { value: 2 } }); // 西湖区
  await settle(2);
  await typeInto(p, 'address', '杭州市西湖区文三路 100 号 1 幢 201 室');
  byId(p, 'proof-0').dispatchEvent('tap');
  await waitFor(() => p.comp.data.form.needs.length > 0, 'checklist for the proof');
  byId(p, 'declare-noUrbanHukou').dispatchEvent('tap');
  byId(p, 'declare-fullCapacity').dispatchEvent('tap');
  await settle(2);
  await tapAndWait(p, 'save-btn', () => p.comp.data.saveOp.state !== 'saving', 'saved');
  if (p.comp.data.saveOp.state !== 'saved') throw new Error(`not saved: ${p.comp.data.saveOp.message}`);
}

/** Uploads a photo on every line of the checklist. */
async function uploadEvery(p: Rendered): Promise<void> {
  const n = p.comp.data.materials.lines.length;
  for (let i = 0; i < n; i++) {
    nextPhotos([jpeg(`材料${i + 1}.jpg`)]);
    await tapAndWait(p, `mat-${i}-photo`, () => p.comp.data.materials.lines[i].state === 'attached', `line ${i}`);
  }
}

/** Applies through the settle page, as the person does; returns the page showing the receipt. */
async function applyByPage(who: Person): Promise<Rendered> {
  const p = w.open('settle', who.openid, { applicationId: who.app.id });
  await loaded(p);
  await fillAndSave(p);
  await uploadEvery(p);
  await tapButton(p, 'to-confirm');
  await settle(4);
  byId(p, 'pledge').dispatchEvent('tap');
  await settle(2);
  await tapAndWait(p, 'submit-btn', () => p.comp.data.submitOp.state !== 'saving', 'submitted');
  return p;
}

describe('积分落户申请 from the case page', () => {
  it('lets a person at exactly 100 points apply from the case page, with the summary and 诚信承诺, and shows the receipt', async () => {
    const wang = await someone('wang', '100');
    const c = w.open('case', 'wang', { applicationId: wang.app.id });
    await loaded(c);
    await waitFor(() => !!c.comp.querySelector('#btn-settle'), 'settle button');
    expect(textOf(c, 'step-settleApply')).toContain('落户申请');
    const nav = jest.spyOn(wx, 'navigateTo');
    await tapButton(c, 'btn-settle');
    expect(nav).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/points/pages/settle/settle?applicationId=${wang.app.id}` }),
    );

    const p = w.open('settle', 'wang', { applicationId: wang.app.id });
    await loaded(p);
    expect(textOf(p, 'conditions-summary')).toBe('符合积分落户申请条件');
    expect(textOf(p, 'conditions')).toContain('确认积分 100 分，已达到 100 分准申请分值');
    await fillAndSave(p);
    expect(p.comp.data.stage).toBe('materials');
    await uploadEvery(p);
    expect(textOf(p, 'materials-summary')).toBe('材料已齐全');
    await tapButton(p, 'to-confirm');
    await settle(4);
    expect(textOf(p, 'confirm')).toContain('拟落户地址西湖区 杭州市西湖区文三路 100 号 1 幢 201 室');
    expect(textOf(p, 'pledge-text')).toContain('如有弄虚作假');
    expect(textOf(p, 'no-change-note')).toContain('提交后不能修改');

    // Without the 诚信承诺 nothing is submitted.
    await tapButton(p, 'submit-btn');
    expect(textOf(p, 'submit-message')).toBe('请先阅读并勾选上面的诚信承诺');
    const draft = await w.store.findSettlementByPerson(wang.app.personKey, '2021');
    expect(draft).toMatchObject({ status: 'draft' });
    expect(draft?.receiptNumber).toBeUndefined();

    byId(p, 'pledge').dispatchEvent('tap');
    await settle(2);
    await tapAndWait(p, 'submit-btn', () => p.comp.data.submitOp.state !== 'saving', 'submitted');
    expect(p.comp.data.submitOp.state).toBe('saved');
    await waitFor(() => !!p.comp.querySelector('#receipt'), 'receipt');
    const receipt = textOf(p, 'receipt');
    expect(receipt).toMatch(/回执编号LH2021-\S+/);
    expect(receipt).toContain('受理日期2021年11月22日');
    expect(receipt).toContain('确认积分100 分');
    expect(textOf(p, 'receipt-status')).toBe('已受理，审核中');

    // The case page goes on: 落户审核, with the receipt.
    const again = w.open('case', 'wang', { applicationId: wang.app.id });
    await loaded(again);
    await waitFor(() => again.comp.data.progress?.now.key === 'settleReview', 'at 落户审核');
    expect(textOf(again, 'now-text')).toMatch(/^户籍窗口正在审核您的落户申请（回执 LH2021-/);
    expect(textOf(again, 'step-settleApply')).toContain('2021年11月22日');
    expect(again.comp.querySelector('#btn-settle')).toBeUndefined();
  });

  it('refuses on open, in words, a person whose dispute is still open, and writes nothing', async () => {
    const li = await someone('li', '100', 'disputed');
    const before = await w.store.findSettlementByPerson(li.app.personKey, '2021');
    const p = w.open('settle', 'li', { applicationId: li.app.id });
    await loaded(p);
    expect(textOf(p, 'conditions-summary')).toMatch(/^暂不能申请积分落户：有 \d 项条件不符合$/);
    const failed = p.comp.data.conditions.failed.map((f: { label: string }) => f.label);
    expect(failed).toContain('没有正在处理的异议或复核');
    expect(textOf(p, 'conditions')).toContain('复核结果公布前不能申请积分落户');
    expect(p.comp.querySelector('#form')).toBeUndefined();
    expect(p.comp.querySelector('#back-to-case')).toBeTruthy();
    expect(before).toBeNull();
    expect(await w.store.findSettlementByPerson(li.app.personKey, '2021')).toBeNull();
  });

  it('shows a person at 99.5 why they cannot apply, without a form', async () => {
    const zhao = await someone('zhao', '99.5');
    const p = w.open('settle', 'zhao', { applicationId: zhao.app.id });
    await loaded(p);
    expect(textOf(p, 'failed-0')).toContain('确认积分 99.5 分，未达到 100 分准申请分值（还差 0.5 分）');
    expect(p.comp.querySelector('#form')).toBeUndefined();
    const c = w.open('case', 'zhao', { applicationId: zhao.app.id });
    await loaded(c);
    await waitFor(() => !!c.comp.querySelector('#btn-settle'), 'button');
    expect(c.comp.data.progress.buttons).toEqual([
      { id: 'settle', label: '查看积分落户条件', url: `/points/pages/settle/settle?applicationId=${zhao.app.id}` },
    ]);
  });
});

/** Moves a verified application as the line's run does: admitted, then its notice on `day`. */
async function admitAndNotice(settlementId: string, day: string): Promise<void> {
  const calendar = await loadCalendar(w.store);
  const at = new Date(`${day}T02:00:00.000Z`).toISOString();
  const s = (await w.store.getSettlement(settlementId))!;
  const status = transition(SETTLEMENT, s.status, 'admit', 'system', undefined);
  await w.store.putSettlement({ ...s, status, admittedAt: at, line: null, updatedAt: at }, asRead(s));
  await w.store.transaction(async (tx) => {
    const admitted = (await tx.getSettlement(settlementId))!;
    await issueAdmissionNotice(tx, admitted, { today: day, at, calendar, actor: 'system' });
  });
}

describe('市公安局 and the notice', () => {
  it('verifies in the reviewer workspace; the progress shows the notice valid until its last day, then 已过期', async () => {
    await w.grantReviewer(POLICE, '市公安局');
    const wang = await someone('wang', '100');
    await applyByPage(wang);

    const q = w.open('settlements', POLICE);
    await loaded(q);
    expect(textOf(q, 'item-0')).toContain('王*');
    expect(textOf(q, 'item-0')).toContain('确认积分 100 分');
    const settlementId = q.comp.data.items[0].settlementId as string;

    const r = w.open('settlement', POLICE, { settlementId });
    await loaded(r);
    expect(textOf(r, 'head')).toContain(wang.app.identity.idNumber);
    expect(r.comp.data.choices.map((c: { value: string }) => c.value)).toEqual(['verify', 'return', 'reject']);
    byId(r, 'choice-reject').dispatchEvent('tap');
    await settle(2);
    await tapButton(r, 'decide');
    expect(textOf(r, 'op-message')).toBe('请填写不予通过的原因');
    expect((await w.store.getSettlement(settlementId))?.status).toBe('submitted');
    byId(r, 'choice-verify').dispatchEvent('tap');
    await settle(2);
    await tapAndWait(r, 'decide', () => r.comp.data.op.state !== 'saving', 'verified');
    expect(textOf(r, 'op-message')).toBe('已提交：审核通过');
    expect((await w.store.getSettlement(settlementId))?.status).toBe('verified');

    // The line's run (settle-line) admits and, after publicity, issues the notice on 2022-03-17.
    w.clock.set('2022-03-17T10:00:00+08:00');
    await admitAndNotice(settlementId, '2022-03-17');
    const c = w.open('case', 'wang', { applicationId: wang.app.id });
    await loaded(c);
    await waitFor(() => c.comp.data.progress?.now.key === 'notice', 'at the notice');
    const until = (await w.store.getSettlement(settlementId))!.noticeValidUntil as string;
    const untilText = `${Number(until.slice(0, 4))}年${Number(until.slice(5, 7))}月${Number(until.slice(8))}日`;
    expect(textOf(c, 'step-notice')).toContain(`有效期至 ${untilText}`);
    expect(textOf(c, 'now-text')).toContain(`有效期至 ${untilText}`);
    // 查看准入通知书 is offered while the notice is valid (opening its PDF is covered by the documents function's tests).
    expect(c.comp.data.progress.buttons.map((b: { label: string }) => b.label)).toEqual(['查看准入通知书']);

    // Unused past its last valid day, the scheduler expires it: 已过期.
    w.clock.set('2022-06-01T10:00:00+08:00');
    const ran = await w.call('system:timer', 'scheduler', 'publish', {});
    expect(ran.ok).toBe(true);
    expect((await w.store.getSettlement(settlementId))?.status).toBe('expired');
    const late = w.open('case', 'wang', { applicationId: wang.app.id });
    await loaded(late);
    await waitFor(() => late.comp.data.progress?.steps.at(-1)?.title === '已过期', '已过期');
    expect(textOf(late, 'step-settled')).toContain('已过期');
    expect(textOf(late, 'step-notice')).toContain(`有效期至 ${untilText}，已过期`);
    expect(textOf(late, 'now-text')).toBe(`准入通知书有效期至 ${untilText}，已过期，未办理落户。`);
    expect(textOf(late, 'progress')).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await waitFor(() => late.comp.data.audit.state !== 'loading', 'audit loaded');
    expect(textOf(late, 'audit')).toContain('系统 · 准入通知书过期');
    expect(textOf(late, 'audit')).not.toMatch(/[a-z]+\.[a-z]+/);
  });
});

describe('市公安局 returns for correction', () => {
  it('offers 落户审核 on the home page only to the settlement department’s reviewers', async () => {
    await w.grantReviewer(POLICE, '市公安局');
    await w.grantReviewer('edu-a', '市教育局');
    const police = w.open('home', POLICE);
    await waitFor(() => textOf(police, 'entries').includes('落户审核'), '落户审核 entry');
    const edu = w.open('home', 'edu-a');
    await waitFor(() => textOf(edu, 'entries').includes('阅卷工作台'), 'reviewer entries');
    expect(textOf(edu, 'entries')).not.toContain('落户审核');
  });

  it('asks with a reason; the person sees it on the home page and the settle page, corrects and resubmits', async () => {
    await w.grantReviewer(POLICE, '市公安局');
    const wang = await someone('wang', '100');
    await applyByPage(wang);
    const settlementId = (await w.store.findSettlementByPerson(wang.app.personKey, '2021'))!.id;

    const r = w.open('settlement', POLICE, { settlementId });
    await loaded(r);
    byId(r, 'choice-return').dispatchEvent('tap');
    await settle(2);
    await tapButton(r, 'decide');
    expect(textOf(r, 'op-message')).toBe('请填写退回补正的原因');
    expect((await w.store.getSettlement(settlementId))?.status).toBe('submitted');
    await typeInto(r, 'reason', '房屋所有权证复印件不清晰');
    await typeInto(r, 'missing', '清晰的房屋所有权证复印件');
    await tapAndWait(r, 'decide', () => r.comp.data.op.state !== 'saving', 'returned');
    expect(textOf(r, 'op-message')).toBe('已提交：退回补正');

    const home = w.open('home', 'wang');
    await waitFor(() => home.comp.data.todos.length > 0, 'to-dos');
    expect(textOf(home, 'todo-0')).toContain('王芳：落户申请需要补正');
    expect(textOf(home, 'todo-0')).toContain('户籍窗口要求补正：房屋所有权证复印件不清晰');
    expect(home.comp.data.todos[0].url).toBe(`/points/pages/settle/settle?applicationId=${wang.app.id}`);

    const p = w.open('settle', 'wang', { applicationId: wang.app.id });
    await loaded(p);
    expect(p.comp.querySelector('#conditions')).toBeUndefined();
    expect(textOf(p, 'correction')).toBe(
      '户籍窗口要求补正：房屋所有权证复印件不清晰（需补正：清晰的房屋所有权证复印件）',
    );
    await tapAndWait(p, 'save-btn', () => p.comp.data.stage === 'materials', 'materials');
    nextPhotos([jpeg('房产证（清晰）.jpg')]);
    await tapAndWait(p, 'mat-1-photo', () => p.comp.data.materials.lines[1].files.length === 2, 'new copy');
    await tapButton(p, 'to-confirm');
    byId(p, 'pledge').dispatchEvent('tap');
    await settle(2);
    await tapAndWait(p, 'submit-btn', () => p.comp.data.submitOp.state !== 'saving', 'resubmitted');
    expect(p.comp.data.submitOp).toEqual({ state: 'saved', message: '已重新提交' });
    expect((await w.store.getSettlement(settlementId))?.status).toBe('submitted');
  });
});

describe('落户办理进度 subscription on the submit tap', () => {
  const g = global as unknown as Record<string, unknown>;
  afterEach(() => {
    delete g.__SUBSCRIBE_SETTLEMENT_TEMPLATE__;
    jest.restoreAllMocks();
  });

  /** Answers WeChat's subscribe request as the person would: `accept` or `reject` for each template asked. */
  function answerSubscribe(answer: 'accept' | 'reject'): jest.SpyInstance {
    return jest.spyOn(wx, 'requestSubscribeMessage').mockImplementation(((
      o: WechatMiniprogram.RequestSubscribeMessageOption,
    ) => {
      const res: Record<string, string> = { errMsg: 'requestSubscribeMessage:ok' };
      for (const id of o.tmplIds) res[id] = answer;
      setTimeout(() => (o.success as ((r: unknown) => void) | undefined)?.(res), 0);
    }) as typeof wx.requestSubscribeMessage);
  }

  it('asks for 落户办理进度 on the tap and keeps the person as its subscriber when they accept', async () => {
    g.__SUBSCRIBE_SETTLEMENT_TEMPLATE__ = 'tmpl-settlement';
    const ask = answerSubscribe('accept');
    const zhao = await someone('zhao', '100');
    const p = await applyByPage(zhao);
    expect(p.comp.data.submitOp.state).toBe('saved');
    expect(ask).toHaveBeenCalledTimes(1);
    expect(ask.mock.calls[0]?.[0]).toMatchObject({ tmplIds: ['tmpl-settlement'] });
    const stored = await w.store.findSettlementByPerson(zhao.app.personKey, '2021');
    expect(stored).toMatchObject({ status: 'submitted', subscribers: ['zhao'] });
  });

  it('submits all the same when the person declines, and keeps no subscriber', async () => {
    g.__SUBSCRIBE_SETTLEMENT_TEMPLATE__ = 'tmpl-settlement';
    const ask = answerSubscribe('reject');
    const qian = await someone('qian', '100');
    const p = await applyByPage(qian);
    expect(p.comp.data.submitOp.state).toBe('saved');
    expect(ask).toHaveBeenCalledTimes(1);
    const stored = await w.store.findSettlementByPerson(qian.app.personKey, '2021');
    expect(stored?.status).toBe('submitted');
    expect(stored?.subscribers ?? []).toEqual([]);
  });
});
