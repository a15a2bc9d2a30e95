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
