/** @jest-environment node */
/**
 * 积分落户申请 through the real handlers on SQLite: the conditions on the server (each failure named, with its date or
 * number; the store unchanged after every refusal), one application per person per round, the agent's settlement
 * scope, 市公安局's review (return for correction, verify, reject), the admission notice (its PDF, its verification)
 * and 落户办结, and the scheduler's expiry of an unused notice.
 */
import { issueAdmissionNotice } from '../../cloudfunctions/_core/notices';
import { asRead, loadCalendar } from '../../cloudfunctions/_core/cases';
import { SETTLEMENT, transition } from '../../shared/lifecycle';
import { entrust, AGENT } from '../documents/voucher-fixtures';
import { idNumberFor } from './reviewer-fixtures';
import {
  APPLY_DAY,
  applyToSettle,
  at10,
  EDUCATION,
  person,
  POLICE,
  profileWith,
  SAVE,
  settleWorld,
  uploadAll,
  type Answer,
  type SettleWorld,
} from './settlement-fixtures';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';

let w: SettleWorld;
beforeEach(async () => {
  w = await settleWorld();
});
afterEach(() => w.close());

/** Expects a refusal with this code and words, and nothing of the business data changed. */
async function refused(before: string, env: Answer, code: string, ...words: string[]): Promise<void> {
  expect(env.ok).toBe(false);
  if (env.ok) return;
  expect(env.code).toBe(code);
  for (const word of words) expect(env.message).toContain(word);
  expect(w.business()).toBe(before);
}

/** The data of a success, or the test fails with the refusal. */
function ok(env: Answer) {
  if (!env.ok) throw new Error(`expected ok, got ${env.code}: ${env.message}`);
  return env.data;
}

/** Saves and uploads everything, so that only submit remains; returns the state before it. */
async function ready(p: { openid: string; app: { id: string } }): Promise<string> {
  ok(await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id)));
  await uploadAll(w, p.openid, p.app.id);
  return w.business();
}

