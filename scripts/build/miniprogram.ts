/**
 * The mini program → `dist/miniprogram/`: WXML/WXSS/JSON/WXS/images copied, every `.ts` compiled to `.js` one file per
 * source (the devtools show the same tree as the sources), `shared/` bundled, and the TDesign components in use packed
 * into `miniprogram_npm/` folders.
 *
 * The output follows WeChat's package split (app.json `subPackages`; the main package is every file outside the
 * subpackage roots and has a 400 KB budget here, 2 MB at WeChat):
 * - client imports of the light barrel `shared/core.ts` → one `shared/core.js` in the main package;
 * - client imports of the full barrel `shared/index.ts` → `<root>/shared/index.js` inside the importer's subpackage
 *   (one copy per subpackage that uses it), or `shared/index.js` in the main package for main-package importers;
 * - TDesign used by one subpackage only → under its root, otherwise in the top-level `miniprogram_npm/` (tdesign.ts).
 * An independent subpackage loads nothing from the main package, so it gets its own core bundle and TDesign copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { formatEsbuildError } from './functions';
import { BuildError, copyFile, posix, readJson, relativeSpecifier, walkFiles } from './fs-utils';
import type { SourcePaths } from './paths';
import { trimZodLocales } from './zod';
import { MAIN_PACKAGE, packageLabel, packageLayout, type PackageLayout } from './packages';
import {
  emptyUsage,
  lookupNpm,
  packTdesign,
  placeTdesign,
  recordUse,
  tdesignSubpath,
  usingComponents,
  wxmlRefs,
  wxsRefs,
  wxssRefs,
  type ImportCache,
  type TdesignOutput,
  type TdesignUsage,
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
const ASSET_EXTS = new Set([
  '.wxml',
  '.wxss',
  '.json',
  '.wxs',
  '.js',
  '.png',
  '.jpg',
  '.jpeg',
  '.gif',
  '.svg',
  '.webp',
]);
/** Folder of the shared bundles inside the mini program output (and inside a subpackage root). */
const SHARED_OUT = 'shared';
/** The client's two doors into shared/: the light barrel (`core.ts`) and the full one (`index.ts`), bundled as `<name>.js`. */
type Barrel = 'core' | 'index';

/** Options of the client build. */
export interface MiniprogramOptions {
  apiMode: ApiMode;
  /** Base URL of the local cloud, compiled in when `apiMode` is `local`. */
  localCloudUrl: string;
  /** CloudBase environment id for `wx.cloud.init`; empty → the one selected in the devtools. */
  cloudEnv: string;
}

/** One package of the output: the main package ({@link MAIN_PACKAGE} root) or a subpackage. */
export interface PackageOutput {
  /** Subpackage root (`packages/reviewer`), or `''` for the main package. */
  root: string;
  independent: boolean;
  pages: string[];
  /** Every file of the package in the output (for the main package: every file outside the subpackage roots). */
  bytes: number;
  /** The TDesign copy inside this package (`<root>/miniprogram_npm/`). */
  tdesign: TdesignOutput;
}

/** What was written. */
export interface MiniprogramOutput {
  dir: string;
  pages: string[];
  compiled: number;
  copied: number;
  /** One copy of the full shared bundle (`shared/index.ts`); 0 when no client file imports it. */
  sharedBytes: number;
  /** The light shared bundle (`shared/core.ts`); 0 when no client file imports it. */
  coreBytes: number;
  /** Where shared bundles were written, relative to `dir` (`shared/core.js`, `packages/reviewer/shared/index.js`). */
  sharedBundles: string[];
  /** The main package first, then each subpackage in app.json order. */
  packages: PackageOutput[];
  /** The main package alone (WeChat: ≤ 2 MB; this project's budget: 400 KB). */
  mainBytes: number;
  /** Every file of the mini program (WeChat: ≤ 20 MB). */
  totalBytes: number;
  /** Files in miniprogram/ that are neither compiled nor copied (reported, not fatal). */
  skipped: string[];
}

