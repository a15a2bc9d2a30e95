/**
 * 异议: the applicant (or an agent whose verified entrustment has the `dispute` scope) raises one dispute of a
 * published result, until the 7th working day after the result date (server time, the holiday calendar with its
 * make-up working days): the disputed lines, a content-checked reason each and, where useful, new evidence uploaded
 * through material.ticket/attach with the `{ disputeOf }` target. The district points office of the permit district
 * receives it (reviewer function). Every status change goes through the lifecycle, written conditionally.
 */
import { RESULT_STATES } from '../../shared/lifecycle/lifecycle';
import type { DisputeRes } from '../../shared/contracts';
import { beijingDate, formatChineseDate, type ISODate } from '../../shared/dates';
import { APPLICATION, DISPUTE, transition } from '../../shared/lifecycle';
import { actingForOf, asRead, caseTarget, loadCalendar, loadCase, materialView, type CaseAccess } from '../_core/cases';
import { checkTexts } from '../_core/content-check';
import { disputeDeadlineOf, disputeIdOf, disputeView, disputeWindow, evidenceKey } from '../_core/disputes';
import { AppError, type MutationCtx, type QueryCtx } from '../_core/runtime';
import type {
  ApplicationRecord,
  DisputeLineRecord,
  DisputeRecord,
  MaterialRecord,
  RecheckRecord,
  StoreReader,
} from '../_core/store/types';
import type { WorkCalendar } from '../../shared/calendar';
import type { HandlersOf } from './actions';

/** An agent whose entrustment does not include 提出异议. */
export const NO_DISPUTE_SCOPE = '您的委托事项不包括"提出异议"，请由委托人本人提出，或请委托人在委托中增加此事项';

/**
 * The case and the caller's access for disputing (`dispute` scope). An agent who may see the case (`query`) but whose
 * entrustment lacks the scope is told so; anyone else gets the answer of a missing case.
 */
async function loadForDispute(
  store: StoreReader,
  openid: string,
  applicationId: string,
  today: ISODate,
): Promise<{ app: ApplicationRecord; access: CaseAccess }> {
  try {
    return await loadCase(store, openid, applicationId, 'dispute', today);
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'NOT_FOUND') throw e;
    await loadCase(store, openid, applicationId, 'query', today); // NOT_FOUND again when the caller has no access
    throw new AppError('FORBIDDEN', NO_DISPUTE_SCOPE);
  }
}

/** The refusals that are not the lifecycle's: not yet published, already disputed, already confirmed. */
function refuseUnless(app: ApplicationRecord, existing: DisputeRecord | null, cal: WorkCalendar): void {
  if (existing) {
    throw new AppError(
      'CONFLICT',
      `这件申请已于${formatChineseDate(existing.raisedOn)}提出过异议，每件申请只能提出一次异议`,
    );
  }
  if (!RESULT_STATES.includes(app.status)) {
    const when = app.resultDate ? `（${formatChineseDate(app.resultDate)}起可查询）` : '';
    throw new AppError('NOT_YET', `积分结果尚未公布${when}，公布后 7 个工作日内可提出异议`);
  }
  if (app.status === 'confirmed') {
    const on = app.confirmedOn ? `，积分已于${formatChineseDate(app.confirmedOn)}确认` : '，积分已确认';
    const deadline = app.timeline ? `异议期已于${formatChineseDate(disputeDeadlineOf(app, cal))}结束` : '异议期已结束';
    throw new AppError('FORBIDDEN', `${deadline}${on}`);
  }
}

/** The lines as raised: each on the result, with its department, and its evidence of this case and indicator. */
function disputedLines(
  app: ApplicationRecord,
  tasks: readonly { indicatorId: string; department: string }[],
  materials: readonly MaterialRecord[],
  lines: { indicatorId: string; reason: string; materialIds: string[] }[],
  checked: DisputeLineRecord['checked'],
): DisputeLineRecord[] {
  return lines.map((l, i) => {
    const line = app.result?.lines.find((r) => r.id === l.indicatorId);
    const task = tasks.find((t) => t.indicatorId === l.indicatorId);
    if (!line || !task) {
      const message = `结果中没有指标「${l.indicatorId}」，只能对结果中列出的指标提出异议`;
      throw new AppError('INVALID_INPUT', message, [{ path: `lines.${i}.indicatorId`, field: '异议指标', message }]);
    }
    for (const id of l.materialIds) {
      const m = materials.find((x) => x.id === id);
      if (!m || m.key !== evidenceKey(l.indicatorId)) {
        const message = `证据材料不属于指标「${line.name}」的异议，请重新上传`;
        throw new AppError('INVALID_INPUT', message, [{ path: `lines.${i}.materialIds`, field: '证据材料', message }]);
      }
    }
    return {
      indicatorId: l.indicatorId,
      indicatorName: line.name,
      department: task.department,
      reason: l.reason,
      materialIds: [...l.materialIds],
      pointsBefore: line.verifiedPoints,
      checked,
    };
  });
}

/** The answer of the dispute actions from what was read: the window and the dispute as the caller sees it. */
function answerOf(
  parts: {
    app: ApplicationRecord;
    dispute: DisputeRecord | null;
    rechecks: RecheckRecord[];
    materials: MaterialRecord[];
  },
  cal: WorkCalendar,
  viewer: 'self' | 'agent',
  today: ISODate,
): DisputeRes {
  const { app, dispute } = parts;
  const window = disputeWindow(app, cal, today, !!dispute) ?? null;
  if (!dispute) return { window, dispute: null };
  const evidence = parts.materials.filter((m) => m.key.startsWith(evidenceKey(''))).map(materialView);
  const view = disputeView({ dispute, rechecks: parts.rechecks, evidence, window: window ?? undefined, viewer, today });
  return { window, dispute: view };
}