describe('settlement application: the conditions', () => {
  it('should accept exactly 100 confirmed points with a numbered receipt, the total and the voucher copied', async () => {
    const p = await person(w, 'wx-wang');
    const open = ok(await w.applicant(p.openid, 'settlement.eligibility', { applicationId: p.app.id }));
    expect(open.eligible).toBe(true);
    expect(open.conditions.find((c: { code: string }) => c.code === 'QUALIFYING')).toMatchObject({
      ok: true,
      message: '确认积分 100 分，已达到 100 分准申请分值',
    });
    // The declarations are open until saved.
    expect(open.conditions.find((c: { code: string }) => c.code === 'NO_URBAN_HUKOU').ok).toBeNull();
    const res = ok(await applyToSettle(w, p)).settlement;
    expect(res).toMatchObject({
      status: 'submitted',
      statusLabel: '已受理，审核中',
      receiptNumber: 'LH2021-1122-000001',
      acceptedOn: APPLY_DAY,
      total: '100',
      confirmedOn: '2021-11-19',
      missing: [],
      actions: [],
    });
    expect(res.voucherNumber).toMatch(/^PZ2021-\d{6}-01$/);
    const trail = await w.store.listAudit({ target: `application:${p.app.id}` });
    expect(trail.entries.map((e) => e.action)).toContain('settlement.submit');
  });

  it('should refuse 99.5 points, saying by how much, and change nothing', async () => {
    const p = await person(w, 'wx-zhao', { profile: profileWith('99.5', idNumberFor('1990-01-01', 7)) });
    const before = await ready(p);
    const env = await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id });
    await refused(before, env, 'NOT_ELIGIBLE', '确认积分 99.5 分，未达到 100 分准申请分值（还差 0.5 分）');
  });

  it('should refuse while a dispute is open, naming the dispute and its day', async () => {
    const p = await person(w, 'wx-li', { to: 'disputed' });
    await w.store.putDispute({
      id: `dp_${p.app.id}`,
      applicationId: p.app.id,
      roundId: '2021',
      receiptNumber: p.app.receipt?.number ?? '',
      personKey: p.app.personKey,
      district: 'xihu',
      status: 'reviewing',
      raisedBy: p.openid,
      actingAs: 'self',
      raisedOn: '2021-11-10',
      lines: [],
      subscribers: [],
      createdAt: '2021-11-10T02:00:00.000Z',
      updatedAt: '2021-11-10T02:00:00.000Z',
    });
    const open = ok(await w.applicant(p.openid, 'settlement.eligibility', { applicationId: p.app.id }));
    expect(open.eligible).toBe(false);
    const before = await ready(p);
    const env = await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id });
    await refused(
      before,
      env,
      'NOT_ELIGIBLE',
      '积分异议（2021年11月10日提出）正在处理中，复核结果公布前不能申请积分落户',
      '积分异议正在复核中',
    );
  });

  it('should refuse a vetoed person with the veto named', async () => {
    const profile = profileWith('100', idNumberFor('1988-05-05', 9), {
      vetoFacts: [{ kind: 'intentionalHomicide' }],
    } as never);
    const p = await person(w, 'wx-veto', { profile });
    const before = await ready(p);
    const env = await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id });
    await refused(before, env, 'NOT_ELIGIBLE', '一票否决');
  });

  it('should refuse a 17-year-old, saying the day they turn 18', async () => {
    const p = await person(w, 'wx-young', { profile: profileWith('100', idNumberFor('2004-06-01', 11)) });
    const before = await ready(p);
    const env = await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id });
    await refused(before, env, 'NOT_ELIGIBLE', '申请日（2021年11月22日）未满 18 周岁，2022年6月1日年满');
  });

  it('should refuse outside the settlement window and on a rest day inside it', async () => {
    const p = await person(w, 'wx-late');
    const before = await ready(p);
    w.clock.now = at10('2021-12-16');
    await refused(
      before,
      await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id }),
      'OUTSIDE_WINDOW',
      '2021年12月15日',
      '2021年12月16日不在受理期内',
    );
    w.clock.now = at10('2021-11-20');
    await refused(
      before,
      await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id }),
      'NOT_WORKDAY',
      '2021年11月20日是休息日',
    );
  });

  it('should refuse a superseded voucher, naming it', async () => {
    const p = await person(w, 'wx-old', { voucher: 'superseded' });
    const before = await ready(p);
    const env = await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id });
    await refused(before, env, 'NOT_ELIGIBLE', `积分有效凭证 PZ2021-`, '已被新凭证取代（积分结果已变更）');
  });

  it('should refuse a second submission: one application per person per round', async () => {
    const p = await person(w, 'wx-twice');
    ok(await applyToSettle(w, p));
    const before = w.business();
    await refused(
      before,
      await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id }),
      'CONFLICT',
      '已受理，审核中',
    );
    await refused(before, await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id)), 'CONFLICT', '不能修改申请');
    const open = ok(await w.applicant(p.openid, 'settlement.eligibility', { applicationId: p.app.id }));
    expect(open.conditions.find((c: { code: string }) => c.code === 'ONE_PER_ROUND').message).toContain(
      '每人每年度只能申请一次',
    );
  });

  it('should refuse a submission with a material missing, naming it', async () => {
    const p = await person(w, 'wx-missing');
    ok(await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id, { proofKind: 'family-deed' })));
    const before = w.business();
    await refused(
      before,
      await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id }),
      'MISSING_MATERIALS',
      '产权人同意落户的书面意见',
    );
  });

  it('should refuse a child of 18 moving too and an unknown proof, changing nothing', async () => {
    const p = await person(w, 'wx-family');
    const before = w.business();
    const adult = { relation: 'child', name: '王小', idNumber: idNumberFor('2003-01-01', 12) };
    await refused(
      before,
      await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id, { members: [adult] })),
      'INVALID_INPUT',
    );
    await refused(
      before,
      await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id, { proofKind: 'castle' })),
      'INVALID_INPUT',
    );
  });
});

describe('settlement application: the checklist', () => {
  it('should list the materials of a proof and of each family member from the policy data, with their marks', async () => {
    const p = await person(w, 'wx-list');
    const res = ok(
      await w.applicant(p.openid, 'settlement.checklist', {
        applicationId: p.app.id,
        proofKind: 'family-deed',
        members: ['spouse', 'child'],
      }),
    );
    expect(res.department).toBe('市公安局');
    expect(res.proofs.map((x: { kind: string }) => x.kind)).toEqual([
      'own-deed',
      'family-deed',
      'relative-hukou',
      'collective',
    ]);
    const keys = res.items.map((i: { key: string }) => i.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        'settlement:form',
        'settlement:proof.consent',
        'settlement:member.0.marriage',
        'settlement:member.1.birth',
      ]),
    );
    expect(res.items.find((i: { key: string }) => i.key === 'settlement:member.1.birth')).toMatchObject({
      confidence: 'I',
      group: 'member',
      memberIndex: 1,
    });
  });
});

