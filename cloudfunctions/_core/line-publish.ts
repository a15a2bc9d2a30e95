/**
 * Publishing a round's settlement line and what follows it, shared by the admin function (`settlement.line.publish`)
 * and the scheduler's run (which continues an interrupted publication and ends the publicity):
 *
 * 1. start — one transaction: the line's guards (quota set in a quota round, the settlement window over, no
 *    application still under review), the decision over every verified application's total (shared/settlement),
 *    the publicity window, status `publishing`, one audit entry. From here the line is final.
 * 2. move — batches of their own transactions: each verified application of the round goes to `admitted` or
 *    `notAdmitted` through the SETTLEMENT machine (conditional writes on the application as read), the admitted get
 *    their entry on the list (masked name and ID number, district, total, shared rank), each change its trail entry,
 *    the line its running counts (a conditional write, so two runs cannot both move a batch). Resumable: a stopped
 *    run leaves applications `verified`, and the next run (the administrator's or the scheduler's) continues.
 * 3. list — when none is left `verified`, the line goes `publicity`.
 * 4. notices — on the working day after the last publicity day, every listed person with no open objection gets the
 *    准入通知书 (the notice helper, _core/notices.ts, admitted → noticed); once no one is left to notice, the line
 *    goes `closed`. A person with an open objection waits for its resolution.
 */
import { createHash, randomUUID } from 'crypto';
import type { WorkCalendar } from '../../shared/calendar';
import { beijingDate, type ISODate } from '../../shared/dates';
import { toHalves } from '../../shared/engine/points';
import { SETTLEMENT, SETTLEMENT_LINE, sourcesOf, transition } from '../../shared/lifecycle';
import type { PolicyVersion } from '../../shared/policy';
import type { Round } from '../../shared/rounds';
import {
  distribution,
  isAdmittedTotal,
  lineForQuota,
  noQuotaDecision,
  publicityWindow,
  type LineDecision,
  type TotalStep,
} from '../../shared/settlement';
import { asRead } from './cases/decide';
import { loadCalendar, loadRoundState, policyOf } from './cases/rounds';
import { issueAdmissionNotice } from './notices';
import { entryIdOf, entrySeq, lineCtx, lineOrDefault, requireRound, storedDecision, totalHalves } from './publicity';
import type {
  AuditEntry,
  PublicityEntry,
  SettlementLineRecord,
  SettlementRecord,
  SettlementTotal,
  Store,
  StoreReader,
} from './store/types';

/** Settlement applications moved (or noticed) per transaction. */
export const LINE_BATCH = 200;
/** A run stops starting new batches after this long; the next run continues. */
export const LINE_BUDGET_MS = 15_000;

/** Who runs it: an administrator's openid, `cli:<user>`, or the timer. */
export interface LineRunBy {
  actor: string;
  fn: string;
  action: string;
}

/** The states a settlement is still under review in (the line waits for them). */
const UNDER_REVIEW = [...new Set([...sourcesOf(SETTLEMENT, 'verify'), ...sourcesOf(SETTLEMENT, 'resubmit')])];

function auditEntry(by: LineRunBy, at: string, target: string, action = by.action, id?: string): AuditEntry {
  return {
    id: id ?? `a_${randomUUID()}`,
    at,
    actor: by.actor,
    actingFor: null,
    fn: by.fn,
    action,
    target,
    result: 'ok',
  };
}

/** A deterministic id per settlement and event (a re-run writes the same trail entry once). */
function trailId(settlementId: string, event: string): string {
  return `a_line_${createHash('sha256').update(`${settlementId}\n${event}`).digest('hex').slice(0, 32)}`;
}

/** How many applications of a round are still under review (0 … a count; stops counting at 1000 a status). */
export async function countUnderReview(store: StoreReader, roundId: string): Promise<number> {
  let n = 0;
  for (const status of UNDER_REVIEW) {
    n += (await store.listSettlementsByStatus({ roundId, status, limit: 1000 })).settlements.length;
  }
  return n;
}

/** The verified totals of a round in half-points. */
export function halvesOf(totals: readonly SettlementTotal[]): number[] {
  return totals.map((t) => totalHalves(t.total));
}

/** The decision a round's line record implies over a distribution (quota rounds need `quota`). */
export function decide(
  round: Round,
  rec: Pick<SettlementLineRecord, 'quota' | 'tieRule'>,
  dist: readonly TotalStep[],
  policy: PolicyVersion,
  quota = rec.quota,
): LineDecision {
  const qualifying = toHalves(policy.qualifyingScore);
  if (round.quotaMode === 'none') return noQuotaDecision(dist, qualifying);
  return lineForQuota(dist, quota as number, rec.tieRule, qualifying);
}

