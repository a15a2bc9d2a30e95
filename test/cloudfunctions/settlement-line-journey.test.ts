/**
 * The score line, publicity and objections end to end, through the real handlers (admin, documents, scheduler) on
 * both store adapters: a quota round with a tie at the line (everyone at the line admitted), a no-quota round, an
 * objection upheld that removes a person who is told why, notices issued on the working day after publicity. Verified
 * settlement applications are written as the household-registration review leaves them. Every refusal: message, code,
 * business data unchanged.
 */
import { admin } from '../../cloudfunctions/admin/handlers';
import { createDocuments } from '../../cloudfunctions/documents/handlers';
import { scheduler, TIMER_CALLER } from '../../cloudfunctions/scheduler/handlers';
import { continuePublication, LINE_BATCH, startPublication } from '../../cloudfunctions/_core/line-publish';
import type { FunctionHandler } from '../../cloudfunctions/_core/runtime';
import type { SettlementRecord, Store } from '../../cloudfunctions/_core/store';
import type { AdminApi, DocumentsApi, Envelope, PublishRes } from '../../shared/contracts';
import { sampleSettlement } from '../store/settlement-sample';
import { CHINESE, data, STORES, type ResOf, type StoreHarness } from './harness';
import { beijingMorning, grant } from './reviewer-fixtures';

const FULL_ID = /\d{17}[\dX]/;

/** A verified settlement application of person `n` with a confirmed total. */
function verified(roundId: string, n: number, total: string, over: Partial<SettlementRecord> = {}): SettlementRecord {
  const at = `${Number(roundId) + 0}-11-0${(n % 9) + 1}T02:00:00.000Z`;
  return sampleSettlement(`st_${roundId}_${String(n).padStart(3, '0')}`, at, {
    roundId,
    applicationId: `app_${n}`,
    personKey: `pk-${n}`,
    ownerOpenid: `wx-person-${n}`,
    createdBy: `wx-person-${n}`,
    maskedName: `张${'*'.repeat((n % 2) + 1)}`,
    maskedIdNumber: `330106********${String(1000 + n).slice(-4)}`,
    status: 'verified',
    total,
    confirmedOn: `${roundId}-10-20`,
    receiptNumber: `LH${roundId}-1102-${String(n).padStart(6, '0')}`,
    acceptedOn: `${roundId}-11-02`,
    submittedAt: at,
    district: n % 2 ? 'xihu' : 'binjiang',
    ...over,
  });
}

/** Request ids unique across callers (a retry would reuse one on purpose). */
let requests = 0;

function caller(fn: FunctionHandler, store: Store, now: Date) {
  return <Api, A extends string>(
    action: A,
    payload: unknown,
    openid: string | null = 'wx-admin',
  ): Promise<Envelope<ResOf<Api, A>>> =>
    fn(
      { action, payload, requestId: `req-${action.replace(/\./g, '-')}-${String(++requests).padStart(5, '0')}` },
      { openid, clientIp: '203.0.113.5' },
      { store, now: () => now },
    ) as Promise<Envelope<ResOf<Api, A>>>;
}

const runScheduler = async (store: Store, day: string): Promise<PublishRes> =>
  data(
    (await scheduler({ action: 'publish', payload: {} }, TIMER_CALLER, {
      store,
      now: () => beijingMorning(day),
    })) as Envelope<PublishRes>,
  );

/** The 2021 round (quota): 7 verified applications, three tied at 140. */
const ROUND_2021 = [['180'], ['165.5'], ['140'], ['140'], ['140'], ['130'], ['100']] as const;

