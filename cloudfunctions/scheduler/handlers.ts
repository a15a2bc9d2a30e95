/**
 * The scheduler function: its one action `publish` runs a publishing run (see _core/publishing.ts). A timer trigger calls it
 * in CloudBase (config.json, every 30 minutes; index.ts maps the timer event to the system caller), an interval calls
 * it in the local cloud (scripts/local-cloud/scheduler.ts); an administrator may call it too. Pure of wx-server-sdk.
 */
import { SCHEDULER_ACTIONS, type SchedulerApi } from '../../shared/contracts';
import { runPublish, type PublishOptions, type SubscribeSender } from '../_core/publishing';
import { defineFunction, type Caller, type FunctionHandler, type Handlers } from '../_core/runtime';

/**
 * The caller id of timer runs. No platform openid can take this form (WeChat openids have no `:`, and the local
 * cloud refuses such a header), and only the timer entry and the local cloud's interval pass it.
 */
export const TIMER_OPENID = 'system:timer';

/** The caller of timer runs: a system caller (which the `admin` access of `publish` admits without a role). */
export const TIMER_CALLER: Caller = { openid: TIMER_OPENID, system: true };

/** The timer trigger's name in config.json (the production entry runs only this trigger as the system). */
export const TIMER_TRIGGER = 'publishResults';

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** Production: sends the outbox with the subscribe-message API. Absent: messages are only recorded. */
  sender?: SubscribeSender;
  /** Time budget of a run in ms (see PublishOptions.budgetMs). */
  budgetMs?: number;
}

/** The scheduler function, optionally sending the outbox. */
export function createScheduler(options: SchedulerOptions = {}): FunctionHandler {
  const handlers: Handlers<typeof SCHEDULER_ACTIONS, SchedulerApi> = {
    async publish(_payload, ctx) {
      const actor = ctx.caller.openid;
      const opts: PublishOptions = { actor, fn: 'scheduler', action: 'publish' };
      if (options.sender) opts.sender = options.sender;
      if (options.budgetMs !== undefined) opts.budgetMs = options.budgetMs;
      return runPublish(ctx.store, ctx.deps.now, opts);
    },
  };
  return defineFunction<typeof SCHEDULER_ACTIONS, SchedulerApi>({
    name: 'scheduler',
    actions: SCHEDULER_ACTIONS,
    handlers,
  });
}

/** The scheduler as the local cloud and the tests serve it: the outbox is only recorded. */
export const scheduler = createScheduler();
