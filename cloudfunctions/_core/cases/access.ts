/**
 * Who may act on a case, checked on the server for every action: the person (their bound identity has the
 * application's ID number), the agent of the VERIFIED entrustment the case is filed under (scope and dates; never the
 * person's other filings). Reviewers read through their own function, only their department's part
 * (reviewer/case-part.ts). Anyone else gets NOT_FOUND, exactly as for a case that does not exist, so existence never
 * leaks.
 */
import type { EntrustmentScope } from '../../../shared/application/delegation';
import { isAwaitingVerification } from '../../../shared/application/status';
import type { ISODate } from '../../../shared/dates';
import { AppError } from '../runtime';
import type { ApplicationRecord, EntrustmentRecord, IdentityRecord, StoreReader } from '../store/types';

/**
 * How the caller relates to a case. An agent's access is always through the entrustment the case is filed under
 * (`application.entrustmentId`); `verified` is false for an agent preparing their own draft before the entrustment is
 * verified (they see only what they typed).
 */
export type CaseAccess =
  | { actingAs: 'self'; identity: IdentityRecord }
  | { actingAs: 'agent'; entrustment: EntrustmentRecord; verified: boolean };

/** The message of every "not yours or not there" refusal of a case. */
export const CASE_NOT_FOUND = '没有找到这份申请，或您无权查看';

/** Whether a verified entrustment is in force on `today` for `scope`: active, the scope included, not past its dates. */
export function entrustmentInForce(e: EntrustmentRecord, scope: EntrustmentScope, today: ISODate): boolean {
  return e.status === 'active' && e.scope.includes(scope) && (e.validUntil === undefined || today <= e.validUntil);
}

/**
 * Whether the agent of `e` may act on `app` in `scope` on `today`: the entrustment in force, or — for `apply` only —
 * still awaiting verification and `app` the agent's own draft under it.
 */
export function agentMay(
  e: EntrustmentRecord,
  app: Pick<ApplicationRecord, 'status' | 'createdBy'>,
  scope: EntrustmentScope,
  today: ISODate,
): boolean {
  return entrustmentInForce(e, scope, today) || ownDraftAwaiting(e, app, scope);
}

/** An agent's own draft under an entrustment awaiting verification, for `apply`. */
function ownDraftAwaiting(
  e: EntrustmentRecord,
  app: Pick<ApplicationRecord, 'status' | 'createdBy'>,
  scope: EntrustmentScope,
): boolean {
  return (
    app.status === 'draft' &&
    app.createdBy === e.agentOpenid &&
    scope === 'apply' &&
    e.scope.includes('apply') &&
    isAwaitingVerification(e.status)
  );
}

/**
 * The caller's access as agent to `app`: only through the entrustment it is filed under, held by the caller, naming
 * the same person. In force (verified, scope, dates) → verified access; still awaiting verification → access to the
 * agent's own draft only, for `apply` (preparing it). Anything else (revoked, rejected, expired, another's) → null.
 */
export async function agentAccess(
  store: StoreReader,
  openid: string,
  app: ApplicationRecord,
  scope: EntrustmentScope,
  today: ISODate,
): Promise<CaseAccess | null> {
  if (!app.entrustmentId) return null;
  const e = await store.getEntrustment(app.entrustmentId);
  if (!e || e.agentOpenid !== openid || e.principalKey !== app.personKey) return null;
  if (entrustmentInForce(e, scope, today)) return { actingAs: 'agent', entrustment: e, verified: true };
  // e.agentOpenid is the caller (checked above).
  if (ownDraftAwaiting(e, app, scope)) return { actingAs: 'agent', entrustment: e, verified: false };
  return null;
}

/** The departments the caller reviews for (reviewer roles only). */
export async function reviewerDepartments(store: StoreReader, openid: string): Promise<string[]> {
  const roles = await store.listRolesOf(openid);
  return roles.filter((r) => r.role === 'reviewer' && r.department).map((r) => r.department as string);
}

/**
 * The caller's access to an application: self (their bound identity is the application's person), agent through the
 * case's entrustment ({@link agentAccess}). Null when neither.
 */
export async function caseAccess(
  store: StoreReader,
  openid: string,
  app: ApplicationRecord,
  scope: EntrustmentScope,
  today: ISODate,
): Promise<CaseAccess | null> {
  const identity = await store.getIdentity(openid);
  if (identity && identity.personKey === app.personKey) return { actingAs: 'self', identity };
  return agentAccess(store, openid, app, scope, today);
}

/** The application and the caller's access to it; NOT_FOUND (same as missing) when the caller has none. */
export async function loadCase(
  store: StoreReader,
  openid: string,
  applicationId: string,
  scope: EntrustmentScope,
  today: ISODate,
): Promise<{ app: ApplicationRecord; access: CaseAccess }> {
  const app = await store.getApplication(applicationId);
  if (!app) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
  const access = await caseAccess(store, openid, app, scope, today);
  if (!access) throw new AppError('NOT_FOUND', CASE_NOT_FOUND);
  return { app, access };
}
