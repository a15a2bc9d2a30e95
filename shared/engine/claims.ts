/**
 * Which declared facts belong to which indicator: the bridge between the applicant's profile and the review tasks
 * (one per claimed indicator) and back, from the verified facts, to a verified profile the engine scores.
 * Driven by rule kinds and parameters, never by version ids.
 */
import type { Indicator, PolicyVersion } from '../policy/schema';
import { ProfileSchema, type Profile } from '../profile/schema';

/** The profile section an indicator reads. */
export type FactSection = Exclude<keyof Profile, 'vetoFacts'>;

/** The section each scored rule kind reads (one entry per kind: the compiler checks a new kind gets one). */
const SECTION_OF_RULE: Record<Exclude<Indicator['rule'], 'unscored'>, FactSection> = {
  age: 'person',
  education: 'education',
  titleSkill: 'titles',
  socialInsurance: 'socialInsurance',
  ownedHome: 'homes',
  rental: 'rentals',
  residence: 'residence',
  honour: 'honours',
  marrow: 'marrowDonation',
  blood: 'bloodDonations',
  volunteer: 'volunteer',
  charity: 'charity',
  patent: 'patents',
  deduction: 'records',
};

/** The section of the profile an indicator's facts live in, or null when it reads none (B4b). */
export function sectionOf(ind: Indicator): FactSection | null {
  if (ind.rule === 'unscored') return ind.params.fact === 'tax' ? 'taxes' : null;
  return SECTION_OF_RULE[ind.rule];
}

/** Whether a list item of the indicator's section belongs to this indicator (honours by level, records by kind). */
function belongs(ind: Indicator, item: unknown): boolean {
  const o = item as Record<string, unknown>;
  if (ind.rule === 'honour') return o.level === ind.params.level;
  if (ind.rule === 'deduction') return o.kind === ind.params.record;
  return true;
}

/** The indicator's declared facts: a list for list sections, the object for person / marrowDonation. */
export function factsOf(ind: Indicator, profile: Profile): unknown[] {
  const section = sectionOf(ind);
  if (!section) return [];
  const value = profile[section] as unknown;
  if (section === 'person') return [value];
  if (section === 'marrowDonation') return value ? [value] : [];
  return (value as unknown[]).filter((x) => belongs(ind, x));
}

/** Profile references (`honours.2`) of the facts an indicator reads, for materials keyed per fact. */
export function factRefsOf(ind: Indicator, profile: Profile): string[] {
  const section = sectionOf(ind);
  if (!section) return [];
  if (section === 'person') return ['person'];
  if (section === 'marrowDonation') return profile.marrowDonation ? ['marrowDonation'] : [];
  const refs: string[] = [];
  (profile[section] as unknown[]).forEach((x, i) => {
    if (belongs(ind, x)) refs.push(`${section}.${i}`);
  });
  return refs;
}

/**
 * The indicators an application claims: those with declared facts, plus B1 (age is always verified) and every
 * deduction (records are shared data the departments check whether declared or not, G4).
 */
export function claimedIndicators(profile: Profile, policy: PolicyVersion): Indicator[] {
  return policy.indicators.filter(
    (ind) => ind.rule === 'age' || ind.rule === 'deduction' || factsOf(ind, profile).length > 0,
  );
}

/** A reviewer's decision on one indicator's facts. */
export type FactDecision = { kind: 'confirm' } | { kind: 'reject' } | { kind: 'correct'; facts: unknown[] };

/**
 * The verified profile: the declared one with each decided indicator's facts confirmed, removed (rejected) or
 * replaced by the reviewer's corrected facts. Undecided indicators keep their declared facts. The result is validated
 * again with the profile schema, so a correction can never smuggle in a malformed fact.
 */
export function applyDecisions(
  declared: Profile,
  policy: PolicyVersion,
  decisions: ReadonlyMap<string, FactDecision>,
): { ok: true; profile: Profile } | { ok: false; message: string } {
  const next: Record<string, unknown> = JSON.parse(JSON.stringify(declared));
  for (const ind of policy.indicators) {
    const d = decisions.get(ind.id);
    const section = sectionOf(ind);
    if (!d || d.kind === 'confirm' || !section) continue;
    const replacement = d.kind === 'reject' ? [] : d.facts;
    if (section === 'person') {
      if (d.kind === 'reject') return { ok: false, message: '年龄（出生日期）不能不予认定，请更正出生日期' };
      next.person = replacement[0];
    } else if (section === 'marrowDonation') {
      next.marrowDonation = replacement[0] ?? null;
    } else {
      if (d.kind === 'correct' && replacement.some((x) => !belongs(ind, x)))
        return { ok: false, message: `更正后的事实不属于 ${ind.id} ${ind.name}` };
      const others = (next[section] as unknown[]).filter((x) => !belongs(ind, x));
      next[section] = [...others, ...replacement];
    }
  }
  const r = ProfileSchema.safeParse(next);
  if (!r.success)
    return {
      ok: false,
      message: `更正后的事实不完整：${r.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('；')}`,
    };
  return { ok: true, profile: r.data };
}
