/**
 * TDesign's icon stylesheet (`icon/icon.wxss`) carries a `.t-icon-<name>:before` rule for each of its ~2,350 icons
 * (112 KB, over a quarter of the main package). The build keeps only the rules of icons whose name appears as a word
 * in the client's sources or in the TDesign files it ships; everything else of the stylesheet is kept as it is.
 *
 * Conservative on purpose: any word that could be an icon name keeps it (a name written in a comment costs one rule),
 * and a word ending in "-" (a name built by concatenation, `'chevron-' + dir`) keeps every icon it starts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { walkFiles } from './fs-utils';

const WORD = /[a-z][a-z0-9-]*/g;
const RULE = /\.t-icon-([a-z0-9-]+):before\{[^}]*\}\n?/g;
const SCANNED = new Set(['.ts', '.js', '.wxml', '.wxs', '.json']);

/** Every word of the files (lower-case letters, digits and "-", starting with a letter). */
export function wordsOf(files: Iterable<string>, into: Set<string> = new Set()): Set<string> {
  for (const f of files) {
    if (!SCANNED.has(path.extname(f))) continue;
    for (const w of fs.readFileSync(f, 'utf8').match(WORD) ?? []) into.add(w);
  }
  return into;
}

/** The words of every client source file under `dirs` (node_modules skipped). */
export function sourceWords(dirs: string[]): Set<string> {
  const words = new Set<string>();
  for (const d of dirs)
    wordsOf(
      walkFiles(d, (name) => name === 'node_modules' || name === 'miniprogram_npm'),
      words,
    );
  return words;
}

/** The icon stylesheet with only the rules of icons named in `words`. */
export function pruneIconRules(css: string, words: Set<string>): string {
  const prefixes = [...words].filter((w) => w.endsWith('-'));
  return css.replace(RULE, (rule: string, name: string) =>
    words.has(name) || prefixes.some((p) => name.startsWith(p)) ? rule : '',
  );
}

/** Whether `file` (a path inside TDesign's dist) is the icon stylesheet. */
export function isIconStylesheet(rel: string): boolean {
  return rel.split(path.sep).join('/') === 'icon/icon.wxss';
}
