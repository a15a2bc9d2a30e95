/**
 * Journeys on the server through the real handlers (applicant, reviewer, scheduler) on both store adapters:
 * a self-applicant applies, the departments review (市公安局 confirms, 市人力社保局 corrects B4 from 60 to 58
 * months), the clock reaches the result date, the scheduler publishes, and the result shows declared vs verified
 * per line with the reviewer's note; and a correction loop (return → resubmit → pending again → confirm → result).
 */
import { reviewer } from '../../cloudfunctions/reviewer/handlers';
import { scheduler, TIMER_CALLER } from '../../cloudfunctions/scheduler/handlers';
import type { Envelope, ReviewerApi } from '../../shared/contracts';
import { CHINESE, data, STORES, type ResOf, type StoreHarness } from './harness';
import {
  acceptPrivacy,
  beijing9,
  identityOf,
  profileOf,
  rid,
  upload,
  uploadAllMissing,
  world,
  ZHANG_ID,
  type World,
} from './cases-helpers';
import { grant } from './reviewer-fixtures';

/** Reviewer openid per department (one each). */
const REVIEWERS: Record<string, string> = {
  市公安局: 'rv-police',
  市教育局: 'rv-edu',
  市人力社保局: 'rv-hrss',
  市住保房管局: 'rv-housing',
  市献血服务中心: 'rv-blood',
  '市委宣传部（文明办）': 'rv-civil',
  市民政局: 'rv-civil-affairs',
  '市发改委（信用办）': 'rv-credit',
  市红十字会: 'rv-redcross',
  市税务局: 'rv-tax',
  市市场监管局: 'rv-market',
};

/** Zhang Wei with exactly 60 months of social insurance inside the 2021 round's five-year window. */
function profile60(): Record<string, unknown> {
  const p = profileOf(ZHANG_ID);
  p.socialInsurance = [{ from: '2016-10', to: '2021-09', pension: true, medical: true }];
  return p;
}

