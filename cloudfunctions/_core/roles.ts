/**
 * Roles as every function reads them: whether a caller administers, which department or district acceptance point a
 * reviewer belongs to, and roles as `whoami` and the admin function answer them. Used by the runtime's access check
 * (access.ts) and by the reviewer and admin functions.
 */
import type { WhoamiRes } from '../../shared/contracts';
import type { DistrictCode } from '../../shared/application/districts';
import type { RoleRecord, StoreReader } from './store/types';

/** Refusal of a caller without the admin role. */
export const NOT_AN_ADMIN =
  '您不是管理员：只有管理员可以进行此操作（首位管理员请用命令行 npm run admin -- grant-role <openid> admin 授予）';
/** Refusal of a caller without a department reviewer role. */
export const NOT_A_REVIEWER = '您不是阅卷人员：请联系管理员授予阅卷角色（需指定所属部门）';
/** Refusal of a caller without a district acceptance point role. */
export const NOT_A_DISTRICT_OFFICE =
  '您不是区积分受理点人员：请联系管理员授予受理点角色（需指定所属区，如 --district 西湖区）';

/** Whether the roles include the admin role. */
export function hasAdminRole(roles: readonly RoleRecord[]): boolean {
  return roles.some((r) => r.role === 'admin');
}

/** Whether `openid` holds the admin role. */
export async function isAdmin(store: Pick<StoreReader, 'listRolesOf'>, openid: string): Promise<boolean> {
  return hasAdminRole(await store.listRolesOf(openid));
}

/**
 * The reviewer's department. Reviewers have one (role.grant replaces a reviewer's earlier department); should data
 * hold several, the first by name is used, so the answer is still stable. Null without a department role.
 */
export function departmentOfRoles(roles: readonly RoleRecord[]): string | null {
  const departments = roles.filter((r) => r.role === 'reviewer' && r.department).map((r) => r.department as string);
  return departments.sort()[0] ?? null;
}

/** The district acceptance point's district (the first by code should data hold several); null without one. */
export function districtOfRoles(roles: readonly RoleRecord[]): DistrictCode | null {
  const districts = roles.filter((r) => r.role === 'reviewer' && r.district).map((r) => r.district as DistrictCode);
  return districts.sort()[0] ?? null;
}

/** Roles as `whoami` answers them. */
export function roleLines(roles: readonly RoleRecord[]): WhoamiRes['roles'] {
  return [...roles]
    .sort((a, b) => (a.role + (a.department ?? '') < b.role + (b.department ?? '') ? -1 : 1))
    .map((r) =>
      r.role === 'reviewer' && r.department
        ? { role: r.role, department: r.department }
        : r.role === 'reviewer' && r.district
          ? { role: r.role, district: r.district }
          : { role: r.role },
    );
}
