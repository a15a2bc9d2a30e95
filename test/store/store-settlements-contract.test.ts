/**
 * The settlements area (积分落户申请), the same on both adapters: a record read back whole, found by person and round,
 * a round's queue by status (and district) page by page, the ranking's totals of verified applications only, lapsed
 * notices, and conditional writes that change nothing when refused.
 */
import { StoreConflictError, type SettlementRecord } from '../../cloudfunctions/_core/store';
import { ADAPTERS, AT, type Harness } from './adapters';
import { sampleSettlement } from './settlement-sample';

const LATER = '2021-11-03T02:00:00.000Z';
const submittedAt = (day: number) => `2021-11-${String(day).padStart(2, '0')}T01:00:00.000Z`;

describe.each(ADAPTERS)('settlements area on %s', (_name, factory) => {
  let h: Harness;
  beforeEach(() => {
    h = factory();
  });
  afterEach(() => h.close());

  const put = (id: string, over: Partial<SettlementRecord>) => h.store.putSettlement(sampleSettlement(id, AT, over));

  it('should read a settlement application back whole and find it by person and round only', async () => {
    await put('st1', {});
    await put('st2', { personKey: 'pk-bob', ownerOpenid: null });
    expect(await h.store.getSettlement('st1')).toEqual(sampleSettlement('st1', AT));
    expect(await h.store.getSettlement('st-none')).toBeNull();
    expect((await h.store.findSettlementByPerson('pk-alice', '2021'))?.id).toBe('st1');
    expect(await h.store.findSettlementByPerson('pk-alice', '2022')).toBeNull();
    expect(await h.store.findSettlementByPerson('pk-carol', '2021')).toBeNull();
  });

  it('should list a round queue by status oldest submission first, page by page, and by district', async () => {
    await put('s3', { status: 'submitted', submittedAt: submittedAt(3) });
    await put('s1', { status: 'submitted', submittedAt: submittedAt(1), personKey: 'p1' });
    await put('s2', { status: 'submitted', submittedAt: submittedAt(2), personKey: 'p2', district: 'gongshu' });
    await put('v1', { status: 'verified', submittedAt: submittedAt(1), personKey: 'p4' });
    await put('other', { status: 'submitted', submittedAt: submittedAt(1), roundId: '2022', personKey: 'p5' });
    const first = await h.store.listSettlementsByStatus({ roundId: '2021', status: 'submitted', limit: 2 });
    expect(first.settlements.map((s) => s.id)).toEqual(['s1', 's2']);
    const second = await h.store.listSettlementsByStatus({
      roundId: '2021',
      status: 'submitted',
      limit: 2,
      after: first.next,
    });
    expect(second).toEqual({ settlements: [expect.objectContaining({ id: 's3' })] });
    const gongshu = await h.store.listSettlementsByStatus({
      roundId: '2021',
      status: 'submitted',
      district: 'gongshu',
    });
    expect(gongshu.settlements.map((s) => s.id)).toEqual(['s2']);
  });

  it('should rank the totals of verified applications only: highest first, then earliest submission, then id', async () => {
    await put('a', { status: 'verified', total: '135', submittedAt: submittedAt(5), personKey: 'pa' });
    await put('b', { status: 'verified', total: '160.5', submittedAt: submittedAt(9), personKey: 'pb' });
    await put('c', { status: 'verified', total: '135', submittedAt: submittedAt(2), personKey: 'pc' });
    await put('d', { status: 'verified', total: '99.5', submittedAt: submittedAt(1), personKey: 'pd' });
    await put('e', { status: 'verified', total: '1000', submittedAt: submittedAt(1), personKey: 'pe' });
    await put('sub', { status: 'submitted', total: '200', submittedAt: submittedAt(1), personKey: 'pf' });
    await put('adm', { status: 'admitted', total: '200', submittedAt: submittedAt(1), personKey: 'pg' });
    await put('next', { status: 'verified', total: '200', submittedAt: submittedAt(1), roundId: '2022' });
    expect(await h.store.listSettlementTotals('2021')).toEqual([
      { id: 'e', total: '1000', submittedAt: submittedAt(1) },
      { id: 'b', total: '160.5', submittedAt: submittedAt(9) },
      { id: 'c', total: '135', submittedAt: submittedAt(2) },
      { id: 'a', total: '135', submittedAt: submittedAt(5) },
      { id: 'd', total: '99.5', submittedAt: submittedAt(1) },
    ]);
    expect(await h.store.listSettlementTotals('2030')).toEqual([]);
  });

  it('should count the verified totals of a round, one entry per distinct total, highest first, and no other status or round', async () => {
    await put('a', { status: 'verified', total: '135', submittedAt: submittedAt(5), personKey: 'pa' });
    await put('b', { status: 'verified', total: '160.5', submittedAt: submittedAt(9), personKey: 'pb' });
    await put('c', { status: 'verified', total: '135', submittedAt: submittedAt(2), personKey: 'pc' });
    await put('d', { status: 'verified', total: '99.5', submittedAt: submittedAt(1), personKey: 'pd' });
    await put('e', { status: 'verified', total: '1000', submittedAt: submittedAt(1), personKey: 'pe' });
    await put('f', { status: 'verified', total: '135', submittedAt: submittedAt(7), personKey: 'pf' });
    await put('sub', { status: 'submitted', total: '135', submittedAt: submittedAt(1), personKey: 'pg' });
    await put('adm', { status: 'admitted', total: '200', submittedAt: submittedAt(1), personKey: 'ph' });
    await put('next', { status: 'verified', total: '135', submittedAt: submittedAt(1), roundId: '2022' });
    expect(await h.store.countSettlementTotals('2021')).toEqual([
      { total: '1000', count: 1 },
      { total: '160.5', count: 1 },
      { total: '135', count: 3 },
      { total: '99.5', count: 1 },
    ]);
    expect(await h.store.countSettlementTotals('2022')).toEqual([{ total: '135', count: 1 }]);
    expect(await h.store.countSettlementTotals('2030')).toEqual([]);
  });

  it('should list noticed applications whose notice lapsed before today, earliest first, and no others', async () => {
    await put('n1', { status: 'noticed', noticeValidUntil: '2022-05-10', personKey: 'p1' });
    await put('n2', { status: 'noticed', noticeValidUntil: '2022-05-09', personKey: 'p2' });
    await put('n3', { status: 'noticed', noticeValidUntil: '2022-05-11', personKey: 'p3' });
    await put('done', { status: 'settled', noticeValidUntil: '2022-05-01', personKey: 'p4' });
    expect((await h.store.listLapsedNotices('2022-05-11', 10)).map((s) => s.id)).toEqual(['n2', 'n1']);
    expect((await h.store.listLapsedNotices('2022-05-11', 1)).map((s) => s.id)).toEqual(['n2']);
    expect(await h.store.listLapsedNotices('2022-05-09', 10)).toEqual([]);
  });

  it('should write conditionally: only if still as read, else a state conflict that changes nothing', async () => {
    await put('st1', {});
    await h.store.putSettlement(sampleSettlement('st1', AT, { status: 'submitted', updatedAt: LATER }), {
      status: 'draft',
      updatedAt: AT,
    });
    const before = JSON.stringify(h.dump());
    await expect(
      h.store.putSettlement(sampleSettlement('st1', AT, { status: 'submitted', updatedAt: LATER }), {
        status: 'draft',
        updatedAt: AT,
      }),
    ).rejects.toBeInstanceOf(StoreConflictError);
    await expect(
      h.store.putSettlement(sampleSettlement('missing', AT), { status: 'draft', updatedAt: AT }),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(JSON.stringify(h.dump())).toBe(before);
    expect((await h.store.getSettlement('st1'))?.status).toBe('submitted');
  });

  it('should keep a refused conditional write inside a transaction from keeping any of its writes', async () => {
    await put('st1', { status: 'submitted', submittedAt: submittedAt(1) });
    const before = JSON.stringify(h.dump());
    await expect(
      h.store.transaction(async (tx) => {
        await tx.getSettlement('st1');
        await tx.putSettlement(sampleSettlement('st2', AT, { personKey: 'p2' }));
        await tx.putSettlement(sampleSettlement('st1', AT, { status: 'verified', updatedAt: LATER }), {
          status: 'correction',
          updatedAt: AT,
        });
      }),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(JSON.stringify(h.dump())).toBe(before);
  });
});
