/**
 * Months paired across single-insurance records (pension only beside medical only): the one-sweep coverage gives
 * exactly what checking every spell for every month gives, and hundreds of overlapping records score the same as one.
 */
import fc from 'fast-check';
import { monthIndex } from '../../shared/dates';
import { singleCoverage, type SingleSpell } from '../../shared/engine/rules';
import { line, sheet } from './fixtures/engine-helpers';

/** The definition: a month is covered when some spell of that insurance contains it. */
function coveredByScan(spells: readonly SingleSpell[], pension: boolean, m: number): boolean {
  return spells.some((x) => x.pension === pension && x.a <= m && m <= x.b);
}

const FIRST = monthIndex('2000-01');
const spell = fc
  .record({
    a: fc.integer({ min: FIRST, max: FIRST + 300 }),
    len: fc.integer({ min: 0, max: 120 }),
    pension: fc.boolean(),
  })
  .map(({ a, len, pension }) => ({ a, b: a + len, pension }));

describe('single-insurance coverage', () => {
  it('agrees with scanning every spell, month by month, for random spells (including ones past the cutoff)', () => {
    fc.assert(
      fc.property(
        fc.array(spell, { maxLength: 40 }),
        fc.integer({ min: FIRST, max: FIRST + 400 }),
        (spells, cutoff) => {
          const first = Math.min(cutoff, ...spells.map((x) => x.a));
          const cov = singleCoverage(spells, first, cutoff);
          const scan = (pension: boolean) =>
            Uint8Array.from({ length: Math.max(0, cutoff - first) }, (_, i) =>
              coveredByScan(spells, pension, first + i) ? 1 : 0,
            );
          expect(cov.pension).toEqual(scan(true));
          expect(cov.medical).toEqual(scan(false));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('500 overlapping pension-only records beside a medical record count each paired month once, like one record', () => {
    const medical = { from: '2005-01', to: '2021-09', pension: false, medical: true };
    const many = Array.from({ length: 499 }, (_, i) => ({
      from: `${2000 + (i % 10)}-01`,
      to: '2021-09',
      pension: true,
      medical: false,
    }));
    const one = { from: '2000-01', to: '2021-09', pension: true, medical: false };
    const b4Many = line(sheet({ socialInsurance: [...many, medical] }), 'B4');
    const b4One = line(sheet({ socialInsurance: [one, medical] }), 'B4');
    // 2005-01 … 2021-09 is 201 paired months: 100.5 points, under the 120 cap.
    expect(b4Many.rawHalves).toBe(201);
    expect(b4Many.rawHalves).toBe(b4One.rawHalves);
    expect(b4Many.points).toBe('100.5');
    // The paired months are claimed by the first pension record that covers them; the others count nothing twice.
    const pairedMany = b4Many.counted.reduce((n, c) => n + (c.halves ?? 0), 0);
    expect(pairedMany).toBe(201);
  });
});
