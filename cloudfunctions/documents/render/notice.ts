/**
 * 《积分落户准入通知书》: the admission notice (lifecycle.md step 4b), valid 60 days counted per 民法典 art. 201/203;
 * the same layout, font check and verification as the voucher.
 */
import type { WorkCalendar } from '../../../shared/calendar';
import { formatChineseDate, isISODate, type ISODate } from '../../../shared/dates';
import { maskIdCard } from '../../../shared/identity';
import { parseDocumentNumber } from '../../../shared/documents/numbers';
import { NOTICE_VALID_DAYS, noticeLastValidDay } from '../../../shared/documents/validity';
import { formatVerificationCode } from '../../../shared/documents/verification';
import { buildVerifyPath } from '../../../shared/documents/verify-path';
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
import { documentInstant, type RenderDeps } from './voucher';

/** The notice's title. */
export const NOTICE_TITLE = '积分落户准入通知书';

/** What a notice prints. */
export interface NoticeData {
  /** Notice number (`ZR2021-000123-01`). */
  number: string;
  /** The applicant's name. */
  name: string;
  /** The full ID number: masked here. */
  idNumber: string;
  /** Round id, e.g. `2021`. */
  roundId: string;
  /** The district of the destination address (落户地), e.g. `西湖区`. */
  district: string;
  /** The day the notice is issued; the last valid day is computed from it, never passed in. */
  issuedOn: ISODate;
  /** Verification code in canonical form. */
  verificationCode: string;
}

/** What rendering a notice needs: the font, and the working-day calendar for its last valid day. */
export interface NoticeDeps extends RenderDeps {
  calendar: WorkCalendar;
}

/**
 * Renders the admission notice as PDF bytes.
 *
 * @throws DocumentRenderError when the font cannot draw a character of the name or district (nothing is drawn)
 * @throws CalendarGapError when the last valid day's year has no holiday table
 * @throws RangeError on malformed data
 */
export async function renderNotice(data: NoticeData, deps: NoticeDeps): Promise<Buffer> {
  const parts = parseDocumentNumber(data.number);
  if (!parts || parts.kind !== 'notice') throw new RangeError(`通知书编号格式不对：${data.number}`);
  if (parts.roundId !== data.roundId) throw new RangeError(`通知书编号 ${data.number} 与年度 ${data.roundId} 不符`);
  if (!isISODate(data.issuedOn)) throw new RangeError(`issuedOn 不是有效日期：${data.issuedOn}`);
  const name = data.name.trim();
  assertDrawable(deps.font, 'name', '姓名', name, '通知书');
  assertDrawable(deps.font, 'district', '落户地', data.district, '通知书');
  const lastDay = noticeLastValidDay(data.issuedOn, deps.calendar);
  const verifyPath = buildVerifyPath({ no: data.number, code: data.verificationCode });

  const { doc, finish } = openPage(deps.font, {
    title: NOTICE_TITLE,
    subject: `通知书编号 ${data.number}`,
    issuedAt: documentInstant(data.issuedOn),
  });
  let y = drawTitle(doc, `《${NOTICE_TITLE}》`, MARGIN + 20);
  y = drawRow(doc, '通知书编号', data.number, y);
  y = drawRow(doc, '姓名', name, y);
  y = drawRow(doc, '公民身份号码', maskIdCard(data.idNumber), y);
  y = drawRow(doc, '积分年度', `${data.roundId}年度`, y);
  y = drawRow(doc, '落户地', data.district, y);
  y = drawRow(doc, '签发日期', formatChineseDate(data.issuedOn), y);
  y = drawRow(doc, '有效期至', formatChineseDate(lastDay), y);
  y += 8;
  drawNote(
    doc,
    `经审核，持证人符合杭州市居住证积分落户准入条件。请于有效期内，持本通知书、居住证及有关材料到落户地户籍窗口办理落户手续，` +
      `办理时交回居住证。本通知书自签发之日起 ${NOTICE_VALID_DAYS} 日内有效（签发当日不计入；期满日为法定节假日或休息日的，` +
      `顺延至其后第一个工作日），逾期未办理的自动失效。`,
    y,
  );
  drawVerification(
    doc,
    {
      number: data.number,
      printedCode: formatVerificationCode(data.verificationCode),
      qrText: verifyPath,
      howTo: '用微信扫描右侧二维码，或在“杭州居住证积分”小程序的“凭证核验”中输入通知书编号和核验码，即可核验本通知书。',
    },
    ISSUING_AUTHORITY,
    `签发日期：${formatChineseDate(data.issuedOn)}`,
  );
  return finish();
}
