/**
 * 积分申请 and 积分查询 for the person and their agents: save a draft, read and list, submit (receipt, timeline, one
 * review task per claimed indicator), resubmit after 补正, read the published result and the case's audit trail.
 * Every rule is checked here with the server's clock; the client's view of time is never trusted.
 */
import {
  APPLICATION_STATUSES,
  districtName,
  ENTRUSTMENT_STATUSES,
  buildReceipt,
  caseTimeline,
  checkEligibility,
  type Receipt,
} from '../../shared/application';
import type { ApplicantIdentity } from '../../shared/application';
import type { ApplicationSummary, ApplicationView, CaseAuditRes, ResultRes } from '../../shared/contracts';
import { formatChineseDate } from '../../shared/dates';
import { claimedIndicators, factRefsOf, factsOf } from '../../shared/engine';
import { APPLICATION, isInProgress, RESULT_STATES, sourcesOf, TASK, transition } from '../../shared/lifecycle';
import type { PolicyVersion } from '../../shared/policy';
import type { Profile } from '../../shared/profile';
import { isAcceptingOn, type Round } from '../../shared/rounds';
import {
  actingForOf,
  agentAccess,
  asRead,
  applicationSummary,
  caseTarget,
  checklistOf,
  declaredProfile,
  loadCalendar,
  loadCase,
  loadRoundState,
  missingKeys,
  personKeyOf,
  taskIdOf,
  type CaseAccess,
  type RoundState,
} from '../_core/cases';
import { AppError, stableStringify, type MutationCtx, type QueryCtx } from '../_core/runtime';
import type {
  ApplicationRecord,
  AuditEntry,
  EntrustmentRecord,
  IdentityRecord,
  MaterialRecord,
  StoreReader,
  Subscription,
  TaskRecord,
} from '../_core/store/types';
import { invalid, type HandlersOf } from './actions';
import {
  changedIndicators,
  findReusable,
  loadParts,
  parseApplicantIdentity,
  parseDeclaredProfile,
  roundAndPolicy,
  viewOf,
  type CaseParts,
  type Reuse,
} from './case-data';
import { ID_TAKEN } from './privacy';
import { disputeIdOf, disputeSummary, disputeWindow } from '../_core/disputes';
import type { WorkCalendar } from '../../shared/calendar';
import { correctionWindow } from '../../shared/application/timeline';

/** The caller as the person or an agent (reviewers use the reviewer function). */
function actingAsOf(access: CaseAccess): 'self' | 'agent' {
  return access.actingAs === 'agent' ? 'agent' : 'self';
}

/** The access of `openid` to a case for reading: `query` scope, or `apply` (an agent preparing the application). */
async function loadForReading(store: StoreReader, openid: string, applicationId: string, today: string) {
  try {
    return await loadCase(store, openid, applicationId, 'query', today);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return loadCase(store, openid, applicationId, 'apply', today);
    throw e;
  }
}

/** What the case page shows of the dispute window, the dispute and the confirmation (see CaseDisputeInfo). */
async function loadDisputeInfo(
  store: StoreReader,
  app: ApplicationRecord,
  today: string,
  cal: WorkCalendar,
): Promise<Pick<ApplicationView, 'disputeWindow' | 'dispute' | 'confirmedOn'>> {
  if (!RESULT_STATES.includes(app.status)) return {};
  const id = disputeIdOf(app.id);
  const [dispute, rechecks] = await Promise.all([store.getDispute(id), store.listRechecksByDispute(id)]);
  const out: Pick<ApplicationView, 'disputeWindow' | 'dispute' | 'confirmedOn'> = {};
  const window = disputeWindow(app, cal, today, !!dispute);
  if (window) out.disputeWindow = window;
  if (dispute) out.dispute = disputeSummary(dispute, rechecks);
  if (app.confirmedOn) out.confirmedOn = app.confirmedOn;
  return out;
}

/** A case in 补正: the date its correction must come before, and the working days left (the page and the to-do). */
function correctionInfo(
  app: ApplicationRecord,
  today: string,
  cal: WorkCalendar,
): Pick<ApplicationView, 'correctionWindow'> {
  return app.status === 'correction' && app.resultDate
    ? { correctionWindow: correctionWindow(app.resultDate, today, cal) }
    : {};
}

