/**
 * Who may call an action, declared once in the action map and enforced by the runtime before the handler runs
 * (cloudfunctions/_core/runtime.ts). The handler still resolves WHICH record (case, task, entrustment) the caller may
 * touch; the access kind says who may call at all.
 */
import type { EntrustmentScope } from '../application/delegation';

/**
 * - `public`: anyone, with or without an openid (voucher verification, the publicity list); rate-limited per caller
 *   (the openid, else the client IP the platform reports).
 * - `user`: any signed-in caller, no role needed (`whoami`).
 * - `applicant`: a signed-in person acting for themselves or, within `scope`, as the agent of a verified
 *   entrustment; `privacy: true` refuses PRIVACY_REQUIRED until the caller accepted the current privacy notice.
 * - `reviewer`: a reviewer of a department (`of: 'department'`) or of a district acceptance point
 *   (`of: 'district'`); the runtime resolves the department or district and hands it to the handler. With
 *   `notFound`, a caller without the role is answered NOT_FOUND with that message (the same answer as a missing
 *   record: holding an id reveals nothing) instead of FORBIDDEN.
 * - `admin`: the admin role, or a system caller (the administrator CLI acts as the system administrator).
 * - `system`: only a system caller (the scheduler's timer, the administrator CLI) — never a platform caller.
 */
export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'user' }
  | { readonly kind: 'applicant'; readonly scope?: EntrustmentScope; readonly privacy?: true }
  | { readonly kind: 'reviewer'; readonly of: 'department' | 'district'; readonly notFound?: string }
  | { readonly kind: 'admin' }
  | { readonly kind: 'system' };

/** An access kind. */
export type AccessKind = Access['kind'];

/**
 * Whether an action changes state: `false` (a query: read-only store, never writes), `true` (a mutation: one store
 * transaction, a client request id, idempotent, audited) or `'bulk'` (a run over many records — publishing — in
 * batches of its own transactions and the store's bulk writes; idempotent by what it writes, audits itself).
 */
export type Effect = boolean | 'bulk';

/** Chinese messages of access refusals the runtime answers itself. */
export const ACCESS_MESSAGES = {
  /** A system-only action called by a person. */
  systemOnly: '此操作只能由系统定时任务或管理员命令行执行',
} as const;
