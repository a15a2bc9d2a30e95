/**
 * The reviewer function (阅卷): a reviewer of one department sees that department's review tasks — one per claimed
 * indicator of an accepted application — with the declared facts and short-lived links to the materials (only of the
 * department's own tasks; the person's ID number in full only where an indicator needs it, see case-part.ts; every
 * such read audited on the case), and decides each: confirm, correct (verified facts, validated by the engine's own rule), reject (with a reason) or
 * return for 补正 (saying what is missing). No reviewer ever types a number: points come from the engine over the
 * verified facts when the last task of a case is decided. Pure of wx-server-sdk (see index.ts).
 */
import { TASK_STATUSES, factDecisionOf } from '../../shared/application';
import { REVIEWER_ACTIONS, type ReviewerApi, type TaskDetail, type TaskSummary } from '../../shared/contracts';
import { beijingDate } from '../../shared/dates';
import { applyDecisions, type FactDecision } from '../../shared/engine/claims';
import { APPLICATION, TASK, transition } from '../../shared/lifecycle';
import type { PolicyVersion } from '../../shared/policy';
import type { Round } from '../../shared/rounds';
import {
  asRead,
  caseRules,
  caseTarget,
  correctionMessages,
  declaredProfile,
  isTaskOverdue,
  loadRoundState,
  reviewerTaskActions,
  settleIfDecided,
} from '../_core/cases';
import { roleLines } from '../_core/roles';
import {
  auditRead,
  caseView,
  departmentScope,
  loadDepartmentScope,
  reviewerMaterialLink,
  reviewerMaterials,
} from './case-part';
import { AppError, defineFunction, type HandlerDeps, type Handlers } from '../_core/runtime';
import { districtHandlers } from './district';
import { disputeHandlers } from './disputes';
import { settlementHandlers } from './settlement';
import type { ApplicationRecord, MaterialRecord, OutboxMessage, StoreReader, TaskRecord } from '../_core/store/types';
import type { ReviewerPerson } from '../../shared/application';

export { keyOfIndicator } from './case-part';

/** Chinese names of the payload fields, for INVALID_INPUT. */
const FIELD_LABELS: Record<string, string> = {
  taskId: '任务编号',
  decision: '阅卷结论',
  facts: '核实后的事实',
  note: '说明',
  missing: '需补正的内容',
  status: '任务状态',
  limit: '每页条数',
  cursor: '翻页位置',
  materialId: '材料编号',
  entrustmentId: '委托编号',
  checked: '核验确认',
  reason: '不予核验的原因',
  settlementId: '落户申请编号',
  permitSurrendered: '收回居住证',
  roundId: '年度',
  district: '区',
  after: '翻页位置',
};

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** Refusal of a caller without a reviewer role (the runtime answers it, from the access in REVIEWER_ACTIONS). */
export { NOT_A_REVIEWER } from '../_core/roles';
/** Refusal of a task of another department (same for reading and deciding). */
export function otherDepartment(department: string): string {
  return `这项阅卷任务由${department}负责，您所在部门无权查看或处理`;
}
const TASK_NOT_FOUND = '没有找到这项阅卷任务';

/** The audit target from the raw payload: the task id when it looks like one. */
function targetOf(action: string, payload: unknown): string {
  const id = payload && typeof payload === 'object' ? (payload as Record<string, unknown>).taskId : undefined;
  if (typeof id === 'string') return ID_RE.test(id) ? `task:${id}` : 'task:?';
  return `reviewer:${action}`;
}

/** A task in the queue. */
function summaryOf(t: TaskRecord, today: string): TaskSummary {
  return {
    taskId: t.id,
    applicationId: t.applicationId,
    receiptNumber: t.receiptNumber,
    indicatorId: t.indicatorId,
    indicatorName: t.indicatorName,
    status: t.status,
    statusLabel: TASK_STATUSES[t.status],
    acceptedOn: t.acceptedOn,
    resultDate: t.resultDate,
    overdue: isTaskOverdue(t, today),
  };
}

/**
 * The task with what the reviewer needs: declared facts, the person as the department may see them, this
 * indicator's materials (hash, upload time) behind short-lived links.
 */
