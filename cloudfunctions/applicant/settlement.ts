/**
 * 积分落户申请 of the applicant function: the person, or an agent whose verified entrustment of the points case has the
 * `settlement` scope, prepares the application (destination, proof of address, family moving too, declarations),
 * uploads its checklist through material.ticket/attach (settlement id, `settlement:` keys; sealed on attach), and
 * submits it inside the round's settlement window on a working day, every condition checked on the server and each
 * failure named. One per person per round (a deterministic id); a numbered receipt (`LH2021-1102-000001`).
 */
import { ageOn, beijingDate, type ISODate } from '../../shared/dates';
import { maskIdCard, maskName, parseIdCard } from '../../shared/identity';
import { SETTLEMENT, transition } from '../../shared/lifecycle';
import type { SettlementPolicy } from '../../shared/policy';
import type { SettlementCondition, SettlementRes } from '../../shared/contracts';
import {
  actingForOf,
  asRead,
  caseTarget,
  loadCalendar,
  loadCase,
  loadRoundState,
  policyOf,
  roundById,
  settlementIdOf,
  type CaseAccess,
} from '../_core/cases';
import { disputeIdOf } from '../_core/disputes';
import {
  checklistItems,
  checklistOf,
  currentVoucher,
  settlementConditions,
  settlementPolicyOf,
  settlementView,
  type EligibilityInput,
} from '../_core/settlements';
import { AppError, type MutationCtx, type QueryCtx } from '../_core/runtime';
import type { ApplicationRecord, SettlementMember, SettlementRecord, StoreReader } from '../_core/store/types';
import { invalid, type HandlersOf } from './actions';

/** An agent whose entrustment does not include 积分落户. */
export const NO_SETTLEMENT_SCOPE = '您的委托事项不包括"积分落户"，请由委托人本人申请，或请委托人在委托中增加此事项';
/** Submitting before anything was saved. */
export const NO_SETTLEMENT = '还没有填写积分落户申请，请先填写并保存';

/** The receipt counter of a round's settlement applications (apart from the points receipts' counter). */
export const settlementCounterOf = (roundId: string): string => `LH${roundId}`;

/** `LH2021-1102-000001`: the round, the acceptance day, the round's sequence. */
export function settlementReceiptNumber(roundId: string, acceptedOn: ISODate, seq: number): string {
  return `LH${roundId}-${acceptedOn.slice(5, 7)}${acceptedOn.slice(8, 10)}-${String(seq).padStart(6, '0')}`;
}

/**
 * The case and the caller's access for settling (`settlement` scope). An agent who may see the case (`query`) but
 * whose entrustment lacks the scope is told so; anyone else gets the answer of a missing case.
 */
async function loadForSettlement(
  store: StoreReader,
  openid: string,
  applicationId: string,
  today: ISODate,
): Promise<{ app: ApplicationRecord; access: CaseAccess; actor: 'self' | 'agent' }> {
  try {
    const { app, access } = await loadCase(store, openid, applicationId, 'settlement', today);
    return { app, access, actor: access.actingAs === 'agent' ? 'agent' : 'self' };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'NOT_FOUND') throw e;
    await loadCase(store, openid, applicationId, 'query', today); // NOT_FOUND again when the caller has no access
    throw new AppError('FORBIDDEN', NO_SETTLEMENT_SCOPE);
  }
}

/** Everything the conditions and the view read, besides the case. */
interface World {
  sp: SettlementPolicy;
  input: Omit<EligibilityInput, 'existing' | 'declarations'>;
  existing: SettlementRecord | null;
}

async function loadWorld(store: StoreReader, app: ApplicationRecord, now: Date): Promise<World> {
  const [state, calendar, dispute, rechecks, findings, documents, existing] = await Promise.all([
    loadRoundState(store, now),
    loadCalendar(store),
    store.getDispute(disputeIdOf(app.id)),
    store.listRechecksByDispute(disputeIdOf(app.id)),
    store.listFraudFindings(app.personKey),
    store.listDocumentsByApplication(app.id),
    store.getSettlement(settlementIdOf(app.roundId, app.personKey)),
  ]);
  const round = roundById(state, app.roundId);
  if (!round) throw new AppError('NOT_FOUND', `没有找到年度“${app.roundId}”`);
  const sp = settlementPolicyOf(policyOf(state, round));
  return {
    sp,
    existing,
    input: {
      app,
      round,
      sp,
      calendar,
      today: beijingDate(now),
      dispute,
      rechecks,
      fraudDates: findings.map((f) => f.date),
      documents,
    },
  };
}

