/**
 * Properties of the engine over random valid profiles (fast-check): exact halves and totals that never drift,
 * lines that respect caps and exclusive groups, bonus lines that never fall when a fact is added, and hints whose
 * promised gain is exactly what doing the hinted thing adds.
 */
import fc from 'fast-check';
import { addDays, addMonths, daysBetween, monthFromIndex, monthIndex } from '../../shared/dates';
import { score, type Hint, type ScoreSheet, type ScoringRound } from '../../shared/engine';
import type { Indicator, PolicyVersion } from '../../shared/policy';
import {
  EDUCATION_LEVELS,
  HOME_OWNERS,
  HONOUR_LEVELS,
  parseProfile,
  RECORD_KINDS,
  TITLE_LEVELS,
  type Profile,
  type ProfileInput,
} from '../../shared/profile';
import { HZ2021, HZ2024, R2021, R2024, line } from './fixtures/engine-helpers';
import { compactScore, compactSheet, expandSheet } from '../../shared/contracts';

const RUNS = { numRuns: 150 };
const START = '1995-01-01';
/** A day in 1995…2024: before, inside and after both rounds' windows. */
const date = fc.integer({ min: 0, max: daysBetween(START, '2024-12-31') }).map((n) => addDays(START, n));
const month = fc.integer({ min: monthIndex('1995-01'), max: monthIndex('2024-12') });
const span = fc.tuple(date, date).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a }));

const blood = fc.oneof(
  fc.record({ date, ml: fc.integer({ min: 1, max: 600 }), inHangzhou: fc.boolean() }),
  fc.record({
    date,
    kind: fc.constant('platelets' as const),
    units: fc.constantFrom(1 as const, 1.5 as const, 2 as const),
    inHangzhou: fc.boolean(),
  }),
);
const volunteer = fc.record({ date, hours: fc.integer({ min: 0, max: 600 }).map((t) => t / 10) });
const socialInsurance = fc
  .record({
    a: month,
    b: month,
    pension: fc.boolean(),
    medical: fc.boolean(),
    backPaid: fc.boolean(),
    transferredIn: fc.boolean(),
    inUrbanHangzhou: fc.boolean(),
    flexible: fc.boolean(),
  })
  .map(({ a, b, ...rest }) => ({ from: monthFromIndex(Math.min(a, b)), to: monthFromIndex(Math.max(a, b)), ...rest }));

