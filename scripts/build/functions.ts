/**
 * Cloud functions → `dist/cloudfunctions/<fn>/`: one bundle (shared/ and zod/chinese-days inside, wx-server-sdk
 * left to CloudBase's "云端安装依赖"), a `package.json` that depends on wx-server-sdk only, and `config.json`. The bundle is
 * `app.js`, run by a small `index.js` with V8's code cache `app.jsc` (code-cache.ts), except in the documents function,
 * whose bundle is `index.js` itself.
 * The documents function also gets its font and the font's licence beside `index.js` ({@link FUNCTION_ASSETS}); pdfkit,
 * fontkit and qrcode are bundled into it (3.8 MB of index.js against 28 MB / 46 packages installed from the registry)
 * and into no other function.
 * Sources never sit beside the output (conventions P1, P8, anti-pattern 12).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { BuildError, posix, readJson, writeFile } from './fs-utils';
import type { SourcePaths } from './paths';
import { BUNDLE_FILE, CODE_CACHE_FILE, loaderSource, writeCodeCache } from './code-cache';
import { compactHolidays } from './holidays';
import { packPolicyVersions } from './policies';
import { pureSchemaBuilders, trimZodLocales } from './zod';

/** The only package a deployed function installs in the cloud. */
export const CLOUD_SDK = 'wx-server-sdk';
/**
 * CloudBase's Node runtime that every function must run on (Nodejs 16.13). The exact version matters: for 16.0 esbuild
 * rewrites every `?.` and `??=` into longer code (about 2 KB of the applicant bundle), which 16.13 runs as written.
 */
export const FUNCTION_TARGET = 'node16.13';
/** Packages that must never end up in a function bundle (native, or local-cloud only). */
const FORBIDDEN_IN_BUNDLE = ['better-sqlite3', 'bindings', 'file-uri-to-path'];
/** The function that renders PDFs: the only one allowed the PDF libraries and the font. */
export const DOCUMENTS_FUNCTION = 'documents';
/** Packages only the documents function may bundle (megabytes that would slow every other function's cold start). */
export const DOCUMENTS_ONLY_PACKAGES = ['pdfkit', 'fontkit', 'qrcode'];

/** A file copied from node_modules into a function's folder. */
export interface FunctionAsset {
  /** Path under node_modules. */
  from: string;
  /** File name beside the function's index.js. */
  to: string;
}

/**
 * Files a function reads at run time beside its bundle. The documents function's font (Noto Sans SC Regular, OFL 1.1)
 * and its licence, which the OFL requires to travel with the font; the names match cloudfunctions/documents/font.ts.
 */
export const FUNCTION_ASSETS: Readonly<Record<string, readonly FunctionAsset[]>> = {
  [DOCUMENTS_FUNCTION]: [
    { from: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf', to: 'NotoSansSC-Regular.ttf' },
    { from: '@expo-google-fonts/noto-sans-sc/LICENSE_FONT', to: 'OFL-NotoSansSC.txt' },
  ],
};

/** The asset file names of a function (empty for most). */
export function functionAssets(name: string): string[] {
  return (FUNCTION_ASSETS[name] ?? []).map((a) => a.to);
}

/** Whether a function's bundle sits behind the code-cache loader (every function but the documents one). */
export function hasCodeCache(name: string): boolean {
  return name !== DOCUMENTS_FUNCTION;
}

/** Every file the build writes into a function's folder. */
export function functionFiles(name: string): string[] {
  const code = hasCodeCache(name) ? ['index.js', BUNDLE_FILE, CODE_CACHE_FILE] : ['index.js'];
  return [...code, 'config.json', 'package.json', ...functionAssets(name)];
}

/** Copies a function's assets into its output folder; a missing source is a build error naming the package. */
function copyAssets(paths: SourcePaths, name: string, dir: string): void {
  for (const a of FUNCTION_ASSETS[name] ?? []) {
    const src = path.join(paths.nodeModules, a.from);
    if (!fs.existsSync(src)) {
      throw new BuildError(`云函数 ${name} 需要的文件 node_modules/${a.from} 不存在，请先 npm install`);
    }
    fs.copyFileSync(src, path.join(dir, a.to));
  }
}

/** What was written for one function. */
export interface FunctionOutput {
  name: string;
  dir: string;
  /** The function's JavaScript: its bundle, plus the loader `index.js` where it has a code cache. */
  bundleBytes: number;
  /** The bundle file: `app.js` behind the loader, or `index.js` itself (the documents function). */
  bundleFile: string;
  /** V8's code cache beside the bundle (0 when the function has none). */
  codeCacheBytes: number;
  /** Source files (relative to the root) that went into the bundle, for the report. */
  inputs: number;
  /** The npm packages bundled in (from esbuild's metafile: a minified bundle has no path comments to search). */
  packages: string[];
}

/** The package a bundled input belongs to (`zod`, `@scope/name`), or null for the project's own sources. */
function packageOf(input: string): string | null {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return null;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? null);
}

