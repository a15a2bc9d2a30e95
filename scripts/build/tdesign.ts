/**
 * Packs the TDesign components the mini program uses into `miniprogram_npm/tdesign-miniprogram/`, with everything they
 * pull in (their own `usingComponents`, JS imports, `<import>`/`<include>`/`<wxs>`, `@import`, WXS `require`) and nothing
 * else: the package is 5.8 MB, the main package budget 400 KB. The layout mirrors what the devtools' "构建 npm" makes
 * (the package's `miniprogram_dist/` copied as is, its nested `miniprogram_npm/` included), so WeChat's module lookup
 * (nearest `miniprogram_npm/` upwards) finds `tslib` & co. the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { BuildError, copyFile, posix, readJson } from './fs-utils';

/** The package and where its mini program build lives. */
export const TDESIGN = 'tdesign-miniprogram';
const COMPONENT_EXTS = ['.js', '.json', '.wxml', '.wxss'];

/**
 * What to pack, as paths inside the package: components (`button/button`), JS modules (`toast/index`) and single
 * files the client's WXSS/WXML reference (`common/style/theme/_index.wxss`).
 */
export interface TdesignRequest {
  components: Set<string>;
  modules: Set<string>;
  files: Set<string>;
}

/** The package-relative path of a `tdesign-miniprogram/...` specifier, or null for anything else. */
export function tdesignSubpath(specifier: string): string | null {
  const prefix = `${TDESIGN}/`;
  if (!specifier.startsWith(prefix)) return null;
  const rest = specifier.slice(prefix.length).replace(/^miniprogram_dist\//, '');
  return rest || null;
}

/** First existing file among the candidates. */
function firstFile(candidates: string[]): string | null {
  for (const c of candidates) if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  return null;
}

/** Resolves a JS specifier the way the mini program runtime does: file, `.js`, folder `index.js`. */
function resolveJs(base: string): string | null {
  return firstFile([base, `${base}.js`, path.join(base, 'index.js')]);
}

/** Resolves a bare JS specifier (`tslib`, `dayjs/plugin/x`) in the nearest `miniprogram_npm/` above `fromDir`, within `distRoot`. */
function resolveBare(specifier: string, fromDir: string, distRoot: string): string | null {
  let dir = fromDir;
  for (;;) {
    const hit = resolveJs(path.join(dir, 'miniprogram_npm', specifier));
    if (hit) return hit;
    if (dir === distRoot || !dir.startsWith(distRoot)) return null;
    dir = path.dirname(dir);
  }
}

/** Every import specifier of each JS file (ESM `import`, `export … from`, `require('…')`), parsed by esbuild. */
async function jsImports(files: string[], outbase: string): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>(files.map((f) => [f, []]));
  if (!files.length) return found;
  await esbuild.build({
    entryPoints: files,
    bundle: true,
    write: false,
    outdir: '/tdesign-scan',
    outbase,
    format: 'esm',
    logLevel: 'silent',
    plugins: [
      {
        name: 'record-imports',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            found.get(args.importer)?.push(args.path);
            return { path: args.path, external: true };
          });
        },
      },
    ],
  });
  return found;
}

