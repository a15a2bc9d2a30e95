/** @jest-environment node */
/* eslint-disable @typescript-eslint/no-explicit-any -- answers of many actions, read loosely as the pages do */
/**
 * 异议 → 复核 → 复核结果 → 确认 through the real handlers on both store adapters: a result published on
 * 2021-09-30, just before National Day 2021 (10-01…10-07 off, Saturday 10-09 a make-up working day), so its 7th
 * working day — the last day to dispute — is 2021-10-15 and the next working day, 2021-10-18, confirms it.
 */
import { applicant } from '../../cloudfunctions/applicant/handlers';
import { NO_DISPUTE_SCOPE } from '../../cloudfunctions/applicant/disputes';
import { reviewer } from '../../cloudfunctions/reviewer/handlers';
import { otherDepartmentRecheck } from '../../cloudfunctions/reviewer/disputes';
import { runPublish } from '../../cloudfunctions/_core/publishing';
import { admin } from '../../cloudfunctions/admin/handlers';
import type { ApplicationRecord, Store } from '../../cloudfunctions/_core/store';
import { createCalendar } from '../../shared/calendar';
import { PRIVACY_NOTICE_VERSION, type Envelope } from '../../shared/contracts';
import { data, STORES, type StoreHarness } from './harness';
import { beijingMorning, FAKE_FILES, grant, seedDecided } from './reviewer-fixtures';

const HRSS = '市人力社保局';
const POLICE = '市公安局';
const RESULT_DATE = '2021-09-30';
const DAY_7 = '2021-10-15';
const DAY_8 = '2021-10-18';
const APPLICANT = 'wx-applicant';
const B4_FEWER = [{ from: '2016-10', to: '2021-07', pension: true, medical: true }];

let counter = 0;
const rid = (): string => `req-disputes-${String(++counter).padStart(6, '0')}`;

