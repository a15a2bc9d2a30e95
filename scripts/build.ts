/**
 * `npm run build [-- --local [--url http://127.0.0.1:8787]] [--env <cloudbase-env-id>] [--out dir]`
 * Writes dist/miniprogram and dist/cloudfunctions (see scripts/build/). Default is a deployable build (API mode
 * `cloud`); `--local` makes the client call the local cloud, which is what `npm start` does. The CloudBase environment
 * comes from `--env` or `CLOUD_ENV`; without one, the client uses the environment selected in the devtools.
 */
import path from 'node:path';
import { build, BuildError, describeBuild, DEFAULT_LOCAL_CLOUD_URL } from './build/index';

function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const local = args.includes('--local');
  const out = argValue(args, '--out');
  const result = await build({
    apiMode: local ? 'local' : 'cloud',
    localCloudUrl: argValue(args, '--url') ?? DEFAULT_LOCAL_CLOUD_URL,
    outDir: out ? path.resolve(out) : undefined,
    cloudEnv: argValue(args, '--env') ?? process.env.CLOUD_ENV,
  });
  console.log(describeBuild(result));
}

main().catch((e: unknown) => {
  if (e instanceof BuildError) {
    console.error(`构建失败：${e.message}`);
  } else {
    console.error(e);
  }
  process.exit(1);
});