/** Notes a verified agent's read of the person's case (an unverified agent reads only their own draft). */
async function noteAgentRead(ctx: QueryCtx, app: ApplicationRecord, access: CaseAccess): Promise<void> {
  if (access.actingAs !== 'agent' || !access.verified) return;
  const person = await ctx.store.getIdentityByPerson(app.personKey);
  ctx.noteRead(actingForOf(person, app.personKey), caseTarget(app.id));
}

/** Identity fields that only the person changes once they have bound their own identity. */
const PERSON_OWNED_FIELDS = ['mobile', 'permitNumber', 'permitDistrict', 'permitValidFrom', 'permitValidTo'] as const;

/** Refusal of an agent changing a bound person's mobile or permit. */
export const PERSON_OWNED_CHANGE = '委托人已在小程序中绑定本人身份：手机号码和居住证信息只能由委托人本人修改';

/** The caller's right to file a new application for `personKey` (self, binding the identity if needed, or agent). */
async function newApplicationAccess(
  store: StoreReader,
  openid: string,
  personKey: string,
  entrustmentId: string | undefined,
  today: string,
): Promise<{ entrustment: EntrustmentRecord | null }> {
  if (entrustmentId !== undefined) {
    const e = await store.getEntrustment(entrustmentId);
    if (!e || e.agentOpenid !== openid) throw new AppError('NOT_FOUND', '没有找到这份委托');
    if (e.status === 'revoked') throw new AppError('FORBIDDEN', '该委托已撤销，不能再代为申请');
    if (e.status === 'rejected') throw new AppError('FORBIDDEN', '该委托未通过区积分受理点核验，不能代为申请');
    if (!e.scope.includes('apply')) throw new AppError('FORBIDDEN', '该委托不包括“积分申请”事项');
    if (e.validUntil !== undefined && today > e.validUntil)
      throw new AppError('FORBIDDEN', `该委托有效期至${formatChineseDate(e.validUntil)}，已过期`);
    if (e.principalKey !== personKey)
      throw invalid('identity.idNumber', '申请人 · 身份证号码', '申请人与委托书上的委托人不一致');
    // Awaiting verification: the agent may prepare a draft of what they type; nothing is submitted or shown of the person's.
    return { entrustment: e };
  }
  const [mine, holder] = await Promise.all([store.getIdentity(openid), store.getIdentityByPerson(personKey)]);
  if (mine && mine.personKey !== personKey) {
    throw new AppError(
      'FORBIDDEN',
      '申请人的身份证号码与您绑定的身份不一致；为他人申请请先建立委托（用人单位或近亲属代办）',
    );
  }
  // Not bound yet: filing for oneself binds the ID number to the caller, unless another account holds it.
  if (!mine && holder) throw new AppError('FORBIDDEN', ID_TAKEN);
  return { entrustment: null };
}

/** Merges the caller's subscriptions of this submit tap into the application's. */
function withSubscriptions(subs: Subscription[], openid: string, kinds: Subscription['kinds']): Subscription[] {
  if (kinds.length === 0) return subs;
  const rest = subs.filter((s) => s.openid !== openid);
  const mine = subs.find((s) => s.openid === openid);
  return [...rest, { openid, kinds: [...new Set([...(mine?.kinds ?? []), ...kinds])].sort() as Subscription['kinds'] }];
}

/** What a save writes: the application (and the one it replaces), who acts, the parts of its view, an identity to bind. */
interface SavePlan {
  app: ApplicationRecord;
  prev: ApplicationRecord | null;
  actingAs: 'self' | 'agent';
  parts: CaseParts;
  bind: IdentityRecord | null;
}