/** `<import src>`, `<include src>`, `<wxs src>` of a WXML file. */
export function wxmlRefs(text: string): string[] {
  return [...text.matchAll(/<(?:import|include|wxs)\b[^>]*?\bsrc\s*=\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

/** `require('…')` of a WXS module. */
export function wxsRefs(text: string): string[] {
  return [...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
}

/** `@import '…'` of a WXSS file. */
export function wxssRefs(text: string): string[] {
  return [...text.matchAll(/@import\s+(?:url\()?\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

/** The component folders named in a JSON file's `usingComponents` (and `componentGenerics` defaults). */
export function usingComponents(json: unknown): string[] {
  const out: string[] = [];
  const obj = (json ?? {}) as { usingComponents?: Record<string, unknown>; componentGenerics?: Record<string, unknown> };
  for (const v of Object.values(obj.usingComponents ?? {})) if (typeof v === 'string') out.push(v);
  for (const v of Object.values(obj.componentGenerics ?? {})) {
    const d = (v as { default?: unknown } | null)?.default;
    if (typeof d === 'string') out.push(d);
  }
  return out;
}

/** Result of packing. */
export interface TdesignOutput {
  files: number;
  bytes: number;
  components: string[];
}

/**
 * Copies the requested components/modules and their closure from `node_modules/tdesign-miniprogram/miniprogram_dist`
 * into `<outMiniprogram>/miniprogram_npm/tdesign-miniprogram/`.
 */
export async function packTdesign(nodeModules: string, outMiniprogram: string, req: TdesignRequest): Promise<TdesignOutput> {
  if (!req.components.size && !req.modules.size && !req.files.size) return { files: 0, bytes: 0, components: [] };
  const linked = path.join(nodeModules, TDESIGN, 'miniprogram_dist');
  if (!fs.existsSync(linked)) throw new BuildError(`找不到 ${TDESIGN}/miniprogram_dist（先运行 npm install）`);
  // Real path: esbuild names importers by real path (pnpm and workspaces link node_modules).
  const distRoot = fs.realpathSync(linked);

  const seen = new Set<string>();
  let pendingJs: string[] = [];
  const queue: string[] = [];
  const components = new Set<string>();

  const add = (file: string, from: string, spec: string): void => {
    if (!file.startsWith(distRoot + path.sep)) throw new BuildError(`${posix(from)} 引用了包外的文件 ${spec}`);
    if (seen.has(file)) return;
    seen.add(file);
    if (file.endsWith('.js')) pendingJs.push(file);
    else queue.push(file);
  };
  const must = (file: string | null, from: string, spec: string): string => {
    if (!file) throw new BuildError(`${TDESIGN}: ${posix(path.relative(distRoot, from)) || from} 引用的 ${spec} 不存在`);
    return file;
  };
  const addComponent = (base: string, from: string, spec: string): void => {
    const js = must(firstFile([`${base}.js`]), from, spec);
    components.add(posix(path.relative(distRoot, base)));
    add(js, from, spec);
    for (const ext of COMPONENT_EXTS.slice(1)) {
      const f = `${base}${ext}`;
      if (fs.existsSync(f)) add(f, from, spec);
    }
  };

  for (const c of req.components) addComponent(path.join(distRoot, c), 'usingComponents', `${TDESIGN}/${c}`);
  for (const m of req.modules) add(must(resolveJs(path.join(distRoot, m)), 'import', `${TDESIGN}/${m}`), 'import', m);
  for (const f of req.files) add(must(firstFile([path.join(distRoot, f)]), 'client', `${TDESIGN}/${f}`), 'client', f);

  while (queue.length || pendingJs.length) {
    while (queue.length) {
      const file = queue.pop() as string;
      const dir = path.dirname(file);
      const text = fs.readFileSync(file, 'utf8');
      if (file.endsWith('.json')) {
        for (const spec of usingComponents(readJson(file))) {
          if (spec.startsWith('plugin://')) continue;
          const sub = tdesignSubpath(spec);
          addComponent(sub ? path.join(distRoot, sub) : path.resolve(dir, spec), file, spec);
        }
      } else if (file.endsWith('.wxml')) {
        for (const spec of wxmlRefs(text)) {
          const base = path.resolve(dir, spec);
          add(must(firstFile([base, `${base}.wxml`]), file, spec), file, spec);
        }
      } else if (file.endsWith('.wxs')) {
        for (const spec of wxsRefs(text)) {
          const base = path.resolve(dir, spec);
          add(must(firstFile([base, `${base}.wxs`]), file, spec), file, spec);
        }
      } else if (file.endsWith('.wxss')) {
        for (const spec of wxssRefs(text)) {
          const base = path.resolve(dir, spec);
          add(must(firstFile([base, `${base}.wxss`]), file, spec), file, spec);
        }
      }
    }
    const batch = pendingJs;
    pendingJs = [];
    const imports = await jsImports(batch, distRoot);
    for (const [file, specs] of imports) {
      const dir = path.dirname(file);
      for (const spec of specs) {
        const hit = spec.startsWith('.') ? resolveJs(path.resolve(dir, spec)) : resolveBare(spec, dir, distRoot);
        add(must(hit, file, spec), file, spec);
      }
    }
  }

  const outRoot = path.join(outMiniprogram, 'miniprogram_npm', TDESIGN);
  let bytes = 0;
  for (const file of seen) {
    copyFile(file, path.join(outRoot, path.relative(distRoot, file)));
    bytes += fs.statSync(file).size;
  }
  return { files: seen.size, bytes, components: [...components].sort() };
}
