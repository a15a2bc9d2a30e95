/**
 * Materials (申请材料) per indicator and the checklist an application generates from what it claims.
 * Data the departments share (age, social insurance, residence years, blood donation, records — G4) needs no
 * upload. Which material each indicator asks for is policy data (`material` on the indicator, [I] as far as the 2021
 * 材料说明 is known), so an administrator changes it by publishing a version.
 */
import type { Indicator, PolicyVersion, Confidence } from '../policy/schema';
import type { Profile } from '../profile/schema';
import { claimedIndicators, factRefsOf } from '../engine/claims';

/** What an indicator's facts need as upload: the policy data's `material`; none = shared data (G4). */
export function materialOf(ind: Indicator): { label: string; perFact: boolean; confidence: Confidence } | null {
  return ind.material ?? null;
}

export {
  FILE_NAME_MAX,
  fileNameProblem,
  MATERIAL_MIME_TYPES,
  MATERIAL_MAX_BYTES,
  type MaterialMime,
} from './material-limits';

/** One line of the checklist: a material an application needs (or does not, and why). */
export interface ChecklistItem {
  /** Stable key: `B2:education.0`, `P7`, `entrustment:<id>`. */
  key: string;
  indicatorId: string | null;
  /** What to upload, in Chinese. */
  label: string;
  /** The fact it proves, e.g. `education.0`. */
  ref: string | null;
  required: boolean;
}

/** Checklist items for the claimed indicators of a profile. Shared-data indicators appear as not required. */
export function materialChecklist(profile: Profile, policy: PolicyVersion): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  for (const ind of claimedIndicators(profile, policy)) {
    const m = materialOf(ind);
    if (!m) continue;
    const refs = factRefsOf(ind, profile);
    if (refs.length === 0) continue;
    if (m.perFact)
      for (const ref of refs)
        items.push({
          key: `${ind.id}:${ref}`,
          indicatorId: ind.id,
          label: `${ind.name}：${m.label}`,
          ref,
          required: true,
        });
    else items.push({ key: ind.id, indicatorId: ind.id, label: `${ind.name}：${m.label}`, ref: null, required: true });
  }
  return items;
}

/** Indicators whose facts the departments share, listed so the applicant knows nothing is to upload for them. */
export function sharedDataIndicators(profile: Profile, policy: PolicyVersion): { id: string; name: string }[] {
  return claimedIndicators(profile, policy)
    .filter((ind) => materialOf(ind) === null && ind.rule !== 'unscored')
    .map((ind) => ({ id: ind.id, name: ind.name }));
}
