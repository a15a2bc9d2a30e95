/** A sample issued voucher record for the store tests. */
import type { DocumentRecord } from '../../cloudfunctions/_core/store';

/** A voucher of `applicationId` at `revision`, issued at `at`. */
export function sampleDocument(
  applicationId: string,
  revision: number,
  at: string,
  over: Partial<DocumentRecord> = {},
): DocumentRecord {
  return {
    number: `PZ2021-000123-${String(revision).padStart(2, '0')}`,
    kind: 'voucher',
    applicationId,
    personKey: 'pk',
    maskedName: '张*',
    roundId: '2021',
    policyVersion: 'hz-2021',
    revision,
    resultKey: `rk${revision}`,
    total: '174.5',
    confirmedOn: '2021-11-19',
    issuedOn: '2021-11-22',
    codeSalt: 'ab'.repeat(16),
    codeHash: 'cd'.repeat(32),
    fileId: `documents/${applicationId}/${revision}.pdf`,
    sha256: 'ef'.repeat(32),
    size: 40_000,
    status: 'issued',
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}
