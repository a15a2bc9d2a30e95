/**
 * 异议 and 复核, shared by the applicant, reviewer, admin and scheduler functions: ids, the dispute window (the 7th
 * working day after the result date, from the case's timeline and the holiday calendar), the re-review limit, the
 * views, and the revised result (the engine over the re-verified facts — never a typed number).
 */
import { computeResult, factDecisionOf, type DecidedTask } from '../../shared/application/result';
import { districtName } from '../../shared/application/districts';
import type { WorkCalendar } from '../../shared/calendar';
import {
  RECHECK_LIMIT_DEFAULT,
  type DisputeLineView,
  type DisputeSummary,
  type DisputeView,
  type DisputeWindow,
  type MaterialView,
} from '../../shared/contracts';
import { formatChineseDate, type ISODate } from '../../shared/dates';
import type { CaseTimeline } from '../../shared/application/timeline';
import { applyDecisions, type FactDecision } from '../../shared/engine/claims';
import { allowedEvents, DISPUTE, RECHECK, type DisputeEvent } from '../../shared/lifecycle';
import type { PolicyVersion } from '../../shared/policy';
import type { Round } from '../../shared/rounds';
import { caseDatesOf, decidedTasks, declaredProfile } from './cases';
import type {
  ApplicationRecord,
  DisputeRecord,
  RecheckRecord,
  StoredResult,
  StoreReader,
  TaskRecord,
} from './store/types';

/** The one dispute of a case. */
export function disputeIdOf(applicationId: string): string {
  return `dp_${applicationId}`;
}
/** The re-review task of one disputed indicator. */
export function recheckIdOf(applicationId: string, indicatorId: string): string {
  return `rc_${applicationId}_${indicatorId}`;
}
/** The material key of dispute evidence for one indicator. */
export function evidenceKey(indicatorId: string): string {
  return `dispute:${indicatorId}`;
}
/** The audit target of a dispute's actions: the case, so its owner's trail shows them. */
export const RE_REVIEW_FINAL = '复核结论为最终结论：复核结果公布即确认积分。';

/** The last day to dispute a case: the 7th working day after the day its result could be read (see caseDatesOf). */
export function disputeDeadlineOf(
  app: Pick<ApplicationRecord, 'timeline' | 'publishedAt'>,
  cal: WorkCalendar,
): ISODate {
  return (caseDatesOf(app, cal) as CaseTimeline).disputeDeadline;
}

/**
 * The dispute window of a published case on `today`: the deadline and the working days left (today counted when it
 * is a working day). Undefined before publication or without a timeline.
 */
export function disputeWindow(
  app: Pick<ApplicationRecord, 'status' | 'timeline' | 'publishedAt'>,
  cal: WorkCalendar,
  today: ISODate,
  raised: boolean,
): DisputeWindow | undefined {
  if (!app.timeline || !['published', 'disputed', 'confirmed'].includes(app.status)) return undefined;
  const deadline = disputeDeadlineOf(app, cal);
  const date = formatChineseDate(deadline);
  if (today > deadline) {
    return { deadline, workingDaysLeft: 0, label: `异议期已于${date}结束`, open: false };
  }
  const left = cal.workdaysBetween(today, deadline) + (cal.isWorkday(today) ? 1 : 0);
  const label = today === deadline ? `今天（${date}）是提出异议的最后一天` : `还剩 ${left} 个工作日（截至${date}）`;
  return { deadline, workingDaysLeft: left, label, open: !raised && app.status === 'published' };
}

/** The administrator's re-review limit in working days (default 10, [I]). */
export async function recheckLimitOf(store: Pick<StoreReader, 'getRecheckLimit'>): Promise<number> {
  return (await store.getRecheckLimit())?.workingDays ?? RECHECK_LIMIT_DEFAULT;
}

/** A re-review past its due day and still pending. */
export function isRecheckOverdue(r: Pick<RecheckRecord, 'status' | 'dueOn'>, today: ISODate): boolean {
  return r.status === 'pending' && r.dueOn < today;
}

/** A dispute in a case's summary. */
export function disputeSummary(d: DisputeRecord, rechecks: readonly RecheckRecord[]): DisputeSummary {
  return {
    disputeId: d.id,
    status: d.status,
    statusLabel: DISPUTE.states[d.status].label,
    raisedOn: d.raisedOn,
    indicators: d.lines.map((l) => ({ indicatorId: l.indicatorId, indicatorName: l.indicatorName })),
    decided: rechecks.filter((r) => r.status !== 'pending').length,
    total: d.lines.length,
    revisedTotal: d.revised?.totalAfter ?? null,
  };
}

