/**
 * The fast path for valid profiles: ProfileSchema's rules written out field by field, returning exactly the output
 * zod gives (same keys, same order, same defaults), or {@link NOT_SURE} at the first thing it does not expect. The
 * caller then parses with zod itself, so every refusal and every message still comes from zod; the zod schema stays
 * the one declared contract, and test/shared/profile-fast-path.test.ts checks this against it on random profiles.
 *
 * Why written out: a checker assembled from the schema reads and writes every field through a variable key, which
 * V8 can only answer by a global lookup per field; literal keys and object literals are answered inline. zod's own
 * compiled parser would do the same, but needs `new Function`, which the mini program does not have.
 *
 * Deliberately narrow where zod has fine distinctions: a key present with the value `undefined`, and anything but a
 * plain object, are left to zod.
 */
import { isISODate, isISOMonth } from '../dates';
import { parseIdCard } from '../identity';
import { EDUCATION_LEVELS, HOME_OWNERS, HONOUR_LEVELS, RECORD_KINDS, TITLE_LEVELS } from './enums';
import { hasCents, hasTenths, type Profile } from './schema';

/** The fast path's "ask zod": never a valid output. */
export const NOT_SURE: unique symbol = Symbol('not sure');

type Rec = Record<string, unknown>;
type Item<K extends keyof Profile> = Profile[K] extends readonly (infer T)[] ? T : never;

/** Thrown at the first value the fast path does not accept; caught by {@link fastProfile} alone. */
const NO = { notSure: true };

function rec(v: unknown): Rec {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw NO;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) throw NO;
  return v as Rec;
}

function str(v: unknown): string {
  if (typeof v !== 'string') throw NO;
  return v;
}

/** A string of `min` to `max` UTF-16 units, as zod's minLength/maxLength count. */
function text(v: unknown, max: number, min = 0): string {
  if (typeof v !== 'string' || v.length > max || v.length < min) throw NO;
  return v;
}

function bool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw NO;
  return v;
}

/** A number as zod's z.number() takes it (not NaN, not ±Infinity) within `[min, max]`. */
function num(v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw NO;
  return v;
}

function date(v: unknown): string {
  if (typeof v !== 'string' || !isISODate(v)) throw NO;
  return v;
}

function month(v: unknown): string {
  if (typeof v !== 'string' || !isISOMonth(v)) throw NO;
  return v;
}

function oneOf<T>(values: ReadonlySet<unknown>, v: unknown): T {
  if (!values.has(v)) throw NO;
  return v as T;
}

/**
 * An optional field left out (the key not there at all): zod keeps a key present with `undefined` in its output, a
 * finer distinction left to zod.
 */
function absent(o: Rec, k: string, v: unknown): boolean {
  if (v !== undefined) return false;
  if (k in o) throw NO;
  return true;
}

const EDUCATION = new Set<unknown>(EDUCATION_LEVELS);
const TITLES = new Set<unknown>(TITLE_LEVELS);
const HONOURS = new Set<unknown>(HONOUR_LEVELS);
const RECORDS = new Set<unknown>(RECORD_KINDS);
const OWNERS = new Set<unknown>(HOME_OWNERS);
const COMPLETION = new Set<unknown>(['graduated', 'completed', 'withdrawn']);
const RESIDENCE_KINDS = new Set<unknown>(['registration', 'permit']);
const OWNERSHIP = new Set<unknown>(['sole', 'joint', 'shares']);
const BLOOD_KINDS = new Set<unknown>(['wholeBlood', 'platelets']);
/** The optional yes/no answers of a home, in the schema's order (2024-07 co-ownership rules). */
const HOME_ANSWERS = [
  'coOwnersAllNonHzHukou',
  'chosenByCoOwners',
  'largestShare',
  'boughtWithHzHukouPerson',
  'secondHand',
  'previousHukouMovedOut',
  'scoredByOtherWithinYear',
] as const;
/**
 * The profile's keys (the type makes the list exact; a test holds it to the schema's shape): anything else is refused
 * by the strict object, so zod's to report. Listed here rather than read off the schema, which is built only when
 * zod has a profile to judge.
 */
