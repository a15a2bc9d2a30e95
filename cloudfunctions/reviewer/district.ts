/**
 * 区积分受理点: a reviewer role for one district (not a department) verifies entrustments of that district — the
 * principal's residence-permit district, declared when the entrustment was created. It lists those awaiting it,
 * opens the letter / relationship proof through short-lived links, and activates one after checking the signed
 * letter (employer) or the relationship proof (guardian / close relative) and both ID cards — for a minor, the
 * server also checks that the age follows from the ID number — or rejects it with a reason. Every read of an
 * entrustment (a person's data) is audited.
 */
import {
  ENTRUSTMENT_STATUSES,
  RELATIONSHIPS,
  RELATIVE_REASONS,
  ageFromId,
  districtName,
  minorAgeProblem,
  type DistrictCode,
} from '../../shared/application';
import type {
  DistrictEntrustmentRes,
  DistrictEntrustmentView,
  ReviewerApi,
  REVIEWER_ACTIONS,
} from '../../shared/contracts';
import { beijingDate, formatChineseDate } from '../../shared/dates';
import { parseIdCard } from '../../shared/identity';
import { ENTRUSTMENT, transition } from '../../shared/lifecycle';
import { actingForOf, asRead, entrustmentTarget, filesOf, materialLink, materialView } from '../_core/cases';
import { AppError, type HandlerDeps, type Handlers } from '../_core/runtime';
import type { EntrustmentRecord, MaterialRecord, StoreReader } from '../_core/store/types';

/** Refusal of a caller without a district acceptance point role (answered by the runtime, see REVIEWER_ACTIONS). */
export { NOT_A_DISTRICT_OFFICE } from '../_core/roles';
const NOT_FOUND = '没有找到这份委托，或不属于本受理点';

type DistrictActions = 'entrustment.queue' | 'entrustment.review' | 'entrustment.verify' | 'entrustment.reject';

/** An entrustment of the caller's district; NOT_FOUND (same as missing) for another district's. */
async function entrustmentOfDistrict(
  store: StoreReader,
  district: DistrictCode,
  entrustmentId: string,
): Promise<{ e: EntrustmentRecord; district: DistrictCode }> {
  const e = await store.getEntrustment(entrustmentId);
  if (!e || e.district !== district) throw new AppError('NOT_FOUND', NOT_FOUND);
  return { e, district };
}

/** The acceptance point's view: full ID numbers (it compares them with the cards), the age from the ID number. */
function districtView(
  e: EntrustmentRecord,
  materials: readonly MaterialRecord[],
  today: string,
): DistrictEntrustmentView {
  const id = parseIdCard(e.principal.idNumber);
  const v: DistrictEntrustmentView = {
    entrustmentId: e.id,
    kind: e.kind,
    status: e.status,
    statusLabel: ENTRUSTMENT_STATUSES[e.status],
    district: e.district,
    districtName: districtName(e.district),
    principal: {
      name: e.principal.name,
      idNumber: e.principal.idNumber,
      birthDate: id.ok ? id.value.birthDate : null,
      ageToday: ageFromId(e.principal.idNumber, today),
    },
    agent: { name: e.agent.name, idNumber: e.agent.idNumber },
    scope: [...e.scope],
    createdAt: e.createdAt,
    materials: materials.map(materialView),
    ageProblem: minorAgeProblem(e.reason, e.principal.idNumber, today),
  };
  if (e.employer) v.employer = { ...e.employer };
  if (e.relationship) v.relationship = (RELATIONSHIPS as Record<string, string>)[e.relationship] ?? e.relationship;
  if (e.reason) v.reason = (RELATIVE_REASONS as Record<string, string>)[e.reason] ?? e.reason;
  if (e.validUntil) v.validUntil = e.validUntil;
  return v;
}

async function withLinks(
  deps: HandlerDeps,
  e: EntrustmentRecord,
  materials: readonly MaterialRecord[],
  now: Date,
): Promise<DistrictEntrustmentRes> {
  const files = filesOf(deps);
  const links: DistrictEntrustmentRes['entrustment']['links'] = [];
  for (const m of materials) links.push({ materialId: m.id, ...(await materialLink(files, m, now)) });
  return { entrustment: { ...districtView(e, materials, beijingDate(now)), links } };
}

