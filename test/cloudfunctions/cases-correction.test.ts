/**
 * After acceptance, from the applicant's side, on both store adapters: a task returned for 补正 (as the reviewer
 * function records it), the applicant correcting only what was returned and resubmitting (history kept), and the
 * result: computed when every task is decided (settleIfDecided), published on its date (publishDue), then readable.
 */
import {
  caseRules,
  loadRoundState,
  roundById,
  policyOf,
  settleIfDecided,
  isTaskOverdue,
} from '../../cloudfunctions/_core/cases';
import { BUILTIN_POLICIES, findPolicy } from '../../shared/policy';
import { ROUND_2021 } from '../../shared/rounds';
import type { TaskRecord } from '../../cloudfunctions/_core/store';
import { CHINESE, data, STORES, type StoreHarness } from './harness';
import {
  beijing9,
  identityOf,
  profileOf,
  startApplication,
  upload,
  uploadAllMissing,
  world,
  ZHANG_ID,
  type World,
} from './cases-helpers';

describe.each(STORES)('correction and result on %s', (_name, make) => {
  let h: StoreHarness;
  let w: World;
  let appId: string;
  beforeEach(async () => {
    h = make();
    w = world(h.store);
    appId = await startApplication(w, 'alice');
    await uploadAllMissing(w, 'alice', appId);
    await w.ok('alice', 'application.submit', { applicationId: appId, subscribed: ['result', 'correction'] });
  });
  afterEach(() => {
    w.close();
    h.close();
  });

  /** What the reviewer function does on a decision: the task, and the application when it changes. */
  async function decide(
    indicatorId: string,
    status: TaskRecord['status'],
    extra: Partial<TaskRecord> = {},
  ): Promise<void> {
    const at = w.clock.now.toISOString();
    const tasks = await h.store.listTasksByApplication(appId);
    const t = tasks.find((x) => x.indicatorId === indicatorId) as TaskRecord;
    const next: TaskRecord = {
      ...t,
      ...extra,
      status,
      decidedBy: 'r1',
      decidedAt: at,
      updatedAt: at,
      history: [...t.history, { at, status, by: 'r1', ...extra }],
    };
    await h.store.putTask(next);
    const app = (await h.store.getApplication(appId))!;
    if (status === 'returned') await h.store.putApplication({ ...app, status: 'correction', updatedAt: at });
  }

  async function refusedUnchanged(run: () => Promise<unknown>, code: string): Promise<void> {
    const before = h.businessDump();
    const env = (await run()) as { ok: boolean; message: string };
    expect(env).toMatchObject({ ok: false, code });
    expect(env.message).toMatch(CHINESE);
    expect(h.businessDump()).toBe(before);
  }

  it('should let the applicant correct only the returned indicator and resubmit, keeping the task history', async () => {
    w.clock.now = beijing9('2021-10-20');
    await decide('B3', 'returned', { missing: '职称证书照片不清晰' });
    const view = (await w.ok('alice', 'application.get', { applicationId: appId })).application;
    expect(view).toMatchObject({ status: 'correction' });
    expect(view.tasks.find((t: { indicatorId: string }) => t.indicatorId === 'B3')).toMatchObject({
      status: 'returned',
      missing: '职称证书照片不清晰',
    });

    // Changing another indicator's facts, or materials of one not returned, is refused.
    const other = profileOf(ZHANG_ID) as { education: { obtainedOn: string }[]; titles: { obtainedOn: string }[] };
    other.education[0]!.obtainedOn = '2010-06-30';
    await refusedUnchanged(
      () =>
        w.call('alice', 'application.save', { applicationId: appId, identity: identityOf(ZHANG_ID), profile: other }),
      'INVALID_INPUT',
    );
    await refusedUnchanged(
      () =>
        w.call('alice', 'material.ticket', {
          target: { applicationId: appId, key: 'B2:education.0' },
          fileName: 'a.pdf',
          mime: 'application/pdf',
          size: 10,
        }),
      'FORBIDDEN',
    );

    // The returned one may change: facts and a clearer photo.
    const fixed = profileOf(ZHANG_ID) as { titles: { obtainedOn: string }[] };
    fixed.titles[0]!.obtainedOn = '2016-12-21';
    data(
      await w.call('alice', 'application.save', {
        applicationId: appId,
        identity: identityOf(ZHANG_ID),
        profile: fixed,
      }),
    );
    data(await upload(w, 'alice', { applicationId: appId, key: 'B3:titles.0' }, 'jpeg'));
    const again = (await w.ok('alice', 'application.submit', { applicationId: appId })).application;
    expect(again.status).toBe('submitted');
    expect(again.receipt.number).toBe('JF2021-1008-000001'); // same acceptance, same receipt
    const b3 = (await h.store.listTasksByApplication(appId)).find((t) => t.indicatorId === 'B3')!;
    expect(b3.status).toBe('pending');
    expect(b3.missing).toBeUndefined();
    expect(b3.declaredFacts).toEqual([expect.objectContaining({ obtainedOn: '2016-12-21' })]);
    expect(b3.history.map((x) => x.status)).toEqual(['pending', 'returned', 'pending']);
    expect(b3.history[1]).toMatchObject({ missing: '职称证书照片不清晰' });
  });

  it('should refuse a resubmission on or after the result date', async () => {
    await decide('B3', 'returned', { missing: '缺少证书' });
    w.clock.now = beijing9('2021-11-04');
    await refusedUnchanged(() => w.call('alice', 'application.submit', { applicationId: appId }), 'OUTSIDE_WINDOW');
  });

  it('should compute the result when every task is decided, publish it on its date and show it line by line', async () => {
    const state = await loadRoundState(h.store, w.clock.now);
    const round = roundById(state, '2021')!;
    const policy = policyOf(state, round);
    const tasks = await h.store.listTasksByApplication(appId);
    const app = (await h.store.getApplication(appId))!;
    expect(settleIfDecided(app, tasks, policy, round, 'x')).toBeNull(); // still pending
    expect(isTaskOverdue(tasks[0]!, '2021-11-03')).toBe(false);
    expect(isTaskOverdue(tasks[0]!, '2021-11-04')).toBe(true);

    const at = beijing9('2021-10-25').toISOString();
    const decided = tasks.map((t) =>
      t.indicatorId === 'B3'
        ? { ...t, status: 'rejected' as const, note: '证书无法核验' }
        : { ...t, status: 'confirmed' as const },
    );
    const settled = settleIfDecided(app, decided, policy, round, at)!;
    expect(settled).toMatchObject({ status: 'decided', decidedAt: at });
    for (const t of decided) await h.store.putTask(t);
    await h.store.putApplication(settled);

    expect(await w.call('alice', 'result.get', { applicationId: appId })).toMatchObject({ ok: false, code: 'NOT_YET' });
    expect(await h.store.publishDue('2021-11-03', at, 100)).toEqual([]);
    const published = await h.store.publishDue('2021-11-04', beijing9('2021-11-04').toISOString(), 100);
    expect(published).toEqual([expect.objectContaining({ applicationId: appId, notified: 1 })]);

    w.clock.now = beijing9('2021-11-04');
    const result = await w.ok('alice', 'result.get', { applicationId: appId });
    expect(result).toMatchObject({ status: 'published', published: true, timeline: { resultDate: '2021-11-04' } });
    const b3 = result.lines.find((l: { id: string }) => l.id === 'B3');
    expect(b3).toMatchObject({
      decision: 'rejected',
      decisionLabel: '不予认定',
      verifiedPoints: '0',
      note: '证书无法核验',
    });
    expect(b3.declaredPoints).not.toBe('0');
    expect(result.total).toBe(settled.result!.total);
    expect((await h.store.listUnsentOutbox(10)).map((m) => [m.kind, m.toOpenid])).toEqual([['result', 'alice']]);
  });
});

describe('the rules a case is under (caseRules)', () => {
  const state = { rounds: [ROUND_2021], policies: [...BUILTIN_POLICIES] };

  it('should keep the policy version a case was submitted under, even when its round now names another', () => {
    expect(caseRules(state, { roundId: '2021', policyVersion: 'hz-2024-07' })?.policy.id).toBe('hz-2024-07');
  });

  it("should use the round's policy version for a case not yet submitted", () => {
    expect(caseRules(state, { roundId: '2021' })).toEqual({ round: ROUND_2021, policy: findPolicy('hz-2021') });
  });

  it('should answer null for an unknown round or policy version', () => {
    expect(caseRules(state, { roundId: '2099' })).toBeNull();
    expect(caseRules(state, { roundId: '2021', policyVersion: 'hz-1999' })).toBeNull();
  });
});