/** A save of an existing application: the person and (during 补正) the facts it may change, checked. */
async function planUpdate(
  ctx: MutationCtx,
  state: RoundState,
  applicationId: string,
  identity: ApplicantIdentity,
  profile: Profile,
  at: string,
): Promise<SavePlan> {
  const store = ctx.store;
  const personKey = personKeyOf(identity.idNumber);
  const { app: prev, access } = await loadCase(store, ctx.caller.openid, applicationId, 'apply', state.today);
  const actingAs = actingAsOf(access);
  transition(APPLICATION, prev.status, 'save', actingAs, { today: state.today });
  if (prev.personKey !== personKey)
    throw invalid('identity.idNumber', '申请人 · 身份证号码', '申请人不能更换；如需为他人申请，请新建申请');
  if (access.actingAs === 'agent' && (await store.getIdentityByPerson(personKey))) {
    const changed = PERSON_OWNED_FIELDS.filter((f) => prev.identity[f] !== identity[f]);
    if (changed.length) throw new AppError('FORBIDDEN', PERSON_OWNED_CHANGE);
  }
  const parts = await loadParts(store, prev);
  if (prev.status === 'correction') checkCorrection(state, prev, parts, identity, profile);
  const app = { ...prev, identity, profile: profile as unknown as Record<string, unknown>, updatedAt: at };
  return { app, prev, actingAs, parts, bind: null };
}

/** 补正: only the facts of the returned indicators may change; the identity stays as accepted. */
function checkCorrection(
  state: RoundState,
  prev: ApplicationRecord,
  parts: CaseParts,
  identity: ApplicantIdentity,
  profile: Profile,
): void {
  if (stableStringify(prev.identity) !== stableStringify(identity)) {
    throw invalid('identity', '申请人', '补正时不能修改申请人信息');
  }
  const { policy } = roundAndPolicy(state, prev);
  const returned = new Set(parts.tasks.filter((t) => t.status === 'returned').map((t) => t.indicatorId));
  const bad = changedIndicators(declaredProfile(prev), profile, policy).filter((id) => !returned.has(id));
  if (bad.length) throw invalid('profile', '申报信息', `补正时只能修改退回补正的指标，不能修改：${bad.join('、')}`);
}

/** The open round for a new application (OUTSIDE_WINDOW / NO_OPEN_ROUND otherwise). */
function roundForNew(state: RoundState): Round {
  const round = state.current;
  if (!round || (state.phase !== 'application' && state.phase !== 'before-application')) {
    throw new AppError(
      round ? 'OUTSIDE_WINDOW' : 'NO_OPEN_ROUND',
      round
        ? `${round.name}积分申请受理期为${formatChineseDate(round.application.from)}至${formatChineseDate(round.application.to)}，已结束`
        : undefined,
    );
  }
  return round;
}

/** One case in progress per person and round; an agent sees only their own under this entrustment. */
async function refuseSecondCase(
  store: StoreReader,
  round: Round,
  personKey: string,
  entrustment: EntrustmentRecord | null,
): Promise<void> {
  const open = (await store.listApplicationsByPerson(personKey)).find(
    (a) => a.roundId === round.id && isInProgress(a.status) && (!entrustment || a.entrustmentId === entrustment.id),
  );
  if (!open) return;
  const status = APPLICATION_STATUSES[open.status];
  throw new AppError(
    'CONFLICT',
    entrustment
      ? `您已为该申请人建立${round.name}的申请（${status}），请在原申请上继续`
      : `该申请人${round.name}已有一份申请（${status}），请在原申请上继续`,
  );
}

/** A new draft: in the round's window, by the person (binding the identity on the first filing) or an agent. */
async function planNew(
  ctx: MutationCtx,
  state: RoundState,
  entrustmentId: string | undefined,
  identity: ApplicantIdentity,
  profile: Profile,
  at: string,
): Promise<SavePlan> {
  const store = ctx.store;
  const openid = ctx.caller.openid;
  const personKey = personKeyOf(identity.idNumber);
  const round = roundForNew(state);
  const { entrustment } = await newApplicationAccess(store, openid, personKey, entrustmentId, state.today);
  let bind: IdentityRecord | null = null;
  if (!entrustment && !(await store.getIdentity(openid))) {
    const { name, idNumber, mobile } = identity;
    bind = { openid, personKey, name, idNumber, mobile, boundAt: at, updatedAt: at };
  }
  await refuseSecondCase(store, round, personKey, entrustment);
  const app: ApplicationRecord = {
    id: ctx.newId('app'),
    roundId: round.id,
    personKey,
    identity,
    profile: profile as unknown as Record<string, unknown>,
    status: 'draft',
    createdBy: openid,
    channel: 'online',
    subscriptions: [],
    createdAt: at,
    updatedAt: at,
  };
  if (entrustment) app.entrustmentId = entrustment.id;
  const parts: CaseParts = {
    materials: [],
    tasks: [],
    entrustment: entrustment
      ? { record: entrustment, materials: await store.listMaterialsByEntrustment(entrustment.id) }
      : null,
  };
  return { app, prev: null, actingAs: entrustment ? 'agent' : 'self', parts, bind };
}

