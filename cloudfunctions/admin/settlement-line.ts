/**
 * 落户分数线、公示与异议 — the administrator's side: the round's quota and tie rule, the publicity length, the line
 * preview (ranking, implied line, candidate lines, histogram), publishing the line (final, audited, every verified
 * settlement moved to admitted / notAdmitted through the lifecycle in conditional batches), and objections. The line
 * is computed by shared/settlement; states change only through SETTLEMENT_LINE, OBJECTION and SETTLEMENT.
 */
import {
  SETTLEMENT_LINE_ACTIONS,
  type LineRes,
  type ObjectionListRes,
  type SettlementLineApi,
} from '../../shared/contracts';
import { beijingDate } from '../../shared/dates';
import { SETTLEMENT_LINE, transition } from '../../shared/lifecycle';
import { loadRoundState } from '../_core/cases';
import { asRead } from '../_core/cases/decide';
import { lineCtx, lineOrDefault, lineView, objectionView, requireRound } from '../_core/publicity';
import type { Ctx, Handlers } from '../_core/runtime';
import type { SettlementLineRecord, StoreReader } from '../_core/store/types';

type Actions = typeof SETTLEMENT_LINE_ACTIONS;

/** A round's line and the round, as read (defaults when nothing was set). */
async function readLine(
  store: StoreReader,
  now: Date,
  roundId: string,
): Promise<{ round: ReturnType<typeof requireRound>; stored: SettlementLineRecord | null; rec: SettlementLineRecord }> {
  const state = await loadRoundState(store, now);
  const round = requireRound(state.rounds, roundId);
  const stored = await store.getSettlementLine(roundId);
  return { round, stored, rec: lineOrDefault(roundId, stored, now.toISOString()) };
}

/** Open objections of a published round (none before). */
async function openObjections(store: StoreReader, rec: SettlementLineRecord): Promise<number | undefined> {
  if (rec.status === 'open') return undefined;
  let count = 0;
  let after: string | undefined;
  do {
    const page = await store.listObjections({
      roundId: rec.roundId,
      status: 'open',
      limit: 500,
      ...(after ? { after } : {}),
    });
    count += page.objections.length;
    after = page.next;
  } while (after);
  return count;
}

/** Writes a changed line: conditionally on the record as read, or created when there was none. */
async function writeLine(
  ctx: Pick<Ctx<Actions['settlement.quota.set']>, 'store' | 'setTarget'>,
  stored: SettlementLineRecord | null,
  next: SettlementLineRecord,
): Promise<void> {
  ctx.setTarget(`settlement-line:${next.roundId}`);
  if (stored) await ctx.store.putSettlementLine(next, asRead(stored));
  else await ctx.store.putSettlementLine(next);
}

/** Reading and setting a round's line before publication, and the objections (preview, publish, resolve: settlement-publish.ts). */
export function lineHandlers(): Pick<
  Handlers<Actions, SettlementLineApi>,
  'settlement.line.get' | 'settlement.quota.set' | 'settlement.publicity.set' | 'objection.list'
> {
  return {
    async 'settlement.line.get'(payload, ctx): Promise<LineRes> {
      const { round, rec } = await readLine(ctx.store, ctx.now, payload.roundId);
      const today = beijingDate(ctx.now);
      const open = await openObjections(ctx.store, rec);
      const view = lineView(round, rec, lineCtx(round, rec, today), open === undefined ? {} : { openObjections: open });
      if (rec.status !== 'open') view.listed = await ctx.store.countPublicityEntries(rec.roundId, 'listed');
      return view;
    },

    async 'settlement.quota.set'(payload, ctx): Promise<LineRes> {
      const { round, stored, rec } = await readLine(ctx.store, ctx.now, payload.roundId);
      const today = beijingDate(ctx.now);
      transition(SETTLEMENT_LINE, rec.status, 'setQuota', 'admin', lineCtx(round, rec, today));
      const at = ctx.now.toISOString();
      const set = { by: 'admin' as const, actor: ctx.caller.openid, at };
      const next: SettlementLineRecord = { ...rec, quota: payload.quota, quotaSet: set, updatedAt: at };
      if (payload.tieRule !== undefined) Object.assign(next, { tieRule: payload.tieRule, tieRuleSet: set });
      await writeLine(ctx, stored, next);
      return lineView(round, next, lineCtx(round, next, today));
    },

    async 'settlement.publicity.set'(payload, ctx): Promise<LineRes> {
      const { round, stored, rec } = await readLine(ctx.store, ctx.now, payload.roundId);
      const today = beijingDate(ctx.now);
      transition(SETTLEMENT_LINE, rec.status, 'setPublicity', 'admin', lineCtx(round, rec, today));
      const at = ctx.now.toISOString();
      const next: SettlementLineRecord = {
        ...rec,
        publicityWorkingDays: payload.workingDays,
        publicitySet: { by: 'admin', actor: ctx.caller.openid, at },
        updatedAt: at,
      };
      await writeLine(ctx, stored, next);
      return lineView(round, next, lineCtx(round, next, today));
    },

    async 'objection.list'(payload, ctx): Promise<ObjectionListRes> {
      const query = { roundId: payload.roundId, limit: payload.limit };
      const page = await ctx.store.listObjections({
        ...query,
        ...(payload.status ? { status: payload.status } : {}),
        ...(payload.after ? { after: payload.after } : {}),
      });
      const entries = await Promise.all(page.objections.map((o) => ctx.store.getPublicityEntry(o.entryId)));
      // The objector's contact is personal data administrators read: each read is audited.
      for (const o of page.objections) ctx.noteRead(o.submittedBy ?? `objection:${o.id}`, `objection:${o.id}`);
      const res: ObjectionListRes = { objections: page.objections.map((o, i) => objectionView(o, entries[i] ?? null)) };
      if (page.next) res.next = page.next;
      return res;
    },
  };
}
