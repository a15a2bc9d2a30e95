/**
 * One scorer per rule kind. A scorer reads the indicator's parameters and the declared facts and says how many
 * half-points the facts earn before cap and exclusive groups, which facts counted, which did not and why, and what
 * would add points next. Scorers never look at a policy version id.
 */
import type { Indicator, PolicyVersion } from '../policy/schema';
import { ageOn, addDays, monthIndex, type ISODate } from '../dates';
import { RECORD_LABELS } from '../profile/enums';
import type { Profile } from '../profile/schema';
import { windowReason, pooledMonths } from './facts';
import { toHalves, type Halves } from './points';
import { REASON_TEXT, type ReasonCode } from './reasons';
import type { FactNote, ScoringRound } from './types';

/** A step that would raise this line's raw points. */
export interface RawHint {
  action: string;
  rawGain: Halves;
  /** Estimated calendar days an ordinary applicant needs to complete the step (orders the hints; never shown). */
  days: number;
}

/** What a scorer returns. */
export interface RuleResult {
  rawHalves: Halves;
  counted: FactNote[];
  notCounted: FactNote[];
  /** The smallest steps that add points on this line. */
  hints: readonly RawHint[];
  /** What gives the smallest step on this line that adds a number of raw half-points ({@link reachStep}). */
  reach?: Reach;
  unscoredReason?: string;
}

/**
 * The smallest step that adds at least a number of raw half-points, as data that {@link reachStep} reads once the
 * total is known. Data rather than a closure kept on the result: measured, an escaping closure per line made V8
 * pretenure the scorers' allocations, so that every scavenge kept recent sheets alive and collection tripled.
 */
export type Reach =
  | { kind: 'steps'; steps: readonly RawHint[] }
  | { kind: 'months'; rate: Halves }
  | { kind: 'years'; rest: number; perYear: Halves; what: string }
  | { kind: 'blood'; params: Of<'blood'>['params']; ml: number; raw: Halves }
  | { kind: 'volunteer'; tenths: number; stepT: number; per: Halves }
  | { kind: 'charity'; cents: number; stepC: number; per: Halves };

/** The smallest step of `reach` that adds at least `need` raw half-points, or null when none can. */
export function reachStep(reach: Reach, need: Halves): RawHint | null {
  switch (reach.kind) {
    case 'steps':
      for (const h of reach.steps) if (h.rawGain >= need) return h;
      return null;
    case 'months':
      return insuranceMonths(Math.max(1, Math.ceil(need / reach.rate)), reach.rate);
    case 'years':
      return moreYears(Math.max(1, Math.ceil(need / reach.perYear)), reach.rest, reach.perYear, reach.what);
    case 'blood':
      return bloodDonations(need, reach.params, reach.ml, reach.raw);
    case 'volunteer':
      return volunteerHours(Math.max(1, Math.ceil(need / reach.per)), reach.tenths, reach.stepT, reach.per);
    case 'charity':
      return charityYuan(Math.max(1, Math.ceil(need / reach.per)), reach.cents, reach.stepC, reach.per);
  }
}

/** Days in a month of contributions or residence, for ordering hints. */
const DAYS_PER_MONTH = 30;
/** Volunteer hours an applicant can give in a week, for ordering hints (a product estimate). */
const VOLUNTEER_HOURS_PER_WEEK = 4;
/** Product estimates of how long the long undertakings take, for ordering hints only. */
const DAYS_FOR = { education: 730, titleSkill: 365, ownedHome: 365, notInHand: 3650 } as const;

/**
 * Fact references (`socialInsurance.3`) by section and index, each written once: every note names its fact, and a
 * list holds at most 500 facts. A table of constant strings, the same for every profile.
 */
const REFS = {
  bloodDonations: refTable('bloodDonations'),
  charity: refTable('charity'),
  education: refTable('education'),
  homes: refTable('homes'),
  honours: refTable('honours'),
  patents: refTable('patents'),
  records: refTable('records'),
  rentals: refTable('rentals'),
  residence: refTable('residence'),
  socialInsurance: refTable('socialInsurance'),
  taxes: refTable('taxes'),
  titles: refTable('titles'),
  volunteer: refTable('volunteer'),
};
function refTable(section: string): { section: string; refs: string[] } {
  return { section, refs: [] };
}
function refOf(t: { section: string; refs: string[] }, i: number): string {
  // Past a valid list's length (a caller that skipped validation), written anew rather than kept.
  if (i >= 512) return `${t.section}.${i}`;
  return (t.refs[i] ??= `${t.section}.${i}`);
}

/** `满 N 个月`, `满 N 年`, `满 N 年 M 个月`. */
function monthsText(months: number): string {
  const y = Math.floor(months / 12);
  const m = months % 12;
  if (y === 0) return `满 ${m} 个月`;
  return m === 0 ? `满 ${y} 年` : `满 ${y} 年 ${m} 个月`;
}

/** Everything a scorer may read, with the cross-indicator decisions (same-matter honours, G6) taken once. */
export interface RuleContext {
  profile: Profile;
  policy: PolicyVersion;
  round: ScoringRound;
  birthDate: ISODate;
  /** Honour index → why it does not count on its level line (same matter, window, …); absent = counts. */
  honourRejections: ReadonlyMap<number, { reason: ReasonCode; text: string }>;
  /** Record index → why it does not deduct (G6 absorbed, window); absent = deducts. */
  recordRejections: ReadonlyMap<number, { reason: ReasonCode; text: string }>;
}

type Of<K extends Indicator['rule']> = Extract<Indicator, { rule: K }>;
type Scorer<K extends Indicator['rule']> = (ind: Of<K>, ctx: RuleContext) => RuleResult;

/** No hints: shared, since results are read once and their hints never changed (a line adds its own list). */
const NO_HINTS: readonly RawHint[] = [];

