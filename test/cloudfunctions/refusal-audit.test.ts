/**
 * Refused mutations are audited in a bounded way and rate-limited per caller: a burst of refusals becomes a few
 * counted audit entries, and past REFUSALS_PER_MINUTE in a minute the caller gets RATE_LIMITED (no handler run, no
 * business data touched) until the next minute. Successes are still one entry each. Both store adapters.
 */
import zhangWei from '../../examples/zhang-wei-2021.json';
import { REFUSALS_PER_MINUTE } from '../../cloudfunctions/_core/runtime';
import { ERROR_MESSAGES } from '../../shared/contracts';
import { applicantCaller, consented, data, STORES, type StoreHarness } from './harness';

const NOW = new Date('2021-10-08T02:00:00.000Z');
const MINUTE = '2021-10-08T02:00';
const save = (requestId: string, title = '张伟的测算') => ({
  action: 'draft.save',
  requestId,
  payload: { title, profile: zhangWei },
});

describe.each(STORES)('refusal audit on %s', (_name, make) => {
  let h: StoreHarness;
  beforeEach(async () => {
    h = make();
    await consented(h.store, 'alice', 'bob');
  });
  afterEach(() => h.close());

  it('should record a burst of 999 conflicts by one caller as two counted entries, answering RATE_LIMITED past the limit', async () => {
    const call = applicantCaller(h.store, NOW);
    data(await call(save('req-burst-0000')));
    const before = h.businessDump();
    const codes: string[] = [];
    for (let i = 0; i < 999; i++) {
      const res = await call(save('req-burst-0000', `别的内容 ${i}`));
      codes.push(res.ok ? 'ok' : res.code);
      if (i === REFUSALS_PER_MINUTE)
        expect(res).toEqual({ ok: false, code: 'RATE_LIMITED', message: ERROR_MESSAGES.RATE_LIMITED });
    }
    expect(codes.filter((c) => c === 'CONFLICT')).toHaveLength(REFUSALS_PER_MINUTE);
    expect(codes.slice(REFUSALS_PER_MINUTE).every((c) => c === 'RATE_LIMITED')).toBe(true);
    expect(ERROR_MESSAGES.RATE_LIMITED).toBe('操作过于频繁，请一分钟后再试');
    expect(h.businessDump()).toBe(before);

    const entries = (await h.store.listAudit({ actor: 'alice', limit: 100 })).entries;
    expect(entries.map((e) => [e.result, e.target, e.count ?? null]).sort()).toEqual([
      ['CONFLICT', 'draft:new', REFUSALS_PER_MINUTE],
      ['RATE_LIMITED', 'applicant:draft.save', 999 - REFUSALS_PER_MINUTE],
      ['ok', expect.stringMatching(/^draft:d_/), null],
    ]);
    expect(await h.store.countRefusalsInMinute('alice', MINUTE)).toBe(999);
  });

  it('should bound the entries of refusals spread over many targets, and limit them the same', async () => {
    const call = applicantCaller(h.store, NOW);
    const before = h.fullDump();
    for (let i = 0; i < 200; i++) {
      const res = await call({
        action: 'draft.remove',
        requestId: `req-spray-${String(i).padStart(4, '0')}`,
        payload: { draftId: `d_missing${i}` },
      });
      expect(res).toMatchObject({ ok: false, code: i < REFUSALS_PER_MINUTE ? 'NOT_FOUND' : 'RATE_LIMITED' });
    }
    expect(h.fullDump()).not.toBe(before); // the refusals are recorded …
    const entries = (await h.store.listAudit({ actor: 'alice', limit: 100 })).entries;
    expect(entries).toHaveLength(REFUSALS_PER_MINUTE + 1); // … in at most one entry per refused target, plus one for the limited rest
    expect(entries.filter((e) => e.result === 'NOT_FOUND').every((e) => e.count === 1)).toBe(true);
    expect(entries.find((e) => e.result === 'RATE_LIMITED')).toMatchObject({
      target: 'applicant:draft.remove',
      count: 200 - REFUSALS_PER_MINUTE,
    });
  });

  it('should refuse even a valid mutation of a limited caller without running it, leave other callers alone, and lift the limit the next minute', async () => {
    const call = applicantCaller(h.store, NOW);
    for (let i = 0; i < REFUSALS_PER_MINUTE; i++)
      await call({
        action: 'draft.save',
        requestId: `req-bad-${String(i).padStart(5, '0')}`,
        payload: { title: ' ', profile: {} },
      });
    const before = h.businessDump();
    expect(await call(save('req-valid-0001'))).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      message: ERROR_MESSAGES.RATE_LIMITED,
    });
    expect(h.businessDump()).toBe(before);
    // Queries are not limited (they are never audited), other callers are not limited.
    expect((await call({ action: 'draft.list' })).ok).toBe(true);
    expect((await call(save('req-bob-00001'), 'bob')).ok).toBe(true);
    // The next minute the same request goes through.
    const later = applicantCaller(h.store, new Date('2021-10-08T02:01:00.000Z'));
    expect((await later(save('req-valid-0001'))).ok).toBe(true);
    expect(await h.store.countDrafts('alice')).toBe(1);
  });
});
