/**
 * What every document shares: A4 in one font, the glyph check that refuses text the font cannot draw, label/value
 * rows, the verification block (QR code drawn as vector squares, the number and code) and the PDF's bytes.
 */
// require, not import: esbuild would pick pdfkit's ESM build, whose import.meta.url a CommonJS bundle lacks.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: the CommonJS build must be chosen
import PDFDocument = require('pdfkit');
import QRCode from 'qrcode';
import type { DocumentFont } from '../font';

/** A4 in PDF points (1/72 inch). */
export const A4 = { width: 595.28, height: 841.89 } as const;
/** Page margin: 20 mm. */
export const MARGIN = 56.69;
/** Text colour: near-black prints solid on office printers without looking heavy on screen. */
const INK = '#1a1a1a';
const MUTED = '#555555';
const RULE = '#999999';

/**
 * Issuing authority printed on the documents. [U] The official layout and wording are unknown (lifecycle.md:
 * "voucher content … [U] official layout unknown"); this names the office the FAQ names for points matters
 * (区/市积分办) without inventing a department seal.
 */
export const ISSUING_AUTHORITY = '杭州市居住证积分管理办公室';

/** A document cannot be drawn as asked: a character the font does not have. Its message is for the applicant. */
export class DocumentRenderError extends Error {
  /** Envelope code the documents actions answer with. */
  readonly code = 'INVALID_INPUT' as const;
  /** The field holding the character, e.g. `name`. */
  readonly field: string;
  /** The first character the font cannot draw. */
  readonly character: string;

  /** @param field field name @param message Chinese message @param character the character */
  constructor(field: string, message: string, character: string) {
    super(message);
    this.name = 'DocumentRenderError';
    this.field = field;
    this.character = character;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** The characters of `text` (whole code points, so a rare character outside the BMP is one) the font cannot draw. */
export function missingCharacters(text: string, font: DocumentFont): string[] {
  const missing: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (/\s/.test(ch)) continue;
    if (!font.hasGlyph(cp) && !missing.includes(ch)) missing.push(ch);
  }
  return missing;
}

/**
 * Refuses a field the font cannot draw in full, naming the first character, before anything is drawn: a blank box
 * on a voucher would be worse than no voucher.
 *
 * @param label the field in Chinese (姓名), @param docName the document in Chinese (凭证)
 */
export function assertDrawable(font: DocumentFont, field: string, label: string, text: string, docName: string): void {
  const [first] = missingCharacters(text, font);
  if (first === undefined) return;
  throw new DocumentRenderError(field, `${label}中的“${first}”无法在${docName}上显示，请到积分受理窗口办理`, first);
}

/** A document being drawn. */
export interface Page {
  doc: PDFKit.PDFDocument;
  /** Resolves to the PDF's bytes once `finish()` is called. */
  finish(): Promise<Buffer>;
}

/**
 * Opens an A4 document in the given font. `issuedAt` is the creation date written into the PDF, so the same inputs
 * give the same document (no wall clock in the file).
 */
export function openPage(font: DocumentFont, meta: { title: string; subject: string; issuedAt: Date }): Page {
  // font: null skips pdfkit's default Helvetica, whose metrics file a bundle would have to carry.
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    font: null as unknown as string,
    info: {
      Title: meta.title,
      Subject: meta.subject,
      Author: ISSUING_AUTHORITY,
      Creator: '杭州居住证积分',
      Producer: '杭州居住证积分',
      CreationDate: meta.issuedAt,
      ModDate: meta.issuedAt,
    },
    lang: 'zh-CN',
    displayTitle: true,
  });
  doc.registerFont('body', font.bytes);
  doc.font('body').fillColor(INK);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    finish: () => {
      doc.end();
      return done;
    },
  };
}

