import fc from 'fast-check';
import { createCalendar } from '../../shared/calendar';
import {
  admittedAt,
  candidateLines,
  distribution,
  distributionOfCounts,
  histogram,
  inPublicity,
  isAdmittedTotal,
  lineForQuota,
  noQuotaDecision,
  publicityWindow,
  rankByTotal,
  SETTLEMENT_DEFAULTS,
  TIE_RULES,
} from '../../shared/settlement';

/** Points → half-points, as the store's totals become. */
const h = (points: number): number => points * 2;
const QUALIFYING = h(100);
const dist = (...points: number[]) => distribution(points.map(h));

describe('ranking verified applications by confirmed total', () => {
  it('should rank highest first, equal totals sharing a rank and the next rank skipping them (1, 2, 2, 4)', () => {
    const ranked = rankByTotal([
      { id: 'c', halves: h(150) },
      { id: 'a', halves: h(160) },
      { id: 'd', halves: h(150) },
      { id: 'b', halves: h(120.5) },
    ]);
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['c', 2],
      ['d', 2],
      ['b', 4],
    ]);
  });

  it('should give the same order whatever order the applications were read in', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 200, max: 400 }), { maxLength: 40 }), (totals) => {
        const items = totals.map((halves, i) => ({ id: `s${String(i).padStart(3, '0')}`, halves }));
        const reversed = [...items].reverse();
        expect(rankByTotal(reversed)).toEqual(rankByTotal(items));
      }),
    );
  });

  it('should count each distinct total once, with those at or above it and its shared rank', () => {
    expect(dist(150, 160, 150, 120.5)).toEqual([
      { halves: h(160), count: 1, atOrAbove: 1, rank: 1 },
      { halves: h(150), count: 2, atOrAbove: 3, rank: 2 },
      { halves: h(120.5), count: 1, atOrAbove: 4, rank: 4 },
    ]);
  });

  it('should give the same steps from totals counted in any order (a total may come more than once) as from one entry per application', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 200, max: 400 }), { maxLength: 60 }), (totals) => {
        const counted = new Map<number, number>();
        for (const t of totals) counted.set(t, (counted.get(t) ?? 0) + 1);
        // Split each count in two entries, shuffled by reversing: as `135` and `135.0` would come from a store.
        const entries = [...counted].flatMap(([t, n]): [number, number][] =>
          n > 1
            ? [
                [t, 1],
                [t, n - 1],
              ]
            : [[t, n]],
        );
        expect(distributionOfCounts(entries.reverse())).toEqual(distribution(totals));
      }),
    );
    expect(
      distributionOfCounts([
        [h(150), 2],
        [h(160), 1],
        [h(150), 1],
      ]),
    ).toEqual([
      { halves: h(160), count: 1, atOrAbove: 1, rank: 1 },
      { halves: h(150), count: 3, atOrAbove: 4, rank: 2 },
    ]);
  });

  it('should handle a round with no verified applications', () => {
    expect(distribution([])).toEqual([]);
    expect(rankByTotal([])).toEqual([]);
    expect(admittedAt([], h(100))).toBe(0);
  });
});

