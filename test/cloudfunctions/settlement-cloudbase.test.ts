/** @jest-environment node */
/**
 * The settlement journey on the CloudBase adapter (over its test fake), through the same handlers: apply with a
 * receipt, a refusal that leaves every collection as it was, 市公安局's return and verification, the notice, 落户办结,
 * and an unused notice expired by the scheduler.
 */
import { issueAdmissionNotice } from '../../cloudfunctions/_core/notices';
import { asRead, loadCalendar } from '../../cloudfunctions/_core/cases';
import { SETTLEMENT, transition } from '../../shared/lifecycle';
import { idNumberFor } from './reviewer-fixtures';
import {
  applyToSettle,
  at10,
  person,
  POLICE,
  profileWith,
  SAVE,
  settleWorld,
  uploadAll,
  type Answer,
  type SettleWorld,
} from './settlement-fixtures';

let w: SettleWorld;
beforeEach(async () => {
  w = await settleWorld('cloudbase');
});
afterEach(() => w.close());

function ok(env: Answer) {
  if (!env.ok) throw new Error(`expected ok, got ${env.code}: ${env.message}`);
  return env.data;
}

async function noticed(settlementId: string, day: string): Promise<void> {
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

describe('settlement journey on CloudBase', () => {
  it('should refuse 99.5 points leaving every collection as it was', async () => {
    const p = await person(w, 'wx-cb-low', { profile: profileWith('99.5', idNumberFor('1990-02-02', 21)) });
    ok(await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id)));
    await uploadAll(w, p.openid, p.app.id);
    const before = w.business();
    const env = await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id });
    expect(env).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect(w.business()).toBe(before);
  });

  it('should go from application to settled, and expire another unused notice', async () => {
    const a = await person(w, 'wx-cb-a');
    const b = await person(w, 'wx-cb-b');
    const sa = ok(await applyToSettle(w, a)).settlement;
    const sb = ok(await applyToSettle(w, b)).settlement;
    expect([sa.receiptNumber, sb.receiptNumber]).toEqual(['LH2021-1122-000001', 'LH2021-1122-000002']);
    ok(await w.reviewer(POLICE, 'settlement.return', { settlementId: sa.settlementId, reason: '申请表未签名' }));
    ok(await w.applicant(a.openid, 'settlement.resubmit', { applicationId: a.app.id }));
    for (const s of [sa, sb]) ok(await w.reviewer(POLICE, 'settlement.verify', { settlementId: s.settlementId }));
    expect((await w.store.listSettlementTotals('2021')).map((t) => t.id).sort()).toEqual(
      [sa.settlementId, sb.settlementId].sort(),
    );

    w.clock.now = at10('2022-03-10');
    for (const s of [sa, sb]) await noticed(s.settlementId, '2022-03-10');
    const notice = ok(await w.documents(a.openid, 'notice.get', { applicationId: a.app.id }));
    const code = w.codes[w.codes.length - 1];
    ok(await w.reviewer(POLICE, 'settlement.settle', { settlementId: sa.settlementId, permitSurrendered: true }));
    expect(ok(await w.documents(null, 'voucher.verify', { no: notice.number, code })).verdict).toBe('used');

    w.clock.now = at10('2022-05-10');
    expect(ok(await w.scheduler()).expiredNotices).toBe(1);
    expect((await w.store.getSettlement(sb.settlementId))?.status).toBe('expired');
    expect((await w.store.getSettlement(sa.settlementId))?.status).toBe('settled');
  });
});
