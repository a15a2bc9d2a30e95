/** The largest setData payload the page tests saw (they write `.bench/setdata-max.json`). */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../build/paths';

/** Where the page tests leave their measurement. */
export const SETDATA_FILE = path.join(REPO_ROOT, '.bench', 'setdata-max.json');

/** The measurement, or why there is none. */
export type SetDataMax = { bytes: number; page: string } | { missing: string };

/** Reads {@link SETDATA_FILE}. */
export function readSetDataMax(file: string = SETDATA_FILE): SetDataMax {
  if (!fs.existsSync(file))
    return { missing: 'no .bench/setdata-max.json: run npm test first (the page tests write it)' };
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as { bytes?: unknown; page?: unknown };
    if (typeof v.bytes === 'number' && Number.isFinite(v.bytes))
      return { bytes: v.bytes, page: typeof v.page === 'string' ? v.page : '?' };
  } catch {
    // fall through: reported as unreadable
  }
  return { missing: `.bench/setdata-max.json is not { bytes, page }: run npm test again` };
}