/** Pages of app.json (main package and subpackages) as `pages/x/x`. */
export function appPages(appJson: unknown): string[] {
  const layout = packageLayout(appJson);
  return [...layout.mainPages, ...layout.subpackages.flatMap((s) => s.pages)];
}

/**
 * Where a package's imports of a barrel go, relative to the mini program output: the full bundle inside the
 * importer's own package, the core bundle in the main package (inside an independent subpackage for its own files).
 */
function bundleLocation(layout: PackageLayout, pkg: string, barrel: Barrel): string {
  const own = barrel === 'index' || layout.isIndependent(pkg);
  return posix(path.join(own ? pkg : MAIN_PACKAGE, SHARED_OUT, `${barrel}.js`));
}

/** Candidates for a relative import of client code, in the order TypeScript resolves them. */
function resolveSource(base: string): string | null {
  for (const c of [
    `${base}.ts`,
    `${base}.js`,
    `${base}.json`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.js'),
    base,
  ]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile() && !c.endsWith('.d.ts')) return c;
  }
  return null;
}

/**
 * esbuild plugin: keeps one output file per source by making every import external, with its specifier rewritten to
 * what the mini program runtime resolves: `./x.js` for client modules, the right copy of a shared bundle for the
 * barrels, TDesign through `miniprogram_npm`. Anything else (a deep import into shared/, another npm package, a file of
 * a package the importer's package cannot load) is an error with its location. Records the bundles and TDesign modules
 * the client needs.
 */
function clientImports(
  paths: SourcePaths,
  layout: PackageLayout,
  usage: TdesignUsage,
  bundles: Map<string, Barrel>,
): esbuild.Plugin {
  const packageOf = (file: string): string => layout.packageOf(path.relative(paths.miniprogram, file));
  return {
    name: 'client-imports',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const spec = args.path;
        const from = packageOf(args.importer);
        const sub = tdesignSubpath(spec);
        if (sub) {
          recordUse(usage.modules, sub, from);
          return { path: spec, external: true };
        }
        if (!spec.startsWith('.')) {
          return {
            errors: [
              {
                text: `客户端不能直接引入 "${spec}"：npm 依赖只能经由 shared/core.ts、shared/index.ts 或 tdesign-miniprogram/ 引入`,
              },
            ],
          };
        }
        const hit = resolveSource(path.resolve(args.resolveDir, spec));
        if (!hit) return { errors: [{ text: `找不到 "${spec}"` }] };
        const barrel: Barrel | null = hit === paths.sharedBarrel ? 'index' : hit === paths.sharedCore ? 'core' : null;
        if (barrel) {
          const outRel = bundleLocation(layout, from, barrel);
          bundles.set(outRel, barrel);
          return { path: relativeSpecifier(args.resolveDir, path.join(paths.miniprogram, outRel)), external: true };
        }
        if (hit.startsWith(paths.shared + path.sep)) {
          const where = posix(path.relative(paths.root, hit));
          return {
            errors: [
              { text: `客户端只能经由 shared/core.ts 或 shared/index.ts 引入 shared/（"${spec}" 指向 ${where}）` },
            ],
          };
        }
        if (!hit.startsWith(paths.miniprogram + path.sep)) {
          return { errors: [{ text: `客户端不能引入 miniprogram/ 以外的文件 "${spec}"` }] };
        }
        if (hit.endsWith('.json')) return { path: hit }; // inlined
        const to = packageOf(hit);
        if (!layout.canUse(from, to)) {
          return {
            errors: [{ text: `${packageLabel(layout, from)}不能引用${packageLabel(layout, to)}的文件 "${spec}"` }],
          };
        }
        return { path: relativeSpecifier(args.resolveDir, hit.replace(/\.ts$/, '.js')), external: true };
      });
    },
  };
}

