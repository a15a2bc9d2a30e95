/**
 * The mini program → `dist/miniprogram/`: WXML/WXSS/JSON/WXS/images copied, every `.ts` compiled to `.js` one file per
 * source (the devtools show the same tree as the sources), `shared/` bundled once into `shared/index.js` that every
 * client import of the barrel is rewritten to, and the TDesign components in use packed into `miniprogram_npm/`.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { formatEsbuildError } from './functions';
import { BuildError, copyFile, posix, readJson, relativeSpecifier, treeBytes, walkFiles } from './fs-utils';
import type { SourcePaths } from './paths';
import { trimZodLocales } from './zod';
import {
  packTdesign,
  TDESIGN,
  tdesignSubpath,
  usingComponents,
  wxmlRefs,
  wxsRefs,
  wxssRefs,
  type TdesignOutput,
  type TdesignRequest,
} from './tdesign';

/** Where the client code talks to: the cloud (`wx.cloud.callFunction`) or the local cloud over HTTP. */
export type ApiMode = 'cloud' | 'local';

/**
 * Syntax level of the client JS. WeChat's JS engines (JavaScriptCore on iOS, V8 on Android and the devtools) run
 * ES2017; newer syntax (`?.`, `??`, object spread) is lowered here so the output does not depend on the devtools'
 * "ES6 转 ES5"/"增强编译" switches.
 */
export const CLIENT_TARGET = 'es2017';
/** Files copied unchanged from `miniprogram/`. */
const ASSET_EXTS = new Set(['.wxml', '.wxss', '.json', '.wxs', '.js', '.png', '.jpg', '.jpeg', '.gif', '.svg', '.webp']);
/** Folder of the shared bundle inside the mini program output. */
const SHARED_OUT = 'shared';

/** Options of the client build. */
export interface MiniprogramOptions {
  apiMode: ApiMode;
  /** Base URL of the local cloud, compiled in when `apiMode` is `local`. */
  localCloudUrl: string;
  /** CloudBase environment id for `wx.cloud.init`; empty → the one selected in the devtools. */
  cloudEnv: string;
}

/** What was written. */
export interface MiniprogramOutput {
  dir: string;
  pages: string[];
  compiled: number;
  copied: number;
  sharedBytes: number;
  tdesign: TdesignOutput;
  totalBytes: number;
  /** Files in miniprogram/ that are neither compiled nor copied (reported, not fatal). */
  skipped: string[];
}

/** Pages of app.json (main package and subpackages) as `pages/x/x`. */
export function appPages(appJson: unknown): string[] {
  const app = (appJson ?? {}) as { pages?: unknown; subpackages?: unknown; subPackages?: unknown };
  const pages = Array.isArray(app.pages) ? app.pages.filter((p): p is string => typeof p === 'string') : [];
  const subs = (Array.isArray(app.subpackages) ? app.subpackages : Array.isArray(app.subPackages) ? app.subPackages : []) as {
    root?: string;
    pages?: string[];
  }[];
  for (const s of subs) for (const p of s.pages ?? []) pages.push(posix(path.join(s.root ?? '', p)));
  return pages;
}

/** Candidates for a relative import of client code, in the order TypeScript resolves them. */
function resolveSource(base: string): string | null {
  for (const c of [`${base}.ts`, `${base}.js`, `${base}.json`, path.join(base, 'index.ts'), path.join(base, 'index.js'), base]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile() && !c.endsWith('.d.ts')) return c;
  }
  return null;
}

/**
 * esbuild plugin: keeps one output file per source by making every import external, with its specifier rewritten to
 * what the mini program runtime resolves: `./x.js` for client modules, the shared bundle for the barrel, TDesign through
 * `miniprogram_npm`. Anything else (a deep import into shared/, another npm package) is an error with its location.
 */
