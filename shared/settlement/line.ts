/**
 * 落户分数线: ranks verified settlement applications by confirmed total and finds the line a quota implies (FAQ 十:
 * 市发改委会同市公安局 "划定一个录取分数线" from the year's quota; lifecycle.md step 4a). Pure, in exact half-points
 * (G9), and linear in the number of applications apart from sorting the distinct totals (a few hundred at most), so
 * 100,000 applications rank in milliseconds.
 *
 * - Quota rounds: the line is the total of the last place within the quota; ties at the line follow the round's
 *   tie rule (rules.ts; default: everyone with exactly the line's total is admitted, so the admitted may exceed the
 *   quota). When the quota is not filled everyone who qualifies is admitted and the line is the qualifying score.
 * - No-quota rounds (settlement opening on or after 2023-07-31): everyone verified with at least the qualifying score
 *   (100) is admitted; there is no line.
 *
 * Totals below the qualifying score are never admitted, whatever the quota (verification already refuses them).
 */
import type { Halves } from '../engine/points';
import type { TieRule } from './rules';

/** One distinct total: how many have it, how many have it or more, and the rank they share (1, 2, 2, 4 …). */
export interface TotalStep {
  halves: Halves;
  count: number;
  /** Applications with this total or a higher one. */
  atOrAbove: number;
  /** The rank everyone with this total shares (competition ranking: one more than those above). */
  rank: number;
}

/** The distinct totals of `totals`, highest first, with counts and shared ranks. */
export function distribution(totals: Iterable<Halves>): TotalStep[] {
  // Counted straight into the map: publishing passes every verified application (100,000), one number each.
  const counts = new Map<Halves, number>();
  for (const h of totals) counts.set(h, (counts.get(h) ?? 0) + 1);
  return stepsOf(counts);
}

/**
 * {@link distribution} from totals already counted (`[total, how many]`, in any order; a total may come more than
 * once, e.g. `135` and `135.0`): the same steps without one entry per application.
 */
export function distributionOfCounts(counted: Iterable<readonly [Halves, number]>): TotalStep[] {
  const counts = new Map<Halves, number>();
  for (const [h, n] of counted) counts.set(h, (counts.get(h) ?? 0) + n);
  return stepsOf(counts);
}

/** The steps of counted totals: highest first, each with those at or above it and the rank they share. */
function stepsOf(counts: ReadonlyMap<Halves, number>): TotalStep[] {
  const keys = [...counts.keys()].sort((a, b) => b - a);
  const out: TotalStep[] = [];
  let above = 0;
  for (const halves of keys) {
    const count = counts.get(halves) as number;
    out.push({ halves, count, atOrAbove: above + count, rank: above + 1 });
    above += count;
  }
  return out;
}

/** An item with a total, for {@link rankByTotal}. */
export interface Scored {
  id: string;
  halves: Halves;
}

/**
 * Items highest total first (equal totals by id, so the order never depends on how they were read), each with the
 * rank it shares with its equals.
 */
