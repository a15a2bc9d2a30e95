/**
 * Packs the TDesign components the mini program uses into `miniprogram_npm/tdesign-miniprogram/`, with everything they
 * pull in (their own `usingComponents`, JS imports, `<import>`/`<include>`/`<wxs>`, `@import`, WXS `require`) and nothing
 * else: the package is 5.8 MB, the main package budget 400 KB. The layout mirrors what the devtools' "构建 npm" makes
 * (the package's `miniprogram_dist/` copied as is, its nested `miniprogram_npm/` included), so WeChat's module lookup
 * (nearest `miniprogram_npm/` upwards) finds `tslib` & co. the same way.
 *
 * Per package: what only one subpackage uses is packed under that subpackage's root (`<root>/miniprogram_npm/…`, found
 * first by the lookup from its pages), what the main package or several subpackages use under the top-level
 * `miniprogram_npm/`, which belongs to the main package ({@link placeTdesign}).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { BuildError, copyFile, posix, readJson } from './fs-utils';
import { isIconStylesheet, pruneIconRules, wordsOf } from './icons';
import { MAIN_PACKAGE, type PackageLayout } from './packages';

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

/** Import specifiers per TDesign JS file, kept between the packing of several packages (each file is parsed once). */
export type ImportCache = Map<string, string[]>;

/**
 * Every import specifier of each JS file (ESM `import`, `export … from`, `require('…')`), parsed by esbuild; files
 * already in `cache` are not parsed again.
 */
async function jsImports(files: string[], outbase: string, cache: ImportCache): Promise<Map<string, string[]>> {
  const todo = files.filter((f) => !cache.has(f));
  const found = new Map<string, string[]>(todo.map((f) => [f, []]));
  if (todo.length) await scanImports(todo, outbase, found);
  for (const [f, specs] of found) cache.set(f, specs);
  return new Map(files.map((f) => [f, cache.get(f) ?? []]));
}

