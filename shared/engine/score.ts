/**
 * score(profile, policy, round): the exact, explained score sheet. Order of work: cross-indicator decisions
 * (same-matter honours, G6 incidents) → each indicator's scorer → caps → exclusive groups (G5, housing) → total,
 * veto and G1 → hints, whose gains are computed by re-running the caps and groups, so a hint never promises points
 * that an exclusive group or a cap would take away.
 */
import type { Indicator, PolicyVersion } from '../policy/schema';
import type { ISODate } from '../dates';
import { parseIdCard } from '../identity';
import type { Profile } from '../profile/schema';
import { windowReason } from './facts';
import { formatHalves, formatSignedHalves, toHalves, type Halves } from './points';
import { REASON_TEXT, type ReasonCode } from './reasons';
import {
  reachStep,
  RECORD_LABELS,
  scorerOf,
  type AnyScorer,
  windowDetail,
  type RawHint,
  type RuleContext,
  type RuleResult,
} from './rules';
import type { FactNote, Hint, ScoreSheet, ScoringRound, SheetLine, Verdict } from './types';

function birthDateOf(profile: Profile): ISODate {
  if (profile.person.birthDate) return profile.person.birthDate;
  const id = profile.person.idNumber ? parseIdCard(profile.person.idNumber) : null;
  if (id && id.ok) return id.value.birthDate;
  // parseProfile guarantees one of the two; a caller that skipped it gets a clear error rather than a wrong age.
  throw new TypeError('申报信息缺少出生日期或有效身份证号码');
}

function windowText(reason: ReasonCode, round: ScoringRound): string {
  const detail = reason === 'AFTER_CUTOFF' ? `截止日 ${round.cutoff}` : windowDetail(round);
  return `${REASON_TEXT[reason]}：${detail}`;
}

/** Rejections by fact index; the one empty table, shared, when a profile has nothing to reject (scorers only read). */
type Rejections = ReadonlyMap<number, { reason: ReasonCode; text: string }>;
const NO_REJECTIONS: Rejections = new Map();

type HonourCandidate = { i: number; level: string; value: Halves; cap: Halves | null };

/** Why an honour does not count on its level's line whatever else was declared (no line, window, place), or null. */
function honourRejection(
  h: Profile['honours'][number],
  ind: Extract<Indicator, { rule: 'honour' }> | undefined,
  round: ScoringRound,
): { reason: ReasonCode; text: string } | null {
  if (!ind) return { reason: 'NOT_IN_POLICY', text: REASON_TEXT.NOT_IN_POLICY };
  const w = windowReason(h.awardedOn, ind.window, round);
  if (w) return { reason: w, text: windowText(w, round) };
  if (!h.inHangzhou) return { reason: 'NOT_IN_HANGZHOU', text: REASON_TEXT.NOT_IN_HANGZHOU };
  return null;
}

/** Same-matter honours: per matter, only the highest-valued eligible honour counts (P1–P4). */
function honourRejections(profile: Profile, policy: PolicyVersion, round: ScoringRound): Rejections {
  if (profile.honours.length === 0) return NO_REJECTIONS;
  const out = new Map<number, { reason: ReasonCode; text: string }>();
  const byLevel = planOf(policy).honourByLevel;
  const byMatter = new Map<string, HonourMatter>();
  const honours = profile.honours;
  for (let i = 0; i < honours.length; i++) {
    const h = honours[i];
    const ind = byLevel.get(h.level);
    const rejected = honourRejection(h, ind, round);
    if (rejected || !ind) {
      if (rejected) out.set(i, rejected);
      continue;
    }
    const key = h.matter.trim();
    const value = toHalves(ind.params.pointsEach);
    const c = { i, level: h.level, value, cap: ind.cap === null ? null : toHalves(ind.cap) };
    const m = byMatter.get(key);
    if (m) {
      m.cands.push(c);
      if (value > m.best) m.best = value;
    } else byMatter.set(key, { key, best: value, cands: [c] });
  }
  settleMatters([...byMatter.values()], out);
  return out;
}

/** The eligible honours declared for one matter, with the highest value among them. */
type HonourMatter = { key: string; best: Halves; cands: HonourCandidate[] };

