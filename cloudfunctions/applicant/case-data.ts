/**
 * What the case actions of the applicant function share: parsing the applicant's identity and declared profile,
 * loading what a view needs, and the FAQ's reuse of verified materials.
 */
import { ApplicantIdentitySchema, materialOf, type ApplicantIdentity } from '../../shared/application';
import type { ApplicationView } from '../../shared/contracts';
import { claimedIndicators, factRefsOf, factsOf } from '../../shared/engine';
import { parseIdCard } from '../../shared/identity';
import type { PolicyVersion } from '../../shared/policy';
import { parseProfile, ProfileSchema, type Profile } from '../../shared/profile';
import type { Round } from '../../shared/rounds';
import { applicationView, caseRules, type RoundState } from '../_core/cases';
import { stableStringify } from '../_core/runtime';
import type {
  ApplicationRecord,
  EntrustmentRecord,
  MaterialRecord,
  StoreReader,
  TaskRecord,
} from '../_core/store/types';
import { invalid, invalidFields } from './actions';
import type { WorkCalendar } from '../../shared/calendar';

const IDENTITY_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号码',
  mobile: '手机号码',
  permitNumber: '居住证号码',
  permitDistrict: '居住证签发地',
  permitValidFrom: '居住证有效期起',
  permitValidTo: '居住证有效期止',
};

/** The applicant's identity from a payload, validated and normalised; INVALID_INPUT per field otherwise. */
export function parseApplicantIdentity(raw: unknown): ApplicantIdentity {
  const r = ApplicantIdentitySchema.safeParse(raw);
  if (r.success) return r.data;
  throw invalidFields(
    'identity',
    '申请人',
    r.error.issues.map((i) => {
      const head = i.path[0];
      return {
        path: i.path.map(String).join('.'),
        field: typeof head === 'string' ? (IDENTITY_LABELS[head] ?? head) : '',
        message: i.message,
      };
    }),
  );
}

/**
 * The declared profile of an application: the person's name and ID number come from the applicant's identity (a
 * different ID number in the profile is refused), then the whole profile is validated.
 */
export function parseDeclaredProfile(raw: unknown, identity: ApplicantIdentity): Profile {
  let input = raw;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const p = raw as Record<string, unknown>;
    const person =
      p.person && typeof p.person === 'object' && !Array.isArray(p.person) ? (p.person as Record<string, unknown>) : {};
    if (typeof person.idNumber === 'string' && person.idNumber.trim() !== '') {
      const given = parseIdCard(person.idNumber);
      if (given.ok && given.value.id !== identity.idNumber) {
        throw invalid('profile.person.idNumber', '申报信息 · 身份证号码', '申报信息中的身份证号码与申请人的不一致');
      }
    }
    input = { ...p, person: { ...person, idNumber: identity.idNumber, name: identity.name } };
  }
  const r = parseProfile(input);
  if (!r.ok) throw invalidFields('profile', '申报信息', r.errors);
  return r.profile;
}

/** The stored records a view of an application shows. */
export interface CaseParts {
  materials: MaterialRecord[];
  tasks: TaskRecord[];
  entrustment: { record: EntrustmentRecord; materials: MaterialRecord[] } | null;
}

/** Reads the parts of a view (call before any write in a mutation). */
export async function loadParts(
  store: StoreReader,
  app: Pick<ApplicationRecord, 'id' | 'entrustmentId'>,
): Promise<CaseParts> {
  const [materials, tasks, record] = await Promise.all([
    store.listMaterialsByApplication(app.id),
    store.listTasksByApplication(app.id),
    app.entrustmentId ? store.getEntrustment(app.entrustmentId) : Promise.resolve(null),
  ]);
  const entrustment = record ? { record, materials: await store.listMaterialsByEntrustment(record.id) } : null;
  return { materials, tasks, entrustment };
}

