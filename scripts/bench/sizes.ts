/**
 * Sizes and cold starts of the build output: the mini program's main package, and per cloud function its bundle size
 * and how long a fresh Node takes to `require` it (the cold-start cost CloudBase pays before `main` runs).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { treeBytes, walkFiles } from '../build/fs-utils';
import { REPO_ROOT } from '../build/paths';
import type { BuildResult } from '../build/index';

/** Main package size and where it goes. */
export interface PackageSize {
  totalBytes: number;
  sharedBytes: number;
  npmBytes: number;
  /** Pages, components, services, app files: everything but the shared bundle and miniprogram_npm. */
  ownBytes: number;
  /** The largest files, for the report. */
  largest: { file: string; bytes: number }[];
}

/** Measures `<outDir>/miniprogram`. */
export function measurePackage(build: BuildResult): PackageSize {
  const dir = build.miniprogram.dir;
  const totalBytes = treeBytes(dir);
  const sharedBytes = treeBytes(path.join(dir, 'shared'));
  const npmBytes = treeBytes(path.join(dir, 'miniprogram_npm'));
  const largest = walkFiles(dir)
    .map((f) => ({ file: path.relative(dir, f).split(path.sep).join('/'), bytes: fs.statSync(f).size }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5);
  return { totalBytes, sharedBytes, npmBytes, ownBytes: totalBytes - sharedBytes - npmBytes, largest };
}

/** One function's numbers (times are medians of `runs` fresh processes). */
export interface FunctionCold {
  name: string;
  bundleBytes: number;
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
      coldRequireMs: median(cold),
      sdkRequireMs: median(sdk),
      ownRequireMs: median(own),
      runs,
    };
  });
}
