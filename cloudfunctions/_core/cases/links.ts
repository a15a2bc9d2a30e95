/**
 * Reading materials: only through short-lived links, and only for the person and their active agents (scope query or
 * apply). Reviewers read through their own function, and only the materials of their department's tasks
 * (reviewer/case-part.ts): here a reviewer is nobody.
 */
import type { MaterialLinkRes } from '../../../shared/contracts';
import { LINK_TTL_MS, type FileStorage } from '../files/types';
import { AppError, type Deps } from '../runtime';
import type { MaterialRecord, StoreReader } from '../store/types';
import { caseAccess } from './access';

/** The storage of Deps, or an internal error (a deployment without storage cannot handle materials). */
export function filesOf(deps: Deps): FileStorage {
  if (!deps.files) throw new Error('file storage is not configured');
  return deps.files;
}

/** A link to a material valid for {@link LINK_TTL_MS} from `now`. */
export async function materialLink(files: FileStorage, m: Pick<MaterialRecord, 'fileId'>, now: Date): Promise<MaterialLinkRes> {
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  return { url: await files.link(m.fileId, expiresAt), expiresAt: expiresAt.toISOString() };
}

/** The message of a material the caller may not read (same as a missing one). */
export const MATERIAL_NOT_FOUND = '没有找到这份材料，或您无权查看';

/**
 * Whether `openid` may read the material through the applicant function: for an application's material, the person
 * or an active agent (query or apply); for an entrustment's letter, its agent (unless revoked) or its principal.
 */
export async function mayReadMaterial(store: StoreReader, openid: string, m: MaterialRecord): Promise<boolean> {
  if (m.applicationId) {
    const app = await store.getApplication(m.applicationId);
    if (!app) return false;
    if (await caseAccess(store, openid, app, 'query')) return true;
    return !!(await caseAccess(store, openid, app, 'apply'));
  }
  if (m.entrustmentId) {
    const e = await store.getEntrustment(m.entrustmentId);
    if (!e) return false;
    if (e.agentOpenid === openid && e.status !== 'revoked') return true;
    const identity = await store.getIdentity(openid);
    if (identity && identity.personKey === e.principalKey) return true;
  }
  return false;
}

/** The material and a link to it for `openid`; NOT_FOUND (same as missing) when not allowed. */
export async function linkForCaller(deps: Deps, store: StoreReader, openid: string, materialId: string, now: Date): Promise<MaterialLinkRes> {
  const m = await store.getMaterial(materialId);
  if (!m || !(await mayReadMaterial(store, openid, m))) throw new AppError('NOT_FOUND', MATERIAL_NOT_FOUND);
  return materialLink(filesOf(deps), m, now);
}
