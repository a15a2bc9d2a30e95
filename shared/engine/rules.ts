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
}

/** What a scorer returns. */
export interface RuleResult {
  rawHalves: Halves;
  counted: FactNote[];
  notCounted: FactNote[];
  hints: RawHint[];
  unscoredReason?: string;
}

/** Everything a scorer may read, with the cross-indicator decisions (same-matter honours, G6) taken once. */
export interface RuleContext {
  profile: Profile;
  policy: PolicyVersion;
  round: ScoringRound;
  birthDate: ISODate;
  /** Honour index → why it does not count on its level line (same matter, window, …); absent = counts. */
  honourRejections: Map<number, { reason: ReasonCode; text: string }>;
  /** Record index → why it does not deduct (G6 absorbed, window); absent = deducts. */
  recordRejections: Map<number, { reason: ReasonCode; text: string }>;
}

type Of<K extends Indicator['rule']> = Extract<Indicator, { rule: K }>;
type Scorer<K extends Indicator['rule']> = (ind: Of<K>, ctx: RuleContext) => RuleResult;

function empty(): RuleResult {
  return { rawHalves: 0, counted: [], notCounted: [], hints: [] };
}

function miss(ref: string, label: string, reason: ReasonCode, extra?: string): FactNote {
  return { ref, label, reason, reasonText: extra ? `${REASON_TEXT[reason]}：${extra}` : REASON_TEXT[reason] };
}

function windowMiss(ref: string, label: string, d: ISODate, ind: Indicator, round: ScoringRound): FactNote | null {
  const r = windowReason(d, ind.window, round);
  if (!r) return null;
  const detail =
    r === 'AFTER_CUTOFF'
      ? `截止日 ${round.cutoff}`
      : `窗口 ${round.fiveYearWindow.from} 至 ${addDays(round.fiveYearWindow.toExclusive, -1)}`;
  return miss(ref, label, r, detail);
}

/** Levels of a table rule in ascending value order, unknown (null) values last. */
type Level = { level: string; label: string; points: number | null };
function levelOf(levels: Level[], id: string): Level | undefined {
  return levels.find((l) => l.level === id);
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
  if (e.completion !== 'graduated')
    return {
      pts: p.incompletePoints,
      extra: `（${e.completion === 'completed' ? '结业' : '肄业'}，按 ${p.incompletePoints} 分计）`,
    };
  if (needsBoth && e.domestic && e.diploma !== e.degree) {
    return {
      pts: levelPoints - p.singleCertificateDeduction,
      extra: `（只有${e.diploma ? '学历' : '学位'}证书，减 ${p.singleCertificateDeduction} 分）`,
    };
  }
  return { pts: levelPoints, extra: '' };
}

const education: Scorer<'education'> = (ind, ctx) => {
  const p = ind.params;
  const r = empty();
  const order = p.levels.map((l) => l.level);
  const fromIdx = order.indexOf(p.singleCertificateFromLevel);
  let best: { i: number; halves: Halves; note: FactNote } | null = null;
  const candidates: { i: number; halves: Halves; note: FactNote }[] = [];
  ctx.profile.education.forEach((e, i) => {
    const ref = `education.${i}`;
    const lv = levelOf(p.levels, e.level);
    const label = `${lv?.label ?? e.level}（${e.obtainedOn}）`;
    const problem = educationMiss(ind, ctx, ref, label, e, lv);
    if (problem) return void r.notCounted.push(problem);
    if (!lv || lv.points === null) return; // ruled out by educationMiss; narrows the type
    const idx = order.indexOf(e.level);
    const { pts, extra } = educationPoints(p, e, lv.points, fromIdx >= 0 && idx >= fromIdx);
    const c = { i, halves: toHalves(pts), note: { ref, label: label + extra, halves: toHalves(pts) } };
    candidates.push(c);
    if (!best || c.halves > best.halves) best = c;
  });
  const top = best as { i: number; halves: Halves; note: FactNote } | null;
  for (const c of candidates) {
    if (top && c.i === top.i) r.counted.push(c.note);
    else r.notCounted.push(miss(c.note.ref, c.note.label, 'LOWER_THAN_OTHER'));
  }
  r.rawHalves = top ? top.halves : 0;
  for (const lv of p.levels) {
    if (lv.points !== null && toHalves(lv.points) > r.rawHalves) {
      r.hints.push({ action: `取得${lv.label}`, rawGain: toHalves(lv.points) - r.rawHalves });
      break;
    }
  }
  return r;
};