/**
 * One honour per matter: the one that adds most given what each level's cap still has room for, so that declaring
 * another honour never lowers the total (a national honour whose level is full yields to a provincial one).
 * Matters are settled best-first; ties go to the higher-valued, then the earlier honour. The others go to `out`.
 */
function settleMatters(matters: HonourMatter[], out: Map<number, { reason: ReasonCode; text: string }>): void {
  const used = new Map<string, Halves>();
  if (matters.length > 1) matters.sort((x, y) => y.best - x.best);
  const effective = (c: HonourCandidate) =>
    c.cap === null ? c.value : Math.max(0, Math.min(c.value, c.cap - (used.get(c.level) ?? 0)));
  for (const { key, cands } of matters) {
    let best = cands[0];
    for (const c of cands) {
      const d = effective(c) - effective(best);
      if (d > 0 || (d === 0 && c.value > best.value)) best = c;
    }
    used.set(best.level, (used.get(best.level) ?? 0) + best.value);
    for (const c of cands)
      if (c !== best) out.set(c.i, { reason: 'SAME_MATTER', text: `${REASON_TEXT.SAME_MATTER}（事项“${key}”）` });
  }
}

/** G6: per incident, only the largest deduction applies; records outside the window never deduct. */
function recordRejections(profile: Profile, policy: PolicyVersion, round: ScoringRound): Rejections {
  if (profile.records.length === 0) return NO_REJECTIONS;
  const out = new Map<number, { reason: ReasonCode; text: string }>();
  const byKind = planOf(policy).deductionByRecord;
  const largest = new Map<string, { i: number; value: number }>();
  profile.records.forEach((r, i) => {
    const ind = byKind.get(r.kind);
    if (!ind) return; // reported as unassigned
    const w = windowReason(r.date, ind.window, round);
    if (w) return void out.set(i, { reason: w, text: windowText(w, round) });
    if (!r.incident) return;
    const prev = largest.get(r.incident);
    const value = ind.params.pointsEach;
    const text = `${REASON_TEXT.ABSORBED_BY_LARGER}（事件 ${r.incident}）`;
    if (!prev || value > prev.value) {
      if (prev) out.set(prev.i, { reason: 'ABSORBED_BY_LARGER', text });
      largest.set(r.incident, { i, value });
    } else out.set(i, { reason: 'ABSORBED_BY_LARGER', text });
  });
  return out;
}

/** Facts that no indicator of this version scores (a record kind the version deleted). */
function unassignedFacts(profile: Profile, policy: PolicyVersion): FactNote[] {
  if (profile.records.length === 0 && profile.honours.length === 0) return [];
  const plan = planOf(policy);
  const out: FactNote[] = [];
  profile.records.forEach((r, i) => {
    if (!plan.deductionByRecord.has(r.kind))
      out.push({
        ref: `records.${i}`,
        label: `${RECORD_LABELS[r.kind]}（${r.date}）`,
        reason: 'NOT_IN_POLICY',
        reasonText: `《${policy.name}》没有此项指标，不扣分`,
      });
  });
  // An honour whose level has no line in this version would otherwise vanish from the sheet.
  profile.honours.forEach((h, i) => {
    if (!plan.honourByLevel.has(h.level))
      out.push({
        ref: `honours.${i}`,
        label: `${h.title}（${h.awardedOn}）`,
        reason: 'NOT_IN_POLICY',
        reasonText: `《${policy.name}》没有此级别的表彰指标，不计分`,
      });
  });
  return out;
}

/** Per-policy data for settling, computed once per policy object (policies are immutable once parsed). */
interface SettlePlan {
  caps: (Halves | null)[];
  groups: { index: number; members: number[] }[];
  /** Line index → the exclusive group it belongs to, if any. */
  memberOf: ({ index: number; members: number[] } | null)[];
  /** Caps printed, per line. */
  capText: (string | null)[];
  offences: Map<string, string>;
  honourByLevel: Map<string, Extract<Indicator, { rule: 'honour' }>>;
  deductionByRecord: Map<string, Extract<Indicator, { rule: 'deduction' }>>;
  /** Each line's fields that come from the indicator alone, in one object shape for every line. */
  fixed: LineFixed[];
  /** Each line's {@link EFFORT_TIER}; null for deductions, which give no hints. */
  tiers: (number | null)[];
  /** Each line's scorer. */
  scorers: AnyScorer[];
  /** The indicator ids, in order. */
  ids: readonly string[];
}

