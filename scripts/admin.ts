/**
 * `npm run admin -- <命令>`: the administrator CLI (scripts/admin/cli.ts). `npm run admin -- --help` lists the
 * commands. Exits 0 when done, 1 when refused or failed, 2 on wrong usage.
 */
import { runAdmin } from './admin/cli';

runAdmin(process.argv.slice(2), {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  env: process.env,
}).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`出错了：${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
