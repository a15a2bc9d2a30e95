/**
 * The runtime's check of an action's declared access (shared/contracts/access.ts), before its handler runs. It
 * answers what the handler needs to know about the caller (a reviewer's department or district) or refuses with
 * FORBIDDEN / PRIVACY_REQUIRED / NOT_FOUND and a Chinese message. A missing openid is refused earlier
 * (UNAUTHENTICATED) for every kind but `public`.
 */
import { ACCESS_MESSAGES, PRIVACY_NOTICE_VERSION, type Access } from '../../shared/contracts';
import type { DistrictCode } from '../../shared/application/districts';
import { AppError } from './errors';
import {
  departmentOfRoles,
  districtOfRoles,
  hasAdminRole,
  NOT_A_DISTRICT_OFFICE,
  NOT_A_REVIEWER,
  NOT_AN_ADMIN,
} from './roles';
import type { StoreReader } from './store/types';

/** What an access check found out about the caller, handed to the handler in its context. */
export interface Grant {
  /** `reviewer` of a department: the caller's department. */
  department?: string;
  /** `reviewer` of a district: the caller's district acceptance point. */
  district?: DistrictCode;
}

/** The caller as the access check sees it. */
export interface AccessCaller {
  openid: string | null;
  /** A trusted caller inside the deployment (scheduler timer, administrator CLI). */
  system: boolean;
}

/** The reads the check needs (a transaction's or the read-only store's). */
export type AccessReader = Pick<StoreReader, 'listRolesOf' | 'getPrivacyAcceptance'>;

async function reviewerGrant(
  access: Extract<Access, { kind: 'reviewer' }>,
  openid: string,
  store: AccessReader,
): Promise<Grant> {
  const roles = await store.listRolesOf(openid);
  const refuse = (message: string): AppError =>
    access.notFound === undefined ? new AppError('FORBIDDEN', message) : new AppError('NOT_FOUND', access.notFound);
  if (access.of === 'department') {
    const department = departmentOfRoles(roles);
    if (department === null) throw refuse(NOT_A_REVIEWER);
    return { department };
  }
  const district = districtOfRoles(roles);
  if (district === null) throw refuse(NOT_A_DISTRICT_OFFICE);
  return { district };
}

/** Checks `access` for `caller`; resolves with the grant or rejects with an {@link AppError}. */
export async function checkAccess(access: Access, caller: AccessCaller, store: AccessReader): Promise<Grant> {
  if (access.kind === 'public') return {};
  const openid = caller.openid;
  if (openid === null) throw new AppError('UNAUTHENTICATED');
  switch (access.kind) {
    case 'user':
      return {};
    case 'applicant':
      if (access.privacy && !(await store.getPrivacyAcceptance(openid, PRIVACY_NOTICE_VERSION))) {
        throw new AppError('PRIVACY_REQUIRED');
      }
      return {};
    case 'reviewer':
      return reviewerGrant(access, openid, store);
    case 'admin':
      if (caller.system || hasAdminRole(await store.listRolesOf(openid))) return {};
      throw new AppError('FORBIDDEN', NOT_AN_ADMIN);
    case 'system':
      if (caller.system) return {};
      throw new AppError('FORBIDDEN', ACCESS_MESSAGES.systemOnly);
  }
}
