/**
 * The fast path of profile parsing (shared/zod-fast.ts) answers only what zod would: whatever it accepts, zod accepts
 * with the very same output (keys, order, defaults); valid profiles do take it; and everything else reaches zod, so
 * the errors are zod's.
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { fastParser, NOT_SURE, type FastParser } from '../../shared/zod-fast';
import {
  EDUCATION_LEVELS,
  HOME_OWNERS,
  HONOUR_LEVELS,
  parseProfile,
  ProfileSchema,
  RECORD_KINDS,
  TITLE_LEVELS,
  type Profile,
} from '../../shared/profile';

const EXAMPLES = path.resolve(__dirname, '..', '..', 'examples');
const example = (f: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(EXAMPLES, f), 'utf8')) as Record<string, unknown>;

const fast = fastParser(ProfileSchema) as FastParser<Profile>;

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
    base: fc.constantFrom('zhang-wei-2021.json', 'li-na-2024.json', 'wang-fang-minimal.json'),
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
  it('should be assembled for the profile schema (a schema kind it does not know would switch it off)', () => {
    expect(fast).not.toBeNull();
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
