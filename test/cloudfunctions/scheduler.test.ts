/**
 * The scheduler function (publishing run) on both store adapters, its production sending of the outbox, and the
 * local cloud's interval that stands in for the timer trigger.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  createScheduler,
  scheduler,
  TIMER_CALLER,
  TIMER_OPENID,
  TIMER_TRIGGER,
} from '../../cloudfunctions/scheduler/handlers';
import { MAX_SEND_ATTEMPTS, type SubscribeSender } from '../../cloudfunctions/_core/publishing';
import {
  createSubscribeSender,
  DEFAULT_FIELDS,
  templateData,
  type SubscribeOpenApi,
} from '../../cloudfunctions/scheduler/subscribe';
import {
  openSqliteStore,
  type ApplicationRecord,
  type OutboxMessage,
  type Store,
} from '../../cloudfunctions/_core/store';
import type { FunctionHandler } from '../../cloudfunctions/_core/runtime';
import type { Envelope, PublishRes } from '../../shared/contracts';
import {
  startLocalScheduler,
  schedulerIntervalFromEnv,
  DEFAULT_SCHEDULER_MS,
} from '../../scripts/local-cloud/scheduler';
import { startLocalCloud } from '../../scripts/local-cloud/server';
import { data, STORES, type StoreHarness } from './harness';
import { beijingMorning, grant, seedCase, seedDecided } from './reviewer-fixtures';

const publish = { action: 'publish', payload: {} };

/** Runs publish as `openid`; the timer's id runs as the system caller, as the timer entry and the local cloud do. */
function runAs(fn: FunctionHandler, store: Store, day: string) {
  return (openid: string) =>
    fn(publish, openid === TIMER_OPENID ? TIMER_CALLER : { openid }, {
      store,
      now: () => beijingMorning(day),
    }) as Promise<Envelope<PublishRes>>;
}

