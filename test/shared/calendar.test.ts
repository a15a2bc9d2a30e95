import {
  builtinCoveredYears,
  CalendarGapError,
  createCalendar,
  HolidayTableError,
  HolidayTableSchema,
  type HolidayTable,
} from '../../shared/calendar';
import { addDays } from '../../shared/dates';

/**
 * A made-up 2027 table (the State Council notice for 2027 is not in chinese-days 1.5.7): New Year, and a National
 * Day block 10-01…10-07 with make-up Saturday 10-09, plus a fictitious extra holiday on Monday 2027-03-08.
 */
const ADMIN_2027: HolidayTable = {
  year: 2027,
  holidays: {
    '2027-01-01': '元旦',
    '2027-03-08': '测试假日',
    '2027-10-01': 'National Day,国庆节,3',
    '2027-10-02': '国庆节',
    '2027-10-03': '国庆节',
    '2027-10-04': '国庆节',
    '2027-10-05': '国庆节',
    '2027-10-06': '国庆节',
    '2027-10-07': '国庆节',
  },
  workdays: { '2027-10-09': '国庆节' },
  source: '测试数据',
};

describe('working-day calendar (chinese-days data)', () => {
  const cal = createCalendar();

  test('covered years are derived from the package data: 2004–2026, not 2027', () => {
    expect(builtinCoveredYears()[0]).toBe(2004);
    expect(builtinCoveredYears().slice(-1)[0]).toBe(2026);
    expect(cal.covers(2021)).toBe(true);
    expect(cal.covers(2026)).toBe(true);
    expect(cal.covers(2027)).toBe(false);
    expect(cal.coveredYears()).toEqual(builtinCoveredYears());
  });

  test('make-up days Sunday 2021-09-26 and Saturday 2021-10-09 are working days', () => {
    expect(cal.isWorkday('2021-09-26')).toBe(true);
    expect(cal.isWorkday('2021-10-09')).toBe(true);
  });

  test('National Day 2021-10-01…07 are not working days, and are named', () => {
    for (let d = 1; d <= 7; d++) expect(cal.isWorkday(`2021-10-0${d}`)).toBe(false);
    expect(cal.holidayName('2021-10-01')).toBe('国庆节');
    expect(cal.holidayName('2021-10-08')).toBeUndefined();
  });

  test('ordinary weekends are rest days and ordinary weekdays are working days', () => {
    expect(cal.isWorkday('2021-10-10')).toBe(false); // Sunday
    expect(cal.isWorkday('2021-10-16')).toBe(false); // Saturday
    expect(cal.isWorkday('2021-10-08')).toBe(true); // Friday
  });

  test('acceptance 2021-09-28 + 20 working days is 2021-11-01', () => {
    // By hand: 09-29, 09-30 (2); 10-01…07 holiday; 10-08, Sat 10-09 (4); 10-11…15 (9); 10-18…22 (14);
    // 10-25…29 (19); Sat 10-30 / Sun 10-31 rest; Mon 11-01 (20).
    expect(cal.addWorkdays('2021-09-28', 20)).toBe('2021-11-01');
  });

  test('addWorkdays counts the make-up Sunday 2021-09-26 and is strictly after the start', () => {
    expect(cal.addWorkdays('2021-09-24', 1)).toBe('2021-09-26');
    expect(cal.addWorkdays('2021-09-30', 1)).toBe('2021-10-08');
    expect(cal.addWorkdays('2021-10-08', 1)).toBe('2021-10-09');
    expect(cal.addWorkdays('2021-10-02', 0)).toBe('2021-10-02');
  });

  test('addWorkdays with a negative count goes backwards over the holiday', () => {
    expect(cal.addWorkdays('2021-10-08', -1)).toBe('2021-09-30');
    expect(cal.addWorkdays('2021-11-01', -20)).toBe('2021-09-28');
  });

  test('workdaysBetween counts (from, to] and inverts addWorkdays', () => {
    expect(cal.workdaysBetween('2021-09-28', '2021-11-01')).toBe(20);
    expect(cal.workdaysBetween('2021-11-01', '2021-09-28')).toBe(-20);
    expect(cal.workdaysBetween('2021-10-01', '2021-10-07')).toBe(0);
    expect(cal.workdaysBetween('2021-10-01', '2021-10-01')).toBe(0);
    for (const n of [1, 5, 7, 20, 30, 250]) {
      expect(cal.workdaysBetween('2025-12-20', cal.addWorkdays('2025-12-20', n))).toBe(n);
    }
  });

  test('nextWorkdayOnOrAfter keeps a working day and skips a holiday block', () => {
    expect(cal.nextWorkdayOnOrAfter('2021-10-08')).toBe('2021-10-08');
    expect(cal.nextWorkdayOnOrAfter('2021-10-01')).toBe('2021-10-08');
    expect(cal.nextWorkdayOnOrAfter('2021-10-10')).toBe('2021-10-11');
  });

  test('Spring Festival 2026: 02-15…23 off, Saturdays 02-14 and 02-28 worked; 2026-02-10 + 7 = 2026-02-26', () => {
    expect(cal.isWorkday('2026-02-14')).toBe(true);
    expect(cal.isWorkday('2026-02-16')).toBe(false);
    expect(cal.isWorkday('2026-02-23')).toBe(false);
    expect(cal.isWorkday('2026-02-28')).toBe(true);
    // 02-11, 02-12, 02-13, Sat 02-14 (4); 02-15…23 off; 02-24, 02-25, 02-26 (7).
    expect(cal.addWorkdays('2026-02-10', 7)).toBe('2026-02-26');
    // 20 working days from Thu 2026-02-05: 02-06, 02-09…13 (6), Sat 02-14 (7), 02-24…27 (11), Sat 02-28 (12),
    // 03-02…06 (17), 03-09…11 (20).
    expect(cal.addWorkdays('2026-02-05', 20)).toBe('2026-03-11');
  });

  test('National Day 2026: result 2026-09-28 + 7 working days = 2026-10-13 (Saturday 10-10 worked)', () => {
    expect(cal.isWorkday('2026-09-20')).toBe(true); // make-up Sunday
    expect(cal.isWorkday('2026-10-10')).toBe(true); // make-up Saturday
    expect(cal.isWorkday('2026-10-05')).toBe(false);
    // 09-29, 09-30 (2); 10-01…07 off; 10-08, 10-09, Sat 10-10 (5); 10-12, 10-13 (7).
    expect(cal.addWorkdays('2026-09-28', 7)).toBe('2026-10-13');
  });

  test('a date in 2027 throws CalendarGapError with code CALENDAR_YEAR_MISSING', () => {
    expect(() => cal.isWorkday('2027-03-01')).toThrow(CalendarGapError);
    try {
      cal.isWorkday('2027-03-01');
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(CalendarGapError);
      const gap = e as CalendarGapError;
      expect(gap.code).toBe('CALENDAR_YEAR_MISSING');
      expect(gap.year).toBe(2027);
      expect(gap.message).toContain('2027 年的法定节假日安排尚未录入');
    }
  });

  test('counting across the end of 2026 into 2027 throws instead of assuming weekdays', () => {
    expect(cal.addWorkdays('2026-12-21', 5)).toBe('2026-12-28');
    expect(() => cal.addWorkdays('2026-12-21', 10)).toThrow(CalendarGapError);
    expect(() => cal.workdaysBetween('2026-12-01', '2027-01-10')).toThrow(CalendarGapError);
    expect(() => cal.nextWorkdayOnOrAfter('2027-01-01')).toThrow(CalendarGapError);
    expect(() => cal.holidayName('2027-10-01')).toThrow(CalendarGapError);
    expect(() => cal.table(2027)).toThrow(CalendarGapError);
  });

  test('invalid dates and non-integer counts are rejected', () => {
    expect(() => cal.isWorkday('2021-02-30')).toThrow(RangeError);
    expect(() => cal.addWorkdays('2021-09-28', 1.5)).toThrow(RangeError);
  });

  test('table(year) returns the package data for a covered year', () => {
    const t = cal.table(2021);
    expect(t.source).toBe('chinese-days@1.5.7');
    expect(t.workdays['2021-09-26']).toContain('国庆节');
    expect(Object.keys(t.holidays).every((d) => d.startsWith('2021-'))).toBe(true);
  });
});

