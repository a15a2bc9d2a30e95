/**
 * 《积分落户准入通知书》 in the documents function: `notice.get` hands the person (or an agent with the settlement
 * scope) the PDF of the notice `_core/notices.ts` issued at the end of publicity. The first get renders it (the
 * renderer and the font live here only), draws its verification code and stores the code's salted hash with the file
 * in one conditional write; later gets hand out the same file. Verification answers like the voucher's, plus expired
 * (past the last valid day, or marked so by the scheduler) and used (settled with it).
 */
import { createHash } from 'node:crypto';
import { districtName } from '../../shared/application/districts';
import type { NoticeGetRes } from '../../shared/contracts';
import { beijingDate, type ISODate } from '../../shared/dates';
import type { VoucherVerdict } from '../../shared/documents/verdicts';
import { VERIFICATION_CODE_BYTES, verificationCodeFromBytes } from '../../shared/documents/verification';
import { verifyScene, VERIFY_PAGE } from '../../shared/documents/verify-path';
import { actingForOf, asRead, caseTarget, filesOf, loadCalendar, loadCase, settlementIdOf } from '../_core/cases';
import { LINK_TTL_MS, SealBrokenError } from '../_core/files/types';
import { AppError, type MutationCtx } from '../_core/runtime';
import type { ApplicationRecord, DocumentRecord, SettlementRecord } from '../_core/store/types';
import { codeHash, type VoucherDeps } from './vouchers';

/** No notice for this case (not issued yet). */
export const NOT_FOUND_NOTICE = '准入通知书尚未签发：公示期结束、列入准入名单后签发';

/** Bytes of the salt of a code's hash (as the voucher's). */
const SALT_BYTES = 16;

/** What verification says of a stored notice on `today`. */
export function noticeVerdict(
  doc: Pick<DocumentRecord, 'status' | 'validUntil'>,
  today: ISODate,
): Exclude<VoucherVerdict, 'unknown' | 'superseded'> {
  if (doc.status === 'revoked' || doc.status === 'superseded') return 'revoked';
  if (doc.status === 'used') return 'used';
  if (doc.status === 'expired' || (doc.validUntil !== undefined && today > doc.validUntil)) return 'expired';
  return 'valid';
}

/** Renders the notice's PDF with a fresh code, refusing a name the font cannot draw with the message naming it. */
async function render(
  deps: VoucherDeps,
  ctx: MutationCtx,
  parts: { app: ApplicationRecord; s: SettlementRecord; doc: DocumentRecord },
  code: string,
): Promise<Buffer> {
  const [{ renderNotice }, { DocumentRenderError }, { loadFont }] = await Promise.all([
    import('./render/notice'),
    import('./render/layout'),
    import('./font'),
  ]);
  const font = deps.font ? deps.font() : loadFont();
  const calendar = await loadCalendar(ctx.store);
  const qrImage = deps.miniCode
    ? await deps.miniCode.codeFor(VERIFY_PAGE, verifyScene({ no: parts.doc.number, code }))
    : null;
  const { app, s, doc } = parts;
  try {
    return await renderNotice(
      {
        number: doc.number,
        name: app.identity.name,
        idNumber: app.identity.idNumber,
        roundId: s.roundId,
        district: s.district ? districtName(s.district) : '',
        issuedOn: doc.issuedOn,
        verificationCode: code,
      },
      qrImage ? { font, calendar, qrImage } : { font, calendar },
    );
  } catch (e) {
    if (e instanceof DocumentRenderError) throw new AppError('INVALID_INPUT', e.message);
    throw e;
  }
}

/** A short-lived link to the stored notice (the bytes checked against the hash recorded when it was rendered). */
async function linkTo(ctx: MutationCtx, doc: DocumentRecord): Promise<{ url: string; expiresAt: string }> {
  const expiresAt = new Date(ctx.now.getTime() + LINK_TTL_MS);
  try {
    return { url: await filesOf(ctx.deps).link(doc.fileId, expiresAt, doc.sha256), expiresAt: expiresAt.toISOString() };
  } catch (e) {
    if (e instanceof SealBrokenError)
      throw new AppError('INVALID_FILE', '通知书文件与签发时的不一致，为安全起见不能打开，请联系户籍窗口');
    throw e;
  }
}

/** `notice.get`. */
export async function getNotice(deps: VoucherDeps, applicationId: string, ctx: MutationCtx): Promise<NoticeGetRes> {
  const today = beijingDate(ctx.now);
  const { app, access } = await loadCase(ctx.store, ctx.caller.openid, applicationId, 'settlement', today);
  const s = await ctx.store.getSettlement(settlementIdOf(app.roundId, app.personKey));
  const doc = s?.noticeNumber ? await ctx.store.getDocument(s.noticeNumber) : null;
  ctx.setTarget(caseTarget(app.id));
  if (access.actingAs === 'agent')
    ctx.setActingFor(actingForOf(await ctx.store.getIdentityByPerson(app.personKey), app.personKey));
  if (!s || !doc || doc.kind !== 'notice') throw new AppError('NOT_FOUND', NOT_FOUND_NOTICE);
  const base = { number: doc.number, issuedOn: doc.issuedOn, validUntil: doc.validUntil ?? doc.issuedOn };
  if (doc.fileId) return { ...base, ...(await linkTo(ctx, doc)), created: false };

  const code = verificationCodeFromBytes(deps.randomBytes(VERIFICATION_CODE_BYTES));
  const codeSalt = Buffer.from(deps.randomBytes(SALT_BYTES)).toString('hex');
  const pdf = await render(deps, ctx, { app, s, doc }, code);
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  // The path names the hash: a concurrent first get with another code can never overwrite this record's file.
  const fileId = await filesOf(ctx.deps).saveGenerated(
    `documents/${s.id}/${doc.number}-${sha256.slice(0, 16)}.pdf`,
    pdf,
  );
  const at = ctx.now.toISOString();
  const next: DocumentRecord = {
    ...doc,
    codeSalt,
    codeHash: codeHash(codeSalt, code),
    fileId,
    sha256,
    size: pdf.length,
    updatedAt: at,
  };
  // Conditional on the notice as read: of two concurrent first gets only one code stands.
  await ctx.store.putDocument(next, asRead(doc));
  return { ...base, ...(await linkTo(ctx, next)), created: true };
}