/** The title, centred, with a rule under it; returns the y below. */
export function drawTitle(doc: PDFKit.PDFDocument, title: string, y: number): number {
  const width = A4.width - 2 * MARGIN;
  doc.fontSize(24).fillColor(INK).text(title, MARGIN, y, { width, align: 'center', characterSpacing: 2 });
  const below = doc.y + 10;
  doc
    .moveTo(MARGIN, below)
    .lineTo(A4.width - MARGIN, below)
    .lineWidth(1.2)
    .strokeColor(INK)
    .stroke();
  return below + 22;
}

/** One label/value row of the document's body; returns the y below. */
export function drawRow(doc: PDFKit.PDFDocument, label: string, value: string, y: number): number {
  const labelWidth = 120;
  doc
    .fontSize(13)
    .fillColor(MUTED)
    .text(label, MARGIN + 12, y, { width: labelWidth });
  doc
    .fontSize(13)
    .fillColor(INK)
    .text(value, MARGIN + 12 + labelWidth, y, { width: A4.width - 2 * MARGIN - labelWidth - 24 });
  const below = Math.max(doc.y, y + 16) + 6;
  doc
    .moveTo(MARGIN + 12, below)
    .lineTo(A4.width - MARGIN - 12, below)
    .lineWidth(0.4)
    .strokeColor(RULE)
    .stroke();
  return below + 10;
}

/** A paragraph in the muted colour; returns the y below. */
export function drawNote(doc: PDFKit.PDFDocument, text: string, y: number, size = 10.5): number {
  doc
    .fontSize(size)
    .fillColor(MUTED)
    .text(text, MARGIN + 12, y, { width: A4.width - 2 * MARGIN - 24, lineGap: 3 });
  return doc.y + 8;
}

/**
 * Draws a QR code of `text` as vector squares (crisp at any print resolution, a few hundred bytes), one path of
 * horizontal runs per row. Error correction M: a crease or a pen mark still scans.
 */
export function drawQr(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const quiet = 4;
  const cell = size / (n + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < n; row++) {
    let col = 0;
    while (col < n) {
      if (!qr.modules.data[row * n + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < n && qr.modules.data[row * n + col]) col++;
      // A hair of overlap so adjacent squares print as one dark area, not a grid of seams.
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell + 0.05, cell + 0.05);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

/** What the verification block prints. */
export interface VerificationBlock {
  /** The document number. */
  number: string;
  /** The code as printed (groups of four). */
  printedCode: string;
  /** What the QR code carries (the verify page's path with number and code). */
  qrText: string;
  /** The sentence telling the reader how to verify. */
  howTo: string;
  /** A mini program code (PNG from `wxacode`, production) printed instead of the plain QR code of `qrText`. */
  qrImage?: Buffer;
}

/** The verification block at the foot of the page: QR on the right, number, code and how to verify on the left. */
export function drawVerification(doc: PDFKit.PDFDocument, v: VerificationBlock, issuer: string, date: string): void {
  const qrSize = 118;
  const top = A4.height - MARGIN - qrSize - 10;
  doc
    .moveTo(MARGIN, top - 16)
    .lineTo(A4.width - MARGIN, top - 16)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke();
  if (v.qrImage) doc.image(v.qrImage, A4.width - MARGIN - qrSize, top, { width: qrSize, height: qrSize });
  else drawQr(doc, v.qrText, A4.width - MARGIN - qrSize, top, qrSize);
  const textWidth = A4.width - 2 * MARGIN - qrSize - 24;
  doc
    .fontSize(12)
    .fillColor(INK)
    .text(`核验码：${v.printedCode}`, MARGIN + 12, top + 4, { width: textWidth });
  doc
    .fontSize(10.5)
    .fillColor(MUTED)
    .text(v.howTo, MARGIN + 12, doc.y + 6, { width: textWidth, lineGap: 3 });
  doc
    .fontSize(12)
    .fillColor(INK)
    .text(issuer, MARGIN + 12, top + qrSize - 36, { width: textWidth })
    .text(date, MARGIN + 12, doc.y + 2, { width: textWidth });
}
