/**
 * The public side of the publicity (documents function, no login): the admitted list — masked name, masked ID
 * number, district, total, paginated, with its line and window — and objections to it (a contact required, text
 * checked, rate-limited, only during publicity). Also the administrator's round settings before publication. Every
 * refusal: its message, its code, the business data unchanged.
 */
import { admin } from '../../cloudfunctions/admin/handlers';
import type { ContentChecker } from '../../cloudfunctions/_core/content-check';
import { createDocuments } from '../../cloudfunctions/documents/handlers';
import { OBJECTION_RATE_MESSAGE } from '../../cloudfunctions/documents/publicity';
import type { FunctionHandler } from '../../cloudfunctions/_core/runtime';
import type { Store } from '../../cloudfunctions/_core/store';
import type { AdminApi, DocumentsApi, Envelope } from '../../shared/contracts';
import { sampleEntry, sampleLine } from '../store/publicity-sample';
import { CHINESE, data, STORES, type ResOf, type StoreHarness } from './harness';
import { beijingMorning, grant } from './reviewer-fixtures';

/** Thursday 10 March 2022: the 2021 round's line is published this day; publicity 10–16 March. */
const PUBLISHED = beijingMorning('2022-03-10');
const WINDOW = { from: '2022-03-10', to: '2022-03-16', workingDays: 5, noticesOn: '2022-03-17' };
const FULL_ID = /\d{17}[\dX]/;

/** Writes the 2021 round as published (line 140, 3 admitted), as publishing leaves it. */
async function seedPublished(store: Store, entries = 3): Promise<void> {
  const at = PUBLISHED.toISOString();
  await store.putSettlementLine(
    sampleLine('2021', at, {
      status: 'publicity',
      quota: 2,
      decision: {
        mode: 'quota',
        line: '140',
        quota: 2,
        tieRule: 'admitAllAtLine',
        qualifying: '100',
        admitted: entries,
        notAdmitted: 1,
        atLine: 2,
        overQuota: entries - 2,
        quotaFilled: true,
        tiedOut: 0,
      },
      publishedAt: at,
      publishedBy: 'wx-admin',
      publicity: WINDOW,
      moved: { admitted: entries, notAdmitted: 1 },
    }),
  );
  for (let i = 1; i <= entries; i++) {
    await store.putPublicityEntry(
      sampleEntry(`st_${i}`, i === 1 ? 1 : 2, at, { total: i === 1 ? '165.5' : '140', district: 'binjiang' }),
    );
  }
}

function caller(fn: FunctionHandler, store: Store, now: Date, contentCheck?: ContentChecker) {
  let n = 0;
  return <Api, A extends string>(
    action: A,
    payload: unknown,
    who: { openid: string | null; clientIp?: string } = { openid: null, clientIp: '203.0.113.9' },
  ): Promise<Envelope<ResOf<Api, A>>> =>
    fn({ action, payload, requestId: `req-${String(++n).padStart(4, '0')}` }, who, {
      store,
      now: () => now,
      ...(contentCheck ? { contentCheck } : {}),
    }) as Promise<Envelope<ResOf<Api, A>>>;
}

const objection = {
  roundId: '2021',
  entryId: 'pe_st_2',
  reason: '该申请人长期不在杭州居住，社保为挂靠缴纳，请核查。',
  contact: '0571-88886666',
};