async function scanImports(files: string[], outbase: string, found: Map<string, string[]>): Promise<void> {
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
  const obj = (json ?? {}) as {
    usingComponents?: Record<string, unknown>;
    componentGenerics?: Record<string, unknown>;
  };
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

/** An empty request. */
export function emptyRequest(): TdesignRequest {
  return { components: new Set(), modules: new Set(), files: new Set() };
}

/**
 * Who uses what of TDesign, with packages named {@link MAIN_PACKAGE} or by their subpackage root.
 */
export interface TdesignUsage {
  /** Component (`button/button`) → the packages whose `usingComponents` name it. */
  components: Map<string, Set<string>>;
  /** JS module (`toast/index`) → the packages whose code imports it. */
  modules: Map<string, Set<string>>;
  /**
   * Package → single files (`common/style/theme/_index.wxss`) that stylesheets/templates reference in that package's
   * `miniprogram_npm/`: such a reference names its folder itself (`/miniprogram_npm/…` is the main package's).
   */
  files: Map<string, Set<string>>;
}

/** An empty usage record. */
export function emptyUsage(): TdesignUsage {
  return { components: new Map(), modules: new Map(), files: new Map() };
}

/** Adds `value` to the set under `key` (an item's users, or a package's files). */
export function recordUse(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}

/**
 * Where each used item is packed, as one request per package root: used by one (non-independent) subpackage only →
 * that subpackage; used by the main package or by several subpackages → the main package. An independent subpackage
 * cannot reach the main package's `miniprogram_npm/`, so it always gets its own copy.
 */
export function placeTdesign(usage: TdesignUsage, layout: PackageLayout): Map<string, TdesignRequest> {
  const out = new Map<string, TdesignRequest>();
  const req = (root: string): TdesignRequest => {
    let r = out.get(root);
    if (!r) out.set(root, (r = emptyRequest()));
    return r;
  };
  const place = (map: Map<string, Set<string>>, kind: 'components' | 'modules'): void => {
    for (const [item, users] of map) {
      const reachable = [...users].filter((u) => !layout.isIndependent(u));
      if (reachable.length) req(reachable.length === 1 ? reachable[0] : MAIN_PACKAGE)[kind].add(item);
      for (const u of users) if (layout.isIndependent(u)) req(u)[kind].add(item);
    }
  };
  place(usage.components, 'components');
  place(usage.modules, 'modules');
  for (const [root, files] of usage.files) for (const f of files) req(root).files.add(f);
  return out;
}

/** Reference scanners of the template-like files, by extension (a reference found is tried as is, then with it). */
const TEMPLATE_SCANNERS: Record<string, (text: string) => string[]> = {
  '.wxml': wxmlRefs,
  '.wxs': wxsRefs,
  '.wxss': wxssRefs,
};

/**
 * The closure of a TDesign request inside `miniprogram_dist`: the files reached so far, the ones still to scan
 * (templates and JSON one at a time, JS in batches through esbuild) and the components among them.
 */
class TdesignClosure {
  /** Every file of the closure. */
  readonly seen = new Set<string>();
  /** Component folders (`button/button`) relative to the dist root. */
  readonly components = new Set<string>();
  private pendingJs: string[] = [];
  private readonly queue: string[] = [];

  constructor(
    private readonly distRoot: string,
    private readonly cache: ImportCache,
  ) {}

  /** Adds what was requested: components with their sibling files, JS modules, and single files. */
  request(req: TdesignRequest): void {
    for (const c of req.components)
      this.addComponent(path.join(this.distRoot, c), 'usingComponents', `${TDESIGN}/${c}`);
    for (const m of req.modules)
      this.add(this.must(resolveJs(path.join(this.distRoot, m)), 'import', `${TDESIGN}/${m}`), 'import', m);
    for (const f of req.files)
      this.add(this.must(firstFile([path.join(this.distRoot, f)]), 'client', `${TDESIGN}/${f}`), 'client', f);
  }

  /** Follows every reference until nothing new turns up. */
  async complete(): Promise<void> {
    while (this.queue.length || this.pendingJs.length) {
      while (this.queue.length) this.scan(this.queue.pop() as string);
      const batch = this.pendingJs;
      this.pendingJs = [];
      this.addImports(await jsImports(batch, this.distRoot, this.cache));
    }
  }

  /** Adds the references of one JSON (`usingComponents`) or template file (WXML, WXS, WXSS). */
  private scan(file: string): void {
    const dir = path.dirname(file);
    if (file.endsWith('.json')) {
      for (const spec of usingComponents(readJson(file))) {
        if (spec.startsWith('plugin://')) continue;
        const sub = tdesignSubpath(spec);
        this.addComponent(sub ? path.join(this.distRoot, sub) : path.resolve(dir, spec), file, spec);
      }
      return;
    }
    const ext = path.extname(file);
    const refs = Object.prototype.hasOwnProperty.call(TEMPLATE_SCANNERS, ext) ? TEMPLATE_SCANNERS[ext] : null;
    if (!refs) return;
    for (const spec of refs(fs.readFileSync(file, 'utf8'))) {
      const base = path.resolve(dir, spec);
      this.add(this.must(firstFile([base, `${base}${ext}`]), file, spec), file, spec);
    }
  }

  /** Adds the modules the scanned JS files import. */
  private addImports(imports: Map<string, string[]>): void {
    for (const [file, specs] of imports) {
      const dir = path.dirname(file);
      for (const spec of specs) {
        const hit = spec.startsWith('.') ? resolveJs(path.resolve(dir, spec)) : resolveBare(spec, dir, this.distRoot);
        this.add(this.must(hit, file, spec), file, spec);
      }
    }
  }

  private add(file: string, from: string, spec: string): void {
    if (!file.startsWith(this.distRoot + path.sep)) throw new BuildError(`${posix(from)} 引用了包外的文件 ${spec}`);
    if (this.seen.has(file)) return;
    this.seen.add(file);
    if (file.endsWith('.js')) this.pendingJs.push(file);
    else this.queue.push(file);
  }

  private must(file: string | null, from: string, spec: string): string {
    if (!file)
      throw new BuildError(`${TDESIGN}: ${posix(path.relative(this.distRoot, from)) || from} 引用的 ${spec} 不存在`);
    return file;
  }

  /** A component: its `.js` (required) and whichever of its `.json`, `.wxml`, `.wxss` exist. */
  private addComponent(base: string, from: string, spec: string): void {
    const js = this.must(firstFile([`${base}.js`]), from, spec);
    this.components.add(posix(path.relative(this.distRoot, base)));
    this.add(js, from, spec);
    for (const ext of COMPONENT_EXTS.slice(1)) {
      const f = `${base}${ext}`;
      if (fs.existsSync(f)) this.add(f, from, spec);
    }
  }
}

/**
 * Copies the requested components/modules and their closure from `node_modules/tdesign-miniprogram/miniprogram_dist`
 * into `<outRoot>/miniprogram_npm/tdesign-miniprogram/`, where `outRoot` is the mini program output or a subpackage
 * folder in it. Pass one `cache` when packing several packages, and the words of the client's sources
 * (`clientWords`, icons.ts) to ship only the icon rules the client can name.
 */
export async function packTdesign(
  nodeModules: string,
  outRoot: string,
  req: TdesignRequest,
  cache: ImportCache = new Map(),
  clientWords?: ReadonlySet<string>,
): Promise<TdesignOutput> {
  if (!req.components.size && !req.modules.size && !req.files.size) return { files: 0, bytes: 0, components: [] };
  const linked = path.join(nodeModules, TDESIGN, 'miniprogram_dist');
  if (!fs.existsSync(linked)) throw new BuildError(`找不到 ${TDESIGN}/miniprogram_dist（先运行 npm install）`);
  // Real path: esbuild names importers by real path (pnpm and workspaces link node_modules).
  const distRoot = fs.realpathSync(linked);

  const closure = new TdesignClosure(distRoot, cache);
  closure.request(req);
  await closure.complete();

  const outNpm = path.join(outRoot, 'miniprogram_npm', TDESIGN);
  // The icon rules kept: icons named in the client (`clientWords`) or in the TDesign files shipped with it.
  const words = clientWords ? wordsOf(closure.seen, new Set(clientWords)) : null;
  let bytes = 0;
  for (const file of closure.seen) {
    const rel = path.relative(distRoot, file);
    const to = path.join(outNpm, rel);
    if (words && isIconStylesheet(rel)) {
      const css = pruneIconRules(fs.readFileSync(file, 'utf8'), words);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, css);
      bytes += Buffer.byteLength(css);
      continue;
    }
    copyFile(file, to);
    bytes += fs.statSync(file).size;
  }
  return { files: closure.seen.size, bytes, components: [...closure.components].sort() };
}

/**
 * Resolves an npm specifier (`tdesign-miniprogram/button/button`) from `fromDir` the way WeChat does: the first
 * `miniprogram_npm/<spec>` + suffix on the way up to the mini program root `mpRoot`. Null when nothing matches.
 */
export function lookupNpm(mpRoot: string, fromDir: string, spec: string, suffixes: string[]): string | null {
  let dir = fromDir;
  for (;;) {
    const hit = firstFile(suffixes.map((s) => path.join(dir, 'miniprogram_npm', spec + s)));
    if (hit) return hit;
    if (dir === mpRoot || !dir.startsWith(mpRoot)) return null;
    dir = path.dirname(dir);
  }
}
