/**
 * The build: the repository into a temp output root (never the `dist/` of a running `npm start`), checked the way the
 * devtools and CloudBase will use it; and small fixture projects for the build's refusals and its package split.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build, BuildError, type BuildResult } from '../../scripts/build/index';
import { BUNDLE_FILE, CODE_CACHE_FILE, SDK_STUB } from '../../scripts/build/code-cache';
import { functionFiles, hasCodeCache, listFunctions } from '../../scripts/build/functions';
import { appPages } from '../../scripts/build/miniprogram';
import { sourcePaths } from '../../scripts/build/paths';
import { usingComponents } from '../../scripts/build/tdesign';
import { measurePackage } from '../../scripts/bench/sizes';

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');
const ROOT_PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
}

/** WeChat's npm lookup: the first `miniprogram_npm/<spec><suffix>` from `fromDir` up to the mini program root. */
function npmLookup(mpRoot: string, fromDir: string, spec: string, suffix: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'miniprogram_npm', spec + suffix);
    if (fs.existsSync(candidate)) return candidate;
    if (dir === mpRoot || path.relative(mpRoot, dir).startsWith('..')) return null;
  }
}

/** Runs `code` in a fresh node with the repository's node_modules resolvable (as CloudBase installs them). */
function nodeEval(code: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['-e', code], {
    env: { ...process.env, NODE_PATH: NODE_MODULES },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('build of the repository', () => {
  let out: string;
  let result: BuildResult;
  let mp: string;

  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'build-'));
    result = await build({ outDir: out, apiMode: 'cloud' });
    mp = path.join(out, 'miniprogram');
  }, 30_000);

  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('should carry no way to move the clock: the local cloud’s LOCAL_CLOUD_TODAY / OFFSET_DAYS are in no bundle', () => {
    const texts = files(out).filter((f) => /\.(js|json|wxml|wxs)$/.test(f));
    expect(texts.length).toBeGreaterThan(10);
    const hits = texts.filter((f) =>
      /LOCAL_CLOUD_TODAY|LOCAL_CLOUD_OFFSET_DAYS|local-cloud\/clock/.test(fs.readFileSync(f, 'utf8')),
    );
    expect(hits).toEqual([]);
  });

  it('should put no TypeScript source anywhere in the output', () => {
    expect(files(out).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files(out).filter((f) => /tsconfig/.test(f))).toEqual([]);
  });

  it('should write every function folder with index.js (and behind it app.js with its code cache), config.json, its declared assets and a package.json depending only on wx-server-sdk', () => {
    const names = listFunctions(sourcePaths(ROOT));
    expect(names).toContain('applicant');
    expect(result.functions.map((f) => f.name).sort()).toEqual(names);
    for (const name of names) {
      const dir = path.join(out, 'cloudfunctions', name);
      expect(fs.readdirSync(dir).sort()).toEqual(functionFiles(name).sort());
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg.main).toBe('index.js');
      expect(pkg.dependencies).toEqual({ 'wx-server-sdk': ROOT_PKG.dependencies['wx-server-sdk'] });
      expect(pkg.devDependencies).toBeUndefined();
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toHaveProperty('permissions');
    }
  });

  it('should bundle shared/ and the npm libraries into each function, leaving only wx-server-sdk and Node built-ins to require', () => {
    const builtins = new Set(builtinModules);
    for (const f of result.functions) {
      const js = ['index.js', f.bundleFile].map((n) => fs.readFileSync(path.join(f.dir, n), 'utf8')).join('\n');
      const required = [...js.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1]);
      const foreign = required.filter((r) => r !== 'wx-server-sdk' && !builtins.has(r.replace(/^node:/, '')));
      expect(foreign).toEqual([]);
      expect(required).toContain('wx-server-sdk');
      expect(js).not.toMatch(/better-sqlite3/);
    }
  });

  it('should load the applicant bundle in plain Node with a main(event, context) export', () => {
    const file = path.join(out, 'cloudfunctions', 'applicant', 'index.js');
    // Only require it: main() would reach the real SDK's network calls, which crash Node 20 offline.
    const r = nodeEval(`const m = require(${JSON.stringify(file)}); console.log(typeof m.main, m.main.length);`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('function 2');
  });

  it('should start every function but the documents one from a V8 code cache this Node accepts, counted with the loader in its code size', () => {
    const cached = result.functions.filter((f) => hasCodeCache(f.name));
    expect(cached.map((f) => f.name)).toEqual(expect.arrayContaining(['admin', 'applicant', 'reviewer', 'scheduler']));
    for (const f of cached) {
      const bundle = path.join(f.dir, BUNDLE_FILE);
      const r = nodeEval(
        "const fs = require('fs'); const vm = require('vm');" +
          ` const s = new vm.Script(require('module').wrap(fs.readFileSync(${JSON.stringify(bundle)}, 'utf8')),` +
          ` { filename: ${JSON.stringify(bundle)}, cachedData: fs.readFileSync(${JSON.stringify(path.join(f.dir, CODE_CACHE_FILE))}) });` +
          ' console.log(s.cachedDataRejected);',
      );
      expect([f.name, r.stdout.trim()]).toEqual([f.name, 'false']);
      expect(f.codeCacheBytes).toBe(fs.statSync(path.join(f.dir, CODE_CACHE_FILE)).size);
      expect(f.bundleBytes).toBe(fs.statSync(bundle).size + fs.statSync(path.join(f.dir, 'index.js')).size);
    }
  });

  it('should still start a function whose code cache is missing or was built by another Node, and answer the same', () => {
    const src = path.join(out, 'cloudfunctions', 'applicant');
    const load = (dir: string): string =>
      nodeEval(
        // A database stand-in with `command`: the entry builds its store on the first call; no collection is read.
        `${SDK_STUB} stub.database = () => ({ command: {}, collection: () => ({}) });` +
          ` const m = require(${JSON.stringify(path.join(dir, 'index.js'))});` +
          " m.main({ action: 'nope' }, {}).then((r) => console.log(typeof m.main, JSON.stringify(r)));",
      ).stdout.trim();
    const expected = load(src);
    expect(expected).toMatch(/^function \{"ok":false,"code":"UNKNOWN_ACTION"/);
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'fn-cache-'));
    try {
      for (const n of fs.readdirSync(src)) fs.copyFileSync(path.join(src, n), path.join(copy, n));
      // Another Node's cache: V8 refuses bytes it did not write for this version, flags and source.
      fs.writeFileSync(path.join(copy, CODE_CACHE_FILE), Buffer.alloc(4096, 7));
      expect(load(copy)).toBe(expected);
      fs.rmSync(path.join(copy, CODE_CACHE_FILE));
      expect(load(copy)).toBe(expected);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });

  it('should keep in each function only the request schemas its own actions and code use', () => {
    const bundle = (fn: string): string => fs.readFileSync(path.join(out, 'cloudfunctions', fn, BUNDLE_FILE), 'utf8');
    // A message of the admin's role request, of the applicant's profile and of the policy-version schema.
    const role = '用户 openid 应为 1–64 位字母、数字、下划线或短横线';
    const profile = '是否有学历证书';
    const policyVersion = '未知的计分规则类型（rule），引擎不支持此规则';
    expect(bundle('admin')).toContain(role);
    expect(bundle('admin')).toContain(policyVersion);
    expect(bundle('applicant')).toContain(profile);
    expect(bundle('reviewer')).toContain(profile);
    expect(bundle('applicant')).not.toContain(role);
    expect(bundle('applicant')).not.toContain(policyVersion);
    expect(bundle('reviewer')).not.toContain(policyVersion);
    expect(bundle('scheduler')).not.toContain(profile);
    expect(bundle('scheduler')).not.toContain(role);
  });

  it('should still refuse a bad request from a function bundle with zod’s Chinese messages', () => {
    const file = path.join(out, 'cloudfunctions', 'applicant', 'index.js');
    const r = nodeEval(
      `${SDK_STUB} stub.database = () => ({ command: {}, collection: () => ({}) });` +
        " stub.getWXContext = () => ({ OPENID: 'o-build-test' });" +
        ` const m = require(${JSON.stringify(file)});` +
        " m.main({ action: 'draft.get', payload: { draftId: 5 } }, {}).then((r) => console.log(JSON.stringify(r)));",
    );
    const answer = JSON.parse(r.stdout.trim()) as { code: string; fields: { path: string; message: string }[] };
    expect(answer.code).toBe('INVALID_INPUT');
    expect(answer.fields).toEqual([
      expect.objectContaining({ path: 'draftId', message: '无效输入：期望 string，实际接收 数字' }),
    ]);
  });

  it('should compile every page of app.json to .js with its .wxml, .json and .wxss', () => {
    const pages = appPages(JSON.parse(fs.readFileSync(path.join(mp, 'app.json'), 'utf8')));
    expect(pages.length).toBeGreaterThan(0);
    for (const page of pages) {
      for (const ext of ['.js', '.wxml', '.json', '.wxss']) {
        expect([page + ext, fs.existsSync(path.join(mp, page + ext))]).toEqual([page + ext, true]);
      }
    }
    expect(fs.existsSync(path.join(mp, 'app.js'))).toBe(true);
  });

  it('should emit each shared bundle loadable on its own, with zod only in the full bundle', () => {
    const bundles = result.miniprogram.sharedBundles;
    expect(bundles.length).toBeGreaterThan(0);
    // The full bundle sits in the package of its importers, the light one in the main package (or an independent subpackage).
    for (const b of bundles) expect(b).toMatch(/^(.+\/)?shared\/(index|core)\.js$/);
    const full = bundles.filter((b) => b.endsWith('index.js')).map((b) => path.join(mp, b));
    const core = bundles.filter((b) => b.endsWith('core.js')).map((b) => path.join(mp, b));
    // Copies of one bundle (one per package that imports the barrel): loading the first loads them all.
    for (const f of full) expect(fs.readFileSync(f).equals(fs.readFileSync(full[0]))).toBe(true);
    for (const f of full.slice(0, 1)) {
      const r = nodeEval(
        `const s = require(${JSON.stringify(f)}); console.log(typeof s.score, typeof s.parseProfile, typeof s.ok);` +
          'console.log(s.RequestSchema.safeParse({ action: 5 }).error.issues[0].message);',
      );
      const [kinds, zodMessage] = r.stdout.trim().split('\n');
      expect(kinds).toBe('function function function');
      // zod's locales are trimmed for size; the Chinese one shared/ configures must survive.
      expect(zodMessage).toMatch(/[\u4e00-\u9fa5]/);
    }
    for (const f of core) {
      const r = nodeEval(
        `const s = require(${JSON.stringify(f)}); console.log(typeof s.maskIdCard, typeof s.formatHalves, typeof s.score);`,
      );
      expect(r.stdout.trim()).toBe('function function undefined');
    }
    // Only the full bundle holds zod: neither the light bundle nor any client file carries a copy.
    const clientJs = files(mp).filter((f) => f.endsWith('.js') && !f.includes('miniprogram_npm') && !full.includes(f));
    for (const f of clientJs) expect([f, /\$ZodType|ZodError/.test(fs.readFileSync(f, 'utf8'))]).toEqual([f, false]);
  });

  it('should rewrite every relative require of the client to a file that exists in the output', () => {
    const bundles = new Set(result.miniprogram.sharedBundles.map((b) => path.join(mp, b)));
    const clientJs = files(mp).filter((f) => f.endsWith('.js') && !f.includes('miniprogram_npm') && !bundles.has(f));
    expect(clientJs.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const f of clientJs) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)) {
        const spec = m[1];
        if (spec.startsWith('tdesign-miniprogram/')) {
          if (!npmLookup(mp, path.dirname(f), spec, '.js') && !npmLookup(mp, path.dirname(f), spec, ''))
            missing.push(`${path.relative(mp, f)} → ${spec}`);
        } else if (!spec.startsWith('.') || !fs.existsSync(path.resolve(path.dirname(f), spec))) {
          missing.push(`${path.relative(mp, f)} → ${spec}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('should compile the cloud API mode in by default', () => {
    const r = nodeEval(`const c = require(${JSON.stringify(path.join(mp, 'config.js'))}); console.log(c.API_MODE);`);
    expect(r.stdout.trim()).toBe('cloud');
    expect(fs.readFileSync(path.join(mp, 'config.js'), 'utf8')).not.toMatch(
      /__API_MODE__|__LOCAL_CLOUD_URL__|__CLOUD_ENV__/,
    );
  });

  it('should pack every referenced TDesign component with its dependencies where the referencing page finds it, not the whole package', () => {
    const missing: string[] = [];
    let referenced = 0;
    for (const f of files(mp).filter((x) => x.endsWith('.json') && !x.includes('miniprogram_npm'))) {
      for (const spec of usingComponents(JSON.parse(fs.readFileSync(f, 'utf8')))) {
        if (!spec.startsWith('tdesign-miniprogram/')) continue;
        referenced++;
        const js = npmLookup(mp, path.dirname(f), spec, '.js');
        if (!js) missing.push(`${path.relative(mp, f)} → ${spec}`);
        else
          for (const ext of ['.json', '.wxml', '.wxss'])
            if (!fs.existsSync(js.replace(/\.js$/, ext))) missing.push(`${js}${ext}`);
      }
    }
    expect(missing).toEqual([]);
    // Every TDesign copy: the main package's and those under subpackage roots.
    const marker = path.join('miniprogram_npm', 'tdesign-miniprogram');
    const roots = [
      ...new Set(
        files(mp)
          .filter((f) => f.includes(marker + path.sep))
          .map((f) => f.slice(0, f.indexOf(marker) + marker.length)),
      ),
    ];
    expect(roots.length > 0).toBe(referenced > 0);
    for (const npm of roots) {
      // What TDesign's JS imports by bare name is found where WeChat looks: the nearest miniprogram_npm upwards.
      expect([npm, fs.existsSync(path.join(npm, 'miniprogram_npm', 'tslib', 'index.js'))]).toEqual([npm, true]);
      expect(fs.existsSync(path.join(npm, 'common', 'style', 'index.wxss'))).toBe(true);
      const packed = files(npm).reduce((n, f) => n + fs.statSync(f).size, 0);
      expect(packed).toBeLessThan(1024 * 1024);
      expect(files(npm).some((f) => f.endsWith('.d.ts'))).toBe(false);
    }
  });

  it('should keep the main package and each subpackage under WeChat’s 2 MB limit, and report the same main package as the bench', () => {
    const sizes = measurePackage(result);
    expect(sizes.main.bytes).toBe(result.miniprogram.mainBytes);
    expect(sizes.main.bytes).toBeLessThan(2 * 1024 * 1024);
    for (const sub of sizes.subpackages) expect([sub.root, sub.bytes < 2 * 1024 * 1024]).toEqual([sub.root, true]);
    expect(sizes.wholeBytes).toBe(files(mp).reduce((n, f) => n + fs.statSync(f).size, 0));
    expect(sizes.wholeBytes).toBeLessThan(20 * 1024 * 1024);
  });

  it('should keep the main package within the project’s 400 KB budget, carrying the light shared bundle and not the full one', () => {
    const sizes = measurePackage(result);
    // The budget of scripts/bench.ts (TARGETS.mainPackageBudgetBytes): what a phone downloads before the home page shows.
    expect(sizes.main.bytes).toBeLessThanOrEqual(400 * 1024);
    expect(sizes.main.sharedBytes).toBe(0);
    expect(result.miniprogram.sharedBundles).toContain('shared/core.js');
    expect(result.miniprogram.sharedBundles).not.toContain('shared/index.js');
  });
});

describe('project.config.json', () => {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8'));

  it('should point WeChat DevTools at the build output, never at the sources', () => {
    expect(config.miniprogramRoot).toBe('dist/miniprogram/');
    expect(config.cloudfunctionRoot).toBe('dist/cloudfunctions/');
    expect(config.compileType).toBe('miniprogram');
    expect(config.setting.urlCheck).toBe(false);
    expect(config.setting.packNpmManually).toBe(false);
  });
});

describe('build refusals and modes (fixture project)', () => {
  let root: string;

  function write(rel: string, text: string): void {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-fixture-'));
    fs.symlinkSync(NODE_MODULES, path.join(root, 'node_modules'), 'dir');
    write(
      'package.json',
      JSON.stringify({ name: 'fixture', version: '1.2.3', dependencies: { 'wx-server-sdk': '~4.0.2' } }),
    );
    write('shared/index.ts', "export * from './greet';\n");
    write('shared/greet.ts', 'export const greet = (n: string): string => `你好，${n}`;\n');
    write('miniprogram/app.json', JSON.stringify({ pages: ['pages/home/home'] }));
    write('miniprogram/app.ts', 'App({});\n');
    write(
      'miniprogram/config.ts',
      "declare const __API_MODE__: string | undefined;\ndeclare const __LOCAL_CLOUD_URL__: string | undefined;\nexport const MODE = typeof __API_MODE__ !== 'undefined' ? __API_MODE__ : 'cloud';\nexport const URL_ = typeof __LOCAL_CLOUD_URL__ !== 'undefined' ? __LOCAL_CLOUD_URL__ : '';\n",
    );
    write(
      'miniprogram/pages/home/home.ts',
      "import { greet } from '../../../shared';\nimport { MODE, URL_ } from '../../config';\nComponent({ data: { t: greet('张伟') + MODE + URL_ } });\n",
    );
    write('miniprogram/pages/home/home.wxml', '<t-button>{{t}}</t-button>\n');
    write('miniprogram/pages/home/home.wxss', '.a{}\n');
    write(
      'miniprogram/pages/home/home.json',
      JSON.stringify({ usingComponents: { 't-button': 'tdesign-miniprogram/button/button' } }),
    );
    write(
      'cloudfunctions/hello/index.ts',
      "import { greet } from '../../shared/greet';\nexport async function main(): Promise<string> { return greet('云'); }\n",
    );
    write('cloudfunctions/_core/util.ts', 'export const x = 1;\n');
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('should compile the local API mode and the local cloud URL into the client', async () => {
    const out = path.join(root, 'dist');
    await build({ root, outDir: out, apiMode: 'local', localCloudUrl: 'http://127.0.0.1:9999' });
    const home = fs.readFileSync(path.join(out, 'miniprogram', 'pages', 'home', 'home.js'), 'utf8');
    expect(home).toContain('require("../../shared/index.js")');
    expect(home).toContain('require("../../config.js")');
    const r = nodeEval(
      `const c = require(${JSON.stringify(path.join(out, 'miniprogram', 'config.js'))}); console.log(c.MODE, c.URL_);`,
    );
    expect(r.stdout.trim()).toBe('local http://127.0.0.1:9999');
    // _-prefixed folders are internal, not functions; the function's package.json takes the range and version of the root.
    expect(fs.readdirSync(path.join(out, 'cloudfunctions'))).toEqual(['hello']);
    const pkg = JSON.parse(fs.readFileSync(path.join(out, 'cloudfunctions', 'hello', 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ version: '1.2.3', dependencies: { 'wx-server-sdk': '~4.0.2' } });
  });

  it('should take a function’s own config.json (triggers) instead of the default', async () => {
    const own = { permissions: { openapi: [] }, triggers: [{ name: 'daily', type: 'timer', config: '0 0 2 * * * *' }] };
    write('cloudfunctions/hello/config.json', JSON.stringify(own));
    const out = path.join(root, 'dist');
    await build({ root, outDir: out });
    expect(JSON.parse(fs.readFileSync(path.join(out, 'cloudfunctions', 'hello', 'config.json'), 'utf8'))).toEqual(own);
  });

  it('should remove stale output of a previous build', async () => {
    const out = path.join(root, 'dist');
    await build({ root, outDir: out });
    fs.writeFileSync(path.join(out, 'miniprogram', 'stale.js'), '');
    fs.mkdirSync(path.join(out, 'cloudfunctions', 'gone'));
    await build({ root, outDir: out });
    expect(fs.existsSync(path.join(out, 'miniprogram', 'stale.js'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'cloudfunctions', 'gone'))).toBe(false);
  });

  it('should refuse a client import of shared/ that bypasses the barrel', async () => {
    write(
      'miniprogram/pages/home/home.ts',
      "import { greet } from '../../../shared/greet';\nComponent({ data: { t: greet('x') } });\n",
    );
    await expect(build({ root, outDir: path.join(root, 'dist') })).rejects.toThrow(/shared\/index\.ts/);
  });

  it('should refuse a client import of an npm package other than TDesign', async () => {
    write(
      'miniprogram/pages/home/home.ts',
      "import dayjs from 'dayjs';\nComponent({ data: { t: dayjs().year() } });\n",
    );
    await expect(build({ root, outDir: path.join(root, 'dist') })).rejects.toThrow(/home\.ts:1:\d+: .*"dayjs"/);
  });

  it('should refuse a function bundle that pulls in the local SQLite store', async () => {
    write(
      'cloudfunctions/hello/index.ts',
      "import Database from 'better-sqlite3';\nexport async function main(): Promise<unknown> { return new Database(':memory:'); }\n",
    );
    await expect(build({ root, outDir: path.join(root, 'dist') })).rejects.toThrow(/better-sqlite3/);
  });

  it('should pack TDesign files the client’s stylesheets import, and refuse a stylesheet import that leads nowhere', async () => {
    write('miniprogram/app.wxss', "@import '/miniprogram_npm/tdesign-miniprogram/common/style/theme/_index.wxss';\n");
    const out = path.join(root, 'dist');
    await build({ root, outDir: out });
    const theme = path.join(
      out,
      'miniprogram',
      'miniprogram_npm',
      'tdesign-miniprogram',
      'common',
      'style',
      'theme',
      '_index.wxss',
    );
    expect(fs.existsSync(theme)).toBe(true);

    write('miniprogram/pages/home/home.wxss', "@import '../../styles/missing.wxss';\n");
    await expect(build({ root, outDir: out })).rejects.toThrow(/pages\/home\/home\.wxss .*styles\/missing\.wxss/);
  });

  it('should refuse a page listed in app.json that has no source', async () => {
    write('miniprogram/app.json', JSON.stringify({ pages: ['pages/home/home', 'pages/missing/missing'] }));
    await expect(build({ root, outDir: path.join(root, 'dist') })).rejects.toThrow(/pages\/missing\/missing/);
  });

  it('should refuse an output root that would delete the sources', async () => {
    await expect(build({ root, outDir: root })).rejects.toThrow(BuildError);
    expect(fs.existsSync(path.join(root, 'miniprogram', 'app.json'))).toBe(true);
  });
});

describe('package split (fixture project with a subpackage)', () => {
  let root: string;
  let out: string;
  let mp: string;
  const SUB = 'packages/reviewer';
  const subNpm = (): string => path.join(mp, SUB, 'miniprogram_npm', 'tdesign-miniprogram');
  const mainNpm = (): string => path.join(mp, 'miniprogram_npm', 'tdesign-miniprogram');

  function write(rel: string, text: string): void {
    const p = path.join(root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  }
  function page(dir: string, ts: string, components: Record<string, string>): void {
    const name = path.basename(dir);
    write(`${dir}/${name}.ts`, ts);
    write(`${dir}/${name}.wxml`, '<view>{{t}}</view>\n');
    write(`${dir}/${name}.json`, JSON.stringify({ usingComponents: components }));
  }
  function appJson(subPackages: unknown[]): void {
    write('miniprogram/app.json', JSON.stringify({ pages: ['pages/home/home'], subPackages }));
  }
  const BUTTON = { 't-button': 'tdesign-miniprogram/button/button' };
  const DIVIDER = { 't-divider': 'tdesign-miniprogram/divider/divider' };

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'build-split-'));
    out = path.join(root, 'dist');
    mp = path.join(out, 'miniprogram');
    fs.symlinkSync(NODE_MODULES, path.join(root, 'node_modules'), 'dir');
    write(
      'package.json',
      JSON.stringify({ name: 'fixture', version: '1.0.0', dependencies: { 'wx-server-sdk': '~4.0.2' } }),
    );
    // A light barrel and a full one that re-exports it and adds what only the full bundle may carry.
    write('shared/core.ts', 'export const greet = (n: string): string => `你好，${n}`;\n');
    write('shared/index.ts', "export * from './core';\nexport const FULL_ONLY = 'full-barrel-only';\n");
    appJson([{ root: SUB, pages: ['pages/queue/queue'] }]);
    write('miniprogram/app.ts', 'App({});\n');
    write('miniprogram/utils/tag.ts', 'export const tag = (s: string): string => `[${s}]`;\n');
    page(
      'miniprogram/pages/home',
      "import { greet } from '../../../shared/core';\nComponent({ data: { t: greet('主包') } });\n",
      BUTTON,
    );
    page(
      `miniprogram/${SUB}/pages/queue`,
      "import { FULL_ONLY } from '../../../../../shared';\nimport { greet } from '../../../../../shared/core';\n" +
        "import { tag } from '../../../../utils/tag';\nComponent({ data: { t: tag(greet('分包') + FULL_ONLY) } });\n",
      { ...BUTTON, ...DIVIDER },
    );
  });

  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('should bundle shared/core.ts into the main package and shared/index.ts only inside the subpackage importing it', async () => {
    const result = await build({ root, outDir: out });
    expect(result.miniprogram.sharedBundles).toEqual([`${SUB}/shared/index.js`, 'shared/core.js']);
    expect(fs.existsSync(path.join(mp, 'shared', 'index.js'))).toBe(false);
    const core = fs.readFileSync(path.join(mp, 'shared', 'core.js'), 'utf8');
    expect(core).toContain('你好');
    expect(core).not.toContain('full-barrel-only');
    expect(fs.readFileSync(path.join(mp, SUB, 'shared', 'index.js'), 'utf8')).toContain('full-barrel-only');
    const queue = path.join(mp, SUB, 'pages', 'queue', 'queue.js');
    expect(fs.readFileSync(queue, 'utf8')).toContain('require("../../shared/index.js")');
    expect(fs.readFileSync(queue, 'utf8')).toContain('require("../../../../shared/core.js")');
    expect(fs.readFileSync(path.join(mp, 'pages', 'home', 'home.js'), 'utf8')).toContain(
      'require("../../shared/core.js")',
    );
    // The rewritten specifiers load: the page gets data from both bundles and from a main-package module.
    const r = nodeEval(`global.Component = (o) => console.log(o.data.t); require(${JSON.stringify(queue)});`);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('[你好，分包full-barrel-only]');
  });

  it('should keep the full bundle in the main package while a main-package file still imports it', async () => {
    page(
      'miniprogram/pages/home',
      "import { FULL_ONLY } from '../../../shared';\nComponent({ data: { t: FULL_ONLY } });\n",
      BUTTON,
    );
    const result = await build({ root, outDir: out });
    expect(result.miniprogram.sharedBundles).toEqual([`${SUB}/shared/index.js`, 'shared/core.js', 'shared/index.js']);
    expect(measurePackage(result).main.sharedBytes).toBe(result.miniprogram.sharedBytes);
  });

  it('should pack a TDesign component used only by the subpackage under its root, and one used by both in the main package', async () => {
    const result = await build({ root, outDir: out });
    for (const ext of ['.js', '.json', '.wxml', '.wxss']) {
      expect(fs.existsSync(path.join(subNpm(), 'divider', `divider${ext}`))).toBe(true);
      expect(fs.existsSync(path.join(mainNpm(), 'button', `button${ext}`))).toBe(true);
    }
    expect(fs.existsSync(path.join(mainNpm(), 'divider'))).toBe(false);
    expect(fs.existsSync(path.join(subNpm(), 'button'))).toBe(false);
    // The subpackage's copy is complete on its own: the divider's tslib, common code, styles and WXS.
    expect(fs.existsSync(path.join(subNpm(), 'miniprogram_npm', 'tslib', 'index.js'))).toBe(true);
    expect(fs.existsSync(path.join(subNpm(), 'common', 'utils.wxs'))).toBe(true);
    const [main, sub] = result.miniprogram.packages;
    expect(main.tdesign.components).toContain('button/button');
    expect(main.tdesign.components).not.toContain('divider/divider');
    expect(sub).toMatchObject({ root: SUB, pages: [`${SUB}/pages/queue/queue`] });
    expect(sub.tdesign.components).toEqual(['divider/divider']);
  });

  it('should pack a component used by two subpackages in the main package', async () => {
    appJson([
      { root: SUB, pages: ['pages/queue/queue'] },
      { root: 'packages/agent', pages: ['pages/list/list'] },
    ]);
    page('miniprogram/packages/agent/pages/list', "Component({ data: { t: '' } });\n", DIVIDER);
    await build({ root, outDir: out });
    expect(fs.existsSync(path.join(mainNpm(), 'divider', 'divider.js'))).toBe(true);
    expect(fs.existsSync(path.join(mp, SUB, 'miniprogram_npm'))).toBe(false);
    expect(fs.existsSync(path.join(mp, 'packages', 'agent', 'miniprogram_npm'))).toBe(false);
  });

  it('should count the subpackage’s files out of the main package', async () => {
    const result = await build({ root, outDir: out });
    const sizes = measurePackage(result);
    const bytesOf = (keep: (rel: string) => boolean): number =>
      files(mp).reduce(
        (n, f) => (keep(path.relative(mp, f).split(path.sep).join('/')) ? n + fs.statSync(f).size : n),
        0,
      );
    const inSub = (rel: string): boolean => rel.startsWith(`${SUB}/`);
    expect(sizes.main.bytes).toBe(bytesOf((rel) => !inSub(rel)));
    expect(sizes.main.bytes).toBe(result.miniprogram.mainBytes);
    expect(sizes.main.sharedBytes).toBe(0);
    expect(sizes.main.coreBytes).toBe(fs.statSync(path.join(mp, 'shared', 'core.js')).size);
    expect(sizes.main.npmBytes).toBe(bytesOf((rel) => rel.startsWith('miniprogram_npm/')));
    expect(sizes.subpackages).toHaveLength(1);
    expect(sizes.subpackages[0]).toMatchObject({
      root: SUB,
      independent: false,
      bytes: bytesOf(inSub),
      sharedBytes: fs.statSync(path.join(mp, SUB, 'shared', 'index.js')).size,
      npmBytes: bytesOf((rel) => rel.startsWith(`${SUB}/miniprogram_npm/`)),
    });
    expect(sizes.wholeBytes).toBe(sizes.main.bytes + sizes.subpackages[0].bytes);
    expect(sizes.wholeBytes).toBe(result.miniprogram.totalBytes);
  });

  it('should give an independent subpackage its own core bundle and TDesign copy, and refuse its imports of main-package files', async () => {
    appJson([{ root: SUB, pages: ['pages/queue/queue'], independent: true }]);
    page(
      `miniprogram/${SUB}/pages/queue`,
      "import { greet } from '../../../../../shared/core';\nComponent({ data: { t: greet('独立') } });\n",
      BUTTON,
    );
    const result = await build({ root, outDir: out });
    expect(result.miniprogram.sharedBundles).toEqual([`${SUB}/shared/core.js`, 'shared/core.js']);
    expect(fs.readFileSync(path.join(mp, SUB, 'pages', 'queue', 'queue.js'), 'utf8')).toContain(
      'require("../../shared/core.js")',
    );
    expect(fs.existsSync(path.join(mainNpm(), 'button', 'button.js'))).toBe(true);
    expect(fs.existsSync(path.join(subNpm(), 'button', 'button.js'))).toBe(true);

    page(
      `miniprogram/${SUB}/pages/queue`,
      "import { tag } from '../../../../utils/tag';\nComponent({ data: { t: tag('x') } });\n",
      {},
    );
    await expect(build({ root, outDir: out })).rejects.toThrow(
      /queue\.ts:1:\d+: 独立分包「packages\/reviewer」不能引用主包的文件/,
    );
  });

  it('should refuse a main-package import of a subpackage file, and a subpackage import of another subpackage’s file', async () => {
    write(`miniprogram/${SUB}/utils/fmt.ts`, 'export const fmt = (s: string): string => s;\n');
    page(
      'miniprogram/pages/home',
      `import { fmt } from '../../${SUB}/utils/fmt';\nComponent({ data: { t: fmt('x') } });\n`,
      {},
    );
    await expect(build({ root, outDir: out })).rejects.toThrow(
      /home\.ts:1:\d+: 主包不能引用分包「packages\/reviewer」的文件/,
    );

    page('miniprogram/pages/home', "Component({ data: { t: '' } });\n", {});
    appJson([
      { root: SUB, pages: ['pages/queue/queue'] },
      { root: 'packages/agent', pages: ['pages/list/list'] },
    ]);
    page(
      'miniprogram/packages/agent/pages/list',
      "import { fmt } from '../../../reviewer/utils/fmt';\nComponent({ data: { t: fmt('') } });\n",
      {},
    );
    await expect(build({ root, outDir: out })).rejects.toThrow(
      /list\.ts:1:\d+: 分包「packages\/agent」不能引用分包「packages\/reviewer」的文件/,
    );
  });

  it('should refuse main-package templates and components that live in a subpackage, unless the component has a placeholder', async () => {
    write(`miniprogram/${SUB}/styles/sub.wxss`, '.s{}\n');
    write('miniprogram/pages/home/home.wxss', `@import '/${SUB}/styles/sub.wxss';\n`);
    await expect(build({ root, outDir: out })).rejects.toThrow(
      /pages\/home\/home\.wxss 引用的 packages\/reviewer\/styles\/sub\.wxss 属于分包「packages\/reviewer」，主包不能引用/,
    );
    fs.rmSync(path.join(root, 'miniprogram/pages/home/home.wxss'));

    write(`miniprogram/${SUB}/components/badge/badge.ts`, 'Component({});\n');
    write(`miniprogram/${SUB}/components/badge/badge.wxml`, '<view/>\n');
    write(`miniprogram/${SUB}/components/badge/badge.json`, '{"component":true}');
    const usingBadge = { usingComponents: { badge: `/${SUB}/components/badge/badge` } };
    write('miniprogram/pages/home/home.json', JSON.stringify(usingBadge));
    await expect(build({ root, outDir: out })).rejects.toThrow(/componentPlaceholder/);
    write(
      'miniprogram/pages/home/home.json',
      JSON.stringify({ ...usingBadge, componentPlaceholder: { badge: 'view' } }),
    );
    await expect(build({ root, outDir: out })).resolves.toBeDefined();
  });

  it('should refuse subpackage roots that are empty, nested or repeated', async () => {
    appJson([{ root: '/', pages: ['pages/queue/queue'] }]);
    await expect(build({ root, outDir: out })).rejects.toThrow(/分包 root 不合法/);
    appJson([
      { root: SUB, pages: ['pages/queue/queue'] },
      { root: 'packages', pages: [] },
    ]);
    await expect(build({ root, outDir: out })).rejects.toThrow(/重复或嵌套/);
  });
});
