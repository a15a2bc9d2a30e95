/**
 * `npm start [-- --no-build] [-- --quiet]`: the local cloud (every cloud function on 127.0.0.1, SQLite in `.data/`)
 * and a build of the mini program that talks to it. See scripts/local-cloud/.
 */
import { runLocalCloud } from './local-cloud/cli';

const args = process.argv.slice(2);
runLocalCloud({ build: !args.includes('--no-build'), quiet: args.includes('--quiet') }).catch((e: unknown) => {
  console.error('本地云启动失败：', e instanceof Error ? e.message : e);
  process.exit(1);
});
