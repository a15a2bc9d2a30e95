/**
 * 委托申请: an employer (USCC + signed letter) or a close relative (minor under 16 by the ID number, elderly or
 * disabled, with relationship proof) acts for a person within a scope. The principal sees the entrustments naming
 * their bound ID number and can confirm or revoke them; the agent can revoke too. The letter / proof, attached as a
 * material, puts the entrustment in force.
 */
import { APPLICATION_STATUSES, relativeReasonProblem } from '../../shared/application';
import type { EntrustmentView } from '../../shared/contracts';
import { parseIdCard, parseUscc } from '../../shared/identity';
import { actingForOf, entrustmentTarget, entrustmentView, loadRoundState, personKeyOf } from '../_core/cases';
import { AppError, type MutationCtx } from '../_core/runtime';
import type { EntrustmentRecord, StoreReader } from '../_core/store/types';
import { invalid, requirePrivacy, type HandlersOf } from './actions';

const NOT_FOUND = '没有找到这份委托，或您无权操作';

/** The normalised ID number (the schema already checked it). */
function normalisedId(idNumber: string): string {
  const r = parseIdCard(idNumber);
  return r.ok ? r.value.id : idNumber.trim().toUpperCase();
}

/** An entrustment the caller may confirm (principal) or revoke (principal or agent); NOT_FOUND for anyone else. */
async function entrustmentFor(
  ctx: MutationCtx,
  entrustmentId: string,
  who: 'principal' | 'either',
): Promise<{ e: EntrustmentRecord; asPrincipal: boolean }> {
  const openid = ctx.caller.openid;
  const [e, mine] = await Promise.all([ctx.store.getEntrustment(entrustmentId), ctx.store.getIdentity(openid)]);
  if (!e) throw new AppError('NOT_FOUND', NOT_FOUND);
  const asPrincipal = !!mine && mine.personKey === e.principalKey;
  if (asPrincipal || (who === 'either' && e.agentOpenid === openid)) return { e, asPrincipal };
  throw new AppError('NOT_FOUND', NOT_FOUND);
}

async function viewWithMaterials(store: StoreReader, e: EntrustmentRecord, caseStatus?: EntrustmentView['caseStatus']): Promise<EntrustmentView> {
  return entrustmentView(e, await store.listMaterialsByEntrustment(e.id), caseStatus);
}