const PROFILE_KEYS: ReadonlySet<string> = new Set(
  Object.keys({
    person: true,
    education: true,
    titles: true,
    socialInsurance: true,
    residence: true,
    homes: true,
    rentals: true,
    honours: true,
    bloodDonations: true,
    marrowDonation: true,
    volunteer: true,
    charity: true,
    patents: true,
    taxes: true,
    records: true,
    vetoFacts: true,
  } satisfies Record<keyof Profile, true>),
);

// A defaulted field takes its default for `undefined` whether the key is there or not, as zod's default does.
/** A defaulted boolean. */
const flag = (v: unknown, d: boolean): boolean => (v === undefined ? d : bool(v));
/** A defaulted enum. */
const pick = <T>(v: unknown, values: ReadonlySet<unknown>, d: T): T => (v === undefined ? d : oneOf<T>(values, v));

function person(v: unknown): Profile['person'] {
  const o = rec(v);
  const p: Profile['person'] = {};
  if (!absent(o, 'name', o.name)) p.name = text(o.name, 50);
  if (!absent(o, 'idNumber', o.idNumber)) p.idNumber = str(o.idNumber);
  if (!absent(o, 'birthDate', o.birthDate)) p.birthDate = date(o.birthDate);
  if (p.idNumber !== undefined) {
    const r = parseIdCard(p.idNumber);
    if (!r.ok || (p.birthDate !== undefined && p.birthDate !== r.value.birthDate)) throw NO;
  } else if (p.birthDate === undefined) throw NO;
  return p;
}

function education(v: unknown): Item<'education'> {
  const o = rec(v);
  return {
    level: oneOf(EDUCATION, o.level),
    diploma: bool(o.diploma),
    degree: bool(o.degree),
    domestic: flag(o.domestic, true),
    completion: pick(o.completion, COMPLETION, 'graduated'),
    obtainedOn: date(o.obtainedOn),
  };
}

function title(v: unknown): Item<'titles'> {
  const o = rec(v);
  return { level: oneOf(TITLES, o.level), obtainedOn: date(o.obtainedOn) };
}

function insurance(v: unknown): Item<'socialInsurance'> {
  const o = rec(v);
  const s: Item<'socialInsurance'> = {
    from: month(o.from),
    to: month(o.to),
    pension: bool(o.pension),
    medical: bool(o.medical),
    inUrbanHangzhou: flag(o.inUrbanHangzhou, true),
    backPaid: flag(o.backPaid, false),
    transferredIn: flag(o.transferredIn, false),
    flexible: flag(o.flexible, false),
  };
  if (s.from > s.to) throw NO;
  return s;
}

function residence(v: unknown): Item<'residence'> {
  const o = rec(v);
  const r: Item<'residence'> = {
    from: date(o.from),
    to: date(o.to),
    kind: pick(o.kind, RESIDENCE_KINDS, 'permit'),
  };
  if (r.from > r.to) throw NO;
  return r;
}

function home(v: unknown): Item<'homes'> {
  const o = rec(v);
  const h: Item<'homes'> = {
    owner: oneOf(OWNERS, o.owner),
    inUrbanArea: flag(o.inUrbanArea, true),
    livesThere: bool(o.livesThere),
    acquiredOn: date(o.acquiredOn),
    ownership: pick(o.ownership, OWNERSHIP, 'sole'),
  };
  // Homes are few: these rare answers are read by name from a list.
  for (const k of HOME_ANSWERS) if (!absent(o, k, o[k])) h[k] = bool(o[k]);
  return h;
}

function rental(v: unknown): Item<'rentals'> {
  const o = rec(v);
  const r: Item<'rentals'> = {
    from: date(o.from),
    to: date(o.to),
    legal: bool(o.legal),
    groupRental: flag(o.groupRental, false),
  };
  if (r.from > r.to) throw NO;
  return r;
}

function honour(v: unknown): Item<'honours'> {
  const o = rec(v);
  return {
    level: oneOf(HONOURS, o.level),
    title: text(o.title, 100, 1),
    matter: text(o.matter, 100, 1),
    awardedOn: date(o.awardedOn),
    inHangzhou: flag(o.inHangzhou, true),
  };
}

