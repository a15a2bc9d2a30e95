/** 阅卷: the reviewer function's task queue, task detail, the department's part of the case, and decisions (subpackage only). */
import type { MaterialLinkRes, ReviewerCaseView, TaskListRes, TaskDetail } from '../../../shared';
import { call, type ReqOf } from '../../services/api';

/** A queue filter: one task status, or all. */
export type TaskFilter = NonNullable<ReqOf<'reviewer', 'task.list'>['status']> | '';

/** One page of the department's queue. */
export async function listTasks(status: TaskFilter, cursor: string | undefined, limit = 20): Promise<TaskListRes> {
  const req: ReqOf<'reviewer', 'task.list'> = { limit };
  if (status) req.status = status;
  if (cursor) req.cursor = cursor;
  return call('reviewer', 'task.list', req);
}

/** One task with its facts, materials (short-lived links) and history. */
export async function getTask(taskId: string): Promise<TaskDetail> {
  return (await call('reviewer', 'task.get', { taskId })).task;
}

/** A decision as sent. */
export type Decision = ReqOf<'reviewer', 'task.decide'>;

/** Records a decision. */
export async function decideTask(decision: Decision, requestId: string): Promise<TaskDetail> {
  return (await call('reviewer', 'task.decide', decision, { requestId })).task;
}

/** The part of the task's case the department may see: its indicators' facts and the person as far as they need. */
export async function getTaskCase(taskId: string): Promise<ReviewerCaseView> {
  return (await call('reviewer', 'task.case', { taskId })).case;
}

/** A fresh short-lived link to a material of one of the department's tasks. */
export async function materialLink(materialId: string): Promise<MaterialLinkRes> {
  return call('reviewer', 'material.link', { materialId });
}