/** Step 1: fixes the line (see the module comment). Returns the record as written. */
export async function startPublication(
  store: Store,
  now: Date,
  roundId: string,
  by: LineRunBy,
): Promise<SettlementLineRecord> {
  const at = now.toISOString();
  const today = beijingDate(now);
  return store.transaction(async (tx) => {
    const state = await loadRoundState(tx, now);
    const round = requireRound(state.rounds, roundId);
    const stored = await tx.getSettlementLine(roundId);
    const rec = lineOrDefault(roundId, stored, at);
    const underReview = rec.status === 'open' ? await countUnderReview(tx, roundId) : 0;
    const status = transition(SETTLEMENT_LINE, rec.status, 'publish', 'admin', lineCtx(round, rec, today, underReview));
    const policy = policyOf(state, round);
    const totals = await tx.listSettlementTotals(roundId);
    const calendar = await loadCalendar(tx);
    const dist = distribution(halvesOf(totals));
    const decision = decide(round, rec, dist, policy);
    const next: SettlementLineRecord = {
      ...rec,
      status,
      decision: storedDecision(decision, toHalves(policy.qualifyingScore)),
      ranks: dist.map((s) => [s.halves, s.rank]),
      publishedAt: at,
      publishedBy: by.actor,
      publicity: publicityWindow(calendar, today, rec.publicityWorkingDays),
      moved: { admitted: 0, notAdmitted: 0 },
      updatedAt: at,
    };
    // Conditional on the record as read; a round never set up is created here (with its defaults).
    if (stored) await tx.putSettlementLine(next, asRead(stored));
    else await tx.putSettlementLine(next);
    await tx.appendAudit(auditEntry(by, at, `settlement-line:${roundId}`));
    return next;
  });
}

/** The list entry of an admitted application. */
function entryOf(s: SettlementRecord, rank: number, at: string): PublicityEntry {
  return {
    id: entryIdOf(s.id),
    roundId: s.roundId,
    settlementId: s.id,
    rank,
    seq: entrySeq(rank, s.id),
    maskedName: s.maskedName,
    maskedIdNumber: s.maskedIdNumber,
    district: s.district ?? s.destination?.district ?? 'xihu',
    total: s.total ?? '',
    status: 'listed',
    noticed: false,
    createdAt: at,
    updatedAt: at,
  };
}

/** One batch of step 2: moves up to {@link LINE_BATCH} verified applications; false when none was left. */
async function moveBatch(store: Store, roundId: string, now: Date, by: LineRunBy): Promise<boolean> {
  const at = now.toISOString();
  return store.transaction(async (tx) => {
    const rec = await tx.getSettlementLine(roundId);
    if (!rec || rec.status !== 'publishing' || !rec.decision) return false;
    const page = await tx.listSettlementsByStatus({ roundId, status: 'verified', limit: LINE_BATCH });
    if (page.settlements.length === 0) return false;
    const qualifying = toHalves(Number(rec.decision.qualifying));
    const line = rec.decision.line === null ? null : toHalves(Number(rec.decision.line));
    const ranks = new Map(rec.ranks ?? []);
    const moved = { ...(rec.moved ?? { admitted: 0, notAdmitted: 0 }) };
    for (const s of page.settlements) {
      const halves = totalHalves(s.total ?? '0');
      const admitted = isAdmittedTotal({ line }, halves, qualifying);
      const event = admitted ? 'admit' : 'notAdmit';
      const status = transition(SETTLEMENT, s.status, event, 'admin', undefined);
      await tx.putSettlement({ ...s, status, admittedAt: at, line: rec.decision.line, updatedAt: at }, asRead(s));
      await tx.appendAudit({
        ...auditEntry(by, at, `settlement:${s.id}`, `settlement.${event}`, trailId(s.id, event)),
        actingFor: `person:${s.personKey}`,
      });
      if (admitted) {
        await tx.putPublicityEntry(entryOf(s, ranks.get(halves) ?? 0, at));
        moved.admitted++;
      } else moved.notAdmitted++;
    }
    await tx.putSettlementLine({ ...rec, moved, updatedAt: at }, asRead(rec));
    return true;
  });
}

/** Step 3: the line goes public once nothing is left to move. */
async function listLine(store: Store, roundId: string, now: Date, by: LineRunBy): Promise<SettlementLineRecord> {
  const at = now.toISOString();
  return store.transaction(async (tx) => {
    const rec = (await tx.getSettlementLine(roundId)) as SettlementLineRecord;
    if (rec.status !== 'publishing') return rec;
    const round = requireRound((await loadRoundState(tx, now)).rounds, roundId);
    const status = transition(SETTLEMENT_LINE, rec.status, 'list', 'admin', lineCtx(round, rec, beijingDate(now)));
    const next = { ...rec, status, updatedAt: at };
    await tx.putSettlementLine(next, asRead(rec));
    await tx.appendAudit(auditEntry(by, at, `settlement-line:${roundId}`, 'settlement.line.list'));
    return next;
  });
}

/**
 * Steps 2–3 for a line being published: moves batches until none is left (then lists it) or the time budget is
 * spent. Returns the line as it stands and whether it is done.
 */
