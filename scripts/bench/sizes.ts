/**
 * Sizes and cold starts of the build output: the mini program's main package and each subpackage, and per cloud
 * function its bundle size and how long a fresh Node takes to `require` it (the cold-start cost CloudBase pays before
 * `main` runs).
 */
import { spawnSync } from 'node:child_process';
import { SDK_STUB } from '../build/code-cache';
import fs from 'node:fs';
import path from 'node:path';
import { posix, readJson, walkFiles } from '../build/fs-utils';
import { MAIN_PACKAGE, packageLayout } from '../build/packages';
import { REPO_ROOT } from '../build/paths';
import type { BuildResult } from '../build/index';

/** One package of the mini program and where its bytes go. */
export interface PackagePart {
  /** Subpackage root (`packages/reviewer`), or `''` for the main package. */
  root: string;
  independent: boolean;
  /** Every file of the package (main package: every file outside the subpackage roots). */
  bytes: number;
  /** `shared/core.js` inside the package (the light shared bundle). */
  coreBytes: number;
  /** `shared/index.js` inside the package (the full shared bundle: zod, policy data, holidays). */
  sharedBytes: number;
  /** `miniprogram_npm/` inside the package (TDesign). */
  npmBytes: number;
  /** Pages, components, services, app files: everything but the shared bundles and miniprogram_npm. */
  ownBytes: number;
  /** The largest files, for the report (paths from the mini program root). */
  largest: { file: string; bytes: number }[];
}

/** The mini program's packages as WeChat counts them. */
export interface PackageSize {
  /** The main package (this project's budget: 400 KB; WeChat's limit: 2 MB). */
  main: PackagePart;
  /** Each subpackage in app.json order (WeChat: each ≤ 2 MB). */
  subpackages: PackagePart[];
  /** Every file of the mini program (WeChat: ≤ 20 MB). */
  wholeBytes: number;
}

/**
 * Measures `<outDir>/miniprogram` package by package, reading the split from the built app.json: the main package is
 * every file outside the subpackage roots, its top-level `miniprogram_npm/` included.
 */
export function measurePackage(build: BuildResult): PackageSize {
  const dir = build.miniprogram.dir;
  const layout = packageLayout(readJson(path.join(dir, 'app.json')));
  const files = new Map<string, { file: string; bytes: number }[]>();
  for (const f of walkFiles(dir)) {
    const file = posix(path.relative(dir, f));
    const pkg = layout.packageOf(file);
    const list = files.get(pkg) ?? [];
    list.push({ file, bytes: fs.statSync(f).size });
    files.set(pkg, list);
  }
  const part = (root: string, independent: boolean): PackagePart => {
    const list = files.get(root) ?? [];
    const prefix = root ? `${root}/` : '';
    const sum = (keep: (file: string) => boolean): number => list.reduce((n, f) => (keep(f.file) ? n + f.bytes : n), 0);
    const bytes = sum(() => true);
    const coreBytes = sum((f) => f === `${prefix}shared/core.js`);
    const sharedBytes = sum((f) => f === `${prefix}shared/index.js`);
    const npmBytes = sum((f) => f.startsWith(`${prefix}miniprogram_npm/`));
    const largest = [...list].sort((a, b) => b.bytes - a.bytes).slice(0, 5);
    return {
      root,
      independent,
      bytes,
      coreBytes,
      sharedBytes,
      npmBytes,
      ownBytes: bytes - coreBytes - sharedBytes - npmBytes,
      largest,
    };
  };
  const main = part(MAIN_PACKAGE, false);
  const subpackages = layout.subpackages.map((s) => part(s.root, s.independent));
  return { main, subpackages, wholeBytes: subpackages.reduce((n, p) => n + p.bytes, main.bytes) };
}