function empty(): RuleResult {
  // Every field present from the start: one object shape for every scorer's result.
  return { rawHalves: 0, counted: [], notCounted: [], hints: NO_HINTS, reach: undefined, unscoredReason: undefined };
}

function miss(ref: string, label: string, reason: ReasonCode, extra?: string): FactNote {
  return { ref, label, reason, reasonText: extra ? `${REASON_TEXT[reason]}：${extra}` : REASON_TEXT[reason] };
}

/** `窗口 2016-10-01 至 2021-09-30`, once per round object. */
const windowTexts = new WeakMap<ScoringRound, string>();
/** How a round's five-year window is written in a reason. */
export function windowDetail(round: ScoringRound): string {
  let v = windowTexts.get(round);
  if (v === undefined) {
    v = `窗口 ${round.fiveYearWindow.from} 至 ${addDays(round.fiveYearWindow.toExclusive, -1)}`;
    windowTexts.set(round, v);
  }
  return v;
}

function windowMiss(ref: string, label: string, d: ISODate, ind: Indicator, round: ScoringRound): FactNote | null {
  const r = windowReason(d, ind.window, round);
  if (!r) return null;
  return miss(ref, label, r, r === 'AFTER_CUTOFF' ? `截止日 ${round.cutoff}` : windowDetail(round));
}

/** Levels of a table rule in ascending value order, unknown (null) values last. */
type Level = { level: string; label: string; points: number | null; stage?: string; degreeLabel?: string };
/** The position of a level in the policy's list, or -1. */
function levelIndex(levels: Level[], id: string): number {
  for (let i = 0; i < levels.length; i++) if (levels[i].level === id) return i;
  return -1;
}
function levelOf(levels: Level[], id: string): Level | undefined {
  for (const l of levels) if (l.level === id) return l;
  return undefined;
}

// Per-indicator text and orderings used by hints, computed once per (immutable, parsed) indicator.
const sortedLevels = new WeakMap<Indicator, { label: string; halves: Halves }[]>();
function knownLevelsAscending(ind: Of<'titleSkill'>): { label: string; halves: Halves }[] {
  let v = sortedLevels.get(ind);
  if (!v) {
    v = ind.params.levels
      .flatMap((l) => (l.points === null ? [] : [{ label: l.label, halves: toHalves(l.points) }]))
      .sort((a, b) => a.halves - b.halves);
    sortedLevels.set(ind, v);
  }
  return v;
}
const honourHints = new WeakMap<Indicator, string>();
function honourHint(ind: Of<'honour'>): string {
  let v = honourHints.get(ind);
  if (v === undefined) {
    v = `再获得一项${ind.name.replace('表彰奖励/荣誉称号', '')}表彰（不同事项）`;
    honourHints.set(ind, v);
  }
  return v;
}

const age: Scorer<'age'> = (ind, ctx) => {
  const p = ind.params;
  const years = ageOn(ctx.birthDate, ctx.round.cutoff);
  let pts: number;
  if (years > p.maxAge) pts = p.overMaxPoints;
  else if (years >= p.pivotAge) pts = p.pivotPoints;
  else pts = p.pivotPoints + (p.pivotAge - years) * p.perYearYounger;
  // "43 and younger → 30" is the table's top value, not a cap to show as exceeded: a 34-year-old's fact shows 30, not 49.
  if (ind.cap !== null) pts = Math.min(pts, ind.cap);
  const r = empty();
  r.rawHalves = toHalves(pts);
  r.counted.push({
    ref: 'person',
    label: `出生日期 ${ctx.birthDate}，截止日 ${ctx.round.cutoff} 时 ${years} 周岁`,
    halves: r.rawHalves,
  });
  return r;
};

type EducationFact = Profile['education'][number];

/** The stage of an education level (`本科`), or its label when the policy names none. */
function stageOf(lv: Level): string {
  return lv.stage ?? lv.label;
}

/**
 * What a person holds at a level, in words: the level's full standard only when they hold all of it
 * (`本科学历+学士学位`), else what they have (`本科学历证书（无学士学位）`, `学士学位（无本科学历证书）`, `本科结业证书`).
 */
function heldLabel(lv: Level | undefined, e: EducationFact): string {
  if (!lv) return e.level;
  const stage = stageOf(lv);
  if (e.completion !== 'graduated') return `${stage}${e.completion === 'completed' ? '结业' : '肄业'}证书`;
  if (!lv.degreeLabel || e.diploma === e.degree) return lv.label;
  return e.diploma ? `${stage}学历证书（无${lv.degreeLabel}）` : `${lv.degreeLabel}（无${stage}学历证书）`;
}

/** What completes a level the person holds only part of: the missing certificate, or graduation and the degree. */
function missingPart(lv: Level, e: EducationFact): string {
  const stage = stageOf(lv);
  if (e.completion !== 'graduated') {
    const held = `${stage}${e.completion === 'completed' ? '结业' : '肄业'}证书`;
    return `取得${stage}毕业证书${lv.degreeLabel ? `和${lv.degreeLabel}` : ''}（现有${held}）`;
  }
  return e.diploma
    ? `取得${lv.degreeLabel ?? '学位'}（已有${stage}学历证书）`
    : `取得${stage}学历证书（已有${lv.degreeLabel ?? '学位'}）`;
}

