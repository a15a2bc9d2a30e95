/**
 * The name rules, zod-free so the phone checks them exactly as the server does.
 *
 * A person's name holds what a name on a Chinese ID card (or a foreigner's permanent residence ID card) can hold: Han
 * characters — any of them, the rare ones of the CJK extensions beyond the BMP included (`\p{Script=Han}`), the
 * middle dot · of minority and transliterated names (look-alikes such as • ‧ ・ are normalised to ·), and Latin
 * letters with single spaces for minority and foreign names. Markup, digits, punctuation, control characters, lone
 * surrogates and JavaScript's non-values (`NaN`, `undefined`, …) are refused.
 *
 * An organisation's name (用人单位) holds what a registered company name holds: Han characters, Latin letters, Arabic
 * digits, brackets （）() and the middle dot, with single spaces between words.
 */

/** Longest accepted person name, in characters (code points). */
export const NAME_MAX = 30;
/** Longest accepted organisation name, in characters (code points). */
export const ORG_NAME_MAX = 60;

/** The middle dot a stored name uses. */
export const NAME_DOT = '·';
/** Characters people type for the middle dot: ‧ • ・ ･ ⋅ ∙ · (Greek) ᐧ ⸱ ・; normalised to {@link NAME_DOT}. */
const DOT_LOOKALIKES = /[\u2027\u2022\u30FB\uFF65\u22C5\u2219\u0387\u1427\u2E31\u00B7]/gu;

/**
 * C0/C1 controls (tab and escape sequences included), format characters (zero-width, bidi overrides), line and
 * paragraph separators, and unpaired surrogates (in a `u` regex a lone surrogate is a code point of category Cs).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

const PERSON_CHARS = /^[\p{Script=Han}\p{Script=Latin}· ]+$/u;
const ORG_CHARS = /^[\p{Script=Han}\p{Script=Latin}0-9·（）() ]+$/u;
const LATIN_NON_LETTER = /[^\P{Script=Latin}\p{L}]/u;
const HAS_LETTER = /[\p{Script=Han}\p{Script=Latin}]/u;
/** What a program prints for a missing or broken value; never anyone's name. */
const NON_VALUES = new Set(['nan', 'null', 'undefined', 'infinity', 'true', 'false', 'none', 'nil']);

/**
 * A name as it is stored: full-width Latin letters, digits and the ideographic space made plain, middle-dot look-alikes made
 * ·, spaces around a dot removed, runs of spaces made one, trimmed. Canonical Unicode composition (NFC) first.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFC')
    .replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u3000\u00A0]/g, ' ')
    .replace(DOT_LOOKALIKES, NAME_DOT)
    .replace(/ *· */g, NAME_DOT)
    .replace(/ {2,}/g, ' ')
    .trim();
}

/** Problems every kind of name shares; '' when none. `what` is 姓名 or 单位名称. */
function commonProblem(raw: string, what: string, max: number): string | null {
  if (INVISIBLE.test(raw)) {
    return `${what}含有不可见的控制字符或无法显示的字符，请重新输入`;
  }
  const t = normalizeName(raw);
  if (!t) return `请填写${what}`;
  if ([...t].length > max) return `${what}不超过 ${max} 字`;
  if (NON_VALUES.has(t.toLowerCase())) return `“${t}”不是有效的${what}`;
  return t.includes(NAME_DOT + NAME_DOT) || t.startsWith(NAME_DOT) || t.endsWith(NAME_DOT)
    ? `${what}中的间隔号“·”只能用在两段文字之间`
    : null;
}

/** What is wrong with a person's name, in Chinese, or '' when it is fine (after {@link normalizeName}). */
export function nameProblem(name: string): string {
  const common = commonProblem(name, '姓名', NAME_MAX);
  if (common !== null) return common;
  const t = normalizeName(name);
  if (!PERSON_CHARS.test(t) || LATIN_NON_LETTER.test(t) || !HAS_LETTER.test(t)) {
    return '姓名只能包含汉字、英文字母、空格和间隔号“·”（与身份证件上的姓名一致）';
  }
  return '';
}

/** What is wrong with an organisation's name (用人单位), in Chinese, or '' when it is fine. */
export function orgNameProblem(name: string): string {
  const common = commonProblem(name, '单位名称', ORG_NAME_MAX);
  if (common !== null) return common;
  const t = normalizeName(name);
  if (!ORG_CHARS.test(t) || LATIN_NON_LETTER.test(t) || !HAS_LETTER.test(t)) {
    return '单位名称只能包含汉字、英文字母、数字、括号和间隔号“·”（与营业执照上的名称一致）';
  }
  return '';
}