describe.each(STORES)('scheduler on %s', (_name, make) => {
  let h: StoreHarness;
  let resultDate: string;

  beforeEach(async () => {
    h = make();
    await grant(h.store, 'wx-admin', 'admin');
    // Accepted 2021-10-08: decided, subscribed by the applicant and an agent.
    const due = await seedDecided(h.store, {
      id: 'app_due',
      subscriptions: [
        { openid: 'wx-applicant', kinds: ['result', 'correction'] },
        { openid: 'wx-agent', kinds: ['result'] },
      ],
    });
    resultDate = due.resultDate as string;
    // Accepted a week later: decided, but its result date is later.
    await seedDecided(h.store, {
      id: 'app_later',
      acceptedOn: '2021-10-15',
      seq: 2,
      subscriptions: [{ openid: 'wx-later', kinds: ['result'] }],
    });
    // Accepted 2021-10-08, still under review: overdue from its result date.
    await seedCase(h.store, { id: 'app_pending', seq: 3 });
  });
  afterEach(() => h.close());

  it('should publish nothing and report nothing overdue the day before the result date', async () => {
    const before = h.businessDump();
    const dayBefore = new Date(beijingMorning(resultDate).getTime() - 86_400_000).toISOString().slice(0, 10);
    const res = data(await runAs(scheduler, h.store, dayBefore)(TIMER_OPENID));
    expect(res).toEqual({ today: dayBefore, published: 0, overdue: 0, notified: 0 });
    expect(h.businessDump()).toBe(before);
  });

  it("should publish only the due decided case, record 'result' messages for its subscribers and count the overdue one", async () => {
    const res = data(await runAs(scheduler, h.store, resultDate)(TIMER_OPENID));
    expect(res).toEqual({ today: resultDate, published: 1, overdue: 1, notified: 2 });
    expect(await h.store.getApplication('app_due')).toMatchObject({
      status: 'published',
      publishedAt: beijingMorning(resultDate).toISOString(),
    });
    expect((await h.store.getApplication('app_later'))?.status).toBe('decided');
    expect((await h.store.getApplication('app_pending'))?.status).toBe('submitted');
    const outbox = await h.store.listUnsentOutbox(10);
    expect(outbox.map((m) => [m.kind, m.toOpenid, m.applicationId]).sort()).toEqual([
      ['result', 'wx-agent', 'app_due'],
      ['result', 'wx-applicant', 'app_due'],
    ]);
    // The owner's trail shows the publication (written by the store with the status change).
    const trail = await h.store.listAudit({ target: 'application:app_due' });
    expect(trail.entries).toEqual([
      {
        id: `a_pub_${createHash('sha256').update('app_due').digest('hex').slice(0, 32)}`,
        at: beijingMorning(resultDate).toISOString(),
        actor: TIMER_OPENID,
        actingFor: null,
        fn: 'scheduler',
        action: 'result.publish',
        target: 'application:app_due',
        result: 'ok',
      },
    ]);
  });

  it("should publish more cases than one of the store's batches in one run, each with its trail entry", async () => {
    const template = (await h.store.getApplication('app_due')) as ApplicationRecord;
    const n = 1001;
    for (let i = 0; i < n; i++)
      await h.store.putApplication({ ...template, id: `app_many_${String(i).padStart(4, '0')}`, subscriptions: [] });
    const res = data(await runAs(scheduler, h.store, resultDate)(TIMER_OPENID));
    expect(res).toEqual({ today: resultDate, published: n + 1, overdue: 1, notified: 2 });
    expect(await h.store.countApplicationsByStatus({ statuses: ['decided'], resultDateTo: resultDate })).toBe(0);
    for (const id of ['app_many_0000', 'app_many_1000']) {
      expect((await h.store.listAudit({ target: `application:${id}` })).entries.map((e) => e.action)).toEqual([
        'result.publish',
      ]);
    }
  });

  it('should publish nothing new when run twice', async () => {
    const run = runAs(scheduler, h.store, resultDate);
    data(await run(TIMER_OPENID));
    const after1 = h.businessDump();
    expect(data(await run(TIMER_OPENID))).toMatchObject({ published: 0, notified: 0, overdue: 1 });
    expect(h.businessDump()).toBe(after1);
  });

  it('should let an administrator run it and refuse anyone else with FORBIDDEN, changing nothing', async () => {
    const run = runAs(scheduler, h.store, resultDate);
    const before = h.businessDump();
    expect(await run('wx-someone')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(h.businessDump()).toBe(before);
    expect(data(await run('wx-admin'))).toMatchObject({ published: 1 });
    const runs = await h.store.listAudit({ actor: 'wx-admin' });
    expect(runs.entries.map((e) => e.target)).toContain(`scheduler:publish:${resultDate}`);
  });

  it('should send the outbox when given a sender, marking each message sent or failed, and give up after repeated failures', async () => {
    const seen: OutboxMessage[] = [];
    const sender: SubscribeSender = async (m) => {
      seen.push(m);
      if (m.toOpenid === 'wx-agent') throw new Error('43101 user refuse to accept the msg');
    };
    const sending = createScheduler({ sender });
    const res = data(await runAs(sending, h.store, resultDate)(TIMER_OPENID));
    expect(res.delivery).toEqual({ sent: 1, failed: 1 });
    const unsent = await h.store.listUnsentOutbox(10);
    expect(unsent).toEqual([
      expect.objectContaining({ toOpenid: 'wx-agent', attempts: 1, lastError: '43101 user refuse to accept the msg' }),
    ]);
    for (let i = 1; i < MAX_SEND_ATTEMPTS; i++) await runAs(sending, h.store, resultDate)(TIMER_OPENID);
    expect((await h.store.listUnsentOutbox(10))[0]?.attempts).toBe(MAX_SEND_ATTEMPTS);
    const tries = seen.length;
    expect(data(await runAs(sending, h.store, resultDate)(TIMER_OPENID)).delivery).toEqual({ sent: 0, failed: 0 });
    expect(seen.length).toBe(tries);
  });
});

describe('scheduler time budget', () => {
  it('should stop between batches once its budget is spent, say so, and leave the rest to the next run', async () => {
    const store = openSqliteStore(':memory:');
    let calls = 0;
    // A store whose every publishDue call returns a full batch of 1,000 after 20 ms: without a budget it never ends.
    const endless = Object.assign(Object.create(store) as Store, {
      publishDue: async (today: string) => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        return Array.from({ length: 1000 }, (_, i) => ({
          applicationId: `app_${calls}_${i}`,
          roundId: '2021',
          receiptNumber: '',
          resultDate: today,
          notified: 0,
        }));
      },
    });
    // A budget of 0: the first batch (20 ms) already spends it.
    const budgeted = createScheduler({ budgetMs: 0 });
    const res = data<{ more?: boolean; published: number }>(
      (await budgeted(publish, TIMER_CALLER, {
        store: endless,
        now: () => beijingMorning('2021-11-04'),
      })) as Envelope<PublishRes>,
    );
    expect(res.more).toBe(true);
    expect(calls).toBe(1);
    expect(res.published).toBe(1000);
    store.close();
  });
});

