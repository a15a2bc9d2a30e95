/**
 * 积分有效凭证: the printable voucher of confirmed points (lifecycle.md step 3). A4, one page, the font subset
 * embedded; the QR code and the verification code let anyone it is shown to check it is genuine and current.
 */
import { formatChineseDate, isISODate, type ISODate } from '../../../shared/dates';
import { formatHalves, formatSignedHalves, type Halves } from '../../../shared/engine/points';
import { maskIdCard } from '../../../shared/identity';
import { CATEGORY_LABELS, type CategoryHalves } from '../../../shared/documents/points';
import { parseDocumentNumber } from '../../../shared/documents/numbers';
import { formatVerificationCode } from '../../../shared/documents/verification';
import { buildVerifyPath } from '../../../shared/documents/verify-path';
import type { DocumentFont } from '../font';
import {
  assertDrawable,
  drawNote,
  drawRow,
  drawTitle,
  drawVerification,
  ISSUING_AUTHORITY,
  MARGIN,
  openPage,
} from './layout';

/** The voucher's title. */
export const VOUCHER_TITLE = '杭州市居住证积分有效凭证';

/** What a voucher prints: a plain value, not a store record (the documents actions build it from the case). */
export interface VoucherData {
  /** Voucher number (`PZ2021-000123-01`, see shared/documents/numbers). */
  number: string;
  /** The applicant's name as registered. */
  name: string;
  /** The full ID number: masked here, so a document can never carry it whole. */
  idNumber: string;
  /** Round id, e.g. `2021`. */
  roundId: string;
  /** Policy version the points were computed under, e.g. `2021.1`. */
  policyVersion: string;
  /** Confirmed total in half-points. */
  totalHalves: Halves;
  /** Confirmed points per indicator category, in half-points. */
  categories: CategoryHalves;
  /** The day the points were confirmed. */
  confirmedOn: ISODate;
  /** The day the voucher was issued (printed, and the PDF's creation date). */
  issuedOn: ISODate;
  /** Verification code in canonical form (16 characters of Crockford base32). */
  verificationCode: string;
}

/** What rendering needs from its environment. */
export interface RenderDeps {
  font: DocumentFont;
  /** Production: the mini program code (PNG) opening the verify page; absent → a plain QR code of the verify path. */
  qrImage?: Buffer;
}

/** Noon Beijing time of a day: the PDF's creation date, independent of the server's clock and timezone. */
export function documentInstant(d: ISODate): Date {
  return new Date(`${d}T12:00:00+08:00`);
}

function checkVoucher(d: VoucherData): void {
  const parts = parseDocumentNumber(d.number);
  if (!parts || parts.kind !== 'voucher') throw new RangeError(`凭证编号格式不对：${d.number}`);
  if (parts.roundId !== d.roundId) throw new RangeError(`凭证编号 ${d.number} 与年度 ${d.roundId} 不符`);
  for (const [k, v] of [
    ['confirmedOn', d.confirmedOn],
    ['issuedOn', d.issuedOn],
  ] as const) {
    if (!isISODate(v)) throw new RangeError(`${k} 不是有效日期：${v}`);
  }
  const sum = d.categories.basic + d.categories.bonus + d.categories.deduction;
  if (sum !== d.totalHalves)
    throw new RangeError(`分类积分之和 ${formatHalves(sum)} 与总分 ${formatHalves(d.totalHalves)} 不符`);
}

/**
 * Renders the voucher as PDF bytes.
 *
 * @throws DocumentRenderError (code INVALID_INPUT) when the font cannot draw a character of the name, with a message
 *   naming it, e.g. `姓名中的“𠀀”无法在凭证上显示，请到积分受理窗口办理`; nothing is drawn
 * @throws RangeError on malformed data (a bug upstream)
 */
export async function renderVoucher(data: VoucherData, deps: RenderDeps): Promise<Buffer> {
  checkVoucher(data);
  const name = data.name.trim();
  assertDrawable(deps.font, 'name', '姓名', name, '凭证');
  const verifyPath = buildVerifyPath({ no: data.number, code: data.verificationCode });

  const { doc, finish } = openPage(deps.font, {
    title: VOUCHER_TITLE,
    subject: `凭证编号 ${data.number}`,
    issuedAt: documentInstant(data.issuedOn),
  });
  let y = drawTitle(doc, VOUCHER_TITLE, MARGIN + 20);
  y = drawRow(doc, '凭证编号', data.number, y);
  y = drawRow(doc, '姓名', name, y);
  y = drawRow(doc, '公民身份号码', maskIdCard(data.idNumber), y);
  y = drawRow(doc, '积分年度', `${data.roundId}年度`, y);
  y = drawRow(doc, '积分政策版本', data.policyVersion, y);
  y = drawRow(doc, '确认积分', `${formatHalves(data.totalHalves)} 分`, y);
  y = drawRow(doc, `其中 ${CATEGORY_LABELS.basic}`, `${formatHalves(data.categories.basic)} 分`, y);
  y = drawRow(doc, `其中 ${CATEGORY_LABELS.bonus}`, `${formatSignedHalves(data.categories.bonus)} 分`, y);
  y = drawRow(doc, `其中 ${CATEGORY_LABELS.deduction}`, `${formatSignedHalves(data.categories.deduction)} 分`, y);
  y = drawRow(doc, '积分确认日期', formatChineseDate(data.confirmedOn), y);
  y += 8;
  drawNote(
    doc,
    `本凭证证明持证人在杭州市居住证积分 ${data.roundId} 年度的积分已经确认，可用于办理积分落户申请。` +
      '积分结果变更（复核、更正或查实弄虚作假）后，本凭证即被新凭证取代或作废；凭证是否真实、有效，以核验结果为准。',
    y,
  );
  drawVerification(
    doc,
    {
      number: data.number,
      printedCode: formatVerificationCode(data.verificationCode),
      qrText: verifyPath,
      howTo: '用微信扫描右侧二维码，或在“杭州居住证积分”小程序的“凭证核验”中输入凭证编号和核验码，即可核验本凭证。',
      ...(deps.qrImage ? { qrImage: deps.qrImage } : {}),
    },
    ISSUING_AUTHORITY,
    `出具日期：${formatChineseDate(data.issuedOn)}`,
  );
  return finish();
}
