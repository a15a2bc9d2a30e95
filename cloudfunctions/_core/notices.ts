/**
 * 《积分落户准入通知书》 as a document: issued for an admitted settlement application at the end of publicity (the
 * settlement goes admitted → noticed through the SETTLEMENT machine), valid 60 days from issue counted per 民法典
 * art. 201/203 (shared/documents/validity), verifiable by the same public path as the voucher.
 *
 * The record is created here, where any function may call it (the line and publicity run, the scheduler, an
 * administrator), without its PDF: only the documents function carries the renderer and the font. The first
 * `notice.get` of the holder renders it, and only then draws the verification code (stored as a salted hash like the
 * voucher's): until then no paper exists, and the notice verifies as unknown for any code.
 */
import { noticeLastValidDay } from '../../shared/documents/validity';
import { noticeNumber } from '../../shared/documents/numbers';
import type { WorkCalendar } from '../../shared/calendar';
import { addDays, type ISODate } from '../../shared/dates';
import { DOCUMENT, SETTLEMENT, transition } from '../../shared/lifecycle';
import { asRead } from './cases/decide';
import { caseTarget } from './cases/person';
import { isReminderDue, settlementMessages } from './settlement-messages';
import type { AuditEntry, DocumentRecord, PublishAudit, SettlementRecord, Store, StoreTx } from './store/types';

/** What issuing a notice needs: the day and instant of the run, the working-day calendar, who issues it. */
export interface NoticeIssue {
  /** The issue day (Beijing date): printed on the notice, the first of its 60 days. */
  today: ISODate;
  /** ISO instant of the run. */
  at: string;
  calendar: WorkCalendar;
  /** `system` (the end-of-publicity run, the scheduler) or `admin`. */
  actor: 'system' | 'admin';
}

/** The case sequence of a settlement receipt number (`LH2021-1102-000123` → 123), the notice number's middle group. */
export function settlementSeqOf(s: Pick<SettlementRecord, 'receiptNumber'>): number {
  const m = /-(\d{6})$/.exec(s.receiptNumber ?? '');
  if (!m) throw new Error('admitted settlement application without a receipt number');
  return Number(m[1]);
}

/**
 * The notice of an admitted settlement application and the application as noticed, without writing anything.
 * Throws `TransitionError` (CONFLICT) when the application is not admitted, and CalendarGapError when the last valid
 * day's year has no holiday table.
 */
export function buildAdmissionNotice(
  s: SettlementRecord,
  how: NoticeIssue,
): { settlement: SettlementRecord; document: DocumentRecord } {
  const status = transition(SETTLEMENT, s.status, 'issueNotice', how.actor, undefined);
  const validUntil = noticeLastValidDay(how.today, how.calendar);
  const number = noticeNumber({ roundId: s.roundId, caseSeq: settlementSeqOf(s), revision: 1 });
  const document: DocumentRecord = {
    number,
    kind: 'notice',
    applicationId: s.id,
    personKey: s.personKey,
    maskedName: s.maskedName,
    roundId: s.roundId,
    policyVersion: '',
    revision: 1,
    resultKey: '',
    total: s.total ?? '',
    confirmedOn: s.confirmedOn ?? how.today,
    issuedOn: how.today,
    validUntil,
    // No code and no file until the holder's first notice.get renders it.
    codeSalt: '',
    codeHash: '',
    fileId: '',
    sha256: '',
    size: 0,
    status: 'issued',
    createdAt: how.at,
    updatedAt: how.at,
  };
  const settlement: SettlementRecord = {
    ...s,
    status,
    noticeNumber: number,
    noticeValidUntil: validUntil,
    updatedAt: how.at,
  };
  return { settlement, document };
}

/**
 * Issues the notice of an admitted settlement application read in this transaction: writes the document and the
 * application (admitted → noticed, a conditional write on the application as read). Call after the transaction's
 * reads (it only writes); for many applications, read them all, then call it for each. The subscribers are told
 * (落户办理进度: the notice issued, its last valid day) in the same transaction.
 */
export async function issueAdmissionNotice(
  tx: Pick<StoreTx, 'putSettlement' | 'putDocument' | 'appendOutbox'>,
  s: SettlementRecord,
  how: NoticeIssue,
): Promise<{ settlement: SettlementRecord; document: DocumentRecord }> {
  const out = buildAdmissionNotice(s, how);
  await tx.putDocument(out.document);
  await tx.putSettlement(out.settlement, asRead(s));
  for (const m of settlementMessages(out.settlement, 'noticed', how.at, how.today)) await tx.appendOutbox(m);
  return out;
}