describe.each(STORES)('the score line and publicity on %s', (_name, make) => {
  let h: StoreHarness;
  /** Thursday 10 March 2022, after the 2021 settlement window (to 15 December 2021). */
  const PUBLISH_DAY = beijingMorning('2022-03-10');
  const adminOn = (now: Date) => {
    const c = caller(admin, h.store, now);
    return <A extends string>(action: A, payload: unknown, openid = 'wx-admin') =>
      c<AdminApi, A>(action, payload, openid);
  };
  const publicOn = (now: Date) => {
    const c = caller(createDocuments(), h.store, now);
    return <A extends string>(action: A, payload: unknown, openid: string | null = null) =>
      c<DocumentsApi, A>(action, payload, openid);
  };

  beforeEach(async () => {
    h = make();
    await grant(h.store, 'wx-admin', 'admin');
    let n = 0;
    for (const [total] of ROUND_2021) await h.store.putSettlement(verified('2021', ++n, total));
  });
  afterEach(() => h.close());

  it('should admit everyone tied at the line, publish once, take an objection, remove a person who is told why, and issue the notices after publicity', async () => {
    const call = adminOn(PUBLISH_DAY);
    data(await call('settlement.quota.set', { roundId: '2021', quota: 4 }));

    const preview = data(await call('settlement.line.preview', { roundId: '2021', candidates: [135] }));
    expect(preview.decision).toMatchObject({ line: '140', admitted: 5, atLine: 3, overQuota: 1, notAdmitted: 2 });
    expect(preview.decision.summary).toBe(
      '落户分数线 140 分（名额 4 名）：准入 5 名，其中与分数线同分者 3 名全部准入，超出名额 1 名',
    );
    expect(preview.ranking.map((r) => [r.total, r.rank, r.count])).toEqual([
      ['180', 1, 1],
      ['165.5', 2, 1],
      ['140', 3, 3],
      ['130', 6, 1],
      ['100', 7, 1],
    ]);
    expect(preview.candidates.find((c) => c.line === '135')).toEqual({
      line: '135',
      admitted: 5,
      atLine: 0,
      overQuota: 1,
    });
    expect(preview.histogram[0]).toEqual({ from: '100', to: '105', count: 1, label: '100–104.5' });
    expect(preview.tieRule).toMatchObject({ value: 'admitAllAtLine', setBy: 'default', confidence: 'I' });

    const published = data(await call('settlement.line.publish', { roundId: '2021' }));
    expect(published).toMatchObject({
      done: true,
      status: 'publicity',
      decision: { line: '140', admitted: 5 },
      moved: { admitted: 5, notAdmitted: 2 },
      publicity: { from: '2022-03-10', to: '2022-03-16', workingDays: 5, noticesOn: '2022-03-17' },
    });
    const statuses = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7].map(async (n) => (await h.store.getSettlement(`st_2021_00${n}`))?.status),
    );
    expect(statuses).toEqual([
      'admitted',
      'admitted',
      'admitted',
      'admitted',
      'admitted',
      'notAdmitted',
      'notAdmitted',
    ]);
    expect(await h.store.getSettlement('st_2021_003')).toMatchObject({ line: '140' });
    const trail = await h.store.listAudit({ target: 'settlement-line:2021' });
    expect(trail.entries.map((e) => [e.action, e.actor])).toEqual(
      expect.arrayContaining([
        ['settlement.line.publish', 'wx-admin'],
        ['settlement.quota.set', 'wx-admin'],
      ]),
    );
    expect((await h.store.listAudit({ target: 'settlement:st_2021_006' })).entries[0]).toMatchObject({
      action: 'settlement.notAdmit',
      actingFor: 'person:pk-6',
    });

    // The line is final: a second publication is refused and changes nothing.
    const before = h.businessDump();
    expect(await call('settlement.line.publish', { roundId: '2021' })).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: '本年度落户分数线已公布（公示中），为最终结果，不能再修改或再次公布',
    });
    expect(h.businessDump()).toBe(before);

    // Anyone sees the list: masked, ranked, the line and the window.
    const during = beijingMorning('2022-03-14');
    const list = data(await publicOn(during)('publicity.list', { roundId: '2021' }));
    expect(list).toMatchObject({ line: '140', total: 5, publicity: { objectionsOpen: true } });
    expect(list.entries.map((e) => [e.rank, e.total])).toEqual([
      [1, '180'],
      [2, '165.5'],
      [3, '140'],
      [3, '140'],
      [3, '140'],
    ]);
    expect(JSON.stringify(list)).not.toMatch(FULL_ID);

    // An objection to one of those at the line, upheld: removed from the list, told why.
    const target = list.entries[3]?.entryId as string;
    const sent = data(
      await publicOn(during)('objection.submit', {
        roundId: '2021',
        entryId: target,
        reason: '该申请人并未在杭州实际居住，所报居住年限与事实不符。',
        contact: 'neighbour@example.com',
      }),
    );
    const other = data(
      await publicOn(during)('objection.submit', {
        roundId: '2021',
        entryId: list.entries[0]?.entryId,
        reason: '我觉得他的分数太高了，请再核查一遍。',
        contact: '13812345678',
      }),
    );
    const resolveOn = adminOn(beijingMorning('2022-03-15'));
    const reason = '经市公安局核实，居住证连续居住年限不足，积分落户资格取消';
    const upheld = data(
      await resolveOn('objection.resolve', { objectionId: sent.objectionId, outcome: 'uphold', reason }),
    );
    expect(upheld).toMatchObject({ removed: true, notified: 1, objection: { status: 'upheld', listed: false } });
    const removedId = target.replace(/^pe_/, '');
    const removed = await h.store.getSettlement(removedId);
    expect(removed).toMatchObject({ status: 'removed', removedReason: reason });
    // The message opens the person's points case (its progress view), with the step and the reason.
    const told = (await h.store.listUnsentOutbox(100)).filter(
      (m) => m.kind === 'settlement' && m.applicationId === removed?.applicationId,
    );
    expect(told).toEqual([
      expect.objectContaining({
        kind: 'settlement',
        toOpenid: removed?.ownerOpenid,
        data: expect.objectContaining({ step: '移出名单', detail: reason }),
      }),
    ]);
    const dismissed = data(
      await resolveOn('objection.resolve', {
        objectionId: other.objectionId,
        outcome: 'dismiss',
        reason: '异议无事实依据',
      }),
    );
    expect(dismissed).toMatchObject({ removed: false, notified: 0, objection: { status: 'dismissed', listed: true } });
    // Resolving again is refused, changing nothing.
    const settled = h.businessDump();
    expect(
      await resolveOn('objection.resolve', { objectionId: sent.objectionId, outcome: 'dismiss', reason: '再次处理' }),
    ).toEqual({ ok: false, code: 'CONFLICT', message: '该异议已处理（异议成立，已取消准入），不能再次处理' });
    expect(h.businessDump()).toBe(settled);
    expect(data(await publicOn(during)('publicity.list', { roundId: '2021' })).total).toBe(4);
    expect(data(await resolveOn('settlement.line.get', { roundId: '2021' }))).toMatchObject({
      listed: 4,
      openObjections: 0,
    });

    // The last publicity day issues nothing; the working day after, every listed person gets a notice.
    expect((await runScheduler(h.store, '2022-03-16')).settlementLines).toBeUndefined();
    expect((await h.store.getSettlement('st_2021_001'))?.status).toBe('admitted');
    const end = await runScheduler(h.store, '2022-03-17');
    expect(end.settlementLines).toEqual({ listed: 0, noticed: 4, closed: 1 });
    const after = await Promise.all([1, 2, 3, 4, 5].map(async (n) => await h.store.getSettlement(`st_2021_00${n}`)));
    expect(after.map((s) => s?.status).sort()).toEqual(['noticed', 'noticed', 'noticed', 'noticed', 'removed']);
    const notice = after.find((s) => s?.status === 'noticed');
    expect(notice?.noticeNumber).toBeTruthy();
    expect(await h.store.getDocument(notice?.noticeNumber as string)).toMatchObject({
      kind: 'notice',
      status: 'issued',
      issuedOn: '2022-03-17',
    });
    expect((await h.store.getSettlementLine('2021'))?.status).toBe('closed');
    // A second run issues nothing more.
    expect((await runScheduler(h.store, '2022-03-18')).settlementLines).toBeUndefined();
  });

  it('should hold the notice of a person with an open objection until it is resolved, then issue it and close', async () => {
    const call = adminOn(PUBLISH_DAY);
    data(await call('settlement.quota.set', { roundId: '2021', quota: 2 }));
    data(await call('settlement.line.publish', { roundId: '2021' }));
    const during = beijingMorning('2022-03-11');
    const list = data(await publicOn(during)('publicity.list', { roundId: '2021' }));
    expect(list.entries.map((e) => e.total)).toEqual(['180', '165.5']);
    const sent = data(
      await publicOn(during)('objection.submit', {
        roundId: '2021',
        entryId: list.entries[1]?.entryId,
        reason: '他的房产证明是借用亲属的，请核查清楚。',
        contact: '0571-87654321',
      }),
    );
    const first = await runScheduler(h.store, '2022-03-17');
    expect(first.settlementLines).toEqual({ listed: 0, noticed: 1, closed: 0 });
    expect((await h.store.getSettlement('st_2021_002'))?.status).toBe('admitted');
    data(
      await adminOn(beijingMorning('2022-03-17'))('objection.resolve', {
        objectionId: sent.objectionId,
        outcome: 'dismiss',
        reason: '经核实房产为本人所有',
      }),
    );
    const second = await runScheduler(h.store, '2022-03-18');
    expect(second.settlementLines).toEqual({ listed: 0, noticed: 1, closed: 1 });
    expect((await h.store.getSettlement('st_2021_002'))?.status).toBe('noticed');
  });

  it('should refuse to publish a quota round without a quota, before the window ends, or with reviews open, changing nothing', async () => {
    const before = h.businessDump();
    expect(await adminOn(PUBLISH_DAY)('settlement.line.publish', { roundId: '2021' })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '请先设置本年度落户名额，再公布分数线',
    });
    expect(h.businessDump()).toBe(before);

    data(await adminOn(beijingMorning('2021-12-01'))('settlement.quota.set', { roundId: '2021', quota: 3 }));
    const set = h.businessDump();
    expect(await adminOn(beijingMorning('2021-12-15'))('settlement.line.publish', { roundId: '2021' })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '落户申请受理至2021年12月15日，受理结束后才能公布分数线',
    });
    expect(h.businessDump()).toBe(set);

    await h.store.putSettlement(verified('2021', 20, '150', { status: 'submitted' }));
    const pending = h.businessDump();
    expect(await adminOn(PUBLISH_DAY)('settlement.line.publish', { roundId: '2021' })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      message: '还有 1 份落户申请未审核完成，全部审核后才能公布分数线',
    });
    expect(h.businessDump()).toBe(pending);
  });

  it('should refuse a preview of a quota round with no quota, and refuse a resolution without a reason, changing nothing', async () => {
    const call = adminOn(PUBLISH_DAY);
    const before = h.businessDump();
    const preview = await call('settlement.line.preview', { roundId: '2021' });
    expect(preview).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(preview.ok || preview.fields?.[0]?.message).toBe('请填写落户名额（或先设置本年度名额）再预览分数线');
    const noReason = await call('objection.resolve', { objectionId: 'ob_x', outcome: 'uphold', reason: '' });
    expect(noReason).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(noReason.ok || noReason.fields?.[0]?.message).toMatch(CHINESE);
    expect(await call('objection.resolve', { objectionId: 'ob_x', outcome: 'uphold', reason: '核实属实' })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '没有这条异议',
    });
    expect(h.businessDump()).toBe(before);
  });

  it('should admit every verified applicant with at least 100 in a no-quota round, with no line', async () => {
    let n = 100;
    for (const total of ['150', '100', '99.5']) await h.store.putSettlement(verified('2023', ++n, total));
    // Tuesday 5 December 2023, after the 2023 window (1–30 November).
    const call = adminOn(beijingMorning('2023-12-05'));
    const preview = data(await call('settlement.line.preview', { roundId: '2023' }));
    expect(preview).toMatchObject({ quotaMode: 'none', quota: null, tieRule: null, belowQualifying: 1 });
    expect(preview.decision).toMatchObject({ mode: 'none', line: null, admitted: 2, notAdmitted: 1 });
    expect(preview.decision.summary).toBe('本年度不设落户名额：积分达到 100 分的审核通过者全部准入，共 2 名');
    const published = data(await call('settlement.line.publish', { roundId: '2023' }));
    expect(published).toMatchObject({ done: true, quota: null, decision: { line: null, admitted: 2 } });
    expect((await h.store.getSettlement('st_2023_102'))?.status).toBe('admitted');
    expect((await h.store.getSettlement('st_2023_103'))?.status).toBe('notAdmitted');
    const list = data(await publicOn(beijingMorning('2023-12-06'))('publicity.list', { roundId: '2023' }));
    expect(list).toMatchObject({ line: null, total: 2, round: { quotaMode: 'none' } });
    expect(list.tieRule).toBeUndefined();
    expect(list.entries.map((e) => e.total)).toEqual(['150', '100']);
  });
});