/** Why a degree or diploma does not count (window, level, value, 结业/肄业 at 0 points, no certificate), or null. */
function educationMiss(
  ind: Of<'education'>,
  ctx: RuleContext,
  ref: string,
  label: string,
  e: EducationFact,
  lv: Level | undefined,
): FactNote | null {
  const w = windowMiss(ref, label, e.obtainedOn, ind, ctx.round);
  if (w) return w;
  if (!lv) return miss(ref, label, 'NOT_IN_POLICY');
  if (lv.points === null) return miss(ref, label, 'UNKNOWN_VALUE');
  // B2b: a 结业/肄业 certificate scores the policy's incompletePoints (0 in 2021) at that level.
  if (e.completion !== 'graduated' && ind.params.incompletePoints === 0) return miss(ref, label, 'INCOMPLETE');
  if (!e.diploma && !e.degree) return miss(ref, label, 'NO_CERTIFICATE');
  return null;
}

/** The points a counted degree or diploma earns, and what the note adds: 结业/肄业, or only one of the two certificates. */
function educationPoints(
  p: Of<'education'>['params'],
  e: EducationFact,
  levelPoints: number,
  needsBoth: boolean,
): { pts: number; extra: string } {
  if (e.completion !== 'graduated') return { pts: p.incompletePoints, extra: `（按 ${p.incompletePoints} 分计）` };
  if (needsBoth && e.domestic && e.diploma !== e.degree) {
    return { pts: levelPoints - p.singleCertificateDeduction, extra: `（减 ${p.singleCertificateDeduction} 分）` };
  }
  return { pts: levelPoints, extra: '' };
}

type EducationCandidate = { i: number; halves: Halves; note: FactNote };
/** Levels the person holds only part of (one certificate, or 结业/肄业), with what would complete them. */
type PartialLevels = Map<string, { lv: Level; action: string }>;

/**
 * Degree or diploma `i`: its note when it does not count (added to `r`), else a candidate; a level held in part is
 * added to `partial` (created on first need, and returned).
 */
function educationFact(
  ind: Of<'education'>,
  ctx: RuleContext,
  i: number,
  fromIdx: number,
  r: RuleResult,
  candidates: EducationCandidate[],
  partial: PartialLevels | null,
): PartialLevels | null {
  const p = ind.params;
  const e = ctx.profile.education[i];
  const ref = refOf(REFS.education, i);
  const lv = levelOf(p.levels, e.level);
  const label = `${heldLabel(lv, e)}（${e.obtainedOn}）`;
  const problem = educationMiss(ind, ctx, ref, label, e, lv);
  if (lv && (!problem || problem.reason === 'INCOMPLETE') && (e.completion !== 'graduated' || e.diploma !== e.degree))
    if (!partial?.has(lv.level)) (partial ??= new Map()).set(lv.level, { lv, action: missingPart(lv, e) });
  if (problem) r.notCounted.push(problem);
  else if (lv && lv.points !== null) {
    const idx = levelIndex(p.levels, e.level);
    const { pts, extra } = educationPoints(p, e, lv.points, fromIdx >= 0 && idx >= fromIdx);
    candidates.push({ i, halves: toHalves(pts), note: { ref, label: label + extra, halves: toHalves(pts) } });
  }
  return partial;
}

/** Every level held in part, and the next level not held at all, each with what completes it. */
function educationSteps(
  levels: Level[],
  raw: Halves,
  partial: PartialLevels | null,
): (RawHint & { partial: boolean })[] {
  // Completing a level held in part names what is missing; a level not held at all names its full standard.
  const steps: (RawHint & { partial: boolean })[] = [];
  for (const lv of levels) {
    if (lv.points === null || toHalves(lv.points) <= raw) continue;
    const part = partial?.get(lv.level);
    const action = part ? part.action : `取得${lv.label}`;
    steps.push({ action, rawGain: toHalves(lv.points) - raw, days: DAYS_FOR.education, partial: part !== undefined });
  }
  return steps;
}

const education: Scorer<'education'> = (ind, ctx) => {
  const p = ind.params;
  const r = empty();
  const fromIdx = levelIndex(p.levels, p.singleCertificateFromLevel);
  const candidates: EducationCandidate[] = [];
  let partial: PartialLevels | null = null;
  for (let i = 0; i < ctx.profile.education.length; i++)
    partial = educationFact(ind, ctx, i, fromIdx, r, candidates, partial);
  let top: EducationCandidate | null = null;
  for (const c of candidates) if (!top || c.halves > top.halves) top = c;
  for (const c of candidates) {
    if (top && c.i === top.i) r.counted.push(c.note);
    else r.notCounted.push(miss(c.note.ref, c.note.label, 'LOWER_THAN_OTHER'));
  }
  r.rawHalves = top ? top.halves : 0;
  const steps = educationSteps(p.levels, r.rawHalves, partial);
  // Every level held in part, and the next level not held at all.
  let firstFull: RawHint | null = null;
  const hints: RawHint[] = [];
  for (const h of steps) {
    if (h.partial) hints.push(h);
    else firstFull ??= h;
  }
  if (firstFull) hints.push(firstFull);
  r.hints = hints;
  r.reach = { kind: 'steps', steps };
  return r;
};

const titleSkill: Scorer<'titleSkill'> = (ind, ctx) => {
  const r = empty();
  const candidates: FactNote[] = [];
  const facts = ctx.profile.titles;
  for (let i = 0; i < facts.length; i++) {
    const t = facts[i];
    const ref = refOf(REFS.titles, i);
    const lv = levelOf(ind.params.levels, t.level);
    const label = `${lv?.label ?? t.level}（${t.obtainedOn}）`;
    const w = windowMiss(ref, label, t.obtainedOn, ind, ctx.round);
    if (w) r.notCounted.push(w);
    else if (!lv) r.notCounted.push(miss(ref, label, 'NOT_IN_POLICY'));
    else if (lv.points === null) r.notCounted.push(miss(ref, label, 'UNKNOWN_VALUE'));
    else candidates.push({ ref, label, halves: toHalves(lv.points) });
  }
  if (candidates.length > 1) candidates.sort((a, b) => (b.halves ?? 0) - (a.halves ?? 0));
  for (let k = 0; k < candidates.length; k++) {
    const c = candidates[k];
    if (k === 0) r.counted.push(c);
    else r.notCounted.push(miss(c.ref, c.label, 'LOWER_THAN_OTHER'));
  }
  const raw = candidates.length ? (candidates[0].halves ?? 0) : 0;
  r.rawHalves = raw;
  const steps: RawHint[] = [];
  for (const l of knownLevelsAscending(ind))
    if (l.halves > raw) steps.push({ action: `取得${l.label}`, rawGain: l.halves - raw, days: DAYS_FOR.titleSkill });
  if (steps.length) r.hints = [steps[0]];
  r.reach = { kind: 'steps', steps };
  return r;
};

