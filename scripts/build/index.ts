/**
 * `npm run build`: the mini program and the cloud functions, compiled from the sources into an output root
 * (`dist/` by default), which is what `project.config.json` points WeChat DevTools at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { buildFunctions, type FunctionOutput } from './functions';
import { BuildError } from './fs-utils';
import { buildMiniprogram, type ApiMode, type MiniprogramOutput } from './miniprogram';
import { REPO_ROOT, sourcePaths } from './paths';

export { BuildError } from './fs-utils';
export type { ApiMode } from './miniprogram';

/** The local cloud's address when none is given (scripts/local-cloud uses the same default port). */
export const DEFAULT_LOCAL_CLOUD_URL = 'http://127.0.0.1:8787';

/** Options of a build. */
export interface BuildOptions {
  /** Output root; `<outDir>/miniprogram` and `<outDir>/cloudfunctions` are replaced. Default `<root>/dist`. */
  outDir?: string;
  /** `cloud` for a deployable build (default), `local` to make the client call the local cloud. */
  apiMode?: ApiMode;
  /** The local cloud's base URL, compiled into the client in `local` mode. */
  localCloudUrl?: string;
  /** CloudBase environment id compiled into the client (`wx.cloud.init({ env })`); default: the devtools' choice. */
  cloudEnv?: string;
  /** Project root holding the sources (default: this repository). */
  root?: string;
}

/** What a build wrote. */
export interface BuildResult {
  outDir: string;
  apiMode: ApiMode;
  miniprogram: MiniprogramOutput;
  functions: FunctionOutput[];
  ms: number;
}

/** Refuses output roots that would make cleaning the output delete sources. */
function checkOutDir(root: string, outDir: string): void {
  const rel = path.relative(outDir, root);
  if (outDir === root || (rel && !rel.startsWith('..') && !path.isAbsolute(rel))) {
    throw new BuildError(`输出目录 ${outDir} 不能是项目根目录或其上级`);
  }
}

/** Builds the mini program and every cloud function. */
export async function build(opts: BuildOptions = {}): Promise<BuildResult> {
  const started = Date.now();
  // Real paths: esbuild reports importers by real path, and the client checks compare against these roots.
  const paths = sourcePaths(fs.realpathSync(path.resolve(opts.root ?? REPO_ROOT)));
  const outDir = path.resolve(opts.outDir ?? path.join(paths.root, 'dist'));
  checkOutDir(paths.root, outDir);
  const apiMode = opts.apiMode ?? 'cloud';
  const localCloudUrl = opts.localCloudUrl ?? DEFAULT_LOCAL_CLOUD_URL;
  if (apiMode === 'local' && !/^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?$/.test(localCloudUrl)) {
    throw new BuildError(`本地云地址应形如 http://127.0.0.1:8787，收到 ${localCloudUrl}`);
  }
  const cloudEnv = opts.cloudEnv ?? '';
  if (cloudEnv && !/^[A-Za-z0-9_-]{1,64}$/.test(cloudEnv)) throw new BuildError(`云开发环境 ID 不合法：${cloudEnv}`);

  const mpOut = path.join(outDir, 'miniprogram');
  const fnOut = path.join(outDir, 'cloudfunctions');
  // Stale files (a removed page, a renamed function) must not survive into what the devtools upload.
  fs.rmSync(mpOut, { recursive: true, force: true });
  fs.rmSync(fnOut, { recursive: true, force: true });
  fs.mkdirSync(fnOut, { recursive: true });

  const [miniprogram, functions] = await Promise.all([
    buildMiniprogram(paths, mpOut, { apiMode, localCloudUrl, cloudEnv }),
    buildFunctions(paths, fnOut),
  ]);
  return { outDir, apiMode, miniprogram, functions, ms: Date.now() - started };
}

/** A few lines for the terminal. */
export function describeBuild(r: BuildResult, root: string = REPO_ROOT): string {
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const rel = (p: string): string => path.relative(root, p) || '.';
  const mp = r.miniprogram;
  const bundles = [
    mp.coreBytes ? `shared/core.js ${kb(mp.coreBytes)}` : '',
    mp.sharedBytes
      ? `shared/index.js ${kb(mp.sharedBytes)}（${mp.sharedBundles.filter((b) => b.endsWith('/index.js')).length} 份）`
      : '',
  ].filter(Boolean);
  const lines = [
    `构建完成（${r.ms} ms，API 模式 ${r.apiMode}）→ ${rel(r.outDir)}/`,
    `  小程序 ${rel(mp.dir)}/：${mp.pages.length} 个页面，编译 ${mp.compiled} 个 .ts` +
      (bundles.length ? `，${bundles.join('，')}` : ''),
    ...mp.packages.map(
      (p) =>
        `    ${p.root ? `${p.independent ? '独立分包' : '分包'} ${p.root}/` : '主包'}：${kb(p.bytes)}，${p.pages.length} 个页面，` +
        `TDesign ${p.tdesign.components.length} 个组件 ${kb(p.tdesign.bytes)}`,
    ),
    ...r.functions.map(
      (f) =>
        `  云函数 ${rel(f.dir)}/：${f.bundleFile === 'index.js' ? 'index.js' : `index.js + ${f.bundleFile}`} ${kb(f.bundleBytes)}` +
        (f.codeCacheBytes ? `，V8 代码缓存 ${kb(f.codeCacheBytes)}` : ''),
    ),
  ];
  if (!r.functions.length) lines.push('  （cloudfunctions/ 下没有含 index.ts 的云函数）');
  if (mp.skipped.length) lines.push(`  未复制：${mp.skipped.join(', ')}`);
  return lines.join('\n');
}