describe.each(STORES)('a publication stopped half-way on %s', (_name, make) => {
  let h: StoreHarness;
  beforeEach(() => {
    h = make();
  });
  afterEach(() => h.close());

  it('should leave the line final but unlisted, and let the next scheduler run finish it batch by batch', async () => {
    // More than two batches of verified applications.
    const n = LINE_BATCH * 2 + 50;
    for (let i = 1; i <= n; i++) await h.store.putSettlement(verified('2023', i, String(100 + (i % 40))));
    const by = { actor: 'wx-admin', fn: 'admin', action: 'settlement.line.publish' };
    const now = beijingMorning('2023-12-05');
    const started = await startPublication(h.store, now, '2023', by);
    expect(started).toMatchObject({ status: 'publishing', decision: { mode: 'none', admitted: n } });
    // A run out of time before its first batch: nothing moved, nothing public yet.
    const stopped = await continuePublication(h.store, () => now, '2023', by, -1);
    expect(stopped).toMatchObject({ done: false, line: { status: 'publishing', moved: { admitted: 0 } } });
    const docs = createDocuments();
    const list = (await docs(
      { action: 'publicity.list', payload: { roundId: '2023' } },
      { openid: null },
      {
        store: h.store,
        now: () => now,
      },
    )) as Envelope<unknown>;
    expect(data(list)).toEqual({ round: null, total: 0, entries: [] });
    // Publishing again is not a second publication: it continues with the line fixed before.
    const again = await startPublication(h.store, now, '2023', by).catch((e: Error) => e.message);
    expect(again).toBe('本年度落户分数线已公布（正在公布名单），为最终结果，不能再修改或再次公布');
    const run = await runScheduler(h.store, '2023-12-05');
    expect(run.settlementLines).toEqual({ listed: 1, noticed: 0, closed: 0 });
    expect(await h.store.getSettlementLine('2023')).toMatchObject({
      status: 'publicity',
      moved: { admitted: n, notAdmitted: 0 },
    });
    const left = await h.store.listSettlementsByStatus({ roundId: '2023', status: 'verified', limit: 10 });
    expect(left.settlements).toEqual([]);
    expect(await h.store.countPublicityEntries('2023', 'listed')).toBe(n);
  });
});
