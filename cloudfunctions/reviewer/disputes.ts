/**
 * 区积分办 and 复核. The district points office — a reviewer of a district, the applicant's permit district — lists the
 * district's disputes, opens one with its evidence, registers it (one 复核 task per disputed indicator, routed to
 * the department of its first review, due within the administrator's working-day limit) or returns it once for more
 * evidence. The department upholds or revises each 复核 task with a reason and, for a revision, the re-verified facts
 * (never a number). The last decision of a dispute publishes the revised result — the engine over the re-verified
 * facts — in the same transaction: the case becomes `confirmed` (the re-review is final) with a 'dispute' subscribe
 * message. Every write is conditional, so of two concurrent last decisions exactly one publishes.
 */
import { districtName, TASK_STATUSES, type DistrictCode } from '../../shared/application';
import { maskIdCard } from '../../shared/identity';
import type {
  DistrictDisputeRes,
  DistrictDisputeSummary,
  RecheckDetail,
  RecheckSummary,
  ReviewerApi,
  REVIEWER_ACTIONS,
  ReviewerMaterial,
} from '../../shared/contracts';
import { beijingDate, type ISODate } from '../../shared/dates';
import { allowedEvents, APPLICATION, DISPUTE, RECHECK, transition } from '../../shared/lifecycle';
import {
  actingForOf,
  asRead,
  caseRules,
  caseTarget,
  filesOf,
  loadCalendar,
  loadRoundState,
  materialLink,
  materialView,
} from '../_core/cases';
import {
  disputeSummary,
  disputeView,
  disputeWindow,
  evidenceKey,
  isRecheckOverdue,
  recheckIdOf,
  recheckLimitOf,
  revisedResult,
  revisionProblem,
} from '../_core/disputes';
import { AppError, type HandlerDeps, type Handlers, type MutationCtx, type QueryCtx } from '../_core/runtime';
import type {
  ApplicationRecord,
  DisputeRecord,
  MaterialRecord,
  OutboxMessage,
  RecheckRecord,
  StoreReader,
  TaskRecord,
} from '../_core/store/types';
import { departmentScope } from './case-part';

type K =
  | 'dispute.queue'
  | 'dispute.review'
  | 'dispute.register'
  | 'dispute.askEvidence'
  | 'recheck.list'
  | 'recheck.get'
  | 'recheck.decide';

const DISPUTE_NOT_FOUND = '没有找到这件异议，或不属于本区积分办';
const RECHECK_NOT_FOUND = '没有找到这项复核任务';

/** A re-review task of another department. */
export function otherDepartmentRecheck(department: string): string {
  return `这项复核任务由${department}负责，您所在部门无权查看或处理`;
}

/** A dispute of the caller's district with its case; NOT_FOUND (same as missing) for another district's. */
async function disputeOfDistrict(
  store: StoreReader,
  district: DistrictCode,
  disputeId: string,
): Promise<{ dispute: DisputeRecord; app: ApplicationRecord }> {
  const dispute = await store.getDispute(disputeId);
  if (!dispute || dispute.district !== district) throw new AppError('NOT_FOUND', DISPUTE_NOT_FOUND);
  const app = await store.getApplication(dispute.applicationId);
  if (!app) throw new Error('dispute without its application'); // broken invariant: written together
  return { dispute, app };
}

/** Evidence materials of a dispute, as a reviewer sees them (hash and a short-lived link). */
async function evidenceOf(
  deps: HandlerDeps,
  materials: readonly MaterialRecord[],
  ids: readonly string[],
  now: Date,
): Promise<ReviewerMaterial[]> {
  const mine = materials.filter((m) => ids.includes(m.id));
  if (!mine.length) return [];
  const files = filesOf(deps);
  const out: ReviewerMaterial[] = [];
  for (const m of mine) out.push({ ...materialView(m), sha256: m.sha256, ...(await materialLink(files, m, now)) });
  return out;
}