/** The part of a sheet line that only the indicator decides. */
interface LineFixed {
  id: string;
  name: string;
  category: Indicator['category'];
  rule: Indicator['rule'];
  confidence: Indicator['confidence'];
  capConfidence: Indicator['capConfidence'];
  department: string;
  departmentConfidence: Indicator['departmentConfidence'];
  source: string;
  decision: Indicator['decision'];
}
const plans = new WeakMap<PolicyVersion, SettlePlan>();
function planOf(policy: PolicyVersion): SettlePlan {
  let plan = plans.get(policy);
  if (!plan) {
    const inds = policy.indicators;
    const groups = policy.exclusiveGroups.map((g, index) => ({
      index,
      members: g.ids.map((id) => inds.findIndex((i) => i.id === id)).filter((k) => k >= 0),
    }));
    const memberOf: SettlePlan['memberOf'] = inds.map(() => null);
    for (const g of groups) for (const k of g.members) memberOf[k] = g;
    const honourByLevel = new Map<string, Extract<Indicator, { rule: 'honour' }>>();
    const deductionByRecord = new Map<string, Extract<Indicator, { rule: 'deduction' }>>();
    for (const ind of inds) {
      if (ind.rule === 'honour') honourByLevel.set(ind.params.level, ind);
      if (ind.rule === 'deduction') deductionByRecord.set(ind.params.record, ind);
    }
    const caps = inds.map((i) => (i.cap === null ? null : toHalves(i.cap)));
    plan = {
      caps,
      capText: caps.map((c) => (c === null ? null : formatHalves(c))),
      offences: new Map(policy.veto.offences.map((o) => [o.code, o.label])),
      groups,
      memberOf,
      honourByLevel,
      deductionByRecord,
      fixed: inds.map((i) => ({
        id: i.id,
        name: i.name,
        category: i.category,
        rule: i.rule,
        confidence: i.confidence,
        capConfidence: i.capConfidence,
        department: i.department,
        departmentConfidence: i.departmentConfidence,
        source: i.source,
        decision: i.decision,
      })),
      tiers: inds.map((i) => (i.category === 'deduction' ? null : EFFORT_TIER[i.rule])),
      scorers: inds.map(scorerOf),
      ids: Object.freeze(inds.map((i) => i.id)),
    };
    plans.set(policy, plan);
  }
  return plan;
}

/** Applies caps and exclusive groups to raw points; returns each line's final points and who excluded whom. */
function settle(
  policy: PolicyVersion,
  raw: readonly Halves[],
): { halves: Halves[]; excludedBy: (number | null)[]; groupOf: (number | null)[] } {
  const plan = planOf(policy);
  const n = raw.length;
  const halves = new Array<Halves>(n);
  const excludedBy = new Array<number | null>(n).fill(null);
  const groupOf = new Array<number | null>(n).fill(null);
  for (let k = 0; k < n; k++) {
    const cap = plan.caps[k];
    halves[k] = cap === null ? raw[k] : Math.min(raw[k], cap);
  }
  for (const g of plan.groups) {
    let winner = g.members[0];
    for (const k of g.members) if (halves[k] > halves[winner]) winner = k;
    for (const k of g.members) {
      if (k !== winner && halves[k] !== 0) {
        excludedBy[k] = winner;
        groupOf[k] = g.index;
        halves[k] = 0;
      }
    }
  }
  return { halves, excludedBy, groupOf };
}

function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

/**
 * What scoring decides before a sheet is assembled: each line's scorer result and settled points, the total, the
 * veto, the notices, the hints. {@link score} assembles the full sheet from it; the wire form of `simulate`
 * (shared/contracts/sheet-wire.ts, compactScore) makes its compact lines from the same decisions, without the full
 * lines. For those two only: the arrays are the engine's own, not copies.
 */
