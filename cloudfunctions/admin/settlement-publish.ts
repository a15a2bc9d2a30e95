/**
 * The administrator's line preview (nothing written), publication (final; batched, conditional, resumable: see
 * _core/line-publish.ts) and the resolution of objections (upheld: the person leaves the list through the SETTLEMENT
 * machine and is told why; dismissed: the note is kept).
 */
import type {
  LinePreviewRes,
  LinePublishRes,
  ObjectionResolveRes,
  SETTLEMENT_LINE_ACTIONS,
  SettlementLineApi,
} from '../../shared/contracts';
import { beijingDate } from '../../shared/dates';
import { formatHalves, toHalves } from '../../shared/engine/points';
import { OBJECTION, SETTLEMENT, transition } from '../../shared/lifecycle';
import { BUCKET_HALVES, candidateLines, distributionOfCounts, histogram } from '../../shared/settlement';
import { loadRoundState, policyOf } from '../_core/cases';
import { asRead } from '../_core/cases/decide';
import { continuePublication, decide, startPublication } from '../_core/line-publish';
import {
  decisionView,
  lineCtx,
  lineOrDefault,
  lineView,
  objectionView,
  requireRound,
  storedDecision,
  tieRuleView,
  totalHalves,
} from '../_core/publicity';
import { AppError, type Handlers } from '../_core/runtime';
import { settlementMessages } from '../_core/settlement-messages';
import type { OutboxMessage, SettlementRecord } from '../_core/store/types';

type Actions = typeof SETTLEMENT_LINE_ACTIONS;

/** The answer for an objection that does not exist. */
export const OBJECTION_NOT_FOUND = '没有这条异议';

/** The subscribe messages telling a removed person why (the person, and the agent who filed for them). */
function removalMessages(s: SettlementRecord, reason: string, at: string): OutboxMessage[] {
  return settlementMessages(s, 'removed', at, beijingDate(new Date(at)), {
    reason,
    alsoTo: [s.ownerOpenid, s.createdBy],
  });
}

/** Preview, publish and resolve. */
export function publishHandlers(): Pick<
  Handlers<Actions, SettlementLineApi>,
  'settlement.line.preview' | 'settlement.line.publish' | 'objection.resolve'
