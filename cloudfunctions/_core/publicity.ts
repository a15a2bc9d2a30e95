/**
 * 落户分数线与公示, what the admin, documents and scheduler functions share: a round's line record with the rule
 * data's defaults, its views (administrators' and the public's), and the sentence that says how the line was set.
 * The line itself is computed by shared/settlement; states change only through SETTLEMENT_LINE and OBJECTION.
 */
import { districtName } from '../../shared/application/districts';
import type {
  LineDecisionView,
  LineRes,
  ObjectionView,
  PublicityEntryView,
  RuleView,
  TieRuleView,
} from '../../shared/contracts';
import { formatHalves, toHalves } from '../../shared/engine/points';
import { allowedEvents, OBJECTION, SETTLEMENT_LINE, type SettlementLineCtx } from '../../shared/lifecycle';
import type { Round } from '../../shared/rounds';
import { SETTLEMENT_DEFAULTS, TIE_RULES, type LineDecision, type TieRule } from '../../shared/settlement';
import { AppError } from './errors';
import type { ObjectionRecord, PublicityEntry, SetBy, SettlementLineRecord, StoredLineDecision } from './store/types';

/** The refusal for a round that does not exist. */
export const ROUND_NOT_FOUND = '没有这个年度';

/** The round's line record, or a fresh one with the rule data's defaults (not stored until something is set). */
export function lineOrDefault(roundId: string, rec: SettlementLineRecord | null, at: string): SettlementLineRecord {
  if (rec) return rec;
  const byDefault: SetBy = { by: 'default' };
  return {
    roundId,
    status: 'open',
    quota: null,
    tieRule: SETTLEMENT_DEFAULTS.tieRule.value,
    tieRuleSet: byDefault,
    publicityWorkingDays: SETTLEMENT_DEFAULTS.publicityWorkingDays.value,
    publicitySet: byDefault,
    createdAt: at,
    updatedAt: at,
  };
}

/** The round with this id, or NOT_FOUND. */
export function requireRound(rounds: readonly Round[], roundId: string): Round {
  const round = rounds.find((r) => r.id === roundId);
  if (!round) throw new AppError('NOT_FOUND', ROUND_NOT_FOUND);
  return round;
}

/** The tie rule as everyone is shown it, with its source when it is the default. */
export function tieRuleView(rule: TieRule, set: SetBy): TieRuleView {
  const d = SETTLEMENT_DEFAULTS.tieRule;
  const isDefault = set.by === 'default';
  return {
    value: rule,
    setBy: set.by,
    confidence: isDefault ? d.confidence : null,
    source: isDefault ? d.source : null,
    label: TIE_RULES[rule].label,
    text: TIE_RULES[rule].text,
  };
}

function publicityDaysView(rec: SettlementLineRecord): RuleView<number> {
  const d = SETTLEMENT_DEFAULTS.publicityWorkingDays;
  const isDefault = rec.publicitySet.by === 'default';
  return {
    value: rec.publicityWorkingDays,
    setBy: rec.publicitySet.by,
    confidence: isDefault ? d.confidence : null,
    source: isDefault ? d.source : null,
  };
}

/** A decision as stored: totals as people write them. */
export function storedDecision(d: LineDecision, qualifying: number): StoredLineDecision {
  return {
    mode: d.mode,
    line: d.line === null ? null : formatHalves(d.line),
    quota: d.quota,
    tieRule: d.tieRule,
    qualifying: formatHalves(qualifying),
    admitted: d.admitted,
    notAdmitted: d.notAdmitted,
    atLine: d.atLine,
    overQuota: d.overQuota,
    quotaFilled: d.quotaFilled,
    tiedOut: d.tiedOut,
  };
}

const n = (x: number): string => x.toLocaleString('en-US');