export interface ScoreDecisions {
  policy: PolicyVersion;
  round: ScoringRound;
  /** Each line's scorer result, in the policy's indicator order. */
  results: RuleResult[];
  /** Each line's points after caps and exclusive groups. */
  halves: Halves[];
  /** Each line's winner (the line index) when an exclusive group gave its points away. */
  excludedBy: (number | null)[];
  /** The exclusive group (index in the policy) that did so. */
  groupOf: (number | null)[];
  /** The indicator ids, in order (the lines' `id`). */
  ids: readonly string[];
  totalHalves: Halves;
  qualifyingHalves: Halves;
  verdict: Verdict;
  reachesQualifying: boolean;
  veto: ScoreSheet['veto'];
  unassigned: FactNote[];
  notices: string[];
  /** The hints, with their texts when asked for (`hintTexts`): the wire form derives them from action and gain. */
  hints: DecidedHint[];
  hintTexts: boolean;
}

/** A hint as decided; its `text` is there only when the decisions were asked for texts. */
export type DecidedHint = Omit<Hint, 'text'> & { text?: string };

/**
 * Scores a validated profile, up to the sheet's assembly (see {@link ScoreDecisions}; {@link score} is the API).
 * `hintTexts` false leaves each hint's text out (`action`, a space and the signed gain: what the wire form derives).
 */
export function decideScore(
  profile: Profile,
  policy: PolicyVersion,
  round: ScoringRound,
  hintTexts = true,
): ScoreDecisions {
  const ctx: RuleContext = {
    profile,
    policy,
    round,
    birthDate: birthDateOf(profile),
    honourRejections: honourRejections(profile, policy, round),
    recordRejections: recordRejections(profile, policy, round),
  };
  const plan = planOf(policy);
  const inds = policy.indicators;
  const n = inds.length;
  const results = new Array<RuleResult>(n);
  const raw = new Array<Halves>(n);
  for (let k = 0; k < n; k++) {
    const r = plan.scorers[k](inds[k], ctx);
    results[k] = r;
    raw[k] = r.rawHalves;
  }
  const settled = settle(policy, raw);
  const totalHalves = sum(settled.halves);
  const qualifyingHalves = toHalves(policy.qualifyingScore);

  const offences = plan.offences;
  const vetoReasons: string[] = [];
  const notices: string[] = [];
  for (const v of profile.vetoFacts) {
    const label = offences.get(v.kind);
    if (label) vetoReasons.push(label);
    else notices.push(`未知的一票否决情形代码“${v.kind}”，请核对`);
  }
  for (let k = 0; k < n; k++) {
    for (const note of results[k].notCounted)
      if (note.reason === 'UNKNOWN_VALUE') {
        notices.push(`${plan.fixed[k].id} ${plan.fixed[k].name}：部分等级分值未公开，暂计 0 分`);
        break;
      }
  }

  const vetoed = vetoReasons.length > 0;
  return {
    policy,
    round,
    results,
    halves: settled.halves,
    excludedBy: settled.excludedBy,
    groupOf: settled.groupOf,
    ids: plan.ids,
    totalHalves,
    qualifyingHalves,
    verdict: verdictOf(vetoReasons, totalHalves, qualifyingHalves),
    reachesQualifying: !vetoed && totalHalves >= qualifyingHalves,
    veto: { vetoed, reasons: vetoReasons },
    unassigned: unassignedFacts(profile, policy),
    notices,
    // No points change a veto: raising the score is no advice to give.
    hints: vetoed ? [] : hintsOf(policy, results, raw, qualifyingHalves - totalHalves, hintTexts),
    hintTexts,
  };
}

/**
 * Scores a validated profile under a policy version for a round. Pure and deterministic: the same inputs always
 * give the same sheet. Validate input with `parseProfile` first.
 */
export function score(profile: Profile, policy: PolicyVersion, round: ScoringRound): ScoreSheet {
  return assembleSheet(decideScore(profile, policy, round));
}