/** The package layout of app.json; fails when a package has a folder where a shared bundle goes. */
function readLayout(paths: SourcePaths): { appJsonPath: string; layout: PackageLayout; roots: string[] } {
  const appJsonPath = path.join(paths.miniprogram, 'app.json');
  if (!fs.existsSync(appJsonPath)) throw new BuildError('找不到 miniprogram/app.json');
  const layout = packageLayout(readJson(appJsonPath));
  const roots = [MAIN_PACKAGE, ...layout.subpackages.map((s) => s.root)];
  for (const root of roots) {
    const reserved = posix(path.join(root, SHARED_OUT));
    if (fs.existsSync(path.join(paths.miniprogram, reserved))) {
      throw new BuildError(`miniprogram/${reserved}/ 与 shared/ 的打包输出同名，请改名`);
    }
  }
  return { appJsonPath, layout, roots };
}

/** The client's sources sorted out: `.ts` to compile, assets copied (and their TDesign uses recorded), the rest skipped. */
interface ClientSources {
  entries: string[];
  usage: TdesignUsage;
  skipped: string[];
  copied: number;
}

/** Type declarations, compiler settings and notes for developers are not part of the mini program. */
function isDeveloperFile(file: string): boolean {
  const base = path.basename(file);
  return file.endsWith('.d.ts') || /^tsconfig.*\.json$/.test(base) || base.endsWith('.md');
}

/** Records the TDesign components an asset's `usingComponents` names and the TDesign files its templates reach into. */
function recordAssetUses(
  file: string,
  rel: string,
  mpRoot: string,
  layout: PackageLayout,
  roots: string[],
  usage: TdesignUsage,
): void {
  if (file.endsWith('.json')) {
    for (const spec of usingComponents(readJson(file))) {
      const sub = tdesignSubpath(spec);
      if (sub) recordUse(usage.components, sub, layout.packageOf(rel));
    }
  }
  for (const target of templateRefs(file, mpRoot)) {
    // A stylesheet or template of the client that reaches into a packed TDesign (e.g. its theme variables); the
    // path names the package whose miniprogram_npm/ it means.
    const m = /^(?:(.+)\/)?miniprogram_npm\/tdesign-miniprogram\/(.+)$/.exec(posix(path.relative(mpRoot, target)));
    const owner = m ? (m[1] ?? MAIN_PACKAGE) : null;
    if (m && owner !== null && roots.includes(owner)) recordUse(usage.files, owner, m[2]);
  }
}

/** Walks `miniprogram/`: collects the `.ts` entries, copies the assets into `outDir`, lists what is neither. */
function sortSources(paths: SourcePaths, outDir: string, layout: PackageLayout, roots: string[]): ClientSources {
  const files = walkFiles(
    paths.miniprogram,
    (d) => d === 'node_modules' || d === 'miniprogram_npm' || d.startsWith('.'),
  );
  const sources: ClientSources = { entries: [], usage: emptyUsage(), skipped: [], copied: 0 };
  for (const file of files) {
    const rel = posix(path.relative(paths.miniprogram, file));
    if (isDeveloperFile(file)) continue;
    if (file.endsWith('.ts')) {
      if (fs.existsSync(file.replace(/\.ts$/, '.js')))
        throw new BuildError(`miniprogram/${rel} 与同名 .js 并存，请删除其一`);
      sources.entries.push(file);
      continue;
    }
    if (!ASSET_EXTS.has(path.extname(file).toLowerCase())) {
      sources.skipped.push(rel);
      continue;
    }
    recordAssetUses(file, rel, paths.miniprogram, layout, roots, sources.usage);
    copyFile(file, path.join(outDir, rel));
    sources.copied++;
  }
  return sources;
}

