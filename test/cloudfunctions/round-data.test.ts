/**
 * The round data each request works with is cached per function instance; an administrator's change must be seen by
 * the very next request, and one request must not be able to change what the next one sees.
 */
import { loadCalendar, loadRoundState } from '../../cloudfunctions/_core/cases';
import { openSqliteStore } from '../../cloudfunctions/_core/store/sqlite';
import type { Store } from '../../cloudfunctions/_core/store';
import { admin } from '../../cloudfunctions/admin/handlers';
import { applicantCaller, data, STORES, type StoreHarness } from './harness';
import { grant } from './reviewer-fixtures';
import { ROUND_2021 } from '../../shared/rounds';
import minimal from '../../examples/wang-fang-minimal.json';

const NOW = new Date('2022-08-15T04:00:00.000Z');

describe('round data for a request', () => {
  it("should see an administrator's new holiday table on the next request", async () => {
    const store = openSqliteStore(':memory:');
    expect((await loadCalendar(store)).covers(2027)).toBe(false);
    await store.putHolidayTable({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {} });
    const calendar = await loadCalendar(store);
    expect(calendar.covers(2027)).toBe(true);
    expect(calendar.holidayName('2027-01-01')).toBe('元旦');
    store.close();
  });

  it("should see an administrator's round override on the next request, in every store", async () => {
    const a = openSqliteStore(':memory:');
    const b = openSqliteStore(':memory:');
    const before = await loadRoundState(a, NOW);
    await b.putRoundOverride({
      ...ROUND_2021,
      id: '2022',
      year: 2022,
      name: '2022 年度（改）',
      application: { from: '2022-08-01', to: '2022-08-31', workingDaysOnly: true },
      cutoff: '2022-07-01',
      fiveYearWindow: { from: '2017-07-01', toExclusive: '2022-07-01' },
      settlement: { from: '2022-11-01', to: '2022-11-30', workingDaysOnly: true },
      source: 'admin',
      cutoffException: undefined,
    });
    expect((await loadRoundState(b, NOW)).rounds.find((r) => r.year === 2022)?.name).toBe('2022 年度（改）');
    // The other store has no override: its answer is its own, not the last one built.
    expect((await loadRoundState(a, NOW)).rounds.find((r) => r.year === 2022)?.name).toBe(
      before.rounds.find((r) => r.year === 2022)?.name,
    );
    a.close();
    b.close();
  });

  it('should not let one request change the rounds the next one gets', async () => {
    const store = openSqliteStore(':memory:');
    const first = await loadRoundState(store, NOW);
    const count = first.rounds.length;
    first.rounds.length = 0;
    const next = await loadRoundState(store, NOW);
    expect(next.rounds).toHaveLength(count);
    const shared = next.rounds[0] as { name: string };
    expect(() => {
      shared.name = 'changed';
    }).toThrow(TypeError);
    expect((await loadRoundState(store, NOW)).rounds[0]?.name).not.toBe('changed');
    store.close();
  });
});

describe.each(STORES)('reference data cached per instance on %s', (_name, make) => {
  let h: StoreHarness;
  beforeEach(() => {
    h = make();
  });
  afterEach(() => h.close());

  /** The store, counting the reads of the three lists the cache saves. */
  function counted(store: Store): { store: Store; lists: () => number } {
    let lists = 0;
    const names = new Set(['listPolicyVersions', 'listRoundOverrides', 'listHolidayTables']);
    const proxy = new Proxy(store, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver) as unknown;
        if (typeof key === 'string' && names.has(key)) lists++;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    return { store: proxy, lists: () => lists };
  }

  it('should read the lists again only after a write changed the reference version', async () => {
    const c = counted(h.store);
    await loadRoundState(c.store, NOW);
    await loadCalendar(c.store);
    const afterFirst = c.lists();
    for (let i = 0; i < 5; i++) {
      await loadRoundState(c.store, NOW);
      await loadCalendar(c.store);
    }
    expect(c.lists()).toBe(afterFirst);
    await h.store.putHolidayTable({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {} });
    expect((await loadCalendar(c.store)).holidayName('2027-01-01')).toBe('元旦');
    expect(c.lists()).toBeGreaterThan(afterFirst);
  });

  it("should show the applicant an administrator's round change on the very next request", async () => {
    await grant(h.store, 'wx-admin', 'admin');
    const applicantAt = applicantCaller(h.store, NOW);
    const before = data(await applicantAt({ action: 'round.current' }));
    expect(before.round?.id).toBe('2022');
    const changed = { ...before.round, name: '2022 年度（改期）', source: 'admin' };
    const put = await admin(
      { action: 'round.put', payload: { round: changed }, requestId: 'round-put-1' },
      { openid: 'wx-admin' },
      { store: h.store, now: () => NOW },
    );
    expect(put.ok).toBe(true);
    expect(data(await applicantAt({ action: 'round.current' })).round?.name).toBe('2022 年度（改期）');
  });

  it("should score a simulation under an administrator's new cutoff on the very next request", async () => {
    await grant(h.store, 'wx-admin', 'admin');
    const applicantAt = applicantCaller(h.store, NOW);
    const simulate = { action: 'simulate', payload: { profile: minimal } } as const;
    const before = data(await applicantAt(simulate)).sheet;
    const round = data(await applicantAt({ action: 'round.current' })).round;
    expect(round?.id).toBe(before.roundId);
    expect(before.cutoff).toBe(round?.cutoff);
    const changed = {
      ...round,
      // The application opens a month later, so the cutoff moves with it (first day of the month before).
      application: { from: '2022-10-08', to: '2022-10-31', workingDaysOnly: true },
      cutoff: '2022-09-01',
      fiveYearWindow: { from: '2017-09-01', toExclusive: '2022-09-01' },
      source: 'admin',
    };
    const put = await admin(
      { action: 'round.put', payload: { round: changed }, requestId: 'round-put-2' },
      { openid: 'wx-admin' },
      { store: h.store, now: () => NOW },
    );
    expect(put.ok).toBe(true);
    const after = data(await applicantAt(simulate)).sheet;
    expect(after.cutoff).toBe('2022-09-01');
    expect(after.fiveYearWindow).toEqual({ from: '2017-09-01', toExclusive: '2022-09-01' });
  });
});
