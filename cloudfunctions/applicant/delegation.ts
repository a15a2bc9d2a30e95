/**
 * 委托申请: an employer (USCC + signed letter) or a close relative (minor under 16 by the ID number, elderly or
 * disabled, with relationship proof) acts for a person within a scope. An entrustment grants NOTHING until verified:
 * an employer's by the principal confirming it in their own account (bound to the same person) or by the district
 * acceptance point (区积分受理点, reviewer/district.ts); a relative's only by the acceptance point. Attaching the letter
 * or proof verifies nothing. The principal sees every entrustment naming them, can confirm, revoke, or put one of
 * their own applications under one (`entrustment.extend`), and sees every access others made of their data
 * (`access.trail`).
 */
import { APPLICATION_STATUSES, districtName, relativeReasonProblem, verifierOf } from '../../shared/application';
import { QUERY_ACTIONS, type AccessTrailEntry, type EntrustmentView } from '../../shared/contracts';
import { parseIdCard, parseUscc } from '../../shared/identity';
import { ENTRUSTMENT, transition, TransitionError } from '../../shared/lifecycle';
import {
  actingForOf,
  asRead,
  caseTarget,
  entrustmentInForce,
  entrustmentTarget,
  entrustmentView,
  loadRoundState,
  personKeyOf,
} from '../_core/cases';
import { AppError, type MutationCtx } from '../_core/runtime';
import type { AuditEntry, EntrustmentRecord, StoreReader } from '../_core/store/types';
import { invalid, type HandlersOf } from './actions';

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

async function viewWithMaterials(
  store: StoreReader,
  e: EntrustmentRecord,
  actor: 'self' | 'agent',
  extra: { caseStatus?: EntrustmentView['caseStatus']; applicationIds?: string[] } = {},
): Promise<EntrustmentView> {
  const v = entrustmentView(e, await store.listMaterialsByEntrustment(e.id), actor, extra.caseStatus);
  if (extra.applicationIds) v.applicationIds = extra.applicationIds;
  return v;
}

/** The applications of the principal filed under (or extended to) an entrustment. */
async function applicationIdsOf(store: StoreReader, e: EntrustmentRecord): Promise<string[]> {
  return (await store.listApplicationsByPerson(e.principalKey))
    .filter((a) => a.entrustmentId === e.id)
    .map((a) => a.id);
}

/** Read actions by function, for telling reads from writes in the trail. */
const READ_ACTIONS: Record<string, ReadonlySet<string>> = {
  applicant: new Set(QUERY_ACTIONS.applicant),
  reviewer: new Set(QUERY_ACTIONS.reviewer),
  admin: new Set(QUERY_ACTIONS.admin),
};

/** How many audit pages of one target the trail reads (a case has tens of entries). */
const TRAIL_PAGES = 5;
/** Most entries the trail answers with, newest first. */
const TRAIL_MAX = 500;

async function entriesOf(store: StoreReader, target: string): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let before: string | undefined;
  for (let page = 0; page < TRAIL_PAGES; page++) {
    const p = await store.listAudit({ target, limit: 100, before });
    out.push(...p.entries);
    if (!p.next) break;
    before = p.next;
  }
  return out;
}

export const delegationHandlers: HandlersOf<
  | 'entrustment.create'
  | 'entrustment.list'
  | 'entrustment.confirm'
  | 'entrustment.revoke'
  | 'entrustment.extend'
  | 'access.trail'
