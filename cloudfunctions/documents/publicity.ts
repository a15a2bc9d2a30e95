/**
 * 公示名单 and 公示异议, public (no login): the admitted list of a round — masked name, masked ID number, district,
 * total — with its line and publicity window, and anyone's objection to one person on it, with a contact. Hosted by
 * the documents function beside `voucher.verify`: both are what anyone may check without an account, and neither
 * loads the renderer. Objections are limited per caller (rate-limit.ts) on top of the runtime's limit of public calls,
 * and their text passes the text security check when the caller has an openid to check it for.
 */
import type { ObjectionSubmitRes, PublicityListRes } from '../../shared/contracts';
import { beijingDate, formatChineseDate } from '../../shared/dates';
import { OBJECTION, SETTLEMENT_LINE } from '../../shared/lifecycle';
import { inPublicity, TIE_RULES } from '../../shared/settlement';
import { loadRoundState } from '../_core/cases';
import { checkTexts } from '../_core/content-check';
import { decisionSummary, entryView } from '../_core/publicity';
import { MinuteCounter } from '../_core/rate-limit';
import { AppError, type Ctx } from '../_core/runtime';
import type { ObjectionRecord, SettlementLineRecord, StoreReader } from '../_core/store/types';
import type { PUBLICITY_ACTIONS } from '../../shared/contracts';

/** Objections one caller may send per minute (per function instance): a person writes one, a script hundreds. */
export const OBJECTIONS_PER_MINUTE = 3;

/** The message of a refused objection over the limit. */
export const OBJECTION_RATE_MESSAGE = '提交异议过于频繁，请一分钟后再试';

/** The answer for a list entry that does not exist (or is not on this round's list). */
export const ENTRY_NOT_FOUND = '公示名单中没有这一条，请刷新名单后重试';

type ListCtx = Ctx<(typeof PUBLICITY_ACTIONS)['publicity.list']>;
type SubmitCtx = Ctx<(typeof PUBLICITY_ACTIONS)['objection.submit']>;

/** The line record a public caller may read: published (publicity or closed). Never an unpublished round's. */
async function publishedLine(store: StoreReader, roundId?: string): Promise<SettlementLineRecord | null> {
  if (roundId !== undefined) {
    const rec = await store.getSettlementLine(roundId);
    return rec && (rec.status === 'publicity' || rec.status === 'closed') ? rec : null;
  }
  const lines = [
    ...(await store.listSettlementLinesByStatus('publicity')),
    ...(await store.listSettlementLinesByStatus('closed')),
  ];
  return lines.sort((a, b) => (a.roundId < b.roundId ? 1 : -1))[0] ?? null;
}

/** `publicity.list`: a page of the published admitted list of a round (the latest when none is named). */
export async function listPublicity(
  payload: { roundId?: string | undefined; after?: string | undefined; limit: number },
  ctx: ListCtx,
): Promise<PublicityListRes> {
  const rec = await publishedLine(ctx.store, payload.roundId);
  if (!rec || !rec.publicity || !rec.decision) return { round: null, total: 0, entries: [] };
  const state = await loadRoundState(ctx.store, ctx.now);
  const round = state.rounds.find((r) => r.id === rec.roundId);
  const query = { roundId: rec.roundId, status: 'listed' as const, limit: payload.limit };
  const page = await ctx.store.listPublicityEntries(
    payload.after === undefined ? query : { ...query, after: payload.after },
  );
  // Kept on the line as it changes (publication, removals): no count over the whole list for every page.
  const total = (rec.moved?.admitted ?? 0) - (rec.removed ?? 0);
  const res: PublicityListRes = {
    round: { id: rec.roundId, name: round?.name ?? `${rec.roundId} 年度`, quotaMode: rec.decision.mode },
    status: rec.status,
    statusLabel: SETTLEMENT_LINE.states[rec.status].label,
    line: rec.decision.line,
    summary: decisionSummary(rec.decision),
    publicity: {
      from: rec.publicity.from,
      to: rec.publicity.to,
      workingDays: rec.publicity.workingDays,
      objectionsOpen: rec.status === 'publicity' && inPublicity(rec.publicity, state.today),
    },
    total,
    entries: page.entries.map(entryView),
  };
  if (rec.decision.tieRule) res.tieRule = { ...TIE_RULES[rec.decision.tieRule] };
  if (page.next) res.next = page.next;
  return res;
}

/** Refuses an objection outside the publicity window of a published round. */
function assertReceiving(rec: SettlementLineRecord | null, today: string): asserts rec is SettlementLineRecord {
  if (!rec || !rec.publicity) throw new AppError('NOT_FOUND', '该年度的落户名单尚未公示');
  const w = rec.publicity;
  if (rec.status !== 'publicity' || !inPublicity(w, today)) {
    throw new AppError(
      'FORBIDDEN',
      `公示期为${formatChineseDate(w.from)}至${formatChineseDate(w.to)}，只在公示期内受理异议`,
    );
  }
}

/** Makes a per-caller limiter of objections (one per function instance). */
export function objectionLimiter(perMinute = OBJECTIONS_PER_MINUTE): (key: string, at: Date) => boolean {
  const counter = new MinuteCounter(perMinute);
  return (key, at) => counter.take(key, at.toISOString().slice(0, 16));
}

/** `objection.submit`: records an objection to one listed person, during publicity, with a contact. */
export async function submitObjection(
  payload: { roundId: string; entryId: string; reason: string; contact: string; contactName?: string | undefined },
  ctx: SubmitCtx,
  allow: (key: string, at: Date) => boolean,
): Promise<ObjectionSubmitRes> {
  if (!allow(ctx.callerKey, ctx.now)) throw new AppError('RATE_LIMITED', OBJECTION_RATE_MESSAGE);
  const today = beijingDate(ctx.now);
  const rec = await ctx.store.getSettlementLine(payload.roundId);
  assertReceiving(rec, today);
  const entry = await ctx.store.getPublicityEntry(payload.entryId);
  if (!entry || entry.roundId !== payload.roundId) throw new AppError('NOT_FOUND', ENTRY_NOT_FOUND);
  if (entry.status !== 'listed') throw new AppError('CONFLICT', '该申请人已被取消准入，不在公示名单中');
  const openid = ctx.caller.openid;
  const texts = [{ path: 'reason', field: '异议内容', text: payload.reason }];
  if (payload.contactName) texts.push({ path: 'contactName', field: '姓名', text: payload.contactName });
  // The platform's check needs the openid of the writer; a caller without one is recorded as unchecked.
  const checkedBy = openid ? await checkTexts(ctx.deps.contentCheck, openid, texts) : 'unchecked';
  const at = ctx.now.toISOString();
  const objection: ObjectionRecord = {
    id: ctx.newId('ob'),
    roundId: payload.roundId,
    entryId: entry.id,
    settlementId: entry.settlementId,
    status: 'open',
    reason: payload.reason,
    contact: payload.contact,
    submittedBy: openid,
    checkedBy,
    submittedOn: today,
    submittedAt: at,
    createdAt: at,
    updatedAt: at,
  };
  if (payload.contactName) objection.contactName = payload.contactName;
  await ctx.store.putObjection(objection);
  ctx.setTarget(`objection:${objection.id}`);
  return {
    objectionId: objection.id,
    submittedAt: at,
    message: `异议已收到（${OBJECTION.states.open.label}）。管理员核实后会通过您留下的联系方式与您联系。`,
  };
}