/** Names the case and the person acted for in the mutation's audit entry. */
async function auditOn(ctx: MutationCtx, app: ApplicationRecord, access: CaseAccess): Promise<void> {
  ctx.setTarget(caseTarget(app.id));
  if (access.actingAs === 'agent') {
    ctx.setActingFor(actingForOf(await ctx.store.getIdentityByPerson(app.personKey), app.personKey));
  }
}

export const disputeHandlers: HandlersOf<'dispute.raise' | 'dispute.get' | 'dispute.resubmit'> = {
  async 'dispute.raise'(payload, ctx) {
    const store = ctx.store;
    const openid = ctx.caller.openid;
    const today = beijingDate(ctx.now);
    const at = ctx.now.toISOString();
    const { app, access } = await loadForDispute(store, openid, payload.applicationId, today);
    const [existing, tasks, materials, cal] = await Promise.all([
      store.getDispute(disputeIdOf(app.id)),
      store.listTasksByApplication(app.id),
      store.listMaterialsByApplication(app.id),
      loadCalendar(store),
    ]);
    await auditOn(ctx, app, access);
    refuseUnless(app, existing, cal);
    const actor = access.actingAs === 'agent' ? 'agent' : 'self';
    const status = transition(APPLICATION, app.status, 'dispute', actor, {
      today,
      ...(app.timeline ? { disputeDeadline: disputeDeadlineOf(app, cal) } : {}),
    });
    // The lines are checked before the text check: nothing leaves the server for a request refused anyway.
    disputedLines(app, tasks, materials, payload.lines, { by: 'local', at });
    const by = await checkTexts(
      ctx.deps.contentCheck,
      openid,
      payload.lines.map((l, i) => ({ path: `lines.${i}.reason`, field: '异议理由', text: l.reason })),
    );
    const lines = disputedLines(app, tasks, materials, payload.lines, { by, at });
    const dispute: DisputeRecord = {
      id: disputeIdOf(app.id),
      applicationId: app.id,
      roundId: app.roundId,
      receiptNumber: app.receipt?.number ?? '',
      personKey: app.personKey,
      district: app.identity.permitDistrict,
      status: 'raised',
      raisedBy: openid,
      actingAs: actor,
      raisedOn: today,
      lines,
      subscribers: payload.subscribed.includes('dispute') ? [openid] : [],
      createdAt: at,
      updatedAt: at,
    };
    if (access.actingAs === 'agent') dispute.entrustmentId = access.entrustment.id;
    // The case conditionally (published, as read): of two concurrent disputes only one is kept.
    const next = { ...app, status, updatedAt: at };
    await store.putApplication(next, asRead(app));
    await store.putDispute(dispute);
    return answerOf({ app: next, dispute, rechecks: [], materials }, cal, actor, today);
  },

  async 'dispute.get'(payload, ctx: QueryCtx) {
    const store = ctx.store;
    const today = beijingDate(ctx.now);
    const { app, access } = await loadCase(store, ctx.caller.openid, payload.applicationId, 'query', today);
    const id = disputeIdOf(app.id);
    const [dispute, rechecks, materials, cal] = await Promise.all([
      store.getDispute(id),
      store.listRechecksByDispute(id),
      store.listMaterialsByApplication(app.id),
      loadCalendar(store),
    ]);
    if (access.actingAs === 'agent') {
      ctx.noteRead(actingForOf(await store.getIdentityByPerson(app.personKey), app.personKey), caseTarget(app.id));
    }
    return answerOf({ app, dispute, rechecks, materials }, cal, access.actingAs === 'agent' ? 'agent' : 'self', today);
  },

  async 'dispute.resubmit'(payload, ctx) {
    const store = ctx.store;
    const today = beijingDate(ctx.now);
    const at = ctx.now.toISOString();
    const { app, access } = await loadForDispute(store, ctx.caller.openid, payload.applicationId, today);
    const [dispute, materials, rechecks, cal] = await Promise.all([
      store.getDispute(disputeIdOf(app.id)),
      store.listMaterialsByApplication(app.id),
      store.listRechecksByDispute(disputeIdOf(app.id)),
      loadCalendar(store),
    ]);
    await auditOn(ctx, app, access);
    if (!dispute) throw new AppError('NOT_FOUND', '这件申请没有提出过异议');
    const actor = access.actingAs === 'agent' ? 'agent' : 'self';
    const status = transition(DISPUTE, dispute.status, 'resubmit', actor, { evidenceAsked: !!dispute.evidenceAsked });
    const lines = dispute.lines.map((l) => {
      const added = payload.evidence.find((e) => e.indicatorId === l.indicatorId)?.materialIds ?? [];
      for (const id of added) {
        if (materials.find((m) => m.id === id)?.key !== evidenceKey(l.indicatorId))
          throw new AppError('INVALID_INPUT', `证据材料不属于指标「${l.indicatorName}」的异议，请重新上传`);
      }
      return { ...l, materialIds: [...new Set([...l.materialIds, ...added])] };
    });
    for (const e of payload.evidence) {
      if (!dispute.lines.some((l) => l.indicatorId === e.indicatorId))
        throw new AppError('INVALID_INPUT', `异议中没有指标「${e.indicatorId}」，只能为已提出异议的指标补充证据`);
    }
    const next: DisputeRecord = { ...dispute, status, lines, updatedAt: at };
    await store.putDispute(next, asRead(dispute));
    return answerOf({ app, dispute: next, rechecks, materials }, cal, actor, today);
  },
};
