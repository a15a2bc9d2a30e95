/** zod-specific bundling: keep only the locales the project uses. */
import path from 'node:path';
import type * as esbuild from 'esbuild';

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
