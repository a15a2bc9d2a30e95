/**
 * Issued documents (积分有效凭证) as every function sees them: which result a voucher certifies, what verification
 * answers for it, and how vouchers are retired when the case's result changes (a revision → `supersede`) or its points
 * are voided (a fraud finding → `revoke`). Whoever changes a confirmed case's result or voids it calls
 * {@link retireVouchers} in the same transaction; verification also compares each voucher with its case as it is now,
 * so a voucher never reads as valid for a result that no longer stands.
 */
import { createHash } from 'crypto';
import { transition, DOCUMENT } from '../../shared/lifecycle';
import type { VoucherVerdict } from '../../shared/documents/verdicts';
import { asRead } from './cases/decide';
import type { ApplicationRecord, DocumentRecord, StoreTx } from './store/types';

/**
 * The fingerprint of a case's result: policy version, verdict and each indicator's points. A recomputation that
 * changes nothing keeps the voucher; any change of points issues a new one.
 */
export function resultKeyOf(app: Pick<ApplicationRecord, 'result'>): string | null {
  const r = app.result;
  if (!r) return null;
  const lines = r.sheet.lines.map((l) => [l.id, l.halves]);
  const text = JSON.stringify([r.policyVersion, r.verdict, r.sheet.totalHalves, lines]);
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

/**
 * What verification says of a stored voucher, given its case now (null when the case is gone): revoked when revoked,
 * used or expired, or when the case's points were voided; superseded when superseded, or when the case's result is
 * no longer the one it certifies; valid otherwise.
 */
export function voucherVerdict(
  doc: Pick<DocumentRecord, 'status' | 'resultKey'>,
  app: Pick<ApplicationRecord, 'status' | 'result'> | null,
): Exclude<VoucherVerdict, 'unknown'> {
  if (doc.status === 'revoked' || doc.status === 'used' || doc.status === 'expired') return 'revoked';
  if (!app || app.status === 'voided') return 'revoked';
  if (doc.status === 'superseded' || resultKeyOf(app) !== doc.resultKey) return 'superseded';
  return 'valid';
}

/**
 * Retires a case's issued vouchers through the DOCUMENT machine, with conditional writes: `supersede` (by the
 * voucher numbered `by`) when a new result replaces theirs, `revoke` when the points are voided. Returns the
 * numbers retired. Call after the transaction's reads (it only writes).
 */
export async function retireVouchers(
  tx: Pick<StoreTx, 'putDocument'>,
  docs: readonly DocumentRecord[],
  how: { event: 'supersede'; by: string } | { event: 'revoke' },
  at: string,
): Promise<string[]> {
  const retired: string[] = [];
  for (const d of docs) {
    if (d.status !== 'issued') continue;
    const status = transition(DOCUMENT, d.status, how.event, 'system', undefined);
    const next: DocumentRecord = { ...d, status, retiredAt: at, updatedAt: at };
    if (how.event === 'supersede') next.supersededBy = how.by;
    await tx.putDocument(next, asRead(d));
    retired.push(d.number);
  }
  return retired;
}