describe('settlement application: agents', () => {
  it('should refuse an agent whose entrustment lacks the settlement scope, and change nothing', async () => {
    const p = await person(w, 'wx-principal');
    await entrust(w.store, p.app, ['apply', 'query']);
    await w.store.putPrivacyAcceptance({ openid: AGENT, version: PRIVACY_NOTICE_VERSION, acceptedAt: '2021-09-01' });
    const before = w.business();
    await refused(before, await w.applicant(AGENT, 'settlement.save', SAVE(p.app.id)), 'FORBIDDEN', '积分落户');
    await refused(
      before,
      await w.applicant(AGENT, 'settlement.get', { applicationId: p.app.id }),
      'FORBIDDEN',
      '委托事项不包括',
    );
  });

  it('should let an agent with the settlement scope apply, audited as acting for the person, ID numbers masked', async () => {
    const p = await person(w, 'wx-principal2');
    await entrust(w.store, p.app, ['apply', 'query', 'settlement']);
    await w.store.putPrivacyAcceptance({ openid: AGENT, version: PRIVACY_NOTICE_VERSION, acceptedAt: '2021-09-01' });
    const res = ok(await applyToSettle(w, { openid: AGENT, app: p.app })).settlement;
    expect(res).toMatchObject({ status: 'submitted', actingAs: 'agent' });
    expect(res.person.idNumber).toContain('*');
    const trail = await w.store.listAudit({ target: `application:${p.app.id}` });
    const submit = trail.entries.find((e) => e.action === 'settlement.submit');
    expect(submit).toMatchObject({ actor: AGENT, actingFor: p.openid });
    // The person sees the same application, in full.
    const own = ok(await w.applicant(p.openid, 'settlement.get', { applicationId: p.app.id })).settlement;
    expect(own.person.idNumber).toBe(p.app.identity.idNumber);
  });
});

/** Moves a verified application as the line's run will: admitted, then at the end of publicity its notice on `day`. */
async function admitAndNotice(settlementId: string, day: string): Promise<void> {
  const calendar = await loadCalendar(w.store);
  const at = at10(day).toISOString();
  const s = (await w.store.getSettlement(settlementId))!;
  const status = transition(SETTLEMENT, s.status, 'admit', 'system', undefined);
  await w.store.putSettlement({ ...s, status, admittedAt: at, line: null, updatedAt: at }, asRead(s));
  await w.store.transaction(async (tx) => {
    const admitted = (await tx.getSettlement(settlementId))!;
    await issueAdmissionNotice(tx, admitted, { today: day, at, calendar, actor: 'system' });
  });
}