describe.each(STORES)('review journeys on %s', (_name, make) => {
  let h: StoreHarness;
  let w: World;
  const review = <A extends string>(
    openid: string,
    action: A,
    payload: unknown,
    mutation = action === 'task.decide',
  ): Promise<Envelope<ResOf<ReviewerApi, A>>> =>
    reviewer(
      { action, payload, ...(mutation ? { requestId: rid() } : {}) },
      { openid },
      { store: h.store, files: w.files, now: () => w.clock.now },
    ) as Promise<Envelope<ResOf<ReviewerApi, A>>>;
  const publish = () =>
    scheduler({ action: 'publish', payload: {} }, TIMER_CALLER, { store: h.store, now: () => w.clock.now });
  const queue = async (
    department: string,
  ): Promise<{ taskId: string; indicatorId: string; applicationId: string; status: string }[]> =>
    data(await review(REVIEWERS[department] as string, 'task.list', { limit: 100 })).tasks;

  beforeEach(async () => {
    h = make();
    w = world(h.store);
    for (const [department, openid] of Object.entries(REVIEWERS)) await grant(h.store, openid, 'reviewer', department);
  });
  afterEach(() => {
    w.close();
    h.close();
  });

  /** alice applies for herself and submits on 2021-10-08; returns the application id. */
  async function applyAndSubmit(): Promise<string> {
    await acceptPrivacy(w, 'alice');
    const { application } = await w.ok('alice', 'application.save', {
      identity: identityOf(ZHANG_ID),
      profile: profile60(),
    });
    await uploadAllMissing(w, 'alice', application.applicationId);
    const submitted = await w.ok('alice', 'application.submit', {
      applicationId: application.applicationId,
      subscribed: ['result', 'correction'],
    });
    expect(submitted.application.status).toBe('submitted');
    return application.applicationId;
  }

  /** Every department confirms its pending tasks of the case, except the indicators in `skip`. */
  async function confirmAllPending(applicationId: string, skip: string[] = []): Promise<void> {
    for (const department of Object.keys(REVIEWERS)) {
      for (const t of await queue(department)) {
        if (t.applicationId !== applicationId || t.status !== 'pending' || skip.includes(t.indicatorId)) continue;
        data(await review(REVIEWERS[department] as string, 'task.decide', { taskId: t.taskId, decision: 'confirm' }));
      }
    }
  }

  it('should take a self-applicant from submission through two departments’ review to a published, explained result', async () => {
    const id = await applyAndSubmit();
    w.clock.now = beijing9('2021-10-12');

    // 市公安局 sees B1, B7 and the records it checks; it confirms them.
    const police = await queue('市公安局');
    expect(police.map((t) => t.indicatorId).sort()).toEqual(['B1', 'B7', 'D1', 'D2', 'D3']);
    const b1 = data(
      await review('rv-police', 'task.get', { taskId: police.find((t) => t.indicatorId === 'B1')?.taskId }, false),
    ).task;
    expect(b1.person.idNumber).toBe(ZHANG_ID);
    expect(b1.declaredFacts).toEqual([{ name: '张伟', idNumber: ZHANG_ID }]);
    for (const t of police) data(await review('rv-police', 'task.decide', { taskId: t.taskId, decision: 'confirm' }));

    // 市人力社保局 reads the title certificate behind a short-lived link, and corrects B4 from 60 to 58 months.
    const hrss = await queue('市人力社保局');
    const b3 = data(
      await review('rv-hrss', 'task.get', { taskId: hrss.find((t) => t.indicatorId === 'B3')?.taskId }, false),
    ).task;
    expect(b3.materials).toHaveLength(1);
    expect(b3.materials[0].url).toMatch(/^http:\/\/files\.invalid\//);
    const b4 = hrss.find((t) => t.indicatorId === 'B4');
    const corrected = data(
      await review('rv-hrss', 'task.decide', {
        taskId: b4?.taskId,
        decision: 'correct',
        facts: [{ from: '2016-10', to: '2021-07', pension: true, medical: true }],
        note: '社保系统显示 2021 年 8、9 月未缴，核定 58 个月',
      }),
    ).task;
    expect(corrected.status).toBe('corrected');

    // Before the other departments finish, the result is not there yet.
    const early = await w.call('alice', 'result.get', { applicationId: id });
    expect(early).toMatchObject({ ok: false, code: 'NOT_YET' });
    expect(early.ok || early.message).toContain('2021年11月4日');

    await confirmAllPending(id);
    const decided = await w.ok('alice', 'application.get', { applicationId: id });
    expect(decided.application.status).toBe('decided');
    // Decided is not published: the result date has not come.
    expect(await w.call('alice', 'result.get', { applicationId: id })).toMatchObject({ ok: false, code: 'NOT_YET' });
    expect(data(await publish())).toMatchObject({ published: 0 });

    // The clock reaches the result date; the scheduler publishes.
    w.clock.now = beijing9('2021-11-04');
    expect(data(await publish())).toMatchObject({ today: '2021-11-04', published: 1, notified: 1, overdue: 0 });
    const result = await w.ok('alice', 'result.get', { applicationId: id });
    expect(result).toMatchObject({
      applicationId: id,
      status: 'published',
      published: true,
      timeline: { resultDate: '2021-11-04' },
    });
    const line = (lineId: string) => result.lines.find((l: { id: string }) => l.id === lineId);
    expect(line('B4')).toEqual({
      id: 'B4',
      name: expect.stringMatching(CHINESE),
      declaredPoints: '30',
      verifiedPoints: '29',
      decision: 'corrected',
      decisionLabel: '已核减/更正',
      note: '社保系统显示 2021 年 8、9 月未缴，核定 58 个月',
    });
    expect(line('B1')).toMatchObject({ declaredPoints: '30', verifiedPoints: '30', decision: 'confirmed' });
    expect(result.total).toBe(result.sheet.total);
    const outbox = await h.store.listUnsentOutbox(10);
    expect(outbox).toEqual([expect.objectContaining({ kind: 'result', toOpenid: 'alice', applicationId: id })]);

    // The owner's trail: her own steps, the reviewers' decisions, the system's publication.
    const trail = (await w.ok('alice', 'case.audit', { applicationId: id })).entries as {
      action: string;
      actor: string;
    }[];
    expect(trail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'application.submit', actor: 'self' }),
        expect.objectContaining({ action: 'task.decide', actor: 'reviewer' }),
        expect.objectContaining({ action: 'result.publish', actor: 'system' }),
      ]),
    );
  });

  it('should loop through a correction: return → resubmit after the window → pending again → confirm → result', async () => {
    const id = await applyAndSubmit();
    w.clock.now = beijing9('2021-10-13');
    const b3 = (await queue('市人力社保局')).find((t) => t.indicatorId === 'B3') as { taskId: string };
    data(
      await review('rv-hrss', 'task.decide', {
        taskId: b3.taskId,
        decision: 'return',
        missing: '职称证书照片模糊，请上传清晰的证书原件照片',
      }),
    );
    await confirmAllPending(id);

    const inCorrection = (await w.ok('alice', 'application.get', { applicationId: id })).application;
    expect(inCorrection.status).toBe('correction');
    expect(inCorrection.tasks.find((t: { indicatorId: string }) => t.indicatorId === 'B3')).toMatchObject({
      status: 'returned',
      missing: expect.stringContaining('职称证书'),
    });
    expect(await h.store.listUnsentOutbox(10)).toEqual([
      expect.objectContaining({ kind: 'correction', toOpenid: 'alice' }),
    ]);
    // Every other task is decided, but the case is not: the returned one is still open.
    expect(data(await publish())).toMatchObject({ published: 0 });

    // The applicant adds a clear photo and resubmits on 2021-11-01, after the application window has closed.
    w.clock.now = beijing9('2021-11-01');
    data(await upload(w, 'alice', { applicationId: id, key: 'B3:titles.0' }, 'jpeg', undefined, '职称证书-清晰.jpg'));
    const resubmitted = (await w.ok('alice', 'application.submit', { applicationId: id, subscribed: [] })).application;
    expect(resubmitted.status).toBe('submitted');

    const again = (await queue('市人力社保局')).find((t) => t.indicatorId === 'B3') as {
      taskId: string;
      status: string;
    };
    expect(again.status).toBe('pending');
    const detail = data(await review('rv-hrss', 'task.get', { taskId: again.taskId }, false)).task;
    expect(detail.history.map((x: { status: string }) => x.status)).toEqual(['pending', 'returned', 'pending']);
    expect(detail.materials.map((m: { fileName: string }) => m.fileName)).toContain('职称证书-清晰.jpg');

    data(await review('rv-hrss', 'task.decide', { taskId: again.taskId, decision: 'confirm', note: '补正后证书清晰' }));
    expect((await w.ok('alice', 'application.get', { applicationId: id })).application.status).toBe('decided');

    w.clock.now = beijing9('2021-11-04');
    expect(data(await publish())).toMatchObject({ published: 1 });
    const result = await w.ok('alice', 'result.get', { applicationId: id });
    expect(result.lines.find((l: { id: string }) => l.id === 'B3')).toMatchObject({
      decision: 'confirmed',
      note: '补正后证书清晰',
      verifiedPoints: result.lines.find((l: { id: string }) => l.id === 'B3').declaredPoints,
    });
  });
});