type InsuranceFact = Profile['socialInsurance'][number];

/** Why a whole insurance record does not count (no pension nor medical, outside urban Hangzhou, 补缴, 转入), or null. */
function insuranceExclusion(s: InsuranceFact): ReasonCode | null {
  if (!s.pension && !s.medical) return 'MISSING_INSURANCE';
  if (!s.inUrbanHangzhou) return 'NOT_URBAN_HANGZHOU';
  if (s.backPaid) return 'BACK_PAID';
  if (s.transferredIn) return 'TRANSFERRED_IN';
  return null;
}

/**
 * The first month offset at or after `i` still unclaimed: a union-find over month offsets where a claimed month
 * points past itself, with path halving; `next[n] = n` is the sentinel past the last month. Claiming a range visits
 * only its unclaimed months, so overlapping spells cost their own length once rather than once per spell per month.
 */
function nextFree(next: number[], i: number): number {
  while (next[i] !== i) {
    next[i] = next[next[i]];
    i = next[i];
  }
  return i;
}

/** Claims the unclaimed month offsets `lo`..`hi` of `next` (marking each in `mark` when given); returns how many. */
function claimRange(next: number[], lo: number, hi: number, mark?: number[]): number {
  let fresh = 0;
  for (let j = nextFree(next, lo); j <= hi; j = nextFree(next, j + 1)) {
    next[j] = j + 1;
    if (mark) mark[j] = 1;
    fresh++;
  }
  return fresh;
}

/**
 * `n` zeros. Month tables are plain arrays: a typed array of a few hundred months gets a backing store outside the
 * heap, several times dearer to allocate and collect than the array itself.
 */
function zeros(n: number): number[] {
  return new Array<number>(n).fill(0);
}

/**
 * The scorer's own month tables, reused from one score to the next: scoring is synchronous and keeps none of them,
 * so a profile costs no table allocations at all. Slot by slot; entries past `n` are left over from a longer profile.
 */
const TABLES: number[][] = [];
const enum Table {
  From,
  Seen,
  Free,
  Pairable,
  UnpairedPension,
  UnpairedMedical,
}
function table(slot: Table, n: number, value: number): number[] {
  const t = scratch(slot);
  for (let i = 0; i < n; i++) t[i] = value;
  return t;
}
/** A table as left by its last use, for a caller that writes every entry it reads. */
function scratch(slot: Table): number[] {
  return (TABLES[slot] ??= []);
}

/** A union-find over `n` month offsets where offset `i` starts claimable when `free(i)`. */
function freeMonths(slot: Table, n: number, free: (i: number) => boolean): number[] {
  const next = scratch(slot);
  for (let i = 0; i < n; i++) next[i] = free(i) ? i : i + 1;
  next[n] = n;
  return next;
}

/** Months of `a`..`b` (month indexes) from the cutoff month on. */
function lateMonths(a: number, b: number, cutoffMonth: number): number {
  return Math.max(0, b - Math.max(a, cutoffMonth) + 1);
}

/** A single-insurance spell (pension only or medical only) as month indexes `a`..`b`. */
export interface SingleSpell {
  a: number;
  b: number;
  pension: boolean;
}

/**
 * Which months before the cutoff month some pension-only and some medical-only spell covers: index `m - first`.
 * One sweep over the spells' boundaries (a difference array), so 500 overlapping spells cost their months once
 * rather than once per spell per month.
 */
export function singleCoverage(
  spells: readonly SingleSpell[],
  first: number,
  cutoffMonth: number,
): { pension: number[]; medical: number[] } {
  const n = Math.max(0, cutoffMonth - first);
  const sweep = (pension: boolean): number[] => {
    const delta = zeros(n + 1);
    for (const x of spells) {
      if (x.pension !== pension) continue;
      const a = Math.max(x.a, first);
      const b = Math.min(x.b, cutoffMonth - 1);
      if (a > b) continue;
      delta[a - first]++;
      delta[b - first + 1]--;
    }
    const out = new Array<number>(n);
    let open = 0;
    for (let i = 0; i < n; i++) {
      open += delta[i];
      out[i] = open > 0 ? 1 : 0;
    }
    return out;
  };
  return { pension: sweep(true), medical: sweep(false) };
}

/** Single-insurance spells of a profile, in order, as month indexes with their note texts. */
type SingleRecord = SingleSpell & { i: number; fact: InsuranceFact };

/** How an insurance record is named in its notes, e.g. `2011-07 至 2012-02 养老`. */
function insuranceLabel(s: InsuranceFact): string {
  return `${s.from} 至 ${s.to}${s.pension ? (s.medical ? ' 养老 医疗' : ' 养老') : s.medical ? ' 医疗' : ''}`;
}

/**
 * Months left without the other insurance, as prefix sums over month offsets (neither claimed by a record with both
 * nor covered by a record of the other kind): they never become claimed, so their count per record is fixed.
 */