/** What a submission is checked against. */
interface SubmitCheck {
  prev: ApplicationRecord;
  access: CaseAccess;
  today: string;
  round: Round;
  calendar: Awaited<ReturnType<typeof loadCalendar>>;
  checklist: ReturnType<typeof checklistOf>;
  fraud: { date: string }[];
}

/** Every refusal of a submission or resubmission, before anything is written. */
async function checkSubmittable(store: StoreReader, c: SubmitCheck): Promise<void> {
  const { prev, access, today } = c;
  if (prev.status === 'draft') {
    const accepting = isAcceptingOn(c.round, today, c.calendar);
    if (!accepting.ok) throw new AppError(accepting.code, accepting.message);
  } else if (prev.resultDate !== undefined && today >= prev.resultDate) {
    throw new AppError(
      'OUTSIDE_WINDOW',
      `补正材料须在结果公布日（${formatChineseDate(prev.resultDate)}）前提交，现已逾期`,
    );
  }
  const refusals = checkEligibility(
    prev.identity,
    today,
    c.fraud.map((f) => f.date),
  );
  if (refusals.length)
    throw new AppError('NOT_ELIGIBLE', `不符合积分申请条件：${refusals.map((r) => r.message).join('；')}`);
  const missing = missingKeys(c.checklist);
  if (missing.length) {
    const labels = c.checklist.filter((l) => missing.includes(l.key)).map((l) => l.label);
    throw new AppError('MISSING_MATERIALS', `还缺少以下材料：${labels.join('；')}`);
  }
  if (access.actingAs !== 'agent') return;
  if (!access.verified) {
    const e = access.entrustment;
    const who =
      e.status === 'awaiting-principal' ? '委托人本人在小程序中确认' : `${districtName(e.district)}积分受理点核验`;
    throw new AppError('FORBIDDEN', `委托尚未生效（${ENTRUSTMENT_STATUSES[e.status]}），须经${who}后才能代为提交`);
  }
  if (prev.status !== 'draft') return;
  // One open application per person and round: checked here too, since an unverified agent's draft did not see the person's.
  const other = (await store.listApplicationsByPerson(prev.personKey)).find(
    (a) => a.id !== prev.id && a.roundId === prev.roundId && a.status !== 'draft' && isInProgress(a.status),
  );
  if (other)
    throw new AppError(
      'CONFLICT',
      '该申请人本年度已有一份已受理的申请，不能重复提交；如需代办请由委托人将原申请交由本委托办理',
    );
}

/** Acceptance of a draft: the receipt (its number taken only now), the timeline, one review task per claimed indicator. */
async function acceptDraft(
  ctx: MutationCtx,
  a: {
    prev: ApplicationRecord;
    round: Round;
    policy: PolicyVersion;
    calendar: Awaited<ReturnType<typeof loadCalendar>>;
    checklist: ReturnType<typeof checklistOf>;
    today: string;
    at: string;
  },
): Promise<{ next: ApplicationRecord; tasks: TaskRecord[] }> {
  const { prev, round, policy, today, at } = a;
  const profile = declaredProfile(prev);
  // Every refusal is behind us: only now take a receipt number (in CloudBase it cannot be given back).
  const seq = await ctx.store.nextReceiptSeq(round.id);
  const timeline = caseTimeline(today, a.calendar);
  const receipt = buildReceipt({
    roundId: round.id,
    seq,
    acceptedOn: today,
    channel: prev.channel,
    identity: prev.identity,
    materials: receiptMaterials(a.checklist),
  });
  const tasks = claimedIndicators(profile, policy).map((ind) => ({
    id: taskIdOf(prev.id, ind.id),
    applicationId: prev.id,
    roundId: round.id,
    receiptNumber: receipt.number,
    indicatorId: ind.id,
    indicatorName: ind.name,
    department: ind.department,
    status: 'pending' as const,
    declaredFacts: factsOf(ind, profile),
    factRefs: factRefsOf(ind, profile),
    acceptedOn: today,
    resultDate: timeline.resultDate,
    history: [{ at, status: 'pending' as const, by: ctx.caller.openid }],
    createdAt: at,
    updatedAt: at,
  }));
  const next: ApplicationRecord = {
    ...prev,
    acceptedOn: today,
    resultDate: timeline.resultDate,
    receipt,
    timeline,
    policyVersion: policy.id,
    submittedAt: at,
  };
  return { next, tasks };
}

