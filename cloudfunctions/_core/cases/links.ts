/**
 * Reading materials: only through short-lived links, and only for the person, their active agents (scope query or
 * apply) and the reviewers of a department with a task in the case.
 */
import type { MaterialLinkRes } from '../../../shared/contracts';
import { LINK_TTL_MS, SealBrokenError, type FileStorage } from '../files/types';
import { AppError, type Deps } from '../runtime';
import type { MaterialRecord, StoreReader } from '../store/types';
import { caseAccess, reviewerDepartments } from './access';

/** The storage of Deps, or an internal error (a deployment without storage cannot handle materials). */
export function filesOf(deps: Deps): FileStorage {
  if (!deps.files) throw new Error('file storage is not configured');
  return deps.files;
}

/** The message when a material's stored bytes no longer hash to what was checked at attach. */
export const MATERIAL_SEAL_BROKEN = '这份材料的文件与提交时核验的不一致（可能已被改动或损坏），为安全起见不能打开，请联系区积分受理点';

/**
 * A link to a material valid for {@link LINK_TTL_MS} from `now`, handed out only while the stored bytes still hash to
 * the SHA-256 recorded at attach (INVALID_FILE otherwise).
 */
export async function materialLink(files: FileStorage, m: Pick<MaterialRecord, 'fileId' | 'sha256'>, now: Date): Promise<MaterialLinkRes> {
  const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
  try {
    return { url: await files.link(m.fileId, expiresAt, m.sha256), expiresAt: expiresAt.toISOString() };
  } catch (e) {
    if (e instanceof SealBrokenError) throw new AppError('INVALID_FILE', MATERIAL_SEAL_BROKEN);
    throw e;
  }
}

/** The message of a material the caller may not read (same as a missing one). */
export const MATERIAL_NOT_FOUND = '没有找到这份材料，或您无权查看';

/**
 * Whether `openid` may read the material: for an application's material, the person, an active agent (query or
 * apply) or a reviewer of the case; for an entrustment's letter, its agent (unless revoked), its principal, or a
 * reviewer of a case filed under it.
 */
export async function mayReadMaterial(store: StoreReader, openid: string, m: MaterialRecord): Promise<boolean> {
  if (m.applicationId) {
    const app = await store.getApplication(m.applicationId);
    if (!app) return false;
    if (await caseAccess(store, openid, app, 'query', { reviewers: true })) return true;
    return !!(await caseAccess(store, openid, app, 'apply'));
  }
  if (m.entrustmentId) {
    const e = await store.getEntrustment(m.entrustmentId);
    if (!e) return false;
    if (e.agentOpenid === openid && e.status !== 'revoked') return true;
    const identity = await store.getIdentity(openid);
    if (identity && identity.personKey === e.principalKey) return true;
    const departments = await reviewerDepartments(store, openid);
    if (departments.length === 0) return false;
    const apps = (await store.listApplicationsByPerson(e.principalKey)).filter((a) => a.entrustmentId === e.id);
    for (const app of apps) {
      const tasks = await store.listTasksByApplication(app.id);
      if (tasks.some((t) => departments.includes(t.department))) return true;
    }
  }
  return false;
}

/** The material and a link to it for `openid`; NOT_FOUND (same as missing) when not allowed. */
export async function linkForCaller(deps: Deps, store: StoreReader, openid: string, materialId: string, now: Date): Promise<MaterialLinkRes> {
  const m = await store.getMaterial(materialId);
  if (!m || !(await mayReadMaterial(store, openid, m))) throw new AppError('NOT_FOUND', MATERIAL_NOT_FOUND);
  return materialLink(filesOf(deps), m, now);
}
