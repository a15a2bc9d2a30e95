/**
 * Calendar dates as ISO strings (`YYYY-MM-DD`), with arithmetic done in UTC so that the answer never depends on the
 * machine's timezone (cloud functions run in UTC, phones in Asia/Shanghai). "Today" is always Beijing time.
 * Display formatting (`2021年10月1日`) is here too, in one place. The formats have no locale-dependent part (no month
 * or weekday names), so they are assembled from the validated digits: the same text dayjs's `YYYY年M月D日` gives
 * (test/shared/dates-format.test.ts compares them day by day), without 9 KB of dayjs in every function bundle.
 */

/** An ISO calendar date, `YYYY-MM-DD`. */
export type ISODate = string;
/** An ISO month, `YYYY-MM`. */
export type ISOMonth = string;

const DAY_MS = 86_400_000;
/** China Standard Time is UTC+8 all year (no daylight saving). */
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** Two ASCII digits at i, or -1. Hand parsing: date checks run for every fact of every profile validated. */
function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = s.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** True when `s` is a real calendar date in `YYYY-MM-DD` form (rejects 2021-02-30). */
export function isISODate(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

/** True when `s` is a month in `YYYY-MM` form. */
export function isISOMonth(s: string): boolean {
  if (typeof s !== 'string' || s.length !== 7 || s.charCodeAt(4) !== 45) return false;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  return y >= 1900 && y <= 2200 && m >= 1 && m <= 12;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Number of days in a month (month 1–12), Gregorian leap years. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return MONTH_DAYS[month - 1];
}

/** Splits an ISO date into numbers. */
export function ymd(d: ISODate): { y: number; m: number; d: number } {
  return { y: digits(d, 0, 4), m: digits(d, 5, 2), d: digits(d, 8, 2) };
}

function toUTC(d: ISODate): number {
  const p = ymd(d);
  return Date.UTC(p.y, p.m - 1, p.d);
}

function fromUTC(ms: number): ISODate {
  // Hand formatting: toISOString() is the hot spot of pooled-month arithmetic.
  const dt = new Date(ms);
  return `${dt.getUTCFullYear()}-${pad2(dt.getUTCMonth() + 1)}-${pad2(dt.getUTCDate())}`;
}

/** `d` plus `n` calendar days (n may be negative). */
export function addDays(d: ISODate, n: number): ISODate {
  return fromUTC(toUTC(d) + n * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: ISODate, b: ISODate): number {
  return Math.round((toUTC(b) - toUTC(a)) / DAY_MS);
}

/** `d` plus `n` calendar years; 02-29 becomes 02-28 in a common year. */
export function addYears(d: ISODate, n: number): ISODate {
  const p = ymd(d);
  const y = p.y + n;
  const day = Math.min(p.d, daysInMonth(y, p.m));
  return `${y}-${pad2(p.m)}-${pad2(day)}`;
}

/** `d` plus `n` calendar months, clamped to the end of the target month. */
export function addMonths(d: ISODate, n: number): ISODate {
  const p = ymd(d);
  const idx = p.y * 12 + (p.m - 1) + n;
  const y = Math.floor(idx / 12);
  const m = (idx % 12) + 1;
  return `${y}-${pad2(m)}-${pad2(Math.min(p.d, daysInMonth(y, m)))}`;
}

/** The first day of `d`'s month. */
export function firstOfMonth(d: ISODate): ISODate {
  return d.slice(0, 8) + '01';
}

/** Weekday of a date, 0 = Sunday … 6 = Saturday. */
export function weekday(d: ISODate): number {
  return new Date(toUTC(d)).getUTCDay();
}

/** Month index (year·12 + month−1) for month arithmetic. */
export function monthIndex(m: ISOMonth | ISODate): number {
  return digits(m, 0, 4) * 12 + digits(m, 5, 2) - 1;
}

/** Inverse of {@link monthIndex}. */
export function monthFromIndex(i: number): ISOMonth {
  return `${Math.floor(i / 12)}-${pad2((i % 12) + 1)}`;
}

/** Whole years of age on `on` for someone born on `birth` (a birthday on `on` counts as reached). */
export function ageOn(birth: ISODate, on: ISODate): number {
  const b = ymd(birth);
  const o = ymd(on);
  let age = o.y - b.y;
  if (o.m < b.m || (o.m === b.m && o.d < b.d)) age -= 1;
  return age;
}

/**
 * Whole calendar months covered by the day range [from, toInclusive]: 2019-03-15 … 2020-03-14 is 12 months,
 * 2019-03-15 … 2020-03-13 is 11.
 */
export function fullMonths(from: ISODate, toInclusive: ISODate): number {
  if (toInclusive < from) return 0;
  const end = addDays(toInclusive, 1); // exclusive end
  const a = ymd(from);
  const b = ymd(end);
  let months = (b.y - a.y) * 12 + (b.m - a.m);
  // The anniversary day in the end month, clamped (a start on the 31st reaches the 30th/28th).
  const anniversary = Math.min(a.d, daysInMonth(b.y, b.m));
  if (b.d < anniversary) months -= 1;
  return Math.max(0, months);
}

/** The Beijing day (days since the epoch) {@link beijingDate} printed last, and its text. */
let lastBeijingDay = NaN;
let lastBeijingDate = '';

/** Today's date in Beijing time for an instant. */
export function beijingDate(now: Date): ISODate {
  const t = now.getTime() + BEIJING_OFFSET_MS;
  // Every request asks, nearly always for the same day: printed once per day, not as a new Date and ISO text each
  // time. An invalid date (NaN) never equals the day kept and throws in toISOString as before; the last day of
  // JavaScript's time range (1e8 days after the epoch: only its first instant is valid) is never kept.
  const day = Math.floor(t / DAY_MS);
  if (day === lastBeijingDay) return lastBeijingDate;
  const text = new Date(t).toISOString().slice(0, 10);
  if (day < 1e8) {
    lastBeijingDay = day;
    lastBeijingDate = text;
  }
  return text;
}

/** `2021年10月1日` from an ISO date already checked by {@link isISODate} (month and day without leading zeros). */
function chineseDateOf(d: ISODate): string {
  return `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
}

/** Formats `2021-10-01` as `2021年10月1日`, the one display format of a date on every screen and document (a text that is not a date is returned as given). */
export function formatChineseDate(d: ISODate): string {
  return isISODate(d) ? chineseDateOf(d) : d;
}

/** Formats an instant as Beijing date and time, `2021年10月8日 14:03` (a text that is not a timestamp as given). */
export function formatChineseDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + BEIJING_OFFSET_MS).toISOString();
  return `${chineseDateOf(local.slice(0, 10))} ${local.slice(11, 16)}`;
}

/** Formats a month `2019-03` as `2019年3月`. */
export function formatChineseMonth(m: ISOMonth): string {
  return isISOMonth(m) ? `${m.slice(0, 4)}年${Number(m.slice(5, 7))}月` : m;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
