/**
 * One publishing run (积分查询 opens): the scheduler's timer, the local cloud's interval, the admin function's
 * `scheduler.run` and the CLI's `scheduler-run` all call {@link runPublish} (a bulk action: it gets the store, runs
 * its own batches and audits itself). Shared by the scheduler and admin functions, so it lives in `_core`.
 *
 * 1. publish: decided cases with result date ≤ today become `published` (the lifecycle's `publish`, by the system or
 *    an administrator), with a 'result' outbox message per subscriber and a `result.publish` entry in the case's
 *    trail, written by the store's bulk `publishDue` with the status (a batch at a time; idempotent: a second run
 *    publishes nothing new). Cases are settled by their last review decision, written conditionally with the case,
 *    so no case is left `submitted` with every task decided;
 * 2. overdue: cases under review past their result date are counted (details: admin `case.overdue`);
 * 2b. notices: unused admission notices past their last valid day expire, with their settlement applications
 *    (`_core/notices.ts`, batched); unused ones within 7 days of their last valid day get one 'settlement' reminder
 *    per subscriber (deterministic ids: once);
 * 2c. the settlement line (_core/line-publish.ts): a line whose publication stopped half-way is continued, and on
 *    the working day after a round's last publicity day its admitted get their 准入通知书 and the round closes;
 * 3. delivery (production only, when a sender is given): unsent outbox messages are sent and marked sent/failed.
 *    The local cloud only records them.
 */
import { randomUUID } from 'crypto';
import type { PublishRes } from '../../shared/contracts';
import { CalendarGapError, createCalendar, type WorkCalendar } from '../../shared/calendar';
import { addDays, beijingDate, type ISODate } from '../../shared/dates';
import { APPLICATION, sourcesOf, transition } from '../../shared/lifecycle';
import { disputeDeadline } from '../../shared/rounds';
import { loadRoundState } from './cases';
import { expireLapsedNotices, remindExpiringNotices } from './notices';
import { runLineSteps } from './line-publish';
import { PUBLISH_BATCH_MAX, SCAN_PAGE_MAX, type AuditEntry, type OutboxMessage, type Store } from './store/types';

/**
 * The states a run publishes from: the lifecycle's `publish` sources. The store's bulk `publishDue` selects exactly
 * these (`status = 'decided'`) in both adapters; the lifecycle test pins them.
 */
export const PUBLISHABLE = sourcesOf(APPLICATION, 'publish');
/** The states of a case under review (a department may still decide its tasks): what counts as overdue. */
export const UNDER_REVIEW = sourcesOf(APPLICATION, 'review');

/** Sends one subscribe message; rejects when the platform refuses it (the message is then marked failed). */
export type SubscribeSender = (message: OutboxMessage) => Promise<void>;

/** A message that failed this many times is no longer retried (it stays in the outbox, unsent, for inspection). */
export const MAX_SEND_ATTEMPTS = 5;
/** Most messages one run tries to send (a timer run has a time limit; the next run continues). */
export const SEND_BATCH = 500;

/** Who runs the publishing and how. */
export interface PublishOptions {
  /** Audit actor: an administrator's openid, `cli:<user>`, or the timer's system id. */
  actor: string;
  /** Audit function and action of the run, e.g. `scheduler` / `publish`. */
  fn: string;
  action: string;
  /** Production: sends the outbox. Absent: messages are only recorded. */
  sender?: SubscribeSender;
  /**
   * Stop publishing after this many ms (checked between the store's batches: 1,000 cases on CloudBase, up to 10,000
   * on SQLite) so a timer run ends within its function's time limit; the next run continues where this one stopped.
   * Absent: publish everything due.
   */
  budgetMs?: number;
}

/** Audit entry of a state change made by a run (ids are random: a run is not a replayable request). */
function auditEntry(opts: PublishOptions, at: string, target: string, action = opts.action): AuditEntry {
  return { id: `a_${randomUUID()}`, at, actor: opts.actor, actingFor: null, fn: opts.fn, action, target, result: 'ok' };
}

/** Step 3: sends up to {@link SEND_BATCH} unsent messages once each. */
async function deliver(
  store: Store,
  sender: SubscribeSender,
  now: () => Date,
): Promise<{ sent: number; failed: number }> {
  const out = { sent: 0, failed: 0 };
  const due = (await store.listUnsentOutbox(SCAN_PAGE_MAX))
    .filter((m) => m.attempts < MAX_SEND_ATTEMPTS)
    .slice(0, SEND_BATCH);
  for (const m of due) {
    try {
      await sender(m);
      await store.markOutboxSent(m.id, now().toISOString());
      out.sent++;
    } catch (e) {
      // The platform's error code and text only (never the message's data).
      const why = e instanceof Error ? e.message : String(e);
      await store.markOutboxFailed(m.id, now().toISOString(), why.slice(0, 200));
      out.failed++;
    }
  }
  return out;
}

/**
 * The latest result date whose dispute window has ended by `today` (its 7th working day after is before today), or
 * null: the dispute deadline only grows with the result date, so every case published on or before it is due.
 */
export function confirmCutoff(cal: WorkCalendar, today: ISODate): ISODate | null {
  for (let back = 0; back <= 60; back++) {
    const r = addDays(today, -back);
    try {
      if (disputeDeadline(r, cal) < today) return r;
    } catch (e) {
      if (!(e instanceof CalendarGapError)) throw e; // a deadline in a year without holiday data: not due anyway
    }
  }
  return null;
}