describe('the line a quota implies', () => {
  // 10 applications; places 3–5 share 140.
  const round = dist(180, 165.5, 140, 140, 140, 130, 120, 110.5, 100, 100);

  it('should admit everyone with exactly the line’s total by default, so the admitted exceed the quota', () => {
    const d = lineForQuota(round, 4, 'admitAllAtLine', QUALIFYING);
    expect(d).toMatchObject({ line: h(140), admitted: 5, notAdmitted: 5, atLine: 3, overQuota: 1, quotaFilled: true });
    expect(SETTLEMENT_DEFAULTS.tieRule.value).toBe('admitAllAtLine');
    expect(SETTLEMENT_DEFAULTS.tieRule.confidence).toBe('I');
  });

  it('should admit exactly the quota when the quota ends on the last of a tie', () => {
    expect(lineForQuota(round, 5, 'admitAllAtLine', QUALIFYING)).toMatchObject({
      line: h(140),
      admitted: 5,
      overQuota: 0,
    });
    expect(lineForQuota(round, 5, 'excludeAllAtLine', QUALIFYING)).toMatchObject({ line: h(140), admitted: 5 });
  });

  it('should move the line up past the tie under the exclusive rule, never exceeding the quota', () => {
    const d = lineForQuota(round, 4, 'excludeAllAtLine', QUALIFYING);
    expect(d).toMatchObject({ line: h(165.5), admitted: 2, overQuota: 0, tiedOut: 3 });
  });

  it('should admit nobody under the exclusive rule when the top total alone exceeds the quota', () => {
    const d = lineForQuota(dist(150, 150, 150), 2, 'excludeAllAtLine', QUALIFYING);
    expect(d).toMatchObject({ line: h(150) + 1, admitted: 0, notAdmitted: 3, tiedOut: 3 });
    expect(isAdmittedTotal(d, h(150), QUALIFYING)).toBe(false);
  });

  it('should admit everyone who qualifies at the qualifying score when the quota is larger than the applications', () => {
    const d = lineForQuota(round, 50, 'admitAllAtLine', QUALIFYING);
    expect(d).toMatchObject({
      line: h(100),
      admitted: 10,
      notAdmitted: 0,
      atLine: 2,
      overQuota: 0,
      quotaFilled: false,
    });
  });

  it('should admit an applicant with exactly 100 at a line of 100, and never one below 100 whatever the quota', () => {
    const d = lineForQuota(dist(120, 100, 99.5), 10, 'admitAllAtLine', QUALIFYING);
    expect(d).toMatchObject({ line: h(100), admitted: 2, notAdmitted: 1 });
    expect(isAdmittedTotal(d, h(100), QUALIFYING)).toBe(true);
    expect(isAdmittedTotal(d, h(99.5), QUALIFYING)).toBe(false);
  });

  it('should put a quota that exactly fits the applications at the qualifying score, all admitted', () => {
    expect(lineForQuota(dist(150, 130), 2, 'admitAllAtLine', QUALIFYING)).toMatchObject({
      line: h(100),
      admitted: 2,
      quotaFilled: true,
    });
  });

  it('should give the qualifying score and nobody admitted for an empty round', () => {
    expect(lineForQuota([], 100, 'admitAllAtLine', QUALIFYING)).toMatchObject({
      line: h(100),
      admitted: 0,
      notAdmitted: 0,
    });
  });

  it('should refuse a quota that is not a positive whole number', () => {
    expect(() => lineForQuota(round, 0, 'admitAllAtLine', QUALIFYING)).toThrow('名额应为正整数');
    expect(() => lineForQuota(round, 2.5, 'admitAllAtLine', QUALIFYING)).toThrow(RangeError);
  });

  it('should always admit everyone at or above the line and nobody below it, within the rule’s bound', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 190, max: 260 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 70 }),
        fc.constantFrom('admitAllAtLine' as const, 'excludeAllAtLine' as const),
        (totals, quota, rule) => {
          const d = distribution(totals);
          const r = lineForQuota(d, quota, rule, QUALIFYING);
          const admitted = totals.filter((t) => isAdmittedTotal(r, t, QUALIFYING)).length;
          expect(admitted).toBe(r.admitted);
          expect(r.admitted + r.notAdmitted).toBe(totals.length);
          if (rule === 'excludeAllAtLine') expect(r.admitted).toBeLessThanOrEqual(quota);
          // Default rule: nobody with the line's total is left out, and the quota is reached when enough qualify.
          if (rule === 'admitAllAtLine') {
            const qualifying = totals.filter((t) => t >= QUALIFYING).length;
            expect(r.admitted).toBe(qualifying <= quota ? qualifying : admittedAt(d, r.line as number));
            expect(r.admitted).toBeGreaterThanOrEqual(Math.min(quota, qualifying));
          }
        },
      ),
    );
  });

  it('should state each tie rule in Chinese for everyone to read', () => {
    expect(TIE_RULES.admitAllAtLine.text).toContain('可能超过当年名额');
    expect(TIE_RULES.excludeAllAtLine.text).toContain('不超过名额');
  });
});

