/**
 * Production entry of the scheduler function. Its timer trigger (config.json: every 30 minutes) calls it with
 * `{ Type: 'Timer', TriggerName, Time }` and no WeChat context: that call runs `publish` as the system caller and
 * sends the outbox with `cloud.openapi.subscribeMessage.send` (template ids from the environment, see subscribe.ts).
 * A call from the mini program has an OPENID and goes through the dispatcher like any other (administrators only).
 */
import * as cloud from 'wx-server-sdk';
import { fail, type Envelope } from '../../shared/contracts';
import { createWxMain, wxDatabase } from '../_core/wx';
import { createCloudBaseStore } from '../_core/store/cloudbase';
import type { Store } from '../_core/store/types';
import { createScheduler, TIMER_CALLER, TIMER_TRIGGER } from './handlers';
import { createSubscribeSender, type SubscribeOpenApi } from './subscribe';

// Once per instance; DYNAMIC_CURRENT_ENV is typed as a symbol the init options do not admit.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

/**
 * Time budget of one run (`PUBLISH_BUDGET_MS`, default 20 s): set the function's timeout (云函数 → 配置 → 超时时间)
 * above it, e.g. 60 s. A large round is then published over consecutive timer runs.
 */
const budget = Number(process.env.PUBLISH_BUDGET_MS);
const fn = createScheduler({
  sender: createSubscribeSender(cloud.openapi as unknown as SubscribeOpenApi),
  budgetMs: Number.isFinite(budget) && budget > 0 ? budget : 20_000,
});
const serve = createWxMain(fn);
let store: Store | undefined;

/** Whether the event is this function's own timer trigger. */
export function isTimerEvent(event: unknown): boolean {
  if (!event || typeof event !== 'object') return false;
  const e = event as Record<string, unknown>;
  return e.Type === 'Timer' && e.TriggerName === TIMER_TRIGGER;
}

/** The function's entry. */
export async function main(event: unknown, context: unknown): Promise<Envelope<unknown>> {
  let openid: string | undefined;
  try {
    openid = cloud.getWXContext().OPENID || undefined;
  } catch (e) {
    console.error(`[scheduler] setup INTERNAL ${e instanceof Error ? e.name : typeof e}`);
    return fail('INTERNAL');
  }
  // A timer call has no user: only then, and only for this trigger, act as the system.
  if (!openid && isTimerEvent(event)) {
    try {
      store ??= createCloudBaseStore(wxDatabase(cloud.database()));
    } catch (e) {
      console.error(`[scheduler] setup INTERNAL ${e instanceof Error ? e.name : typeof e}`);
      return fail('INTERNAL');
    }
    const res = await fn({ action: 'publish', payload: {} }, TIMER_CALLER, { store, now: () => new Date() });
    // One line for the function's log: counts only.
    console.log(`[scheduler] ${res.ok ? JSON.stringify(res.data) : res.code}`);
    return res;
  }
  return serve(event, context);
}