/** Folders of `cloudfunctions/` that are deployable functions: they have an `index.ts`; `_`-prefixed folders are internal. */
export function listFunctions(paths: SourcePaths): string[] {
  if (!fs.existsSync(paths.cloudfunctions)) return [];
  return fs
    .readdirSync(paths.cloudfunctions, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
    .filter((d) => fs.existsSync(path.join(paths.cloudfunctions, d.name, 'index.ts')))
    .map((d) => d.name)
    .sort();
}

/** The wx-server-sdk version range the repository itself uses, so the cloud installs what the tests ran against. */
function sdkRange(paths: SourcePaths): string {
  const pkg = readJson(paths.packageJson) as { dependencies?: Record<string, string>; version?: string };
  const range = pkg.dependencies?.[CLOUD_SDK];
  if (!range) throw new BuildError(`package.json 的 dependencies 里没有 ${CLOUD_SDK}，云函数无法声明依赖`);
  return range;
}

/** The function's `config.json`: the source folder's own when it has one (triggers, openapi), else no permissions. */
function functionConfig(srcDir: string): string {
  const own = path.join(srcDir, 'config.json');
  const config = fs.existsSync(own) ? readJson(own) : { permissions: { openapi: [] } };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Builds every function into `<outDir>/cloudfunctions/`. */
export async function buildFunctions(paths: SourcePaths, outRoot: string): Promise<FunctionOutput[]> {
  const names = listFunctions(paths);
  const range = sdkRange(paths);
  const rootPkg = readJson(paths.packageJson) as { version?: string };
  return Promise.all(
    names.map(async (name) => {
      const srcDir = path.join(paths.cloudfunctions, name);
      const dir = path.join(outRoot, name);
      // Behind a loader with V8's code cache (code-cache.ts), except the documents function: its cache would be
      // megabytes of pdfkit and fontkit, and its first voucher waits on reading the font anyway.
      const cached = hasCodeCache(name);
      const outfile = path.join(dir, cached ? BUNDLE_FILE : 'index.js');
      const result = await esbuild
        .build({
          entryPoints: [path.join(srcDir, 'index.ts')],
          outfile,
          bundle: true,
          platform: 'node',
          format: 'cjs',
          target: FUNCTION_TARGET,
          external: [CLOUD_SDK],
          // Minified: bundle size is cold start (parse and compile before `main` runs). Names are not kept: the
          // functions log an error's class name (each error class sets its own) and never a stack, so keepNames
          // would cost ~11 KB and a call per function at load for nothing the logs show. The documents function stays
          // as it was: megabytes of pdfkit and fontkit either way, and no size goal.
          minify: name !== DOCUMENTS_FUNCTION,
          keepNames: name === DOCUMENTS_FUNCTION,
          legalComments: 'none',
          // Chinese text as UTF-8 (3 bytes a character) rather than \uXXXX escapes (6): messages, policy data, labels.
          charset: 'utf8',
          metafile: true,
          plugins: [
            pureSchemaBuilders(paths),
            trimZodLocales(),
            compactHolidays({ deflate: true }),
            packPolicyVersions(),
          ],
          logLevel: 'silent',
          absWorkingDir: paths.root,
          banner: { js: `/* generated by scripts/build.ts from cloudfunctions/${name}/ — do not edit */` },
        })
        .catch((e: unknown) => {
          throw new BuildError(`云函数 ${name} 打包失败：\n${formatEsbuildError(e)}`);
        });
      const inputs = Object.keys(result.metafile.inputs);
      const forbidden = new Set<string>();
      for (const i of inputs) {
        for (const p of FORBIDDEN_IN_BUNDLE) if (i.includes(`node_modules/${p}/`)) forbidden.add(p);
        if (name !== DOCUMENTS_FUNCTION) {
          for (const p of DOCUMENTS_ONLY_PACKAGES) if (i.includes(`node_modules/${p}/`)) forbidden.add(p);
        }
        if (i.endsWith('.node')) forbidden.add(i);
      }
      if (forbidden.size) {
        throw new BuildError(
          `云函数 ${name} 的打包结果含有本地专用/原生模块或仅限 ${DOCUMENTS_FUNCTION} 的 PDF 库：` +
            `${[...forbidden].join(', ')}。生产入口请直接引入 CloudBase 存储（不要经由同时导出 SQLite 存储的 barrel），` +
            `生成 PDF 请调用 ${DOCUMENTS_FUNCTION} 函数。`,
        );
      }
      const pkg = {
        name,
        version: rootPkg.version ?? '0.0.0',
        private: true,
        description: `generated by scripts/build.ts from cloudfunctions/${name}/ — do not edit`,
        main: 'index.js',
        dependencies: { [CLOUD_SDK]: range },
      };
      writeFile(path.join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
      writeFile(path.join(dir, 'config.json'), functionConfig(srcDir));
      copyAssets(paths, name, dir);
      let bundleBytes = fs.statSync(outfile).size;
      let codeCacheBytes = 0;
      if (cached) {
        const loader = loaderSource(name);
        writeFile(path.join(dir, 'index.js'), loader);
        bundleBytes += Buffer.byteLength(loader);
        codeCacheBytes = writeCodeCache(dir, name);
      }
      const packages = [...new Set(inputs.map(packageOf).filter((p): p is string => p !== null))].sort();
      return {
        name,
        dir,
        bundleBytes,
        bundleFile: path.basename(outfile),
        codeCacheBytes,
        inputs: inputs.length,
        packages,
      };
    }),
  );
}

/** esbuild's errors as `file:line: text` lines. */
export function formatEsbuildError(e: unknown): string {
  const errors = (e as { errors?: esbuild.Message[] }).errors;
  if (!errors?.length) return String((e as Error).message ?? e);
  return errors
    .map((m) => (m.location ? `${posix(m.location.file)}:${m.location.line}:${m.location.column}: ${m.text}` : m.text))
    .join('\n');
}
