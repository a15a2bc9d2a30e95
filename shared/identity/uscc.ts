/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015), the 18-character identifier of every employer.
 *
 * Layout: 1 registration-authority code, 1 organisation-type code, 6-digit region code, 9-character organisation
 * code (GB 11714, itself ending in a MOD 11 check character), then 1 MOD 31 check character over the first 17.
 *
 * Pure functions only: this module is shared by the mini program and the cloud functions.
 */

/** Why a unified social credit code was rejected. */
export type UsccErrorCode = 'USCC_FORMAT' | 'USCC_CHECKSUM' | 'USCC_ORG_CHECKSUM';

/** Result of {@link parseUscc}: the normalised code, or a code plus a Chinese message for the user. */
export type UsccParseResult = { ok: true; value: string } | { ok: false; code: UsccErrorCode; message: string };

/**
 * The 31 characters allowed by GB 32100; a character's value is its index. I, O, Z, S and V are left out because
 * they are easily confused with 1, 0, 2, 5 and U.
 */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** GB 32100 weights, 3^i mod 31 for positions i = 0…16. */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
/** GB 11714 organisation-code weights for its 8 body characters. */
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

const USCC_RE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

function fail(code: UsccErrorCode, message: string): UsccParseResult {
  return { ok: false, code, message };
}

/**
 * Computes the GB 32100 check character (the 18th) for the first 17 characters of a code.
 *
 * @param first17 17 characters from the GB 32100 charset, upper-case
 * @throws {RangeError} when `first17` has the wrong length or a character outside the charset (a caller bug)
 */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('usccCheckChar expects exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i]);
    if (v < 0) throw new RangeError(`usccCheckChar: character ${JSON.stringify(first17[i])} is not allowed`);
    sum += v * WEIGHTS[i];
  }
  // 31 − (sum mod 31), where a result of 31 wraps to 0.
  return CHARSET[(31 - (sum % 31)) % 31];
}

/**
 * Computes the GB 11714 check character (the 9th) for the 8 body characters of an organisation code.
 * Digits are worth their value and letters A–Z 10–35.
 *
 * @param body8 8 characters, digits or upper-case letters
 * @returns `'0'`–`'9'` or `'X'`
 * @throws {RangeError} when `body8` is not 8 digits/upper-case letters (a caller bug)
 */
export function orgCodeCheckChar(body8: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body8)) throw new RangeError('orgCodeCheckChar expects 8 digits or upper-case letters');
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    const v = c <= 57 ? c - 48 : c - 55; // '0'–'9' → 0–9, 'A'–'Z' → 10–35
    sum += v * ORG_WEIGHTS[i];
  }
  // 11 − (sum mod 11): 10 is written X and 11 is written 0.
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/**
 * Validates a unified social credit code (GB 32100-2015) and normalises it to upper case.
 *
 * Surrounding whitespace is ignored. The first two characters (registration authority and organisation type) are
 * only checked against the charset: new type codes are added over time and rejecting them would block real employers.
 * Both check characters are verified: the organisation code's own (GB 11714, 17th character) and the code's (18th).
 *
 * @param s the code as typed by the user
 * @returns the normalised code, or `ok: false` with a code and a Chinese message for the user
 */
export function parseUscc(s: string): UsccParseResult {
  // Cloud-function payloads are untyped at run time, so guard even though the signature says string.
  if (typeof s !== 'string' || s.trim() === '') return fail('USCC_FORMAT', '请输入统一社会信用代码');
  const code = s.trim().toUpperCase();

  if (code.length !== 18) return fail('USCC_FORMAT', '统一社会信用代码应为18位');
  if (!USCC_RE.test(code)) {
    return fail('USCC_FORMAT', '统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）');
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return fail('USCC_FORMAT', '统一社会信用代码第3至8位应为行政区划代码（数字）');
  }

  if (orgCodeCheckChar(code.slice(8, 16)) !== code[16]) {
    return fail('USCC_ORG_CHECKSUM', '统一社会信用代码中的组织机构代码校验位不正确，请核对后重新输入');
  }
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) {
    return fail('USCC_CHECKSUM', '统一社会信用代码校验位不正确，请核对后重新输入');
  }
  return { ok: true, value: code };
}

/**
 * True when `s` is a valid unified social credit code (see {@link parseUscc}).
 *
 * @param s the code to check
 */
export function isValidUscc(s: string): boolean {
  return parseUscc(s).ok;
}