function unpairedSums(
  seen: readonly number[],
  cov: { pension: number[]; medical: number[] } | null,
  n: number,
): { pension: number[]; medical: number[] } {
  const pension = scratch(Table.UnpairedPension);
  pension[0] = 0;
  if (!cov) {
    // Records of one kind only: a month is unpaired exactly when no record with both claimed it, for either kind.
    for (let i = 0; i < n; i++) pension[i + 1] = pension[i] + (seen[i] ? 0 : 1);
    return { pension, medical: pension };
  }
  const medical = scratch(Table.UnpairedMedical);
  medical[0] = 0;
  for (let i = 0; i < n; i++) {
    const open = seen[i] ? 0 : 1;
    pension[i + 1] = pension[i] + (cov.medical[i] ? 0 : open);
    medical[i + 1] = medical[i] + (cov.pension[i] ? 0 : open);
  }
  return { pension, medical };
}

/**
 * Pairs pension-only with medical-only records month by month, after the records with both insurances claimed their
 * months (`seen`, offsets from `first`): a month neither claimed yet nor left without the other insurance counts once,
 * for the first pension-only record that covers it. Adds the notes to `r`; returns the months counted.
 */
function pairSingles(
  single: readonly SingleRecord[],
  seen: number[],
  first: number,
  cutoffMonth: number,
  r: RuleResult,
  rate: Halves,
  cutoff: ISODate,
): number {
  const n = cutoffMonth - first;
  // Records of one kind only (the usual case: a pension-only stretch before both were paid) pair with nothing.
  const mixed = single.some((x) => x.pension !== single[0].pension);
  const cov = mixed ? singleCoverage(single, first, cutoffMonth) : null;
  const { pension: unpairedPension, medical: unpairedMedical } = unpairedSums(seen, cov, n);
  // The pension record claims each paired month, so it is counted once.
  const pairable = cov ? freeMonths(Table.Pairable, n, (i) => !seen[i] && cov.medical[i] === 1) : null;
  let counted = 0;
  for (const x of single) {
    const late = lateMonths(x.a, x.b, cutoffMonth);
    const lo = x.a - first;
    const hi = Math.min(x.b, cutoffMonth - 1) - first;
    let paired = 0;
    let unpaired = 0;
    if (lo <= hi) {
      if (x.pension && pairable) paired = claimRange(pairable, lo, hi);
      const u = x.pension ? unpairedPension : unpairedMedical;
      unpaired = u[hi + 1] - u[lo];
    }
    counted += paired;
    // Named only when noted: a statement of hundreds of overlapping records notes few of them.
    if (paired === 0 && unpaired === 0 && late === 0) continue;
    const ref = refOf(REFS.socialInsurance, x.i);
    const label = insuranceLabel(x.fact);
    if (paired > 0)
      r.counted.push({ ref, label: `${label}，与医疗保险记录同月合并计 ${paired} 个月`, halves: paired * rate });
    if (unpaired > 0) r.notCounted.push(miss(ref, `${label} 中 ${unpaired} 个月`, 'MISSING_INSURANCE'));
    if (late > 0) r.notCounted.push(miss(ref, `${label} 中 ${late} 个月`, 'AFTER_CUTOFF', `截止日 ${cutoff}`));
  }
  return counted;
}

/** `n` further months of social insurance as a step. */
function insuranceMonths(n: number, rate: Halves): RawHint {
  return { action: `再缴满 ${n} 个月社保（养老和医疗同时缴纳）`, rawGain: n * rate, days: n * DAYS_PER_MONTH };
}

/**
 * A record with both insurances, months `a`..`b` as offsets (`cutoff` the cutoff month's offset): claims its months
 * not yet counted, adds its notes to `r`; returns the months it adds.
 */
function claimBoth(
  ref: string,
  label: string,
  a: number,
  b: number,
  cutoff: number,
  free: number[],
  seen: number[],
  r: RuleResult,
  rate: Halves,
  ctx: RuleContext,
): number {
  const late = lateMonths(a, b, cutoff);
  const hi = Math.min(b, cutoff - 1);
  const fresh = a <= hi ? claimRange(free, a, hi, seen) : 0;
  const dup = a <= hi ? hi - a + 1 - fresh : 0;
  if (fresh > 0) r.counted.push({ ref, label: `${label}，计 ${fresh} 个月`, halves: fresh * rate });
  if (late > 0) r.notCounted.push(miss(ref, `${label} 中 ${late} 个月`, 'AFTER_CUTOFF', `截止日 ${ctx.round.cutoff}`));
  if (dup > 0) r.notCounted.push(miss(ref, `${label} 中 ${dup} 个月`, 'DUPLICATE_MONTH'));
  return fresh;
}

const socialInsurance: Scorer<'socialInsurance'> = (ind, ctx) => {
  const r = empty();
  const rate = toHalves(ind.params.pointsPerMonth);
  const cutoffMonth = monthIndex(ctx.round.cutoff);
  // Months before the cutoff month as offsets from the earliest record; overlaps count once.
  const facts = ctx.profile.socialInsurance;
  const froms = scratch(Table.From);
  let first = cutoffMonth;
  for (let i = 0; i < facts.length; i++) {
    const a = monthIndex(facts[i].from);
    froms[i] = a;
    if (a < first) first = a;
  }
  const n = cutoffMonth - first;
  const seen = table(Table.Seen, n, 0);
  const free = scratch(Table.Free);
  for (let i = 0; i <= n; i++) free[i] = i;
  let counted = 0;
  // A month counts when pension and medical were both paid, also when a statement lists them as separate records.
  const single: SingleRecord[] = [];
  for (let i = 0; i < facts.length; i++) {
    const s = facts[i];
    const a = froms[i];
    const b = monthIndex(s.to);
    const excluded = insuranceExclusion(s);
    if (!excluded && (!s.pension || !s.medical)) {
      single.push({ i, fact: s, a, b, pension: s.pension });
      continue;
    }
    const ref = refOf(REFS.socialInsurance, i);
    if (excluded) r.notCounted.push(miss(ref, `${insuranceLabel(s)}（${b - a + 1} 个月）`, excluded));
    else
      counted += claimBoth(ref, insuranceLabel(s), a - first, b - first, cutoffMonth - first, free, seen, r, rate, ctx);
  }
  if (single.length) counted += pairSingles(single, seen, first, cutoffMonth, r, rate, ctx.round.cutoff);
  r.rawHalves = counted * rate;
  // The smallest number of further months that adds at least one whole point — or, near the cap, what room is left.
  const room = ind.cap === null ? Infinity : toHalves(ind.cap) - r.rawHalves;
  const need = Math.max(1, Math.ceil(Math.min(2, room) / rate));
  r.hints = [insuranceMonths(need, rate)];
  r.reach = { kind: 'months', rate };
  return r;
};