describe('scheduler deployment config', () => {
  it('should declare its timer trigger (every 30 minutes) and the subscribe-message permission', () => {
    const config = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../cloudfunctions/scheduler/config.json'), 'utf8'),
    );
    expect(config.triggers).toEqual([{ name: TIMER_TRIGGER, type: 'timer', config: '0 */30 * * * * *' }]);
    expect(config.permissions.openapi).toEqual(['subscribeMessage.send']);
  });
});

describe('subscribe-message sending (production)', () => {
  const message: OutboxMessage = {
    id: 'result:2021-11-05:app_1:wx-a',
    kind: 'result',
    toOpenid: 'wx-a',
    applicationId: 'app_1',
    data: { receiptNumber: 'JF2021-1008-000001', resultDate: '2021-11-05', total: '202' },
    createdAt: '2021-11-05T02:00:00.000Z',
    sent: false,
    attempts: 0,
  };
  const fakeApi = (answer: () => Promise<{ errCode?: number; errMsg?: string } | undefined>) => {
    const calls: unknown[] = [];
    const api: SubscribeOpenApi = {
      subscribeMessage: {
        send: (req) => {
          calls.push(req);
          return answer();
        },
      },
    };
    return { api, calls };
  };

  it('should not create a sender without any template id (the outbox is then only recorded)', () => {
    expect(createSubscribeSender(fakeApi(async () => ({ errCode: 0 })).api, {})).toBeUndefined();
  });

  it('should send with the template id, the mapped keywords, the page and the state from the environment', async () => {
    const { api, calls } = fakeApi(async () => ({ errCode: 0, errMsg: 'ok' }));
    const send = createSubscribeSender(api, {
      SUBSCRIBE_TEMPLATE_RESULT: 'tpl-result',
      SUBSCRIBE_PAGE: 'pages/result/result?id={applicationId}',
      SUBSCRIBE_STATE: 'trial',
    });
    await send?.(message);
    expect(calls).toEqual([
      {
        touser: 'wx-a',
        templateId: 'tpl-result',
        page: 'pages/result/result?id=app_1',
        miniprogramState: 'trial',
        data: {
          character_string1: { value: 'JF2021-1008-000001' },
          date2: { value: '2021-11-05' },
          thing3: { value: DEFAULT_FIELDS.result.thing3 as string },
        },
      },
    ]);
  });

  it('should fail a message whose kind has no template, and report the platform error code', async () => {
    const refused = createSubscribeSender(
      fakeApi(async () => Promise.reject({ errCode: 43101, errMsg: 'user refuse to accept the msg' })).api,
      { SUBSCRIBE_TEMPLATE_RESULT: 'tpl' },
    );
    await expect(refused?.({ ...message, kind: 'correction' })).rejects.toThrow('SUBSCRIBE_TEMPLATE_CORRECTION');
    await expect(refused?.(message)).rejects.toThrow('43101 user refuse to accept the msg');
    const answered = createSubscribeSender(fakeApi(async () => ({ errCode: 47003, errMsg: 'argument invalid' })).api, {
      SUBSCRIBE_TEMPLATE_RESULT: 'tpl',
    });
    await expect(answered?.(message)).rejects.toThrow('47003 argument invalid');
  });

  it('should map keywords to fields or literal text and cut values to the keyword type limits', () => {
    const d = templateData(
      { ...message, data: { missing: '职称证书照片不清晰请重新上传并补充社保缴纳证明材料' } },
      { thing1: 'missing', phrase2: '需要补正材料', name3: 'x' },
    );
    expect(d).toEqual({
      thing1: { value: '职称证书照片不清晰请重新上传并补充社保缴' },
      phrase2: { value: '需要补正材' },
      name3: { value: 'x' },
    });
    expect([...(d.thing1?.value ?? '')]).toHaveLength(20);
  });

  it('should refuse a malformed keyword mapping at start', () => {
    expect(() =>
      createSubscribeSender(fakeApi(async () => undefined).api, {
        SUBSCRIBE_TEMPLATE_RESULT: 't',
        SUBSCRIBE_FIELDS_RESULT: '[1]',
      }),
    ).toThrow('SUBSCRIBE_FIELDS_RESULT');
  });
});

