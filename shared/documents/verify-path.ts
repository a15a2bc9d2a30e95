/**
 * The verification page's path with its parameters: what the QR code on a document carries (a plain QR code on the
 * local cloud; in production the same path as a mini program code from `wxacode`), and what the verify page reads.
 */
import { parseDocumentNumber } from './numbers';
import { normalizeVerificationCode } from './verification';

/** The verify page of the mini program. */
export const VERIFY_PAGE = 'pages/verify/verify';

/** What a verification needs. */
export interface VerifyTarget {
  /** The document number, e.g. `PZ2021-000123-01`. */
  no: string;
  /** The verification code in canonical form. */
  code: string;
}

/**
 * `pages/verify/verify?no=PZ2021-000123-01&code=7K2MQ9XD4HBT0WZR`.
 * @throws RangeError when the number or the code is malformed (the documents function only prints valid ones)
 */
export function buildVerifyPath(t: VerifyTarget): string {
  const parts = parseDocumentNumber(t.no);
  const code = normalizeVerificationCode(t.code);
  if (!parts || t.no !== t.no.trim().toUpperCase()) throw new RangeError(`凭证编号格式不对：${t.no}`);
  if (!code || code !== t.code) throw new RangeError('核验码格式不对');
  return `${VERIFY_PAGE}?no=${encodeURIComponent(t.no)}&code=${encodeURIComponent(code)}`;
}

/** The query's parameters, each with all its values; `null` when a value is not valid percent-encoding. */
function queryParams(query: string): Map<string, string[]> | null {
  const params = new Map<string, string[]>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(eq < 0 ? '' : pair.slice(eq + 1));
    } catch {
      return null;
    }
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  return params;
}

/**
 * Reads a scanned or pasted path (with or without a leading `/`), or `null` when it is not a verification path with
 * a well-formed number and code. Unknown extra parameters are ignored; repeated ones make it invalid.
 */
export function parseVerifyPath(s: string): VerifyTarget | null {
  if (typeof s !== 'string') return null;
  const text = s.trim().replace(/^\//, '');
  const q = text.indexOf('?');
  if (q < 0 || text.slice(0, q) !== VERIFY_PAGE) return null;
  const params = queryParams(text.slice(q + 1));
  const no = params?.get('no');
  const code = params?.get('code');
  if (no?.length !== 1 || code?.length !== 1) return null;
  const canonical = normalizeVerificationCode(code[0]);
  if (!parseDocumentNumber(no[0]) || !canonical) return null;
  return { no: no[0].trim().toUpperCase(), code: canonical };
}

/** Longest `scene` a mini program code (`wxacode.getUnlimited`) carries. */
export const MINI_CODE_SCENE_MAX = 32;

/**
 * The `scene` of a mini program code opening the verify page: the number without hyphens, a dot, the code
 * (`PZ202100012301.7K2MQ9XD4HBT0WZR`, 31 characters — the full `no=…&code=…` would not fit in 32).
 * @throws RangeError when the number or the code is malformed
 */
export function verifyScene(t: VerifyTarget): string {
  buildVerifyPath(t); // the same checks
  return `${t.no.replace(/-/g, '')}.${t.code}`;
}

/** Reads a `scene` made by {@link verifyScene} (as the verify page gets it, percent-encoded or not), or null. */
export function parseVerifyScene(s: string): VerifyTarget | null {
  if (typeof s !== 'string') return null;
  let text = s.trim();
  try {
    text = decodeURIComponent(text);
  } catch {
    return null;
  }
  const m = /^(PZ|ZR)(\d{4})(\d{6})(\d{2})\.([0-9A-Za-z]{16})$/.exec(text);
  if (!m) return null;
  const no = `${m[1]}${m[2]}-${m[3]}-${m[4]}`.toUpperCase();
  const code = normalizeVerificationCode(m[5] as string);
  if (!parseDocumentNumber(no) || !code) return null;
  return { no, code };
}
