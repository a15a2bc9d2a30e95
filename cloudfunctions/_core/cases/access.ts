/**
 * Who may act on a case, checked on the server for every action: the person (their bound identity has the
 * application's ID number), an agent holding an ACTIVE entrustment from that person with the needed scope, or — for
 * reading — a reviewer of a department that has a task in the case. Anyone else gets NOT_FOUND, exactly as for a
 * case that does not exist, so existence never leaks.
 */
import type { EntrustmentScope } from '../../../shared/application/delegation';
import { AppError } from '../runtime';
import type { ApplicationRecord, EntrustmentRecord, IdentityRecord, PersonKey, StoreReader } from '../store/types';

/** How the caller relates to a case. */
export type CaseAccess =
  | { actingAs: 'self'; identity: IdentityRecord }
  | { actingAs: 'agent'; entrustment: EntrustmentRecord }
  | { actingAs: 'reviewer'; departments: string[] };

/** The message of every "not yours or not there" refusal of a case. */
export const CASE_NOT_FOUND = '没有找到这份申请，或您无权查看';

/** The active entrustment of `agentOpenid` for `personKey` that includes `scope`, newest first; null when none. */
export async function activeEntrustment(
  store: StoreReader,
  agentOpenid: string,
  personKey: PersonKey,
  scope: EntrustmentScope,
): Promise<EntrustmentRecord | null> {
  const list = await store.listEntrustmentsByAgent(agentOpenid);
  return list.find((e) => e.principalKey === personKey && e.status === 'active' && e.scope.includes(scope)) ?? null;
}

/** The departments the caller reviews for (reviewer roles only). */
export async function reviewerDepartments(store: StoreReader, openid: string): Promise<string[]> {
  const roles = await store.listRolesOf(openid);
  return roles.filter((r) => r.role === 'reviewer' && r.department).map((r) => r.department as string);
}

/**
 * The caller's access to a person's case with `scope` (`apply` to change it, `query` to read it), as self or agent;
 * null when neither. Reviewers are not considered here (see {@link caseAccess}).
 */
export async function personAccess(
  store: StoreReader,
  openid: string,
  personKey: PersonKey,
  scope: EntrustmentScope,
): Promise<CaseAccess | null> {
  const identity = await store.getIdentity(openid);
  if (identity && identity.personKey === personKey) return { actingAs: 'self', identity };
  const entrustment = await activeEntrustment(store, openid, personKey, scope);
  return entrustment ? { actingAs: 'agent', entrustment } : null;
}

/**
 * The caller's access to an application: self, agent with `scope`, or (when `reviewers` is set, for reads) reviewer of
 * a department with a task in it. Null when none of them.
 */
export async function caseAccess(
  store: StoreReader,
  openid: string,
  app: ApplicationRecord,
  scope: EntrustmentScope,
  opts: { reviewers?: boolean } = {},
): Promise<CaseAccess | null> {
  const own = await personAccess(store, openid, app.personKey, scope);
  if (own || !opts.reviewers) return own;
  const departments = await reviewerDepartments(store, openid);
  if (departments.length === 0) return null;
  const tasks = await store.listTasksByApplication(app.id);
  const mine = departments.filter((d) => tasks.some((t) => t.department === d));
  return mine.length ? { actingAs: 'reviewer', departments: mine } : null;
}

/** The application and the caller's access to it; NOT_FOUND (same as missing) when the caller has none. */
export async function loadCase(
  store: StoreReader,
  openid: string,
  applicationId: string,
  scope: EntrustmentScope,
  opts: { reviewers?: boolean } = {},
): Promise<{ app: ApplicationRecord; access: CaseAccess }> {
  const app = await store.getApplication(applicationId);
  if (!app) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
  const access = await caseAccess(store, openid, app, scope, opts);
  if (!access) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
  return { app, access };
}