/** The instant a Beijing day ends (UTC+8, no daylight saving): cases published before it were published by that day. */
function endOfBeijingDay(d: ISODate): string {
  return `${d}T16:00:00.000Z`;
}

/**
 * Step 1b: on a working day, every published case with no dispute whose window ended is confirmed (the lifecycle's
 * `confirm`, by the system), set-based by the store's bulk `confirmDue` a batch at a time; the day of the run is the
 * confirmation day — the next working day after the deadline when the timer runs every day. Not on rest days.
 */
async function confirmDueCases(store: Store, today: ISODate, at: string, opts: PublishOptions): Promise<number> {
  const cal = createCalendar(await store.listHolidayTables());
  if (!cal.covers(Number(today.slice(0, 4))) || !cal.isWorkday(today)) return 0;
  const cutoff = confirmCutoff(cal, today);
  if (!cutoff) return 0;
  // The guard of the one lifecycle, for the latest case due: its window has ended.
  transition(APPLICATION, 'published', 'confirm', 'system', { today, disputeDeadline: disputeDeadline(cutoff, cal) });
  let confirmed = 0;
  for (;;) {
    const batch = await store.confirmDue(cutoff, endOfBeijingDay(cutoff), today, at, PUBLISH_BATCH_MAX, {
      actor: opts.actor,
      fn: opts.fn,
    });
    if (batch.length === 0) break;
    confirmed += batch.length;
  }
  return confirmed;
}

/** Step 2b: the settlement line's steps; null when they changed nothing. */
async function lineSteps(
  store: Store,
  clock: () => Date,
  opts: PublishOptions,
): Promise<PublishRes['settlementLines']> {
  const lines = await runLineSteps(store, clock, opts);
  return lines.listed + lines.noticed + lines.closed > 0 ? lines : undefined;
}

/** Step 1: publishes every due case, a store batch at a time, until none is left or the budget is spent. */
async function publishAllDue(
  store: Store,
  today: ISODate,
  at: string,
  opts: PublishOptions,
): Promise<{ published: number; notified: number; more: boolean }> {
  let published = 0;
  let notified = 0;
  const started = Date.now();
  for (;;) {
    if (opts.budgetMs !== undefined && Date.now() - started > opts.budgetMs) return { published, notified, more: true };
    // Each case's trail (case.audit) shows its publication: the store writes the entries with the status change.
    // The store decides its batch (CloudBase 1,000, SQLite up to 10,000), so only an empty batch means done.
    const batch = await store.publishDue(today, at, PUBLISH_BATCH_MAX, { actor: opts.actor, fn: opts.fn });
    if (batch.length === 0) return { published, notified, more: false };
    published += batch.length;
    for (const c of batch) notified += c.notified;
  }
}

/**
 * Step 2b: lapsed notices expire, then unused ones near their last valid day are recalled (rounds whose settlement
 * has opened). Returns how many of each.
 */
async function noticeSteps(
  store: Store,
  now: Date,
  opts: PublishOptions,
): Promise<{ expired: number; reminded: number }> {
  const today = beijingDate(now);
  const at = now.toISOString();
  const expired = await expireLapsedNotices(store, today, at, { actor: opts.actor, fn: opts.fn });
  const { rounds } = await loadRoundState(store, now);
  const opened = rounds.filter((r) => r.settlement.from <= today).map((r) => r.id);
  const reminded = await remindExpiringNotices(store, opened, today, at);
  return { expired, reminded };
}

/** The response's notice counts, present only when not zero. */
function noticeFields(n: {
  expired: number;
  reminded: number;
}): Pick<PublishRes, 'expiredNotices' | 'remindedNotices'> {
  return {
    ...(n.expired ? { expiredNotices: n.expired } : {}),
    ...(n.reminded ? { remindedNotices: n.reminded } : {}),
  };
}

/** Runs steps 1–3 on `store` as of `clock()`; see the module comment. */
export async function runPublish(store: Store, clock: () => Date, opts: PublishOptions): Promise<PublishRes> {
  const now = clock();
  const today = beijingDate(now);
  const at = now.toISOString();

  const { published, notified, more } = await publishAllDue(store, today, at, opts);

  const confirmed = more ? 0 : await confirmDueCases(store, today, at, opts);
  const overdue = await store.countApplicationsByStatus({ statuses: [...UNDER_REVIEW], resultDateTo: today });
  const notices = more ? { expired: 0, reminded: 0 } : await noticeSteps(store, now, opts);
  const noticeChanges = notices.expired + notices.reminded;
  const res: PublishRes = { today, published, overdue, notified };
  if (confirmed) res.confirmed = confirmed;
  Object.assign(res, noticeFields(notices));
  const lines = more ? undefined : await lineSteps(store, clock, opts);
  if (lines) res.settlementLines = lines;
  if (more) res.more = true;
  if (opts.sender) res.delivery = await deliver(store, opts.sender, clock);

  // The run itself is audited when it changed something or when a person asked for it.
  const changed =
    published +
      confirmed +
      noticeChanges +
      Number(!!lines) +
      (res.delivery ? res.delivery.sent + res.delivery.failed : 0) >
    0;
  if (changed || !opts.actor.startsWith('system:')) {
    await store.appendAudit(auditEntry(opts, at, `scheduler:publish:${today}`));
  }
  return res;
}