/** The full sheet of a scoring's decisions (made with hint texts). */
function assembleSheet(d: ScoreDecisions): ScoreSheet {
  if (!d.hintTexts) throw new Error('assembleSheet: the decisions were made without hint texts');
  const { policy, round, results } = d;
  const plan = planOf(policy);
  const n = results.length;
  const lines = new Array<SheetLine>(n);
  for (let k = 0; k < n; k++) {
    const ind = plan.fixed[k];
    const r = results[k];
    const capHalves = plan.caps[k];
    const ex = d.excludedBy[k];
    const g = d.groupOf[k];
    const halves = d.halves[k];
    // Every line has the same fields in the same order (optional ones undefined, dropped by JSON): one object shape
    // keeps the engine fast.
    const grp = ex !== null && g !== null ? policy.exclusiveGroups[g] : null;
    lines[k] = {
      id: ind.id,
      name: ind.name,
      category: ind.category,
      rule: ind.rule,
      halves,
      points: formatHalves(halves),
      rawHalves: r.rawHalves,
      capHalves,
      cap: plan.capText[k],
      capReached: capHalves !== null && r.rawHalves >= capHalves,
      excludedBy:
        grp && ex !== null ? { id: plan.fixed[ex].id, rule: grp.rule, description: grp.description } : undefined,
      confidence: ind.confidence,
      capConfidence: ind.capConfidence,
      department: ind.department,
      departmentConfidence: ind.departmentConfidence,
      source: ind.source,
      decision: ind.decision,
      counted: r.counted,
      notCounted: r.notCounted,
      unscoredReason: r.unscoredReason,
    };
  }
  return {
    policyVersion: policy.id,
    policyName: policy.name,
    roundId: round.id,
    cutoff: round.cutoff,
    fiveYearWindow: round.fiveYearWindow,
    lines,
    totalHalves: d.totalHalves,
    total: formatHalves(d.totalHalves),
    qualifyingHalves: d.qualifyingHalves,
    verdict: d.verdict,
    reachesQualifying: d.reachesQualifying,
    veto: d.veto,
    unassigned: d.unassigned,
    notices: d.notices,
    hints: d.hints as Hint[],
  };
}

/** The verdict, the veto first: a vetoed case never reads as reaching the qualifying score. */
function verdictOf(vetoReasons: readonly string[], total: Halves, qualifying: Halves): Verdict {
  if (vetoReasons.length) return { kind: 'vetoed', text: `一票否决（${vetoReasons.join('、')}）：不能申请积分落户` };
  if (total >= qualifying) return { kind: 'qualifies', text: `已达到 ${formatHalves(qualifying)} 分准申请分值` };
  return {
    kind: 'below',
    text: `未达到 ${formatHalves(qualifying)} 分准申请分值，还差 ${formatHalves(qualifying - total)} 分`,
  };
}

/**
 * How much a kind of step asks of a person, for ordering hints: 1 time passing in what they already do (社保, 居住,
 * 租住), 2 a choice they can make soon (志愿服务, 献血, 捐赠), 3 a long undertaking (学历, 职称, 住房), 4 others decide
 * (表彰, 专利, 造血干细胞配型).
 */
const EFFORT_TIER: Record<Indicator['rule'], number> = {
  socialInsurance: 1,
  residence: 1,
  rental: 1,
  volunteer: 2,
  blood: 2,
  charity: 2,
  education: 3,
  titleSkill: 3,
  ownedHome: 3,
  honour: 4,
  patent: 4,
  marrow: 4,
  age: 5,
  deduction: 5,
  unscored: 5,
};

/**
 * The hints, "realistic soonest" first: the steps that alone reach the qualifying score before those that do not;
 * then by how much the kind of step asks of the person ({@link EFFORT_TIER}: continuing to pay social insurance
 * comes before a blood donation, which comes before a degree); then by the estimated days to complete it; then the
 * larger gain. On each line the smallest step that reaches the score is offered beside the smallest step that adds
 * points, and a bigger step that reaches it no sooner is dropped (at 99.5: one month of 社保 +0.5, not two +1).
 */
