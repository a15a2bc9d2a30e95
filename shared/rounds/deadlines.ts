/**
 * Time rules of a points application (2021 FAQ 五): result 20 working days after acceptance, disputes within 7
 * working days, voucher 7 working days after the result, settlement notice valid 60 days. The numbers are data
 * ({@link TimeRules}) so a new notice changes them without code.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { CalendarGapError, type WorkCalendar } from '../calendar';
import { addDays, formatChineseDate, type ISODate } from '../dates';
import type { Round, Window } from './types';

/** The numbers of the time rules, with the confidence of their source. */
export const TimeRulesSchema = z.object({
  /** 受理的 N 个工作日后查询积分. */
  resultAfterWorkdays: checked(z.number(), z.int(), z.positive()),
  /** 如有异议，需在 N 个工作日内提出. */
  disputeWorkdays: checked(z.number(), z.int(), z.positive()),
  /** 获得积分的 N 个工作日后，可打印积分有效凭证. */
  voucherAfterWorkdays: checked(z.number(), z.int(), z.positive()),
  /** 《积分落户准入通知书》有效期 N 天 (calendar days). */
  noticeValidDays: checked(z.number(), z.int(), z.positive()),
  /** Confidence of the source, as in the policy notes: C confirmed, C-old earlier version, I inferred, U unknown. */
  confidence: z.enum(['C', 'C-old', 'I', 'U']),
  source: z.optional(z.string()),
});
/** See {@link TimeRulesSchema}. */
export type TimeRules = z.infer<typeof TimeRulesSchema>;

/** The 2021 FAQ's numbers. */
export const DEFAULT_TIME_RULES: TimeRules = Object.freeze({
  resultAfterWorkdays: 20,
  disputeWorkdays: 7,
  voucherAfterWorkdays: 7,
  noticeValidDays: 60,
  confidence: 'C',
  source: '2021 年杭州市居住证积分答问（五）',
});

/** The day the result can be queried: the `resultAfterWorkdays`-th working day after acceptance (2021-09-28 → 2021-11-01). */
export function resultDate(accepted: ISODate, calendar: WorkCalendar, rules: TimeRules = DEFAULT_TIME_RULES): ISODate {
  return calendar.addWorkdays(accepted, rules.resultAfterWorkdays);
}

/**
 * The last day (inclusive) to raise a dispute: the `disputeWorkdays`-th working day after the result date. After it
 * the points count as confirmed.
 */
export function disputeDeadline(
  result: ISODate,
  calendar: WorkCalendar,
  rules: TimeRules = DEFAULT_TIME_RULES,
): ISODate {
  return calendar.addWorkdays(result, rules.disputeWorkdays);
}

/**
 * The first day the 积分有效凭证 can be printed: the `voucherAfterWorkdays`-th working day after the result date.
 * With the default rules this is the same day as the dispute deadline, as the FAQ's wording gives.
 */
export function voucherFrom(result: ISODate, calendar: WorkCalendar, rules: TimeRules = DEFAULT_TIME_RULES): ISODate {
  return calendar.addWorkdays(result, rules.voucherAfterWorkdays);
}

/**
 * The last day (inclusive) the 《积分落户准入通知书》 is valid. Decision: "valid 60 days" counts the issue day as day
 * 1, so a notice issued on D is valid through D + 59 (issued 2021-12-20 → valid through 2022-02-17). Calendar days,
 * so no working-day calendar is needed.
 */
export function noticeExpires(issued: ISODate, rules: TimeRules = DEFAULT_TIME_RULES): ISODate {
  return addDays(issued, rules.noticeValidDays - 1);
}

/** Outcome of an acceptance check; `message` is for the user. */
export type AcceptanceCheck = { ok: true } | { ok: false; code: 'OUTSIDE_WINDOW' | 'NOT_WORKDAY'; message: string };

function checkWindow(window: Window, what: string, round: Round, d: ISODate, calendar: WorkCalendar): AcceptanceCheck {
  const f = formatChineseDate;
  if (d < window.from || d > window.to) {
    return {
      ok: false,
      code: 'OUTSIDE_WINDOW',
      message: `${round.name}${what}受理时间为${f(window.from)}至${f(window.to)}，${f(d)}不在受理期内`,
    };
  }
  if (!window.workingDaysOnly || calendar.isWorkday(d)) return { ok: true };
  const holiday = calendar.holidayName(d);
  const why = holiday ? `${f(d)}是法定节假日（${holiday}）` : `${f(d)}是休息日`;
  let next: ISODate | undefined;
  try {
    next = calendar.nextWorkdayOnOrAfter(d);
  } catch (e) {
    // Only the hint needs the next year's calendar; the answer itself does not.
    if (!(e instanceof CalendarGapError)) throw e;
  }
  const hint =
    next && next <= window.to ? `，请于工作日办理（最近为${f(next)}）` : `，本期${what}受理期内已无剩余工作日`;
  return { ok: false, code: 'NOT_WORKDAY', message: `${why}，不受理${what}${hint}` };
}

/** Whether the round accepts points applications (积分申请) on `d`: inside the window, and a working day if required. */
export function isAcceptingOn(round: Round, d: ISODate, calendar: WorkCalendar): AcceptanceCheck {
  return checkWindow(round.application, '积分申请', round, d, calendar);
}

/** Whether the round accepts settlement applications (积分落户申请) on `d`, like {@link isAcceptingOn}. */
export function isSettlementAcceptingOn(round: Round, d: ISODate, calendar: WorkCalendar): AcceptanceCheck {
  return checkWindow(round.settlement, '积分落户申请', round, d, calendar);
}
