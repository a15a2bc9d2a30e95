/**
 * 积分落户申请 at the household-registration window (市公安局, the department the policy data names): one city-wide
 * queue by round and status (filterable by the destination's district), an application with what the window checks
 * (full ID numbers for the hukou check, the sealed materials behind short-lived links; every such read audited on the
 * case), and the decisions: verify, return for correction (why and what is missing), reject (why), and 落户办结 with
 * the admission notice (the residence permit surrendered; the notice used; the case closed). Every change goes
 * through the SETTLEMENT machine with a conditional write.
 */
import { districtName } from '../../shared/application/districts';
import { SETTLEMENT_STATUSES } from '../../shared/application/status';
import type { ReviewerMaterial, SettlementReviewView, SettlementSummary } from '../../shared/contracts';
import { beijingDate, type ISODate } from '../../shared/dates';
import { SETTLEMENT, transition, type SettlementEvent } from '../../shared/lifecycle';
import type { SettlementPolicy } from '../../shared/policy';
import type { Round } from '../../shared/rounds';
import {
  actingForOf,
  asRead,
  caseTarget,
  filesOf,
  loadRoundState,
  materialLink,
  materialView,
  policyOf,
  roundById,
  type RoundState,
} from '../_core/cases';
import { endNotice } from '../_core/notices';
import { settlementMessages, type SettlementStep } from '../_core/settlement-messages';
import {
  checklistItems,
  notTheWindow,
  settlementActions,
  settlementBase,
  settlementPolicyOf,
} from '../_core/settlements';
import { AppError, type HandlerDeps, type Handlers } from '../_core/runtime';
import type {
  ApplicationRecord,
  MaterialRecord,
  SettlementDecision,
  SettlementRecord,
  StoreReader,
} from '../_core/store/types';
import { REVIEWER_ACTIONS, type ReviewerApi } from '../../shared/contracts';

/** A settlement application that does not exist (or is not one the caller may see). */
export const SETTLEMENT_NOT_FOUND = '没有找到这份积分落户申请';

type SettlementActions =
  | 'settlement.queue'
  | 'settlement.review'
  | 'settlement.verify'
  | 'settlement.return'
  | 'settlement.reject'
  | 'settlement.settle';

/** The round whose settlement the window works on by default: the latest whose settlement window has opened. */
function defaultRound(state: RoundState, today: ISODate): Round | null {
  const opened = state.rounds.filter((r) => r.settlement.from <= today);
  opened.sort((a, b) => (a.settlement.from < b.settlement.from ? -1 : 1));
  return opened[opened.length - 1] ?? state.current;
}

/** The round's settlement policy, after checking that the caller's department is the window it names. */
function windowPolicy(state: RoundState, round: Round, department: string): SettlementPolicy {
  const sp = settlementPolicyOf(policyOf(state, round));
  if (sp.department.name !== department) throw new AppError('FORBIDDEN', notTheWindow(sp));
  return sp;
}

/** The application, its case, its materials and its policy, for a reviewer of the window. */
async function loadForWindow(
  store: StoreReader,
  now: Date,
  department: string,
  settlementId: string,
): Promise<{ s: SettlementRecord; app: ApplicationRecord; sp: SettlementPolicy; materials: MaterialRecord[] }> {
  const [s, state] = await Promise.all([store.getSettlement(settlementId), loadRoundState(store, now)]);
  const round = s ? roundById(state, s.roundId) : null;
  const policyRound = round ?? defaultRound(state, beijingDate(now));
  if (!policyRound) throw new AppError('NOT_FOUND', SETTLEMENT_NOT_FOUND);
  // The department first: another department's reviewer learns nothing, not even whether the id exists.
  const sp = windowPolicy(state, policyRound, department);
  const [app, materials] = s
    ? await Promise.all([store.getApplication(s.applicationId), store.listMaterialsByApplication(s.id)])
    : [null, []];
  if (!s || !app || !round) throw new AppError('NOT_FOUND', SETTLEMENT_NOT_FOUND);
  return { s, app, sp, materials };
}

