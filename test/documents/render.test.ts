/**
 * The voucher and the admission notice the way a person sees them: rendered to pixels by poppler, read back as text,
 * sized and measured. A glyph the font lacks is refused with a message naming it, never drawn as a blank box.
 */
import { loadFont } from '../../cloudfunctions/documents/font';
import { DocumentRenderError, missingCharacters } from '../../cloudfunctions/documents/render/layout';
import { renderNotice, NOTICE_TITLE, type NoticeData } from '../../cloudfunctions/documents/render/notice';
import { renderVoucher, VOUCHER_TITLE, type VoucherData } from '../../cloudfunctions/documents/render/voucher';
import { createCalendar } from '../../shared/calendar';
import { charBox, darkPixels, viewPdf, wordBox, type PdfView } from './pdf-view';

const font = loadFont();
const calendar = createCalendar();

const VOUCHER: VoucherData = {
  number: 'PZ2021-000123-01',
  name: '张小凡',
  idNumber: '330106199001011234',
  roundId: '2021',
  policyVersion: '2021.1',
  totalHalves: 321,
  categories: { basic: 240, bonus: 101, deduction: -20 },
  confirmedOn: '2021-12-01',
  issuedOn: '2021-12-13',
  verificationCode: '7K2MQ9XD4HBT0WZR',
};

const NOTICE: NoticeData = {
  number: 'ZR2021-000123-01',
  name: '欧阳娜娜',
  idNumber: '330106199001011234',
  roundId: '2021',
  district: '西湖区',
  issuedOn: '2021-08-03',
  verificationCode: '7K2MQ9XD4HBT0WZR',
};

/** Checks each character of an all-CJK (full-width) word separately. Every CJK glyph at 13 pt and 50 dpi is about 9 × 9 px: a drawn one has well over a dozen dark pixels. */
const MIN_DARK_PER_GLYPH = 12;

function expectDrawn(view: PdfView, text: string): void {
  const w = wordBox(view, text);
  const n = Array.from(text).length;
  // Each character separately: one blank glyph in a drawn word must fail.
  for (let i = 0; i < n; i++) {
    const dark = darkPixels(view.raster, charBox(w, i, n));
    expect([text, Array.from(text)[i], dark >= MIN_DARK_PER_GLYPH]).toEqual([text, Array.from(text)[i], true]);
  }
}

