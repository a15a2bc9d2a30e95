/**
 * Access declared per action and enforced by the runtime before the handler: each kind's refusal (message, code,
 * store unchanged), what a granted access hands the handler, public actions served without an openid and
 * rate-limited per caller, and the read-only store of queries.
 */
import * as z from 'zod/mini';
import { admin } from '../../cloudfunctions/admin/handlers';
import { applicant } from '../../cloudfunctions/applicant/handlers';
import { otherDepartment, reviewer } from '../../cloudfunctions/reviewer/handlers';
import { scheduler, TIMER_CALLER, TIMER_OPENID } from '../../cloudfunctions/scheduler/handlers';
import { NOT_A_DISTRICT_OFFICE, NOT_A_REVIEWER, NOT_AN_ADMIN } from '../../cloudfunctions/_core/roles';
import { PUBLIC_CALLS_PER_MINUTE } from '../../cloudfunctions/_core/rate-limit';
import {
  defineFunction,
  type Caller,
  type FunctionHandler,
  type Handlers,
  type QueryCtx,
} from '../../cloudfunctions/_core/runtime';
import type { Store } from '../../cloudfunctions/_core/store';
import { STORE_METHODS } from '../../cloudfunctions/_core/store/tx';
import { ACCESS_MESSAGES, ERROR_MESSAGES, PRIVACY_NOTICE_VERSION, type Envelope } from '../../shared/contracts';
import { CHINESE, data, STORES, type StoreHarness } from './harness';
import { beijingMorning, grant, seedCase } from './reviewer-fixtures';

const NOW = beijingMorning('2026-11-25');

/** A test-only function with one action of each access kind; each handler answers what its context says. */
const EMPTY = z.strictObject({});
const ACTIONS = {
  open: { req: EMPTY, mutation: false, access: { kind: 'public' } },
  who: { req: EMPTY, mutation: false, access: { kind: 'user' } },
  dept: { req: EMPTY, mutation: false, access: { kind: 'reviewer', of: 'department' } },
  office: { req: EMPTY, mutation: true, access: { kind: 'reviewer', of: 'district' } },
  tick: { req: EMPTY, mutation: false, access: { kind: 'system' } },
  sneak: { req: EMPTY, mutation: false, access: { kind: 'user' } },
} as const;
type Api = {
  open: { res: { openid: string | null } };
  who: { res: { openid: string } };
  dept: { res: { department: string } };
  office: { res: { district: string } };
  tick: { res: { ran: true } };
  sneak: { res: { wrote: boolean; methods: string[]; depsKeys: string[] } };
};
const handlers: Handlers<typeof ACTIONS, Api> = {
  open: async (_p, ctx) => ({ openid: ctx.caller.openid }),
  who: async (_p, ctx) => ({ openid: ctx.caller.openid }),
  dept: async (_p, ctx) => ({ department: ctx.department }),
  office: async (_p, ctx) => ({ district: ctx.district }),
  tick: async () => ({ ran: true as const }),
  // A query that tries to write through a cast: the read-only store has no write methods at all.
  sneak: async (_p, ctx: QueryCtx) => {
    const store = ctx.store as unknown as Record<string, unknown>;
    const methods = Object.keys(store);
    const put = store.putRole as ((r: unknown) => Promise<void>) | undefined;
    await (put as (r: unknown) => Promise<void>)({ openid: 'wx-x', role: 'admin', grantedBy: 'x', grantedAt: 'x' });
    return { wrote: true, methods, depsKeys: Object.keys(ctx.deps) };
  },
};

function testFunction(): FunctionHandler {
  return defineFunction<typeof ACTIONS, Api>({ name: 'access-test', actions: ACTIONS, handlers });
}