describe.each(STORES)('disputes on %s', (_name, factory) => {
  let h: StoreHarness;
  let app: ApplicationRecord;
  const deps = (store: Store, day: string) => ({
    store,
    now: () => beijingMorning(day),
    files: FAKE_FILES,
    log: (l: string) => process.env.DEBUG_DISPUTES && console.log(l),
  });
  const asApplicant = (event: unknown, day: string, openid = APPLICANT): Promise<Envelope<any>> =>
    applicant(event, { openid }, deps(h.store, day));
  const asReviewer = (event: unknown, day: string, openid: string): Promise<Envelope<any>> =>
    reviewer(event, { openid }, deps(h.store, day));
  const raise = (lines: unknown[], extra: Record<string, unknown> = {}) => ({
    action: 'dispute.raise',
    requestId: rid(),
    payload: { applicationId: 'app_1', lines, subscribed: ['dispute'], ...extra },
  });
  const b4Line = { indicatorId: 'B4', reason: '2021 年 8、9 月社保已缴纳，核减有误' };
  const b1Line = { indicatorId: 'B1', reason: '年龄计算有误' };

  /** Expects a refusal with this code and message that changed nothing but the refusal count in the audit. */
  async function refused(answer: Promise<Envelope<any>>, code: string, message: string | RegExp): Promise<void> {
    const before = h.businessDump();
    const res = await answer;
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.code).toBe(code);
    if (typeof message === 'string') expect(res.message).toBe(message);
    else expect(res.message).toMatch(message);
    expect(h.businessDump()).toBe(before);
  }

  beforeEach(async () => {
    h = factory();
    // Accepted 20 working days before the result date.
    const acceptedOn = createCalendar([]).addWorkdays(RESULT_DATE, -20);
    const decided = await seedDecided(h.store, { id: 'app_1', acceptedOn, createdBy: APPLICANT });
    expect(decided.timeline).toMatchObject({ resultDate: RESULT_DATE, disputeDeadline: DAY_7 });
    app = {
      ...decided,
      status: 'published',
      publishedAt: `${RESULT_DATE}T00:00:00.000Z`,
      updatedAt: '2021-09-30T00:00:00.000Z',
    };
    await h.store.putApplication(app);
    const at = '2021-09-01T00:00:00.000Z';
    const { name, idNumber, mobile } = app.identity;
    await h.store.putIdentity({
      openid: APPLICANT,
      personKey: app.personKey,
      name,
      idNumber,
      mobile,
      boundAt: at,
      updatedAt: at,
    });
    for (const who of [APPLICANT, 'wx-agent', 'wx-agent2'])
      await h.store.putPrivacyAcceptance({ openid: who, version: PRIVACY_NOTICE_VERSION, acceptedAt: at });
    await grant(h.store, 'wx-hrss', 'reviewer', HRSS);
    await grant(h.store, 'wx-police', 'reviewer', POLICE);
    await h.store.putRole({
      openid: 'wx-xihu',
      role: 'reviewer',
      district: 'xihu',
      grantedBy: 'cli:test',
      grantedAt: at,
    });
    await h.store.putRole({
      openid: 'wx-gongshu',
      role: 'reviewer',
      district: 'gongshu',
      grantedBy: 'cli:test',
      grantedAt: at,
    });
  });
  afterEach(() => h.close());

  /** Raises a B4 + B1 dispute on day 7 and registers it; returns the two re-review ids. */
  async function raisedAndRegistered(): Promise<{ b4: string; b1: string; disputeId: string }> {
    const raised = data(await asApplicant(raise([b4Line, b1Line]), DAY_7));
    const disputeId = raised.dispute.disputeId as string;
    const reg = data(
      await asReviewer({ action: 'dispute.register', requestId: rid(), payload: { disputeId } }, DAY_7, 'wx-xihu'),
    );
    const ids = Object.fromEntries(
      reg.dispute.lines.map((l: { indicatorId: string; recheck: { recheckId: string } }) => [
        l.indicatorId,
        l.recheck.recheckId,
      ]),
    );
    return { b4: ids.B4, b1: ids.B1, disputeId };
  }

  it('should accept a dispute on the 7th working day, have two departments re-review it, publish the revised result and confirm it', async () => {
    const got = data(await asApplicant({ action: 'dispute.get', payload: { applicationId: 'app_1' } }, DAY_7));
    expect(got).toEqual({
      window: { deadline: DAY_7, workingDaysLeft: 1, label: '今天（2021年10月15日）是提出异议的最后一天', open: true },
      dispute: null,
    });
    const raised = data(await asApplicant(raise([b4Line, b1Line]), DAY_7));
    expect(raised.dispute).toMatchObject({ status: 'raised', raisedBy: 'self', raisedOn: DAY_7, district: 'xihu' });
    expect(raised.dispute.lines.map((l: { indicatorId: string; reason: string }) => [l.indicatorId, l.reason])).toEqual(
      [
        ['B4', b4Line.reason],
        ['B1', b1Line.reason],
      ],
    );
    expect((await h.store.getApplication('app_1'))?.status).toBe('disputed');
    expect((await h.store.getDispute(raised.dispute.disputeId))?.lines[0]?.checked.by).toBe('local');

    // The district office of the permit district sees it and registers it; one 复核 task per line, per department.
    const queue = data(await asReviewer({ action: 'dispute.queue', payload: {} }, DAY_7, 'wx-xihu'));
    expect(queue).toMatchObject({ district: 'xihu', recheckLimit: 10 });
    expect(queue.disputes).toEqual([expect.objectContaining({ applicationId: 'app_1', status: 'raised', total: 2 })]);
    const { b4, b1 } = await raisedAndRegisteredFromRaised(raised.dispute.disputeId);
    const hrssQueue = data(await asReviewer({ action: 'recheck.list', payload: {} }, DAY_8, 'wx-hrss'));
    expect(hrssQueue.rechecks).toEqual([
      expect.objectContaining({
        recheckId: b4,
        kind: 'recheck',
        kindLabel: '复核',
        indicatorId: 'B4',
        status: 'pending',
      }),
    ]);
    // Kept apart from first review tasks.
    const firstReview = data(
      await asReviewer({ action: 'task.list', payload: { status: 'pending' } }, DAY_8, 'wx-hrss'),
    );
    expect(firstReview.tasks).toEqual([]);

    const revised = data(
      await asReviewer(
        {
          action: 'recheck.decide',
          requestId: rid(),
          payload: { recheckId: b4, decision: 'revise', reason: '按社保记录核定至 2021 年 7 月', facts: B4_FEWER },
        },
        DAY_8,
        'wx-hrss',
      ),
    );
    expect(revised.recheck).toMatchObject({ status: 'revised', actions: [] });
    expect((await h.store.getApplication('app_1'))?.status).toBe('disputed');
    data(
      await asReviewer(
        {
          action: 'recheck.decide',
          requestId: rid(),
          payload: { recheckId: b1, decision: 'uphold', reason: '年龄按身份证计算无误' },
        },
        DAY_8,
        'wx-police',
      ),
    );
    const after = await h.store.getApplication('app_1');
    expect(after).toMatchObject({ status: 'confirmed', confirmedOn: DAY_8 });
    expect(after?.result?.total).toBe(String(Number(app.result?.total) - 1));
    const view = data(await asApplicant({ action: 'dispute.get', payload: { applicationId: 'app_1' } }, DAY_8)).dispute;
    expect(view).toMatchObject({
      status: 'decided',
      revised: {
        totalBefore: app.result?.total,
        totalAfter: after?.result?.total,
        publishedOn: DAY_8,
        confirmedOn: DAY_8,
      },
      actions: [],
    });
    expect(view.finalNote).toMatch('最终结论');
    expect(view.lines).toEqual([
      expect.objectContaining({
        indicatorId: 'B4',
        before: '30',
        after: '29',
        recheck: expect.objectContaining({ status: 'revised', reason: '按社保记录核定至 2021 年 7 月' }),
      }),
      expect.objectContaining({
        indicatorId: 'B1',
        recheck: expect.objectContaining({ status: 'upheld', reason: '年龄按身份证计算无误' }),
      }),
    ]);
    expect(view.lines[1].after).toBe(view.lines[1].before);
    const outbox = (await h.store.listUnsentOutbox(100)).filter((m) => m.kind === 'dispute');
    expect(outbox).toEqual([expect.objectContaining({ toOpenid: APPLICANT, applicationId: 'app_1' })]);
    const caseView = data(await asApplicant({ action: 'application.get', payload: { applicationId: 'app_1' } }, DAY_8));
    expect(caseView.application).toMatchObject({
      status: 'confirmed',
      confirmedOn: DAY_8,
      dispute: { status: 'decided', decided: 2, total: 2 },
    });
  });

  async function raisedAndRegisteredFromRaised(disputeId: string): Promise<{ b4: string; b1: string }> {
    const reg = data(
      await asReviewer({ action: 'dispute.register', requestId: rid(), payload: { disputeId } }, DAY_7, 'wx-xihu'),
    );
    expect(reg.dispute.status).toBe('reviewing');
    const ids = Object.fromEntries(
      reg.dispute.lines.map((l: { indicatorId: string; recheck: { recheckId: string } }) => [
        l.indicatorId,
        l.recheck.recheckId,
      ]),
    );
    return { b4: ids.B4, b1: ids.B1 };
  }

  it('should confirm a case with no dispute on the next working day after the deadline, not before', async () => {
    const run = (day: string) =>
      runPublish(h.store, () => beijingMorning(day), { actor: 'system:timer', fn: 'scheduler', action: 'publish' });
    await run(DAY_7);
    expect((await h.store.getApplication('app_1'))?.status).toBe('published');
    await run('2021-10-16'); // Saturday: a rest day
    await run('2021-10-17');
    expect((await h.store.getApplication('app_1'))?.status).toBe('published');
    expect(await run(DAY_8)).toMatchObject({ confirmed: 1 });
    expect(await h.store.getApplication('app_1')).toMatchObject({ status: 'confirmed', confirmedOn: DAY_8 });
    const viewed = data(await asApplicant({ action: 'application.get', payload: { applicationId: 'app_1' } }, DAY_8));
    expect(viewed.application).toMatchObject({ confirmedOn: DAY_8, disputeWindow: { deadline: DAY_7, open: false } });
    const trail = (await h.store.listAudit({ target: 'application:app_1', limit: 50 })).entries.map((e) => e.action);
    expect(trail).toContain('result.confirm');
    // A second run confirms nothing more.
    expect((await run(DAY_8)).confirmed).toBeUndefined();
  });

  it('should refuse an agent without the dispute scope and accept one with it', async () => {
    const at = '2021-09-02T00:00:00.000Z';
    const entrustment = (id: string, agent: string, scope: ('query' | 'dispute')[]) => ({
      id,
      kind: 'employer' as const,
      agentOpenid: agent,
      agent: { name: '李人事', idNumber: '330106198001010011' },
      principal: { name: app.identity.name, idNumber: app.identity.idNumber },
      principalKey: app.personKey,
      employer: { uscc: '91330106MA2AXXXX0X', name: '某公司' },
      scope,
      district: 'xihu' as const,
      verifyBy: 'principal' as const,
      status: 'active' as const,
      confirmedByPrincipal: true,
      createdAt: at,
      updatedAt: at,
    });
    await h.store.putEntrustment(entrustment('e_query', 'wx-agent', ['query']));
    await h.store.putApplication({ ...app, entrustmentId: 'e_query', updatedAt: '2021-09-30T00:00:01.000Z' });
    await refused(asApplicant(raise([b4Line]), DAY_7, 'wx-agent'), 'FORBIDDEN', NO_DISPUTE_SCOPE);

    await h.store.putEntrustment(entrustment('e_dispute', 'wx-agent2', ['query', 'dispute']));
    await h.store.putApplication({ ...app, entrustmentId: 'e_dispute', updatedAt: '2021-09-30T00:00:02.000Z' });
    const ok = data(await asApplicant(raise([b4Line]), DAY_7, 'wx-agent2'));
    expect(ok.dispute).toMatchObject({ raisedBy: 'agent', status: 'raised' });
  });

  it('should run the dispute window from the day a late result was published, on the case page and on the server alike', async () => {
    // An overdue review: the result is published on 10-18, after its result date; the window runs 7 working days
    // from then (to 10-27), and the case view offers the dispute exactly while the server accepts it.
    await h.store.putApplication({
      ...app,
      publishedAt: '2021-10-18T00:00:00.000Z',
      updatedAt: '2021-10-18T00:00:00.000Z',
    });
    const view = (day: string) => asApplicant({ action: 'application.get', payload: { applicationId: 'app_1' } }, day);
    expect(data(await view('2021-10-27')).application.actions).toContain('dispute');
    expect(data(await view('2021-10-28')).application.actions).not.toContain('dispute');
    await refused(
      asApplicant(raise([b4Line]), '2021-10-28'),
      'FORBIDDEN',
      '异议期已于2021年10月27日结束（结果公布后第 7 个工作日），逾期视为确认分值',
    );
    expect(data(await asApplicant(raise([b4Line]), '2021-10-27')).dispute.status).toBe('raised');
  });

  it('should refuse a dispute on the 8th working day, across National Day, with the deadline in the message', async () => {
    await refused(
      asApplicant(raise([b4Line]), DAY_8),
      'FORBIDDEN',
      '异议期已于2021年10月15日结束（结果公布后第 7 个工作日），逾期视为确认分值',
    );
  });

  it('should refuse a second dispute on the same case, a case not yet published and an indicator not on the result', async () => {
    data(await asApplicant(raise([b4Line]), '2021-10-08'));
    await refused(
      asApplicant(raise([b1Line]), '2021-10-09'),
      'CONFLICT',
      '这件申请已于2021年10月8日提出过异议，每件申请只能提出一次异议',
    );
    const fresh = factory();
    try {
      const acceptedOn = createCalendar([]).addWorkdays(RESULT_DATE, -20);
      const decided = await seedDecided(fresh.store, { id: 'app_1', acceptedOn, createdBy: APPLICANT });
      const { name, idNumber, mobile } = decided.identity;
      const at = '2021-09-01T00:00:00.000Z';
      await fresh.store.putIdentity({
        openid: APPLICANT,
        personKey: decided.personKey,
        name,
        idNumber,
        mobile,
        boundAt: at,
        updatedAt: at,
      });
      await fresh.store.putPrivacyAcceptance({ openid: APPLICANT, version: PRIVACY_NOTICE_VERSION, acceptedAt: at });
      const before = fresh.businessDump();
      const early = await applicant(raise([b4Line]), { openid: APPLICANT }, deps(fresh.store, '2021-09-29'));
      expect(early).toEqual({
        ok: false,
        code: 'NOT_YET',
        message: '积分结果尚未公布（2021年9月30日起可查询），公布后 7 个工作日内可提出异议',
      });
      expect(fresh.businessDump()).toBe(before);
      await fresh.store.putApplication({ ...decided, status: 'published', updatedAt: '2021-09-30T00:00:00.000Z' });
      const before2 = fresh.businessDump();
      const unknown = await applicant(
        raise([{ indicatorId: 'Z9', reason: '不存在的指标' }]),
        { openid: APPLICANT },
        deps(fresh.store, DAY_7),
      );
      expect(unknown).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: '结果中没有指标「Z9」，只能对结果中列出的指标提出异议',
      });
      expect(fresh.businessDump()).toBe(before2);
    } finally {
      fresh.close();
    }
  });

  it('should refuse a re-review decided by another department, and a registration by another district office', async () => {
    const raised = data(await asApplicant(raise([b4Line, b1Line]), DAY_7));
    await refused(
      asReviewer(
        { action: 'dispute.register', requestId: rid(), payload: { disputeId: raised.dispute.disputeId } },
        DAY_7,
        'wx-gongshu',
      ),
      'NOT_FOUND',
      '没有找到这件异议，或不属于本区积分办',
    );
    const { b4 } = await raisedAndRegisteredFromRaised(raised.dispute.disputeId);
    await refused(
      asReviewer(
        { action: 'recheck.decide', requestId: rid(), payload: { recheckId: b4, decision: 'uphold', reason: '维持' } },
        DAY_8,
        'wx-police',
      ),
      'FORBIDDEN',
      otherDepartmentRecheck(HRSS),
    );
    // The district office may return it for evidence only before registering, and only once.
    await refused(
      asReviewer(
        {
          action: 'dispute.askEvidence',
          requestId: rid(),
          payload: { disputeId: raised.dispute.disputeId, missing: '社保缴费记录' },
        },
        DAY_8,
        'wx-xihu',
      ),
      'CONFLICT',
      '该异议复核中，不能再次登记或退回',
    );
  });

  it('should publish exactly one revised result when the two last re-review decisions come at once', async () => {
    const { b4, b1 } = await raisedAndRegistered();
    const requests = [
      {
        event: {
          action: 'recheck.decide',
          requestId: rid(),
          payload: { recheckId: b4, decision: 'revise', reason: '核定至 7 月', facts: B4_FEWER },
        },
        who: 'wx-hrss',
      },
      {
        event: {
          action: 'recheck.decide',
          requestId: rid(),
          payload: { recheckId: b1, decision: 'uphold', reason: '无误' },
        },
        who: 'wx-police',
      },
    ];
    const answers = await Promise.all(requests.map((r) => asReviewer(r.event, DAY_8, r.who)));
    for (const [i, a] of answers.entries()) {
      if (a.ok) continue;
      expect(a).toEqual({ ok: false, code: 'CONFLICT', message: '该记录刚被他人修改或占用，请刷新后重试' });
      data(await asReviewer(requests[i]!.event, DAY_8, requests[i]!.who));
    }
    const after = await h.store.getApplication('app_1');
    expect(after).toMatchObject({ status: 'confirmed', confirmedOn: DAY_8 });
    expect((await h.store.getDispute('dp_app_1'))?.status).toBe('decided');
    const messages = (await h.store.listUnsentOutbox(100)).filter((m) => m.kind === 'dispute');
    expect(messages).toHaveLength(1);
    const decisions = (await h.store.listAudit({ target: 'application:app_1', limit: 100 })).entries.filter(
      (e) => e.action === 'recheck.decide' && e.result === 'ok',
    );
    expect(decisions).toHaveLength(2);
  });

  it('should return a dispute for evidence once, and show re-reviews past the administrator limit as overdue', async () => {
    await grant(h.store, 'wx-admin', 'admin');
    const asAdmin = (event: unknown, day: string) => admin(event, { openid: 'wx-admin' }, deps(h.store, day));
    expect(
      data(await asAdmin({ action: 'recheck.limit', requestId: rid(), payload: { workingDays: 2 } }, DAY_7)),
    ).toEqual({ workingDays: 2, confidence: 'I' });
    const raised = data(await asApplicant(raise([b4Line]), DAY_7));
    const disputeId = raised.dispute.disputeId as string;
    const ask = (day: string) =>
      asReviewer(
        {
          action: 'dispute.askEvidence',
          requestId: rid(),
          payload: { disputeId, missing: '请补充 2021 年 8、9 月社保缴费记录' },
        },
        day,
        'wx-xihu',
      );
    expect(data(await ask(DAY_7)).dispute).toMatchObject({ status: 'returned', actions: [] });
    const back = data(
      await asApplicant(
        {
          action: 'dispute.resubmit',
          requestId: rid(),
          payload: { applicationId: 'app_1', evidence: [{ indicatorId: 'B4', materialIds: [] }] },
        },
        DAY_8,
      ),
    );
    expect(back.dispute).toMatchObject({
      status: 'raised',
      evidenceAsked: { missing: '请补充 2021 年 8、9 月社保缴费记录' },
    });
    await refused(ask(DAY_8), 'FORBIDDEN', '该异议已退回补充过一次证据，不能再次退回，请登记并转部门复核');
    const { b4 } = await raisedAndRegisteredFromRaised(disputeId);
    // Registered on 10-15 with a limit of 2 working days: due 10-19, overdue from 10-20.
    expect((await h.store.getRecheck(b4))?.dueOn).toBe('2021-10-19');
    const onTime = data(await asReviewer({ action: 'dispute.queue', payload: {} }, '2021-10-19', 'wx-xihu'));
    expect(onTime.disputes[0]).toMatchObject({ overdueRechecks: 0 });
    const late = data(await asReviewer({ action: 'dispute.queue', payload: {} }, '2021-10-20', 'wx-xihu'));
    expect(late).toMatchObject({ recheckLimit: 2, disputes: [expect.objectContaining({ overdueRechecks: 1 })] });
    const overdue = data(await asAdmin({ action: 'case.overdue', payload: {} }, '2021-10-20')) as {
      rechecks: unknown[];
    };
    expect(overdue.rechecks).toEqual([
      {
        recheckId: b4,
        disputeId,
        applicationId: 'app_1',
        receiptNumber: app.receipt?.number,
        indicatorId: 'B4',
        department: HRSS,
        dueOn: '2021-10-19',
      },
    ]);
  });
});
