/**
 * The build: the repository into a temp output root (never the `dist/` of a running `npm start`), checked the way the
 * devtools and CloudBase will use it; and a small fixture project for the build's refusals.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, BuildError, type BuildResult } from '../../scripts/build/index';
import { listFunctions } from '../../scripts/build/functions';
import { appPages } from '../../scripts/build/miniprogram';
import { sourcePaths } from '../../scripts/build/paths';
import { usingComponents } from '../../scripts/build/tdesign';

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');
const ROOT_PKG = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : [p];
  });
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

  it('should put no TypeScript source anywhere in the output', () => {
    expect(files(out).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files(out).filter((f) => /tsconfig/.test(f))).toEqual([]);
  });

  it('should write every function folder with index.js, config.json and a package.json depending only on wx-server-sdk', () => {
    const names = listFunctions(sourcePaths(ROOT));
    expect(names).toContain('applicant');
    expect(result.functions.map((f) => f.name).sort()).toEqual(names);
    for (const name of names) {
      const dir = path.join(out, 'cloudfunctions', name);
      expect(fs.readdirSync(dir).sort()).toEqual(['config.json', 'index.js', 'package.json']);
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
      expect(pkg.main).toBe('index.js');
      expect(pkg.dependencies).toEqual({ 'wx-server-sdk': ROOT_PKG.dependencies['wx-server-sdk'] });
      expect(pkg.devDependencies).toBeUndefined();
      expect(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8'))).toHaveProperty('permissions');
    }
  });

  it('should bundle shared/ and the npm libraries into each function, leaving only wx-server-sdk and Node built-ins to require', () => {
    const builtins = new Set(require('node:module').builtinModules as string[]);
    for (const f of result.functions) {
      const js = fs.readFileSync(path.join(f.dir, 'index.js'), 'utf8');
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

  it('should bundle shared/ once into shared/index.js, loadable on its own', () => {
    const shared = path.join(mp, 'shared', 'index.js');
    expect(fs.existsSync(shared)).toBe(true);
    const r = nodeEval(
      `const s = require(${JSON.stringify(shared)}); console.log(typeof s.score, typeof s.parseProfile, typeof s.ok);` +
        'console.log(s.RequestSchema.safeParse({ action: 5 }).error.issues[0].message);',
    );
    const [kinds, zodMessage] = r.stdout.trim().split('\n');
    expect(kinds).toBe('function function function');
    // zod's locales are trimmed for size; the Chinese one shared/ configures must survive.
    expect(zodMessage).toMatch(/[\u4e00-\u9fa5]/);
    // Only the barrel's bundle holds zod: no client file carries its own copy.
    const clientJs = files(mp).filter((f) => f.endsWith('.js') && !f.includes('miniprogram_npm') && f !== shared);
    for (const f of clientJs) expect([f, /\$ZodType|ZodError/.test(fs.readFileSync(f, 'utf8'))]).toEqual([f, false]);
  });

  it('should rewrite every relative require of the client to a file that exists in the output', () => {
    const clientJs = files(mp).filter((f) => f.endsWith('.js') && !f.includes('miniprogram_npm') && !f.includes(`${path.sep}shared${path.sep}`));
    expect(clientJs.length).toBeGreaterThan(0);
    const missing: string[] = [];
    for (const f of clientJs) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)) {
        const spec = m[1];
        if (spec.startsWith('tdesign-miniprogram/')) {
          const base = path.join(mp, 'miniprogram_npm', spec);
          if (!fs.existsSync(`${base}.js`) && !fs.existsSync(base)) missing.push(`${path.relative(mp, f)} → ${spec}`);
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
    expect(fs.readFileSync(path.join(mp, 'config.js'), 'utf8')).not.toMatch(/__API_MODE__|__LOCAL_CLOUD_URL__|__CLOUD_ENV__/);
  });

  it('should pack every referenced TDesign component with its dependencies, not the whole package', () => {
    const npm = path.join(mp, 'miniprogram_npm', 'tdesign-miniprogram');
    const referenced = new Set<string>();
    for (const f of files(mp).filter((x) => x.endsWith('.json') && !x.includes('miniprogram_npm'))) {
      for (const spec of usingComponents(JSON.parse(fs.readFileSync(f, 'utf8')))) {
        if (spec.startsWith('tdesign-miniprogram/')) referenced.add(spec.slice('tdesign-miniprogram/'.length));
      }
    }
    for (const c of referenced) {
      for (const ext of ['.js', '.json', '.wxml', '.wxss']) expect([c + ext, fs.existsSync(path.join(npm, c + ext))]).toEqual([c + ext, true]);
    }
    if (referenced.size) {
      // What TDesign's JS imports by bare name is found where WeChat looks: the nearest miniprogram_npm upwards.
      expect(fs.existsSync(path.join(npm, 'miniprogram_npm', 'tslib', 'index.js'))).toBe(true);
      expect(fs.existsSync(path.join(npm, 'common', 'style', 'index.wxss'))).toBe(true);
    }
    const packed = files(npm).reduce((n, f) => n + fs.statSync(f).size, 0);
    expect(packed).toBeLessThan(1024 * 1024);
    expect(files(npm).some((f) => f.endsWith('.d.ts'))).toBe(false);
  });

  it('should keep the main package under WeChat’s 2 MB limit', () => {
    expect(result.miniprogram.totalBytes).toBeLessThan(2 * 1024 * 1024);
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
    write('package.json', JSON.stringify({ name: 'fixture', version: '1.2.3', dependencies: { 'wx-server-sdk': '~4.0.2' } }));
    write('shared/index.ts', "export * from './greet';\n");
    write('shared/greet.ts', "export const greet = (n: string): string => `你好，${n}`;\n");
    write('miniprogram/app.json', JSON.stringify({ pages: ['pages/home/home'] }));
    write('miniprogram/app.ts', 'App({});\n');
    write('miniprogram/config.ts', "declare const __API_MODE__: string | undefined;\ndeclare const __LOCAL_CLOUD_URL__: string | undefined;\nexport const MODE = typeof __API_MODE__ !== 'undefined' ? __API_MODE__ : 'cloud';\nexport const URL_ = typeof __LOCAL_CLOUD_URL__ !== 'undefined' ? __LOCAL_CLOUD_URL__ : '';\n");
    write('miniprogram/pages/home/home.ts', "import { greet } from '../../../shared';\nimport { MODE, URL_ } from '../../config';\nComponent({ data: { t: greet('张伟') + MODE + URL_ } });\n");
    write('miniprogram/pages/home/home.wxml', '<t-button>{{t}}</t-button>\n');
    write('miniprogram/pages/home/home.wxss', '.a{}\n');
    write('miniprogram/pages/home/home.json', JSON.stringify({ usingComponents: { 't-button': 'tdesign-miniprogram/button/button' } }));
    write('cloudfunctions/hello/index.ts', "import { greet } from '../../shared/greet';\nexport async function main(): Promise<string> { return greet('云'); }\n");
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
    const r = nodeEval(`const c = require(${JSON.stringify(path.join(out, 'miniprogram', 'config.js'))}); console.log(c.MODE, c.URL_);`);
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
    write('miniprogram/pages/home/home.ts', "import { greet } from '../../../shared/greet';\nComponent({ data: { t: greet('x') } });\n");
    await expect(build({ root, outDir: path.join(root, 'dist') })).rejects.toThrow(/shared\/index\.ts/);
  });

  it('should refuse a client import of an npm package other than TDesign', async () => {
    write('miniprogram/pages/home/home.ts', "import dayjs from 'dayjs';\nComponent({ data: { t: dayjs().year() } });\n");
    await expect(build({ root, outDir: path.join(root, 'dist') })).rejects.toThrow(/home\.ts:1:\d+: .*"dayjs"/);
  });

  it('should refuse a function bundle that pulls in the local SQLite store', async () => {
    write('cloudfunctions/hello/index.ts', "import Database from 'better-sqlite3';\nexport async function main(): Promise<unknown> { return new Database(':memory:'); }\n");
    await expect(build({ root, outDir: path.join(root, 'dist') })).rejects.toThrow(/better-sqlite3/);
  });

  it('should pack TDesign files the client’s stylesheets import, and refuse a stylesheet import that leads nowhere', async () => {
    write('miniprogram/app.wxss', "@import '/miniprogram_npm/tdesign-miniprogram/common/style/theme/_index.wxss';\n");
    const out = path.join(root, 'dist');
    await build({ root, outDir: out });
    const theme = path.join(out, 'miniprogram', 'miniprogram_npm', 'tdesign-miniprogram', 'common', 'style', 'theme', '_index.wxss');
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