/** The district office's view of a dispute: the person masked, the evidence behind links. */
async function districtAnswer(
  deps: HandlerDeps,
  parts: { dispute: DisputeRecord; app: ApplicationRecord; rechecks: RecheckRecord[]; materials: MaterialRecord[] },
  cal: Awaited<ReturnType<typeof loadCalendar>>,
  now: Date,
): Promise<DistrictDisputeRes> {
  const today = beijingDate(now);
  const { dispute, app } = parts;
  const evidence = parts.materials.filter((m) => m.key.startsWith(evidenceKey(''))).map(materialView);
  const links = await evidenceOf(
    deps,
    parts.materials,
    dispute.lines.flatMap((l) => l.materialIds),
    now,
  );
  const view = disputeView({
    dispute,
    rechecks: parts.rechecks,
    evidence,
    window: disputeWindow(app, cal, today, true),
    viewer: 'district',
    today,
  });
  return {
    dispute: {
      ...view,
      person: { name: app.identity.name, idNumberMasked: maskIdCard(app.identity.idNumber) },
      links,
    },
  };
}

/** Notes the district office's or a department's read of the person's case. */
async function noteCaseRead(ctx: QueryCtx, app: Pick<ApplicationRecord, 'id' | 'personKey'>): Promise<void> {
  ctx.noteRead(actingForOf(await ctx.store.getIdentityByPerson(app.personKey), app.personKey), caseTarget(app.id));
}

/** Names the case and the person in a mutation's audit entry. */
async function auditOn(ctx: MutationCtx, app: Pick<ApplicationRecord, 'id' | 'personKey'>): Promise<void> {
  ctx.setTarget(caseTarget(app.id));
  ctx.setActingFor(actingForOf(await ctx.store.getIdentityByPerson(app.personKey), app.personKey));
}

/** A 复核 task in its department's queue. */
function recheckSummary(r: RecheckRecord, today: ISODate): RecheckSummary {
  return {
    recheckId: r.id,
    kind: 'recheck',
    kindLabel: '复核',
    disputeId: r.disputeId,
    applicationId: r.applicationId,
    receiptNumber: r.receiptNumber,
    indicatorId: r.indicatorId,
    indicatorName: r.indicatorName,
    status: r.status,
    statusLabel: RECHECK.states[r.status].label,
    createdAt: r.createdAt,
    dueOn: r.dueOn,
    overdue: isRecheckOverdue(r, today),
  };
}

/** The re-review task, the caller's right to it (own department) and its dispute and case. */
async function loadRecheck(
  store: StoreReader,
  department: string,
  recheckId: string,
): Promise<{ recheck: RecheckRecord; dispute: DisputeRecord; app: ApplicationRecord }> {
  const recheck = await store.getRecheck(recheckId);
  if (!recheck) throw new AppError('NOT_FOUND', RECHECK_NOT_FOUND);
  if (recheck.department !== department) throw new AppError('FORBIDDEN', otherDepartmentRecheck(recheck.department));
  const [dispute, app] = await Promise.all([
    store.getDispute(recheck.disputeId),
    store.getApplication(recheck.applicationId),
  ]);
  if (!dispute || !app) throw new Error('recheck without its dispute or case'); // written together
  return { recheck, dispute, app };
}

/** A 复核 task with its first review, the applicant's reason and evidence. */
async function recheckDetail(
  ctx: { deps: HandlerDeps; now: Date },
  parts: { recheck: RecheckRecord; dispute: DisputeRecord; app: ApplicationRecord },
  store: StoreReader,
): Promise<RecheckDetail> {
  const [tasks, materials, state] = await Promise.all([
    store.listTasksByApplication(parts.app.id),
    store.listMaterialsByApplication(parts.app.id),
    loadRoundState(store, ctx.now),
  ]);
  return recheckDetailOf(ctx, { ...parts, tasks, materials, policies: state.policies });
}

/** The department's decision of a re-review, once decided. */
function decisionOf(r: RecheckRecord): RecheckDetail['decision'] | undefined {
  if (!r.decidedAt || !r.reason) return undefined;
  return { reason: r.reason, decidedAt: r.decidedAt, ...(r.facts ? { facts: r.facts } : {}) };
}