function hintsOf(
  policy: PolicyVersion,
  results: readonly RuleResult[],
  raw: readonly Halves[],
  shortfall: Halves,
  withText: boolean,
): DecidedHint[] {
  const plan = planOf(policy);
  // Hints in the order found, with their sort keys beside them (the order found breaks ties).
  const hints: DecidedHint[] = [];
  const tiers: number[] = [];
  const days: number[] = [];
  for (let k = 0; k < results.length; k++) {
    const tier = plan.tiers[k];
    if (tier === null) continue;
    const r = results[k];
    const ind = plan.fixed[k];
    const step = shortfall > 0 && r.reach ? reachStep(r.reach, shortfall) : null;
    const reachGain = step ? gainOf(plan, raw, k, step) : 0;
    const reachOk = step !== null && reachGain >= shortfall;
    if (step && reachOk) {
      hints.push(hintOf(ind, step, reachGain, shortfall, withText));
      tiers.push(tier);
      days.push(step.days);
    }
    for (const h of r.hints) {
      const gain = gainOf(plan, raw, k, h);
      if (gain > 0 && !(reachOk && gain >= shortfall)) {
        hints.push(hintOf(ind, h, gain, shortfall, withText));
        tiers.push(tier);
        days.push(h.days);
      }
    }
  }
  sortHints(hints, tiers, days);
  return hints;
}

/**
 * Sorts hints in place with their keys: reaching the score first, then the effort tier, the days, the larger gain;
 * ties keep the order found. A stable insertion sort: a sheet has a few dozen hints at most.
 */
function sortHints(hints: DecidedHint[], tiers: number[], days: number[]): void {
  for (let i = 1; i < hints.length; i++) {
    const h = hints[i];
    const t = tiers[i];
    const d = days[i];
    let j = i - 1;
    while (j >= 0 && hintBefore(h, t, d, hints[j], tiers[j], days[j])) {
      hints[j + 1] = hints[j];
      tiers[j + 1] = tiers[j];
      days[j + 1] = days[j];
      j--;
    }
    hints[j + 1] = h;
    tiers[j + 1] = t;
    days[j + 1] = d;
  }
}

/** Whether hint `a` (with its tier and days) strictly comes before hint `b`. */
function hintBefore(a: DecidedHint, at: number, ad: number, b: DecidedHint, bt: number, bd: number): boolean {
  const c =
    Number(b.reachesQualifying) - Number(a.reachesQualifying) || at - bt || ad - bd || b.gainHalves - a.gainHalves;
  return c < 0;
}

/** A hint's text: its action, a space and its signed gain (`再献血 200 毫升 +1`); the wire form derives it so. */
export function hintText(action: string, gainHalves: Halves): string {
  return `${action} ${formatSignedHalves(gainHalves)}`;
}

function hintOf(ind: LineFixed, h: RawHint, gain: Halves, shortfall: Halves, withText: boolean): DecidedHint {
  const reachesQualifying = shortfall > 0 && gain >= shortfall;
  // Without its text, the very object compactSheet makes of the hint (its other fields, in this order).
  if (!withText) return { indicatorId: ind.id, action: h.action, gainHalves: gain, reachesQualifying };
  return {
    indicatorId: ind.id,
    action: h.action,
    gainHalves: gain,
    reachesQualifying,
    text: hintText(h.action, gain),
  };
}

/**
 * The effective gain on the total if line k's raw points rose by the hint's raw gain: the cap applies, and inside an
 * exclusive group only the group's best line counts, so the gain is the rise of the group's best.
 */
function gainOf(plan: SettlePlan, raw: readonly Halves[], k: number, h: RawHint): Halves {
  const cap = plan.caps[k];
  const before = cap === null ? raw[k] : Math.min(raw[k], cap);
  const after = cap === null ? raw[k] + h.rawGain : Math.min(raw[k] + h.rawGain, cap);
  const g = plan.memberOf[k];
  if (!g) return after - before;
  let others = 0;
  for (const m of g.members) {
    if (m === k) continue;
    const c = plan.caps[m];
    others = Math.max(others, c === null ? raw[m] : Math.min(raw[m], c));
  }
  return Math.max(after, others) - Math.max(before, others);
}
