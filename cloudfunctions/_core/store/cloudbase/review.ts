/** CloudBase: review tasks (阅卷); `applicationId`, `department`, `status`, `seq` and `updatedAt` top-level. */
import { pageSize, TASK_PAGE_DEFAULT, TASK_PAGE_MAX, taskSeq } from '../derived';
import type { TaskRecord } from '../records';
import { putIf, setData, type CloudBaseArea, type VersionedDoc } from './commit';
import { byString, COLLECTIONS as C, docOf, type CloudBaseHelpers } from './db';

/** The document of a task. */
function taskDoc(rec: TaskRecord): VersionedDoc {
  return {
    collection: C.tasks,
    id: rec.id,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      applicationId: rec.applicationId,
      department: rec.department,
      status: rec.status,
      updatedAt: rec.updatedAt,
      seq: taskSeq(rec),
      docJson: JSON.stringify(rec),
    },
  };
}

/** The review area. */
export function reviewArea(h: CloudBaseHelpers): CloudBaseArea<'review'> {
  const { col, command: _, byId, getAll } = h;
  return {
    ops: {
      async getTask(id) {
        const d = await byId(C.tasks, id);
        return d ? docOf<TaskRecord>(d) : null;
      },
      async listTasksByApplication(applicationId) {
        const docs = await getAll(col(C.tasks).where({ applicationId }).orderBy('_id', 'asc'));
        return docs.map((d) => docOf<TaskRecord>(d)).sort(byString((t) => t.indicatorId));
      },
      async listTasksByDepartment(query) {
        const limit = pageSize(query.limit, TASK_PAGE_DEFAULT, TASK_PAGE_MAX);
        const cond: Record<string, unknown> = { department: query.department };
        if (query.status !== undefined) cond.status = query.status;
        if (query.after !== undefined) cond.seq = _.gt(query.after);
        const { data } = await col(C.tasks)
          .where(cond)
          .orderBy('seq', 'asc')
          .limit(limit + 1)
          .get();
        const tasks = data.slice(0, limit).map((d) => docOf<TaskRecord>(d));
        const last = tasks[tasks.length - 1];
        return data.length > limit && last ? { tasks, next: taskSeq(last) } : { tasks };
      },
      async putTask(rec, expect) {
        const doc = taskDoc(rec);
        if (expect) return putIf(h, doc, expect);
        await col(C.tasks)
          .doc(rec.id)
          .set({ data: setData(doc) });
      },
    },
    plans: {
      putTask: (rec, expect) => ({ doc: taskDoc(rec), expect }),
    },
  };
}
