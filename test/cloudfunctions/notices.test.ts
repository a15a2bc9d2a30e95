/** @jest-environment node */
/**
 * The admission notice helper: an admitted settlement application gets a numbered notice valid 60 days counted per
 * the Civil Code, and becomes noticed in the same transaction; anything else is refused and nothing is written.
 */
import { buildAdmissionNotice, endNotice, issueAdmissionNotice } from '../../cloudfunctions/_core/notices';
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
});