function clientImports(paths: SourcePaths, tdesign: TdesignRequest, sharedUsers: Set<string>): esbuild.Plugin {
  const sharedOutSource = path.join(paths.miniprogram, SHARED_OUT, 'index.js');
  return {
    name: 'client-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const spec = args.path;
        const sub = tdesignSubpath(spec);
        if (sub) {
          tdesign.modules.add(sub);
          return { path: spec, external: true };
        }
        if (!spec.startsWith('.')) {
          return { errors: [{ text: `客户端不能直接引入 "${spec}"：npm 依赖只能经由 shared/index.ts 或 tdesign-miniprogram/ 引入` }] };
        }
        const hit = resolveSource(path.resolve(args.resolveDir, spec));
        if (!hit) return { errors: [{ text: `找不到 "${spec}"` }] };
        if (hit === paths.sharedBarrel) {
          sharedUsers.add(args.importer);
          return { path: relativeSpecifier(args.resolveDir, sharedOutSource), external: true };
        }
        if (hit.startsWith(paths.shared + path.sep)) {
          return { errors: [{ text: `客户端只能经由 shared/index.ts 引入 shared/（"${spec}" 指向 ${posix(path.relative(paths.root, hit))}）` }] };
        }
        if (!hit.startsWith(paths.miniprogram + path.sep)) {
          return { errors: [{ text: `客户端不能引入 miniprogram/ 以外的文件 "${spec}"` }] };
        }
        if (hit.endsWith('.json')) return { path: hit }; // inlined
        return { path: relativeSpecifier(args.resolveDir, hit.replace(/\.ts$/, '.js')), external: true };
      });
    },
  };
}

/** Builds the client into `outDir` (the mini program root). */
export async function buildMiniprogram(paths: SourcePaths, outDir: string, opts: MiniprogramOptions): Promise<MiniprogramOutput> {
  const appJsonPath = path.join(paths.miniprogram, 'app.json');
  if (!fs.existsSync(appJsonPath)) throw new BuildError('找不到 miniprogram/app.json');
  if (fs.existsSync(path.join(paths.miniprogram, SHARED_OUT))) {
    throw new BuildError(`miniprogram/${SHARED_OUT}/ 与 shared/ 的打包输出同名，请改名`);
  }

  const files = walkFiles(paths.miniprogram, (d) => d === 'node_modules' || d === 'miniprogram_npm' || d.startsWith('.'));
  const entries: string[] = [];
  const tdesign: TdesignRequest = { components: new Set(), modules: new Set(), files: new Set() };
  const skipped: string[] = [];
  let copied = 0;
  for (const file of files) {
    const rel = posix(path.relative(paths.miniprogram, file));
    const base = path.basename(file);
    // Type declarations, compiler settings and notes for developers are not part of the mini program.
    if (file.endsWith('.d.ts') || /^tsconfig.*\.json$/.test(base) || base.endsWith('.md')) continue;
    if (file.endsWith('.ts')) {
      if (fs.existsSync(file.replace(/\.ts$/, '.js'))) throw new BuildError(`miniprogram/${rel} 与同名 .js 并存，请删除其一`);
      entries.push(file);
      continue;
    }
    if (!ASSET_EXTS.has(path.extname(file).toLowerCase())) {
      skipped.push(rel);
      continue;
    }
    if (file.endsWith('.json')) {
      for (const spec of usingComponents(readJson(file))) {
        const sub = tdesignSubpath(spec);
        if (sub) tdesign.components.add(sub);
      }
    }
    for (const target of templateRefs(file, paths.miniprogram)) {
      // A stylesheet or template of the client that reaches into the packed TDesign (e.g. its theme variables).
      const inNpm = posix(path.relative(path.join(paths.miniprogram, 'miniprogram_npm', TDESIGN), target));
      if (!inNpm.startsWith('..') && !path.isAbsolute(inNpm)) tdesign.files.add(inNpm);
    }
    copyFile(file, path.join(outDir, rel));
    copied++;
  }

  const define = {
    __API_MODE__: JSON.stringify(opts.apiMode),
    __LOCAL_CLOUD_URL__: JSON.stringify(opts.apiMode === 'local' ? opts.localCloudUrl : ''),
    __CLOUD_ENV__: JSON.stringify(opts.cloudEnv),
  };
  const sharedUsers = new Set<string>();
  if (entries.length) {
    await esbuild
      .build({
        entryPoints: entries,
        outdir: outDir,
        outbase: paths.miniprogram,
        bundle: true,
        format: 'cjs',
        platform: 'neutral',
        target: CLIENT_TARGET,
        charset: 'utf8',
        legalComments: 'none',
        define,
        logLevel: 'silent',
        absWorkingDir: paths.root,
        plugins: [clientImports(paths, tdesign, sharedUsers)],
      })
      .catch((e: unknown) => {
        throw new BuildError(`小程序编译失败：\n${formatEsbuildError(e)}`);
      });
  }

  let sharedBytes = 0;
  if (fs.existsSync(paths.sharedBarrel)) {
    const outfile = path.join(outDir, SHARED_OUT, 'index.js');
    await esbuild
      .build({
        entryPoints: [paths.sharedBarrel],
        outfile,
        bundle: true,
        format: 'cjs',
        platform: 'neutral',
        mainFields: ['module', 'main'],
        target: CLIENT_TARGET,
        // A vendor-sized bundle (zod, dayjs, chinese-days): minified, it is what keeps the main package in budget.
        minify: true,
        charset: 'utf8',
        legalComments: 'none',
        define: { 'process.env.NODE_ENV': '"production"' },
        banner: { js: '/* generated by scripts/build.ts from shared/index.ts — do not edit */' },
        plugins: [trimZodLocales()],
        logLevel: 'silent',
        absWorkingDir: paths.root,
      })
      .catch((e: unknown) => {
        throw new BuildError(`shared/ 打包失败：\n${formatEsbuildError(e)}`);
      });
    sharedBytes = fs.statSync(outfile).size;
  }

  const tdesignOut = await packTdesign(paths.nodeModules, outDir, tdesign);
  const pages = appPages(readJson(appJsonPath));
  checkOutput(outDir, pages);
  return {
    dir: outDir,
    pages,
    compiled: entries.length,
    copied,
    sharedBytes,
    tdesign: tdesignOut,
    totalBytes: treeBytes(outDir),
    skipped,
  };
}

