/** Whether a script file is the one node (or tsx) was started with — `require.main` is typed away by miniprogram-api-typings in tests. */
import path from 'path';

/** True when `file` (pass `__filename`) is the entry script of this process. */
export function isMain(file: string): boolean {
  const entry = process.argv[1];
  return !!entry && path.resolve(entry).replace(/\.[cm]?[jt]s$/, '') === file.replace(/\.[cm]?[jt]s$/, '');
}
