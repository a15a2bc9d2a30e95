/**
 * The local cloud as one minified esbuild bundle of server.ts, for `npm start` and the benchmarks. Under tsx every
 * source file is compiled with esbuild's keepNames, which adds a `__name(...)` call (an `Object.defineProperty`) for
 * each named function or class each time one is made: per request, for every closure of the runtime, the engine and
 * the server. The bundle is built as the function bundles are (scripts/build/functions.ts: minified, names not kept,
 * schema builders marked pure) but runs here, in Node, with node_modules beside it: npm packages stay external
 * (better-sqlite3 is native; pdfkit and fontkit are loaded as the sources load them).
 *
 * The sources stay the reference: test/local-cloud/bundle.test.ts checks that the bundle answers byte for byte as
 * they do.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { BuildError } from '../build/fs-utils';
import { REPO_ROOT } from '../build/paths';
import type { startLocalCloud } from './server';

/** The build itself (esbuild, the schema plugin): run as a child process by {@link loadLocalCloud}. */
const BUILD_SCRIPT = path.join(__dirname, 'bundle-build.ts');

/**
 * The folder the bundles are written to: inside the repository, so that their `require`s of npm packages find
 * node_modules. Each bundle is named by the hash of its text and written whole (temporary file, then rename): a
 * benchmark, `npm start` and a test may build at the same moment, and none may load another's half-written file.
 */
export const LOCAL_CLOUD_BUNDLE_DIR = path.join(REPO_ROOT, '.cache', 'local-cloud');

/** What the bundle exports: server.ts's entry. */
export interface LocalCloudModule {
  startLocalCloud: typeof startLocalCloud;
}

/**
 * Builds the bundle afresh (the sources may have changed since the last run) and loads it. The build runs in a child
 * process: esbuild and the TypeScript compiler (the schema plugin parses shared/ with it) would otherwise stay in
 * this process's heap, about 20 MB more for every full garbage collection of the server to mark.
 */
export async function loadLocalCloud(dir: string = LOCAL_CLOUD_BUNDLE_DIR): Promise<LocalCloudModule> {
  const file = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', BUILD_SCRIPT, dir],
      { cwd: REPO_ROOT, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const built = stdout.trim();
        if (err || !built) reject(new BuildError(stderr.trim() || `本地云打包失败：${err?.message ?? '没有输出'}`));
        else resolve(built);
      },
    );
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a file built at run time, by its path
  return require(file) as LocalCloudModule;
}

/** The bundle of this process, built once on first need: a benchmark's sections serve the same sources. */
let built: Promise<LocalCloudModule> | null = null;

/** {@link loadLocalCloud} once per process (into the default folder); every later call gets the same module. */
export function localCloudBundle(): Promise<LocalCloudModule> {
  built ??= loadLocalCloud();
  return built;
}
