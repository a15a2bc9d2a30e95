/** Errors raised by the working-day calendar. */

/**
 * Thrown when a query touches a year for which no holiday arrangement is known (neither in chinese-days nor in an
 * admin table). Guessing "weekdays only" would give wrong deadlines around Spring Festival and National Day, so we
 * refuse and ask for the table instead.
 */
export class CalendarGapError extends Error {
  /** Stable code for callers and the API layer. */
  readonly code = 'CALENDAR_YEAR_MISSING' as const;
  /** The year that has no holiday table. */
  readonly year: number;

  /** @param year the uncovered year */
  constructor(year: number) {
    super(`${year} 年的法定节假日安排尚未录入，无法计算工作日，请管理员录入该年度节假日表`);
    this.name = 'CalendarGapError';
    this.year = year;
    // Keeps `instanceof` working should the code ever be compiled down to ES5.
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Thrown by `createCalendar` when an admin-supplied holiday table is malformed; `problems` are Chinese messages. */
export class HolidayTableError extends Error {
  /** Stable code for callers and the API layer. */
  readonly code = 'HOLIDAY_TABLE_INVALID' as const;
  /** Every problem found, in Chinese. */
  readonly problems: string[];

  /** @param problems Chinese descriptions of what is wrong */
  constructor(problems: string[]) {
    super(`节假日表有误：${problems.join('；')}`);
    this.name = 'HolidayTableError';
    this.problems = problems;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
