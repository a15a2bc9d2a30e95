/**
 * The end of review: when no task of a case is pending or returned, the engine computes the verified result and the
 * case becomes `decided` (published later by the scheduler, on its result date). Also the outbox messages of a
 * return for correction and the overdue rule.
 */
import { computeResult, type DecidedTask } from '../../../shared/application/result';
import type { ISODate } from '../../../shared/dates';
import type { PolicyVersion } from '../../../shared/policy';
import type { Round } from '../../../shared/rounds';
import { beijingDate } from '../../../shared/dates';
import { APPLICATION, transition } from '../../../shared/lifecycle';
import type { ApplicationRecord, Expected, OutboxMessage, TaskRecord } from '../store/types';
import { declaredProfile } from './views';

/**
 * What a conditional write of `rec` expects: the status and `updatedAt` it was read with, so the write happens only
 * if nobody changed it since (else the store's StoreConflictError, answered as CONFLICT).
 */
export function asRead<S extends string>(rec: { status: S; updatedAt: string }): Expected<S> {
  return { status: rec.status, updatedAt: rec.updatedAt };
}

/** A task still waiting for a decision (pending, or returned for correction). */
export function isUndecided(t: Pick<TaskRecord, 'status'>): boolean {
  return t.status === 'pending' || t.status === 'returned';
}

/**
 * Overdue: the case's result date has come (results should be visible from that day) and the task is still
 * undecided. Used for the reviewer queue and `case.overdue`.
 */
export function isTaskOverdue(t: Pick<TaskRecord, 'status' | 'resultDate'>, today: ISODate): boolean {
  return isUndecided(t) && t.resultDate <= today;
}

/** The tasks as `computeResult` takes them. */
export function decidedTasks(tasks: readonly TaskRecord[]): DecidedTask[] {
  return tasks.map((t) => {
    const d: DecidedTask = { indicatorId: t.indicatorId, status: t.status };
    if (t.verifiedFacts) d.facts = t.verifiedFacts;
    if (t.note) d.note = t.note;
    return d;
  });
}

/**
 * The case after a decision: when every task is decided, a copy with status `decided`, `decidedAt` and the stored
 * result (the engine over the verified facts); null while any task is undecided. `tasks` must be the case's tasks
 * as they will be after the decision being saved.
 */
export function settleIfDecided(
  app: ApplicationRecord,
  tasks: readonly TaskRecord[],
  policy: PolicyVersion,
  round: Round,
  at: string,
): ApplicationRecord | null {
  if (tasks.length === 0 || tasks.some(isUndecided)) return null;
  // The last decision of a review settles the case: the server's own transition.
  const status = transition(APPLICATION, app.status, 'decide', 'system', { today: beijingDate(new Date(at)) });
  const result = computeResult(declaredProfile(app), policy, round, decidedTasks(tasks));
  return {
    ...app,
    status,
    decidedAt: at,
    updatedAt: at,
    result: { ...result, computedAt: at, policyVersion: policy.id },
  };
}

/**
 * The 'correction' outbox messages of a case returned for 补正: one per subscriber who asked for it, with a
 * deterministic id per case, subscriber and `round` of correction (`occurrence`, e.g. the number of returns so far).
 */
export function correctionMessages(
  app: ApplicationRecord,
  missing: string,
  at: string,
  occurrence: number,
): OutboxMessage[] {
  return app.subscriptions
    .filter((s) => s.kinds.includes('correction'))
    .map((s) => ({
      id: `correction:${app.id}:${s.openid}:${occurrence}`,
      kind: 'correction' as const,
      toOpenid: s.openid,
      applicationId: app.id,
      data: { receiptNumber: app.receipt?.number ?? '', missing: missing.slice(0, 20) },
      createdAt: at,
      sent: false,
      attempts: 0,
    }));
}