/** The one sentence that says how the line was set (shown to administrators and on the public list). */
export function decisionSummary(d: StoredLineDecision): string {
  if (d.mode === 'none') {
    return `本年度不设落户名额：积分达到 ${d.qualifying} 分的审核通过者全部准入，共 ${n(d.admitted)} 名`;
  }
  const quota = `名额 ${n(d.quota ?? 0)} 名`;
  if (d.line === d.qualifying && d.admitted <= (d.quota ?? 0)) {
    return `${quota}，积分达到 ${d.qualifying} 分的审核通过者 ${n(d.admitted)} 名全部准入，分数线为 ${d.qualifying} 分`;
  }
  const ties =
    d.overQuota > 0
      ? `，其中与分数线同分者 ${n(d.atLine)} 名全部准入，超出名额 ${n(d.overQuota)} 名`
      : d.tiedOut > 0
        ? `，原分数线上同分 ${n(d.tiedOut)} 名超出名额均不准入`
        : '';
  return `落户分数线 ${d.line ?? ''} 分（${quota}）：准入 ${n(d.admitted)} 名${ties}`;
}

/** The decision as a view (the summary included). */
export function decisionView(d: StoredLineDecision): LineDecisionView {
  const { tieRule: _rule, ...rest } = d;
  return { ...rest, summary: decisionSummary(d) };
}

/** What the line's guards see (the caller fills in what it counted). */
export function lineCtx(round: Round, rec: SettlementLineRecord, today: string, underReview = 0): SettlementLineCtx {
  const ctx: SettlementLineCtx = {
    today,
    quotaMode: round.quotaMode,
    quota: rec.quota,
    settlementTo: round.settlement.to,
    underReview,
  };
  if (rec.publicity) ctx.noticesOn = rec.publicity.noticesOn;
  return ctx;
}

/** Administrators' view of a round's line. */
export function lineView(
  round: Round,
  rec: SettlementLineRecord,
  ctx: SettlementLineCtx,
  extra: { openObjections?: number } = {},
): LineRes {
  const view: LineRes = {
    roundId: round.id,
    roundName: round.name,
    quotaMode: round.quotaMode,
    status: rec.status,
    statusLabel: SETTLEMENT_LINE.states[rec.status].label,
    quota: round.quotaMode === 'none' ? null : rec.quota,
    tieRule: tieRuleView(rec.tieRule, rec.tieRuleSet),
    publicityWorkingDays: publicityDaysView(rec),
    actions: allowedEvents(SETTLEMENT_LINE, rec.status, 'admin', ctx),
  };
  if (rec.decision) view.decision = decisionView(rec.decision);
  if (rec.publishedAt) view.publishedAt = rec.publishedAt;
  if (rec.publicity) view.publicity = rec.publicity;
  if (rec.moved) view.moved = rec.moved;
  if (extra.openObjections !== undefined) view.openObjections = extra.openObjections;
  return view;
}

/** One entry of the public list: masked name and ID number, district, total. */
export function entryView(e: PublicityEntry): PublicityEntryView {
  return {
    entryId: e.id,
    rank: e.rank,
    name: e.maskedName,
    idNumber: e.maskedIdNumber,
    district: e.district,
    districtName: districtName(e.district),
    total: e.total,
  };
}

/** An objection as administrators see it, with the entry it is about. */
export function objectionView(o: ObjectionRecord, entry: PublicityEntry | null): ObjectionView {
  const view: ObjectionView = {
    id: o.id,
    status: o.status,
    statusLabel: OBJECTION.states[o.status].label,
    entry: entry
      ? {
          id: entry.id,
          rank: entry.rank,
          maskedName: entry.maskedName,
          district: entry.district,
          districtName: districtName(entry.district),
          total: entry.total,
        }
      : { id: o.entryId, rank: 0, maskedName: '', district: 'xihu', districtName: '', total: '' },
    listed: entry?.status === 'listed',
    reason: o.reason,
    contact: o.contact,
    checkedBy: o.checkedBy,
    submittedAt: o.submittedAt,
    actions: allowedEvents(OBJECTION, o.status, 'admin', undefined),
  };
  if (o.contactName) view.contactName = o.contactName;
  if (o.resolution) view.resolution = o.resolution;
  return view;
}

/** The sort key of an entry: zero-padded rank, then the settlement id. */
export function entrySeq(rank: number, settlementId: string): string {
  return `${String(rank).padStart(7, '0')}:${settlementId}`;
}

/** The id of a settlement's entry on the list. */
export function entryIdOf(settlementId: string): string {
  return `pe_${settlementId}`;
}

/** A confirmed total (`140`, `104.5`) in half-points. */
export function totalHalves(total: string): number {
  return toHalves(Number(total));
}
