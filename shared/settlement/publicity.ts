/**
 * 公示期: the admitted list is public for a round's number of working days (rules.ts), counted from the day the line
 * is published when that is a working day, else from the next one; the 准入通知书 are issued on the working day after
 * the last publicity day (FAQ 五 第四步: "公示期结束后 … 签发《积分落户准入通知书》").
 */
import type { WorkCalendar } from '../calendar';
import type { ISODate } from '../dates';

/** A publicity window: first and last day (inclusive, working days) and the day notices are due. */
export interface PublicityWindow {
  from: ISODate;
  to: ISODate;
  workingDays: number;
  /** The working day after `to`: the scheduler issues the admission notices from this day on. */
  noticesOn: ISODate;
}

/** The publicity window of a line published on `publishedOn`, lasting `workingDays` working days. */
export function publicityWindow(cal: WorkCalendar, publishedOn: ISODate, workingDays: number): PublicityWindow {
  if (!Number.isInteger(workingDays) || workingDays < 1) throw new RangeError(`公示天数应为正整数：${workingDays}`);
  const from = cal.nextWorkdayOnOrAfter(publishedOn);
  const to = cal.addWorkdays(from, workingDays - 1);
  return { from, to, workingDays, noticesOn: cal.addWorkdays(to, 1) };
}

/** Whether `today` is inside the window (objections are received then). */
export function inPublicity(w: Pick<PublicityWindow, 'from' | 'to'>, today: ISODate): boolean {
  return today >= w.from && today <= w.to;
}
