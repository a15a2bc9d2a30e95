/**
 * What a department's reviewer (阅卷) may see of a case — least privilege: the facts of the department's own
 * indicators only, the person's name, and the ID number or the permit number in full only where one of those
 * indicators needs it (policy data: an indicator's `reviewerNeeds`), the ID number masked otherwise. Mobile, permit
 * district and dates are never shown to reviewers: no indicator is checked by them.
 */
import { factsOf, sectionOf, type FactSection } from '../engine/claims';
import { maskIdCard } from '../identity/idcard';
import type { Indicator, PolicyVersion } from '../policy/schema';
import type { Profile } from '../profile/schema';

/** An identity field a reviewer may need in full. */
export type ReviewerIdentityField = NonNullable<Indicator['reviewerNeeds']>[number];

/**
 * The identity fields the reviewers of `indicatorIds` need in full, from the policy data. An unknown policy or
 * indicator needs nothing (the safe default: masked).
 */
export function reviewerIdentityNeeds(
  policy: PolicyVersion | null | undefined,
  indicatorIds: readonly string[],
): Set<ReviewerIdentityField> {
  const needs = new Set<ReviewerIdentityField>();
  if (!policy) return needs;
  for (const ind of policy.indicators)
    if (indicatorIds.includes(ind.id)) for (const f of ind.reviewerNeeds ?? []) needs.add(f);
  return needs;
}

/** The person as a reviewer sees them. */
export interface ReviewerPerson {
  name: string;
  /** In full when `idNumberFull`, else masked (`330106********0018`). */
  idNumber: string;
  idNumberFull: boolean;
  /** Only where an indicator of the reviewer's is checked by the residence permit. */
  permitNumber?: string;
}

/** The person of a case as a reviewer with `needs` sees them. */
export function reviewerPerson(
  identity: { name: string; idNumber: string; permitNumber: string },
  needs: ReadonlySet<ReviewerIdentityField>,
): ReviewerPerson {
  const full = needs.has('idNumber');
  const p: ReviewerPerson = {
    name: identity.name,
    idNumber: full ? identity.idNumber : maskIdCard(identity.idNumber),
    idNumberFull: full,
  };
  if (needs.has('permitNumber')) p.permitNumber = identity.permitNumber;
  return p;
}

/** A department's part of a declared profile: the sections its indicators read, holding only their facts. */
export type ProfilePart = Partial<Pick<Profile, FactSection>>;

/**
 * The part of `profile` that `indicators` read: `person` only for the age indicator, list sections with only the
 * items of these indicators (honours by level, records by kind), in the profile's order. Nothing else.
 */
export function profilePart(profile: Profile, indicators: readonly Indicator[]): ProfilePart {
  const part: Record<string, unknown> = {};
  const items = new Map<FactSection, Set<unknown>>();
  for (const ind of indicators) {
    const section = sectionOf(ind);
    if (!section) continue;
    if (section === 'person' || section === 'marrowDonation') {
      part[section] = profile[section];
      continue;
    }
    const set = items.get(section) ?? new Set<unknown>();
    for (const fact of factsOf(ind, profile)) set.add(fact);
    items.set(section, set);
  }
  for (const [section, set] of items) part[section] = (profile[section] as unknown[]).filter((x) => set.has(x));
  return part as ProfilePart;
}
