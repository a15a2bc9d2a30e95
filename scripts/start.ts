/**
 * `npm start [-- --no-build] [-- --quiet]`: the local cloud (every cloud function on 127.0.0.1, SQLite in `.data/`)
 * and a build of the mini program that talks to it. See scripts/local-cloud/. The server runs from its bundle, built
 * afresh from the sources at each start (scripts/local-cloud/bundle.ts).
 */
import { loadLocalCloud } from './local-cloud/bundle';
import { runLocalCloud } from './local-cloud/cli';

const args = process.argv.slice(2);
loadLocalCloud()
  .then(({ startLocalCloud }) =>
    runLocalCloud({ build: !args.includes('--no-build'), quiet: args.includes('--quiet'), start: startLocalCloud }),
  )
  .catch((e: unknown) => {
    console.error('本地云启动失败：', e instanceof Error ? e.message : e);
    process.exit(1);
  });