/**
 * Files a WXML (`<import>`, `<include>`, `<wxs>`), WXS (`require`) or WXSS (`@import`) file refers to, as absolute
 * paths (`/x` is relative to the mini program root), with the default extension added when the reference has none.
 */
function templateRefs(file: string, mpRoot: string): string[] {
  const ext = path.extname(file);
  const scan = ext === '.wxml' ? wxmlRefs : ext === '.wxs' ? wxsRefs : ext === '.wxss' ? wxssRefs : null;
  if (!scan) return [];
  return scan(fs.readFileSync(file, 'utf8'))
    .filter((spec) => !/^(https?:)?\/\//.test(spec))
    .map((spec) => {
      const abs = spec.startsWith('/') ? path.join(mpRoot, spec) : path.resolve(path.dirname(file), spec);
      return path.extname(abs) ? abs : abs + ext;
    });
}

/** Fails the build when a page or a referenced component is missing from the output (the devtools would fail later and vaguer). */
function checkOutput(outDir: string, pages: string[]): void {
  const problems: string[] = [];
  if (!pages.length) problems.push('app.json 没有 pages');
  for (const p of pages) {
    for (const ext of ['.js', '.wxml']) if (!fs.existsSync(path.join(outDir, p + ext))) problems.push(`页面 ${p} 缺少 ${ext}`);
  }
  for (const file of walkFiles(outDir, (d) => d === 'miniprogram_npm')) {
    for (const target of templateRefs(file, outDir)) {
      if (!fs.existsSync(target)) problems.push(`${posix(path.relative(outDir, file))} 引用的 ${posix(path.relative(outDir, target))} 不存在`);
    }
  }
  for (const json of walkFiles(outDir, (d) => d === 'miniprogram_npm')) {
    if (!json.endsWith('.json')) continue;
    for (const spec of usingComponents(readJson(json))) {
      if (spec.startsWith('plugin://') || tdesignSubpath(spec)) continue;
      const base = spec.startsWith('/') ? path.join(outDir, spec) : path.resolve(path.dirname(json), spec);
      if (!fs.existsSync(`${base}.js`) && !fs.existsSync(path.join(base, 'index.js'))) {
        problems.push(`${posix(path.relative(outDir, json))} 引用的组件 ${spec} 不存在`);
      }
    }
  }
  if (problems.length) throw new BuildError(`小程序输出不完整：\n${problems.join('\n')}`);
}
