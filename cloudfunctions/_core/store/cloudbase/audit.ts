/** CloudBase: the audit trail (`audit_log`) and counted refusals. */
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX, auditSeq, pageSize, refusalAuditEntry, refusalMinute } from '../derived';
import type { AuditEntry } from '../records';
import type { CloudBaseArea } from './commit';
import { auditDocOf, COLLECTIONS, str, type CloudBaseDoc, type CloudBaseHelpers } from './db';

function auditOf(d: CloudBaseDoc): AuditEntry {
  const e: AuditEntry = {
    id: str(d._id),
    at: str(d.at),
    actor: str(d.actor),
    actingFor: d.actingFor === null || d.actingFor === undefined ? null : str(d.actingFor),
    fn: str(d.fn),
    action: str(d.action),
    target: str(d.target),
    result: str(d.result),
  };
  if (typeof d.requestId === 'string') e.requestId = d.requestId;
  if (typeof d.count === 'number') e.count = d.count;
  return e;
}

/** The audit area. */
export function auditArea({ col, command: _, createIfAbsent, getAll }: CloudBaseHelpers): CloudBaseArea<'audit'> {
  return {
    ops: {
      async listAudit(query) {
        const limit = pageSize(query.limit, AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX);
        const cond: Record<string, unknown> =
          query.target !== undefined ? { target: query.target } : { actor: query.actor as string };
        if (query.before !== undefined) cond.seq = _.lt(query.before);
        const { data } = await col(COLLECTIONS.audit)
          .where(cond)
          .orderBy('seq', 'desc')
          .limit(limit + 1)
          .get();
        const entries = data.slice(0, limit).map(auditOf);
        const last = entries[entries.length - 1];
        return data.length > limit && last ? { entries, next: auditSeq(last) } : { entries };
      },
      async countRefusalsInMinute(actor, minute) {
        // At most a few rows a caller and minute: the dispatcher answers RATE_LIMITED past its limit.
        const docs = await getAll(col(COLLECTIONS.audit).where({ actor, minute }).orderBy('_id', 'asc'));
        return docs.reduce((n, d) => n + (typeof d.count === 'number' ? d.count : 0), 0);
      },
      async appendAudit(e) {
        await createIfAbsent(COLLECTIONS.audit, auditDocOf(e)); // an existing id is the same entry replayed: keep it
      },
      async countRefusal(e) {
        const entry = refusalAuditEntry(e);
        const bump = () =>
          col(COLLECTIONS.audit)
            .doc(entry.id)
            .update({ data: { count: _.inc(1) } });
        // Update first (the usual case in a burst), create when missing; a create lost to a concurrent one is an update.
        if ((await bump()).stats.updated > 0) return;
        if (await createIfAbsent(COLLECTIONS.audit, { ...auditDocOf(entry), minute: refusalMinute(e.at) })) return;
        await bump();
      },
    },
  };
}
