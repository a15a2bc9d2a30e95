/** Date windows and pooled durations shared by the scorers. */
import type { WindowKind } from '../policy/schema';
import { addDays, fullMonths, type ISODate } from '../dates';
import type { ReasonCode } from './reasons';
import type { ScoringRound } from './types';

/** Whether a fact dated `d` falls inside an indicator's window; the reason when it does not. */
export function windowReason(d: ISODate, window: WindowKind, round: ScoringRound): ReasonCode | null {
  if (d >= round.cutoff) return 'AFTER_CUTOFF';
  if (window === 'fiveYear' && d < round.fiveYearWindow.from) return 'OUTSIDE_WINDOW';
  return null;
}

/** A closed day range. */
export interface DayRange {
  from: ISODate;
  to: ISODate;
}

/** The last day counted before each cutoff seen (a handful: one per round), so date arithmetic runs once per round. */
const lastDays = new Map<ISODate, ISODate>();
function dayBefore(cutoff: ISODate): ISODate {
  let d = lastDays.get(cutoff);
  if (d === undefined) {
    if (lastDays.size >= 64) lastDays.clear();
    d = addDays(cutoff, -1);
    lastDays.set(cutoff, d);
  }
  return d;
}

/**
 * Months pooled across spells: ranges are clipped to the day before the cutoff, overlaps merged (a day counts
 * once), and each merged range contributes its whole calendar months. Whole years are taken by the caller.
 */
export function pooledMonths(ranges: DayRange[], cutoff: ISODate): number {
  const lastDay = dayBefore(cutoff);
  const clipped = ranges
    .map((r) => ({ from: r.from, to: r.to > lastDay ? lastDay : r.to }))
    .filter((r) => r.from <= r.to)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  let months = 0;
  let cur: DayRange | null = null;
  for (const r of clipped) {
    if (cur && r.from <= addDays(cur.to, 1)) {
      if (r.to > cur.to) cur.to = r.to;
    } else {
      if (cur) months += fullMonths(cur.from, cur.to);
      cur = { ...r };
    }
  }
  if (cur) months += fullMonths(cur.from, cur.to);
  return months;
}