const input = fc.record({
  person: fc.record({
    birthDate: fc
      .integer({ min: 0, max: daysBetween('1950-01-01', '2003-12-31') })
      .map((n) => addDays('1950-01-01', n)),
  }),
  education: fc.array(
    fc.record({
      level: fc.constantFrom(...EDUCATION_LEVELS),
      diploma: fc.boolean(),
      degree: fc.boolean(),
      domestic: fc.boolean(),
      completion: fc.constantFrom('graduated' as const, 'completed' as const, 'withdrawn' as const),
      obtainedOn: date,
    }),
    { maxLength: 3 },
  ),
  titles: fc.array(fc.record({ level: fc.constantFrom(...TITLE_LEVELS), obtainedOn: date }), { maxLength: 3 }),
  socialInsurance: fc.array(socialInsurance, { maxLength: 4 }),
  residence: fc.array(span, { maxLength: 3 }),
  homes: fc.array(
    fc.record({
      owner: fc.constantFrom(...HOME_OWNERS),
      livesThere: fc.boolean(),
      acquiredOn: date,
      ownership: fc.constantFrom('sole' as const, 'joint' as const, 'shares' as const),
      coOwnersAllNonHzHukou: fc.boolean(),
      chosenByCoOwners: fc.boolean(),
      largestShare: fc.boolean(),
      secondHand: fc.boolean(),
      previousHukouMovedOut: fc.boolean(),
    }),
    { maxLength: 2 },
  ),
  rentals: fc.array(
    span.chain((s) =>
      fc.record({ from: fc.constant(s.from), to: fc.constant(s.to), legal: fc.boolean(), groupRental: fc.boolean() }),
    ),
    { maxLength: 3 },
  ),
  honours: fc.array(
    fc.record({
      level: fc.constantFrom(...HONOUR_LEVELS),
      title: fc.constant('荣誉'),
      matter: fc.constantFrom('甲', '乙', '丙', '丁', '戊'),
      awardedOn: date,
      inHangzhou: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
  bloodDonations: fc.array(blood, { maxLength: 8 }),
  marrowDonation: fc.option(fc.record({ donatedOn: date }), { nil: null }),
  volunteer: fc.array(volunteer, { maxLength: 5 }),
  charity: fc.array(
    fc.record({ date, amountYuan: fc.integer({ min: 1, max: 800_000 }).map((c) => c / 100), recognised: fc.boolean() }),
    { maxLength: 4 },
  ),
  patents: fc.array(
    fc.record({ grantedOn: date, firstHolder: fc.boolean(), transferred: fc.boolean(), inHangzhou: fc.boolean() }),
    { maxLength: 3 },
  ),
  taxes: fc.array(
    fc.record({ year: fc.integer({ min: 2010, max: 2024 }), amountYuan: fc.integer({ min: 0, max: 100000 }) }),
    { maxLength: 2 },
  ),
  records: fc.array(
    fc.record({
      kind: fc.constantFrom(...RECORD_KINDS),
      date,
      incident: fc.option(fc.constantFrom('A', 'B'), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
});
const setting = fc.constantFrom<[PolicyVersion, ScoringRound]>([HZ2021, R2021], [HZ2024, R2024], [HZ2021, R2024]);

function parse(x: unknown): Profile {
  const r = parseProfile(x);
  if (!r.ok) throw new Error(`generator made an invalid profile: ${JSON.stringify(r.errors)}`);
  return r.profile;
}

function run(x: ProfileInput, [policy, round]: [PolicyVersion, ScoringRound]): ScoreSheet {
  return score(parse(x), policy, round);
}

describe('exact arithmetic (G9): totals never drift', () => {
  it('every line and the total are whole half-points, printed as halves / 2', () => {
    fc.assert(
      fc.property(input, setting, (x, st) => {
        const s = run(x, st);
        let sum = 0;
        for (const l of s.lines) {
          expect(Number.isInteger(l.halves)).toBe(true);
          expect(Number.isInteger(l.rawHalves)).toBe(true);
          expect(l.points).toBe(String(l.halves / 2));
          sum += l.halves;
        }
        expect(s.totalHalves).toBe(sum);
        expect(s.total).toBe(String(s.totalHalves / 2));
        expect(s.total).toMatch(/^-?\d+(\.5)?$/);
        expect(s.reachesQualifying).toBe(!s.veto.vetoed && s.totalHalves >= s.qualifyingHalves);
      }),
      RUNS,
    );
  });

  it('lines respect their caps and signs; unknown rows stay 0', () => {
    fc.assert(
      fc.property(input, setting, (x, st) => {
        for (const l of run(x, st).lines) {
          if (l.capHalves !== null) expect(l.halves).toBeLessThanOrEqual(l.capHalves);
          if (l.category === 'deduction') expect(l.halves).toBeLessThanOrEqual(0);
          else expect(l.halves).toBeGreaterThanOrEqual(0);
          if (l.rule === 'unscored') expect(l.halves).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('exclusive groups count only the better line (G5: B2/B3; housing: B5/B6)', () => {
    fc.assert(
      fc.property(input, setting, (x, st) => {
        const s = run(x, st);
        for (const [a, b] of [
          ['B2', 'B3'],
          ['B5', 'B6'],
        ]) {
          const la = line(s, a);
          const lb = line(s, b);
          const capped = (l: typeof la) => (l.capHalves === null ? l.rawHalves : Math.min(l.rawHalves, l.capHalves));
          expect(la.halves + lb.halves).toBe(Math.max(capped(la), capped(lb)));
          expect(la.halves === 0 || lb.halves === 0).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

describe('adding a fact never lowers a bonus line or the total', () => {
  const never = (extra: fc.Arbitrary<unknown>, key: 'bloodDonations' | 'volunteer' | 'socialInsurance', id: string) =>
    fc.assert(
      fc.property(input, setting, extra, (x, st, e) => {
        const before = run(x, st);
        const after = run({ ...x, [key]: [...(x[key] as unknown[]), e] } as ProfileInput, st);
        expect(line(after, id).halves).toBeGreaterThanOrEqual(line(before, id).halves);
        expect(after.totalHalves).toBeGreaterThanOrEqual(before.totalHalves);
      }),
      RUNS,
    );

  it('a blood donation (P6)', () => never(blood, 'bloodDonations', 'P6'));
  it('volunteer hours (P7)', () => never(volunteer, 'volunteer', 'P7'));
  it('social-insurance months (B4)', () => never(socialInsurance, 'socialInsurance', 'B4'));
});

/** A date inside both test rounds' 5-year windows. */
const IN_WINDOW = '2020-06-01';

/** The number a hint's text names (the first group of `re`); a hint text the test does not understand fails it. */
function hintNumber(action: string, re: RegExp): number {
  const m = re.exec(action);
  if (!m) throw new Error(`hint text not understood: ${action}`);
  return Number(m[1]);
}

/** The months a `满 N 年 M 个月` / `满 N 年` / `满 M 个月` hint names. */
function hintMonths(action: string): number {
  const m = /满 (?:(\d+) 年)? ?(?:(\d+) 个月)?$/.exec(action);
  if (!m || (!m[1] && !m[2])) throw new Error(`hint text not understood: ${action}`);
  return Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0);
}

/**
 * A spell of the hinted months ending on 1994-12-31: it never overlaps the generated ones (1995 on), however long the
 * hint (a step that alone reaches 100 can ask for almost 20 years), so its months simply add.
 */
function monthsBefore1995(action: string): { from: string; to: string } {
  return { from: addMonths('1995-01-01', -hintMonths(action)), to: '1994-12-31' };
}

/** The education level a hint is about: its full standard, or its degree or stage named before the bracket. */
function hintedEducationLevel<L extends { level: string; label: string; stage?: string; degreeLabel?: string }>(
  levels: L[],
  action: string,
): L {
  const full = levels.find((l) => action === `取得${l.label}`);
  if (full) return full;
  const named = action.replace(/（.*$/, '');
  const lv = levels.find(
    (l) =>
      (l.degreeLabel !== undefined && named === `取得${l.degreeLabel}`) ||
      (l.stage !== undefined && named.startsWith(`取得${l.stage}`)),
  );
  if (!lv) throw new Error(`hint text not understood: ${action}`);
  return lv;
}

/** The level a `取得…` hint names. */
function hintedLevel<L extends { level: string; label: string }>(levels: L[], action: string): L {
  const lv = levels.find((l) => action === `取得${l.label}`);
  if (!lv) throw new Error(action);
  return lv;
}

type Of<K extends Indicator['rule']> = Extract<Indicator, { rule: K }>;
/** Doing what a hint of one rule kind says. */
type Act<K extends Indicator['rule']> = (x: ProfileInput, action: string, ind: Of<K>) => ProfileInput;

/** How to act out the hints of each rule kind; kinds without an entry have no hint this test can act out. */
const ACT_OUT: { [K in Indicator['rule']]?: Act<K> } = {
  // `再献血 200 毫升` or `再献血 3 次共 600 毫升（每次 200 毫升）`: that many whole-blood donations of that size.
  blood: (x, a) => {
    const m = /^再献血 (?:(\d+) 次共 )?(\d+) 毫升/.exec(a);
    if (!m) throw new Error(`hint text not understood: ${a}`);
    const times = Number(m[1] ?? 1);
    const each = Number(m[2]) / times;
    return {
      ...x,
      bloodDonations: [
        ...(x.bloodDonations ?? []),
        ...Array.from({ length: times }, () => ({ date: IN_WINDOW, ml: each })),
      ],
    };
  },
  volunteer: (x, a) => ({
    ...x,
    volunteer: [...(x.volunteer ?? []), { date: IN_WINDOW, hours: hintNumber(a, /志愿服务 ([\d.]+) 小时/) }],
  }),
  charity: (x, a) => ({
    ...x,
    charity: [...(x.charity ?? []), { date: IN_WINDOW, amountYuan: hintNumber(a, /再捐赠 ([\d.]+) 元/) }],
  }),
  socialInsurance: (x, a) => {
    const n = hintNumber(a, /再缴满 (\d+) 个月/);
    return {
      ...x,
      socialInsurance: [
        ...(x.socialInsurance ?? []),
        // Ending 1994-12, before every generated month (1995 on), however many months the hint asks for.
        { from: monthFromIndex(monthIndex('1994-12') - n + 1), to: '1994-12', pension: true, medical: true },
      ],
    };
  },
  rental: (x, a) => ({ ...x, rentals: [...(x.rentals ?? []), { ...monthsBefore1995(a), legal: true }] }),
  residence: (x, a) => ({ ...x, residence: [...(x.residence ?? []), monthsBefore1995(a)] }),
  honour: (x, _a, ind) => ({
    ...x,
    honours: [
      ...(x.honours ?? []),
      { level: ind.params.level, title: '新表彰', matter: '新事项', awardedOn: IN_WINDOW },
    ],
  }),
  patent: (x) => ({ ...x, patents: [...(x.patents ?? []), { grantedOn: IN_WINDOW, firstHolder: true }] }),
  marrow: (x) => ({ ...x, marrowDonation: { donatedOn: IN_WINDOW } }),
  ownedHome: (x) => ({
    ...x,
    homes: [{ owner: 'self', livesThere: true, acquiredOn: '2010-01-01' }, ...(x.homes ?? [])],
  }),
  // `取得本科学历+学士学位`, or completing a level held in part (`取得学士学位（已有本科学历证书）`,
  // `取得本科毕业证书和学士学位（现有本科结业证书）`): either way the person then holds the level in full.
  education: (x, a, ind) => {
    const lv = hintedEducationLevel(ind.params.levels, a);
    return {
      ...x,
      education: [
        ...(x.education ?? []),
        { level: lv.level as (typeof EDUCATION_LEVELS)[number], diploma: true, degree: true, obtainedOn: '2010-01-01' },
      ],
    };
  },
  titleSkill: (x, a, ind) => {
    const lv = hintedLevel(ind.params.levels, a);
    return {
      ...x,
      titles: [...(x.titles ?? []), { level: lv.level as (typeof TITLE_LEVELS)[number], obtainedOn: '2010-01-01' }],
    };
  },
};

/** The profile after doing what a hint says, or null for a hint this test cannot act out. */
function actOut(x: ProfileInput, h: Hint, policy: PolicyVersion): ProfileInput | null {
  const ind = policy.indicators.find((i) => i.id === h.indicatorId);
  if (!ind) return null;
  // The entry for the indicator's own rule kind (a correlated lookup the compiler cannot follow).
  const act = ACT_OUT[ind.rule] as ((x: ProfileInput, action: string, ind: Indicator) => ProfileInput) | undefined;
  return act ? act(x, h.action, ind) : null;
}

describe('hints are honest', () => {
  it('doing what a hint says adds exactly the promised gain to the total (caps and exclusive groups included)', () => {
    fc.assert(
      fc.property(input, setting, (x, st) => {
        const before = run(x, st);
        for (const h of before.hints) {
          expect(h.gainHalves).toBeGreaterThan(0);
          const next = actOut(x, h, st[0]);
          expect(next).not.toBeNull();
          if (next) expect(run(next, st).totalHalves - before.totalHalves).toBe(h.gainHalves);
        }
      }),
      { numRuns: 80 },
    );
  });

  it('hints that alone reach the qualifying score come first, and each says whether it does', () => {
    fc.assert(
      fc.property(input, setting, (x, st) => {
        const s = run(x, st);
        const shortfall = s.qualifyingHalves - s.totalHalves;
        const flags = s.hints.map((h) => h.reachesQualifying);
        for (const h of s.hints) expect(h.reachesQualifying).toBe(shortfall > 0 && h.gainHalves >= shortfall);
        // Once a hint does not reach the score, none after it does.
        expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)));
      }),
      RUNS,
    );
  });

  it('a vetoed profile never reaches the qualifying score and gets no hints, whatever its points', () => {
    fc.assert(
      fc.property(input, setting, fc.constantFrom('robbery', 'arson', 'sentence5Years'), (x, st, kind) => {
        const free = run(x, st);
        const vetoed = run({ ...x, vetoFacts: [{ kind }] }, st);
        expect(vetoed.totalHalves).toBe(free.totalHalves);
        expect(vetoed.verdict.kind).toBe('vetoed');
        expect(vetoed.verdict.text).toMatch(/^一票否决/);
        expect(vetoed.reachesQualifying).toBe(false);
        expect(vetoed.hints).toEqual([]);
        expect(free.verdict.kind).toBe(free.totalHalves >= free.qualifyingHalves ? 'qualifies' : 'below');
      }),
      RUNS,
    );
  });

  it('no hint for a line whose next step would add nothing (the owned home when it cannot raise the total)', () => {
    fc.assert(
      fc.property(input, setting, (x, st) => {
        const before = run(x, st);
        const home = before.hints.find((h) => h.indicatorId === 'B5');
        const withHome = run(
          { ...x, homes: [{ owner: 'self', livesThere: true, acquiredOn: '2010-01-01' }, ...(x.homes ?? [])] },
          st,
        );
        expect(withHome.totalHalves - before.totalHalves).toBe(home ? home.gainHalves : 0);
      }),
      RUNS,
    );
  });
});

describe('the wire form of a sheet (simulate) expands to the very sheet the engine produced', () => {
  it('expandSheet(compactSheet(sheet)) equals the sheet, field for field and in the same JSON', () => {
    fc.assert(
      fc.property(input, setting, (x, s) => {
        const sheet = run(x, s);
        const back = expandSheet(compactSheet(sheet, s[0]), s[0]);
        expect(back).toEqual(sheet);
        expect(JSON.stringify(back)).toBe(JSON.stringify(sheet));
      }),
      RUNS,
    );
  });

  it('compactScore gives the very wire sheet compactSheet(score(…)) gives, in the same JSON', () => {
    fc.assert(
      fc.property(input, setting, (x, [policy, round]) => {
        const profile = parse(x);
        const wire = compactScore(profile, policy, round);
        const reference = compactSheet(score(profile, policy, round), policy);
        expect(wire).toEqual(reference);
        expect(JSON.stringify(wire)).toBe(JSON.stringify(reference));
      }),
      RUNS,
    );
  });
});