/**
 * Ends a notice with its settlement application, through both machines: `expire` (the scheduler, after its last
 * valid day) or `use` / `settle` (落户办结 by the household-registration window). Returns the records to write.
 */
export function endNotice(doc: DocumentRecord, at: string, how: 'expire' | 'use'): DocumentRecord {
  const status = transition(DOCUMENT, doc.status, how, how === 'use' ? 'reviewer' : 'system', undefined);
  return { ...doc, status, retiredAt: at, updatedAt: at };
}

/** Lapsed notices ended per transaction (each reads its application and notice, then writes both and an entry). */
export const EXPIRE_BATCH = 100;

/** The trail entry of a notice the scheduler marked expired (deterministic per application: a re-run keeps one). */
function expiryAuditEntry(s: SettlementRecord, at: string, by: PublishAudit): AuditEntry {
  return {
    id: `a_exp_${s.id}`,
    at,
    actor: by.actor,
    actingFor: null,
    fn: by.fn,
    action: 'notice.expire',
    target: caseTarget(s.applicationId),
    result: 'ok',
  };
}

/**
 * The scheduler's step: every unused notice past its last valid day ends — the settlement application noticed →
 * expired (its `expiredOn` the first day the notice no longer runs), the notice document issued → expired — in
 * batches of {@link EXPIRE_BATCH} per transaction, each write conditional on the record as read (one settled
 * meanwhile stays settled: its batch fails and the next run takes the rest). Idempotent; returns how many it ended.
 */
export async function expireLapsedNotices(store: Store, today: ISODate, at: string, by: PublishAudit): Promise<number> {
  let ended = 0;
  for (;;) {
    const done = await store.transaction(async (tx) => {
      const due = await tx.listLapsedNotices(today, EXPIRE_BATCH);
      const docs = await Promise.all(due.map((s) => (s.noticeNumber ? tx.getDocument(s.noticeNumber) : null)));
      const writes = due.map((s, i) => {
        const ctx = { today, ...(s.noticeValidUntil ? { noticeValidUntil: s.noticeValidUntil } : {}) };
        const status = transition(SETTLEMENT, s.status, 'expire', 'system', ctx);
        const expiredOn = addDays(s.noticeValidUntil ?? today, 1);
        return { s, doc: docs[i] ?? null, next: { ...s, status, expiredOn, updatedAt: at } };
      });
      for (const w of writes) {
        if (w.doc && w.doc.status === 'issued') await tx.putDocument(endNotice(w.doc, at, 'expire'), asRead(w.doc));
        await tx.putSettlement(w.next, asRead(w.s));
        await tx.appendAudit(expiryAuditEntry(w.s, at, by));
      }
      return writes.length;
    });
    ended += done;
    if (done < EXPIRE_BATCH) return ended;
  }
}

/**
 * The scheduler's reminder: every unused notice of the rounds whose last valid day is within EXPIRY_REMINDER_DAYS
 * days (today included) and not yet reminded gets one 'expiring' message per subscriber and its `noticeRemindedOn`
 * (a conditional write on the application as read), so later runs (every 30 minutes) skip it without writing; the
 * rows' ids are per application, so even a repeat keeps one. Reads the rounds' noticed applications a page
 * at a time, each page one transaction; returns how many notices it reminded.
 */
export async function remindExpiringNotices(
  store: Store,
  roundIds: readonly string[],
  today: ISODate,
  at: string,
): Promise<number> {
  let reminded = 0;
  for (const roundId of roundIds) {
    let after: string | undefined;
    do {
      const page = await store.transaction(async (tx) => {
        const q = { roundId, status: 'noticed' as const, limit: 1000, ...(after ? { after } : {}) };
        const got = await tx.listSettlementsByStatus(q);
        const due = got.settlements.filter((x) => !x.noticeRemindedOn && isReminderDue(x, today));
        for (const s of due) {
          for (const m of settlementMessages(s, 'expiring', at, today)) await tx.appendOutbox(m);
          await tx.putSettlement({ ...s, noticeRemindedOn: today }, asRead(s));
        }
        return { next: got.next, n: due.length };
      });
      reminded += page.n;
      after = page.next;
    } while (after);
  }
  return reminded;
}