/** The application as the window sees it: full ID numbers, the permit, the materials behind links. */
async function reviewView(
  deps: HandlerDeps,
  parts: { s: SettlementRecord; app: ApplicationRecord; sp: SettlementPolicy; materials: readonly MaterialRecord[] },
  now: Date,
): Promise<SettlementReviewView> {
  const { s, app, sp } = parts;
  const files = filesOf(deps);
  const checklist: SettlementReviewView['checklist'] = [];
  for (const item of checklistItems(sp, s.proofKind, s.members)) {
    const materials: ReviewerMaterial[] = [];
    for (const m of parts.materials.filter((x) => x.key === item.key))
      materials.push({ ...materialView(m), sha256: m.sha256, ...(await materialLink(files, m, now)) });
    checklist.push({ ...item, materials, state: materials.length ? 'attached' : 'missing' });
  }
  const id = app.identity;
  return {
    ...settlementBase(s, app, sp, true),
    actingAs: s.actingAs,
    permit: {
      number: id.permitNumber,
      district: id.permitDistrict,
      validFrom: id.permitValidFrom,
      validTo: id.permitValidTo,
    },
    checklist,
    missing: checklist.filter((l) => l.state === 'missing').map((l) => l.key),
    decisions: s.decisions.map((d) => ({
      event: d.event,
      label: SETTLEMENT.events[d.event].label,
      at: d.at,
      by: d.by,
      ...(d.reason ? { reason: d.reason } : {}),
      ...(d.missing ? { missing: d.missing } : {}),
    })),
    actions: settlementActions(s, 'reviewer', beijingDate(now)),
  };
}

function summaryOf(s: SettlementRecord): SettlementSummary {
  return {
    settlementId: s.id,
    receiptNumber: s.receiptNumber ?? null,
    name: s.maskedName,
    total: s.total ?? null,
    district: s.district ?? null,
    districtLabel: s.district ? districtName(s.district) : null,
    status: s.status,
    statusLabel: SETTLEMENT_STATUSES[s.status],
    submittedAt: s.submittedAt ?? null,
  };
}

/** Notes the window's read of the person's data on their case (the person sees it in case.audit). */
async function noteWindowRead(
  store: StoreReader,
  app: ApplicationRecord,
  noteRead: (actingFor: string, target: string) => void,
): Promise<void> {
  noteRead(actingForOf(await store.getIdentityByPerson(app.personKey), app.personKey), caseTarget(app.id));
}

/** The step a decision of the window tells the person. */
const STEP_OF: Record<'verify' | 'returnForCorrection' | 'reject', SettlementStep> = {
  verify: 'verified',
  returnForCorrection: 'correction',
  reject: 'rejected',
};

/**
 * One decision of the window: through the machine, recorded on the application, written conditionally, with its
 * 落户办理进度 messages in the same transaction (a return counted, so each return tells once).
 */
async function decide(
  ctx: Parameters<ReviewerHandlers['settlement.verify']>[1],
  settlementId: string,
  event: Extract<SettlementEvent, 'verify' | 'returnForCorrection' | 'reject'>,
  words: { reason?: string; missing?: string },
) {
  const at = ctx.now.toISOString();
  const parts = await loadForWindow(ctx.store, ctx.now, ctx.department, settlementId);
  const { s } = parts;
  ctx.setTarget(caseTarget(s.applicationId));
  const status = transition(SETTLEMENT, s.status, event, 'reviewer', { today: beijingDate(ctx.now) });
  const decision: SettlementDecision = { event, by: ctx.caller.openid, at, ...words };
  const next: SettlementRecord = { ...s, status, decisions: [...s.decisions, decision], updatedAt: at };
  await ctx.store.putSettlement(next, asRead(s));
  const returns = next.decisions.filter((d) => d.event === 'returnForCorrection').length;
  const o = { ...words, ...(event === 'returnForCorrection' ? { occurrence: returns } : {}) };
  for (const m of settlementMessages(next, STEP_OF[event], at, beijingDate(ctx.now), o))
    await ctx.store.appendOutbox(m);
  return { settlement: await reviewView(ctx.deps, { ...parts, s: next }, ctx.now) };
}