describe.each(STORES)('access declared per action on %s', (_name, make) => {
  let h: StoreHarness;
  let fn: FunctionHandler;
  const as = (caller: Caller, action: string, requestId?: string, at: Date = NOW): Promise<Envelope<unknown>> =>
    fn({ action, payload: {}, ...(requestId ? { requestId } : {}) }, caller, { store: h.store, now: () => at });

  /** The refusal, its Chinese message, and the business data unchanged. */
  async function refused(run: () => Promise<Envelope<unknown>>, code: string, message: string): Promise<void> {
    const before = h.businessDump();
    const env = await run();
    expect(env).toEqual({ ok: false, code, message });
    expect(message).toMatch(CHINESE);
    expect(h.businessDump()).toBe(before);
  }

  beforeEach(async () => {
    h = make();
    fn = testFunction();
    await grant(h.store, 'wx-admin', 'admin');
    await grant(h.store, 'wx-police', 'reviewer', '市公安局');
    await h.store.putRole({
      openid: 'wx-xihu',
      role: 'reviewer',
      district: 'xihu',
      grantedBy: 'cli:test',
      grantedAt: '2021-09-01T00:00:00.000Z',
    });
  });
  afterEach(() => h.close());

  describe('applicant', () => {
    it('should refuse identity.bind before the privacy notice is accepted with the PRIVACY_REQUIRED message, changing nothing', async () => {
      const bind = {
        action: 'identity.bind',
        requestId: 'req-bind-0001',
        payload: { name: '张伟', idNumber: '330106198705120018', mobile: '13800000000' },
      };
      await refused(
        () => applicant(bind, { openid: 'wx-alice' }, { store: h.store, now: () => NOW }),
        'PRIVACY_REQUIRED',
        ERROR_MESSAGES.PRIVACY_REQUIRED,
      );
      // Once accepted, the same request goes through to the handler.
      data(
        await applicant(
          { action: 'privacy.accept', requestId: 'req-priv-0001', payload: { version: PRIVACY_NOTICE_VERSION } },
          { openid: 'wx-alice' },
          { store: h.store, now: () => NOW },
        ),
      );
      expect(data(await applicant(bind, { openid: 'wx-alice' }, { store: h.store, now: () => NOW }))).toMatchObject({
        identity: { name: '张伟' },
      });
    });

    it('should refuse every non-public action without an openid as UNAUTHENTICATED, changing nothing', async () => {
      for (const action of ['who', 'dept', 'office', 'tick']) {
        await refused(
          () => as({ openid: null }, action, 'req-anon-0001'),
          'UNAUTHENTICATED',
          ERROR_MESSAGES.UNAUTHENTICATED,
        );
      }
    });
  });

  describe('reviewer', () => {
    it('should refuse a caller without a department role, administrators included, with FORBIDDEN', async () => {
      for (const who of ['wx-nobody', 'wx-admin', 'wx-xihu']) {
        await refused(() => as({ openid: who }, 'dept'), 'FORBIDDEN', NOT_A_REVIEWER);
      }
      // The real function: the queue and a decision, refused before the handler.
      await refused(
        () =>
          reviewer({ action: 'task.list', payload: {} }, { openid: 'wx-nobody' }, { store: h.store, now: () => NOW }),
        'FORBIDDEN',
        NOT_A_REVIEWER,
      );
      await refused(
        () =>
          reviewer(
            { action: 'task.decide', requestId: 'req-decide-01', payload: { taskId: 't_1', decision: 'confirm' } },
            { openid: 'wx-xihu' },
            { store: h.store, now: () => NOW },
          ),
        'FORBIDDEN',
        NOT_A_REVIEWER,
      );
    });

    it("should hand the handler the caller's own department, so another department's task is refused", async () => {
      expect(data(await as({ openid: 'wx-police' }, 'dept'))).toEqual({ department: '市公安局' });
      await grant(h.store, 'wx-edu', 'reviewer', '市教育局');
      expect(data(await as({ openid: 'wx-edu' }, 'dept'))).toEqual({ department: '市教育局' });
      // The real function: a 市教育局 reviewer opening and deciding a 市公安局 task.
      const { tasks } = await seedCase(h.store, { id: 'app_1' });
      const police = tasks.find((t) => t.department === '市公安局');
      if (!police) throw new Error('the seeded case has a 市公安局 task');
      const call = (action: string, payload: unknown, requestId?: string) =>
        reviewer(
          { action, payload, ...(requestId ? { requestId } : {}) },
          { openid: 'wx-edu' },
          {
            store: h.store,
            now: () => NOW,
          },
        );
      await refused(() => call('task.get', { taskId: police.id }), 'FORBIDDEN', otherDepartment('市公安局'));
      await refused(
        () => call('task.decide', { taskId: police.id, decision: 'confirm' }, 'req-decide-02'),
        'FORBIDDEN',
        otherDepartment('市公安局'),
      );
    });

    it('should refuse a district action to a department reviewer and hand a district office its district', async () => {
      await refused(() => as({ openid: 'wx-police' }, 'office', 'req-office-01'), 'FORBIDDEN', NOT_A_DISTRICT_OFFICE);
      expect(data(await as({ openid: 'wx-xihu' }, 'office', 'req-office-02'))).toEqual({ district: 'xihu' });
    });
  });

  describe('admin', () => {
    it('should refuse an admin-only action to a reviewer and a stranger with FORBIDDEN, changing nothing', async () => {
      for (const who of ['wx-police', 'wx-stranger']) {
        await refused(
          () =>
            admin(
              { action: 'role.grant', requestId: 'req-grant-001', payload: { openid: 'wx-x', role: 'admin' } },
              { openid: who },
              { store: h.store, now: () => NOW },
            ),
          'FORBIDDEN',
          NOT_AN_ADMIN,
        );
      }
      expect(await h.store.listRolesOf('wx-x')).toEqual([]);
    });
  });

  describe('system', () => {
    it('should refuse a system-only action to users — an administrator, and a forged timer id without the system mark', async () => {
      for (const caller of [{ openid: 'wx-admin' }, { openid: TIMER_OPENID }, { openid: 'wx-alice' }]) {
        await refused(() => as(caller, 'tick'), 'FORBIDDEN', ACCESS_MESSAGES.systemOnly);
      }
      expect(data(await as(TIMER_CALLER, 'tick'))).toEqual({ ran: true });
    });

    it("should refuse the scheduler's publish to a forged timer id, and run it for the timer", async () => {
      const run = (caller: Caller) =>
        scheduler({ action: 'publish', payload: {} }, caller, { store: h.store, now: () => NOW });
      await refused(() => run({ openid: TIMER_OPENID }), 'FORBIDDEN', NOT_AN_ADMIN);
      expect(data(await run(TIMER_CALLER))).toMatchObject({ published: 0 });
    });
  });

  describe('public', () => {
    it('should serve a public action without an openid, and refuse an unknown action before asking who calls', async () => {
      const before = h.fullDump();
      expect(data(await as({ openid: null, clientIp: '10.0.0.1' }, 'open'))).toEqual({ openid: null });
      expect(data(await as({ openid: 'wx-alice' }, 'open'))).toEqual({ openid: 'wx-alice' });
      expect(await as({ openid: null }, 'nope')).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
      expect(h.fullDump()).toBe(before); // a public read writes nothing, not even a counter
    });

    it('should rate-limit a public caller per client IP and minute, other callers and the next minute unaffected', async () => {
      const anon = { openid: null, clientIp: '10.0.0.1' };
      for (let i = 0; i < PUBLIC_CALLS_PER_MINUTE; i++) expect((await as(anon, 'open')).ok).toBe(true);
      const before = h.fullDump();
      const limited = await as(anon, 'open');
      expect(limited).toEqual({ ok: false, code: 'RATE_LIMITED', message: ERROR_MESSAGES.RATE_LIMITED });
      expect(limited.ok || limited.message).toMatch(CHINESE);
      expect(h.fullDump()).toBe(before);
      expect((await as({ openid: null, clientIp: '10.0.0.2' }, 'open')).ok).toBe(true);
      expect((await as({ openid: 'wx-alice', clientIp: '10.0.0.1' }, 'open')).ok).toBe(true);
      const nextMinute = new Date(NOW.getTime() + 60_000);
      expect((await as(anon, 'open', undefined, nextMinute)).ok).toBe(true);
    });
  });

  describe('read-only queries', () => {
    it('should give a query a store without write methods and deps without the store, so a write fails and changes nothing', async () => {
      const lines: string[] = [];
      const before = h.fullDump();
      const env = await fn({ action: 'sneak', payload: {} }, { openid: 'wx-alice' }, {
        store: h.store,
        now: () => NOW,
        log: (l) => lines.push(l),
      } as { store: Store; now: () => Date; log: (l: string) => void });
      expect(env).toEqual({ ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL });
      expect(lines).toEqual(['[access-test] sneak INTERNAL TypeError']);
      expect(h.fullDump()).toBe(before);
      expect(await h.store.listRolesOf('wx-x')).toEqual([]);
    });

    it('should list only reads on the read-only store and keep the store out of deps', async () => {
      const probe = defineFunction<
        { look: (typeof ACTIONS)['who'] },
        { look: { res: { methods: string[]; deps: string[] } } }
      >({
        name: 'probe',
        actions: { look: ACTIONS.who },
        handlers: {
          look: async (_p, ctx) => ({ methods: Object.keys(ctx.store).sort(), deps: Object.keys(ctx.deps).sort() }),
        },
      });
      const seen = data<{ methods: string[]; deps: string[] }>(
        (await probe({ action: 'look' }, { openid: 'wx-alice' }, { store: h.store, now: () => NOW })) as Envelope<{
          methods: string[];
          deps: string[];
        }>,
      );
      expect(seen.deps).toEqual(['now']);
      expect(seen.methods).toEqual([...STORE_METHODS.reads].sort());
      for (const write of [...STORE_METHODS.writes, ...STORE_METHODS.bulk, 'transaction']) {
        expect(seen.methods).not.toContain(write);
      }
    });
  });
});
