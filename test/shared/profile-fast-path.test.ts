/**
 * The fast path of profile parsing (shared/profile/fast.ts, ProfileSchema written out by hand) answers only what zod
 * would: whatever it accepts, zod accepts with the very same output (keys, order, defaults); valid profiles do take
 * it; and everything else reaches zod, so the errors are zod's.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { countingSchemas } from './schema-count';
import { fastProfile as fast, NOT_SURE } from '../../shared/profile/fast';
import {
  EDUCATION_LEVELS,
  HOME_OWNERS,
  HONOUR_LEVELS,
  parseProfile,
  ProfileSchema,
  RECORD_KINDS,
  TITLE_LEVELS,
} from '../../shared/profile';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
/** A profile that gives every field the schema declares, optional ones included, and a non-default value. */
const FULL = {
  person: { name: '赵六', idNumber: '330106198705120018', birthDate: '1987-05-12' },
  education: [
    {
      level: 'shuoshi',
      diploma: true,
      degree: false,
      domestic: false,
      completion: 'completed',
      obtainedOn: '2012-06-30',
    },
  ],
  titles: [{ level: 'gaojigong', obtainedOn: '2016-12-20' }],
  socialInsurance: [
    {
      from: '2012-03',
      to: '2021-09',
      pension: true,
      medical: false,
      inUrbanHangzhou: false,
      backPaid: true,
      transferredIn: true,
      flexible: true,
    },
  ],
  residence: [{ from: '2012-03-01', to: '2021-09-30', kind: 'registration' }],
  homes: [
    {
      owner: 'spouse',
      inUrbanArea: false,
      livesThere: true,
      acquiredOn: '2020-05-20',
      ownership: 'shares',
      coOwnersAllNonHzHukou: true,
      chosenByCoOwners: false,
      largestShare: true,
      boughtWithHzHukouPerson: false,
      secondHand: true,
      previousHukouMovedOut: false,
      scoredByOtherWithinYear: false,
    },
  ],
  rentals: [{ from: '2012-03-01', to: '2020-05-19', legal: false, groupRental: true }],
  honours: [{ level: 'provincial', title: '优秀', matter: '抗疫', awardedOn: '2020-03-01', inHangzhou: false }],
  bloodDonations: [{ date: '2019-05-01', kind: 'platelets', ml: 200, units: 2, inHangzhou: false }],
  marrowDonation: { donatedOn: '2018-04-01' },
  volunteer: [{ date: '2019-08-10', hours: 0.5 }],
  charity: [{ date: '2020-02-01', amountYuan: 12.34, recognised: false }],
  patents: [{ grantedOn: '2023-03-10', firstHolder: true, transferred: true, inHangzhou: false, number: 'ZL2023' }],
  taxes: [{ year: 2020, amountYuan: 0 }],
  records: [{ kind: 'detention', date: '2019-03-01', incident: '2019-A', note: '已处理' }],
  vetoFacts: [{ kind: 'fraud', date: '2018-01-01', note: '说明' }],
};
const example = (f: string): Record<string, unknown> =>
  f === 'full'
    ? (JSON.parse(JSON.stringify(FULL)) as Record<string, unknown>)
    : (JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')) as Record<string, unknown>);

/** The object schema inside a field's schema (through defaults, nullables and lists), or null. */
function objectShape(s: unknown): Record<string, unknown> | null {
  const def = (s as { _zod: { def: { type: string; shape?: object; innerType?: unknown; element?: unknown } } })._zod
    .def;
  if (def.type === 'object') return def.shape as Record<string, unknown>;
  const inner = def.innerType ?? def.element;
  return inner ? objectShape(inner) : null;
}

/** A value with its key order and `undefined`-valued keys kept, so that two outputs compare exactly. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, shape(x)]);
  return v === undefined ? '<undefined>' : v;
}

/** Asserts: accepted by the fast path ⇒ accepted by zod, same output. Returns whether the fast path accepted. */
function agrees(input: unknown): boolean {
  const quick = fast(input);
  const slow = ProfileSchema.safeParse(input);
  if (quick === NOT_SURE) return false;
  expect(slow.success).toBe(true);
  if (slow.success) expect(shape(quick)).toEqual(shape(slow.data));
  return true;
}

const FIELDS = [
  ...['name', 'idNumber', 'birthDate', 'level', 'diploma', 'degree', 'domestic', 'completion', 'obtainedOn', 'from'],
  ...['to', 'pension', 'medical', 'inUrbanHangzhou', 'backPaid', 'transferredIn', 'flexible', 'kind', 'owner'],
  ...['inUrbanArea', 'livesThere', 'acquiredOn', 'ownership', 'secondHand', 'legal', 'groupRental', 'title', 'matter'],
  ...['awardedOn', 'inHangzhou', 'date', 'ml', 'units', 'hours', 'amountYuan', 'recognised', 'grantedOn'],
  ...['firstHolder', 'transferred', 'number', 'incident', 'note', 'year', 'donatedOn', 'extra'],
];
const LISTS = ['education', 'titles', 'socialInsurance', 'residence', 'homes', 'rentals', 'honours'];
const MORE_LISTS = ['bloodDonations', 'volunteer', 'charity', 'patents', 'taxes', 'records', 'vetoFacts'];
const ENUMS = [...EDUCATION_LEVELS, ...TITLE_LEVELS, ...HONOUR_LEVELS, ...RECORD_KINDS, ...HOME_OWNERS];
const leaf = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 3000 }),
  fc.constantFrom(0.5, 1.5, 36.5, Number.NaN, 1e12),
  fc.string({ maxLength: 3 }),
  fc.constantFrom('2019-03', '2021-09', '2019-02-30', '2015-05-01', '2021-10-05', '1987-05-12', '330106198705120018'),
  fc.constantFrom(...ENUMS, 'wholeBlood', 'platelets', 'permit', 'registration', 'graduated', 'joint'),
);
/** A valid profile, from the examples, with parts dropped, defaulted fields left out and lists cut. */
const valid = fc
  .record({
    base: fc.constantFrom('zhang-wei-2021.json', 'li-na-2024.json', 'wang-fang-minimal.json', 'full'),
    drop: fc.subarray([...LISTS, ...MORE_LISTS]),
    undefault: fc.boolean(),
    marrow: fc.boolean(),
  })
  .map(({ base, drop, undefault, marrow }) => {
    const doc = example(base);
    for (const k of drop) delete doc[k];
    if (marrow) doc.marrowDonation = { donatedOn: '2018-04-01' };
    if (undefault) {
      for (const f of (doc.education ?? []) as Record<string, unknown>[]) delete f.domestic;
      for (const k of ['residence', 'bloodDonations'])
        for (const f of (doc[k] ?? []) as Record<string, unknown>[])
          if (f.kind === 'permit' || f.kind === 'wholeBlood') delete f.kind;
    }
    return doc;
  });

