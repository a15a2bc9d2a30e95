/**
 * A PDF as a person sees it: rasterised by poppler's pdftoppm (grey, 50 dpi) and read by pdftotext, so a test can ask
 * whether the glyphs are really drawn where the text says they are (a text-only check passes even when a font subset
 * draws nothing). `.ci/run` installs poppler-utils when pdftoppm is missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Resolution of the raster, in dots per inch. */
export const DPI = 50;

/** A grey raster: one byte per pixel, 0 = black, 255 = white. */
export interface Raster {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** A word pdftotext found, in PDF points from the top-left corner. */
export interface WordBox {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** What poppler makes of a one-page PDF. */
export interface PdfView {
  raster: Raster;
  text: string;
  words: WordBox[];
  /** pdfinfo's fields, e.g. `Page size`. */
  info: Record<string, string>;
}

/** Parses a binary PGM (P5, 8-bit) as pdftoppm writes it. */
export function parsePgm(buf: Buffer): Raster {
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(buf.subarray(0, 64).toString('latin1'));
  if (!header || header[3] !== '255') throw new Error('not an 8-bit binary PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const pixels = new Uint8Array(buf.subarray(header[0].length, header[0].length + width * height));
  if (pixels.length !== width * height) throw new Error('PGM truncated');
  return { width, height, pixels };
}

/** Dark pixels (grey below 128) in a box given in PDF points. */
export function darkPixels(r: Raster, box: { xMin: number; yMin: number; xMax: number; yMax: number }): number {
  const s = DPI / 72;
  const x0 = Math.max(0, Math.floor(box.xMin * s));
  const x1 = Math.min(r.width, Math.ceil(box.xMax * s));
  const y0 = Math.max(0, Math.floor(box.yMin * s));
  const y1 = Math.min(r.height, Math.ceil(box.yMax * s));
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (r.pixels[y * r.width + x] < 128) n++;
  return n;
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Rasterises and reads a PDF with poppler (pdftoppm, pdftotext, pdfinfo). */
export function viewPdf(pdf: Buffer): PdfView {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-view-'));
  try {
    const file = path.join(dir, 'doc.pdf');
    fs.writeFileSync(file, pdf);
    execFileSync('pdftoppm', ['-gray', '-r', String(DPI), '-singlefile', file, path.join(dir, 'page')]);
    const raster = parsePgm(fs.readFileSync(path.join(dir, 'page.pgm')));
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
    const words = [
      ...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g),
    ].map((m) => ({ xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4], text: unescapeXml(m[5]) }));
    const info: Record<string, string> = {};
    for (const line of execFileSync('pdfinfo', [file], { encoding: 'utf8' }).split('\n')) {
      const i = line.indexOf(':');
      if (i > 0) info[line.slice(0, i).trim()] = line.slice(i + 1).trim();
    }
    return { raster, text, words, info };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The word box whose text is exactly `text`; throws (failing the test) when pdftotext did not find it. */
export function wordBox(view: PdfView, text: string): WordBox {
  const w = view.words.find((x) => x.text === text);
  if (!w) throw new Error(`pdftotext found no word “${text}” (words: ${view.words.map((x) => x.text).join(' ')})`);
  return w;
}

/** The box of the `i`-th of `n` equal-width characters of a word (CJK glyphs are full-width). */
export function charBox(w: WordBox, i: number, n: number): WordBox {
  const step = (w.xMax - w.xMin) / n;
  return { ...w, xMin: w.xMin + i * step, xMax: w.xMin + (i + 1) * step };
}