type ReviewerHandlers = Handlers<typeof REVIEWER_ACTIONS, ReviewerApi>;

export const settlementHandlers: Pick<ReviewerHandlers, SettlementActions> = {
  async 'settlement.queue'(payload, ctx) {
    const state = await loadRoundState(ctx.store, ctx.now);
    const round = payload.roundId ? roundById(state, payload.roundId) : defaultRound(state, beijingDate(ctx.now));
    if (!round)
      throw new AppError('NOT_FOUND', payload.roundId ? `没有找到年度“${payload.roundId}”` : '当前没有积分年度');
    windowPolicy(state, round, ctx.department);
    const query: Parameters<StoreReader['listSettlementsByStatus']>[0] = {
      roundId: round.id,
      status: payload.status,
      limit: payload.limit,
    };
    if (payload.district) query.district = payload.district;
    if (payload.after) query.after = payload.after;
    const page = await ctx.store.listSettlementsByStatus(query);
    const res: ReviewerApi['settlement.queue']['res'] = {
      roundId: round.id,
      settlements: page.settlements.map(summaryOf),
    };
    if (page.next) res.next = page.next;
    return res;
  },

  async 'settlement.review'(payload, ctx) {
    const parts = await loadForWindow(ctx.store, ctx.now, ctx.department, payload.settlementId);
    const res = { settlement: await reviewView(ctx.deps, parts, ctx.now) };
    await noteWindowRead(ctx.store, parts.app, ctx.noteRead);
    return res;
  },

  async 'settlement.verify'(payload, ctx) {
    return decide(ctx, payload.settlementId, 'verify', payload.note ? { reason: payload.note } : {});
  },

  async 'settlement.return'(payload, ctx) {
    const words = payload.missing ? { reason: payload.reason, missing: payload.missing } : { reason: payload.reason };
    return decide(ctx, payload.settlementId, 'returnForCorrection', words);
  },

  async 'settlement.reject'(payload, ctx) {
    return decide(ctx, payload.settlementId, 'reject', { reason: payload.reason });
  },

  async 'settlement.settle'(payload, ctx) {
    const at = ctx.now.toISOString();
    const today = beijingDate(ctx.now);
    const parts = await loadForWindow(ctx.store, ctx.now, ctx.department, payload.settlementId);
    const { s } = parts;
    const notice = s.noticeNumber ? await ctx.store.getDocument(s.noticeNumber) : null;
    ctx.setTarget(caseTarget(s.applicationId));
    const status = transition(SETTLEMENT, s.status, 'settle', 'reviewer', {
      today,
      ...(s.noticeValidUntil ? { noticeValidUntil: s.noticeValidUntil } : {}),
    });
    if (!notice) throw new Error('noticed settlement application without its notice');
    const used = endNotice(notice, at, 'use');
    const decision: SettlementDecision = { event: 'settle', by: ctx.caller.openid, at };
    const next: SettlementRecord = {
      ...s,
      status,
      settledOn: today,
      permitSurrendered: payload.permitSurrendered,
      decisions: [...s.decisions, decision],
      updatedAt: at,
    };
    await ctx.store.putDocument(used, asRead(notice));
    await ctx.store.putSettlement(next, asRead(s));
    for (const m of settlementMessages(next, 'settled', at, today)) await ctx.store.appendOutbox(m);
    return { settlement: await reviewView(ctx.deps, { ...parts, s: next }, ctx.now) };
  },
};
