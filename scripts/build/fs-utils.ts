/** Small file-system helpers for the build (sync: the trees are small and the build is a one-shot script). */
import fs from 'node:fs';
import path from 'node:path';

/** Every file under `dir` (recursively), as absolute paths, sorted for stable output. */
export function walkFiles(dir: string, skipDir: (name: string) => boolean = () => false): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipDir(entry.name)) out.push(...walkFiles(full, skipDir));
    } else if (entry.isFile()) {
      out.push(full);
    }
  }
  return out.sort();
}

/** Copies one file, creating the target folder. */
export function copyFile(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** Writes a text file, creating the target folder. */
export function writeFile(to: string, text: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.writeFileSync(to, text);
}

/** Total size in bytes of every file under `dir`. */
export function treeBytes(dir: string): number {
  return walkFiles(dir).reduce((sum, f) => sum + fs.statSync(f).size, 0);
}

/** A path with forward slashes (import specifiers and reports use them on every OS). */
export function posix(p: string): string {
  return p.split(path.sep).join('/');
}

/** A relative import specifier from `fromDir` to `toFile` that always starts with `./` or `../`. */
export function relativeSpecifier(fromDir: string, toFile: string): string {
  const rel = posix(path.relative(fromDir, toFile));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Reads and parses a JSON file, naming the file when it is not valid JSON. */
export function readJson(file: string): unknown {
  const text = fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new BuildError(`${file} 不是合法的 JSON：${(e as Error).message}`);
  }
}

/** A build failure with a message meant for the developer (printed without a stack trace). */
export class BuildError extends Error {
  override name = 'BuildError';
}