describe.each(STORES)('the public admitted list and objections on %s', (_name, make) => {
  let h: StoreHarness;
  let docs: FunctionHandler;

  beforeEach(async () => {
    h = make();
    docs = createDocuments();
    await grant(h.store, 'wx-admin', 'admin');
  });
  afterEach(() => h.close());

  const list = (now: Date, payload: unknown) =>
    caller(docs, h.store, now)<DocumentsApi, 'publicity.list'>('publicity.list', payload);

  it('should show anyone, without login, the list with masked names and ID numbers, the line and the window, a page at a time', async () => {
    await seedPublished(h.store);
    const first = data(await list(beijingMorning('2022-03-11'), { roundId: '2021', limit: 2 }));
    expect(first).toMatchObject({
      round: { id: '2021', quotaMode: 'quota' },
      status: 'publicity',
      line: '140',
      total: 3,
      publicity: { from: '2022-03-10', to: '2022-03-16', workingDays: 5, objectionsOpen: true },
      tieRule: { label: '同分同录' },
    });
    expect(first.summary).toBe(
      '落户分数线 140 分（名额 2 名）：准入 3 名，其中与分数线同分者 2 名全部准入，超出名额 1 名',
    );
    expect(first.entries).toEqual([
      {
        entryId: 'pe_st_1',
        rank: 1,
        name: '张*',
        idNumber: '330106********123X',
        district: 'binjiang',
        districtName: '滨江区',
        total: '165.5',
      },
      expect.objectContaining({ entryId: 'pe_st_2', rank: 2, total: '140' }),
    ]);
    const second = data(await list(beijingMorning('2022-03-11'), { roundId: '2021', limit: 2, after: first.next }));
    expect(second.entries.map((e) => e.entryId)).toEqual(['pe_st_3']);
    expect(second.next).toBeUndefined();
    expect(JSON.stringify([first, second])).not.toMatch(FULL_ID);
  });

  it('should show the latest published round when none is named, and nothing of a round not yet published', async () => {
    await seedPublished(h.store);
    await h.store.putSettlementLine(sampleLine('2022', PUBLISHED.toISOString()));
    const latest = data(await list(beijingMorning('2022-03-11'), {}));
    expect(latest.round?.id).toBe('2021');
    const unpublished = data(await list(beijingMorning('2022-03-11'), { roundId: '2022' }));
    expect(unpublished).toEqual({ round: null, total: 0, entries: [] });
  });

  it('should say objections are closed once the window has passed', async () => {
    await seedPublished(h.store);
    const after = data(await list(beijingMorning('2022-03-17'), { roundId: '2021' }));
    expect(after.publicity?.objectionsOpen).toBe(false);
  });

  it('should record an objection from anyone during publicity, with a contact, and answer what happens next', async () => {
    await seedPublished(h.store);
    const call = caller(docs, h.store, beijingMorning('2022-03-11'));
    const res = data(await call<DocumentsApi, 'objection.submit'>('objection.submit', objection));
    expect(res.message).toMatch(CHINESE);
    const stored = await h.store.getObjection(res.objectionId);
    expect(stored).toMatchObject({
      status: 'open',
      entryId: 'pe_st_2',
      settlementId: 'st_2',
      contact: '0571-88886666',
      submittedBy: null,
      checkedBy: 'unchecked',
      submittedOn: '2022-03-11',
    });
    // A caller with an openid gets the text security check.
    const signedIn = data(
      await call<DocumentsApi, 'objection.submit'>(
        'objection.submit',
        { ...objection, contact: '13812345678' },
        {
          openid: 'wx-neighbour',
        },
      ),
    );
    expect(await h.store.getObjection(signedIn.objectionId)).toMatchObject({
      submittedBy: 'wx-neighbour',
      checkedBy: 'local',
    });
  });

  it('should refuse an objection without a contact, or with one that is not a phone or e-mail, changing nothing', async () => {
    await seedPublished(h.store);
    const call = caller(docs, h.store, beijingMorning('2022-03-11'));
    const before = h.businessDump();
    const { contact: _c, ...noContact } = objection;
    for (const payload of [noContact, { ...objection, contact: '' }, { ...objection, contact: '找我' }]) {
      const res = await call<DocumentsApi, 'objection.submit'>('objection.submit', payload);
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      if (res.ok) continue;
      expect(res.fields?.[0]).toMatchObject({ path: 'contact', field: '联系方式' });
      expect(res.fields?.[0]?.message).toMatch(/联系方式/);
    }
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse an objection too short to say anything, and one the text check finds risky, changing nothing', async () => {
    await seedPublished(h.store);
    const risky: ContentChecker = async () => ({ result: 'risky', by: 'msgSecCheck' });
    const call = caller(docs, h.store, beijingMorning('2022-03-11'), risky);
    const before = h.businessDump();
    const short = await call<DocumentsApi, 'objection.submit'>('objection.submit', { ...objection, reason: '不服' });
    expect(short).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(short.ok || short.fields?.[0]?.message).toBe('异议内容至少 10 个字，请写明事实和理由');
    const flagged = await call<DocumentsApi, 'objection.submit'>('objection.submit', objection, { openid: 'wx-x' });
    expect(flagged).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(flagged.ok || flagged.fields?.[0]?.message).toBe('内容未通过安全检查，请修改后再提交');
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse a caller over the objection limit, changing nothing, and accept them again the next minute', async () => {
    await seedPublished(h.store);
    const now = beijingMorning('2022-03-11');
    const call = caller(docs, h.store, now);
    for (let i = 0; i < 3; i++) data(await call<DocumentsApi, 'objection.submit'>('objection.submit', objection));
    const before = h.businessDump();
    const over = await call<DocumentsApi, 'objection.submit'>('objection.submit', objection);
    expect(over).toEqual({ ok: false, code: 'RATE_LIMITED', message: OBJECTION_RATE_MESSAGE });
    expect(h.businessDump()).toBe(before);
    // Another caller is not held back by this one.
    data(
      await call<DocumentsApi, 'objection.submit'>('objection.submit', objection, {
        openid: null,
        clientIp: '198.51.100.7',
      }),
    );
    const nextMinute = caller(docs, h.store, new Date(now.getTime() + 60_000));
    data(await nextMinute<DocumentsApi, 'objection.submit'>('objection.submit', objection));
  });

  it('should refuse an objection outside the publicity window, or to someone not on the list, changing nothing', async () => {
    await seedPublished(h.store);
    const before = h.businessDump();
    const late = await caller(
      docs,
      h.store,
      beijingMorning('2022-03-17'),
    )<DocumentsApi, 'objection.submit'>('objection.submit', objection);
    expect(late).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '公示期为2022年3月10日至2022年3月16日，只在公示期内受理异议',
    });
    const call = caller(docs, h.store, beijingMorning('2022-03-11'));
    const unknown = await call<DocumentsApi, 'objection.submit'>('objection.submit', {
      ...objection,
      entryId: 'pe_nobody',
    });
    expect(unknown).toEqual({ ok: false, code: 'NOT_FOUND', message: '公示名单中没有这一条，请刷新名单后重试' });
    const unpublished = await call<DocumentsApi, 'objection.submit'>('objection.submit', {
      ...objection,
      roundId: '2022',
    });
    expect(unpublished).toEqual({ ok: false, code: 'NOT_FOUND', message: '该年度的落户名单尚未公示' });
    expect(h.businessDump()).toBe(before);
  });

  it('should show administrators the objections with the objector’s contact, auditing each read', async () => {
    await seedPublished(h.store);
    const now = beijingMorning('2022-03-11');
    const sent = data(
      await caller(docs, h.store, now)<DocumentsApi, 'objection.submit'>('objection.submit', objection),
    );
    const res = data(
      await caller(admin, h.store, now)<AdminApi, 'objection.list'>(
        'objection.list',
        { roundId: '2021' },
        {
          openid: 'wx-admin',
        },
      ),
    );
    expect(res.objections).toEqual([
      expect.objectContaining({
        id: sent.objectionId,
        status: 'open',
        statusLabel: '待处理',
        contact: '0571-88886666',
        listed: true,
        entry: expect.objectContaining({ rank: 2, maskedName: '张*', districtName: '滨江区', total: '140' }),
        actions: ['uphold', 'dismiss'],
      }),
    ]);
    const trail = await h.store.listAudit({ target: `objection:${sent.objectionId}` });
    expect(trail.entries.map((e) => [e.fn, e.action, e.actor])).toEqual(
      expect.arrayContaining([['admin', 'objection.list', 'wx-admin']]),
    );
  });
});

