/**
 * 积分有效凭证: issuing (the person, or an agent whose verified entrustment has the voucher scope; only for confirmed
 * points and not before the 7th working day after the result) and the salted hash of the verification code.
 *
 * Issuing is deterministic per case and result: the same result hands out the voucher issued before (same number,
 * same PDF, a fresh short-lived link); a changed result gets the next revision's number and supersedes the old
 * voucher in the same transaction. The code reaches the holder only printed on the PDF: the response carries none,
 * since the runtime keeps each mutation's response for replay and the store must hold only SHA-256(salt ‖ code).
 */
import { createHash, randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';
import { beijingDate } from '../../shared/dates';
import { APPLICATION, transition } from '../../shared/lifecycle';
import { categoryHalves } from '../../shared/documents/points';
import { voucherNumber } from '../../shared/documents/numbers';
import {
  normalizeVerificationCode,
  VERIFICATION_CODE_BYTES,
  verificationCodeFromBytes,
} from '../../shared/documents/verification';
import { verifyScene, VERIFY_PAGE } from '../../shared/documents/verify-path';
import type { VoucherIssueRes } from '../../shared/contracts';
import { maskName } from '../../shared/identity';
import { actingForOf, caseDatesOf, caseTarget, filesOf, loadCalendar, loadCase } from '../_core/cases';
import { resultKeyOf, retireVouchers } from '../_core/documents';
import { LINK_TTL_MS, SealBrokenError } from '../_core/files/types';
import { AppError, type MutationCtx } from '../_core/runtime';
import type { ApplicationRecord, DocumentRecord } from '../_core/store/types';
import type { MiniCodeProvider } from '../_core/wxacode';
import type { DocumentFont } from './font';

/**
 * What issuing needs besides the request: random bytes, the font (default: the one beside the bundle, loaded on the
 * first voucher), and in production the mini program code.
 */
export interface VoucherDeps {
  randomBytes: (n: number) => Uint8Array;
  font?: () => DocumentFont;
  miniCode?: MiniCodeProvider;
}

/**
 * The renderer and the font, loaded on the first voucher an instance issues: verification and the list of checks
 * never pay for pdfkit, fontkit and 10 MB of font (nor does any process that only loads the function registry).
 */
async function renderer() {
  const [{ renderVoucher }, { DocumentRenderError }, { loadFont }] = await Promise.all([
    import('./render/voucher'),
    import('./render/layout'),
    import('./font'),
  ]);
  return { renderVoucher, DocumentRenderError, loadFont };
}

/** Bytes of the salt of a code's hash. */
const SALT_BYTES = 16;

/** SHA-256(salt ‖ code) in hex. */
export function codeHash(saltHex: string, code: string): string {
  return createHash('sha256').update(Buffer.from(saltHex, 'hex')).update(code, 'utf8').digest('hex');
}

/**
 * Whether a typed code matches the stored hash, in constant time. A malformed code is hashed and compared all the
 * same (and answers false), so a refusal for form takes as long as one for content.
 */
export function codeMatches(typed: string, doc: Pick<DocumentRecord, 'codeSalt' | 'codeHash'>): boolean {
  const canonical = normalizeVerificationCode(typed);
  const a = Buffer.from(codeHash(doc.codeSalt, canonical ?? String(typed)), 'hex');
  const b = Buffer.from(doc.codeHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b) && canonical !== null;
}

/** The case's sequence number in its round: the last group of its receipt number (`JF2021-1008-000123` → 123). */
function caseSeqOf(app: ApplicationRecord): number {
  const m = /-(\d{6})$/.exec(app.receipt?.number ?? '');
  if (!m) throw new Error('confirmed case without a receipt number');
  return Number(m[1]);
}

/** A short-lived link to a stored voucher (the bytes checked against the hash recorded at issue). */
async function linkTo(ctx: MutationCtx, doc: DocumentRecord): Promise<{ url: string; expiresAt: string }> {
  const expiresAt = new Date(ctx.now.getTime() + LINK_TTL_MS);
  try {
    return { url: await filesOf(ctx.deps).link(doc.fileId, expiresAt, doc.sha256), expiresAt: expiresAt.toISOString() };
  } catch (e) {
    if (e instanceof SealBrokenError) {
      throw new AppError('INVALID_FILE', '凭证文件与出具时的不一致，为安全起见不能打开，请联系积分受理窗口');
    }
    throw e;
  }
}

/** Renders the voucher's PDF, refusing a name the font cannot draw with the message naming the character. */
async function render(deps: VoucherDeps, app: ApplicationRecord, doc: DocumentRecord, code: string): Promise<Buffer> {
  const { renderVoucher, DocumentRenderError, loadFont } = await renderer();
  const font = deps.font ? deps.font() : loadFont();
  const result = app.result as NonNullable<ApplicationRecord['result']>;
  const qrImage = deps.miniCode
    ? await deps.miniCode.codeFor(VERIFY_PAGE, verifyScene({ no: doc.number, code }))
    : null;
  try {
    return await renderVoucher(
      {
        number: doc.number,
        name: app.identity.name,
        idNumber: app.identity.idNumber,
        roundId: app.roundId,
        policyVersion: doc.policyVersion,
        totalHalves: result.sheet.totalHalves,
        categories: categoryHalves(result.sheet.lines),
        confirmedOn: doc.confirmedOn,
        issuedOn: doc.issuedOn,
        verificationCode: code,
      },
      qrImage ? { font, qrImage } : { font },
    );
  } catch (e) {
    if (e instanceof DocumentRenderError) throw new AppError('INVALID_INPUT', e.message);
    throw e;
  }
}

/** `voucher.issue`. */
export async function issueVoucher(
  deps: VoucherDeps,
  applicationId: string,
  ctx: MutationCtx,
): Promise<VoucherIssueRes> {
  const today = beijingDate(ctx.now);
  const { app, access } = await loadCase(ctx.store, ctx.caller.openid, applicationId, 'voucher', today);
  const dates = caseDatesOf(app, await loadCalendar(ctx.store));
  transition(APPLICATION, app.status, 'issueVoucher', access.actingAs, {
    today,
    ...(dates ? { disputeDeadline: dates.disputeDeadline, voucherFrom: dates.voucherFrom } : {}),
  });
  const key = resultKeyOf(app);
  if (!key || !app.result) throw new Error('confirmed case without a result');
  ctx.setTarget(caseTarget(app.id));
  if (access.actingAs === 'agent') {
    ctx.setActingFor(actingForOf(await ctx.store.getIdentityByPerson(app.personKey), app.personKey));
  }
  const docs = await ctx.store.listDocumentsByApplication(app.id);
  const same = docs.find((d) => d.status === 'issued' && d.resultKey === key);
  if (same) return { number: same.number, ...(await linkTo(ctx, same)), created: false, superseded: [] };

  // Every confirmation (the scheduler's confirmDue, a published re-review) records the day on the case.
  const confirmedOn = app.confirmedOn;
  if (!confirmedOn) throw new Error('confirmed case without its confirmation day');
  const revision = docs.reduce((m, d) => Math.max(m, d.revision), 0) + 1;
  const number = voucherNumber({ roundId: app.roundId, caseSeq: caseSeqOf(app), revision });
  const code = verificationCodeFromBytes(deps.randomBytes(VERIFICATION_CODE_BYTES));
  const codeSalt = Buffer.from(deps.randomBytes(SALT_BYTES)).toString('hex');
  const at = ctx.now.toISOString();
  const doc: DocumentRecord = {
    number,
    kind: 'voucher',
    applicationId: app.id,
    personKey: app.personKey,
    maskedName: maskName(app.identity.name),
    roundId: app.roundId,
    policyVersion: app.result.policyVersion,
    revision,
    resultKey: key,
    total: app.result.total,
    confirmedOn,
    issuedOn: today,
    codeSalt,
    codeHash: codeHash(codeSalt, code),
    fileId: '',
    sha256: '',
    size: 0,
    status: 'issued',
    createdAt: at,
    updatedAt: at,
  };
  const pdf = await render(deps, app, doc, code);
  doc.sha256 = createHash('sha256').update(pdf).digest('hex');
  doc.size = pdf.length;
  // The path names the hash: a concurrent issue with another code can never overwrite this record's file.
  doc.fileId = await filesOf(ctx.deps).saveGenerated(
    `documents/${app.id}/${number}-${doc.sha256.slice(0, 16)}.pdf`,
    pdf,
  );
  const superseded = await retireVouchers(ctx.store, docs, { event: 'supersede', by: number }, at);
  await ctx.store.putDocument(doc);
  return { number, ...(await linkTo(ctx, doc)), created: true, superseded };
}

/** The default random source. */
export const defaultRandomBytes = (n: number): Uint8Array => nodeRandomBytes(n);
