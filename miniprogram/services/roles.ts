/** The caller's reviewer / admin roles (reviewer function, `whoami`): decides whether 阅卷工作台 is offered. */
import type { WhoamiRes } from '../../shared';
import { call } from './api';

/** The caller's roles; none for applicants. */
export async function whoami(): Promise<WhoamiRes['roles']> {
  return (await call('reviewer', 'whoami', {})).roles;
}

/** Departments the caller reviews for. */
export function reviewerDepartments(roles: WhoamiRes['roles']): string[] {
  return roles
    .filter((r) => r.role === 'reviewer' && typeof r.department === 'string')
    .map((r) => r.department as string);
}

/** Districts whose points office (区积分办 / 受理点) the caller works for. */
export function reviewerDistricts(roles: WhoamiRes['roles']): string[] {
  return roles.filter((r) => r.role === 'reviewer' && typeof r.district === 'string').map((r) => r.district as string);
}

/** Whether the caller holds the administrator role (管理工作台 is offered; the admin function checks it again). */
export function isAdmin(roles: WhoamiRes['roles']): boolean {
  return roles.some((r) => r.role === 'admin');
}
