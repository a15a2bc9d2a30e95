/**
 * 凭证核验: a public action. It answers valid / superseded / revoked / unknown with the masked name, the round, the
 * total and the dates — what the paper shows anyway, nothing else about the person. A wrong code answers exactly
 * like a number that does not exist; the code is compared in constant time (a hash is computed and compared even
 * for an unknown number); every check of an existing voucher is audited against `voucher:<number>`, with the result
 * `ok` or `CODE_MISMATCH`, so its holder sees when it was checked (`voucher.checks`).
 */
import { parseDocumentNumber } from '../../shared/documents/numbers';
import { DOCUMENT } from '../../shared/lifecycle';
import type { VoucherChecksRes, VoucherVerifyRes } from '../../shared/contracts';
import { loadCase } from '../_core/cases';
import { voucherVerdict } from '../_core/documents';
import type { QueryCtx } from '../_core/runtime';
import { beijingDate, type ISODate } from '../../shared/dates';
import type { DocumentRecord, SettlementRecord } from '../_core/store/types';
import { noticeVerdict } from './notices';
import { codeMatches } from './vouchers';

/** The audit target of a voucher's checks. */
export function voucherTarget(number: string): string {
  return `voucher:${number}`;
}

/** Audit result of a check whose code did not match. */
export const CODE_MISMATCH = 'CODE_MISMATCH';

/** A stand-in compared when the number is unknown, so that answer takes as long as a wrong code's. */
const DECOY = { codeSalt: '00'.repeat(16), codeHash: '00'.repeat(32) };

/** `voucher.verify`. */
export async function verifyVoucher(
  payload: { no: string; code: string },
  ctx: Omit<QueryCtx, 'caller'>,
): Promise<VoucherVerifyRes> {
  const parts = parseDocumentNumber(payload.no);
  const number = payload.no.trim().toUpperCase();
  const found = parts ? await ctx.store.getDocument(number) : null;
  const doc = found && found.kind === (parts?.kind ?? 'voucher') ? found : null;
  const matched = codeMatches(payload.code, doc ?? DECOY);
  if (!doc) return { verdict: 'unknown' };
  ctx.noteRead(`person:${doc.personKey}`, voucherTarget(doc.number), matched ? 'ok' : CODE_MISMATCH);
  if (!matched) return { verdict: 'unknown' };
  if (doc.kind === 'notice')
    return noticeAnswer(doc, await ctx.store.getSettlement(doc.applicationId), beijingDate(ctx.now));
  const app = await ctx.store.getApplication(doc.applicationId);
  return {
    verdict: voucherVerdict(doc, app),
    voucher: {
      number: doc.number,
      name: doc.maskedName,
      roundId: doc.roundId,
      total: doc.total,
      confirmedOn: doc.confirmedOn,
      issuedOn: doc.issuedOn,
    },
  };
}

/** What verification shows of an admission notice: what the paper shows (the ID number masked), its last valid day. */
function noticeAnswer(doc: DocumentRecord, s: SettlementRecord | null, today: ISODate): VoucherVerifyRes {
  return {
    verdict: noticeVerdict(doc, today),
    voucher: {
      number: doc.number,
      name: doc.maskedName,
      roundId: doc.roundId,
      total: doc.total,
      confirmedOn: doc.confirmedOn,
      issuedOn: doc.issuedOn,
      ...(doc.validUntil ? { validUntil: doc.validUntil } : {}),
      ...(s ? { idNumberMasked: s.maskedIdNumber } : {}),
    },
  };
}

/** `voucher.checks`: the checks of the case's vouchers, for the person or an agent with the voucher scope. */
export async function voucherChecks(applicationId: string, ctx: QueryCtx): Promise<VoucherChecksRes> {
  const today = beijingDate(ctx.now);
  const { app, access } = await loadCase(ctx.store, ctx.caller.openid, applicationId, 'voucher', today);
  if (access.actingAs === 'agent') ctx.noteRead(`person:${app.personKey}`, `application:${app.id}`);
  const docs = await ctx.store.listDocumentsByApplication(app.id);
  const vouchers: VoucherChecksRes['vouchers'] = [];
  for (const d of [...docs].reverse()) {
    const page = await ctx.store.listAudit({ target: voucherTarget(d.number), limit: 100 });
    const verdict = voucherVerdict(d, app);
    const status = verdict === 'valid' ? 'issued' : verdict;
    vouchers.push({
      number: d.number,
      status,
      statusLabel: DOCUMENT.states[status].label,
      issuedOn: d.issuedOn,
      checks: page.entries.map((e) => ({ at: e.at, matched: e.result === 'ok' })),
    });
  }
  return { vouchers };
}