/** One function's numbers (times are medians of `runs` fresh processes). */
export interface FunctionCold {
  name: string;
  /** The function's JavaScript: its bundle and, where it has one, the code-cache loader. */
  bundleBytes: number;
  /** The bundle's file name (`app.js` behind the loader, `index.js` in the documents function). */
  bundleFile: string;
  /** V8's code cache the loader hands to V8 (0 when none). */
  codeCacheBytes: number;
  /** `require` of the bundle in a fresh Node, wx-server-sdk included. */
  coldRequireMs: number;
  /** `require('wx-server-sdk')` alone, in a fresh Node. */
  sdkRequireMs: number;
  /** `require` of the bundle once wx-server-sdk is loaded: our own code's share. */
  ownRequireMs: number;
  runs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs `code` in a fresh Node that resolves packages from the repository (as CloudBase installs wx-server-sdk). */
function timeInFreshNode(code: string): number[] {
  const r = spawnSync(process.execPath, ['-e', code], {
    env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`cold require failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return r.stdout.trim().split(/\s+/).map(Number);
}

/** Bundle size and cold `require` times of every built function. */
export function measureFunctions(build: BuildResult, runs = 5): FunctionCold[] {
  return build.functions.map((f) => {
    const file = JSON.stringify(path.join(f.dir, 'index.js'));
    const cold: number[] = [];
    const sdk: number[] = [];
    const own: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = 'const now = () => Number(process.hrtime.bigint()) / 1e6;';
      // Only require: calling main() would reach the real SDK's network calls (they crash Node 20 offline).
      cold.push(timeInFreshNode(`${t} const a = now(); require(${file}); console.log(now() - a);`)[0]);
      const [s, o] = timeInFreshNode(
        `${t} const a = now(); require('wx-server-sdk'); const b = now(); require(${file}); console.log(b - a, now() - b);`,
      );
      sdk.push(s);
      own.push(o);
    }
    return {
      name: f.name,
      bundleBytes: f.bundleBytes,
      bundleFile: f.bundleFile,
      codeCacheBytes: f.codeCacheBytes,
      coldRequireMs: median(cold),
      sdkRequireMs: median(sdk),
      ownRequireMs: median(own),
      runs,
    };
  });
}

/** Wall time of a fresh `node -e code` from spawn to exit, in ms, and what it printed. */
function spawnMs(code: string): { ms: number; stdout: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', code], { encoding: 'utf8', timeout: 30_000 });
  const elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`cold require failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return { ms: elapsed, stdout: r.stdout };
}

/**
 * One function's own cold start: a fresh Node that requires its bundle with the SDK stubbed. Timed inside the new
 * process, from just before its `require` to just after: that is the whole start less what `node -e 0` costs (Node's
 * own start-up, 100–150 ms here with ±25 ms of noise from one process to the next, which made the difference of two
 * process times come out at anything, even below zero).
 */
export interface OwnCold {
  name: string;
  /** Fastest over runs of the `require` of the bundle (SDK stubbed), timed in the fresh process, ms. */
  ownColdMs: number;
  /** For reference: fastest whole stubbed-require process − fastest `node -e 0`, ms (noisy, see above). */
  processDiffMs: number;
  /** Fastest `node -e 0`, ms. */
  nodeBaselineMs: number;
  runs: number;
}

/**
 * {@link OwnCold} of every built function; the baseline and the functions alternate so drift hits both, and the
 * fastest run of each is taken: on a shared machine another process only ever slows a start down.
 */
export function measureOwnCold(build: BuildResult, runs = 5): OwnCold[] {
  const base: number[] = [];
  const whole = new Map<string, number[]>(build.functions.map((f) => [f.name, []]));
  const inner = new Map<string, number[]>(build.functions.map((f) => [f.name, []]));
  const t = 'const now = () => Number(process.hrtime.bigint()) / 1e6;';
  for (let i = 0; i < runs; i++) {
    base.push(spawnMs('0').ms);
    for (const f of build.functions) {
      const file = JSON.stringify(path.join(f.dir, 'index.js'));
      const r = spawnMs(`${SDK_STUB} ${t} const a = now(); require(${file}); console.log(now() - a);`);
      whole.get(f.name)?.push(r.ms);
      inner.get(f.name)?.push(Number(r.stdout.trim()));
    }
  }
  const b = Math.min(...base);
  return build.functions.map((f) => ({
    name: f.name,
    ownColdMs: Math.min(...(inner.get(f.name) ?? [])),
    processDiffMs: Math.min(...(whole.get(f.name) ?? [])) - b,
    nodeBaselineMs: b,
    runs,
  }));
}