/** The build-time globals of config.ts (esbuild `define`). */
function clientDefine(opts: MiniprogramOptions): Record<string, string> {
  return {
    __API_MODE__: JSON.stringify(opts.apiMode),
    __LOCAL_CLOUD_URL__: JSON.stringify(opts.apiMode === 'local' ? opts.localCloudUrl : ''),
    __CLOUD_ENV__: JSON.stringify(opts.cloudEnv),
    // Subscribe-message template ids (公众平台 → 订阅消息); without them the client asks for no subscription.
    __SUBSCRIBE_RESULT_TEMPLATE__: JSON.stringify(process.env.SUBSCRIBE_TEMPLATE_RESULT ?? ''),
    __SUBSCRIBE_CORRECTION_TEMPLATE__: JSON.stringify(process.env.SUBSCRIBE_TEMPLATE_CORRECTION ?? ''),
    __SUBSCRIBE_DISPUTE_TEMPLATE__: JSON.stringify(process.env.SUBSCRIBE_TEMPLATE_DISPUTE ?? ''),
    __SUBSCRIBE_SETTLEMENT_TEMPLATE__: JSON.stringify(process.env.SUBSCRIBE_TEMPLATE_SETTLEMENT ?? ''),
  };
}

/** Compiles every client `.ts` to one `.js` beside it in `outDir`; returns the shared bundles the imports need. */
async function compileClient(
  paths: SourcePaths,
  outDir: string,
  layout: PackageLayout,
  sources: ClientSources,
  opts: MiniprogramOptions,
): Promise<Map<string, Barrel>> {
  const bundles = new Map<string, Barrel>();
  if (!sources.entries.length) return bundles;
  await esbuild
    .build({
      entryPoints: sources.entries,
      outdir: outDir,
      outbase: paths.miniprogram,
      bundle: true,
      format: 'cjs',
      platform: 'neutral',
      target: CLIENT_TARGET,
      charset: 'utf8',
      legalComments: 'none',
      define: clientDefine(opts),
      logLevel: 'silent',
      absWorkingDir: paths.root,
      plugins: [clientImports(paths, layout, sources.usage, bundles)],
    })
    .catch((e: unknown) => {
      throw new BuildError(`小程序编译失败：\n${formatEsbuildError(e)}`);
    });
  return bundles;
}

/** Each package's size in the output and its TDesign copy: the main package first, then the subpackages. */
function packageOutputs(
  outDir: string,
  layout: PackageLayout,
  roots: string[],
  tdesign: Map<string, TdesignOutput>,
): PackageOutput[] {
  const bytes = new Map<string, number>(roots.map((r) => [r, 0]));
  for (const f of walkFiles(outDir)) {
    const pkg = layout.packageOf(path.relative(outDir, f));
    bytes.set(pkg, (bytes.get(pkg) ?? 0) + fs.statSync(f).size);
  }
  return [
    {
      root: MAIN_PACKAGE,
      independent: false,
      pages: layout.mainPages,
      bytes: bytes.get(MAIN_PACKAGE) ?? 0,
      tdesign: tdesign.get(MAIN_PACKAGE) ?? NO_TDESIGN,
    },
    ...layout.subpackages.map((s) => ({
      ...s,
      bytes: bytes.get(s.root) ?? 0,
      tdesign: tdesign.get(s.root) ?? NO_TDESIGN,
    })),
  ];
}

/** Builds the client into `outDir` (the mini program root). */
export async function buildMiniprogram(
  paths: SourcePaths,
  outDir: string,
  opts: MiniprogramOptions,
): Promise<MiniprogramOutput> {
  const { appJsonPath, layout, roots } = readLayout(paths);
  const sources = sortSources(paths, outDir, layout, roots);
  const bundles = await compileClient(paths, outDir, layout, sources, opts);

  // Independent of each other: the shared bundles and the TDesign copies.
  const [sharedSizes, tdesign] = await Promise.all([
    bundleShared(paths, outDir, bundles),
    packAllTdesign(paths.nodeModules, outDir, roots, placeTdesign(sources.usage, layout)),
  ]);
  const pages = appPages(readJson(appJsonPath));
  checkOutput(outDir, layout, pages, new Set(bundles.keys()));

  const packages = packageOutputs(outDir, layout, roots, tdesign);
  return {
    dir: outDir,
    pages,
    compiled: sources.entries.length,
    copied: sources.copied,
    sharedBytes: sharedSizes.index,
    coreBytes: sharedSizes.core,
    sharedBundles: [...bundles.keys()].sort(),
    packages,
    mainBytes: packages[0].bytes,
    totalBytes: packages.reduce((n, p) => n + p.bytes, 0),
    skipped: sources.skipped,
  };
}

