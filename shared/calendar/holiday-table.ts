/**
 * One year of the State Council's holiday notice, in the same shape as chinese-days' data: statutory rest days
 * (`holidays`) and 调休 make-up working days (`workdays`). Administrators enter one for a year the package does not
 * cover yet, or to correct a covered year.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { isISODate, weekday, type ISODate } from '../dates';

/** One year's holiday arrangement. Values are labels, e.g. `"National Day,国庆节,3"` (package form) or `"国庆节"`. */
export interface HolidayTable {
  /** The calendar year every date in the table belongs to. */
  year: number;
  /** Statutory rest days (including the weekend days inside a holiday block) → label. */
  holidays: Record<ISODate, string>;
  /** 调休上班: weekend days that are working days → label. */
  workdays: Record<ISODate, string>;
  /** Where the table comes from, e.g. "国办发明电〔2026〕×号" or "chinese-days@1.5.7". */
  source?: string;
}

const labelMap = z.record(z.string(), z.string());

/** zod schema of {@link HolidayTable}, with the consistency checks an admin-entered table must pass. */
export const HolidayTableSchema = checked(
  z.object({
    year: checked(z.number(), z.int(), z.gte(1900), z.lte(2200)),
    holidays: labelMap,
    workdays: labelMap,
    source: z.optional(z.string()),
  }),
  z.superRefine((t, ctx) => {
    for (const problem of holidayTableProblems(t)) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

/**
 * Problems (Chinese, for the admin) that make a table unusable; empty when it is fine. Checked: every key is a real
 * date of the table's year, no date is both a holiday and a working day, make-up working days fall on a weekend (a
 * weekday is a working day anyway, so listing one is a typing error), and at least one holiday exists (the year's
 * coverage is defined by having holidays, as for the package data).
 */
export function holidayTableProblems(t: HolidayTable): string[] {
  const problems: string[] = [];
  const prefix = `${t.year} 年节假日表`;
  const checkKeys = (map: Record<string, string>, what: string): void => {
    for (const d of Object.keys(map)) {
      if (!isISODate(d)) problems.push(`${prefix}：${what}“${d}”不是有效日期（格式应为 YYYY-MM-DD）`);
      else if (Number(d.slice(0, 4)) !== t.year) problems.push(`${prefix}：${what} ${d} 不属于 ${t.year} 年`);
    }
  };
  checkKeys(t.holidays, '节假日');
  checkKeys(t.workdays, '调休上班日');
  if (Object.keys(t.holidays).length === 0) problems.push(`${prefix}：未录入任何节假日`);
  for (const d of Object.keys(t.workdays)) {
    if (d in t.holidays) problems.push(`${prefix}：${d} 同时被录入为节假日和调休上班日`);
    else if (isISODate(d) && weekday(d) !== 0 && weekday(d) !== 6) {
      problems.push(`${prefix}：调休上班日 ${d} 不是周末，无需录入`);
    }
  }
  return problems;
}