> {
  return {
    async 'settlement.line.preview'(payload, ctx): Promise<LinePreviewRes> {
      const started = Date.now();
      const state = await loadRoundState(ctx.store, ctx.now);
      const round = requireRound(state.rounds, payload.roundId);
      const rec = lineOrDefault(round.id, await ctx.store.getSettlementLine(round.id), ctx.now.toISOString());
      const quota = round.quotaMode === 'none' ? null : (payload.quota ?? rec.quota);
      if (round.quotaMode === 'quota' && quota === null) {
        const message = '请填写落户名额（或先设置本年度名额）再预览分数线';
        throw new AppError('INVALID_INPUT', message, [{ path: 'quota', field: '落户名额', message }]);
      }
      const policy = policyOf(state, round);
      const qualifying = toHalves(policy.qualifyingScore);
      // Counted in the store (one step per distinct total), not one entry per application.
      const counted = await ctx.store.countSettlementTotals(round.id);
      const dist = distributionOfCounts(counted.map((c): [number, number] => [totalHalves(c.total), c.count]));
      const decision = decide(round, rec, dist, policy, quota);
      const width = (payload.bucketPoints ?? BUCKET_HALVES / 2) * 2;
      const extra = (payload.candidates ?? []).map(toHalves);
      const ranked = dist.length === 0 ? 0 : (dist[dist.length - 1]?.atOrAbove ?? 0);
      return {
        roundId: round.id,
        quotaMode: round.quotaMode,
        ranked,
        belowQualifying: ranked - dist.filter((s) => s.halves >= qualifying).reduce((n, s) => n + s.count, 0),
        quota,
        tieRule: round.quotaMode === 'none' ? null : tieRuleView(rec.tieRule, rec.tieRuleSet),
        decision: decisionView(storedDecision(decision, qualifying)),
        ranking: dist.map((s) => ({
          total: formatHalves(s.halves),
          rank: s.rank,
          count: s.count,
          atOrAbove: s.atOrAbove,
        })),
        candidates: candidateLines(dist, decision.line, qualifying, 5, extra).map((c) => ({
          line: formatHalves(c.halves),
          admitted: c.admitted,
          atLine: c.atLine,
          overQuota: quota === null ? 0 : Math.max(0, c.admitted - quota),
        })),
        histogram: histogram(dist, width).map((b) => ({
          from: formatHalves(b.fromHalves),
          to: formatHalves(b.toHalves),
          count: b.count,
          label: `${formatHalves(b.fromHalves)}–${formatHalves(b.toHalves - 1)}`,
        })),
        tookMs: Date.now() - started,
      };
    },

    async 'settlement.line.publish'(payload, ctx): Promise<LinePublishRes> {
      const by = { actor: ctx.caller.openid, fn: ctx.fn, action: 'settlement.line.publish' };
      const stored = await ctx.store.getSettlementLine(payload.roundId);
      // An interrupted publication continues with the line fixed then; anything else starts (or is refused).
      if (stored?.status !== 'publishing') await startPublication(ctx.store, ctx.now, payload.roundId, by);
      const { line, done } = await continuePublication(ctx.store, ctx.deps.now, payload.roundId, by);
      const state = await loadRoundState(ctx.store, ctx.now);
      const round = requireRound(state.rounds, payload.roundId);
      return { ...lineView(round, line, lineCtx(round, line, beijingDate(ctx.now)), { openObjections: 0 }), done };
    },

    async 'objection.resolve'(payload, ctx): Promise<ObjectionResolveRes> {
      const o = await ctx.store.getObjection(payload.objectionId);
      if (!o) throw new AppError('NOT_FOUND', OBJECTION_NOT_FOUND);
      const [entry, line, settlement] = await Promise.all([
        ctx.store.getPublicityEntry(o.entryId),
        ctx.store.getSettlementLine(o.roundId),
        ctx.store.getSettlement(o.settlementId),
      ]);
      const event = payload.outcome === 'uphold' ? 'uphold' : 'dismiss';
      const status = transition(OBJECTION, o.status, event, 'admin', undefined);
      if (line?.status !== 'publicity') throw new AppError('CONFLICT', '该年度不在公示中，异议不能再处理');
      const at = ctx.now.toISOString();
      const resolution = {
        outcome: status as 'upheld' | 'dismissed',
        reason: payload.reason,
        by: ctx.caller.openid,
        at,
      };
      const next = { ...o, status, resolution, updatedAt: at };
      ctx.setTarget(`objection:${o.id}`);
      const remove = event === 'uphold' && entry?.status === 'listed' && settlement !== null;
      let notified = 0;
      if (remove && entry && settlement) {
        // Removed through the lifecycle (admitted → removed), the person told why; both conditional on the read.
        const removed = transition(SETTLEMENT, settlement.status, 'remove', 'admin', undefined);
        ctx.setActingFor(`person:${settlement.personKey}`);
        const messages = removalMessages(settlement, payload.reason, at);
        await ctx.store.putObjection(next, asRead(o));
        await ctx.store.putSettlement(
          { ...settlement, status: removed, removedReason: payload.reason, updatedAt: at },
          asRead(settlement),
        );
        const removal = { reason: payload.reason, objectionId: o.id, by: ctx.caller.openid, at };
        await ctx.store.putPublicityEntry({ ...entry, status: 'removed', removal, updatedAt: at }, asRead(entry));
        for (const m of messages) await ctx.store.appendOutbox(m);
        await ctx.store.putSettlementLine({ ...line, removed: (line.removed ?? 0) + 1, updatedAt: at }, asRead(line));
        notified = messages.length;
      } else {
        await ctx.store.putObjection(next, asRead(o));
      }
      const after = remove && entry ? { ...entry, status: 'removed' as const } : entry;
      return { objection: objectionView(next, after), removed: remove, notified };
    },
  };
}
