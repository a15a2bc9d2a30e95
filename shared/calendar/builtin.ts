/**
 * chinese-days' data (State Council notices 2004–2026 in 1.5.7) split into one {@link HolidayTable} per year. We read
 * the package's JSON rather than its functions because those silently treat later years as "weekdays only".
 */
import packageData from 'chinese-days/dist/chinese-days.json';
import type { HolidayTable } from './holiday-table';

/** The parts of the package JSON we use (typed loosely so the compiler does not expand 600 literal keys). */
interface PackageHolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

/** Source label recorded on the package's tables. */
export const BUILTIN_SOURCE = 'chinese-days@1.5.7';

let cache: ReadonlyMap<number, HolidayTable> | undefined;

/**
 * The package's holiday tables by year. A year counts as covered only when it has at least one holiday entry, so
 * coverage follows the data when the package is upgraded. Built once, on first use.
 */
export function builtinHolidayTables(): ReadonlyMap<number, HolidayTable> {
  if (cache) return cache;
  const data = packageData as unknown as PackageHolidayData;
  const byYear = new Map<number, HolidayTable>();
  const tableOf = (year: number): HolidayTable => {
    let t = byYear.get(year);
    if (!t) {
      t = { year, holidays: {}, workdays: {}, source: BUILTIN_SOURCE };
      byYear.set(year, t);
    }
    return t;
  };
  for (const [d, label] of Object.entries(data.holidays)) tableOf(Number(d.slice(0, 4))).holidays[d] = label;
  for (const [d, label] of Object.entries(data.workdays)) tableOf(Number(d.slice(0, 4))).workdays[d] = label;
  for (const [year, t] of byYear) if (Object.keys(t.holidays).length === 0) byYear.delete(year);
  cache = byYear;
  return cache;
}
