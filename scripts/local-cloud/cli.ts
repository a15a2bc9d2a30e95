/**
 * `npm start`: serve every cloud function on 127.0.0.1 and build the mini program in local API mode pointing at it.
 *
 * Environment: `PORT` (default 8787; 0 picks a free port), `LOCAL_CLOUD_DATA_DIR` (default `.data/`), and the clock:
 * `LOCAL_CLOUD_TODAY=2021-11-05` or `LOCAL_CLOUD_OFFSET_DAYS=-30` (clock.ts; local only, never in a production build).
 * Flags: `--no-build` serves without building, `--quiet` drops the per-request lines.
 */
import path from 'node:path';
import { build, BuildError, describeBuild } from '../build/index';
import { REPO_ROOT } from '../build/paths';
import { DEFAULT_PORT, OPENID_HEADER, startLocalCloud, type LocalCloud } from './server';
import { clockFromEnv } from './clock';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';

/** Options of {@link runLocalCloud}. */
export interface RunOptions {
  build: boolean;
  quiet: boolean;
  /** What starts the server: the bundle's entry (start.ts, see bundle.ts) or, by default, the sources'. */
  start?: typeof startLocalCloud;
}

/** Reads `PORT`: an integer 0–65535, else the default. */
export function portFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT 应为 0–65535 的整数，收到 ${value}`);
  return n;
}

/**
 * The example requests printed at start: accept the privacy notice (the example profile carries an ID number, which
 * the function takes only after it), then simulate the example profile as the 2021 round.
 */
export function exampleCurl(url: string): string {
  const head = `curl -s ${url}/fn/applicant -H 'content-type: application/json' -H '${OPENID_HEADER}: dev-applicant-1'`;
  return (
    `${head} -d '{"action":"privacy.accept","requestId":"try-privacy-0001","payload":{"version":"${PRIVACY_NOTICE_VERSION}"}}' && ` +
    `${head} -d "{\\"action\\":\\"simulate\\",\\"payload\\":{\\"roundId\\":\\"2021\\",\\"profile\\":$(cat examples/zhang-wei-2021.json)}}"`
  );
}

/** Starts the local cloud, builds the client against it, and shuts down cleanly on SIGINT/SIGTERM. */
export async function runLocalCloud(opts: RunOptions): Promise<LocalCloud> {
  const port = portFromEnv(process.env.PORT);
  const dataDir = path.resolve(process.env.LOCAL_CLOUD_DATA_DIR || path.join(REPO_ROOT, '.data'));
  const log = (line: string): void => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);
  const clock = clockFromEnv(process.env);

  let cloud: LocalCloud;
  try {
    cloud = await (opts.start ?? startLocalCloud)({
      port,
      dataDir,
      log: opts.quiet ? undefined : log,
      ...(clock ? { now: clock.now } : {}),
    });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`端口 ${port} 已被占用：换一个端口，例如 PORT=${port + 1} npm start`);
      process.exit(1);
    }
    throw e;
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n收到 ${signal}：不再接受新请求，等待进行中的请求完成…`);
    cloud.close().then(
      () => {
        // True by then: every acknowledged commit and upload was fsynced, and the final checkpoint succeeded.
        console.log('本地云已关闭，数据已写入磁盘。');
        process.exit(0);
      },
      (e: unknown) => {
        console.error(
          `本地云已关闭，但未能确认数据已写入磁盘（${e instanceof Error ? e.message : String(e)}）：请检查磁盘后再启动。`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  // Relative when under the current folder (the usual `.data/…`), absolute otherwise.
  const rel = (p: string): string => {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
  };
  console.log(`本地云已启动：${cloud.url}`);
  if (clock) console.log(`  本地云时钟：${clock.describe}（只在本地云有效）`);
  console.log(`  云函数：POST ${cloud.url}/fn/<名称>\u3000健康检查：GET ${cloud.url}/health`);
  console.log(`  数据文件：${rel(cloud.dataFile ?? dataDir)}（首次运行时创建，重启后仍在）`);
  console.log(`  身份：调用者的 openid 取自请求头 ${OPENID_HEADER}（仅本地云如此，生产环境只认微信上下文）`);
  console.log(`  试一试：${exampleCurl(cloud.url)}`);

  if (opts.build) {
    try {
      const result = await build({ apiMode: 'local', localCloudUrl: cloud.url });
      console.log(describeBuild(result));
      console.log(`  用微信开发者工具打开 ${REPO_ROOT}（project.config.json 指向 dist/），小程序会调用本地云。`);
      console.log('  注意：这是本地模式的包（请求发往 127.0.0.1），上传/发布前请先运行 npm run build。');
    } catch (e) {
      // The functions are served either way; a client mid-edit must not take the local cloud down.
      console.error(`构建失败（本地云照常运行）：${e instanceof BuildError ? e.message : String(e)}`);
    }
  }
  console.log('按 Ctrl-C 停止。');
  return cloud;
}