describe('local cloud scheduler interval', () => {
  it('should read LOCAL_CLOUD_SCHEDULER_MS: default one minute, 0 turns it off, nonsense is refused', () => {
    expect(schedulerIntervalFromEnv(undefined)).toBe(DEFAULT_SCHEDULER_MS);
    expect(schedulerIntervalFromEnv('0')).toBe(0);
    expect(schedulerIntervalFromEnv('1500')).toBe(1500);
    expect(() => schedulerIntervalFromEnv('-1')).toThrow('LOCAL_CLOUD_SCHEDULER_MS');
    expect(() => schedulerIntervalFromEnv('soon')).toThrow('LOCAL_CLOUD_SCHEDULER_MS');
  });

  it('should call publish as the timer on every interval, never two runs at once, and stop cleanly', async () => {
    let active = 0;
    let maxActive = 0;
    const callers: (string | null)[] = [];
    const slow: FunctionHandler = async (_event, caller) => {
      callers.push(caller.openid);
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 15));
      active--;
      return { ok: true, data: { published: 0, overdue: 0 } };
    };
    const store = openSqliteStore(':memory:');
    const s = startLocalScheduler(slow, { store, now: () => new Date() }, 5);
    await new Promise((r) => setTimeout(r, 150));
    await s.stop();
    const count = callers.length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(maxActive).toBe(1);
    expect(new Set(callers)).toEqual(new Set([TIMER_OPENID]));
    await new Promise((r) => setTimeout(r, 30));
    expect(callers.length).toBe(count);
    store.close();
  });

  it('should publish due results from the local cloud, whose scheduler is mounted with the injected clock', async () => {
    const store = openSqliteStore(':memory:');
    const due = await seedDecided(store, { id: 'app_local', subscriptions: [{ openid: 'wx-a', kinds: ['result'] }] });
    const cloud = await startLocalCloud({
      port: 0,
      store,
      now: () => beijingMorning(due.resultDate as string),
      schedulerIntervalMs: 0,
      errorLog: () => undefined,
    });
    try {
      expect(cloud.scheduler).not.toBeNull();
      const res = await cloud.scheduler?.runNow();
      expect(res).toMatchObject({ ok: true, data: { published: 1, notified: 1 } });
      expect((await store.getApplication('app_local'))?.status).toBe('published');
      // Recorded only: the local cloud never sends.
      expect(await store.listUnsentOutbox(10)).toEqual([
        expect.objectContaining({ toOpenid: 'wx-a', sent: false, attempts: 0 }),
      ]);
    } finally {
      await cloud.close();
      store.close();
    }
  });
});
