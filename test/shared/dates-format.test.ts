/**
 * The one display format of dates, assembled from the ISO digits (shared/dates.ts), must be exactly what dayjs with
 * the zh-cn locale gives for the same patterns — for every day of the years the product can meet, every month, and
 * instants in every hour around Beijing's midnight.
 */
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { addDays, beijingDate, formatChineseDate, formatChineseDateTime, formatChineseMonth } from '../../shared/dates';

describe('Chinese display dates', () => {
  it('should format every day from 1950 to 2040 exactly as dayjs’s YYYY年M月D日 does', () => {
    const ours: string[] = [];
    const theirs: string[] = [];
    for (let d = '1950-01-01'; d <= '2040-12-31'; d = addDays(d, 1)) {
      ours.push(`${d} ${formatChineseDate(d)}`);
      theirs.push(`${d} ${dayjs(d).locale('zh-cn').format('YYYY年M月D日')}`);
    }
    expect(ours.length).toBe(33238);
    // One comparison of the whole list: a mismatch shows the day it happened on.
    expect(ours).toEqual(theirs);
    expect(formatChineseDate('2021-10-01')).toBe('2021年10月1日');
  });

  it('should format every month from 1950 to 2040 exactly as dayjs’s YYYY年M月 does', () => {
    for (let y = 1950; y <= 2040; y++) {
      for (let m = 1; m <= 12; m++) {
        const month = `${y}-${String(m).padStart(2, '0')}`;
        expect(formatChineseMonth(month)).toBe(dayjs(`${month}-01`).locale('zh-cn').format('YYYY年M月'));
      }
    }
    expect(formatChineseMonth('2019-03')).toBe('2019年3月');
  });

  it('should format instants in Beijing time as dayjs does, across midnight and the turn of a year', () => {
    const start = Date.parse('2020-12-31T10:00:00.000Z');
    for (let i = 0; i < 48 * 4; i++) {
      const iso = new Date(start + i * 15 * 60_000 + 7_000).toISOString();
      const local = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16);
      expect([iso, formatChineseDateTime(iso)]).toEqual([
        iso,
        dayjs(local).locale('zh-cn').format('YYYY年M月D日 HH:mm'),
      ]);
    }
    expect(formatChineseDateTime('2021-10-08T06:03:59.000Z')).toBe('2021年10月8日 14:03');
    expect(formatChineseDateTime('2020-12-31T16:00:00.000Z')).toBe('2021年1月1日 00:00');
  });

  it('should give back a text that is not a date, a month or an instant as it came', () => {
    for (const t of ['', '2021-02-30', '2021-1-5', '明天', '2021-13']) expect(formatChineseDate(t)).toBe(t);
    for (const t of ['', '2021-13', '2021-3', '三月']) expect(formatChineseMonth(t)).toBe(t);
    for (const t of ['', 'not a time']) expect(formatChineseDateTime(t)).toBe(t);
  });
});

describe('beijingDate (the day it printed last is kept)', () => {
  /** The date as the function printed it before it kept a day: a new Date eight hours on, its ISO date. */
  const reference = (t: number): string => new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);

  it('should give the ISO date eight hours on for instants around Beijing midnight, in any order', () => {
    const instants: number[] = [];
    for (const day of ['1969-12-31', '1970-01-01', '2021-10-07', '2024-02-29', '2024-12-31']) {
      const midnight = Date.parse(`${day}T16:00:00.000Z`); // Beijing midnight of the next day
      for (const dt of [-3_600_000, -1, 0, 1, 3_600_000]) instants.push(midnight + dt);
    }
    instants.push(-1, 0, 1, -8 * 3_600_000 - 1, -8 * 3_600_000);
    // Forwards, backwards and alternating: what is kept never leaks into another day.
    const orders = [
      instants,
      [...instants].reverse(),
      instants.flatMap((t, i) => [t, instants[instants.length - 1 - i] as number]),
    ];
    for (const order of orders) for (const t of order) expect(beijingDate(new Date(t))).toBe(reference(t));
  });

  it('should throw for an invalid date and at the edge of the time range as before', () => {
    expect(() => beijingDate(new Date(NaN))).toThrow(RangeError);
    const last = 8.64e15 - 8 * 3_600_000; // eight hours on is the last valid instant
    expect(beijingDate(new Date(last))).toBe(reference(last));
    expect(() => beijingDate(new Date(last + 1))).toThrow(RangeError);
    expect(beijingDate(new Date(0))).toBe('1970-01-01');
  });
});
