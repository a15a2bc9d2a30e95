/**
 * Document numbers: deterministic per case and revision, so issuing the same document twice gives the same number,
 * and a changed result (a new revision) gives a new one that supersedes the old.
 *
 * Format: a two-letter kind, the round, the case's sequence number in its round (the one on the 受理回执), and the
 * revision: `PZ2021-000123-01` (积分有效凭证), `ZR2021-000123-01` (准入通知书). No record id appears on paper.
 */

/** Kinds of document and their prefixes. */
export const DOCUMENT_PREFIXES = { voucher: 'PZ', notice: 'ZR' } as const;

/** A kind of document. */
export type DocumentKind = keyof typeof DOCUMENT_PREFIXES;

/** What a document number is made of. */
export interface DocumentNumberParts {
  kind: DocumentKind;
  /** Round id, four digits (e.g. `2021`). */
  roundId: string;
  /** The case's sequence number in its round, 1 … 999999. */
  caseSeq: number;
  /** The result's (or notice's) revision, 1 … 99. */
  revision: number;
}

const NUMBER_RE = /^(PZ|ZR)(\d{4})-(\d{6})-(\d{2})$/;

/**
 * Formats a document number.
 * @throws RangeError on a part outside its range (a bug upstream, never user input)
 */
export function documentNumber(p: DocumentNumberParts): string {
  if (!/^\d{4}$/.test(p.roundId)) throw new RangeError(`年度应为四位数字，收到 ${p.roundId}`);
  if (!Number.isInteger(p.caseSeq) || p.caseSeq < 1 || p.caseSeq > 999_999) {
    throw new RangeError(`案件序号应为 1–999999，收到 ${p.caseSeq}`);
  }
  if (!Number.isInteger(p.revision) || p.revision < 1 || p.revision > 99) {
    throw new RangeError(`版次应为 1–99，收到 ${p.revision}`);
  }
  const seq = String(p.caseSeq).padStart(6, '0');
  return `${DOCUMENT_PREFIXES[p.kind]}${p.roundId}-${seq}-${String(p.revision).padStart(2, '0')}`;
}

/** The voucher number of a case's result revision. */
export function voucherNumber(p: Omit<DocumentNumberParts, 'kind'>): string {
  return documentNumber({ ...p, kind: 'voucher' });
}

/** The admission notice number of a case's notice revision. */
export function noticeNumber(p: Omit<DocumentNumberParts, 'kind'>): string {
  return documentNumber({ ...p, kind: 'notice' });
}

/**
 * Reads a typed or scanned document number (surrounding spaces and lower case forgiven), or `null` when it is not one.
 */
export function parseDocumentNumber(s: string): DocumentNumberParts | null {
  if (typeof s !== 'string') return null;
  const m = NUMBER_RE.exec(s.trim().toUpperCase());
  if (!m) return null;
  const kind = m[1] === 'PZ' ? 'voucher' : 'notice';
  const caseSeq = Number(m[3]);
  const revision = Number(m[4]);
  if (caseSeq < 1 || revision < 1) return null;
  return { kind, roundId: m[2], caseSeq, revision };
}