/** Resubmission after 补正: the returned tasks go back to the queue with the corrected facts; history is kept. */
function resumeReturned(
  tasks: readonly TaskRecord[],
  prev: ApplicationRecord,
  policy: PolicyVersion,
  actingAs: 'self' | 'agent',
  openid: string,
  at: string,
): TaskRecord[] {
  const profile = declaredProfile(prev);
  return tasks.map((t) => {
    if (t.status !== 'returned') return t;
    const ind = policy.indicators.find((i) => i.id === t.indicatorId);
    const status = transition(TASK, t.status, 'resubmit', actingAs, undefined);
    const resumed: TaskRecord = {
      ...t,
      status,
      declaredFacts: ind ? factsOf(ind, profile) : t.declaredFacts,
      factRefs: ind ? factRefsOf(ind, profile) : t.factRefs,
      history: [...t.history, { at, status, by: openid, note: '补正后重新提交' }],
      updatedAt: at,
    };
    delete resumed.missing;
    return resumed;
  });
}

export const applicationHandlers: HandlersOf<
  'application.save' | 'application.get' | 'application.list' | 'application.submit' | 'result.get' | 'case.audit'
> = {
  async 'application.save'(payload, ctx) {
    const store = ctx.store;
    const identity = parseApplicantIdentity(payload.identity);
    const profile = parseDeclaredProfile(payload.profile, identity);
    const state = await loadRoundState(store, ctx.now);
    const at = ctx.now.toISOString();

    // Reads, and every check, before the first write.
    const plan =
      payload.applicationId !== undefined
        ? await planUpdate(ctx, state, payload.applicationId, identity, profile, at)
        : await planNew(ctx, state, payload.entrustmentId, identity, profile, at);
    const { app, actingAs, parts, bind } = plan;
    const { policy } = roundAndPolicy(state, app);
    // An agent reuses only materials of cases filed under the same entrustment, never the person's own.
    const reuse =
      app.status === 'draft'
        ? await findReusable(
            store,
            app,
            profile,
            policy,
            state.today,
            actingAs === 'agent' ? app.entrustmentId : undefined,
          )
        : null;
    const [person, calendar] = await Promise.all([
      bind ?? store.getIdentityByPerson(app.personKey),
      loadCalendar(store),
    ]);

    // Writes.
    ctx.setTarget(caseTarget(app.id));
    ctx.setActingFor(actingForOf(person, app.personKey));
    if (bind) await store.putIdentity(bind);
    await store.putApplication(app, plan.prev ? asRead(plan.prev) : undefined);
    let materials = parts.materials;
    if (reuse) materials = await reconcileReuse(ctx, app, materials, reuse, at);
    return { application: viewOf(state, app, { ...parts, materials }, actingAs, calendar) };
  },

  async 'application.get'(payload, ctx) {
    const state = await loadRoundState(ctx.store, ctx.now);
    const { app, access } = await loadForReading(ctx.store, ctx.caller.openid, payload.applicationId, state.today);
    const [parts, calendar] = await Promise.all([loadParts(ctx.store, app), loadCalendar(ctx.store)]);
    const disputes = await loadDisputeInfo(ctx.store, app, state.today, calendar);
    await noteAgentRead(ctx, app, access);
    const correction = correctionInfo(app, state.today, calendar);
    return { application: { ...viewOf(state, app, parts, actingAsOf(access), calendar), ...correction, ...disputes } };
  },

  async 'application.list'(_payload, ctx) {
    const openid = ctx.caller.openid;
    const [mine, entrustments, state, calendar] = await Promise.all([
      ctx.store.getIdentity(openid),
      ctx.store.listEntrustmentsByAgent(openid),
      loadRoundState(ctx.store, ctx.now),
      loadCalendar(ctx.store),
    ]);
    // A line with, past the result, its dispute window, dispute and confirmation day: one call serves the home page.
    const summary = async (a: ApplicationRecord, actingAs: 'self' | 'agent') => ({
      ...applicationSummary(a, actingAs),
      ...correctionInfo(a, state.today, calendar),
      ...(await loadDisputeInfo(ctx.store, a, state.today, calendar)),
    });
    const seen = new Set<string>();
    const out: ApplicationSummary[] = [];
    if (mine) {
      for (const a of await ctx.store.listApplicationsByPerson(mine.personKey)) {
        seen.add(a.id);
        out.push(await summary(a, 'self'));
      }
    }
    // As agent: only the cases filed under (or extended to) each entrustment the caller may act on.
    for (const e of entrustments) {
      for (const a of await ctx.store.listApplicationsByPerson(e.principalKey)) {
        if (seen.has(a.id) || a.entrustmentId !== e.id) continue;
        const access =
          (await agentAccess(ctx.store, openid, a, 'query', state.today)) ??
          (await agentAccess(ctx.store, openid, a, 'apply', state.today));
        if (!access) continue;
        seen.add(a.id);
        await noteAgentRead(ctx, a, access);
        out.push(await summary(a, 'agent'));
      }
    }
    out.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    return { applications: out };
  },

  async 'application.submit'(payload, ctx) {
    const openid = ctx.caller.openid;
    const store = ctx.store;
    const state = await loadRoundState(store, ctx.now);
    const { app: prev, access } = await loadCase(store, openid, payload.applicationId, 'apply', state.today);
    const actingAs = actingAsOf(access);
    const [calendar, parts, fraud, person] = await Promise.all([
      loadCalendar(store),
      loadParts(store, prev),
      store.listFraudFindings(prev.personKey),
      store.getIdentityByPerson(prev.personKey),
    ]);
    ctx.setTarget(caseTarget(prev.id));
    ctx.setActingFor(actingForOf(person, prev.personKey));
    const event = prev.status === 'correction' ? 'resubmit' : 'submit';
    // The same request again after a commit that stopped half-way (CloudBase): complete it with the same answer.
    if (!sourcesOf(APPLICATION, event).includes(prev.status) && prev.submitRequestId === ctx.requestId)
      return { application: viewOf(state, prev, parts, actingAs, calendar) };
    const status = transition(APPLICATION, prev.status, event, actingAs, { today: state.today });
    const { round, policy } = roundAndPolicy(state, prev);
    const checklist = checklistOf(prev, policy, parts.materials, parts.entrustment);
    await checkSubmittable(store, { prev, access, today: state.today, round, calendar, checklist, fraud });

    const at = ctx.now.toISOString();
    const subscriptions = withSubscriptions(prev.subscriptions, openid, payload.subscribed);
    const { next, tasks } =
      event === 'submit'
        ? await acceptDraft(ctx, { prev, round, policy, calendar, checklist, today: state.today, at })
        : { next: { ...prev }, tasks: resumeReturned(parts.tasks, prev, policy, actingAs, openid, at) };
    Object.assign(next, { status, subscriptions, updatedAt: at, submitRequestId: ctx.requestId });

    for (const t of tasks) {
      if (t.updatedAt !== at) continue;
      const before = parts.tasks.find((p) => p.id === t.id);
      await store.putTask(t, before ? asRead(before) : undefined);
    }
    // The application last: a retry after a half-done commit finds it still editable and redoes the same writes.
    await store.putApplication(next, asRead(prev));
    return { application: viewOf(state, next, { ...parts, tasks }, actingAs, calendar) };
  },

  async 'result.get'(payload, ctx) {
    const state = await loadRoundState(ctx.store, ctx.now);
    const { app, access } = await loadCase(ctx.store, ctx.caller.openid, payload.applicationId, 'query', state.today);
    await noteAgentRead(ctx, app, access);
    if (!RESULT_STATES.includes(app.status) || !app.result || !app.timeline) {
      const when = app.resultDate ? `，${formatChineseDate(app.resultDate)}起可查询` : '';
      const what = app.status === 'draft' ? '申请尚未提交' : `结果尚未公布（${APPLICATION_STATUSES[app.status]}）`;
      throw new AppError('NOT_YET', `${what}${when}`);
    }
    const r = app.result;
    const res: ResultRes = {
      applicationId: app.id,
      status: app.status,
      timeline: app.timeline,
      published: true,
      total: r.total,
      reachesQualifying: r.reachesQualifying,
      lines: r.lines.map((l) => ({ ...l })),
      sheet: r.sheet,
    };
    return res;
  },

  async 'case.audit'(payload, ctx) {
    const state = await loadRoundState(ctx.store, ctx.now);
    const { app, access } = await loadCase(ctx.store, ctx.caller.openid, payload.applicationId, 'query', state.today);
    await noteAgentRead(ctx, app, access);
    const person = await ctx.store.getIdentityByPerson(app.personKey);
    const entries: AuditEntry[] = [];
    let before: string | undefined;
    // A case has tens of entries; the cap keeps a runaway log from making the answer too big.
    for (let page = 0; page < 5; page++) {
      const p = await ctx.store.listAudit({ target: caseTarget(app.id), limit: 100, before });
      entries.push(...p.entries);
      if (!p.next) break;
      before = p.next;
    }
    const actorOf = (e: AuditEntry): CaseAuditRes['entries'][number]['actor'] => {
      if (e.fn === 'reviewer') return 'reviewer';
      if (e.fn === 'admin') return 'admin';
      if (e.fn === 'scheduler') return 'system';
      return person && e.actor === person.openid ? 'self' : 'agent';
    };
    return { entries: entries.map((e) => ({ at: e.at, action: e.action, actor: actorOf(e), result: e.result })) };
  },
};