describe('admin holiday tables', () => {
  test('after supplying a 2027 table, 2027 works and its holidays and make-up days are honoured', () => {
    const cal = createCalendar([ADMIN_2027]);
    expect(cal.covers(2027)).toBe(true);
    expect(cal.isWorkday('2027-03-08')).toBe(false); // table holiday on a Monday
    expect(cal.isWorkday('2027-03-09')).toBe(true);
    expect(cal.isWorkday('2027-10-09')).toBe(true); // make-up Saturday
    expect(cal.holidayName('2027-10-01')).toBe('国庆节');
    expect(cal.holidayName('2027-03-08')).toBe('测试假日');
    // Thu 2027-09-30 + 1 skips 10-01…07 → Fri 10-08; + 2 → Sat 10-09.
    expect(cal.addWorkdays('2027-09-30', 1)).toBe('2027-10-08');
    expect(cal.addWorkdays('2027-09-30', 2)).toBe('2027-10-09');
    // Across the year end: Mon 2026-12-28 … Thu 12-31 (4), 2027-01-01 off, Mon 01-04 (5).
    expect(cal.addWorkdays('2026-12-27', 5)).toBe('2027-01-04');
    expect(() => cal.isWorkday('2028-01-03')).toThrow(CalendarGapError);
  });

  test('an admin table for a covered year replaces the package data for that year', () => {
    const cal = createCalendar([
      { year: 2026, holidays: { '2026-01-01': '元旦', '2026-03-02': '测试假日' }, workdays: {} },
    ]);
    expect(cal.isWorkday('2026-03-02')).toBe(false);
    expect(cal.isWorkday('2026-10-05')).toBe(true); // the package's National Day no longer applies
    expect(cal.isWorkday('2025-10-01')).toBe(false); // other years untouched
  });

  test('a malformed admin table is rejected with Chinese messages', () => {
    const bad: HolidayTable = {
      year: 2027,
      holidays: { '2028-01-01': '元旦', '2027-02-30': '坏日期' },
      workdays: { '2027-03-03': '周三调休' },
    };
    expect(() => createCalendar([bad])).toThrow(HolidayTableError);
    try {
      createCalendar([bad]);
    } catch (e) {
      const problems = (e as HolidayTableError).problems;
      expect(problems.some((p) => p.includes('不属于 2027 年'))).toBe(true);
      expect(problems.some((p) => p.includes('不是有效日期'))).toBe(true);
      expect(problems.some((p) => p.includes('不是周末'))).toBe(true);
    }
    expect(() => createCalendar([ADMIN_2027, ADMIN_2027])).toThrow(/重复/);
    expect(() => createCalendar([{ year: 2027, holidays: {}, workdays: {} }])).toThrow(/未录入任何节假日/);
  });

  test('HolidayTableSchema accepts a well-formed table', () => {
    expect(HolidayTableSchema.safeParse(ADMIN_2027).success).toBe(true);
    expect(HolidayTableSchema.safeParse({ year: 2027, holidays: { '2027-01-01': '元旦' } }).success).toBe(false);
  });

  // Its speed (< 50 µs a call for n ≤ 30) is a row of `npm run bench` (scripts/bench/engine.ts), not a timed test.
  test('addWorkdays for n ≤ 30 lands on the n-th working day, one isWorkday step at a time', () => {
    const cal = createCalendar();
    for (const start of ['2021-09-28', '2021-12-24', '2024-02-01', '2025-04-30']) {
      let d = start;
      for (let n = 1; n <= 30; n++) {
        d = addDays(d, 1);
        while (!cal.isWorkday(d)) d = addDays(d, 1);
        expect([start, n, cal.addWorkdays(start, n)]).toEqual([start, n, d]);
      }
    }
  });
});