/** Who looks at a dispute: the applicant's side (person or agent) or the district office. */
export type DisputeViewer = 'self' | 'agent' | 'district';

/** What the viewer may do with a dispute now (the lifecycle's events the functions serve). */
export function disputeActions(d: DisputeRecord, viewer: DisputeViewer): DisputeEvent[] {
  const served: readonly DisputeEvent[] = viewer === 'district' ? ['register', 'askEvidence'] : ['resubmit'];
  return allowedEvents(DISPUTE, d.status, viewer, { evidenceAsked: !!d.evidenceAsked }).filter((e) =>
    served.includes(e),
  );
}

/** A dispute as the applicant's side and the district office see it. */
export function disputeView(input: {
  dispute: DisputeRecord;
  rechecks: readonly RecheckRecord[];
  evidence: readonly MaterialView[];
  window: DisputeWindow | undefined;
  viewer: DisputeViewer;
  today: ISODate;
}): DisputeView {
  const { dispute: d, rechecks, evidence, today } = input;
  const byIndicator = new Map(rechecks.map((r) => [r.indicatorId, r]));
  const lines: DisputeLineView[] = d.lines.map((l) => {
    const r = byIndicator.get(l.indicatorId);
    const recheck: DisputeLineView['recheck'] = r
      ? {
          recheckId: r.id,
          status: r.status,
          statusLabel: RECHECK.states[r.status].label,
          overdue: isRecheckOverdue(r, today),
          ...(r.reason ? { reason: r.reason } : {}),
          ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
        }
      : null;
    return {
      indicatorId: l.indicatorId,
      indicatorName: l.indicatorName,
      department: l.department,
      reason: l.reason,
      evidence: evidence.filter((m) => l.materialIds.includes(m.materialId)),
      before: l.pointsBefore,
      after: l.pointsAfter ?? null,
      recheck,
    };
  });
  const v: DisputeView = {
    disputeId: d.id,
    applicationId: d.applicationId,
    receiptNumber: d.receiptNumber,
    status: d.status,
    statusLabel: DISPUTE.states[d.status].label,
    district: d.district,
    districtName: districtName(d.district),
    raisedBy: d.actingAs,
    raisedOn: d.raisedOn,
    raisedAt: d.createdAt,
    window: input.window ?? { deadline: '', workingDaysLeft: 0, label: '', open: false },
    lines,
    revised: d.revised ?? null,
    finalNote: RE_REVIEW_FINAL,
    actions: disputeActions(d, input.viewer),
  };
  if (d.evidenceAsked) v.evidenceAsked = { missing: d.evidenceAsked.missing, at: d.evidenceAsked.at };
  if (d.registeredAt) v.registeredAt = d.registeredAt;
  return v;
}

/**
 * The first review's decisions with the re-reviews laid over them: a revised indicator becomes `corrected` with the
 * re-verified facts and the department's reason; an upheld one keeps its first decision.
 */
export function decisionsAfterRecheck(tasks: readonly TaskRecord[], rechecks: readonly RecheckRecord[]): DecidedTask[] {
  const revised = new Map(rechecks.filter((r) => r.status === 'revised').map((r) => [r.indicatorId, r]));
  return decidedTasks(tasks).map((t) => {
    const r = revised.get(t.indicatorId);
    return r ? { indicatorId: t.indicatorId, status: 'corrected', facts: r.facts ?? [], note: r.reason ?? '' } : t;
  });
}

/**
 * Whether the re-verified facts form a valid profile with the case's other decisions (the engine's own rule); the
 * Chinese message of the problem, or null.
 */
export function revisionProblem(
  app: ApplicationRecord,
  policy: PolicyVersion,
  tasks: readonly TaskRecord[],
  rechecks: readonly RecheckRecord[],
): string | null {
  const decisions = new Map<string, FactDecision>();
  for (const t of decisionsAfterRecheck(tasks, rechecks)) {
    const d = factDecisionOf(t);
    if (d) decisions.set(t.indicatorId, d);
  }
  const verified = applyDecisions(declaredProfile(app), policy, decisions);
  return verified.ok ? null : verified.message;
}

/** The revised result: the engine over the re-verified facts, as stored on the case. */
export function revisedResult(
  app: ApplicationRecord,
  rules: { policy: PolicyVersion; round: Round },
  tasks: readonly TaskRecord[],
  rechecks: readonly RecheckRecord[],
  at: string,
): StoredResult {
  const result = computeResult(declaredProfile(app), rules.policy, rules.round, decisionsAfterRecheck(tasks, rechecks));
  return { ...result, computedAt: at, policyVersion: rules.policy.id };
}
