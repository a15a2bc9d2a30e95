/** The dates of one application after acceptance (lifecycle.md step 2, 2a, 3), from the working-day calendar. */
import type { ISODate } from '../dates';
import type { WorkCalendar } from '../calendar';
import { disputeDeadline, resultDate, voucherFrom, type TimeRules } from '../rounds';

/** Every date the applicant sees on the query page. */
export interface CaseTimeline {
  accepted: ISODate;
  /** 积分查询: results can be queried from this day (acceptance + 20 working days). */
  resultDate: ISODate;
  /** 异议: last day to raise a dispute (result + 7 working days). */
  disputeDeadline: ISODate;
  /** 打印积分有效凭证 from this day (result + 7 working days). */
  voucherFrom: ISODate;
}

/**
 * The time left for a 补正: the corrected case must be resubmitted before its result date (the review's end; the
 * sources name no other 补正 deadline, [I]). `before` is that date; `workingDaysLeft` counts today (when a working day)
 * up to the day before it, 0 once it has come.
 */
export interface CorrectionWindow {
  before: ISODate;
  workingDaysLeft: number;
}

/** The 补正 window of a case whose result date is `resultDate`, on `today`. */
export function correctionWindow(resultDate: ISODate, today: ISODate, cal: WorkCalendar): CorrectionWindow {
  if (today >= resultDate) return { before: resultDate, workingDaysLeft: 0 };
  // workdaysBetween counts (today, resultDate]; the result date itself is no longer in time.
  const left = cal.workdaysBetween(today, resultDate) - (cal.isWorkday(resultDate) ? 1 : 0);
  return { before: resultDate, workingDaysLeft: left + (cal.isWorkday(today) ? 1 : 0) };
}

/** Computes the timeline of a case accepted on `accepted`. Throws CalendarGapError for a year without holiday data. */
export function caseTimeline(accepted: ISODate, cal: WorkCalendar, rules?: TimeRules): CaseTimeline {
  const result = resultDate(accepted, cal, rules);
  return {
    accepted,
    resultDate: result,
    disputeDeadline: disputeDeadline(result, cal, rules),
    voucherFrom: voucherFrom(result, cal, rules),
  };
}

/**
 * The timeline as the case lives it: a result published after its result date (an overdue review) moves the dispute
 * window and the voucher date with it, since both run from the day the person can read the result (lifecycle.md 2a,
 * 3). The one rule for both dates; `publishedOn` is the Beijing day of publication, if any.
 */
export function publishedTimeline(
  t: CaseTimeline,
  publishedOn: ISODate | null,
  cal: WorkCalendar,
  rules?: TimeRules,
): CaseTimeline {
  if (!publishedOn || publishedOn <= t.resultDate) return t;
  return {
    ...t,
    disputeDeadline: disputeDeadline(publishedOn, cal, rules),
    voucherFrom: voucherFrom(publishedOn, cal, rules),
  };
}