function homeProblem(h: Profile['homes'][number], coOwnershipRules: boolean): ReasonCode | null {
  if (!h.inUrbanArea) return 'NOT_URBAN_HANGZHOU';
  if (!h.livesThere) return 'NOT_LIVED_IN';
  if (!coOwnershipRules) return null;
  if (h.boughtWithHzHukouPerson) return 'CO_OWNERSHIP';
  if (h.ownership !== 'sole' && h.coOwnersAllNonHzHukou !== true) return 'CO_OWNERSHIP';
  if (h.ownership === 'joint' && h.chosenByCoOwners !== true) return 'CO_OWNERSHIP';
  if (h.ownership === 'shares' && h.largestShare !== true) return 'CO_OWNERSHIP';
  if (h.secondHand && (h.previousHukouMovedOut !== true || h.scoredByOtherWithinYear === true)) return 'CO_OWNERSHIP';
  return null;
}

const OWNER_LABELS: Record<Profile['homes'][number]['owner'], string> = {
  self: '本人',
  spouse: '配偶',
  parent: '父母',
  child: '子女',
};

const ownedHome: Scorer<'ownedHome'> = (ind, ctx) => {
  const r = empty();
  const pts = toHalves(ind.params.points);
  const facts = ctx.profile.homes;
  for (let i = 0; i < facts.length; i++) {
    const h = facts[i];
    const ref = refOf(REFS.homes, i);
    const label = `${OWNER_LABELS[h.owner]}名下住房（${h.acquiredOn} 取得）`;
    const w = windowMiss(ref, label, h.acquiredOn, ind, ctx.round);
    const problem = w ? null : homeProblem(h, ind.params.coOwnershipRules);
    if (w) r.notCounted.push(w);
    else if (problem) r.notCounted.push(miss(ref, label, problem));
    else if (r.counted.length > 0) r.notCounted.push(miss(ref, label, 'HOMES_DO_NOT_STACK'));
    else r.counted.push({ ref, label, halves: pts });
  }
  r.rawHalves = r.counted.length ? pts : 0;
  if (!r.rawHalves)
    r.hints = [{ action: '本人、配偶、父母或子女在市区拥有住房并实际居住', rawGain: pts, days: DAYS_FOR.ownedHome }];
  return r;
};

function yearly(
  ranges: { ref: string; label: string; from: ISODate; to: ISODate }[],
  perYear: Halves,
  what: string,
  ctx: RuleContext,
  r: RuleResult,
): void {
  for (const x of ranges) {
    if (x.from >= ctx.round.cutoff)
      r.notCounted.push(miss(x.ref, x.label, 'AFTER_CUTOFF', `截止日 ${ctx.round.cutoff}`));
    else r.counted.push({ ref: x.ref, label: x.to >= ctx.round.cutoff ? `${x.label}（计至截止日前一天）` : x.label });
  }
  const months = pooledMonths(ranges, ctx.round.cutoff);
  const years = Math.floor(months / 12);
  r.rawHalves = years * perYear;
  if (r.counted.length) r.counted.push({ ref: '', label: `合计 ${months} 个月，满 ${years} 年`, halves: r.rawHalves });
  const rest = 12 - (months % 12);
  r.hints = [moreYears(1, rest, perYear, what)];
  r.reach = { kind: 'years', rest, perYear, what };
}

/** `k` more whole years as a step: the `rest` months of this year and k − 1 years after it. */
function moreYears(k: number, rest: number, perYear: Halves, what: string): RawHint {
  const more = rest + 12 * (k - 1);
  return { action: `再${what}${monthsText(more)}`, rawGain: k * perYear, days: more * DAYS_PER_MONTH };
}

const rental: Scorer<'rental'> = (ind, ctx) => {
  const r = empty();
  const ok: { ref: string; label: string; from: ISODate; to: ISODate }[] = [];
  const facts = ctx.profile.rentals;
  for (let i = 0; i < facts.length; i++) {
    const x = facts[i];
    const ref = refOf(REFS.rentals, i);
    const label = `租住 ${x.from} 至 ${x.to}`;
    if (!x.legal) r.notCounted.push(miss(ref, label, 'ILLEGAL_RENTAL'));
    else if (x.groupRental) r.notCounted.push(miss(ref, label, 'GROUP_RENTAL'));
    else ok.push({ ref, label, from: x.from, to: x.to });
  }
  yearly(ok, toHalves(ind.params.pointsPerYear), '合法租住', ctx, r);
  return r;
};

const residence: Scorer<'residence'> = (ind, ctx) => {
  const r = empty();
  const facts = ctx.profile.residence;
  const spells = new Array<{ ref: string; label: string; from: ISODate; to: ISODate }>(facts.length);
  for (let i = 0; i < facts.length; i++) {
    const x = facts[i];
    const label = `${x.kind === 'permit' ? '居住证' : '居住登记'} ${x.from} 至 ${x.to}`;
    spells[i] = { ref: refOf(REFS.residence, i), label, from: x.from, to: x.to };
  }
  yearly(spells, toHalves(ind.params.pointsPerYear), '居住', ctx, r);
  return r;
};

