/**
 * The part of a case a department's reviewer may see, and nothing more: the department's own tasks and their facts,
 * the person as far as those indicators need them (shared/application/reviewer-scope.ts, from the policy data),
 * links only to the materials of the department's own tasks, and an audit entry for every such read — the person
 * sees it in `case.audit`.
 */
import {
  TASK_STATUSES,
  profilePart,
  reviewerIdentityNeeds,
  reviewerPerson,
  type ReviewerPerson,
} from '../../shared/application';
import type { MaterialLinkRes, ReviewerCaseView, ReviewerMaterial } from '../../shared/contracts';
import { findPolicy, type PolicyVersion } from '../../shared/policy';
import type { Round } from '../../shared/rounds';
import {
  actingForOf,
  caseTarget,
  declaredProfile,
  filesOf,
  loadPolicies,
  materialLink,
  materialView,
  MATERIAL_NOT_FOUND,
  reviewerDepartments,
} from '../_core/cases';
import { AppError, type HandlerDeps, type QueryCtx } from '../_core/runtime';
import type { ApplicationRecord, MaterialRecord, StoreReader, TaskRecord } from '../_core/store/types';

/** Whether a checklist key (`B2:education.0`, `P7`) proves a fact of the indicator. */
export function keyOfIndicator(key: string, indicatorId: string): boolean {
  return key === indicatorId || key.startsWith(`${indicatorId}:`);
}

/** A department's view of one case: its policy version, its own tasks there, and the person as it may see them. */
export interface DepartmentScope {
  department: string;
  policy: PolicyVersion | null;
  /** The department's tasks in the case, by indicator id. */
  tasks: TaskRecord[];
  person: ReviewerPerson;
}

/**
 * The scope of `department` in a case, given the case's tasks (all of them; this keeps the department's). The ID
 * number is shown in full when one of the department's indicators in this case needs it (B1 and D1–D3 for
 * 市公安局), masked otherwise; an unknown policy version shows it masked.
 */
export function departmentScope(
  app: ApplicationRecord,
  allTasks: readonly TaskRecord[],
  department: string,
  policies: readonly PolicyVersion[],
): DepartmentScope {
  const tasks = allTasks
    .filter((t) => t.department === department)
    .sort((a, b) => (a.indicatorId < b.indicatorId ? -1 : 1));
  const policy = (app.policyVersion ? findPolicy(app.policyVersion, policies) : undefined) ?? null;
  const needs = reviewerIdentityNeeds(
    policy,
    tasks.map((t) => t.indicatorId),
  );
  return { department, policy, tasks, person: reviewerPerson(app.identity, needs) };
}

/** Loads {@link departmentScope} from the store. */
export async function loadDepartmentScope(
  store: StoreReader,
  app: ApplicationRecord,
  department: string,
): Promise<DepartmentScope> {
  const [tasks, policies] = await Promise.all([store.listTasksByApplication(app.id), loadPolicies(store)]);
  return departmentScope(app, tasks, department, policies);
}

/**
 * The case part of a department: its indicators' facts, the declared profile cut down to them, and the case's round
 * and policy version (public data the page needs for labels and the points preview).
 */
export function caseView(
  app: ApplicationRecord,
  scope: DepartmentScope,
  rules: { round: Round; policy: PolicyVersion } | null,
): ReviewerCaseView {
  const ids = new Set(scope.tasks.map((t) => t.indicatorId));
  const indicators = scope.policy ? scope.policy.indicators.filter((i) => ids.has(i.id)) : [];
  return {
    applicationId: app.id,
    roundId: app.roundId,
    receiptNumber: app.receipt?.number ?? '',
    department: scope.department,
    acceptedOn: app.acceptedOn ?? '',
    resultDate: app.resultDate ?? '',
    person: scope.person,
    indicators: scope.tasks.map((t) => {
      const line: ReviewerCaseView['indicators'][number] = {
        taskId: t.id,
        indicatorId: t.indicatorId,
        indicatorName: t.indicatorName,
        status: t.status,
        statusLabel: TASK_STATUSES[t.status],
        declaredFacts: t.declaredFacts,
        factRefs: t.factRefs,
      };
      if (t.verifiedFacts) line.verifiedFacts = t.verifiedFacts;
      return line;
    }),
    profile: profilePart(declaredProfile(app), indicators),
    rules,
  };
}

/** The materials of one indicator, as a reviewer sees them: hash, upload time and a short-lived link. */
export async function reviewerMaterials(
  deps: HandlerDeps,
  materials: readonly MaterialRecord[],
  indicatorId: string,
  now: Date,
): Promise<ReviewerMaterial[]> {
  const mine = materials.filter((m) => keyOfIndicator(m.key, indicatorId));
  if (!mine.length) return [];
  const files = filesOf(deps);
  const out: ReviewerMaterial[] = [];
  for (const m of mine) out.push({ ...materialView(m), sha256: m.sha256, ...(await materialLink(files, m, now)) });
  return out;
}

/**
 * A link to a material for a reviewer: only a material of an application with a task of the caller's department
 * whose indicator the material proves. Anything else — another department's material, an entrustment's letter, a
 * missing id — is the same NOT_FOUND, so existence does not leak. Returns the link and the case it belongs to.
 */
export async function reviewerMaterialLink(
  deps: HandlerDeps,
  store: StoreReader,
  openid: string,
  materialId: string,
  now: Date,
): Promise<{ link: MaterialLinkRes; app: ApplicationRecord }> {
  const refuse = () => new AppError('NOT_FOUND', MATERIAL_NOT_FOUND);
  const m = await store.getMaterial(materialId);
  if (!m || !m.applicationId) throw refuse();
  const departments = await reviewerDepartments(store, openid);
  if (!departments.length) throw refuse();
  const [tasks, app] = await Promise.all([
    store.listTasksByApplication(m.applicationId),
    store.getApplication(m.applicationId),
  ]);
  if (!app || !tasks.some((t) => departments.includes(t.department) && keyOfIndicator(m.key, t.indicatorId)))
    throw refuse();
  return { link: await materialLink(filesOf(deps), m, now), app };
}

/**
 * Records a reviewer's read of a person's data through the runtime's read audit (time, actor, acting-for, action,
 * target = the case, so its owner sees it in `case.audit`, result); the entry is written once the read succeeds.
 */
export async function auditRead(ctx: QueryCtx, app: Pick<ApplicationRecord, 'id' | 'personKey'>): Promise<void> {
  const person = await ctx.store.getIdentityByPerson(app.personKey);
  ctx.noteRead(actingForOf(person, app.personKey), caseTarget(app.id));
}