/** The round and policy of an application (see caseRules; its round must be known: rounds are never deleted). */
export function roundAndPolicy(
  state: RoundState,
  app: Pick<ApplicationRecord, 'roundId' | 'policyVersion'>,
): { round: Round; policy: PolicyVersion } {
  const rules = caseRules(state, app);
  if (!rules) throw new Error('application of an unknown round or policy version');
  return rules;
}

/** The view of an application from its parts. */
export function viewOf(
  state: RoundState,
  app: ApplicationRecord,
  parts: CaseParts,
  actingAs: 'self' | 'agent',
  calendar: WorkCalendar,
): ApplicationView {
  const { round, policy } = roundAndPolicy(state, app);
  return applicationView({
    app,
    round,
    policy,
    materials: parts.materials,
    tasks: parts.tasks,
    entrustment: parts.entrustment,
    actingAs,
    today: state.today,
    calendar,
  });
}

/** Ids of indicators whose declared facts differ between two profiles. */
export function changedIndicators(before: Profile, after: Profile, policy: PolicyVersion): string[] {
  return policy.indicators
    .filter((ind) => stableStringify(factsOf(ind, before)) !== stableStringify(factsOf(ind, after)))
    .map((ind) => ind.id);
}

/** A material to carry over: the earlier material and the checklist key it proves in the new application. */
export interface Reuse {
  source: MaterialRecord;
  key: string;
}

/**
 * The FAQ's reuse: for each indicator the new profile claims with materials, the materials of the person's most
 * recent earlier application accepted in the same calendar year whose task for that indicator was confirmed and whose
 * facts for it are unchanged. Keys are mapped fact by fact (the facts are equal, so their order is too). With
 * `entrustmentId` (an agent saving), only applications filed under that entrustment count: never the person's own.
 */
export async function findReusable(
  store: StoreReader,
  app: Pick<ApplicationRecord, 'id' | 'personKey'>,
  profile: Profile,
  policy: PolicyVersion,
  today: string,
  entrustmentId?: string,
): Promise<Reuse[]> {
  const year = today.slice(0, 4);
  const earlier = (await store.listApplicationsByPerson(app.personKey)).filter(
    (a) =>
      a.id !== app.id &&
      a.acceptedOn !== undefined &&
      a.acceptedOn.slice(0, 4) === year &&
      (entrustmentId === undefined || a.entrustmentId === entrustmentId),
  );
  if (earlier.length === 0) return [];
  const wanted = claimedIndicators(profile, policy).filter((ind) => materialOf(ind) !== null);
  const out: Reuse[] = [];
  const done = new Set<string>();
  for (const prev of earlier) {
    const prevProfile = ProfileSchema.safeParse(prev.profile);
    if (!prevProfile.success) continue;
    const [tasks, materials] = await Promise.all([
      store.listTasksByApplication(prev.id),
      store.listMaterialsByApplication(prev.id),
    ]);
    for (const ind of wanted) {
      if (done.has(ind.id)) continue;
      const task = tasks.find((t) => t.indicatorId === ind.id);
      if (task?.status !== 'confirmed') continue;
      if (stableStringify(factsOf(ind, prevProfile.data)) !== stableStringify(factsOf(ind, profile))) continue;
      const perFact = materialOf(ind)?.perFact ?? false;
      const keys = perFact
        ? (() => {
            const oldRefs = factRefsOf(ind, prevProfile.data);
            const newRefs = factRefsOf(ind, profile);
            return oldRefs.map((r, k) => [`${ind.id}:${r}`, `${ind.id}:${newRefs[k]}`] as const);
          })()
        : [[ind.id, ind.id] as const];
      const found: Reuse[] = [];
      for (const [oldKey, newKey] of keys)
        for (const m of materials.filter((x) => x.key === oldKey)) found.push({ source: m, key: newKey });
      if (found.length) {
        out.push(...found);
        done.add(ind.id);
      }
    }
  }
  return out;
}