describe('settlement application: 市公安局, the notice and 落户办结', () => {
  it('should return for correction with a reason, take the resubmission, then verify', async () => {
    const p = await person(w, 'wx-fix');
    const { settlementId } = ok(await applyToSettle(w, p)).settlement;
    const other = await w.reviewer(EDUCATION, 'settlement.queue', {});
    expect(other).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const queue = ok(await w.reviewer(POLICE, 'settlement.queue', { roundId: '2021' }));
    expect(queue.settlements.map((s: { settlementId: string }) => s.settlementId)).toEqual([settlementId]);
    const review = ok(await w.reviewer(POLICE, 'settlement.review', { settlementId })).settlement;
    expect(review.person.idNumber).toBe(p.app.identity.idNumber);
    expect(review.checklist.every((l: { materials: { url: string }[] }) => l.materials[0]?.url)).toBe(true);
    expect(review.actions).toEqual(['returnForCorrection', 'verify', 'reject']);
    const reads = await w.store.listAudit({ target: `application:${p.app.id}` });
    expect(reads.entries.find((e) => e.action === 'settlement.review')).toMatchObject({
      actor: POLICE,
      actingFor: p.openid,
    });

    ok(
      await w.reviewer(POLICE, 'settlement.return', {
        settlementId,
        reason: '不动产权证书照片不清晰',
        missing: '请重新上传不动产权证书',
      }),
    );
    const mine = ok(await w.applicant(p.openid, 'settlement.get', { applicationId: p.app.id })).settlement;
    expect(mine.status).toBe('correction');
    expect(mine.decisions).toEqual([
      expect.objectContaining({
        label: '退回补正',
        reason: '不动产权证书照片不清晰',
        missing: '请重新上传不动产权证书',
      }),
    ]);
    expect(mine.actions).toEqual(['save', 'attach', 'resubmit']);
    // The window cannot decide a returned application; nothing changes.
    const before = w.business();
    await refused(before, await w.reviewer(POLICE, 'settlement.verify', { settlementId }), 'CONFLICT', '待补正');

    ok(await w.applicant(p.openid, 'settlement.resubmit', { applicationId: p.app.id }));
    const verified = ok(await w.reviewer(POLICE, 'settlement.verify', { settlementId })).settlement;
    expect(verified.status).toBe('verified');
    expect(await w.store.listSettlementTotals('2021')).toEqual([
      { id: settlementId, total: '100', submittedAt: expect.any(String) },
    ]);
  });

  it('should reject with a reason, and refuse a rejection without one', async () => {
    const p = await person(w, 'wx-reject');
    const { settlementId } = ok(await applyToSettle(w, p)).settlement;
    const before = w.business();
    await refused(
      before,
      await w.reviewer(POLICE, 'settlement.reject', { settlementId, reason: ' ' }),
      'INVALID_INPUT',
    );
    await refused(
      before,
      await w.reviewer(EDUCATION, 'settlement.reject', { settlementId, reason: '已有市区户籍' }),
      'FORBIDDEN',
      '市公安局',
    );
    const res = ok(
      await w.reviewer(POLICE, 'settlement.reject', { settlementId, reason: '已有杭州市区户籍' }),
    ).settlement;
    expect(res).toMatchObject({ status: 'rejected', actions: [] });
  });

  it('should hand out a verifiable notice, settle with the permit surrendered, and close the case', async () => {
    const p = await person(w, 'wx-settle');
    const { settlementId } = ok(await applyToSettle(w, p)).settlement;
    ok(await w.reviewer(POLICE, 'settlement.verify', { settlementId }));
    w.clock.now = at10('2022-03-10');
    await admitAndNotice(settlementId, '2022-03-10');

    const notice = ok(await w.documents(p.openid, 'notice.get', { applicationId: p.app.id }));
    expect(notice).toMatchObject({
      number: expect.stringMatching(/^ZR2021-\d{6}-01$/),
      validUntil: '2022-05-09',
      created: true,
    });
    const again = ok(await w.documents(p.openid, 'notice.get', { applicationId: p.app.id }));
    expect(again).toMatchObject({ number: notice.number, created: false });
    const code = w.codes[w.codes.length - 1];
    const valid = ok(await w.documents(null, 'voucher.verify', { no: notice.number, code }));
    expect(valid).toMatchObject({
      verdict: 'valid',
      voucher: {
        name: '王*',
        idNumberMasked: expect.stringMatching(/^\d{6}\*+\d{3}[\dX]$/),
        validUntil: '2022-05-09',
        total: '100',
      },
    });
    expect(ok(await w.documents(null, 'voucher.verify', { no: notice.number, code: 'AAAA-BBBB-CCCC-DDDD' }))).toEqual({
      verdict: 'unknown',
    });

    const before = w.business();
    await refused(
      before,
      await w.reviewer(POLICE, 'settlement.settle', { settlementId, permitSurrendered: false }),
      'INVALID_INPUT',
    );
    const settled = ok(
      await w.reviewer(POLICE, 'settlement.settle', { settlementId, permitSurrendered: true }),
    ).settlement;
    expect(settled).toMatchObject({ status: 'settled', settledOn: '2022-03-10', permitSurrendered: true, actions: [] });
    expect((await w.store.getDocument(notice.number))?.status).toBe('used');
    expect(ok(await w.documents(null, 'voucher.verify', { no: notice.number, code })).verdict).toBe('used');
    const closed = w.business();
    await refused(
      closed,
      await w.reviewer(POLICE, 'settlement.settle', { settlementId, permitSurrendered: true }),
      'CONFLICT',
      '已落户',
    );
  });

  it('should expire an unused notice after its last valid day (scheduler), and verify it as expired', async () => {
    const p = await person(w, 'wx-expire');
    const { settlementId } = ok(await applyToSettle(w, p)).settlement;
    ok(await w.reviewer(POLICE, 'settlement.verify', { settlementId }));
    w.clock.now = at10('2022-03-10');
    await admitAndNotice(settlementId, '2022-03-10');
    const notice = ok(await w.documents(p.openid, 'notice.get', { applicationId: p.app.id }));
    const code = w.codes[w.codes.length - 1];

    // The last valid day itself: nothing expires.
    w.clock.now = at10('2022-05-09');
    expect(ok(await w.scheduler()).expiredNotices).toBeUndefined();
    // The day after: the window can no longer settle with it, even before the scheduler has run.
    w.clock.now = at10('2022-05-10');
    const before = w.business();
    await refused(
      before,
      await w.reviewer(POLICE, 'settlement.settle', { settlementId, permitSurrendered: true }),
      'FORBIDDEN',
      '准入通知书有效期至2022年5月9日，已过期',
    );
    expect(ok(await w.documents(null, 'voucher.verify', { no: notice.number, code })).verdict).toBe('expired');
    expect(ok(await w.scheduler()).expiredNotices).toBe(1);
    expect(await w.store.getSettlement(settlementId)).toMatchObject({ status: 'expired', expiredOn: '2022-05-10' });
    expect((await w.store.getDocument(notice.number))?.status).toBe('expired');
    expect(ok(await w.documents(null, 'voucher.verify', { no: notice.number, code })).verdict).toBe('expired');
    const view = ok(await w.applicant(p.openid, 'settlement.get', { applicationId: p.app.id })).settlement;
    expect(view).toMatchObject({
      status: 'expired',
      statusLabel: '通知书已过期',
      notice: { validUntil: '2022-05-09' },
    });
    // A second run finds nothing more.
    expect(ok(await w.scheduler()).expiredNotices).toBeUndefined();
  });
});
