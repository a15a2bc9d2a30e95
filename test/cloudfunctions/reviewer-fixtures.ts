/**
 * Fixtures for the reviewer, admin and scheduler tests: accepted cases written straight into a store, shaped as
 * `application.submit` writes them (one pending task per claimed indicator, routed to its department; receipt and
 * timeline from the working-day calendar), roles, a fake file storage, valid ID numbers.
 */
import zhangWei from '../../examples/zhang-wei-2021.json';
import { buildReceipt, caseTimeline } from '../../shared/application';
import type { ApplicantIdentity } from '../../shared/application/identity';
import { createCalendar } from '../../shared/calendar';
import { claimedIndicators, factRefsOf, factsOf } from '../../shared/engine/claims';
import { findPolicy } from '../../shared/policy';
import { ProfileSchema, type Profile } from '../../shared/profile';
import { buildRounds } from '../../shared/rounds';
import { BUILTIN_POLICIES } from '../../shared/policy';
import { personKeyOf, settleIfDecided, taskIdOf } from '../../cloudfunctions/_core/cases';
import type { FileStorage } from '../../cloudfunctions/_core/files/types';
import type {
  ApplicationRecord,
  MaterialRecord,
  RoleRecord,
  Store,
  Subscription,
  TaskRecord,
} from '../../cloudfunctions/_core/store';

/** A valid 18-digit ID number (GB 11643 check digit) for a birth date and a 3-digit sequence. */
export function idNumberFor(birth: string, seq: number, region = '330106'): string {
  const body = `${region}${birth.replace(/-/g, '')}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, c, i) => s + Number(c) * (weights[i] as number), 0);
  return body + '10X98765432'[sum % 11];
}

/** Zhang Wei's profile with 60 months of social insurance in the 2021 round's five-year window (B4 = 30 points). */
export function profile60(): Profile {
  const p = ProfileSchema.parse(zhangWei);
  p.socialInsurance = [
    { from: '2016-10', to: '2021-09', pension: true, medical: true, backPaid: false },
  ] as Profile['socialInsurance'];
  return ProfileSchema.parse(p);
}

/** The identity on an application for a profile's person. */
export function identityOf(profile: Profile, over: Partial<ApplicantIdentity> = {}): ApplicantIdentity {
  return {
    name: profile.person.name ?? '张伟',
    idNumber: profile.person.idNumber as string,
    mobile: '13800138000',
    permitNumber: 'ZJ330100123456',
    permitDistrict: 'xihu',
    permitValidFrom: '2020-01-01',
    permitValidTo: '2025-12-31',
    ...over,
  };
}

/** Stored file links the reviewer function hands out: recognisable, time-limited. */
export const FAKE_FILES: FileStorage = {
  kind: 'local',
  uploadTarget: (p) => ({ kind: 'local', url: `http://files.test/upload/${p}` }),
  resolve: (p, fileId) => (fileId === p ? p : null),
  read: async () => null,
  seal: async (fileId) => fileId,
  saveGenerated: async (p) => p,
  link: async (fileId, expiresAt) => `http://files.test/read/${fileId}?until=${expiresAt.toISOString()}`,
};

/** What {@link seedCase} takes. */
export interface SeedOptions {
  id: string;
  profile?: Profile;
  acceptedOn?: string;
  createdBy?: string;
  subscriptions?: Subscription[];
  /** Materials to attach, by checklist key. */
  materials?: { key: string; fileName: string }[];
  seq?: number;
}