export async function continuePublication(
  store: Store,
  clock: () => Date,
  roundId: string,
  by: LineRunBy,
  budgetMs = LINE_BUDGET_MS,
): Promise<{ line: SettlementLineRecord; done: boolean }> {
  const started = Date.now();
  for (;;) {
    if (Date.now() - started > budgetMs) {
      return { line: (await store.getSettlementLine(roundId)) as SettlementLineRecord, done: false };
    }
    if (!(await moveBatch(store, roundId, clock(), by))) break;
  }
  return { line: await listLine(store, roundId, clock(), by), done: true };
}

/** One batch of step 4: notices for listed people without an open objection; how many were issued. */
async function noticeBatch(
  store: Store,
  rec: SettlementLineRecord,
  how: { today: ISODate; at: string; calendar: WorkCalendar },
  after: string | undefined,
): Promise<{ issued: number; held: number; next?: string }> {
  return store.transaction(async (tx) => {
    const query = { roundId: rec.roundId, status: 'listed' as const, noticed: false, limit: LINE_BATCH };
    const page = await tx.listPublicityEntries(after === undefined ? query : { ...query, after });
    const due: { entry: PublicityEntry; settlement: SettlementRecord }[] = [];
    let held = 0;
    for (const entry of page.entries) {
      const objections = await tx.listObjectionsByEntry(entry.id);
      const settlement = await tx.getSettlement(entry.settlementId);
      if (objections.some((o) => o.status === 'open') || !settlement || settlement.status !== 'admitted') {
        held++;
        continue;
      }
      due.push({ entry, settlement });
    }
    for (const { entry, settlement } of due) {
      const { document } = await issueAdmissionNotice(tx, settlement, { ...how, actor: 'system' });
      await tx.putPublicityEntry({ ...entry, noticed: true, noticedAt: how.at, updatedAt: how.at }, asRead(entry));
      await tx.appendAudit({
        id: trailId(settlement.id, 'issueNotice'),
        at: how.at,
        actor: 'system:publicity',
        actingFor: `person:${settlement.personKey}`,
        fn: 'scheduler',
        action: 'settlement.issueNotice',
        target: `settlement:${settlement.id}`,
        result: document.number,
      });
    }
    const out: { issued: number; held: number; next?: string } = { issued: due.length, held };
    if (page.next) out.next = page.next;
    return out;
  });
}

/** What ending one round's publicity did. */
export interface PublicityEnd {
  roundId: string;
  noticed: number;
  /** Listed people still waiting (an open objection). */
  held: number;
  closed: boolean;
}

/**
 * Step 4 for one round in publicity whose notices are due (`today` ≥ the working day after the last publicity day,
 * and a working day): issues the notices, then closes the round when nobody is left waiting.
 */
export async function endPublicity(
  store: Store,
  clock: () => Date,
  rec: SettlementLineRecord,
  by: LineRunBy,
  budgetMs = LINE_BUDGET_MS,
): Promise<PublicityEnd | null> {
  const now = clock();
  const today = beijingDate(now);
  const calendar = await loadCalendar(store);
  if (!rec.publicity || today < rec.publicity.noticesOn || !calendar.isWorkday(today)) return null;
  const out: PublicityEnd = { roundId: rec.roundId, noticed: 0, held: 0, closed: false };
  const started = Date.now();
  let after: string | undefined;
  do {
    if (Date.now() - started > budgetMs) return out;
    const batch = await noticeBatch(store, rec, { today, at: clock().toISOString(), calendar }, after);
    out.noticed += batch.issued;
    out.held += batch.held;
    after = batch.next;
  } while (after);
  if (out.held > 0) return out;
  const at = clock().toISOString();
  out.closed = await store.transaction(async (tx) => {
    const current = await tx.getSettlementLine(rec.roundId);
    if (!current || current.status !== 'publicity') return false;
    const left = await tx.listPublicityEntries({ roundId: rec.roundId, status: 'listed', noticed: false, limit: 1 });
    if (left.entries.length > 0) return false;
    const round = requireRound((await loadRoundState(tx, now)).rounds, rec.roundId);
    const status = transition(SETTLEMENT_LINE, current.status, 'close', 'system', lineCtx(round, current, today));
    await tx.putSettlementLine({ ...current, status, closedAt: at, updatedAt: at }, asRead(current));
    await tx.appendAudit(auditEntry(by, at, `settlement-line:${rec.roundId}`, 'settlement.line.close'));
    return true;
  });
  return out;
}

/** The scheduler's part: continue every line being published, end every publicity that is due. */
export async function runLineSteps(
  store: Store,
  clock: () => Date,
  by: LineRunBy,
): Promise<{ listed: number; noticed: number; closed: number }> {
  const out = { listed: 0, noticed: 0, closed: 0 };
  for (const rec of await store.listSettlementLinesByStatus('publishing')) {
    if ((await continuePublication(store, clock, rec.roundId, by)).done) out.listed++;
  }
  for (const rec of await store.listSettlementLinesByStatus('publicity')) {
    const end = await endPublicity(store, clock, rec, by);
    if (!end) continue;
    out.noticed += end.noticed;
    if (end.closed) out.closed++;
  }
  return out;
}