describe('no-quota rounds', () => {
  it('should admit everyone verified with at least 100, exactly 100 included, and set no line', () => {
    const d = noQuotaDecision(dist(180, 100, 99.5), QUALIFYING);
    expect(d).toMatchObject({ mode: 'none', line: null, quota: null, admitted: 2, notAdmitted: 1 });
    expect(isAdmittedTotal(d, h(100), QUALIFYING)).toBe(true);
    expect(isAdmittedTotal(d, h(99.5), QUALIFYING)).toBe(false);
  });

  it('should admit nobody in an empty round', () => {
    expect(noQuotaDecision([], QUALIFYING)).toMatchObject({ admitted: 0, notAdmitted: 0 });
  });
});

describe('candidate lines and the histogram', () => {
  const round = dist(180, 165.5, 140, 140, 140, 130, 120, 110.5, 100, 100);

  it('should show how many each candidate line admits, around the implied line, highest first', () => {
    const c = candidateLines(round, h(140), QUALIFYING, 1);
    expect(c).toEqual([
      { halves: h(165.5), admitted: 2, atLine: 1 },
      { halves: h(140), admitted: 5, atLine: 3 },
      { halves: h(130), admitted: 6, atLine: 1 },
    ]);
  });

  it('should add lines asked for (none below 100), including totals nobody has', () => {
    const c = candidateLines(round, h(140), QUALIFYING, 0, [h(135), h(90)]);
    expect(c).toEqual([
      { halves: h(140), admitted: 5, atLine: 3 },
      { halves: h(135), admitted: 5, atLine: 0 },
    ]);
  });

  it('should offer the highest totals when there is no line yet', () => {
    expect(candidateLines(round, null, QUALIFYING, 1).map((c) => c.halves)).toEqual([h(180), h(165.5), h(140)]);
  });

  it('should bucket totals by 5 points from the lowest to the highest, empty buckets included', () => {
    const b = histogram(dist(100, 104.5, 105, 121));
    expect(b).toEqual([
      { fromHalves: h(100), toHalves: h(105), count: 2 },
      { fromHalves: h(105), toHalves: h(110), count: 1 },
      { fromHalves: h(110), toHalves: h(115), count: 0 },
      { fromHalves: h(115), toHalves: h(120), count: 0 },
      { fromHalves: h(120), toHalves: h(125), count: 1 },
    ]);
    expect(histogram([])).toEqual([]);
    expect(() => histogram(round, 0)).toThrow(RangeError);
  });

  it('should count every application in exactly one bucket', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 150, max: 700 }), { maxLength: 80 }), (totals) => {
        const sum = histogram(distribution(totals)).reduce((n, b) => n + b.count, 0);
        expect(sum).toBe(totals.length);
      }),
    );
  });
});

describe('the publicity window', () => {
  const cal = createCalendar();

  it('should last 5 working days from a working publish day, notices due the working day after', () => {
    // Thursday 2022-03-10: 10, 11, 14, 15, 16 March; notices Thursday 17 March.
    expect(publicityWindow(cal, '2022-03-10', 5)).toEqual({
      from: '2022-03-10',
      to: '2022-03-16',
      workingDays: 5,
      noticesOn: '2022-03-17',
    });
    expect(SETTLEMENT_DEFAULTS.publicityWorkingDays).toMatchObject({ value: 5, confidence: 'I' });
  });

  it('should start on the next working day when published on a rest day, skipping holidays', () => {
    // Saturday 2021-10-02 is in National Day; Saturday 2021-10-09 is a make-up working day.
    const w = publicityWindow(cal, '2021-10-02', 2);
    expect(w).toEqual({ from: '2021-10-08', to: '2021-10-09', workingDays: 2, noticesOn: '2021-10-11' });
    expect(inPublicity(w, '2021-10-09')).toBe(true);
    expect(inPublicity(w, '2021-10-10')).toBe(false);
    expect(inPublicity(w, '2021-10-07')).toBe(false);
  });
});
