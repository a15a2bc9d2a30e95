/**
 * How long a document stays valid. The 《积分落户准入通知书》 is valid 60 days from issue, counted as the Civil Code
 * counts periods (民法典 art. 201: the day the period starts is not counted; art. 203: a last day that falls on a
 * statutory holiday or rest day moves to the day after it ends, i.e. the next working day).
 */
import { addDays, isISODate, type ISODate } from '../dates';
import type { WorkCalendar } from '../calendar';

/** Validity of the admission notice, in days (lifecycle.md step 4b). */
export const NOTICE_VALID_DAYS = 60;

/**
 * The last day on which a period of `days` days starting on `start` still runs (both inclusive of that day).
 *
 * Example: issued 2021-08-03, 60 days → day 60 is 2021-10-02 (国庆节) → last valid day 2021-10-08.
 * A make-up working day (调休上班, e.g. Saturday 2021-10-09) is a working day and does not move.
 *
 * @param start the day the period starts (not counted, art. 201)
 * @param days the period's length in days, ≥ 1
 * @param calendar working days; throws CalendarGapError when the last day's year is not covered
 */
export function lastDayOfPeriod(start: ISODate, days: number, calendar: WorkCalendar): ISODate {
  if (!isISODate(start)) throw new RangeError(`无效日期：${String(start)}（格式应为 YYYY-MM-DD）`);
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`期间天数应为正整数，收到 ${days}`);
  return calendar.nextWorkdayOnOrAfter(addDays(start, days));
}

/** The last valid day printed on an admission notice issued on `issuedOn`. */
export function noticeLastValidDay(issuedOn: ISODate, calendar: WorkCalendar): ISODate {
  return lastDayOfPeriod(issuedOn, NOTICE_VALID_DAYS, calendar);
}

/** Whether a notice issued on `issuedOn` is still valid on `day` (the issue day itself counts as valid). */
export function isNoticeValidOn(issuedOn: ISODate, day: ISODate, calendar: WorkCalendar): boolean {
  return day >= issuedOn && day <= noticeLastValidDay(issuedOn, calendar);
}
