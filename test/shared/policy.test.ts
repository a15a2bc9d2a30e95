/**
 * A policy version is data: the built-in versions match the specification's table, a modified copy scores
 * differently without code changes, and an invalid document is refused with Chinese messages.
 */
import { score } from '../../shared/engine';
import {
  BUILTIN_POLICIES,
  CONFIDENCE_LABELS,
  findPolicy,
  parsePolicyVersion,
  type PolicyVersion,
} from '../../shared/policy';
import { HZ2021, HZ2024, R2021, R2024, line, policyDoc, profile } from './fixtures/engine-helpers';

const HAN = /[\u4e00-\u9fff]/;

function reparse(doc: unknown): PolicyVersion {
  const r = parsePolicyVersion(doc);
  if (!r.ok) throw new Error(r.errors.map((e) => `${e.path} ${e.message}`).join('; '));
  return r.policy;
}

/** A copy of hz-2021 with one indicator's params changed. */
function withParams(id: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}): PolicyVersion {
  const doc = policyDoc(HZ2021);
  const ind = doc.indicators.find((i) => i.id === id);
  if (!ind) throw new Error(id);
  ind.params = { ...(ind.params as Record<string, unknown>), ...params };
  Object.assign(ind, extra);
  doc.id = 'hz-test';
  return reparse(doc);
}

describe('built-in versions', () => {
  it('ships hz-2021 and hz-2024-07, found by id', () => {
    expect(BUILTIN_POLICIES.map((p) => p.id)).toEqual(['hz-2021', 'hz-2024-07']);
    expect(findPolicy('hz-2024-07')?.effectiveFrom).toBe('2024-07-01');
    expect(findPolicy('hz-1999')).toBeUndefined();
  });

  it('hz-2021 has every row of the indicator table, in order, including the unknown ones', () => {
    expect(HZ2021.indicators.map((i) => i.id)).toEqual([
      'B1',
      'B2',
      'B3',
      'B4',
      'B4b',
      'B5',
      'B6',
      'B7',
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
      'P6',
      'P7',
      'P8',
      'P9',
      'P10',
      'D1',
      'D2',
      'D3',
      'D4',
      'D5',
    ]);
    expect(HZ2021.indicators.filter((i) => i.rule === 'unscored').map((i) => i.id)).toEqual(['B4b', 'P9']);
  });

  it('hz-2021 carries the FAQ deduction values and no family-planning deduction', () => {
    const ded = Object.fromEntries(
      HZ2021.indicators.flatMap((i) =>
        i.rule === 'deduction' ? [[i.id, [i.params.record, i.params.pointsEach, i.params.once]]] : [],
      ),
    );
    expect(ded).toEqual({
      D1: ['criminal', 150, false],
      D2: ['drugRehab', 100, false],
      D3: ['detention', 60, false],
      D4: ['dishonesty', 40, true],
      D5: ['seriousDishonesty', 80, false],
    });
  });

  it('the exclusive groups are G5 (B2/B3) and housing (B5/B6)', () => {
    expect(HZ2021.exclusiveGroups.map((g) => [g.rule, g.ids])).toEqual([
      ['G5', ['B2', 'B3']],
      ['housing', ['B5', 'B6']],
    ]);
  });

  it('caps match the table', () => {
    const caps = Object.fromEntries(HZ2021.indicators.map((i) => [i.id, i.cap]));
    expect(caps).toMatchObject({
      B1: 30,
      B2: 90,
      B3: 100,
      B4: 120,
      B5: 30,
      B6: 30,
      B7: 100,
      P1: 240,
      P2: 150,
      P3: 90,
      P4: 30,
      P5: 80,
      P6: 20,
      P7: 20,
      P8: 10,
      P10: null,
    });
  });

  it('every indicator has a confidence mark with a Chinese label and a source', () => {
    for (const p of BUILTIN_POLICIES)
      for (const i of p.indicators) {
        expect(CONFIDENCE_LABELS[i.confidence]).toMatch(HAN);
        expect(i.source.length).toBeGreaterThan(0);
      }
  });

  it('hz-2024-07 differs from hz-2021 in scoring only on B5 (80, co-ownership rules)', () => {
    const b5 = HZ2024.indicators.find((i) => i.id === 'B5');
    expect(b5).toMatchObject({ cap: 80, params: { points: 80, coOwnershipRules: true } });
    const strip = (p: PolicyVersion) =>
      p.indicators.filter((i) => i.id !== 'B5').map((i) => [i.id, i.rule, i.params, i.cap, i.window]);
    expect(strip(HZ2024)).toEqual(strip(HZ2021));
  });

  it('without a home, a profile scores the same under both versions', () => {
    const p = profile({
      socialInsurance: [{ from: '2015-01', to: '2024-06', pension: true, medical: true }],
      rentals: [{ from: '2015-01-01', to: '2024-07-31', legal: true }],
      bloodDonations: [{ date: '2020-01-01', ml: 400 }],
    });
    expect(score(p, HZ2024, R2024).total).toBe(score(p, HZ2021, R2024).total);
  });
});

