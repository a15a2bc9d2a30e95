/** zod-specific bundling: keep only the locales the project uses, and only the schemas a bundle's code uses. */
import fs from 'node:fs';
import path from 'node:path';
import type * as esbuild from 'esbuild';
import ts from 'typescript';
import * as zodMini from 'zod/mini';

/**
 * zod locales kept in bundles: Chinese, what shared/zod-zh.ts configures. (zod/mini sets no locale of its own, unlike
 * the classic API, which configured English at load.)
 */
export const ZOD_LOCALES = { zhCN: 'zh-CN' } as const;

/**
 * esbuild plugin: zod re-exports every locale (`z.locales`: ~260 KB minified, ~300 KB in a function bundle); bundles keep only {@link ZOD_LOCALES}. Imports of a single locale file (`zod/v4/locales/zh-CN.cjs`) are
 * untouched.
 */
export function trimZodLocales(): esbuild.Plugin {
  return {
    name: 'trim-zod-locales',
    setup(b) {
      b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
        contents: Object.entries(ZOD_LOCALES)
          .map(([name, file]) => `export { default as ${name} } from "./${file}.js";`)
          .join('\n'),
        loader: 'js',
        resolveDir: path.dirname(args.path),
      }));
    },
  };
}

/**
 * The zod/mini calls a schema module makes, as written there (`z.string`, `z.iso.date`), plus the project's own
 * `checked` (shared/zod-check.ts): every one only builds a schema or a check. `z.config` is left out: it is
 * called for what it does (shared/zod-zh.ts sets the Chinese messages).
 */
function schemaBuilders(): ReadonlySet<string> {
  const names = new Set<string>(['checked']);
  for (const [k, v] of Object.entries(zodMini)) {
    if (typeof v === 'function' && k !== 'config') names.add(`z.${k}`);
    else if (k === 'iso' || k === 'coerce') {
      for (const [k2, v2] of Object.entries(v as object)) if (typeof v2 === 'function') names.add(`z.${k}.${k2}`);
    }
  }
  return names;
}

/**
 * `source` with `/* @__PURE__ *\/` before each call to one of `builders`, found in the syntax tree (never inside a
 * string or a comment). Text is only inserted, so line breaks and everything else stay where they were.
 */
export function annotateSchemaBuilders(file: string, source: string, builders = schemaBuilders()): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const at: number[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isCallExpression(n) && builders.has(n.expression.getText(sf))) at.push(n.getStart(sf));
    n.forEachChild(visit);
  };
  visit(sf);
  let out = '';
  let from = 0;
  for (const p of at.sort((a, b) => a - b)) {
    out += `${source.slice(from, p)}/* @__PURE__ */ `;
    from = p;
  }
  return out + source.slice(from);
}

/**
 * esbuild plugin: marks every schema-building call in shared/ as free of side effects, so that a bundle keeps only
 * the schemas its code uses. zod marks its own factories with `@__NO_SIDE_EFFECTS__`, but esbuild honours that only
 * within the file declaring the function (evanw/esbuild#4369), so each `z.object(...)` of a contract module counted
 * as a statement to keep, and with it every schema of every module a function imported: the applicant function built
 * the administrator's policy schema at each cold start, the reviewer function the applicant's profile schema.
 */
export function pureSchemaBuilders(paths: { shared: string }): esbuild.Plugin {
  const builders = schemaBuilders();
  const dir = path.resolve(paths.shared) + path.sep;
  return {
    name: 'pure-schema-builders',
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        if (!args.path.startsWith(dir)) return undefined;
        const source = fs.readFileSync(args.path, 'utf8');
        if (!source.includes("from 'zod/mini'")) return undefined;
        return { contents: annotateSchemaBuilders(args.path, source, builders), loader: 'ts' };
      });
    },
  };
}
