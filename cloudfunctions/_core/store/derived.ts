/**
 * What both adapters derive from records the same way, so they cannot drift apart: sort keys and page cursors, page
 * sizes, deterministic ids (counted refusals, role scopes), and the messages and trail entries publishing writes.
 */
import { createHash } from 'crypto';
import { caseTarget } from '../cases/person';
import type { ISODate } from '../../../shared/dates';
import type { DistrictCode } from '../../../shared/application/districts';
import type { ApplicationRecord, AuditEntry, OutboxMessage, PublishAudit, RefusalEvent, TaskRecord } from './records';

/** The minute a refusal is counted in: `YYYY-MM-DDTHH:MM` of its UTC timestamp. */
export function refusalMinute(at: string): string {
  return at.slice(0, 16);
}

/**
 * The audit entry id of a counted refusal: one per minute, caller, function, action, target and code, so a burst of
 * the same refusal is one entry with a count, never one entry each.
 */
export function refusalAuditId(e: Pick<RefusalEvent, 'at' | 'actor' | 'fn' | 'action' | 'target' | 'result'>): string {
  const key = [refusalMinute(e.at), e.actor, e.fn, e.action, e.target, e.result].join('\n');
  return `r_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** The counted audit entry a first refusal creates (count 1). */
export function refusalAuditEntry(e: RefusalEvent): AuditEntry {
  const entry: AuditEntry = {
    id: refusalAuditId(e),
    at: e.at,
    actor: e.actor,
    actingFor: null,
    fn: e.fn,
    action: e.action,
    target: e.target,
    result: e.result,
    count: 1,
  };
  if (e.requestId !== undefined) entry.requestId = e.requestId;
  return entry;
}

/**
 * The id of a case's 'result' message to `openid`: deterministic (recorded again, kept once) and led by the result
 * date, which is fixed at acceptance. Publishing goes in result-date order, so a run's messages get ascending ids and
 * the outbox's id-ordered indexes append instead of taking each batch's ids between earlier ones.
 */
export function resultMessageId(app: { id: string; resultDate: ISODate }, openid: string): string {
  return `result:${app.resultDate}:${app.id}:${openid}`;
}

/** The 'result' outbox message publishDue records for one subscriber (both adapters build it here). */
export function resultOutboxMessage(
  app: { id: string; receiptNumber: string; resultDate: ISODate; total: string },
  openid: string,
  at: string,
): OutboxMessage {
  return {
    id: resultMessageId(app, openid),
    kind: 'result',
    toOpenid: openid,
    applicationId: app.id,
    data: { receiptNumber: app.receiptNumber, resultDate: app.resultDate, total: app.total },
    createdAt: at,
    sent: false,
    attempts: 0,
  };
}

/**
 * The `result.publish` audit entry of a published case (both adapters build it here). Its id is derived from the
 * case, so an entry recorded again by a re-run is kept once.
 */
export function publishAuditEntry(applicationId: string, at: string, by: PublishAudit): AuditEntry {
  return {
    id: `a_pub_${createHash('sha256').update(applicationId).digest('hex').slice(0, 32)}`,
    at,
    actor: by.actor,
    actingFor: null,
    fn: by.fn,
    action: 'result.publish',
    target: caseTarget(applicationId),
    result: 'ok',
  };
}

/** Openids that asked for the 'result' message of an application. */
export function resultSubscribers(app: Pick<ApplicationRecord, 'subscriptions'>): string[] {
  return [...new Set(app.subscriptions.filter((s) => s.kinds.includes('result')).map((s) => s.openid))];
}

/** Largest page of {@link StoreReader.listApplicationsByStatus} (CloudBase's query limit). */
export const SCAN_PAGE_MAX = 1000;
/**
 * Largest batch of {@link StoreBulk.publishDue}. Adapters may publish fewer per call: CloudBase at most
 * {@link SCAN_PAGE_MAX} (its query limit); SQLite all of it in one transaction (fewer, larger commits write each
 * touched page once instead of once per 1,000 cases).
 */
export const PUBLISH_BATCH_MAX = 10_000;
/** Default page of {@link StoreReader.listApplicationsByStatus}. */
export const SCAN_PAGE_DEFAULT = 100;
/** Largest page of {@link StoreReader.listTasksByDepartment}. */
export const TASK_PAGE_MAX = 100;
/** Default page of {@link StoreReader.listTasksByDepartment}. */
export const TASK_PAGE_DEFAULT = 20;

/** Clamps a page size to 1…max. */
export function pageSize(limit: number | undefined, def: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return def;
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** Sort key and cursor of an application scan: result date, then id. */
export function applicationSeq(a: Pick<ApplicationRecord, 'resultDate' | 'id'>): string {
  return `${a.resultDate ?? ''}|${a.id}`;
}
/** Sort key and cursor of a department's queue: result date, then id. */
export function taskSeq(t: Pick<TaskRecord, 'resultDate' | 'id'>): string {
  return `${t.resultDate}|${t.id}`;
}

/** Default and largest page size of {@link StoreReader.listAudit}. */
export const AUDIT_PAGE_DEFAULT = 20;
/** See {@link AUDIT_PAGE_DEFAULT}. */
export const AUDIT_PAGE_MAX = 100;

/**
 * The sort key of an audit entry: time, then id, so that entries of the same millisecond still have one order.
 * It is also the page cursor.
 */
export function auditSeq(entry: Pick<AuditEntry, 'at' | 'id'>): string {
  return `${entry.at}|${entry.id}`;
}

/**
 * The key that makes a role unique besides openid and role: the department, `district:<code>` for a district
 * acceptance point, or empty (administrators). Both adapters key roles by it.
 */
export function roleScopeKey(department: string | undefined, district: DistrictCode | undefined): string {
  if (department) return department;
  return district ? `district:${district}` : '';
}

/**
 * The trail entry of a case confirmed by the scheduler (逾期视为确认分值): a deterministic id per case, so an entry
 * recorded again by a re-run is kept once. The id follows the case id (not a hash), so a batch's entries land next to
 * each other in the audit table's key order: confirming 100,000 cases writes them in order.
 */
export function confirmAuditEntry(applicationId: string, at: string, by: PublishAudit): AuditEntry {
  return {
    id: `a_cnf_${applicationId}`,
    at,
    actor: by.actor,
    actingFor: null,
    fn: by.fn,
    action: 'result.confirm',
    target: caseTarget(applicationId),
    result: 'ok',
  };
}

/** The sort key of a re-review task in its department's queue (oldest first): created at, then id. */
export function recheckSeq(r: { createdAt: string; id: string }): string {
  return `${r.createdAt}|${r.id}`;
}

/** Open disputes first in the district office's queue: the order of their statuses. */
export const DISPUTE_QUEUE_ORDER = ['raised', 'returned', 'reviewing', 'decided'] as const;

/**
 * The sort key and cursor of a settlement application in its round's lists: its (last) submission, then id; a draft
 * sorts by its creation.
 */
export function settlementSeq(s: { submittedAt?: string; createdAt: string; id: string }): string {
  return `${s.submittedAt ?? s.createdAt}|${s.id}`;
}

/** Default and largest page of {@link StoreReader.listSettlementsByStatus}. */
export const SETTLEMENT_PAGE_DEFAULT = 50;
/** See {@link SETTLEMENT_PAGE_DEFAULT}. */
export const SETTLEMENT_PAGE_MAX = 1000;

/** Orders settlement totals for ranking: highest total first, then earliest submission, then id. */
export function byRank(a: { total: string; submittedAt: string; id: string }, b: typeof a): number {
  const d = Number(b.total) - Number(a.total);
  if (d !== 0) return d;
  if (a.submittedAt !== b.submittedAt) return a.submittedAt < b.submittedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