const titleSkill: Scorer<'titleSkill'> = (ind, ctx) => {
  const r = empty();
  const candidates: FactNote[] = [];
  ctx.profile.titles.forEach((t, i) => {
    const ref = `titles.${i}`;
    const lv = levelOf(ind.params.levels, t.level);
    const label = `${lv?.label ?? t.level}（${t.obtainedOn}）`;
    const w = windowMiss(ref, label, t.obtainedOn, ind, ctx.round);
    if (w) return void r.notCounted.push(w);
    if (!lv) return void r.notCounted.push(miss(ref, label, 'NOT_IN_POLICY'));
    if (lv.points === null) return void r.notCounted.push(miss(ref, label, 'UNKNOWN_VALUE'));
    candidates.push({ ref, label, halves: toHalves(lv.points) });
  });
  candidates.sort((a, b) => (b.halves ?? 0) - (a.halves ?? 0));
  candidates.forEach((c, k) =>
    k === 0 ? r.counted.push(c) : r.notCounted.push(miss(c.ref, c.label, 'LOWER_THAN_OTHER')),
  );
  r.rawHalves = candidates[0]?.halves ?? 0;
  const next = knownLevelsAscending(ind).find((l) => l.halves > r.rawHalves);
  if (next) r.hints.push({ action: `取得${next.label}`, rawGain: next.halves - r.rawHalves });
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
 * Marks months `a`..`b` (month indexes) as paid in the bitmap `seen` (offset `first`): fresh months are claimed,
 * months already claimed are duplicates, months from the cutoff month on are late.
 */
function claimMonths(
  seen: Uint8Array,
  first: number,
  a: number,
  b: number,
  cutoffMonth: number,
): { fresh: number; dup: number; late: number } {
  let fresh = 0;
  let dup = 0;
  let late = 0;
  for (let m = a; m <= b; m++) {
    if (m >= cutoffMonth) late++;
    else if (seen[m - first]) dup++;
    else {
      seen[m - first] = 1;
      fresh++;
    }
  }
  return { fresh, dup, late };
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
): { pension: Uint8Array; medical: Uint8Array } {
  const n = Math.max(0, cutoffMonth - first);
  const sweep = (pension: boolean): Uint8Array => {
    const delta = new Int32Array(n + 1);
    for (const x of spells) {
      if (x.pension !== pension) continue;
      const a = Math.max(x.a, first);
      const b = Math.min(x.b, cutoffMonth - 1);
      if (a > b) continue;
      delta[a - first]++;
      delta[b - first + 1]--;
    }
    const out = new Uint8Array(n);
    let open = 0;
    for (let i = 0; i < n; i++) {
      open += delta[i];
      out[i] = open > 0 ? 1 : 0;
    }
    return out;
  };
  return { pension: sweep(true), medical: sweep(false) };
}

const socialInsurance: Scorer<'socialInsurance'> = (ind, ctx) => {
  const r = empty();
  const rate = toHalves(ind.params.pointsPerMonth);
  const cutoffMonth = monthIndex(ctx.round.cutoff);
  // A bitmap of paid months before the cutoff month (overlaps count once); far cheaper than a Set per month.
  let first = cutoffMonth;
  for (const s of ctx.profile.socialInsurance) first = Math.min(first, monthIndex(s.from));
  const seen = new Uint8Array(cutoffMonth - first);
  let counted = 0;
  // A month counts when pension and medical were both paid, also when a statement lists them as separate records.
  const single: { ref: string; label: string; a: number; b: number; pension: boolean }[] = [];
  ctx.profile.socialInsurance.forEach((s, i) => {
    const ref = `socialInsurance.${i}`;
    const label = `${s.from} 至 ${s.to}${s.pension ? ' 养老' : ''}${s.medical ? ' 医疗' : ''}`;
    const a = monthIndex(s.from);
    const b = monthIndex(s.to);
    const total = b - a + 1;
    const excluded = insuranceExclusion(s);
    if (excluded) return void r.notCounted.push(miss(ref, `${label}（${total} 个月）`, excluded));
    if (!s.pension || !s.medical) return void single.push({ ref, label, a, b, pension: s.pension });
    const { fresh, dup, late } = claimMonths(seen, first, a, b, cutoffMonth);
    counted += fresh;
    if (fresh > 0) r.counted.push({ ref, label: `${label}，计 ${fresh} 个月`, halves: fresh * rate });
    if (late > 0)
      r.notCounted.push(miss(ref, `${label} 中 ${late} 个月`, 'AFTER_CUTOFF', `截止日 ${ctx.round.cutoff}`));
    if (dup > 0) r.notCounted.push(miss(ref, `${label} 中 ${dup} 个月`, 'DUPLICATE_MONTH'));
  });
  const cov = singleCoverage(single, first, cutoffMonth);
  for (const x of single) {
    const other = x.pension ? cov.medical : cov.pension;
    let paired = 0;
    let unpaired = 0;
    let late = 0;
    for (let m = x.a; m <= x.b; m++) {
      if (m >= cutoffMonth) late++;
      else if (seen[m - first])
        continue; // already counted from a record with both insurances
      else if (other[m - first]) {
        // The pension record claims the paired month, so it is counted once.
        if (x.pension) {
          seen[m - first] = 1;
          counted++;
          paired++;
        }
      } else unpaired++;
    }
    if (paired > 0)
      r.counted.push({
        ref: x.ref,
        label: `${x.label}，与医疗保险记录同月合并计 ${paired} 个月`,
        halves: paired * rate,
      });
    if (unpaired > 0) r.notCounted.push(miss(x.ref, `${x.label} 中 ${unpaired} 个月`, 'MISSING_INSURANCE'));
    if (late > 0)
      r.notCounted.push(miss(x.ref, `${x.label} 中 ${late} 个月`, 'AFTER_CUTOFF', `截止日 ${ctx.round.cutoff}`));
  }
  r.rawHalves = counted * rate;
  // The smallest number of further months that adds at least one whole point — or, near the cap, what room is left.
  const room = ind.cap === null ? Infinity : toHalves(ind.cap) - r.rawHalves;
  const need = Math.max(1, Math.ceil(Math.min(2, room) / rate));
  r.hints.push({ action: `再缴满 ${need} 个月社保（养老和医疗同时缴纳）`, rawGain: need * rate });
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
  ctx.profile.homes.forEach((h, i) => {
    const ref = `homes.${i}`;
    const label = `${OWNER_LABELS[h.owner]}名下住房（${h.acquiredOn} 取得）`;
    const w = windowMiss(ref, label, h.acquiredOn, ind, ctx.round);
    if (w) return void r.notCounted.push(w);
    const problem = homeProblem(h, ind.params.coOwnershipRules);
    if (problem) return void r.notCounted.push(miss(ref, label, problem));
    if (r.counted.length > 0) return void r.notCounted.push(miss(ref, label, 'HOMES_DO_NOT_STACK'));
    r.counted.push({ ref, label, halves: pts });
  });
  r.rawHalves = r.counted.length ? pts : 0;
  if (!r.rawHalves) r.hints.push({ action: '本人、配偶、父母或子女在市区拥有住房并实际居住', rawGain: pts });
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
  r.hints.push({ action: rest === 12 ? `再${what}满 1 年` : `再${what}满 ${rest} 个月`, rawGain: perYear });
}

const rental: Scorer<'rental'> = (ind, ctx) => {
  const r = empty();
  const ok: { ref: string; label: string; from: ISODate; to: ISODate }[] = [];
  ctx.profile.rentals.forEach((x, i) => {
    const ref = `rentals.${i}`;
    const label = `租住 ${x.from} 至 ${x.to}`;
    if (!x.legal) r.notCounted.push(miss(ref, label, 'ILLEGAL_RENTAL'));
    else if (x.groupRental) r.notCounted.push(miss(ref, label, 'GROUP_RENTAL'));
    else ok.push({ ref, label, from: x.from, to: x.to });
  });
  yearly(ok, toHalves(ind.params.pointsPerYear), '合法租住', ctx, r);
  return r;
};

const residence: Scorer<'residence'> = (ind, ctx) => {
  const r = empty();
  const spells = ctx.profile.residence.map((x, i) => ({
    ref: `residence.${i}`,
    label: `${x.kind === 'permit' ? '居住证' : '居住登记'} ${x.from} 至 ${x.to}`,
    from: x.from,
    to: x.to,
  }));
  yearly(spells, toHalves(ind.params.pointsPerYear), '居住', ctx, r);
  return r;
};

const honour: Scorer<'honour'> = (ind, ctx) => {
  const r = empty();
  const each = toHalves(ind.params.pointsEach);
  const cap = ind.cap === null ? null : toHalves(ind.cap);
  ctx.profile.honours.forEach((h, i) => {
    if (h.level !== ind.params.level) return;
    const ref = `honours.${i}`;
    const label = `${h.title}（${h.awardedOn}）`;
    const rej = ctx.honourRejections.get(i);
    if (rej) return void r.notCounted.push({ ref, label, reason: rej.reason, reasonText: rej.text });
    if (cap !== null && r.rawHalves >= cap) return void r.notCounted.push(miss(ref, label, 'CAP_REACHED'));
    r.counted.push({ ref, label, halves: each });
    r.rawHalves += each;
  });
  r.hints.push({ action: honourHint(ind), rawGain: each });
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
  if (!r.rawHalves) r.hints.push({ action: '捐献造血干细胞', rawGain: pts });
  return r;
};

const blood: Scorer<'blood'> = (ind, ctx) => {
  const p = ind.params;
  const r = empty();
  let ml = 0;
  ctx.profile.bloodDonations.forEach((b, i) => {
    const ref = `bloodDonations.${i}`;
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
    if (w) return void r.notCounted.push(w);
    if (!b.inHangzhou) return void r.notCounted.push(miss(ref, label, 'NOT_IN_HANGZHOU'));
    ml += vol;
    r.counted.push({ ref, label });
  });
  const base = toHalves(p.basePoints);
  const step = toHalves(p.stepPoints);
  if (ml >= p.baseMl) r.rawHalves = base + Math.floor((ml - p.baseMl) / p.stepMl) * step;
  if (r.counted.length) r.counted.push({ ref: '', label: `累计 ${ml} 毫升`, halves: r.rawHalves });
  if (ml > 0 && ml < p.baseMl)
    r.notCounted.push(miss('', `累计 ${ml} 毫升`, 'BELOW_MINIMUM', `满 ${p.baseMl} 毫升起计`));
  if (ml < p.baseMl) r.hints.push({ action: `再献血 ${p.baseMl - ml} 毫升`, rawGain: base });
  else r.hints.push({ action: `再献血 ${p.stepMl - ((ml - p.baseMl) % p.stepMl)} 毫升`, rawGain: step });
  return r;
};

const volunteer: Scorer<'volunteer'> = (ind, ctx) => {
  const r = empty();
  let tenths = 0;
  ctx.profile.volunteer.forEach((v, i) => {
    const ref = `volunteer.${i}`;
    const label = `${v.date} 志愿服务 ${v.hours} 小时`;
    const w = windowMiss(ref, label, v.date, ind, ctx.round);
    if (w) return void r.notCounted.push(w);
    tenths += Math.round(v.hours * 10);
    r.counted.push({ ref, label });
  });
  const stepT = Math.round(ind.params.hoursPerStep * 10);
  const per = toHalves(ind.params.pointsPerStep);
  r.rawHalves = Math.floor(tenths / stepT) * per;
  if (r.counted.length) r.counted.push({ ref: '', label: `5 年内累计 ${tenths / 10} 小时`, halves: r.rawHalves });
  r.hints.push({ action: `再参加志愿服务 ${(stepT - (tenths % stepT)) / 10} 小时`, rawGain: per });
  return r;
};

const charity: Scorer<'charity'> = (ind, ctx) => {
  const r = empty();
  let cents = 0;
  ctx.profile.charity.forEach((c, i) => {
    const ref = `charity.${i}`;
    const label = `${c.date} 捐赠 ${c.amountYuan} 元`;
    const w = windowMiss(ref, label, c.date, ind, ctx.round);
    if (w) return void r.notCounted.push(w);
    if (!c.recognised) return void r.notCounted.push(miss(ref, label, 'NOT_RECOGNISED'));
    cents += Math.round(c.amountYuan * 100);
    r.counted.push({ ref, label });
  });
  const stepC = Math.round(ind.params.yuanPerStep * 100);
  const per = toHalves(ind.params.pointsPerStep);
  r.rawHalves = Math.floor(cents / stepC) * per;
  if (r.counted.length) r.counted.push({ ref: '', label: `5 年内累计 ${cents / 100} 元`, halves: r.rawHalves });
  r.hints.push({ action: `再捐赠 ${(stepC - (cents % stepC)) / 100} 元`, rawGain: per });
  return r;
};

const patent: Scorer<'patent'> = (ind, ctx) => {
  const r = empty();
  ctx.profile.patents.forEach((x, i) => {
    const ref = `patents.${i}`;
    const label = `发明专利${x.number ? ` ${x.number}` : ''}（${x.grantedOn} 授权，${x.firstHolder ? '第一专利权人' : '非第一专利权人'}）`;
    const w = windowMiss(ref, label, x.grantedOn, ind, ctx.round);
    if (w) return void r.notCounted.push(w);
    if (x.transferred) return void r.notCounted.push(miss(ref, label, 'TRANSFERRED_PATENT'));
    if (!x.inHangzhou) return void r.notCounted.push(miss(ref, label, 'NOT_IN_HANGZHOU'));
    const h = toHalves(x.firstHolder ? ind.params.firstHolderPoints : ind.params.otherHolderPoints);
    r.counted.push({ ref, label, halves: h });
    r.rawHalves += h;
  });
  r.hints.push({ action: '以第一专利权人获得一项发明专利授权', rawGain: toHalves(ind.params.firstHolderPoints) });
  return r;
};

export { RECORD_LABELS } from '../profile/enums';

const deduction: Scorer<'deduction'> = (ind, ctx) => {
  const r = empty();
  const each = toHalves(ind.params.pointsEach);
  ctx.profile.records.forEach((x, i) => {
    if (x.kind !== ind.params.record) return;
    const ref = `records.${i}`;
    const label = `${RECORD_LABELS[x.kind]}（${x.date}）${x.incident ? ` 事件 ${x.incident}` : ''}`;
    const rej = ctx.recordRejections.get(i);
    if (rej) return void r.notCounted.push({ ref, label, reason: rej.reason, reasonText: rej.text });
    if (ind.params.once && r.counted.length) return void r.notCounted.push(miss(ref, label, 'ONCE_ONLY'));
    r.counted.push({ ref, label, halves: -each });
    r.rawHalves -= each;
  });
  return r;
};

const unscored: Scorer<'unscored'> = (ind, ctx) => {
  const r = empty();
  r.unscoredReason = ind.params.reason;
  if (ind.params.fact === 'tax')
    ctx.profile.taxes.forEach((t, i) =>
      r.notCounted.push(miss(`taxes.${i}`, `${t.year} 年纳税 ${t.amountYuan} 元`, 'UNKNOWN_FORMULA')),
    );
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

/** Runs the scorer of an indicator's kind. */
export function runScorer(ind: Indicator, ctx: RuleContext): RuleResult {
  return (SCORERS[ind.rule] as (i: Indicator, c: RuleContext) => RuleResult)(ind, ctx);
}