export const delegationHandlers: HandlersOf<'entrustment.create' | 'entrustment.list' | 'entrustment.confirm' | 'entrustment.revoke'> = {
  async 'entrustment.create'(payload, ctx) {
    const openid = ctx.caller.openid;
    const store = ctx.store;
    await requirePrivacy(store, openid);
    const state = await loadRoundState(store, ctx.now);
    const problem = relativeReasonProblem(payload, state.today);
    if (problem) throw invalid('reason', '代办原因', problem);
    const principalId = normalisedId(payload.principal.idNumber);
    const agentId = normalisedId(payload.agent.idNumber);
    const principalKey = personKeyOf(principalId);
    const [mine, existing, principal] = await Promise.all([
      store.getIdentity(openid),
      store.listEntrustmentsByAgent(openid),
      store.getIdentityByPerson(principalKey),
    ]);
    // The agent gives their own ID: it must be the caller's, when the caller has bound one.
    if (mine && mine.idNumber !== agentId) throw invalid('agent.idNumber', '代办人 · 身份证号码', '代办人身份证号码与您绑定的身份不一致');
    if (mine && mine.personKey === principalKey) throw invalid('principal.idNumber', '委托人 · 身份证号码', '不能委托自己');
    if (existing.some((e) => e.principalKey === principalKey && e.status !== 'revoked')) {
      throw new AppError('CONFLICT', '您已有对该申请人的委托，请在原委托上继续（如需更改请先撤销）');
    }
    const at = ctx.now.toISOString();
    const rec: EntrustmentRecord = {
      id: ctx.newId('e'),
      kind: payload.kind,
      agentOpenid: openid,
      agent: { name: payload.agent.name, idNumber: agentId },
      principal: { name: payload.principal.name, idNumber: principalId },
      principalKey,
      scope: [...new Set(payload.scope)],
      status: 'pending',
      confirmedByPrincipal: false,
      createdAt: at,
      updatedAt: at,
    };
    if (payload.kind === 'employer') {
      const uscc = parseUscc(payload.employer.uscc);
      rec.employer = { uscc: uscc.ok ? uscc.value : payload.employer.uscc, name: payload.employer.name };
    } else {
      rec.relationship = payload.relationship;
      rec.reason = payload.reason;
    }
    ctx.setTarget(entrustmentTarget(rec.id));
    ctx.setActingFor(actingForOf(principal, principalKey));
    await store.putEntrustment(rec);
    return { entrustment: entrustmentView(rec, []) };
  },

  async 'entrustment.list'(_payload, ctx) {
    const openid = ctx.caller.openid;
    const store = ctx.store;
    const [mine, asAgent, state] = await Promise.all([store.getIdentity(openid), store.listEntrustmentsByAgent(openid), loadRoundState(store, ctx.now)]);
    const asPrincipal = mine ? await store.listEntrustmentsByPrincipal(mine.personKey) : [];
    const roundId = state.current?.id;
    const agentViews: EntrustmentView[] = [];
    for (const e of asAgent) {
      // The case status of people the caller currently acts for; nobody else's.
      let caseStatus: EntrustmentView['caseStatus'] = null;
      if (e.status === 'active' && roundId && (e.scope.includes('query') || e.scope.includes('apply'))) {
        const app = (await store.listApplicationsByPerson(e.principalKey)).find((a) => a.roundId === roundId);
        if (app) caseStatus = { applicationId: app.id, status: app.status, statusLabel: APPLICATION_STATUSES[app.status] };
      }
      agentViews.push(await viewWithMaterials(store, e, caseStatus));
    }
    const principalViews: EntrustmentView[] = [];
    for (const e of asPrincipal) principalViews.push(await viewWithMaterials(store, e));
    return { asAgent: agentViews, asPrincipal: principalViews };
  },

  async 'entrustment.confirm'(payload, ctx) {
    await requirePrivacy(ctx.store, ctx.caller.openid);
    const { e } = await entrustmentFor(ctx, payload.entrustmentId, 'principal');
    if (e.status === 'revoked') throw new AppError('CONFLICT', '该委托已撤销，不能确认');
    const materials = await ctx.store.listMaterialsByEntrustment(e.id);
    const at = ctx.now.toISOString();
    const next: EntrustmentRecord = e.confirmedByPrincipal ? e : { ...e, confirmedByPrincipal: true, confirmedAt: at, updatedAt: at };
    ctx.setTarget(entrustmentTarget(e.id));
    ctx.setActingFor(ctx.caller.openid);
    if (next !== e) await ctx.store.putEntrustment(next);
    return { entrustment: entrustmentView(next, materials) };
  },

  async 'entrustment.revoke'(payload, ctx) {
    const openid = ctx.caller.openid;
    const { e } = await entrustmentFor(ctx, payload.entrustmentId, 'either');
    if (e.status === 'revoked') throw new AppError('CONFLICT', '该委托已经撤销');
    const [materials, principal] = await Promise.all([ctx.store.listMaterialsByEntrustment(e.id), ctx.store.getIdentityByPerson(e.principalKey)]);
    const at = ctx.now.toISOString();
    const next: EntrustmentRecord = { ...e, status: 'revoked', revokedAt: at, revokedBy: openid, updatedAt: at };
    ctx.setTarget(entrustmentTarget(e.id));
    ctx.setActingFor(actingForOf(principal, e.principalKey));
    await ctx.store.putEntrustment(next);
    return { entrustment: entrustmentView(next, materials) };
  },
};