/** Names the case and the person acted for in the mutation's audit entry. */
async function auditOn(ctx: MutationCtx, app: ApplicationRecord, actor: 'self' | 'agent'): Promise<void> {
  ctx.setTarget(caseTarget(app.id));
  if (actor === 'agent')
    ctx.setActingFor(actingForOf(await ctx.store.getIdentityByPerson(app.personKey), app.personKey));
}

/**
 * What submitting and resubmitting both start from: the caller's case, the settlement already saved for it (NOT_FOUND
 * without one), its materials, and the case audited as acted on.
 */
async function openSaved(ctx: MutationCtx, applicationId: string) {
  const store = ctx.store;
  const today = beijingDate(ctx.now);
  const at = ctx.now.toISOString();
  const { app, actor } = await loadForSettlement(store, ctx.caller.openid, applicationId, today);
  const w = await loadWorld(store, app, ctx.now);
  const s = w.existing;
  if (!s) throw new AppError('NOT_FOUND', NO_SETTLEMENT);
  const materials = await store.listMaterialsByApplication(s.id);
  await auditOn(ctx, app, actor);
  return { store, today, at, app, actor, w, s, materials };
}

/** The refusal of failed conditions: the window's own code when it is among them, else NOT_ELIGIBLE; all named. */
function refuseIfFailed(conditions: readonly SettlementCondition[]): void {
  const failed = conditions.filter((c) => c.ok === false);
  if (!failed.length) return;
  const window = failed.find((c) => c.code === 'OUTSIDE_WINDOW' || c.code === 'NOT_WORKDAY');
  const code = (window?.code ?? 'NOT_ELIGIBLE') as 'OUTSIDE_WINDOW' | 'NOT_WORKDAY' | 'NOT_ELIGIBLE';
  throw new AppError(code, `不符合积分落户申请条件：${failed.map((c) => c.message).join('；')}`);
}

/** Checks the family members moving too: valid ID numbers, not the applicant, children under age, one spouse. */
function checkMembers(
  members: readonly SettlementMember[],
  app: ApplicationRecord,
  sp: SettlementPolicy,
  today: ISODate,
): SettlementMember[] {
  if (members.filter((m) => m.relation === 'spouse').length > 1)
    throw invalid('members', '随迁人员', '随迁配偶只能有一位');
  return members.map((m, i) => {
    const id = parseIdCard(m.idNumber, today);
    const path = `members.${i}.idNumber`;
    if (!id.ok) throw invalid(path, '随迁人员身份证号码', id.message);
    if (id.value.id === app.identity.idNumber.toUpperCase())
      throw invalid(path, '随迁人员身份证号码', '随迁人员不能是申请人本人');
    if (m.relation === 'child' && ageOn(id.value.birthDate, today) >= sp.members.childUnderAge)
      throw invalid(
        path,
        '随迁人员身份证号码',
        `随迁子女须未满 ${sp.members.childUnderAge} 周岁，已成年子女请本人申请`,
      );
    return { relation: m.relation, name: m.name, idNumber: id.value.id };
  });
}

/** The view answered to the applicant's side. */
function answer(
  s: SettlementRecord | null,
  app: ApplicationRecord,
  sp: SettlementPolicy,
  materials: Parameters<typeof settlementView>[0]['materials'],
  viewer: 'self' | 'agent',
  today: ISODate,
): SettlementRes {
  return { settlement: s ? settlementView({ s, app, sp, materials, viewer, today }) : null };
}

/** Copies what the submission fixes: the confirmed total, its day and the voucher presented. */
/** The application's subscribers with the caller added when they accepted the 落户办理进度 message on this tap. */
function withSubscriber(s: SettlementRecord, openid: string, subscribed: readonly 'settlement'[]): string[] {
  const had = s.subscribers ?? [];
  return subscribed.includes('settlement') && !had.includes(openid) ? [...had, openid] : had;
}