/** The receipt's list: every material received, keyed to its indicator (the checklist's attached lines). */
function receiptMaterials(checklist: ReturnType<typeof checklistOf>): Receipt['materials'] {
  return checklist.flatMap((line) =>
    line.materials.map((m) => ({
      key: line.key,
      indicatorId: line.indicatorId,
      label: line.label,
      fileName: m.fileName,
    })),
  );
}

/**
 * Makes the carried-over materials of a draft match `reuse`: keeps those still valid, removes those whose facts
 * changed, adds the missing ones (deterministic ids). Returns the application's materials afterwards.
 */
async function reconcileReuse(
  ctx: {
    store: { putMaterial(m: MaterialRecord): Promise<void>; removeMaterial(id: string): Promise<void> };
    newId(p: string): string;
  },
  app: ApplicationRecord,
  materials: MaterialRecord[],
  reuse: Reuse[],
  at: string,
): Promise<MaterialRecord[]> {
  const wanted = new Set(reuse.map((r) => `${r.source.id}\n${r.key}`));
  const kept: MaterialRecord[] = [];
  for (const m of materials) {
    if (m.reused && !wanted.has(`${m.reusedFrom}\n${m.key}`)) await ctx.store.removeMaterial(m.id);
    else kept.push(m);
  }
  const have = new Set(kept.filter((m) => m.reused).map((m) => `${m.reusedFrom}\n${m.key}`));
  for (const r of reuse) {
    if (have.has(`${r.source.id}\n${r.key}`)) continue;
    const copy: MaterialRecord = {
      id: ctx.newId('m'),
      applicationId: app.id,
      key: r.key,
      fileId: r.source.fileId,
      fileName: r.source.fileName,
      mime: r.source.mime,
      size: r.source.size,
      sha256: r.source.sha256,
      uploadedBy: r.source.uploadedBy,
      uploadedAt: at,
      reused: true,
      reusedFrom: r.source.id,
    };
    await ctx.store.putMaterial(copy);
    kept.push(copy);
  }
  return kept;
}