> = {
  async 'entrustment.create'(payload, ctx) {
    const openid = ctx.caller.openid;
    const store = ctx.store;
    const state = await loadRoundState(store, ctx.now);
    const problem = relativeReasonProblem(payload, state.today);
    if (problem) throw invalid('reason', '代办原因', problem);
    if (payload.validUntil !== undefined && payload.validUntil < state.today)
      throw invalid('validUntil', '委托有效期止', '委托有效期止不能早于今天');
    const principalId = normalisedId(payload.principal.idNumber);
    const agentId = normalisedId(payload.agent.idNumber);
    const principalKey = personKeyOf(principalId);
    const [mine, existing, principal] = await Promise.all([
      store.getIdentity(openid),
      store.listEntrustmentsByAgent(openid),
      store.getIdentityByPerson(principalKey),
    ]);
    // The agent gives their own ID: it must be the caller's, when the caller has bound one.
    if (mine && mine.idNumber !== agentId)
      throw invalid('agent.idNumber', '代办人 · 身份证号码', '代办人身份证号码与您绑定的身份不一致');
    if (mine && mine.personKey === principalKey)
      throw invalid('principal.idNumber', '委托人 · 身份证号码', '不能委托自己');
    if (existing.some((e) => e.principalKey === principalKey && e.status !== 'revoked' && e.status !== 'rejected')) {
      throw new AppError('CONFLICT', '您已有对该申请人的委托，请在原委托上继续（如需更改请先撤销）');
    }
    const at = ctx.now.toISOString();
    const verifyBy = verifierOf(payload);
    const rec: EntrustmentRecord = {
      id: ctx.newId('e'),
      kind: payload.kind,
      agentOpenid: openid,
      agent: { name: payload.agent.name, idNumber: agentId },
      principal: { name: payload.principal.name, idNumber: principalId },
      principalKey,
      scope: [...new Set(payload.scope)],
      district: payload.district,
      verifyBy,
      status: verifyBy === 'principal' ? 'awaiting-principal' : 'awaiting-district',
      confirmedByPrincipal: false,
      createdAt: at,
      updatedAt: at,
    };
    if (payload.validUntil !== undefined) rec.validUntil = payload.validUntil;
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
    return { entrustment: entrustmentView(rec, [], 'agent') };
  },

  async 'entrustment.list'(_payload, ctx) {
    const openid = ctx.caller.openid;
    const store = ctx.store;
    const [mine, asAgent, state] = await Promise.all([
      store.getIdentity(openid),
      store.listEntrustmentsByAgent(openid),
      loadRoundState(store, ctx.now),
    ]);
    const asPrincipal = mine ? await store.listEntrustmentsByPrincipal(mine.personKey) : [];
    const roundId = state.current?.id;
    const agentViews: EntrustmentView[] = [];
    for (const e of asAgent) {
      // The status of the case filed under a verified entrustment in force; nothing else of the principal's.
      let caseStatus: EntrustmentView['caseStatus'] = null;
      if (roundId && (entrustmentInForce(e, 'query', state.today) || entrustmentInForce(e, 'apply', state.today))) {
        const app = (await store.listApplicationsByPerson(e.principalKey)).find(
          (a) => a.roundId === roundId && a.entrustmentId === e.id,
        );
        if (app) {
          caseStatus = { applicationId: app.id, status: app.status, statusLabel: APPLICATION_STATUSES[app.status] };
          const person = await store.getIdentityByPerson(e.principalKey);
          ctx.noteRead(actingForOf(person, e.principalKey), caseTarget(app.id));
        }
      }
      agentViews.push(await viewWithMaterials(store, e, 'agent', { caseStatus }));
    }
    const principalViews: EntrustmentView[] = [];
    for (const e of asPrincipal)
      principalViews.push(
        await viewWithMaterials(store, e, 'self', { applicationIds: await applicationIdsOf(store, e) }),
      );
    return { asAgent: agentViews, asPrincipal: principalViews };
  },

  async 'entrustment.confirm'(payload, ctx) {
    const { e } = await entrustmentFor(ctx, payload.entrustmentId, 'principal');
    const guard = { kind: e.kind, district: e.district };
    let status = e.status;
    if (e.status === 'active') {
      // In force already (the acceptance point verified it): the confirmation is recorded, the state kept.
      const why = ENTRUSTMENT.events.confirm.guard?.(guard);
      if (why) throw new TransitionError('FORBIDDEN', why);
    } else status = transition(ENTRUSTMENT, e.status, 'confirm', 'self', guard);
    const materials = await ctx.store.listMaterialsByEntrustment(e.id);
    const at = ctx.now.toISOString();
    let next: EntrustmentRecord = e;
    if (!e.confirmedByPrincipal) next = { ...next, confirmedByPrincipal: true, confirmedAt: at, updatedAt: at };
    // The principal's own confirmation verifies an employer entrustment, whichever verifier was chosen.
    if (status !== e.status) next = { ...next, status, verifiedAt: at, verifiedBy: ctx.caller.openid, updatedAt: at };
    ctx.setTarget(entrustmentTarget(e.id));
    ctx.setActingFor(ctx.caller.openid);
    if (next !== e) await ctx.store.putEntrustment(next, asRead(e));
    return { entrustment: entrustmentView(next, materials, 'self') };
  },

  async 'entrustment.revoke'(payload, ctx) {
    const openid = ctx.caller.openid;
    const { e, asPrincipal } = await entrustmentFor(ctx, payload.entrustmentId, 'either');
    const actor = asPrincipal ? 'self' : 'agent';
    const status = transition(ENTRUSTMENT, e.status, 'revoke', actor, { kind: e.kind, district: e.district });
    const [materials, principal] = await Promise.all([
      ctx.store.listMaterialsByEntrustment(e.id),
      ctx.store.getIdentityByPerson(e.principalKey),
    ]);
    const at = ctx.now.toISOString();
    const next: EntrustmentRecord = { ...e, status, revokedAt: at, revokedBy: openid, updatedAt: at };
    ctx.setTarget(entrustmentTarget(e.id));
    ctx.setActingFor(actingForOf(principal, e.principalKey));
    await ctx.store.putEntrustment(next, asRead(e));
    return { entrustment: entrustmentView(next, materials, actor) };
  },

  async 'entrustment.extend'(payload, ctx) {
    const openid = ctx.caller.openid;
    const { e, asPrincipal } = await entrustmentFor(ctx, payload.entrustmentId, 'principal');
    if (!asPrincipal) throw new AppError('NOT_FOUND', NOT_FOUND);
    transition(ENTRUSTMENT, e.status, 'extend', 'self', { kind: e.kind, district: e.district });
    const app = await ctx.store.getApplication(payload.applicationId);
    // Only the principal's own applications: anything else is indistinguishable from a missing one.
    if (!app || app.personKey !== e.principalKey) throw new AppError('NOT_FOUND', '没有找到这份申请，或您无权查看');
    if (app.entrustmentId === e.id) throw new AppError('CONFLICT', '这份申请已在该委托下');
    const [materials, ids] = await Promise.all([
      ctx.store.listMaterialsByEntrustment(e.id),
      applicationIdsOf(ctx.store, e),
    ]);
    const at = ctx.now.toISOString();
    ctx.setTarget(caseTarget(app.id));
    ctx.setActingFor(openid);
    await ctx.store.putApplication({ ...app, entrustmentId: e.id, updatedAt: at }, asRead(app));
    const v = entrustmentView(e, materials, 'self');
    v.applicationIds = [...ids, app.id];
    return { entrustment: v };
  },

  async 'access.trail'(_payload, ctx) {
    const openid = ctx.caller.openid;
    const store = ctx.store;
    const mine = await store.getIdentity(openid);
    if (!mine) return { entries: [] };
    const [apps, entrustments] = await Promise.all([
      store.listApplicationsByPerson(mine.personKey),
      store.listEntrustmentsByPrincipal(mine.personKey),
    ]);
    const targets = [...apps.map((a) => caseTarget(a.id)), ...entrustments.map((e) => entrustmentTarget(e.id))];
    const seen = new Set<string>();
    const all: AuditEntry[] = [];
    for (const t of targets) {
      for (const entry of await entriesOf(store, t)) {
        if (entry.actor === openid || seen.has(entry.id)) continue;
        seen.add(entry.id);
        all.push(entry);
      }
    }
    all.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.id < b.id ? 1 : -1));
    const agents = new Map(entrustments.map((e) => [e.agentOpenid, e] as const));
    const officeOf = new Map<string, string>();
    const labelOf = async (entry: AuditEntry): Promise<{ actor: AccessTrailEntry['actor']; actorLabel: string }> => {
      if (entry.fn === 'scheduler') return { actor: 'system', actorLabel: '系统' };
      if (entry.fn === 'admin') return { actor: 'admin', actorLabel: '管理员' };
      if (entry.fn === 'reviewer') {
        if (!officeOf.has(entry.actor)) {
          const role = (await store.listRolesOf(entry.actor)).find((r) => r.role === 'reviewer');
          officeOf.set(
            entry.actor,
            role?.department
              ? `${role.department}阅卷人员`
              : role?.district
                ? `${districtName(role.district)}积分受理点`
                : '审核人员',
          );
        }
        return { actor: 'reviewer', actorLabel: officeOf.get(entry.actor) as string };
      }
      const e = agents.get(entry.actor);
      if (!e) return { actor: 'agent', actorLabel: '其他账号' };
      return {
        actor: 'agent',
        actorLabel: e.employer ? `${e.agent.name}（${e.employer.name}）` : `${e.agent.name}（代办人）`,
      };
    };
    const entries: AccessTrailEntry[] = [];
    for (const entry of all.slice(0, TRAIL_MAX)) {
      const who = await labelOf(entry);
      const line: AccessTrailEntry = {
        at: entry.at,
        action: entry.action,
        kind: READ_ACTIONS[entry.fn]?.has(entry.action) ? 'read' : 'write',
        ...who,
        result: entry.result,
      };
      const [kind, id] = entry.target.split(':');
      if (kind === 'application' && id) line.applicationId = id;
      if (kind === 'entrustment' && id) line.entrustmentId = id;
      entries.push(line);
    }
    return { entries };
  },
};