describe('a new version is data: a modified copy scores differently without code changes', () => {
  const blood300 = profile({ bloodDonations: [{ date: '2019-01-01', ml: 300 }] });

  it('P6 stepPoints 1: 300 ml scores 2 instead of 1.5', () => {
    const p = withParams('P6', { stepPoints: 1 });
    expect(line(score(blood300, HZ2021, R2021), 'P6').points).toBe('1.5');
    expect(line(score(blood300, p, R2021), 'P6').points).toBe('2');
    expect(score(blood300, p, R2021).policyVersion).toBe('hz-test');
  });

  it('an old D1 value (−80) deducts 80', () => {
    const p = withParams('D1', { pointsEach: 80 });
    expect(line(score(profile({ records: [{ kind: 'criminal', date: '2019-01-01' }] }), p, R2021), 'D1').points).toBe(
      '-80',
    );
  });

  it('an old version with the family-planning row deducts it, and it is no longer unassigned', () => {
    const doc = policyDoc(HZ2021);
    doc.id = 'hz-2020';
    const d1 = doc.indicators.find((i) => i.id === 'D1');
    doc.indicators.push({
      ...d1,
      id: 'D6',
      name: '违反计划生育政策',
      params: { record: 'familyPlanning', pointsEach: 20, once: false },
    });
    const p = reparse(doc);
    const s = score(profile({ records: [{ kind: 'familyPlanning', date: '2019-01-01' }] }), p, R2021);
    expect(line(s, 'D6').points).toBe('-20');
    expect(s.unassigned).toEqual([]);
    expect(s.total).toBe('10');
  });

  it('B2b incompletePoints is read from the data (5 for a 结业 certificate)', () => {
    const p = withParams('B2', { incompletePoints: 5 });
    const s = score(
      profile({
        education: [
          { level: 'benke', diploma: true, degree: false, completion: 'completed', obtainedOn: '2010-07-01' },
        ],
      }),
      p,
      R2021,
    );
    expect(line(s, 'B2').points).toBe('5');
  });

  it('a different qualifying score moves G1', () => {
    const doc = policyDoc(HZ2021);
    doc.qualifyingScore = 30;
    const s = score(profile(), reparse(doc), R2021); // age 30 only
    expect(s.reachesQualifying).toBe(true);
    expect(score(profile(), HZ2021, R2021).reachesQualifying).toBe(false);
  });

  it('removing the housing group lets B5 and B6 add up', () => {
    const doc = policyDoc(HZ2021);
    doc.exclusiveGroups = (doc.exclusiveGroups as { rule: string }[]).filter((g) => g.rule !== 'housing');
    const p = profile({
      homes: [{ owner: 'self', livesThere: true, acquiredOn: '2018-01-01' }],
      rentals: [{ from: '2016-01-01', to: '2017-12-31', legal: true }],
    });
    expect(score(p, reparse(doc), R2021).total).toBe('72');
    expect(score(p, HZ2021, R2021).total).toBe('60');
  });

  it('a changed cap applies (P7 cap 4)', () => {
    const p = withParams('P7', {}, { cap: 4 });
    expect(line(score(profile({ volunteer: [{ date: '2019-01-01', hours: 100 }] }), p, R2021), 'P7').points).toBe('4');
  });
});
