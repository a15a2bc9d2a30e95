/**
 * chinese-days' holiday data as the bundles carry it: runs of dates expanded on first use must give back exactly the
 * package's maps, keys in the same order, so a bundled calendar answers as the one the tests run unbundled.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { compactDates, compactHolidays, type HolidayData } from '../../scripts/build/holidays';

const ROOT = path.resolve(__dirname, '..', '..');
const JSON_FILE = path.join(ROOT, 'node_modules', 'chinese-days', 'dist', 'chinese-days.json');

describe('holiday data in bundles', () => {
  it.each([
    ['the mini program’s bundle (plain runs)', false],
    ['a function bundle (runs deflated)', true],
  ])(
    'should expand to the same holidays and make-up working days as the package JSON, in the same key order: %s',
    async (_bundle, deflate) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'holidays-'));
      const entry = path.join(dir, 'entry.js');
      fs.writeFileSync(
        entry,
        // As shared/calendar/builtin.ts imports it.
        "import d from 'chinese-days/dist/chinese-days.json';\n" +
          'export const holidays = d.holidays, workdays = d.workdays, again = d.holidays === d.holidays;\n',
      );
      const out = path.join(dir, 'out.js');
      await esbuild.build({
        entryPoints: [entry],
        outfile: out,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node16',
        minify: true,
        charset: 'utf8',
        nodePaths: [path.join(ROOT, 'node_modules')],
        plugins: [compactHolidays({ deflate })],
        logLevel: 'silent',
      });
      const pkg = JSON.parse(fs.readFileSync(JSON_FILE, 'utf8')) as HolidayData;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const bundled = require(out) as HolidayData & { again: boolean };
      expect(JSON.stringify(bundled.holidays)).toBe(JSON.stringify(pkg.holidays));
      expect(JSON.stringify(bundled.workdays)).toBe(JSON.stringify(pkg.workdays));
      expect(bundled.again).toBe(true);
      // Far smaller than the file it replaces.
      expect(fs.statSync(out).size).toBeLessThan(fs.statSync(JSON_FILE).size / 4);
    },
  );

  it('should split dates into runs only where the label changes or a day is skipped', () => {
    const { labels, runs } = compactDates({
      '2021-09-30': 'x',
      '2021-10-01': '国庆节',
      '2021-10-02': '国庆节',
      '2021-10-04': '国庆节',
      '2021-10-05': 'x',
    });
    expect(labels).toEqual(['x', '国庆节']);
    expect(runs).toEqual([
      ['2021-09-30', 1, 0],
      ['2021-10-01', 2, 1],
      ['2021-10-04', 1, 1],
      ['2021-10-05', 1, 0],
    ]);
  });
});
