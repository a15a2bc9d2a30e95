/** SQLite: review tasks (阅卷); `status`, `seq` and `updated_at` columns beside the document. */
import type { AreaOf } from '../areas';
import { pageSize, TASK_PAGE_DEFAULT, TASK_PAGE_MAX, taskSeq } from '../derived';
import type { TaskRecord } from '../records';
import { parse, requireChanged, type Db, type DocRow } from './rows';

/** The review area on one connection. */
export function reviewArea(db: Db): AreaOf<'review'> {
  const q = {
    get: db.prepare<[string], DocRow>('SELECT doc FROM tasks WHERE id = ?'),
    byApp: db.prepare<[string], DocRow>('SELECT doc FROM tasks WHERE application_id = ? ORDER BY id'),
    byDept: db.prepare<[string, string | null, string | null, string | null, string | null, number], DocRow>(
      `SELECT doc FROM tasks WHERE department = ? AND (? IS NULL OR status = ?) AND (? IS NULL OR seq > ?) ORDER BY seq LIMIT ?`,
    ),
    put: db.prepare(
      `INSERT INTO tasks (id, application_id, department, status, seq, updated_at, doc)
       VALUES (@id, @applicationId, @department, @status, @seq, @updatedAt, @doc)
       ON CONFLICT (id) DO UPDATE SET application_id = excluded.application_id, department = excluded.department,
         status = excluded.status, seq = excluded.seq, updated_at = excluded.updated_at, doc = excluded.doc`,
    ),
    putIf: db.prepare(
      `UPDATE tasks SET application_id = @applicationId, department = @department, status = @status, seq = @seq,
         updated_at = @updatedAt, doc = @doc
       WHERE id = @id AND status = @expectStatus AND updated_at = @expectUpdatedAt`,
    ),
  };
  const row = (rec: TaskRecord) => ({
    id: rec.id,
    applicationId: rec.applicationId,
    department: rec.department,
    status: rec.status,
    seq: taskSeq(rec),
    updatedAt: rec.updatedAt,
    doc: JSON.stringify(rec),
  });
  return {
    async getTask(id) {
      const r = q.get.get(id);
      return r ? parse<TaskRecord>(r) : null;
    },
    async listTasksByApplication(applicationId) {
      return q.byApp
        .all(applicationId)
        .map((r) => parse<TaskRecord>(r))
        .sort((a, b) => (a.indicatorId < b.indicatorId ? -1 : 1));
    },
    async listTasksByDepartment(query) {
      const limit = pageSize(query.limit, TASK_PAGE_DEFAULT, TASK_PAGE_MAX);
      const status = query.status ?? null;
      const after = query.after ?? null;
      const rows = q.byDept.all(query.department, status, status, after, after, limit + 1);
      const tasks = rows.slice(0, limit).map((r) => parse<TaskRecord>(r));
      const last = tasks[tasks.length - 1];
      return rows.length > limit && last ? { tasks, next: taskSeq(last) } : { tasks };
    },
    async putTask(rec, expect) {
      if (!expect) {
        q.put.run(row(rec));
        return;
      }
      const changes = q.putIf.run({ ...row(rec), expectStatus: expect.status, expectUpdatedAt: expect.updatedAt });
      requireChanged(changes.changes, rec.id);
    },
  };
}