/** The first review's decision of the disputed indicator. */
function firstDecisionOf(task: TaskRecord | undefined): RecheckDetail['firstDecision'] {
  if (!task) return { status: '', statusLabel: '' };
  return { status: task.status, statusLabel: TASK_STATUSES[task.status], ...(task.note ? { note: task.note } : {}) };
}

function recheckDetailOf(
  ctx: { deps: HandlerDeps; now: Date },
  parts: {
    recheck: RecheckRecord;
    dispute: DisputeRecord;
    app: ApplicationRecord;
    tasks: Parameters<typeof departmentScope>[1];
    materials: MaterialRecord[];
    policies: Parameters<typeof departmentScope>[3];
    links?: ReviewerMaterial[];
  },
): RecheckDetail {
  const { recheck: r, dispute, app, tasks } = parts;
  const today = beijingDate(ctx.now);
  const task = tasks.find((t) => t.indicatorId === r.indicatorId);
  const line = dispute.lines.find((l) => l.indicatorId === r.indicatorId);
  const detail: RecheckDetail = {
    ...recheckSummary(r, today),
    department: r.department,
    person: departmentScope(app, tasks, r.department, parts.policies).person,
    declaredFacts: task?.declaredFacts ?? [],
    verifiedFacts: task?.verifiedFacts ?? task?.declaredFacts ?? [],
    firstDecision: firstDecisionOf(task),
    pointsBefore: line?.pointsBefore ?? '',
    reason: line?.reason ?? '',
    evidence: parts.links ?? [],
    actions: dispute.status === 'reviewing' ? allowedEvents(RECHECK, r.status, 'reviewer', undefined) : [],
  };
  const decision = decisionOf(r);
  if (decision) detail.decision = decision;
  return detail;
}

/** The 'dispute' subscribe messages of a revised result (deterministic ids: one per dispute and subscriber). */
function disputeMessages(dispute: DisputeRecord, total: string, at: string): OutboxMessage[] {
  return dispute.subscribers.map((openid) => ({
    id: `dispute:${dispute.id}:${openid}`,
    kind: 'dispute' as const,
    toOpenid: openid,
    applicationId: dispute.applicationId,
    data: { receiptNumber: dispute.receiptNumber, total },
    createdAt: at,
    sent: false,
    attempts: 0,
  }));
}

/**
 * What the last decision of a dispute writes besides its task: the revised result on the case (confirmed on
 * publication, the re-review being final), the dispute concluded with before/after per line, the messages.
 */
function publishRevised(
  parts: { app: ApplicationRecord; dispute: DisputeRecord; tasks: Parameters<typeof revisedResult>[2] },
  rules: Parameters<typeof revisedResult>[1],
  rechecks: RecheckRecord[],
  today: ISODate,
  at: string,
): { app: ApplicationRecord; dispute: DisputeRecord; outbox: OutboxMessage[] } {
  const { app, dispute } = parts;
  const result = revisedResult(app, rules, parts.tasks, rechecks, at);
  const appStatus = transition(APPLICATION, app.status, 'publishRevised', 'system', { today });
  const status = transition(DISPUTE, dispute.status, 'conclude', 'system', { evidenceAsked: !!dispute.evidenceAsked });
  const points = new Map(result.lines.map((l) => [l.id, l.verifiedPoints]));
  const revised = {
    totalBefore: app.result?.total ?? '',
    totalAfter: result.total,
    publishedOn: today,
    confirmedOn: today,
  };
  return {
    app: { ...app, status: appStatus, result, confirmedOn: today, updatedAt: at },
    dispute: {
      ...dispute,
      status,
      revised,
      lines: dispute.lines.map((l) => ({ ...l, pointsAfter: points.get(l.indicatorId) ?? l.pointsBefore })),
      updatedAt: at,
    },
    outbox: disputeMessages(dispute, result.total, at),
  };
}

