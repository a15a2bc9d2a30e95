/**
 * Server helpers of cases shared by the applicant and reviewer functions (and admin/scheduler): import from here,
 * don't write them again.
 *
 * - person.ts:  personKeyOf(idNumber) · actingForOf(boundIdentity | null, personKey) · taskIdOf(applicationId,
 *               indicatorId) · caseTarget(applicationId) (audit target `application:<id>` — use it for every action on a
 *               case, task.decide included, so case.audit shows the owner the whole trail) · entrustmentTarget(id)
 * - rounds.ts:  loadRoundState(store, now) → RoundState { today, rounds, policies, current, phase, next } ·
 *               policyOf(state, round) · roundById(state, id) · caseRules(state, app) (the round and policy a case is
 *               under, null if unknown) · loadCalendar(store) (CALENDAR_YEAR_MISSING via
 *               CalendarGapError, never weekdays-only) · loadPolicies(store) (built-in + published) ·
 *               roundsOf(policies, overrides, untilYear) · roundsUntilYear(today)
 * - access.ts:  caseAccess(store, openid, app, scope, today, { reviewers? }) → CaseAccess | null · loadCase(store,
 *               openid, applicationId, scope, today, opts) → { app, access } or NOT_FOUND · agentAccess (only through
 *               the case's entrustment) · entrustmentInForce · reviewerDepartments(store, openid) · CASE_NOT_FOUND
 * - views.ts:   applicationView(input) · applicationSummary(app, actingAs) · checklistOf · missingKeys ·
 *               materialView · taskView · entrustmentView · declaredProfile(app) · ENTRUSTMENT_KEY ·
 *               applicationActions · reviewerTaskActions · entrustmentActions (the caller's lifecycle events)
 * - decide.ts:  settleIfDecided(app, tasksAfterDecision, policy, round, at) → decided ApplicationRecord | null ·
 *               asRead(record) (the `expect` of a conditional write) ·
 *               isUndecided(task) · isTaskOverdue(task, today) · decidedTasks(tasks) · correctionMessages(app,
 *               missing, at, occurrence)
 * - links.ts:   materialLink(files, material, now) (≤ 10 min, hash checked) · materialReader(store, openid, material,
 *               today) · linkForCaller(deps, store, openid, materialId, now, noteRead) · filesOf(deps) ·
 *               MATERIAL_NOT_FOUND · MATERIAL_SEAL_BROKEN
 */
export * from './person';
export * from './rounds';
export * from './access';
export * from './views';
export * from './decide';
export * from './links';
export * from './dates';