describe.each(STORES)('the administrator’s round settings on %s', (_name, make) => {
  let h: StoreHarness;
  const now = beijingMorning('2022-03-01');
  const call = <A extends string>(action: A, payload: unknown, openid = 'wx-admin') =>
    caller(admin, h.store, now)<AdminApi, A>(action, payload, { openid });

  beforeEach(async () => {
    h = make();
    await grant(h.store, 'wx-admin', 'admin');
  });
  afterEach(() => h.close());

  it('should show a round’s defaults with their source and confidence until an administrator sets its own', async () => {
    const line = data(await call('settlement.line.get', { roundId: '2021' }));
    expect(line).toMatchObject({
      roundId: '2021',
      quotaMode: 'quota',
      status: 'open',
      statusLabel: '未公布',
      quota: null,
      tieRule: { value: 'admitAllAtLine', setBy: 'default', confidence: 'I', label: '同分同录' },
      publicityWorkingDays: { value: 5, setBy: 'default', confidence: 'I' },
    });
    expect(line.tieRule.source).toMatch(/lifecycle\.md/);
    expect(line.actions).toEqual(['setQuota', 'setPublicity']);
    expect(await h.store.getSettlementLine('2021')).toBeNull();
  });

  it('should set the quota, the tie rule and the publicity length of a quota round, audited', async () => {
    const set = data(await call('settlement.quota.set', { roundId: '2021', quota: 3000, tieRule: 'excludeAllAtLine' }));
    expect(set).toMatchObject({
      quota: 3000,
      tieRule: { value: 'excludeAllAtLine', setBy: 'admin', confidence: null },
    });
    const days = data(await call('settlement.publicity.set', { roundId: '2021', workingDays: 7 }));
    expect(days).toMatchObject({ quota: 3000, publicityWorkingDays: { value: 7, setBy: 'admin' } });
    expect(await h.store.getSettlementLine('2021')).toMatchObject({
      quota: 3000,
      tieRule: 'excludeAllAtLine',
      publicityWorkingDays: 7,
      quotaSet: { by: 'admin', actor: 'wx-admin' },
    });
    const trail = await h.store.listAudit({ target: 'settlement-line:2021' });
    expect(trail.entries.map((e) => e.action).sort()).toEqual(['settlement.publicity.set', 'settlement.quota.set']);
  });

  it('should refuse a quota in a round without one (from 2023-07-31 100 points suffice), changing nothing', async () => {
    const before = h.businessDump();
    const res = await call('settlement.quota.set', { roundId: '2023', quota: 100 });
    expect(res).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '本年度不设落户名额（2023 年 7 月 31 日起积分满 100 分即可落户），无需设置名额',
    });
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse a quota or publicity length out of range, and an unknown round, changing nothing', async () => {
    const before = h.businessDump();
    for (const [action, payload, message] of [
      ['settlement.quota.set', { roundId: '2021', quota: 0 }, '落户名额至少为 1'],
      ['settlement.quota.set', { roundId: '2021', quota: 12.5 }, '落户名额应为整数'],
      ['settlement.publicity.set', { roundId: '2021', workingDays: 0 }, '公示天数至少 1 个工作日'],
      ['settlement.publicity.set', { roundId: '2021', workingDays: 31 }, '公示天数不超过 30 个工作日'],
    ] as const) {
      const res = await call(action, payload);
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(res.ok || res.fields?.[0]?.message).toBe(message);
    }
    expect(await call('settlement.quota.set', { roundId: '1999', quota: 5 })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '没有这个年度',
    });
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse changing a quota or publicity length once the line is published, changing nothing', async () => {
    await seedPublished(h.store);
    const before = h.businessDump();
    for (const [action, payload] of [
      ['settlement.quota.set', { roundId: '2021', quota: 10 }],
      ['settlement.publicity.set', { roundId: '2021', workingDays: 3 }],
    ] as const) {
      expect(await call(action, payload)).toEqual({
        ok: false,
        code: 'CONFLICT',
        message: '本年度落户分数线已公布（公示中），为最终结果，不能再修改或再次公布',
      });
    }
    expect(h.businessDump()).toBe(before);
  });
});
