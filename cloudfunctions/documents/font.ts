/**
 * The font the documents are set in: Noto Sans SC Regular (思源黑体, SIL Open Font License 1.1) from the npm package
 * `@expo-google-fonts/noto-sans-sc`. One weight keeps the function lean (10.5 MB); the title is set larger instead of
 * bold. The build copies the file and its licence into `dist/cloudfunctions/documents/` (a deployed function installs
 * only registry packages, and this one must not depend on a 92 MB package of nine weights).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';

/** The font's file name beside the deployed function's `index.js`. */
export const FONT_FILE = 'NotoSansSC-Regular.ttf';
/** The font's licence file beside it (the OFL requires the licence to travel with the font). */
export const FONT_LICENSE_FILE = 'OFL-NotoSansSC.txt';
/** The npm package the font comes from. */
export const FONT_PACKAGE = '@expo-google-fonts/noto-sans-sc';
/** The font inside that package. */
export const FONT_PACKAGE_FILE = '400Regular/NotoSansSC_400Regular.ttf';
/** The licence inside that package. */
export const FONT_PACKAGE_LICENSE = 'LICENSE_FONT';

/** A loaded font: its bytes for pdfkit and its character map for the coverage check. */
export interface DocumentFont {
  /** The TTF bytes (pdfkit embeds a subset of the glyphs used). */
  bytes: Buffer;
  /** True when the font draws `codePoint` (not the .notdef box). */
  hasGlyph(codePoint: number): boolean;
}

/** The font's path in the repository's node_modules (tests, the local cloud, the build). */
export function packagedFontPath(nodeModules: string = path.resolve(__dirname, '..', '..', 'node_modules')): string {
  return path.join(nodeModules, FONT_PACKAGE, FONT_PACKAGE_FILE);
}

/**
 * The font for this process: beside the bundle when deployed (`<function>/NotoSansSC-Regular.ttf`), else from the
 * package in node_modules.
 */
export function defaultFontPath(dir: string = __dirname): string {
  const beside = path.join(dir, FONT_FILE);
  return fs.existsSync(beside) ? beside : packagedFontPath();
}

const cache = new Map<string, DocumentFont>();

/** Loads a font once per process (10 MB: reading and parsing it per document would dominate the render time). */
export function loadFont(file: string = defaultFontPath()): DocumentFont {
  const hit = cache.get(file);
  if (hit) return hit;
  const bytes = fs.readFileSync(file);
  const parsed = fontkit.create(bytes);
  if (!('hasGlyphForCodePoint' in parsed)) throw new Error(`${file} 是字体集合，请指定单个字体`);
  const font: DocumentFont = { bytes, hasGlyph: (cp) => parsed.hasGlyphForCodePoint(cp) };
  cache.set(file, font);
  return font;
}