const honour: Scorer<'honour'> = (ind, ctx) => {
  const r = empty();
  const each = toHalves(ind.params.pointsEach);
  const cap = ind.cap === null ? null : toHalves(ind.cap);
  const facts = ctx.profile.honours;
  for (let i = 0; i < facts.length; i++) {
    const h = facts[i];
    if (h.level !== ind.params.level) continue;
    const ref = refOf(REFS.honours, i);
    const label = `${h.title}（${h.awardedOn}）`;
    const rej = ctx.honourRejections.get(i);
    if (rej) r.notCounted.push({ ref, label, reason: rej.reason, reasonText: rej.text });
    else if (cap !== null && r.rawHalves >= cap) r.notCounted.push(miss(ref, label, 'CAP_REACHED'));
    else {
      r.counted.push({ ref, label, halves: each });
      r.rawHalves += each;
    }
  }
  r.hints = [{ action: honourHint(ind), rawGain: each, days: DAYS_FOR.notInHand }];
  return r;
};

const marrow: Scorer<'marrow'> = (ind, ctx) => {
  const r = empty();
  const m = ctx.profile.marrowDonation;
  const pts = toHalves(ind.params.points);
  if (m) {
    const label = `造血干细胞捐献（${m.donatedOn}）`;
    const w = windowMiss('marrowDonation', label, m.donatedOn, ind, ctx.round);
    if (w) r.notCounted.push(w);
    else {
      r.counted.push({ ref: 'marrowDonation', label, halves: pts });
      r.rawHalves = pts;
    }
  }
  if (!r.rawHalves) r.hints = [{ action: '捐献造血干细胞', rawGain: pts, days: DAYS_FOR.notInHand }];
  return r;
};

/** Points for a pooled blood volume. */
function bloodPoints(p: Of<'blood'>['params'], v: number): Halves {
  return v >= p.baseMl ? toHalves(p.basePoints) + Math.floor((v - p.baseMl) / p.stepMl) * toHalves(p.stepPoints) : 0;
}

/**
 * Hints come in whole donations: nobody can give 50 ml. The fewest donations that add at least `need` to `raw`
 * (the points of `ml` given so far).
 */
function bloodDonations(need: Halves, p: Of<'blood'>['params'], ml: number, raw: Halves): RawHint | null {
  const unit = p.donation?.ml ?? p.baseMl;
  const interval = p.donation?.intervalDays ?? 1;
  for (let k = 1; k <= 100; k++) {
    const gain = bloodPoints(p, ml + k * unit) - raw;
    if (gain >= need)
      return {
        action: k === 1 ? `再献血 ${unit} 毫升` : `再献血 ${k} 次共 ${k * unit} 毫升（每次 ${unit} 毫升）`,
        rawGain: gain,
        days: (k - 1) * interval + 1,
      };
  }
  return null;
}

const blood: Scorer<'blood'> = (ind, ctx) => {
  const p = ind.params;
  const r = empty();
  let ml = 0;
  const facts = ctx.profile.bloodDonations;
  for (let i = 0; i < facts.length; i++) {
    const b = facts[i];
    const ref = refOf(REFS.bloodDonations, i);
    const vol =
      b.kind === 'wholeBlood'
        ? (b.ml ?? 0)
        : b.date < p.plateletFixedBefore
          ? p.plateletFixedMl
          : Math.round((b.units ?? 0) * p.plateletMlPerUnit);
    const label =
      b.kind === 'wholeBlood'
        ? `${b.date} 献全血 ${vol} 毫升`
        : `${b.date} 单采血小板${b.units ? ` ${b.units} 个治疗量` : ''}（按 ${vol} 毫升计）`;
    const w = windowMiss(ref, label, b.date, ind, ctx.round);
    if (w) r.notCounted.push(w);
    else if (!b.inHangzhou) r.notCounted.push(miss(ref, label, 'NOT_IN_HANGZHOU'));
    else {
      ml += vol;
      r.counted.push({ ref, label });
    }
  }
  r.rawHalves = bloodPoints(p, ml);
  if (r.counted.length) r.counted.push({ ref: '', label: `累计 ${ml} 毫升`, halves: r.rawHalves });
  if (ml > 0 && ml < p.baseMl)
    r.notCounted.push(miss('', `累计 ${ml} 毫升`, 'BELOW_MINIMUM', `满 ${p.baseMl} 毫升起计`));
  const next = bloodDonations(1, p, ml, r.rawHalves);
  if (next) r.hints = [next];
  r.reach = { kind: 'blood', params: p, ml, raw: r.rawHalves };
  return r;
};

/** `k` more volunteering steps from `tenths` tenths of an hour as a step. */
function volunteerHours(k: number, tenths: number, stepT: number, per: Halves): RawHint {
  const h = (stepT - (tenths % stepT) + stepT * (k - 1)) / 10;
  return {
    action: `再参加志愿服务 ${h} 小时`,
    rawGain: k * per,
    days: Math.ceil(h / VOLUNTEER_HOURS_PER_WEEK) * 7,
  };
}