export const disputeHandlers: Pick<Handlers<typeof REVIEWER_ACTIONS, ReviewerApi>, K> = {
  async 'dispute.queue'(payload, ctx) {
    const store = ctx.store;
    const today = beijingDate(ctx.now);
    const [all, limit] = await Promise.all([
      store.listDisputesByDistrict(ctx.district, payload.limit),
      recheckLimitOf(store),
    ]);
    const disputes: DistrictDisputeSummary[] = [];
    for (const d of all.filter((x) => !payload.status || x.status === payload.status)) {
      const [rechecks, app] = await Promise.all([
        store.listRechecksByDispute(d.id),
        store.getApplication(d.applicationId),
      ]);
      if (!app) continue;
      await noteCaseRead(ctx, app);
      disputes.push({
        ...disputeSummary(d, rechecks),
        applicationId: d.applicationId,
        receiptNumber: d.receiptNumber,
        personName: app.identity.name,
        overdueRechecks: rechecks.filter((r) => isRecheckOverdue(r, today)).length,
      });
    }
    return { district: ctx.district, districtName: districtName(ctx.district), recheckLimit: limit, disputes };
  },

  async 'dispute.review'(payload, ctx) {
    const store = ctx.store;
    const { dispute, app } = await disputeOfDistrict(store, ctx.district, payload.disputeId);
    const [rechecks, materials, cal] = await Promise.all([
      store.listRechecksByDispute(dispute.id),
      store.listMaterialsByApplication(app.id),
      loadCalendar(store),
    ]);
    const res = await districtAnswer(ctx.deps, { dispute, app, rechecks, materials }, cal, ctx.now);
    await noteCaseRead(ctx, app);
    return res;
  },

  async 'dispute.register'(payload, ctx) {
    const store = ctx.store;
    const at = ctx.now.toISOString();
    const today = beijingDate(ctx.now);
    const { dispute, app } = await disputeOfDistrict(store, ctx.district, payload.disputeId);
    const [materials, cal, limit] = await Promise.all([
      store.listMaterialsByApplication(app.id),
      loadCalendar(store),
      recheckLimitOf(store),
    ]);
    await auditOn(ctx, app);
    const status = transition(DISPUTE, dispute.status, 'register', 'district', {
      evidenceAsked: !!dispute.evidenceAsked,
    });
    const dueOn = cal.addWorkdays(today, limit);
    const rechecks: RecheckRecord[] = dispute.lines.map((l) => ({
      id: recheckIdOf(app.id, l.indicatorId),
      disputeId: dispute.id,
      applicationId: app.id,
      roundId: app.roundId,
      receiptNumber: dispute.receiptNumber,
      indicatorId: l.indicatorId,
      indicatorName: l.indicatorName,
      department: l.department,
      status: 'pending',
      dueOn,
      createdAt: at,
      updatedAt: at,
    }));
    const next: DisputeRecord = {
      ...dispute,
      status,
      registeredAt: at,
      registeredBy: ctx.caller.openid,
      updatedAt: at,
    };
    const res = await districtAnswer(ctx.deps, { dispute: next, app, rechecks, materials }, cal, ctx.now);
    await store.putDispute(next, asRead(dispute));
    for (const r of rechecks) await store.putRecheck(r);
    return res;
  },

  async 'dispute.askEvidence'(payload, ctx) {
    const store = ctx.store;
    const at = ctx.now.toISOString();
    const { dispute, app } = await disputeOfDistrict(store, ctx.district, payload.disputeId);
    const [materials, cal] = await Promise.all([store.listMaterialsByApplication(app.id), loadCalendar(store)]);
    await auditOn(ctx, app);
    const status = transition(DISPUTE, dispute.status, 'askEvidence', 'district', {
      evidenceAsked: !!dispute.evidenceAsked,
    });
    const next: DisputeRecord = {
      ...dispute,
      status,
      evidenceAsked: { missing: payload.missing, at, by: ctx.caller.openid },
      updatedAt: at,
    };
    const res = await districtAnswer(ctx.deps, { dispute: next, app, rechecks: [], materials }, cal, ctx.now);
    await store.putDispute(next, asRead(dispute));
    return res;
  },

  async 'recheck.list'(payload, ctx) {
    const query: Parameters<StoreReader['listRechecksByDepartment']>[0] = {
      department: ctx.department,
      limit: payload.limit,
    };
    if (payload.status) query.status = payload.status;
    if (payload.cursor) query.after = payload.cursor;
    const page = await ctx.store.listRechecksByDepartment(query);
    const today = beijingDate(ctx.now);
    const res: ReviewerApi['recheck.list']['res'] = {
      department: ctx.department,
      rechecks: page.rechecks.map((r) => recheckSummary(r, today)),
    };
    if (page.next) res.next = page.next;
    return res;
  },

  async 'recheck.get'(payload, ctx) {
    const parts = await loadRecheck(ctx.store, ctx.department, payload.recheckId);
    const detail = await recheckDetail(ctx, parts, ctx.store);
    const ids = parts.dispute.lines.find((l) => l.indicatorId === parts.recheck.indicatorId)?.materialIds ?? [];
    detail.evidence = await evidenceOf(
      ctx.deps,
      await ctx.store.listMaterialsByApplication(parts.app.id),
      ids,
      ctx.now,
    );
    await noteCaseRead(ctx, parts.app);
    return { recheck: detail };
  },

  async 'recheck.decide'(payload, ctx) {
    const store = ctx.store;
    const at = ctx.now.toISOString();
    // Reads first (transaction rule), then checks, then writes.
    const { recheck, dispute, app } = await loadRecheck(store, ctx.department, payload.recheckId);
    const [rechecks, tasks, materials, state] = await Promise.all([
      store.listRechecksByDispute(dispute.id),
      store.listTasksByApplication(app.id),
      store.listMaterialsByApplication(app.id),
      loadRoundState(store, ctx.now),
    ]);
    await auditOn(ctx, app);
    if (dispute.status !== 'reviewing') throw new AppError('CONFLICT', '这件异议的复核已经结束，复核结论为最终结论');
    const status = transition(RECHECK, recheck.status, payload.decision, 'reviewer', undefined);
    const decided: RecheckRecord = {
      ...recheck,
      status,
      reason: payload.reason,
      decidedBy: ctx.caller.openid,
      decidedAt: at,
      updatedAt: at,
    };
    if (payload.decision === 'revise') decided.facts = payload.facts;
    const after = rechecks.map((r) => (r.id === decided.id ? decided : r));
    const rules = caseRules(state, app);
    if (!rules) throw new Error('case references a missing round or policy version');
    const problem = revisionProblem(app, rules.policy, tasks, after);
    if (problem)
      throw new AppError('INVALID_INPUT', problem, [{ path: 'facts', field: '复核认定的事实', message: problem }]);

    const last = after.every((r) => r.status !== 'pending');
    const out = last
      ? publishRevised({ app, dispute, tasks }, rules, after, state.today, at)
      : { app: null, dispute: { ...dispute, updatedAt: at }, outbox: [] };
    const ids = dispute.lines.find((l) => l.indicatorId === recheck.indicatorId)?.materialIds ?? [];
    const links = await evidenceOf(ctx.deps, materials, ids, ctx.now);
    // Writes, each on the record as read: the dispute is always written, so of two concurrent decisions of one
    // dispute only one acts (the other CONFLICT) and exactly one publishes the revised result.
    await store.putRecheck(decided, asRead(recheck));
    await store.putDispute(out.dispute, asRead(dispute));
    if (out.app) await store.putApplication(out.app, asRead(app));
    for (const m of out.outbox) await store.appendOutbox(m);
    return {
      recheck: recheckDetailOf(ctx, {
        recheck: decided,
        dispute: out.dispute,
        app: out.app ?? app,
        tasks,
        materials,
        policies: state.policies,
        links,
      }),
    };
  },
};