/** The district acceptance point's actions, wired into the reviewer function's action map. */
export const districtHandlers: Pick<Handlers<typeof REVIEWER_ACTIONS, ReviewerApi>, DistrictActions> = {
  async 'entrustment.queue'(_payload, ctx) {
    const district = ctx.district;
    const today = beijingDate(ctx.now);
    const list = await ctx.store.listEntrustmentsByDistrict(district, 'awaiting-district');
    const entrustments: DistrictEntrustmentView[] = [];
    for (const e of list) {
      entrustments.push(districtView(e, await ctx.store.listMaterialsByEntrustment(e.id), today));
      ctx.noteRead(
        actingForOf(await ctx.store.getIdentityByPerson(e.principalKey), e.principalKey),
        entrustmentTarget(e.id),
      );
    }
    return { district, districtName: districtName(district), entrustments };
  },

  async 'entrustment.review'(payload, ctx) {
    const { e } = await entrustmentOfDistrict(ctx.store, ctx.district, payload.entrustmentId);
    const [materials, person] = await Promise.all([
      ctx.store.listMaterialsByEntrustment(e.id),
      ctx.store.getIdentityByPerson(e.principalKey),
    ]);
    ctx.noteRead(actingForOf(person, e.principalKey), entrustmentTarget(e.id));
    return withLinks(ctx.deps, e, materials, ctx.now);
  },

  async 'entrustment.verify'(payload, ctx) {
    const { e } = await entrustmentOfDistrict(ctx.store, ctx.district, payload.entrustmentId);
    const status = transition(ENTRUSTMENT, e.status, 'verify', 'district', { kind: e.kind, district: e.district });
    const today = beijingDate(ctx.now);
    const [materials, person] = await Promise.all([
      ctx.store.listMaterialsByEntrustment(e.id),
      ctx.store.getIdentityByPerson(e.principalKey),
    ]);
    if (materials.length === 0) {
      throw new AppError(
        'CONFLICT',
        e.kind === 'employer'
          ? '代办人尚未上传签字的书面委托书，不能核验'
          : '代办人尚未上传监护或亲属关系证明，不能核验',
      );
    }
    const ageProblem = minorAgeProblem(e.reason, e.principal.idNumber, today);
    if (ageProblem) throw new AppError('FORBIDDEN', ageProblem);
    if (e.validUntil !== undefined && today > e.validUntil)
      throw new AppError('CONFLICT', `该委托有效期至${formatChineseDate(e.validUntil)}，已过期，不能核验`);
    const at = ctx.now.toISOString();
    const next: EntrustmentRecord = {
      ...e,
      status,
      verifiedAt: at,
      verifiedBy: ctx.caller.openid,
      updatedAt: at,
    };
    ctx.setTarget(entrustmentTarget(e.id));
    ctx.setActingFor(actingForOf(person, e.principalKey));
    await ctx.store.putEntrustment(next, asRead(e));
    return withLinks(ctx.deps, next, materials, ctx.now);
  },

  async 'entrustment.reject'(payload, ctx) {
    const { e } = await entrustmentOfDistrict(ctx.store, ctx.district, payload.entrustmentId);
    const status = transition(ENTRUSTMENT, e.status, 'reject', 'district', { kind: e.kind, district: e.district });
    const [materials, person] = await Promise.all([
      ctx.store.listMaterialsByEntrustment(e.id),
      ctx.store.getIdentityByPerson(e.principalKey),
    ]);
    const at = ctx.now.toISOString();
    const next: EntrustmentRecord = {
      ...e,
      status,
      rejectedReason: payload.reason,
      rejectedAt: at,
      updatedAt: at,
    };
    ctx.setTarget(entrustmentTarget(e.id));
    ctx.setActingFor(actingForOf(person, e.principalKey));
    await ctx.store.putEntrustment(next, asRead(e));
    return withLinks(ctx.deps, next, materials, ctx.now);
  },
};