const volunteer: Scorer<'volunteer'> = (ind, ctx) => {
  const r = empty();
  let tenths = 0;
  const facts = ctx.profile.volunteer;
  for (let i = 0; i < facts.length; i++) {
    const v = facts[i];
    const ref = refOf(REFS.volunteer, i);
    const label = `${v.date} 志愿服务 ${v.hours} 小时`;
    const w = windowMiss(ref, label, v.date, ind, ctx.round);
    if (w) r.notCounted.push(w);
    else {
      tenths += Math.round(v.hours * 10);
      r.counted.push({ ref, label });
    }
  }
  const stepT = Math.round(ind.params.hoursPerStep * 10);
  const per = toHalves(ind.params.pointsPerStep);
  r.rawHalves = Math.floor(tenths / stepT) * per;
  if (r.counted.length) r.counted.push({ ref: '', label: `5 年内累计 ${tenths / 10} 小时`, halves: r.rawHalves });
  r.hints = [volunteerHours(1, tenths, stepT, per)];
  r.reach = { kind: 'volunteer', tenths, stepT, per };
  return r;
};

/** `k` more donation steps from `cents` given as a step. */
function charityYuan(k: number, cents: number, stepC: number, per: Halves): RawHint {
  return { action: `再捐赠 ${(stepC - (cents % stepC) + stepC * (k - 1)) / 100} 元`, rawGain: k * per, days: 1 };
}

const charity: Scorer<'charity'> = (ind, ctx) => {
  const r = empty();
  let cents = 0;
  const facts = ctx.profile.charity;
  for (let i = 0; i < facts.length; i++) {
    const c = facts[i];
    const ref = refOf(REFS.charity, i);
    const label = `${c.date} 捐赠 ${c.amountYuan} 元`;
    const w = windowMiss(ref, label, c.date, ind, ctx.round);
    if (w) r.notCounted.push(w);
    else if (!c.recognised) r.notCounted.push(miss(ref, label, 'NOT_RECOGNISED'));
    else {
      cents += Math.round(c.amountYuan * 100);
      r.counted.push({ ref, label });
    }
  }
  const stepC = Math.round(ind.params.yuanPerStep * 100);
  const per = toHalves(ind.params.pointsPerStep);
  r.rawHalves = Math.floor(cents / stepC) * per;
  if (r.counted.length) r.counted.push({ ref: '', label: `5 年内累计 ${cents / 100} 元`, halves: r.rawHalves });
  r.hints = [charityYuan(1, cents, stepC, per)];
  r.reach = { kind: 'charity', cents, stepC, per };
  return r;
};

const patent: Scorer<'patent'> = (ind, ctx) => {
  const r = empty();
  const facts = ctx.profile.patents;
  for (let i = 0; i < facts.length; i++) {
    const x = facts[i];
    const ref = refOf(REFS.patents, i);
    const label = `发明专利${x.number ? ` ${x.number}` : ''}（${x.grantedOn} 授权，${x.firstHolder ? '第一专利权人' : '非第一专利权人'}）`;
    const w = windowMiss(ref, label, x.grantedOn, ind, ctx.round);
    if (w) r.notCounted.push(w);
    else if (x.transferred) r.notCounted.push(miss(ref, label, 'TRANSFERRED_PATENT'));
    else if (!x.inHangzhou) r.notCounted.push(miss(ref, label, 'NOT_IN_HANGZHOU'));
    else {
      const h = toHalves(x.firstHolder ? ind.params.firstHolderPoints : ind.params.otherHolderPoints);
      r.counted.push({ ref, label, halves: h });
      r.rawHalves += h;
    }
  }
  r.hints = [
    {
      action: '以第一专利权人获得一项发明专利授权',
      rawGain: toHalves(ind.params.firstHolderPoints),
      days: DAYS_FOR.notInHand,
    },
  ];
  return r;
};

export { RECORD_LABELS } from '../profile/enums';

const deduction: Scorer<'deduction'> = (ind, ctx) => {
  const r = empty();
  const each = toHalves(ind.params.pointsEach);
  const facts = ctx.profile.records;
  for (let i = 0; i < facts.length; i++) {
    const x = facts[i];
    if (x.kind !== ind.params.record) continue;
    const ref = refOf(REFS.records, i);
    const label = `${RECORD_LABELS[x.kind]}（${x.date}）${x.incident ? ` 事件 ${x.incident}` : ''}`;
    const rej = ctx.recordRejections.get(i);
    if (rej) r.notCounted.push({ ref, label, reason: rej.reason, reasonText: rej.text });
    else if (ind.params.once && r.counted.length) r.notCounted.push(miss(ref, label, 'ONCE_ONLY'));
    else {
      r.counted.push({ ref, label, halves: -each });
      r.rawHalves -= each;
    }
  }
  return r;
};

const unscored: Scorer<'unscored'> = (ind, ctx) => {
  const r = empty();
  r.unscoredReason = ind.params.reason;
  if (ind.params.fact === 'tax')
    for (let i = 0; i < ctx.profile.taxes.length; i++) {
      const t = ctx.profile.taxes[i];
      r.notCounted.push(miss(refOf(REFS.taxes, i), `${t.year} 年纳税 ${t.amountYuan} 元`, 'UNKNOWN_FORMULA'));
    }
  return r;
};

/** The scorer for each rule kind. */
export const SCORERS: { [K in Indicator['rule']]: Scorer<K> } = {
  age,
  education,
  titleSkill,
  socialInsurance,
  ownedHome,
  rental,
  residence,
  honour,
  marrow,
  blood,
  volunteer,
  charity,
  patent,
  deduction,
  unscored,
};

/** A scorer for any indicator (the one of its kind). */
export type AnyScorer = (ind: Indicator, ctx: RuleContext) => RuleResult;

/** The scorer of an indicator's kind (looked up once per policy by the score, then called per profile). */
export function scorerOf(ind: Indicator): AnyScorer {
  return SCORERS[ind.rule] as AnyScorer;
}

/** Runs the scorer of an indicator's kind. */
export function runScorer(ind: Indicator, ctx: RuleContext): RuleResult {
  return scorerOf(ind)(ind, ctx);
}