const NO_TDESIGN: TdesignOutput = { files: 0, bytes: 0, components: [] };

/** Packs each package's TDesign request into its own `miniprogram_npm/`, parsing each TDesign JS file once. */
async function packAllTdesign(
  nodeModules: string,
  outDir: string,
  roots: string[],
  requests: ReturnType<typeof placeTdesign>,
): Promise<Map<string, TdesignOutput>> {
  const cache: ImportCache = new Map();
  const out = new Map<string, TdesignOutput>();
  // One package after the other: the later ones find the files they share with the earlier ones in the cache.
  for (const root of roots) {
    const req = requests.get(root);
    if (req) out.set(root, await packTdesign(nodeModules, path.join(outDir, root), req, cache));
  }
  return out;
}

/**
 * Bundles each barrel the client imports once and copies it to every place it is needed (`bundles`: output path →
 * barrel). Minified: zod, policy and holiday data are vendor-sized; the core bundle is small because it has none.
 */
async function bundleShared(
  paths: SourcePaths,
  outDir: string,
  bundles: Map<string, Barrel>,
): Promise<Record<Barrel, number>> {
  const sizes: Record<Barrel, number> = { core: 0, index: 0 };
  const barrels: Barrel[] = ['core', 'index'];
  await Promise.all(
    barrels.map(async (barrel) => {
      const targets = [...bundles]
        .filter(([, b]) => b === barrel)
        .map(([rel]) => path.join(outDir, rel))
        .sort();
      if (!targets.length) return;
      const entry = barrel === 'core' ? paths.sharedCore : paths.sharedBarrel;
      await esbuild
        .build({
          entryPoints: [entry],
          outfile: targets[0],
          bundle: true,
          format: 'cjs',
          platform: 'neutral',
          mainFields: ['module', 'main'],
          target: CLIENT_TARGET,
          minify: true,
          charset: 'utf8',
          legalComments: 'none',
          define: { 'process.env.NODE_ENV': '"production"' },
          banner: { js: `/* generated by scripts/build.ts from shared/${barrel}.ts — do not edit */` },
          plugins: [trimZodLocales()],
          logLevel: 'silent',
          absWorkingDir: paths.root,
        })
        .catch((e: unknown) => {
          throw new BuildError(`shared/${barrel}.ts 打包失败：\n${formatEsbuildError(e)}`);
        });
      for (const t of targets.slice(1)) copyFile(targets[0], t);
      sizes[barrel] = fs.statSync(targets[0]).size;
    }),
  );
  return sizes;
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

/** `[tag, path]` of a JSON file's `usingComponents`, and the tags that have a `componentPlaceholder`. */
function componentEntries(json: unknown): { entries: [string, string][]; placeholders: Set<string> } {
  const obj = (json ?? {}) as {
    usingComponents?: Record<string, unknown>;
    componentPlaceholder?: Record<string, unknown>;
  };
  const entries = Object.entries(obj.usingComponents ?? {}).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  );
  return { entries, placeholders: new Set(Object.keys(obj.componentPlaceholder ?? {})) };
}

/**
 * Fails the build when a page, a referenced component, template, stylesheet or required module is missing from the
 * output as seen from the referencing file (npm names through the nearest `miniprogram_npm/` upwards), or lies in a
 * package the referencing file's package cannot load (the devtools would fail later and vaguer).
 */
