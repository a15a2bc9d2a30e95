/** Date windows and pooled durations shared by the scorers. */
import type { WindowKind } from '../policy/schema';
import { daysInMonth, type ISODate } from '../dates';
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

/**
 * A date as the integer `yyyymmdd`: ordered like the date, and read without building a Date (pooled months run for
 * every residence and rental spell of every profile scored).
 */
function dayKey(d: ISODate): number {
  return digits(d, 0, 4) * 10000 + digits(d, 5, 2) * 100 + digits(d, 8, 2);
}

/** Four or two ASCII digits at i (the input is a validated ISO date). */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) v = v * 10 + (s.charCodeAt(k) - 48);
  return v;
}

/** The day after a `yyyymmdd` key. */
function nextDay(k: number): number {
  const y = Math.floor(k / 10000);
  const m = Math.floor(k / 100) % 100;
  const d = k % 100;
  if (d < daysInMonth(y, m)) return k + 1;
  return m < 12 ? y * 10000 + (m + 1) * 100 + 1 : (y + 1) * 10000 + 101;
}

/** The day before a `yyyymmdd` key. */
function previousDay(k: number): number {
  const y = Math.floor(k / 10000);
  const m = Math.floor(k / 100) % 100;
  const d = k % 100;
  if (d > 1) return k - 1;
  return m > 1 ? y * 10000 + (m - 1) * 100 + daysInMonth(y, m - 1) : (y - 1) * 10000 + 1231;
}

/** Whole calendar months of the day range [from, toInclusive] as keys, as `fullMonths` counts them. */
function fullMonthsOf(from: number, toInclusive: number): number {
  if (toInclusive < from) return 0;
  const end = nextDay(toInclusive); // exclusive end
  const ay = Math.floor(from / 10000);
  const am = Math.floor(from / 100) % 100;
  const ad = from % 100;
  const by = Math.floor(end / 10000);
  const bm = Math.floor(end / 100) % 100;
  const bd = end % 100;
  let months = (by - ay) * 12 + (bm - am);
  // The anniversary day in the end month, clamped (a start on the 31st reaches the 30th/28th).
  if (bd < Math.min(ad, daysInMonth(by, bm))) months -= 1;
  return Math.max(0, months);
}

/**
 * Months pooled across spells: ranges are clipped to the day before the cutoff, overlaps merged (a day counts
 * once), and each merged range contributes its whole calendar months. Whole years are taken by the caller.
 */
export function pooledMonths(ranges: DayRange[], cutoff: ISODate): number {
  const lastDay = previousDay(dayKey(cutoff));
  const clipped: { from: number; to: number }[] = [];
  for (const r of ranges) {
    const from = dayKey(r.from);
    const to = Math.min(dayKey(r.to), lastDay);
    if (from <= to) clipped.push({ from, to });
  }
  if (clipped.length > 1) clipped.sort((a, b) => a.from - b.from);
  let months = 0;
  let curFrom = 0;
  let curTo = -1;
  for (const r of clipped) {
    if (curTo >= 0 && r.from <= nextDay(curTo)) {
      if (r.to > curTo) curTo = r.to;
    } else {
      if (curTo >= 0) months += fullMonthsOf(curFrom, curTo);
      curFrom = r.from;
      curTo = r.to;
    }
  }
  if (curTo >= 0) months += fullMonthsOf(curFrom, curTo);
  return months;
}
