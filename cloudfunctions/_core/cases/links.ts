/**
 * Reading materials through the applicant function: only through short-lived links, and only for the person and the
 * agent of the case's verified entrustment (scope query or apply); reads by the agent are audited. Reviewers read
 * through their own function, and only the materials of their department's tasks (reviewer/case-part.ts): here a
 * reviewer is nobody.
 */
import { MATERIAL_NOT_FOUND, type MaterialLinkRes } from '../../../shared/contracts';
import { LINK_TTL_MS, SealBrokenError, type FileStorage } from '../files/types';
import { AppError, type HandlerDeps } from '../runtime';
import type { MaterialRecord, StoreReader } from '../store/types';
import { beijingDate, type ISODate } from '../../../shared/dates';
import { caseAccess } from './access';
import { actingForOf, caseTarget, SETTLEMENT_KEY_PREFIX } from './person';

/** The storage of Deps, or an internal error (a deployment without storage cannot handle materials). */
export function filesOf(deps: HandlerDeps): FileStorage {
  if (!deps.files) throw new Error('file storage is not configured');
  return deps.files;
}

/** The message when a material's stored bytes no longer hash to what was checked at attach. */
export const MATERIAL_SEAL_BROKEN =
  '这份材料的文件与提交时核验的不一致（可能已被改动或损坏），为安全起见不能打开，请联系区积分受理点';

/**
 * A link to a material valid for {@link LINK_TTL_MS} from `now`, handed out only while the stored bytes still hash to
 * the SHA-256 recorded at attach (INVALID_FILE otherwise).
 */
export async function materialLink(
  files: FileStorage,
  m: Pick<MaterialRecord, 'fileId' | 'sha256'>,
  now: Date,
): Promise<MaterialLinkRes> {
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  try {
    return { url: await files.link(m.fileId, expiresAt, m.sha256), expiresAt: expiresAt.toISOString() };
  } catch (e) {
    if (e instanceof SealBrokenError) throw new AppError('INVALID_FILE', MATERIAL_SEAL_BROKEN);
    throw e;
  }
}

/** The message of a material the caller may not read (same as a missing one). */
export { MATERIAL_NOT_FOUND };

/** Who reads a material: its own person (or the agent reading back their own upload), or someone else, audited. */
export type MaterialReader = { own: true } | { own: false; actingFor: string; target: string };

/**
 * Whether `openid` may read the material, and as whom: for an application's material, the person, the agent of the
 * case's verified entrustment (query or apply; before verification only files they uploaded themselves); for an
 * entrustment's letter, its agent (unless revoked) or its principal. Null when not allowed.
 */
export async function materialReader(
  store: StoreReader,
  openid: string,
  m: MaterialRecord,
  today: ISODate,
): Promise<MaterialReader | null> {
  if (m.applicationId && m.key.startsWith(SETTLEMENT_KEY_PREFIX))
    return settlementMaterialReader(store, openid, m.applicationId, today);
  if (m.applicationId) return applicationMaterialReader(store, openid, m, m.applicationId, today);
  if (m.entrustmentId) return entrustmentMaterialReader(store, openid, m.entrustmentId);
  return null;
}

/** {@link materialReader} of an application's material. */
async function applicationMaterialReader(
  store: StoreReader,
  openid: string,
  m: MaterialRecord,
  applicationId: string,
  today: ISODate,
): Promise<MaterialReader | null> {
  const app = await store.getApplication(applicationId);
  if (!app) return null;
  const access =
    (await caseAccess(store, openid, app, 'query', today)) ?? (await caseAccess(store, openid, app, 'apply', today));
  if (!access || access.actingAs === 'self') return access ? { own: true } : null;
  if (access.actingAs === 'agent' && !access.verified) return m.uploadedBy === openid ? { own: true } : null;
  const person = await store.getIdentityByPerson(app.personKey);
  return { own: false, actingFor: actingForOf(person, app.personKey), target: caseTarget(app.id) };
}

/**
 * {@link materialReader} of a settlement application's material: the person, or the agent whose verified entrustment
 * of the points case has the `settlement` scope (audited against the case).
 */
async function settlementMaterialReader(
  store: StoreReader,
  openid: string,
  settlementId: string,
  today: ISODate,
): Promise<MaterialReader | null> {
  const s = await store.getSettlement(settlementId);
  const app = s ? await store.getApplication(s.applicationId) : null;
  if (!app) return null;
  const access = await caseAccess(store, openid, app, 'settlement', today);
  if (!access) return null;
  if (access.actingAs === 'self') return { own: true };
  const person = await store.getIdentityByPerson(app.personKey);
  return { own: false, actingFor: actingForOf(person, app.personKey), target: caseTarget(app.id) };
}

/** {@link materialReader} of an entrustment's letter / proof: its agent (unless revoked) or its principal. */
async function entrustmentMaterialReader(
  store: StoreReader,
  openid: string,
  entrustmentId: string,
): Promise<MaterialReader | null> {
  const e = await store.getEntrustment(entrustmentId);
  if (!e) return null;
  if (e.agentOpenid === openid && e.status !== 'revoked') return { own: true };
  const identity = await store.getIdentity(openid);
  return identity && identity.personKey === e.principalKey ? { own: true } : null;
}

/**
 * The material and a link to it for `openid`; NOT_FOUND (same as missing) when not allowed. A read by someone other
 * than the person is passed to `noteRead` (the query context's), so it is audited.
 */
export async function linkForCaller(
  deps: HandlerDeps,
  store: StoreReader,
  openid: string,
  materialId: string,
  now: Date,
  noteRead: (actingFor: string, target: string) => void,
): Promise<MaterialLinkRes> {
  const m = await store.getMaterial(materialId);
  const reader = m ? await materialReader(store, openid, m, beijingDate(now)) : null;
  if (!m || !reader) throw new AppError('NOT_FOUND', MATERIAL_NOT_FOUND);
  if (!reader.own) noteRead(reader.actingFor, reader.target);
  return materialLink(filesOf(deps), m, now);
}