function checkOutput(outDir: string, layout: PackageLayout, pages: string[], bundles: Set<string>): void {
  const check = new OutputCheck(outDir, layout);
  check.pages(pages);
  for (const file of walkFiles(outDir, (d) => d === 'miniprogram_npm')) {
    check.templates(file);
    if (file.endsWith('.json')) check.components(file);
    else if (file.endsWith('.js') && !bundles.has(check.rel(file))) check.requires(file);
  }
  if (check.problems.length) throw new BuildError(`小程序输出不完整：\n${check.problems.join('\n')}`);
}

/** The problems {@link checkOutput} finds, one kind of reference at a time. */
class OutputCheck {
  readonly problems: string[] = [];

  constructor(
    private readonly outDir: string,
    private readonly layout: PackageLayout,
  ) {}

  /** A path relative to the output, with forward slashes. */
  rel(f: string): string {
    return posix(path.relative(this.outDir, f));
  }

  /** Every page has its `.js` and `.wxml`. */
  pages(pages: string[]): void {
    if (!pages.length) this.problems.push('app.json 没有 pages');
    for (const p of pages) {
      for (const ext of ['.js', '.wxml'])
        if (!fs.existsSync(path.join(this.outDir, p + ext))) this.problems.push(`页面 ${p} 缺少 ${ext}`);
    }
  }

  /** The templates, stylesheets and WXS modules a file refers to exist and lie in a package it can load. */
  templates(file: string): void {
    for (const target of templateRefs(file, this.outDir)) {
      if (!fs.existsSync(target)) this.problems.push(`${this.rel(file)} 引用的 ${this.rel(target)} 不存在`);
      else this.crossing(file, target);
    }
  }

  /** The components of a JSON file's `usingComponents` exist; across packages only with a placeholder. */
  components(file: string): void {
    const { entries, placeholders } = componentEntries(readJson(file));
    for (const [tag, spec] of entries) {
      if (spec.startsWith('plugin://')) continue;
      const found = this.findComponent(path.dirname(file), spec);
      if (!found) this.problems.push(`${this.rel(file)} 引用的组件 ${spec} 不存在`);
      // Across packages only with a placeholder (分包异步化: the component arrives once its subpackage loads).
      else if (!placeholders.has(tag)) this.crossing(file, found, `（跨分包引用组件需要 componentPlaceholder）`);
    }
  }

  /** The modules a compiled file `require`s exist and lie in a package it can load. */
  requires(file: string): void {
    const dir = path.dirname(file);
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1];
      const found = spec.startsWith('.')
        ? ([path.resolve(dir, spec), path.resolve(dir, `${spec}.js`)].find(
            (c) => fs.existsSync(c) && fs.statSync(c).isFile(),
          ) ?? null)
        : lookupNpm(this.outDir, dir, spec, ['', '.js', '/index.js']);
      if (!found) this.problems.push(`${this.rel(file)} require 的 ${spec} 不存在`);
      else this.crossing(file, found);
    }
  }

  /** A component's `.js` as seen from `dir`: TDesign through the nearest `miniprogram_npm/`, others by path. */
  private findComponent(dir: string, spec: string): string | null {
    if (tdesignSubpath(spec)) return lookupNpm(this.outDir, dir, spec, ['.js']);
    const base = spec.startsWith('/') ? path.join(this.outDir, spec) : path.resolve(dir, spec);
    return [`${base}.js`, path.join(base, 'index.js')].find((c) => fs.existsSync(c)) ?? null;
  }

  /** A problem when `file`'s package cannot load `target`'s. */
  private crossing(file: string, target: string, hint = ''): void {
    const from = this.layout.packageOf(this.rel(file));
    const to = this.layout.packageOf(this.rel(target));
    if (!this.layout.canUse(from, to)) {
      this.problems.push(
        `${this.rel(file)} 引用的 ${this.rel(target)} 属于${packageLabel(this.layout, to)}，${packageLabel(this.layout, from)}不能引用${hint}`,
      );
    }
  }
}