async function detailOf(
  deps: HandlerDeps,
  t: TaskRecord,
  person: ReviewerPerson,
  materials: readonly MaterialRecord[],
  now: Date,
  app: Pick<ApplicationRecord, 'status'>,
): Promise<TaskDetail> {
  const detail: TaskDetail = {
    ...summaryOf(t, beijingDate(now)),
    department: t.department,
    person,
    declaredFacts: t.declaredFacts,
    factRefs: t.factRefs,
    materials: await reviewerMaterials(deps, materials, t.indicatorId, now),
    history: t.history.map((h) =>
      h.note ? { at: h.at, status: h.status, note: h.note } : { at: h.at, status: h.status },
    ),
    actions: reviewerTaskActions(t, app),
  };
  if (t.verifiedFacts) detail.verifiedFacts = t.verifiedFacts;
  if (t.note) detail.note = t.note;
  if (t.missing) detail.missing = t.missing;
  return detail;
}

/** The task, the caller's right to it (own department, resolved by the runtime) and its application. */
async function loadTask(
  store: StoreReader,
  department: string,
  taskId: string,
): Promise<{ task: TaskRecord; app: ApplicationRecord }> {
  const task = await store.getTask(taskId);
  if (!task) throw new AppError('NOT_FOUND', TASK_NOT_FOUND);
  if (task.department !== department) throw new AppError('FORBIDDEN', otherDepartment(task.department));
  const app = await store.getApplication(task.applicationId);
  if (!app) throw new Error('task without its application'); // broken invariant: tasks are written with their case
  return { task, app };
}

/** The decision as the reviewer gave it, as a task record: the lifecycle's transition, the note, the history line. */
function decidedTask(
  task: TaskRecord,
  payload: ReviewerApi['task.decide']['req'],
  openid: string,
  at: string,
): TaskRecord {
  const status = transition(TASK, task.status, payload.decision, 'reviewer', undefined);
  const decided: TaskRecord = { ...task, status, updatedAt: at, decidedBy: openid, decidedAt: at };
  delete decided.verifiedFacts;
  delete decided.note;
  delete decided.missing;
  const note = payload.note?.trim();
  if (note) decided.note = note;
  if (payload.decision === 'correct') decided.verifiedFacts = payload.facts;
  if (payload.decision === 'return') decided.missing = payload.missing.trim();
  const entry: TaskRecord['history'][number] = { at, status, by: openid };
  if (decided.note) entry.note = decided.note;
  if (decided.missing) entry.missing = decided.missing;
  if (decided.verifiedFacts) entry.facts = decided.verifiedFacts;
  decided.history = [...task.history, entry];
  return decided;
}

/** The decision as the engine sees it, checked together with the case's other decisions (INVALID_INPUT if refused). */
function checkDecisions(
  app: ApplicationRecord,
  tasks: readonly TaskRecord[],
  decided: TaskRecord,
  policy: PolicyVersion,
  kind: ReviewerApi['task.decide']['req']['decision'],
): void {
  const decision = factDecisionOf({
    indicatorId: decided.indicatorId,
    status: decided.status,
    ...(decided.verifiedFacts ? { facts: decided.verifiedFacts } : {}),
  });
  if (!decision) return; // a return for 补正 decides nothing yet
  const decisions = new Map<string, FactDecision>();
  for (const t of tasks) {
    if (t.id === decided.id) continue;
    const d = factDecisionOf({
      indicatorId: t.indicatorId,
      status: t.status,
      ...(t.verifiedFacts ? { facts: t.verifiedFacts } : {}),
    });
    if (d) decisions.set(t.indicatorId, d);
  }
  decisions.set(decided.indicatorId, decision);
  const verified = applyDecisions(declaredProfile(app), policy, decisions);
  if (!verified.ok) {
    const path = kind === 'correct' ? 'facts' : 'decision';
    throw new AppError('INVALID_INPUT', verified.message, [
      { path, field: FIELD_LABELS[path] as string, message: verified.message },
    ]);
  }
}

/**
 * The case after a decision: returned for 补正 (with its outbox messages), settled by the last decision (the engine
 * over the verified facts), or otherwise only touched, so a concurrent decision on the same case conflicts.
 */
