/**
 * Working-day arithmetic for Chinese statutory holidays: 工作日 = Monday–Friday, minus statutory holidays, plus 调休
 * make-up working days. Years without a known holiday table are refused ({@link CalendarGapError}), never guessed.
 */
import { addDays, daysBetween, isISODate, type ISODate } from '../dates';
import { builtinHolidayTables } from './builtin';
import { CalendarGapError, HolidayTableError } from './errors';
import { HolidayTableSchema, type HolidayTable } from './holiday-table';

/** A working-day calendar over the years it covers. Every method throws {@link CalendarGapError} for other years. */
export interface WorkCalendar {
  /** Covered years, ascending (package years plus admin years). */
  coveredYears(): number[];
  /** True when `year` has a holiday table (package or admin). */
  covers(year: number): boolean;
  /** True when `d` is a working day (weekday not on holiday, or a make-up working day). */
  isWorkday(d: ISODate): boolean;
  /**
   * The `n`-th working day strictly after `d` (whether or not `d` itself is one); `n` < 0 counts backwards, strictly
   * before `d`; `n` = 0 returns `d`. Example: 2021-09-28 + 20 = 2021-11-01 (National Day 2021 skipped, make-up
   * Saturday 2021-10-09 counted).
   */
  addWorkdays(d: ISODate, n: number): ISODate;
  /**
   * Working days in the half-open range (`from`, `to`], negative when `to` is before `from`; the inverse of
   * {@link WorkCalendar.addWorkdays}: `workdaysBetween(d, addWorkdays(d, n)) === n`.
   */
  workdaysBetween(from: ISODate, to: ISODate): number;
  /** `d` itself when it is a working day, otherwise the first working day after it. */
  nextWorkdayOnOrAfter(d: ISODate): ISODate;
  /** Chinese name of the statutory holiday on `d` (e.g. "国庆节"), or undefined when `d` is not a holiday. */
  holidayName(d: ISODate): string | undefined;
  /** The effective table for a covered year (a copy), e.g. to show administrators what is in force. */
  table(year: number): HolidayTable;
}

const EPOCH: ISODate = '1970-01-01';

/** Days since 1970-01-01: integer keys make the day loop allocation-free. */
function dayNumber(d: ISODate): number {
  return daysBetween(EPOCH, d);
}

function yearStart(year: number): number {
  return dayNumber(`${year}-01-01`);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function assertDate(d: ISODate): void {
  if (typeof d !== 'string' || !isISODate(d)) throw new RangeError(`无效日期：${String(d)}（格式应为 YYYY-MM-DD）`);
}

/** The package stores "English,中文,n"; admins may write just the Chinese name. */
function chineseLabel(label: string): string {
  const parts = label.split(',');
  return parts.length === 3 && parts[1] ? parts[1] : label;
}

/**
 * Builds a calendar from chinese-days' data plus admin tables. An admin table replaces the package's data for its
 * year wholesale (to correct it, or to add a year the package does not have yet).
 *
 * @param adminTables holiday tables entered by administrators, at most one per year
 * @throws HolidayTableError when a table is malformed or two tables have the same year
 */
export function createCalendar(adminTables: HolidayTable[] = []): WorkCalendar {
  const problems: string[] = [];
  const seen = new Set<number>();
  for (const t of adminTables) {
    const parsed = HolidayTableSchema.safeParse(t);
    if (!parsed.success) {
      // The refinement carries the Chinese messages; structural errors (missing fields) get a generic one.
      const own = parsed.error.issues.filter((i) => i.code === 'custom').map((i) => i.message);
      problems.push(...(own.length ? own : [`${String(t?.year)} 年节假日表格式不正确`]));
      continue;
    }
    if (seen.has(t.year)) problems.push(`${t.year} 年的节假日表重复录入`);
    seen.add(t.year);
  }
  if (problems.length) throw new HolidayTableError(problems);

  const tables = new Map<number, HolidayTable>(builtinHolidayTables());
  for (const t of adminTables) tables.set(t.year, t);

  const covered = new Set<number>(tables.keys());
  const years = [...covered].sort((a, b) => a - b);
  // Only the exceptions to Monday–Friday are stored: true = make-up working day, false = holiday.
  const special = new Map<number, boolean>();
  const names = new Map<number, string>();
  for (const t of tables.values()) {
    for (const [d, label] of Object.entries(t.holidays)) {
      special.set(dayNumber(d), false);
      names.set(dayNumber(d), chineseLabel(label));
    }
    for (const d of Object.keys(t.workdays)) special.set(dayNumber(d), true);
  }

  const requireYear = (year: number): void => {
    if (!covered.has(year)) throw new CalendarGapError(year);
  };
  const isWork = (day: number): boolean => {
    const s = special.get(day);
    if (s !== undefined) return s;
    const w = weekdayOf(day);
    return w !== 0 && w !== 6;
  };
  const yearOf = (d: ISODate): number => Number(d.slice(0, 4));

  /** Walks from `d` in steps of `dir`, checking coverage whenever a year boundary is crossed. */
  const walk = (d: ISODate, dir: 1 | -1, stop: (day: number) => boolean): number => {
    let year = yearOf(d);
    requireYear(year);
    let lo = yearStart(year);
    let hi = yearStart(year + 1);
    let day = dayNumber(d);
    for (;;) {
      day += dir;
      if (day < lo || day >= hi) {
        year += dir;
        requireYear(year);
        lo = yearStart(year);
        hi = yearStart(year + 1);
      }
      if (stop(day)) return day;
    }
  };

  return {
    coveredYears: () => years.slice(),
    covers: (year) => covered.has(year),
    isWorkday(d) {
      assertDate(d);
      requireYear(yearOf(d));
      return isWork(dayNumber(d));
    },
    addWorkdays(d, n) {
      assertDate(d);
      if (!Number.isInteger(n)) throw new RangeError(`工作日数必须是整数：${n}`);
      if (n === 0) {
        requireYear(yearOf(d));
        return d;
      }
      let left = Math.abs(n);
      const day = walk(d, n > 0 ? 1 : -1, (x) => isWork(x) && --left === 0);
      return addDays(EPOCH, day);
    },
    workdaysBetween(from, to) {
      assertDate(from);
      assertDate(to);
      const sign = to < from ? -1 : 1;
      const [a, b] = sign > 0 ? [from, to] : [to, from];
      for (let y = yearOf(a); y <= yearOf(b); y++) requireYear(y);
      const end = dayNumber(b);
      let count = 0;
      for (let day = dayNumber(a) + 1; day <= end; day++) if (isWork(day)) count++;
      return sign * count;
    },
    nextWorkdayOnOrAfter(d) {
      assertDate(d);
      requireYear(yearOf(d));
      if (isWork(dayNumber(d))) return d;
      return addDays(EPOCH, walk(d, 1, isWork));
    },
    holidayName(d) {
      assertDate(d);
      requireYear(yearOf(d));
      return names.get(dayNumber(d));
    },
    table(year) {
      requireYear(year);
      const t = tables.get(year) as HolidayTable;
      return { ...t, holidays: { ...t.holidays }, workdays: { ...t.workdays } };
    },
  };
}

/** The years chinese-days' data covers (those with at least one holiday entry), ascending. */
export function builtinCoveredYears(): number[] {
  return [...builtinHolidayTables().keys()].sort((a, b) => a - b);
}