/** A valid profile with a few values replaced, added or removed anywhere: mostly invalid, sometimes not. */
const near = fc
  .tuple(
    valid,
    fc.array(
      fc.record({
        at: fc.constantFrom('', 'person', 'marrowDonation', ...LISTS, ...MORE_LISTS),
        item: fc.nat(3),
        field: fc.constantFrom(...FIELDS, '__proto__'),
        value: fc.oneof(leaf, fc.constant('<delete>')),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  )
  .map(([doc, edits]) => {
    for (const e of edits) {
      const top = doc[e.at];
      const target = (e.at === '' ? doc : Array.isArray(top) ? top[e.item % (top.length || 1)] : top) as unknown;
      if (!target || typeof target !== 'object') continue;
      const t = target as Record<string, unknown>;
      if (e.value === '<delete>') delete t[e.field];
      else Object.defineProperty(t, e.field, { value: e.value, enumerable: true, writable: true, configurable: true });
    }
    return doc;
  });

describe('profile fast path', () => {
  it('should know every field the schema declares: a profile giving all of them comes out with all of them', () => {
    const out = fast(example('full'));
    expect(agrees(example('full'))).toBe(true);
    if (out === NOT_SURE) return;
    const shapes = ProfileSchema._zod.innerType._zod.def.shape;
    expect(Object.keys(out)).toEqual(Object.keys(shapes));
    for (const [key, schema] of Object.entries(shapes)) {
      const fields = objectShape(schema);
      if (!fields) continue;
      const value = out[key as keyof typeof out];
      const entry = (Array.isArray(value) ? value[0] : value) as object;
      // A field added to the schema but not to the fast path (or to FULL) fails here.
      expect([key, Object.keys(entry)]).toEqual([key, Object.keys(fields)]);
    }
  });

  it('should take every example profile with exactly zod’s output', () => {
    for (const f of ['zhang-wei-2021.json', 'li-na-2024.json', 'wang-fang-minimal.json'])
      expect(agrees(example(f))).toBe(true);
    // The one invalid example is zod's to answer.
    expect(fast(example('invalid.json'))).toBe(NOT_SURE);
  });

  it('should take random valid profiles, and give zod’s output', () => {
    fc.assert(
      fc.property(valid, (doc) => {
        expect(agrees(doc)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('should accept exactly what zod accepts at every bound the schema draws, with zod’s output', () => {
    const x = (n: number) => '字'.repeat(n);
    const many = (n: number) => Array.from({ length: n }, () => ({ level: 'chuji', obtainedOn: '2016-12-20' }));
    // [list (or person / marrowDonation), field, value]: each set on FULL's first entry alone.
    const EDGES: [string, string, unknown][] = [
      ...[0, -0, 1, 2000, 2001, 1.5, -1, Infinity, Number.NaN, '400'].map((v): [string, string, unknown] => [
        'bloodDonations',
        'ml',
        v,
      ]),
      ...[0, 1, 1.5, 2, 3, '1'].map((v): [string, string, unknown] => ['bloodDonations', 'units', v]),
      ['bloodDonations', 'kind', 'plasma'],
      ...[x(0), x(1), x(100), x(101), 1].map((v): [string, string, unknown] => ['honours', 'title', v]),
      ...[x(0), x(100), x(101)].map((v): [string, string, unknown] => ['honours', 'matter', v]),
      ...[-0.1, -0, 0, 0.1, 0.15, 10000, 10000.1, 1e12].map((v): [string, string, unknown] => [
        'volunteer',
        'hours',
        v,
      ]),
      ...[0, 0.01, 0.001, 12.345, 1e9, 1e9 + 1, -1].map((v): [string, string, unknown] => ['charity', 'amountYuan', v]),
      ...[1989, 1990, 2200, 2201, 2000.5].map((v): [string, string, unknown] => ['taxes', 'year', v]),
      ...[-1, -0, 0, 1e15, Infinity].map((v): [string, string, unknown] => ['taxes', 'amountYuan', v]),
      ...[x(50), x(51), ''].map((v): [string, string, unknown] => ['person', 'name', v]),
      ...['33010619870512001x', '330106198705120019', '330106870512001', ' 330106198705120018'].map(
        (v): [string, string, unknown] => ['person', 'idNumber', v],
      ),
      ['person', 'birthDate', '1987-05-13'],
      ...[x(40), x(41)].map((v): [string, string, unknown] => ['patents', 'number', v]),
      ...[x(60), x(61)].map((v): [string, string, unknown] => ['records', 'incident', v]),
      ...[x(200), x(201)].map((v): [string, string, unknown] => ['records', 'note', v]),
      ...[x(200), x(201)].map((v): [string, string, unknown] => ['vetoFacts', 'note', v]),
      ...['', 'x'].map((v): [string, string, unknown] => ['vetoFacts', 'kind', v]),
      ...['2019-02-29', '2020-02-29', '1899-12-31', '2200-12-31', '2201-01-01', '2019-4-01'].map(
        (v): [string, string, unknown] => ['residence', 'from', v],
      ),
      ['residence', 'to', '2012-02-29'],
      ...['2021-10', '2021-13', '2012-00', '2012-3'].map((v): [string, string, unknown] => [
        'socialInsurance',
        'from',
        v,
      ]),
      ['rentals', 'from', '2020-05-20'],
      ['marrowDonation', 'donatedOn', '2018-02-30'],
      ['homes', 'ownership', 'common'],
      ['education', 'completion', 'dropped'],
    ];
    const cases = EDGES.map(([at, field, value]) => {
      const doc = example('full');
      const target = (Array.isArray(doc[at]) ? (doc[at] as unknown[])[0] : doc[at]) as Record<string, unknown>;
      target[field] = value;
      return doc;
    });
    // Whole blood before 2010 needs ml; platelets from 2010 need units; a list holds at most 500.
    const platelets = example('full');
    delete (platelets.bloodDonations as Record<string, unknown>[])[0].units;
    const oldPlatelets = example('full');
    Object.assign((oldPlatelets.bloodDonations as Record<string, unknown>[])[0], { date: '2009-12-31' });
    delete (oldPlatelets.bloodDonations as Record<string, unknown>[])[0].units;
    const firstDay = example('full');
    Object.assign((firstDay.bloodDonations as Record<string, unknown>[])[0], { date: '2010-01-01' });
    delete (firstDay.bloodDonations as Record<string, unknown>[])[0].units;
    const wholeBlood = example('full');
    Object.assign((wholeBlood.bloodDonations as Record<string, unknown>[])[0], { kind: 'wholeBlood' });
    delete (wholeBlood.bloodDonations as Record<string, unknown>[])[0].ml;
    cases.push(platelets, oldPlatelets, firstDay, wholeBlood, { ...example('full'), titles: many(500) });
    cases.push({ ...example('full'), titles: many(501) }, { ...example('full'), marrowDonation: null });
    let refused = 0;
    for (const doc of cases) {
      const zodSays = ProfileSchema.safeParse(doc).success;
      if (!zodSays) refused++;
      expect(agrees(doc)).toBe(zodSays);
    }
    // The table holds both sides of each bound.
    expect(refused).toBeGreaterThan(30);
    expect(cases.length - refused).toBeGreaterThan(30);
  });

  it('should accept nothing zod refuses, and give zod’s output for what it accepts, over random near-profiles', () => {
    let accepted = 0;
    fc.assert(
      fc.property(near, (doc) => {
        if (agrees(doc)) accepted++;
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(0);
  });

  it('should leave refusals to zod: parseProfile reports zod’s field errors in Chinese', () => {
    const r = parseProfile({
      person: { birthDate: '1990-01-01' },
      socialInsurance: [{ from: '2021-09', to: '2021-01', pension: true, medical: true }],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message)).toContain('截止月份不能早于起始月份');
    const again = ProfileSchema.safeParse({ person: { birthDate: '1990-01-01' }, typo: 1 });
    const mine = parseProfile({ person: { birthDate: '1990-01-01' }, typo: 1 });
    expect(mine.ok).toBe(false);
    if (!mine.ok && !again.success)
      expect(mine.errors.map((e) => e.message)).toEqual(again.error.issues.map((i) => i.message));
  });

  it('should drop an unknown key of an entry exactly as zod does, and refuse one at the top level as zod does', () => {
    const doc = example('zhang-wei-2021.json');
    const edu = (doc.education as Record<string, unknown>[])[0];
    edu.remark = '多余的字段';
    const quick = fast(doc);
    const slow = ProfileSchema.safeParse(doc);
    expect(quick).not.toBe(NOT_SURE);
    expect(slow.success).toBe(true);
    if (quick === NOT_SURE || !slow.success) return;
    expect(quick.education[0]).not.toHaveProperty('remark');
    expect(shape(quick)).toEqual(shape(slow.data));
    const r = parseProfile(doc);
    expect(r.ok && shape(r.profile)).toEqual(shape(slow.data));
    // The input is left as it was.
    expect(edu.remark).toBe('多余的字段');
    expect(fast({ ...example('zhang-wei-2021.json'), remark: 1 })).toBe(NOT_SURE);
  });

  it('should fill in a defaulted field left out, with zod’s default, in zod’s key order', () => {
    const doc = example('wang-fang-minimal.json');
    doc.education = [{ obtainedOn: '2010-06-30', level: 'benke', degree: true, diploma: true }];
    const r = parseProfile(doc);
    const slow = ProfileSchema.safeParse(doc);
    expect(r.ok).toBe(true);
    expect(slow.success).toBe(true);
    if (!r.ok || !slow.success) return;
    expect(r.profile.education[0]).toEqual({
      level: 'benke',
      diploma: true,
      degree: true,
      domestic: true,
      completion: 'graduated',
      obtainedOn: '2010-06-30',
    });
    expect(Object.keys(r.profile.education[0])).toEqual(Object.keys(slow.data.education[0]));
    expect(r.profile.marrowDonation).toBeNull();
    expect(r.profile.honours).toEqual([]);
    expect(shape(r.profile)).toEqual(shape(slow.data));
    expect(doc.education).toEqual([{ obtainedOn: '2010-06-30', level: 'benke', degree: true, diploma: true }]);
  });

  it('should give a valid profile exactly as zod gives it, keys in the same order', () => {
    for (const f of ['zhang-wei-2021.json', 'li-na-2024.json', 'wang-fang-minimal.json']) {
      const r = parseProfile(example(f));
      const slow = ProfileSchema.safeParse(example(f));
      expect(r.ok).toBe(true);
      expect(slow.success).toBe(true);
      if (r.ok && slow.success) {
        expect(JSON.stringify(r.profile)).toBe(JSON.stringify(slow.data));
        expect(r.profile).toStrictEqual(slow.data);
      }
    }
  });
});

describe('profile schema built on first need', () => {
  /** Runs `run` on a fresh copy of shared/profile, counting the schemas built from its load on. */
  const counting = (run: (profile: typeof import('../../shared/profile'), count: () => number) => void): void =>
    countingSchemas(() => jest.requireActual<typeof import('../../shared/profile')>('../../shared/profile'), run);
  const zhangWei = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'zhang-wei-2021.json'), 'utf8')) as unknown;

  it('should load the module and check a valid profile without building the profile schema', () => {
    counting((p, count) => {
      expect(p.parseProfile(zhangWei).ok).toBe(true);
      // The few small schemas of the module's other exports, not the profile's ~260.
      expect(count()).toBeLessThan(40);
    });
  });

  it('should build the profile schema once, for the first profile zod must judge, and refuse in Chinese', () => {
    counting((p, count) => {
      expect(p.parseProfile({ person: { birthDate: '1990-01-01' }, typo: 1 })).toEqual({
        ok: false,
        errors: [expect.objectContaining({ path: '', message: '不认识的字段：typo' })],
      });
      const first = count();
      expect(first).toBeGreaterThan(200);
      expect(p.parseProfile({ person: {}, education: 5 }).ok).toBe(false);
      expect(p.ProfileSchema.safeParse({ person: {} }).success).toBe(false);
      expect(count()).toBe(first);
    });
  });
});