function blood(v: unknown): Item<'bloodDonations'> {
  const o = rec(v);
  const b = { date: date(o.date), kind: pick(o.kind, BLOOD_KINDS, 'wholeBlood') } as Item<'bloodDonations'>;
  if (!absent(o, 'ml', o.ml)) {
    if (!Number.isInteger(o.ml)) throw NO;
    b.ml = num(o.ml, Number.MIN_VALUE, 2000);
  }
  if (!absent(o, 'units', o.units)) {
    if (o.units !== 1 && o.units !== 1.5 && o.units !== 2) throw NO;
    b.units = o.units;
  }
  b.inHangzhou = flag(o.inHangzhou, true);
  if (b.kind === 'wholeBlood' ? b.ml === undefined : b.date >= '2010-01-01' && b.units === undefined) throw NO;
  return b;
}

function volunteer(v: unknown): Item<'volunteer'> {
  const o = rec(v);
  const hours = num(o.hours, 0, 10000);
  if (!hasTenths(hours)) throw NO;
  return { date: date(o.date), hours };
}

function charity(v: unknown): Item<'charity'> {
  const o = rec(v);
  const d = date(o.date);
  const amountYuan = num(o.amountYuan, Number.MIN_VALUE, 1e9);
  if (!hasCents(amountYuan)) throw NO;
  return { date: d, amountYuan, recognised: flag(o.recognised, true) };
}

function patent(v: unknown): Item<'patents'> {
  const o = rec(v);
  const p: Item<'patents'> = {
    grantedOn: date(o.grantedOn),
    firstHolder: bool(o.firstHolder),
    transferred: flag(o.transferred, false),
    inHangzhou: flag(o.inHangzhou, true),
  };
  if (!absent(o, 'number', o.number)) p.number = text(o.number, 40);
  return p;
}

function tax(v: unknown): Item<'taxes'> {
  const o = rec(v);
  if (!Number.isInteger(o.year)) throw NO;
  return { year: num(o.year, 1990, 2200), amountYuan: num(o.amountYuan, 0, Infinity) };
}

function record(v: unknown): Item<'records'> {
  const o = rec(v);
  const r: Item<'records'> = { kind: oneOf(RECORDS, o.kind), date: date(o.date) };
  if (!absent(o, 'incident', o.incident)) r.incident = text(o.incident, 60);
  if (!absent(o, 'note', o.note)) r.note = text(o.note, 200);
  return r;
}

function veto(v: unknown): Item<'vetoFacts'> {
  const o = rec(v);
  const f: Item<'vetoFacts'> = { kind: text(o.kind, Infinity, 1) };
  if (!absent(o, 'date', o.date)) f.date = date(o.date);
  if (!absent(o, 'note', o.note)) f.note = text(o.note, 200);
  return f;
}

function marrow(v: unknown): Profile['marrowDonation'] {
  if (v === undefined || v === null) return null;
  return { donatedOn: date(rec(v).donatedOn) };
}

/** A list of at most 500 entries; absent, an empty one. */
function list<T>(v: unknown, item: (x: unknown) => T): T[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length > 500) throw NO;
  const out: T[] = [];
  for (let i = 0; i < v.length; i++) out.push(item(v[i]));
  return out;
}

function profile(v: unknown): Profile {
  const o = rec(v);
  for (const k in o) if (!PROFILE_KEYS.has(k)) throw NO;
  return {
    person: person(o.person),
    education: list(o.education, education),
    titles: list(o.titles, title),
    socialInsurance: list(o.socialInsurance, insurance),
    residence: list(o.residence, residence),
    homes: list(o.homes, home),
    rentals: list(o.rentals, rental),
    honours: list(o.honours, honour),
    bloodDonations: list(o.bloodDonations, blood),
    marrowDonation: marrow(o.marrowDonation),
    volunteer: list(o.volunteer, volunteer),
    charity: list(o.charity, charity),
    patents: list(o.patents, patent),
    taxes: list(o.taxes, tax),
    records: list(o.records, record),
    vetoFacts: list(o.vetoFacts, veto),
  };
}

/**
 * zod's output for a profile ProfileSchema accepts, without zod; {@link NOT_SURE} for anything it does not accept
 * outright (then parse with zod, which gives the errors).
 */
export function fastProfile(input: unknown): Profile | typeof NOT_SURE {
  try {
    return profile(input);
  } catch (e) {
    if (e === NO) return NOT_SURE;
    throw e;
  }
}
