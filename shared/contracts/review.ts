/**
 * 阅卷: the reviewer function's department actions — the caller's roles, the department's task queue, a task and the
 * part of its case the department may see, the decision, links to the materials its tasks prove.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { ISODate } from '../dates';
import type { Round } from '../rounds';
import type { PolicyVersion } from '../policy/schema';
import type { DistrictCode } from '../application/districts';
import type { ProfilePart, ReviewerPerson } from '../application/reviewer-scope';
import { TASK_STATUSES, type TaskStatus } from '../application/status';
import type { RoleKind } from '../application/kinds';
import { recordId as id } from './ids';
import type { MaterialView } from './materials';
import type { TaskEvent } from '../lifecycle/lifecycle';

/** Task statuses as a tuple (the queue's filter). */
const TASK_STATUS_LIST = Object.keys(TASK_STATUSES) as [TaskStatus, ...TaskStatus[]];

/** A task in a reviewer's queue. */
export interface TaskSummary {
  taskId: string;
  applicationId: string;
  receiptNumber: string;
  indicatorId: string;
  indicatorName: string;
  status: TaskStatus;
  statusLabel: string;
  acceptedOn: ISODate;
  resultDate: ISODate;
  /** Past the result date and still pending. */
  overdue: boolean;
}
/** A material as a reviewer sees it: with its hash and upload time (what was checked at attach), behind a short-lived link. */
export interface ReviewerMaterial extends MaterialView {
  /** SHA-256 of the bytes, hex, as recorded when the material was attached. */
  sha256: string;
  url: string;
  expiresAt: string;
}
/**
 * A task with what the reviewer needs to decide: the person as far as the department's indicators need them (the ID
 * number in full only where an indicator is checked by it, see `reviewerNeeds` in the policy data).
 */
export interface TaskDetail extends TaskSummary {
  department: string;
  person: ReviewerPerson;
  /** The declared facts of this indicator (and the profile refs they came from). */
  declaredFacts: unknown[];
  factRefs: string[];
  /** The verified facts when corrected. */
  verifiedFacts?: unknown[];
  materials: ReviewerMaterial[];
  note?: string;
  missing?: string;
  history: { at: string; status: TaskStatus; note?: string }[];
  /** What the reviewer may decide now (confirm, correct, reject, return), empty once decided or the case is. */
  actions: TaskEvent[];
}
/** `whoami`: the caller's reviewer roles. */
export const WhoamiReq = z.strictObject({});
/** Response of `whoami`. */
export interface WhoamiRes {
  roles: { role: RoleKind; department?: string; district?: DistrictCode }[];
}
/** `task.list`: the reviewer's department's tasks. */
export const TaskListReq = z.strictObject({
  status: z.optional(z.enum(TASK_STATUS_LIST)),
  limit: z._default(checked(z.number(), z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(checked(z.string(), z.maxLength(200))),
});
/** Response of `task.list`. */
export interface TaskListRes {
  department: string;
  tasks: TaskSummary[];
  next?: string;
}
/** `task.get`. */
export const TaskGetReq = z.strictObject({ taskId: id });
/** Response of `task.get` / `task.decide`. */
export interface TaskRes {
  task: TaskDetail;
}
/** `task.decide` (mutation): confirm, correct (verified facts), reject (reason) or return for 补正 (what is missing). */
export const TaskDecideReq = z.discriminatedUnion(
  'decision',
  [
    z.strictObject({
      taskId: id,
      decision: z.literal('confirm'),
      note: z.optional(checked(z.string(), z.maxLength(500))),
    }),
    z.strictObject({
      taskId: id,
      decision: z.literal('correct'),
      facts: checked(z.array(z.unknown()), z.maxLength(500)),
      note: checked(z.string(), z.trim(), z.minLength(1, '更正时请说明理由'), z.maxLength(500)),
    }),
    z.strictObject({
      taskId: id,
      decision: z.literal('reject'),
      note: checked(z.string(), z.trim(), z.minLength(1, '不予认定时请说明理由'), z.maxLength(500)),
    }),
    z.strictObject({
      taskId: id,
      decision: z.literal('return'),
      missing: checked(z.string(), z.trim(), z.minLength(1, '退回补正时请说明缺少什么'), z.maxLength(500)),
      note: z.optional(checked(z.string(), z.maxLength(500))),
    }),
  ],
  { error: '请选择阅卷结论' },
);

/** One of the department's indicators in a case, as {@link ReviewerCaseView} lists it. */
export interface ReviewerIndicator {
  taskId: string;
  indicatorId: string;
  indicatorName: string;
  status: TaskStatus;
  statusLabel: string;
  declaredFacts: unknown[];
  factRefs: string[];
  verifiedFacts?: unknown[];
}
/**
 * The part of a case a department's reviewer may see: its own indicators' facts, the person as far as they need
 * them, and the declared profile cut down to those facts (the task page's points preview scores it). Never the whole
 * profile, the mobile, or other departments' facts.
 */
export interface ReviewerCaseView {
  applicationId: string;
  roundId: string;
  receiptNumber: string;
  department: string;
  acceptedOn: ISODate;
  resultDate: ISODate;
  person: ReviewerPerson;
  indicators: ReviewerIndicator[];
  profile: ProfilePart;
  /** The case's round and the policy version it was submitted under (labels and the preview); null if unknown. */
  rules: { round: Round; policy: PolicyVersion } | null;
}
/** `task.case`: the part of the task's case the caller's department may see (audited as a read of the person's data). */
export const TaskCaseReq = z.strictObject({ taskId: id });
/** Response of `task.case`. */
export interface TaskCaseRes {
  case: ReviewerCaseView;
}
/** `material.link` (reviewer): a fresh short-lived link to a material of one of the department's tasks. */
export const ReviewerMaterialLinkReq = z.strictObject({ materialId: id });
