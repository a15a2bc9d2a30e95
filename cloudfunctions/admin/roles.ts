/** Who may administer: callers with the admin role (the CLI acts as a system administrator without one). */
import { AppError } from '../_core/runtime';
import type { StoreReader } from '../_core/store/types';

/** Refusal of a caller without the admin role. */
export const NOT_AN_ADMIN =
  '您不是管理员：只有管理员可以进行此操作（首位管理员请用命令行 npm run admin -- grant-role <openid> admin 授予）';

/** Whether `openid` holds the admin role. */
export async function isAdmin(store: StoreReader, openid: string): Promise<boolean> {
  return (await store.listRolesOf(openid)).some((r) => r.role === 'admin');
}

/** FORBIDDEN unless `openid` holds the admin role. */
export async function requireAdmin(store: StoreReader, openid: string): Promise<void> {
  if (!(await isAdmin(store, openid))) throw new AppError('FORBIDDEN', NOT_AN_ADMIN);
}
