/**
 * chinese-days' holiday data in bundles: the package's JSON spells out every date with its label (37 KB, six bytes per
 * Chinese character once escaped); bundles carry runs of consecutive dates with one label instead, expanded into the
 * same `{ holidays, workdays }` maps on first use (shared/calendar/builtin.ts reads nothing else of the file).
 */
import fs from 'node:fs';
import type * as esbuild from 'esbuild';
import { PACKED_JSON_IMPORT, packedJsonExpression } from './packed-json';

/** The file shared/calendar/builtin.ts imports. */
const HOLIDAY_JSON = /[\\/]chinese-days[\\/]dist[\\/]chinese-days\.json$/;

/** The parts of the package's JSON that the calendar reads. */
export interface HolidayData {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}

const DAY_MS = 86_400_000;
const isoOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/**
 * `[labels, runs]`: each run is `first date, number of days, label index`, for one map. Dates of a map are taken in
 * the JSON's order, so that the expanded map enumerates its keys in the same order as the package's.
 */
export function compactDates(map: Record<string, string>): { labels: string[]; runs: [string, number, number][] } {
  const labels: string[] = [];
  const runs: [string, number, number][] = [];
  let last: { ms: number; run: [string, number, number] } | null = null;
  for (const [d, label] of Object.entries(map)) {
    let li = labels.indexOf(label);
    if (li < 0) li = labels.push(label) - 1;
    const ms = Date.parse(`${d}T00:00:00Z`);
    if (last && last.run[2] === li && ms === last.ms + DAY_MS && isoOf(ms) === d) {
      last.run[1]++;
      last.ms = ms;
    } else {
      const run: [string, number, number] = [d, 1, li];
      runs.push(run);
      last = { ms, run };
    }
  }
  return { labels, runs };
}

/**
 * The module text that rebuilds `{ holidays, workdays }` from {@link compactDates} runs, lazily and once. With
 * `deflate` (function bundles: Node has zlib, the mini program does not) the runs travel deflated in base64: the
 * labels are Chinese and repeat year after year, and deflate takes the runs to about a third.
 */
export function holidayModule(data: HolidayData, deflate = false): string {
  const runs = { h: compactDates(data.holidays), w: compactDates(data.workdays) };
  const source = deflate ? packedJsonExpression(runs) : JSON.stringify(runs);
  return [
    ...(deflate ? [PACKED_JSON_IMPORT] : []),
    `const expand = ({ labels, runs }) => {`,
    `  const out = {};`,
    `  for (const [first, days, li] of runs) {`,
    `    const ms = Date.parse(first + "T00:00:00Z");`,
    `    for (let i = 0; i < days; i++) out[new Date(ms + i * ${DAY_MS}).toISOString().slice(0, 10)] = labels[li];`,
    `  }`,
    `  return out;`,
    `};`,
    `let runs, holidays, workdays;`,
    `const unpacked = () => (runs ??= ${source});`,
    `export default {`,
    `  get holidays() { return (holidays ??= expand(unpacked().h)); },`,
    `  get workdays() { return (workdays ??= expand(unpacked().w)); },`,
    `};`,
  ].join('\n');
}

/** esbuild plugin: chinese-days' JSON as {@link holidayModule} (`deflate` for Node bundles only). */
export function compactHolidays(opts: { deflate?: boolean } = {}): esbuild.Plugin {
  return {
    name: 'compact-holidays',
    setup(b) {
      b.onLoad({ filter: HOLIDAY_JSON }, (args) => ({
        contents: holidayModule(JSON.parse(fs.readFileSync(args.path, 'utf8')) as HolidayData, opts.deflate === true),
        loader: 'js',
      }));
    },
  };
}