/** Writes an accepted (submitted) case of round 2021 with its pending tasks; returns what was written. */
export async function seedCase(
  store: Store,
  o: SeedOptions,
): Promise<{ app: ApplicationRecord; tasks: TaskRecord[]; materials: MaterialRecord[] }> {
  const profile = o.profile ?? profile60();
  const acceptedOn = o.acceptedOn ?? '2021-10-08';
  const at = `${acceptedOn}T02:00:00.000Z`;
  const createdBy = o.createdBy ?? 'wx-applicant';
  const policy = findPolicy('hz-2021') as NonNullable<ReturnType<typeof findPolicy>>;
  const round = buildRounds({
    untilYear: 2022,
    policies: BUILTIN_POLICIES.map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom })),
  })[0];
  const timeline = caseTimeline(acceptedOn, createCalendar([]));
  const identity = identityOf(profile);
  const materials: MaterialRecord[] = (o.materials ?? []).map((m, i) => ({
    id: `m_${o.id}_${i}`,
    applicationId: o.id,
    key: m.key,
    fileId: `files/${o.id}/${i}.pdf`,
    fileName: m.fileName,
    mime: 'application/pdf',
    size: 1234,
    sha256: '0'.repeat(64),
    uploadedBy: createdBy,
    uploadedAt: at,
    reused: false,
  }));
  const receipt = buildReceipt({
    roundId: round.id,
    seq: o.seq ?? 1,
    acceptedOn,
    channel: 'online',
    identity,
    materials: materials.map((m) => ({
      key: m.key,
      indicatorId: m.key.split(':')[0] as string,
      label: m.key,
      fileName: m.fileName,
    })),
  });
  const app: ApplicationRecord = {
    id: o.id,
    roundId: round.id,
    personKey: personKeyOf(identity.idNumber),
    identity,
    profile: profile as unknown as Record<string, unknown>,
    status: 'submitted',
    createdBy,
    channel: 'online',
    acceptedOn,
    resultDate: timeline.resultDate,
    receipt,
    timeline,
    policyVersion: policy.id,
    subscriptions: o.subscriptions ?? [],
    createdAt: at,
    updatedAt: at,
    submittedAt: at,
  };
  const tasks: TaskRecord[] = claimedIndicators(profile, policy).map((ind) => ({
    id: taskIdOf(o.id, ind.id),
    applicationId: o.id,
    roundId: round.id,
    receiptNumber: receipt.number,
    indicatorId: ind.id,
    indicatorName: ind.name,
    department: ind.department,
    status: 'pending',
    declaredFacts: factsOf(ind, profile),
    factRefs: factRefsOf(ind, profile),
    acceptedOn,
    resultDate: timeline.resultDate,
    history: [{ at, status: 'pending', by: createdBy }],
    createdAt: at,
    updatedAt: at,
  }));
  await store.transaction(async (tx) => {
    await tx.putApplication(app);
    for (const t of tasks) await tx.putTask(t);
    for (const m of materials) await tx.putMaterial(m);
  });
  return { app, tasks, materials };
}

/** Grants a role directly in the store (what `role.grant` writes). */
export async function grant(
  store: Store,
  openid: string,
  role: RoleRecord['role'],
  department?: string,
): Promise<void> {
  const rec: RoleRecord = { openid, role, grantedBy: 'cli:test', grantedAt: '2021-09-01T00:00:00.000Z' };
  if (department) rec.department = department;
  await store.putRole(rec);
}

/** 10:00 in Beijing on a day. */
export function beijingMorning(day: string): Date {
  return new Date(`${day}T02:00:00.000Z`);
}

/** Writes a case whose tasks are all confirmed and which is `decided` (result computed), as the reviewer leaves it. */
export async function seedDecided(store: Store, o: SeedOptions): Promise<ApplicationRecord> {
  const { app, tasks } = await seedCase(store, o);
  const at = `${app.acceptedOn}T08:00:00.000Z`;
  const decided = tasks.map((t) => ({
    ...t,
    status: 'confirmed' as const,
    decidedBy: 'wx-reviewer',
    decidedAt: at,
    history: [...t.history, { at, status: 'confirmed' as const, by: 'wx-reviewer' }],
  }));
  const policy = findPolicy('hz-2021') as NonNullable<ReturnType<typeof findPolicy>>;
  const round = buildRounds({
    untilYear: 2022,
    policies: BUILTIN_POLICIES.map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom })),
  })[0];
  const next = settleIfDecided(app, decided, policy, round as NonNullable<typeof round>, at) as ApplicationRecord;
  await store.transaction(async (tx) => {
    for (const t of decided) await tx.putTask(t);
    await tx.putApplication(next);
  });
  return next;
}