describe('voucher PDF', () => {
  let pdf: Buffer;
  let view: PdfView;

  beforeAll(async () => {
    pdf = await renderVoucher(VOUCHER, { font });
    view = viewPdf(pdf);
  });

  it('should print on one A4 page and stay under 100 KB', () => {
    expect(view.info['Pages']).toBe('1');
    expect(view.info['Page size']).toMatch(/^595\.28 x 841\.89 pts \(A4\)$/);
    expect(pdf.length).toBeLessThanOrEqual(100 * 1024);
  });

  it('should really draw the title: its glyphs are dark pixels on the page, not only extractable text', () => {
    const title = wordBox(view, VOUCHER_TITLE);
    expect(darkPixels(view.raster, title)).toBeGreaterThan(12 * 40);
    expectDrawn(view, VOUCHER_TITLE);
  });

  it('should hold the name, the number, the confirmed total and each category for pdftotext and draw them', () => {
    expect(view.text).toContain('张小凡');
    expect(view.text).toContain('PZ2021-000123-01');
    expect(view.text).toMatch(/确认积分\s+160\.5 分/);
    expect(view.text).toMatch(/基础分\s+120 分/);
    expect(view.text).toMatch(/加分\s+\+50\.5 分/);
    expect(view.text).toMatch(/扣分\s+-10 分/);
    expect(view.text).toContain('2021年度');
    expect(view.text).toContain('2021.1');
    expect(view.text).toContain('2021年12月1日');
    expect(view.text).toContain('杭州市居住证积分管理办公室');
    expectDrawn(view, '张小凡');
    expect(darkPixels(view.raster, wordBox(view, 'PZ2021-000123-01'))).toBeGreaterThan(60);
  });

  it('should show the ID number masked and never whole', () => {
    expect(view.text).toContain('330106********1234');
    expect(view.text).not.toContain('330106199001011234');
    expect(pdf.includes(Buffer.from('19900101'))).toBe(false);
  });

  it('should print the verification code in groups of four and a QR code in the lower right corner', () => {
    expect(view.text).toContain('核验码：7K2M-Q9XD-4HBT-0WZR');
    // The QR code: 118 pt square above the bottom margin; about half its modules are dark.
    const qr = {
      xMin: 595.28 - 56.69 - 118,
      xMax: 595.28 - 56.69,
      yMin: 841.89 - 56.69 - 128,
      yMax: 841.89 - 56.69 - 10,
    };
    const area = ((118 * 50) / 72) ** 2;
    const dark = darkPixels(view.raster, qr);
    expect(dark).toBeGreaterThan(area * 0.25);
    expect(dark).toBeLessThan(area * 0.75);
  });

  it('should give the same bytes for the same voucher issued twice', async () => {
    expect((await renderVoucher(VOUCHER, { font })).equals(pdf)).toBe(true);
  });

  it('should draw a rare name character the font has (𫖯, U+2B5AF, in 赵孟𫖯) as a real glyph', async () => {
    expect(font.hasGlyph(0x2b5af)).toBe(true);
    const rare = viewPdf(await renderVoucher({ ...VOUCHER, name: '赵孟𫖯' }, { font }));
    expect(rare.text).toContain('赵孟𫖯');
    expectDrawn(rare, '赵孟𫖯');
  });

  it('should draw a name with the middle dot of minority names (阿依古丽·买买提)', async () => {
    const v = viewPdf(await renderVoucher({ ...VOUCHER, name: '阿依古丽·买买提' }, { font }));
    expect(v.text).toContain('阿依古丽·买买提');
    expect(darkPixels(v.raster, wordBox(v, '阿依古丽·买买提'))).toBeGreaterThan(7 * MIN_DARK_PER_GLYPH);
  });

  it('should refuse a name character outside the font (𠀀, U+20000) with a message naming it, and draw nothing', async () => {
    expect(font.hasGlyph(0x20000)).toBe(false);
    const attempt = renderVoucher({ ...VOUCHER, name: '王𠀀' }, { font });
    await expect(attempt).rejects.toThrow(new Error('姓名中的“𠀀”无法在凭证上显示，请到积分受理窗口办理'));
    await expect(attempt).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'name', character: '𠀀' });
    await expect(attempt).rejects.toBeInstanceOf(DocumentRenderError);
  });

  it('should refuse 𪚥 (U+2A6A5), which Noto Sans SC lacks, naming that character and not the covered ones', async () => {
    expect(missingCharacters('李𪚥明', font)).toEqual(['𪚥']);
    await expect(renderVoucher({ ...VOUCHER, name: '李𪚥明' }, { font })).rejects.toThrow(
      '姓名中的“𪚥”无法在凭证上显示，请到积分受理窗口办理',
    );
  });

  it('should have every fixed text of both documents in the font', () => {
    const fixed =
      '杭州市居住证积分有效凭证凭证编号姓名公民身份号码积分年度积分政策版本确认积分其中基础分加分扣分积分确认日期' +
      '本凭证证明持证人在杭州市居住证积分年度的积分已经确认，可用于办理积分落户申请。积分结果变更（复核、更正或查实弄虚作假）' +
      '后，本凭证即被新凭证取代或作废；凭证是否真实、有效，以核验结果为准。核验码：用微信扫描右侧二维码，或在“杭州居住证积分”' +
      '小程序的“凭证核验”中输入凭证编号和核验码，即可核验本凭证。杭州市居住证积分管理办公室出具日期年月日0123456789+-.*' +
      '《积分落户准入通知书》通知书编号落户地签发日期有效期至经审核，持证人符合杭州市居住证积分落户准入条件。请于有效期内，' +
      '持本通知书、居住证及有关材料到落户地户籍窗口办理落户手续，办理时交回居住证。本通知书自签发之日起日内有效（签发当日不计入；' +
      '期满日为法定节假日或休息日的，顺延至其后第一个工作日），逾期未办理的自动失效。上城拱墅西湖风景名胜钱塘滨江萧山余杭临平富阳临安区' +
      'ABCDEFGHJKMNPQRSTVWXYZ';
    expect(missingCharacters(fixed, font)).toEqual([]);
  });

  it('should refuse a voucher whose category points do not add up to the total', async () => {
    await expect(renderVoucher({ ...VOUCHER, totalHalves: 322 }, { font })).rejects.toThrow(RangeError);
  });
});

describe('admission notice PDF', () => {
  let pdf: Buffer;
  let view: PdfView;

  beforeAll(async () => {
    pdf = await renderNotice(NOTICE, { font, calendar });
    view = viewPdf(pdf);
  });

  it('should print on one A4 page under 100 KB with its title drawn', () => {
    expect(view.info['Pages']).toBe('1');
    expect(view.info['Page size']).toMatch(/^595\.28 x 841\.89 pts \(A4\)$/);
    expect(pdf.length).toBeLessThanOrEqual(100 * 1024);
    expect(view.text).toContain(`《${NOTICE_TITLE}》`);
    expectDrawn(view, `《${NOTICE_TITLE}》`);
  });

  it('should print the number, the name, the masked ID, the round, the district and the issue day', () => {
    expect(view.text).toContain('ZR2021-000123-01');
    expect(view.text).toContain('330106********1234');
    expect(view.text).not.toContain('330106199001011234');
    expect(view.text).toMatch(/落户地\s+西湖区/);
    expect(view.text).toMatch(/签发日期\s+2021年8月3日/);
    expectDrawn(view, '欧阳娜娜');
    expectDrawn(view, '西湖区');
  });

  it('should print as last valid day the working day after National Day when day 60 falls in the holiday', () => {
    // 2021-08-03 + 60 days = 2021-10-02, inside 国庆节 (10-01 … 10-07): the period ends on Friday 2021-10-08.
    expect(view.text).toMatch(/有效期至\s+2021年10月8日/);
    // Digits are narrower than CJK glyphs: the word as a whole, not per character.
    expect(darkPixels(view.raster, wordBox(view, '2021年10月8日'))).toBeGreaterThan(10 * 8);
  });

  it('should print the verification code and the QR code', () => {
    expect(view.text).toContain('核验码：7K2M-Q9XD-4HBT-0WZR');
  });

  it('should refuse a name the font cannot draw, naming the character and the notice', async () => {
    await expect(renderNotice({ ...NOTICE, name: '王𠀀' }, { font, calendar })).rejects.toThrow(
      '姓名中的“𠀀”无法在通知书上显示，请到积分受理窗口办理',
    );
  });
});