export function rankByTotal<T extends Scored>(items: readonly T[]): (T & { rank: number })[] {
  const sorted = [...items].sort((a, b) => b.halves - a.halves || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const out: (T & { rank: number })[] = [];
  let rank = 0;
  sorted.forEach((item, i) => {
    if (i === 0 || (sorted[i - 1] as T).halves !== item.halves) rank = i + 1;
    out.push({ ...item, rank });
  });
  return out;
}

/** What a line (or its absence) decides for a round. */
export interface LineDecision {
  mode: 'quota' | 'none';
  /** The lowest admitted total (quota rounds); null in no-quota rounds. */
  line: Halves | null;
  quota: number | null;
  tieRule: TieRule | null;
  /** Applications admitted (≥ the line, or ≥ the qualifying score without a quota). */
  admitted: number;
  notAdmitted: number;
  /** Admitted with exactly the line's total. */
  atLine: number;
  /** How many the admitted exceed the quota by (ties at the line), 0 otherwise. */
  overQuota: number;
  /** False when the quota was larger than the applications that qualify (everyone qualifying is admitted). */
  quotaFilled: boolean;
  /**
   * Applications with the line's total that the tie rule left out (`excludeAllAtLine` only: the line moved up past
   * them); 0 otherwise.
   */
  tiedOut: number;
}

/** Applications with `line` or more (binary search over the distribution). */
export function admittedAt(dist: readonly TotalStep[], line: Halves): number {
  let lo = 0;
  let hi = dist.length; // first index whose total is below the line
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((dist[mid] as TotalStep).halves >= line) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : (dist[lo - 1] as TotalStep).atOrAbove;
}

function total(dist: readonly TotalStep[]): number {
  return dist.length === 0 ? 0 : (dist[dist.length - 1] as TotalStep).atOrAbove;
}

/** Exactly `line`'s count in the distribution (0 when nobody has it). */
function countAt(dist: readonly TotalStep[], line: Halves): number {
  return dist.find((s) => s.halves === line)?.count ?? 0;
}

/**
 * The line `quota` implies under `tieRule`: the total of the quota-th place; everyone with it or more is admitted
 * (`admitAllAtLine`), or, when those at the line would take the admitted past the quota, none of them
 * (`excludeAllAtLine`: the line is the next higher total, or one half-point above the top when the top total alone
 * exceeds the quota). A quota at least as large as the applications that qualify admits them all, and the line is the
 * qualifying score (anyone who qualified would have been admitted).
 */
export function lineForQuota(
  dist: readonly TotalStep[],
  quota: number,
  tieRule: TieRule,
  qualifying: Halves,
): LineDecision {
  if (!Number.isInteger(quota) || quota < 1) throw new RangeError(`名额应为正整数：${quota}`);
  const all = total(dist);
  const eligible = admittedAt(dist, qualifying);
  const base = { mode: 'quota' as const, quota, tieRule, tiedOut: 0 };
  if (eligible <= quota) {
    return {
      ...base,
      line: qualifying,
      admitted: eligible,
      notAdmitted: all - eligible,
      atLine: countAt(dist, qualifying),
      overQuota: 0,
      quotaFilled: eligible === quota,
    };
  }
  const i = dist.findIndex((s) => s.atOrAbove >= quota);
  const step = dist[i] as TotalStep;
  if (tieRule === 'admitAllAtLine' || step.atOrAbove === quota) {
    return {
      ...base,
      line: step.halves,
      admitted: step.atOrAbove,
      notAdmitted: all - step.atOrAbove,
      atLine: step.count,
      overQuota: step.atOrAbove - quota,
      quotaFilled: true,
    };
  }
  const above = i > 0 ? (dist[i - 1] as TotalStep) : null;
  const admitted = above ? above.atOrAbove : 0;
  return {
    ...base,
    line: above ? above.halves : step.halves + 1,
    admitted,
    notAdmitted: all - admitted,
    atLine: above ? above.count : 0,
    overQuota: 0,
    quotaFilled: true,
    tiedOut: step.count,
  };
}

/** A no-quota round: everyone with at least the qualifying score is admitted; no line. */
export function noQuotaDecision(dist: readonly TotalStep[], qualifying: Halves): LineDecision {
  const admitted = admittedAt(dist, qualifying);
  return {
    mode: 'none',
    line: null,
    quota: null,
    tieRule: null,
    admitted,
    notAdmitted: total(dist) - admitted,
    atLine: 0,
    overQuota: 0,
    quotaFilled: true,
    tiedOut: 0,
  };
}

/** Whether a total is admitted under a decision (the qualifying score always applies). */
export function isAdmittedTotal(decision: Pick<LineDecision, 'line'>, halves: Halves, qualifying: Halves): boolean {
  return halves >= qualifying && (decision.line === null || halves >= decision.line);
}

/** One candidate line: how many it admits and how many are exactly at it. */
export interface CandidateLine {
  halves: Halves;
  admitted: number;
  atLine: number;
}

/**
 * Candidate lines an administrator compares: the `around` distinct totals above and below `line` (and the line
 * itself), plus any `extra` lines asked for, highest first, none below the qualifying score.
 */
export function candidateLines(
  dist: readonly TotalStep[],
  line: Halves | null,
  qualifying: Halves,
  around = 5,
  extra: readonly Halves[] = [],
): CandidateLine[] {
  const picks = new Set<Halves>(extra.filter((h) => h >= qualifying));
  const eligible = dist.filter((s) => s.halves >= qualifying);
  if (line !== null) {
    picks.add(line);
    const at = eligible.findIndex((s) => s.halves <= line);
    const centre = at === -1 ? eligible.length : at;
    for (let k = Math.max(0, centre - around); k < Math.min(eligible.length, centre + around + 1); k++) {
      picks.add((eligible[k] as TotalStep).halves);
    }
  } else {
    for (const s of eligible.slice(0, around * 2 + 1)) picks.add(s.halves);
  }
  return [...picks]
    .sort((a, b) => b - a)
    .map((halves) => ({ halves, admitted: admittedAt(dist, halves), atLine: countAt(dist, halves) }));
}

/** One histogram bucket: totals in [from, to) half-points. */
export interface Bucket {
  fromHalves: Halves;
  /** Exclusive. */
  toHalves: Halves;
  count: number;
}

/** Default bucket width: 5 points (10 half-points), so 100–104.5, 105–109.5 … */
export const BUCKET_HALVES = 10;

/**
 * A histogram of totals in buckets of `width` half-points aligned on multiples of it (5 points by default), lowest
 * first, every bucket from the lowest to the highest total present (empty ones too, so the shape is honest).
 */
export function histogram(dist: readonly TotalStep[], width: Halves = BUCKET_HALVES): Bucket[] {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`分组宽度应为正整数个半分：${width}`);
  if (dist.length === 0) return [];
  const lo = Math.floor((dist[dist.length - 1] as TotalStep).halves / width) * width;
  const hi = Math.floor((dist[0] as TotalStep).halves / width) * width;
  const buckets: Bucket[] = [];
  for (let from = lo; from <= hi; from += width) buckets.push({ fromHalves: from, toHalves: from + width, count: 0 });
  for (const s of dist) (buckets[Math.floor((s.halves - lo) / width)] as Bucket).count += s.count;
  return buckets;
}
