/** @jest-environment node */
/**
 * The admission notice helper: an admitted settlement application gets a numbered notice valid 60 days counted per
 * the Civil Code, and becomes noticed in the same transaction; anything else is refused and nothing is written.
 */
import {
  buildAdmissionNotice,
  endNotice,
  EXPIRE_BATCH,
  expireLapsedNotices,
  issueAdmissionNotice,
} from '../../cloudfunctions/_core/notices';
import { openSqliteStore } from '../../cloudfunctions/_core/store';
import { createCalendar } from '../../shared/calendar';
import { TransitionError } from '../../shared/lifecycle';
import { sampleSettlement } from '../store/settlement-sample';

const AT = '2022-03-10T02:00:00.000Z';
const calendar = createCalendar();
const admitted = sampleSettlement('st1', '2021-11-02T01:00:00.000Z', {
  status: 'admitted',
  receiptNumber: 'LH2021-1102-000123',
  total: '160.5',
  confirmedOn: '2021-10-20',
});

describe('admission notice', () => {
  it('should number the notice after the settlement receipt and print its last valid day 60 days on', () => {
    const { settlement, document } = buildAdmissionNotice(admitted, {
      today: '2021-08-03',
      at: AT,
      calendar,
      actor: 'system',
    });
    // Day 60 is 2021-10-02 (国庆节): the period runs to the next working day.
    expect(document).toMatchObject({
      number: 'ZR2021-000123-01',
      kind: 'notice',
      applicationId: 'st1',
      maskedName: '张*',
      total: '160.5',
      issuedOn: '2021-08-03',
      validUntil: '2021-10-08',
      status: 'issued',
      codeHash: '',
    });
    expect(settlement).toMatchObject({
      status: 'noticed',
      noticeNumber: 'ZR2021-000123-01',
      noticeValidUntil: '2021-10-08',
      updatedAt: AT,
    });
  });

  it('should write the notice and the noticed application together, and refuse one no longer admitted', async () => {
    const store = openSqliteStore(':memory:');
    await store.putSettlement(admitted);
    const how = { today: '2022-03-10', at: AT, calendar, actor: 'system' as const };
    await store.transaction(async (tx) => {
      const s = await tx.getSettlement('st1');
      await issueAdmissionNotice(tx, s!, how);
    });
    expect((await store.getSettlement('st1'))?.status).toBe('noticed');
    expect((await store.getDocument('ZR2021-000123-01'))?.validUntil).toBe('2022-05-09');
    const before = JSON.stringify(store.dump());
    // The same application read before the notice: refused by the machine, nothing written.
    await expect(
      store.transaction(async (tx) => {
        const s = await tx.getSettlement('st1');
        await issueAdmissionNotice(tx, s!, how);
      }),
    ).rejects.toThrow(TransitionError);
    expect(JSON.stringify(store.dump())).toBe(before);
    store.close();
  });

  it('should end an issued notice as expired or used, and refuse to end it twice', () => {
    const { document } = buildAdmissionNotice(admitted, { today: '2022-03-10', at: AT, calendar, actor: 'admin' });
    expect(endNotice(document, AT, 'expire')).toMatchObject({ status: 'expired', retiredAt: AT });
    const used = endNotice(document, AT, 'use');
    expect(used.status).toBe('used');
    expect(() => endNotice(used, AT, 'expire')).toThrow('凭证当前为「已使用（已落户）」，不能过期');
  });

  it('should expire every lapsed notice in batches with its application, once, leaving valid and settled ones', async () => {
    const store = openSqliteStore(':memory:');
    const n = EXPIRE_BATCH * 2 + 50;
    const how = { today: '2022-03-10', at: AT, calendar, actor: 'system' as const };
    await store.transaction(async (tx) => {
      await tx.getSettlement('none');
      for (let i = 0; i < n + 2; i++) {
        const s = {
          ...admitted,
          id: `st${i}`,
          personKey: `p${i}`,
          receiptNumber: `LH2021-1102-${String(i + 1).padStart(6, '0')}`,
        };
        await tx.putSettlement(s);
        await issueAdmissionNotice(tx, s, i === n + 1 ? { ...how, today: '2022-04-01' } : how);
      }
    });
    // One settled with its notice before the run.
    const settled = (await store.getSettlement(`st${n}`))!;
    await store.putSettlement({ ...settled, status: 'settled', updatedAt: AT }, { status: 'noticed', updatedAt: AT });
    const by = { actor: 'system:timer', fn: 'scheduler' };
    expect(await expireLapsedNotices(store, '2022-05-10', AT, by)).toBe(n);
    expect(await store.getSettlement('st0')).toMatchObject({ status: 'expired', expiredOn: '2022-05-10' });
    expect((await store.getDocument('ZR2021-000001-01'))?.status).toBe('expired');
    expect((await store.getSettlement(`st${n}`))?.status).toBe('settled');
    // Issued 2022-04-01: valid through 2022-05-31.
    expect((await store.getSettlement(`st${n + 1}`))?.status).toBe('noticed');
    const trail = await store.listAudit({ target: 'application:app1', limit: 100 });
    expect(trail.entries.filter((e) => e.action === 'notice.expire').length).toBeGreaterThan(0);
    expect(await expireLapsedNotices(store, '2022-05-10', AT, by)).toBe(0);
    store.close();
  });
});