function caseAfterDecision(
  app: ApplicationRecord,
  tasks: readonly TaskRecord[],
  decided: TaskRecord,
  rules: { round: Round; policy: PolicyVersion },
  today: string,
  at: string,
): { nextApp: ApplicationRecord; outbox: OutboxMessage[] } {
  const after = tasks.map((t) => (t.id === decided.id ? decided : t));
  if (decided.status === 'returned') {
    const status = transition(APPLICATION, app.status, 'returnForCorrection', 'reviewer', { today });
    // One message per return of this case: count the returns in every task's history, this one included.
    const returns = after.reduce((n, t) => n + t.history.filter((h) => h.status === 'returned').length, 0);
    const outbox = correctionMessages(app, decided.missing as string, at, returns);
    return { nextApp: { ...app, status, updatedAt: at }, outbox };
  }
  const settled = app.status === 'submitted' ? settleIfDecided(app, after, rules.policy, rules.round, at) : null;
  return { nextApp: settled ?? { ...app, updatedAt: at }, outbox: [] };
}

const handlers: Handlers<typeof REVIEWER_ACTIONS, ReviewerApi> = {
  async whoami(_payload, ctx) {
    return { roles: roleLines(await ctx.store.listRolesOf(ctx.caller.openid)) };
  },

  async 'task.list'(payload, ctx) {
    const department = ctx.department;
    const query: Parameters<StoreReader['listTasksByDepartment']>[0] = { department, limit: payload.limit };
    if (payload.status) query.status = payload.status;
    if (payload.cursor) query.after = payload.cursor;
    const page = await ctx.store.listTasksByDepartment(query);
    const today = beijingDate(ctx.now);
    const res: ReviewerApi['task.list']['res'] = { department, tasks: page.tasks.map((t) => summaryOf(t, today)) };
    if (page.next) res.next = page.next;
    return res;
  },

  async 'task.get'(payload, ctx) {
    const { task, app } = await loadTask(ctx.store, ctx.department, payload.taskId);
    const [materials, scope] = await Promise.all([
      ctx.store.listMaterialsByApplication(app.id),
      loadDepartmentScope(ctx.store, app, task.department),
    ]);
    const res = { task: await detailOf(ctx.deps, task, scope.person, materials, ctx.now, app) };
    await auditRead(ctx, app);
    return res;
  },

  async 'task.decide'(payload, ctx) {
    const at = ctx.now.toISOString();
    const openid = ctx.caller.openid;
    // Reads first (transaction rule), then checks, then writes.
    const { task, app } = await loadTask(ctx.store, ctx.department, payload.taskId);
    ctx.setTarget(caseTarget(app.id));
    const [tasks, materials, state] = await Promise.all([
      ctx.store.listTasksByApplication(app.id),
      ctx.store.listMaterialsByApplication(app.id),
      loadRoundState(ctx.store, ctx.now),
    ]);
    const { person } = departmentScope(app, tasks, task.department, state.policies);

    const decided = decidedTask(task, payload, openid, at);
    transition(APPLICATION, app.status, 'review', 'reviewer', { today: state.today });
    const rules = caseRules(state, app);
    if (!rules) throw new Error('case references a missing round or policy version');
    checkDecisions(app, tasks, decided, rules.policy, payload.decision);
    const { nextApp, outbox } = caseAfterDecision(app, tasks, decided, rules, state.today, at);

    // Writes, each on the record as read: of two concurrent decisions on one case only one acts (the other CONFLICT).
    await ctx.store.putTask(decided, asRead(task));
    await ctx.store.putApplication(nextApp, asRead(app));
    for (const m of outbox) await ctx.store.appendOutbox(m);
    return { task: await detailOf(ctx.deps, decided, person, materials, ctx.now, nextApp) };
  },

  async 'task.case'(payload, ctx) {
    const { task, app } = await loadTask(ctx.store, ctx.department, payload.taskId);
    const [tasks, state] = await Promise.all([
      ctx.store.listTasksByApplication(app.id),
      loadRoundState(ctx.store, ctx.now),
    ]);
    const res = {
      case: caseView(app, departmentScope(app, tasks, task.department, state.policies), caseRules(state, app)),
    };
    await auditRead(ctx, app);
    return res;
  },

  async 'material.link'(payload, ctx) {
    const { link, app } = await reviewerMaterialLink(
      ctx.deps,
      ctx.store,
      ctx.caller.openid,
      payload.materialId,
      ctx.now,
    );
    await auditRead(ctx, app);
    return link;
  },

  // 区积分受理点: verification of entrustments (district.ts).
  ...districtHandlers,
  ...disputeHandlers,
  ...settlementHandlers,
};

/** The reviewer function. */
export const reviewer = defineFunction<typeof REVIEWER_ACTIONS, ReviewerApi>({
  name: 'reviewer',
  actions: REVIEWER_ACTIONS,
  handlers,
  fieldLabels: FIELD_LABELS,
  targetOf,
});
