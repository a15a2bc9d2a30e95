/**
 * Months paired across single-insurance records (pension only beside medical only): the one-sweep coverage gives
 * exactly what checking every spell for every month gives, and hundreds of overlapping records score the same as one.
 */
import fc from 'fast-check';
import { monthFromIndex, monthIndex } from '../../shared/dates';
import type { FactNote } from '../../shared/engine';
import { singleCoverage, type SingleSpell } from '../../shared/engine/rules';
import { HZ2021, line, R2021, sheet } from './fixtures/engine-helpers';

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
            Array.from({ length: Math.max(0, cutoff - first) }, (_, i) =>
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

  it('notes every record as counting its months one by one would, for random mixes of records', () => {
    const rec = fc
      .record({
        a: fc.integer({ min: monthIndex('2012-01'), max: monthIndex('2022-06') }),
        len: fc.integer({ min: 0, max: 60 }),
        kind: fc.constantFrom('both', 'both', 'pension', 'medical', 'backPaid'),
      })
      .map(({ a, len, kind }) => ({
        from: monthFromIndex(a),
        to: monthFromIndex(a + len),
        pension: kind !== 'medical',
        medical: kind !== 'pension',
        backPaid: kind === 'backPaid',
      }));
    const rate =
      2 * (HZ2021.indicators.find((i) => i.id === 'B4')?.params as { pointsPerMonth: number }).pointsPerMonth;
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 12 }), (records) => {
        const b4 = line(sheet({ socialInsurance: records }), 'B4');
        const want = notesByMonth(records, monthIndex(R2021.cutoff), rate);
        expect({
          counted: b4.counted,
          notCounted: b4.notCounted.map(({ ref, label, reason }) => ({ ref, label, reason })),
        }).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});

/**
 * The B4 notes by the definition, one month at a time: a month with both insurances counts for the first record
 * that holds it; a pension-only month counts, for the first such record, when some medical-only record holds it too.
 */
function notesByMonth(
  records: { from: string; to: string; pension: boolean; medical: boolean; backPaid: boolean }[],
  cutoffMonth: number,
  rate: number,
): { counted: FactNote[]; notCounted: Pick<FactNote, 'ref' | 'label' | 'reason'>[] } {
  const counted: FactNote[] = [];
  const notCounted: Pick<FactNote, 'ref' | 'label' | 'reason'>[] = [];
  const seen = new Set<number>();
  const single: { ref: string; label: string; a: number; b: number; pension: boolean }[] = [];
  records.forEach((s, i) => {
    const ref = `socialInsurance.${i}`;
    const label = `${s.from} 至 ${s.to}${s.pension ? ' 养老' : ''}${s.medical ? ' 医疗' : ''}`;
    const a = monthIndex(s.from);
    const b = monthIndex(s.to);
    if (s.backPaid) return void notCounted.push({ ref, label: `${label}（${b - a + 1} 个月）`, reason: 'BACK_PAID' });
    if (!s.pension || !s.medical) return void single.push({ ref, label, a, b, pension: s.pension });
    let fresh = 0;
    let dup = 0;
    let late = 0;
    for (let m = a; m <= b; m++) {
      if (m >= cutoffMonth) late++;
      else if (seen.has(m)) dup++;
      else {
        seen.add(m);
        fresh++;
      }
    }
    if (fresh) counted.push({ ref, label: `${label}，计 ${fresh} 个月`, halves: fresh * rate });
    if (late) notCounted.push({ ref, label: `${label} 中 ${late} 个月`, reason: 'AFTER_CUTOFF' });
    if (dup) notCounted.push({ ref, label: `${label} 中 ${dup} 个月`, reason: 'DUPLICATE_MONTH' });
  });
  const holds = (pension: boolean, m: number) => single.some((x) => x.pension === pension && x.a <= m && m <= x.b);
  for (const x of single) {
    let paired = 0;
    let unpaired = 0;
    let late = 0;
    for (let m = x.a; m <= x.b; m++) {
      if (m >= cutoffMonth) late++;
      else if (seen.has(m)) continue;
      else if (holds(!x.pension, m)) {
        if (x.pension) {
          seen.add(m);
          paired++;
        }
      } else unpaired++;
    }
    if (paired)
      counted.push({ ref: x.ref, label: `${x.label}，与医疗保险记录同月合并计 ${paired} 个月`, halves: paired * rate });
    if (unpaired) notCounted.push({ ref: x.ref, label: `${x.label} 中 ${unpaired} 个月`, reason: 'MISSING_INSURANCE' });
    if (late) notCounted.push({ ref: x.ref, label: `${x.label} 中 ${late} 个月`, reason: 'AFTER_CUTOFF' });
  }
  return { counted, notCounted };
}