function submitted(s: SettlementRecord, w: World, at: string, requestId: string): SettlementRecord {
  const app = w.input.app;
  const voucher = currentVoucher(app, w.input.documents);
  const next: SettlementRecord = {
    ...s,
    total: app.result?.total ?? '',
    voucherNumber: voucher?.number ?? '',
    submittedAt: at,
    submitRequestId: requestId,
    updatedAt: at,
  };
  if (app.confirmedOn) next.confirmedOn = app.confirmedOn;
  return next;
}

/** MISSING_MATERIALS naming each missing line. */
function refuseIfMissing(
  sp: SettlementPolicy,
  s: SettlementRecord,
  materials: Parameters<typeof checklistOf>[2],
): void {
  const missing = checklistOf(sp, s, materials).filter((l) => l.state === 'missing');
  if (missing.length)
    throw new AppError('MISSING_MATERIALS', `还有必需的材料没有上传：${missing.map((l) => l.label).join('；')}`);
}

export const settlementHandlers: HandlersOf<
  | 'settlement.checklist'
  | 'settlement.eligibility'
  | 'settlement.save'
  | 'settlement.submit'
  | 'settlement.get'
  | 'settlement.resubmit'
> = {
  async 'settlement.checklist'(payload, ctx: QueryCtx) {
    const today = beijingDate(ctx.now);
    const { app } = await loadForSettlement(ctx.store, ctx.caller.openid, payload.applicationId, today);
    const state = await loadRoundState(ctx.store, ctx.now);
    const round = roundById(state, app.roundId);
    if (!round) throw new AppError('NOT_FOUND', `没有找到年度“${app.roundId}”`);
    const sp = settlementPolicyOf(policyOf(state, round));
    const proof = sp.proofs.find((p) => p.kind === payload.proofKind);
    if (payload.proofKind !== undefined && !proof)
      throw invalid('proofKind', '拟落户地址证明方式', '没有这种拟落户地址的证明方式，请从列表中选择');
    return {
      department: sp.department.name,
      proofs: sp.proofs.map((p) => ({ kind: p.kind, label: p.label, confidence: p.confidence })),
      proofKind: proof?.kind ?? null,
      items: checklistItems(
        sp,
        proof?.kind,
        payload.members.map((relation) => ({ relation })),
      ),
    };
  },

  async 'settlement.eligibility'(payload, ctx: QueryCtx) {
    const today = beijingDate(ctx.now);
    const { app, actor } = await loadForSettlement(ctx.store, ctx.caller.openid, payload.applicationId, today);
    const w = await loadWorld(ctx.store, app, ctx.now);
    if (actor === 'agent')
      ctx.noteRead(actingForOf(await ctx.store.getIdentityByPerson(app.personKey), app.personKey), caseTarget(app.id));
    const conditions = settlementConditions({
      ...w.input,
      existing: w.existing,
      ...(w.existing ? { declarations: w.existing.declarations } : {}),
    });
    return {
      today,
      roundId: app.roundId,
      conditions,
      eligible: conditions.every((c) => c.ok !== false),
      settlementId: w.existing?.id ?? null,
    };
  },

  async 'settlement.save'(payload, ctx) {
    const store = ctx.store;
    const today = beijingDate(ctx.now);
    const at = ctx.now.toISOString();
    const { app, access, actor } = await loadForSettlement(store, ctx.caller.openid, payload.applicationId, today);
    const w = await loadWorld(store, app, ctx.now);
    const [owner, materials] = await Promise.all([
      store.getIdentityByPerson(app.personKey),
      store.listMaterialsByApplication(settlementIdOf(app.roundId, app.personKey)),
    ]);
    await auditOn(ctx, app, actor);
    const existing = w.existing;
    if (existing) transition(SETTLEMENT, existing.status, 'save', actor, undefined);
    if (!w.sp.proofs.some((p) => p.kind === payload.proofKind))
      throw invalid('proofKind', '拟落户地址证明方式', '没有这种拟落户地址的证明方式，请从列表中选择');
    const members = checkMembers(payload.members, app, w.sp, today);
    const base: SettlementRecord = existing ?? {
      id: settlementIdOf(app.roundId, app.personKey),
      roundId: app.roundId,
      applicationId: app.id,
      personKey: app.personKey,
      ownerOpenid: owner?.openid ?? null,
      maskedName: maskName(app.identity.name),
      maskedIdNumber: maskIdCard(app.identity.idNumber),
      createdBy: ctx.caller.openid,
      actingAs: actor,
      status: 'draft',
      members: [],
      declarations: { noUrbanHukou: false, fullCapacity: false },
      decisions: [],
      createdAt: at,
      updatedAt: at,
    };
    if (access.actingAs === 'agent' && !existing) base.entrustmentId = access.entrustment.id;
    const next: SettlementRecord = {
      ...base,
      destination: { ...payload.destination },
      district: payload.destination.district,
      proofKind: payload.proofKind,
      members,
      declarations: { ...payload.declarations },
      updatedAt: at,
    };
    if (existing) await store.putSettlement(next, asRead(existing));
    else await store.putSettlement(next);
    return answer(next, app, w.sp, materials, actor, today);
  },

  async 'settlement.submit'(payload, ctx) {
    const { store, today, at, app, actor, w, s, materials } = await openSaved(ctx, payload.applicationId);
    const status = transition(SETTLEMENT, s.status, 'submit', actor, undefined);
    refuseIfFailed(settlementConditions({ ...w.input, existing: s, declarations: s.declarations }));
    refuseIfMissing(w.sp, s, materials);
    const seq = await store.nextReceiptSeq(settlementCounterOf(app.roundId));
    const next: SettlementRecord = {
      ...submitted(s, w, at, ctx.requestId),
      status,
      receiptNumber: settlementReceiptNumber(app.roundId, today, seq),
      acceptedOn: today,
      subscribers: withSubscriber(s, ctx.caller.openid, payload.subscribed),
    };
    await store.putSettlement(next, asRead(s));
    return answer(next, app, w.sp, materials, actor, today);
  },

  async 'settlement.get'(payload, ctx: QueryCtx) {
    const today = beijingDate(ctx.now);
    const { app, actor } = await loadForSettlement(ctx.store, ctx.caller.openid, payload.applicationId, today);
    const id = settlementIdOf(app.roundId, app.personKey);
    const [s, materials, state] = await Promise.all([
      ctx.store.getSettlement(id),
      ctx.store.listMaterialsByApplication(id),
      loadRoundState(ctx.store, ctx.now),
    ]);
    const round = roundById(state, app.roundId);
    if (!round) throw new AppError('NOT_FOUND', `没有找到年度“${app.roundId}”`);
    if (actor === 'agent')
      ctx.noteRead(actingForOf(await ctx.store.getIdentityByPerson(app.personKey), app.personKey), caseTarget(app.id));
    return answer(s, app, settlementPolicyOf(policyOf(state, round)), materials, actor, today);
  },

  async 'settlement.resubmit'(payload, ctx) {
    const { store, today, at, app, actor, w, s, materials } = await openSaved(ctx, payload.applicationId);
    const status = transition(SETTLEMENT, s.status, 'resubmit', actor, undefined);
    // Accepted inside the window: a correction the window asked for is not a new application, so the window and the
    // one-per-round rule are not checked again; everything about the points and the person is.
    const again = settlementConditions({ ...w.input, existing: null, declarations: s.declarations }).filter(
      (c) => c.code !== 'OUTSIDE_WINDOW' && c.code !== 'NOT_WORKDAY' && c.code !== 'WINDOW',
    );
    refuseIfFailed(again);
    refuseIfMissing(w.sp, s, materials);
    const next: SettlementRecord = {
      ...submitted(s, w, at, ctx.requestId),
      status,
      subscribers: withSubscriber(s, ctx.caller.openid, payload.subscribed),
    };
    await store.putSettlement(next, asRead(s));
    return answer(next, app, w.sp, materials, actor, today);
  },
};
