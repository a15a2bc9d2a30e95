/**
 * Citizen identity numbers (公民身份号码, GB 11643-1999) and the masked forms of personal data shown in the product.
 *
 * Layout of the 18 characters: 6-digit administrative region code, 8-digit birth date (YYYYMMDD), 3-digit sequence
 * number (odd = male, even = female) and one ISO 7064 MOD 11-2 check character (0–9 or X).
 *
 * Pure functions only: this module is shared by the mini program and the cloud functions.
 */

/** Why an ID number was rejected. */
export type IdCardErrorCode = 'ID_FORMAT' | 'ID_BIRTHDATE' | 'ID_CHECKSUM';

/** Facts read out of a valid ID number. */
export interface IdCardInfo {
  /** The normalised number: 18 characters, check character upper-case. */
  id: string;
  /** Date of birth, `YYYY-MM-DD`. */
  birthDate: string;
  /** From the sequence number's last digit (the 17th character): odd = male. */
  sex: 'male' | 'female';
  /** The 6-digit administrative region code of the place of first registration. */
  regionCode: string;
}

/** Result of {@link parseIdCard}: the parsed number, or a code plus a Chinese message for the user. */
export type IdCardParseResult = { ok: true; value: IdCardInfo } | { ok: false; code: IdCardErrorCode; message: string };

/** ISO 7064 MOD 11-2 weights, i.e. 2^(17−i) mod 11 for positions i = 0…16. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character indexed by (weighted sum mod 11). */
const CHECK_CHARS = '10X98765432';

const ID18_RE = /^\d{17}[\dX]$/;
const ID15_RE = /^\d{15}$/;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Earliest birth year accepted. The standard sets no bound, but nobody alive was born before this, and it keeps
 * absurd years such as 0001 out of date arithmetic.
 */
const MIN_BIRTH_YEAR = 1800;

function fail(code: IdCardErrorCode, message: string): IdCardParseResult {
  return { ok: false, code, message };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Real-calendar check done by hand rather than with `Date`, which silently rolls 02-30 over to 03-02. */
function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** Days per month of a common year. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** The number the ASCII digits of `s` from `from` up to `to` spell (the caller has checked they are digits). */
function digitsAt(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/** The check character of `id`'s first 17 characters, already known to be ASCII digits. */
function checkCharOf(id: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Computes the GB 11643 check character for the first 17 digits of an ID number.
 *
 * @param first17 exactly 17 ASCII digits
 * @returns `'0'`–`'9'` or `'X'`
 * @throws {RangeError} when `first17` is not 17 digits — a programming error, not bad user input
 */
export function idCardCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('idCardCheckChar expects exactly 17 digits');
  return checkCharOf(first17);
}

/**
 * Validates and parses an 18-digit citizen ID number (GB 11643-1999).
 *
 * Surrounding whitespace is ignored and a lower-case `x` check character is accepted and upper-cased. Old 15-digit
 * numbers are refused: they carry no check digit, and every current resident ID card holds the 18-digit form.
 *
 * Checks run format → birth date → check digit, so a mistyped birth date gets the more specific message.
 *
 * @param s the number as typed by the user
 * @param today optional `YYYY-MM-DD` (Beijing date); when given, a birth date after it is rejected
 * @returns the parsed number, or `ok: false` with a code and a Chinese message for the user
 * @throws {RangeError} when `today` is given but is not a real `YYYY-MM-DD` date (a caller bug)
 */
export function parseIdCard(s: string, today?: string): IdCardParseResult {
  let todayKey: number | undefined;
  if (today !== undefined) {
    const t = ISO_DATE_RE.exec(today);
    if (!t || !isRealDate(Number(t[1]), Number(t[2]), Number(t[3]))) {
      throw new RangeError(`parseIdCard: today must be a YYYY-MM-DD date, got ${JSON.stringify(today)}`);
    }
    todayKey = Number(t[1] + t[2] + t[3]);
  }

  // Cloud-function payloads are untyped at run time, so guard even though the signature says string.
  if (typeof s !== 'string') return fail('ID_FORMAT', '请输入身份证号码');
  const trimmed = s.trim();
  if (trimmed === '') return fail('ID_FORMAT', '请输入身份证号码');
  const id = trimmed.toUpperCase();

  // An 18-character number cannot also be a 15-digit one, so testing the usual form first answers the same.
  if (!ID18_RE.test(id)) {
    if (ID15_RE.test(id)) return fail('ID_FORMAT', '暂不支持15位旧身份证号码，请填写18位身份证号码');
    return fail('ID_FORMAT', '身份证号码应为18位，由数字组成，最后一位可以是X');
  }

  // Positions 6–13 are digits (checked above): read them without slicing.
  const y = digitsAt(id, 6, 10);
  const m = digitsAt(id, 10, 12);
  const d = digitsAt(id, 12, 14);
  if (y < MIN_BIRTH_YEAR || !isRealDate(y, m, d)) {
    return fail('ID_BIRTHDATE', '身份证号码中的出生日期不正确');
  }
  // YYYYMMDD as a number orders the same way as the date itself.
  if (todayKey !== undefined && y * 10000 + m * 100 + d > todayKey) {
    return fail('ID_BIRTHDATE', '身份证号码中的出生日期晚于今天');
  }

  if (checkCharOf(id) !== id[17]) {
    return fail('ID_CHECKSUM', '身份证号码校验位不正确，请核对后重新输入');
  }

  return {
    ok: true,
    value: {
      id,
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      sex: Number(id[16]) % 2 === 1 ? 'male' : 'female',
      regionCode: id.slice(0, 6),
    },
  };
}

/**
 * True when `s` is a valid 18-digit citizen ID number (see {@link parseIdCard}).
 *
 * @param s the number to check
 * @param today optional `YYYY-MM-DD`; birth dates after it are invalid
 */
export function isValidIdCard(s: string, today?: string): boolean {
  return parseIdCard(s, today).ok;
}

/**
 * Masks an ID number for display and logs: first 6 and last 4 characters kept, the 8 between replaced with `*`,
 * e.g. `330106********123X`. This is the single masked form used across the product.
 *
 * Anything that is not exactly 18 characters long is masked completely (same length), because we cannot know
 * which part of a malformed value is sensitive. A lower-case `x` is shown upper-case, matching the stored form.
 *
 * @param id the ID number (normally already normalised by {@link parseIdCard})
 */
export function maskIdCard(id: string): string {
  if (typeof id !== 'string') return '';
  if (id.length !== 18) return '*'.repeat(id.length);
  return `${id.slice(0, 6)}********${id.slice(14).toUpperCase()}`;
}

/**
 * Masks a person's name: keeps the first character and replaces each of the rest with `*`
 * (张三 → 张*, 欧阳娜娜 → 欧***). A single-character name is returned unchanged; surrounding whitespace is dropped.
 *
 * Works on code points, so rare characters outside the BMP (e.g. 𠇔) count as one character and are never split.
 *
 * @param name the name as stored
 */
export function maskName(name: string): string {
  if (typeof name !== 'string') return '';
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.join('');
  return chars[0] + '*'.repeat(chars.length - 1);
}
