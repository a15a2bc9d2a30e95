/**
 * 异议 → 复核 → 复核结果 → 确认: the applicant's dispute of a published result (within 7 working days), the district
 * points office's registration (区积分办), each disputed indicator's re-review by its department (复核), the revised
 * result and the confirmed points. Views carry the lifecycle's allowed events for the caller.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { ISODate } from '../dates';
import type { DistrictCode } from '../application/districts';
import type { ActingAs } from '../application/kinds';
import type { ReviewerPerson } from '../application/reviewer-scope';
import type { DisputeState, DisputeEvent, RecheckState, RecheckEvent } from '../lifecycle/lifecycle';
import { recordId as id } from './ids';
import type { MaterialView } from './materials';
import type { ReviewerMaterial } from './review';

/** Longest reason for one disputed indicator, in characters (plain text). */
export const DISPUTE_REASON_MAX = 500;
/** Most evidence materials per disputed indicator. */
export const DISPUTE_EVIDENCE_MAX = 10;
/** Default working-day limit of a re-review before it shows as overdue (an administrator sets it; [I]). */
export const RECHECK_LIMIT_DEFAULT = 10;

/** A plain-text reason: trimmed, no control characters, length-limited. */
/* @__NO_SIDE_EFFECTS__ */
const reason = (empty: string) =>
  checked(
    z.string({ error: empty }),
    z.trim(),
    z.minLength(1, empty),
    z.maxLength(DISPUTE_REASON_MAX, `理由不超过 ${DISPUTE_REASON_MAX} 字`),
    // eslint-disable-next-line no-control-regex
    z.refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), '理由只能是普通文字'),
  );

/**
 * The dispute window of a published case: the last day (the 7th working day after the result date, server time,
 * holiday calendar incl. make-up days) and how many working days are left counting today.
 */
export interface DisputeWindow {
  /** The last day a dispute may be raised. */
  deadline: ISODate;
  /** Working days left from today to the deadline, today included when it is a working day; 0 once passed. */
  workingDaysLeft: number;
  /** "还剩 N 个工作日（截至 2021年10月12日）", "今天是提出异议的最后一天" or "异议期已于 … 结束". */
  label: string;
  /** Whether a dispute may still be raised today (inside the window, none raised yet). */
  open: boolean;
}

/** The points of one line before and after re-review. */
export interface DisputeLinePoints {
  /** The published verified points of the indicator. */
  before: string;
  /** After re-review (null until the revised result is published). */
  after: string | null;
}

/** One disputed indicator: the applicant's reason and evidence, and its re-review. */
export interface DisputeLineView extends DisputeLinePoints {
  indicatorId: string;
  indicatorName: string;
  department: string;
  /** The applicant's reason (plain text, content-checked). */
  reason: string;
  evidence: MaterialView[];
  /** The re-review task, once the district office registered the dispute. */
  recheck: {
    recheckId: string;
    status: RecheckState;
    statusLabel: string;
    /** The department's reason for upholding or revising. */
    reason?: string;
    decidedAt?: string;
    /** Past the administrator's working-day limit and still pending. */
    overdue: boolean;
  } | null;
}

/** A dispute as the applicant (or their agent) and the district office see it. */
export interface DisputeView {
  disputeId: string;
  applicationId: string;
  receiptNumber: string;
  status: DisputeState;
  statusLabel: string;
  district: DistrictCode;
  districtName: string;
  /** Who raised it: the person or their agent. */
  raisedBy: ActingAs;
  raisedOn: ISODate;
  raisedAt: string;
  /** The case's dispute window (the deadline as a date and "还剩 N 个工作日"). */
  window: DisputeWindow;
  lines: DisputeLineView[];
  /** What the district office asked for when it returned the dispute for evidence (once). */
  evidenceAsked?: { missing: string; at: string };
  registeredAt?: string;
  /** The revised result, once every re-review is decided: totals before and after, published and confirmed on. */
  revised: { totalBefore: string; totalAfter: string; publishedOn: ISODate; confirmedOn: ISODate } | null;
  /** The re-review is final: the points are confirmed when the revised result is published. */
  finalNote: string;
  /** What the caller may do now (the lifecycle's DISPUTE events for the caller). */
  actions: DisputeEvent[];
}

/** A dispute in the case's summary (the case page and the home page's to-dos). */
export interface DisputeSummary {
  disputeId: string;
  status: DisputeState;
  statusLabel: string;
  raisedOn: ISODate;
  indicators: { indicatorId: string; indicatorName: string }[];
  /** Lines decided / all lines. */
  decided: number;
  total: number;
  revisedTotal: string | null;
}

/** What the case page needs about disputes and confirmation (added to the application view). */
export interface CaseDisputeInfo {
  /** Present once the result is published. */
  window?: DisputeWindow;
  dispute?: DisputeSummary;
  /** The day the points were confirmed (by the scheduler after the window, or by the revised result). */
  confirmedOn?: ISODate;
}

// ───────────────────────── applicant ─────────────────────────

/** One disputed indicator as raised. */
const DisputeLineReq = z.strictObject({
  indicatorId: checked(
    z.string({ error: '请选择有异议的指标' }),
    z.minLength(1, '请选择有异议的指标'),
    z.maxLength(20),
  ),
  reason: reason('请说明对该指标有异议的理由'),
  /** Evidence uploaded with the `{ disputeOf, indicatorId }` material target (sealed on attach). */
  materialIds: z._default(
    checked(z.array(id), z.maxLength(DISPUTE_EVIDENCE_MAX, `每项指标最多 ${DISPUTE_EVIDENCE_MAX} 份证据材料`)),
    [],
  ),
});

/** `dispute.raise` (mutation): one dispute per case, within the window, on lines of the published result. */
export const DisputeRaiseReq = z.strictObject({
  applicationId: id,
  lines: checked(
    z.array(DisputeLineReq, { error: '请选择有异议的指标' }),
    z.minLength(1, '请至少选择一项有异议的指标'),
    z.maxLength(40),
    z.refine((ls) => new Set(ls.map((l) => l.indicatorId)).size === ls.length, '同一指标只能选择一次'),
  ),
  /** The subscribe-message tap for the re-review result. */
  subscribed: z._default(checked(z.array(z.literal('dispute')), z.maxLength(1)), []),
});
/** `dispute.get`: the case's dispute (null when none was raised) and its window. */
export const DisputeGetReq = z.strictObject({ applicationId: id });
/** `dispute.resubmit` (mutation): after the district office asked for evidence, the added evidence per line. */
export const DisputeResubmitReq = z.strictObject({
  applicationId: id,
  evidence: checked(
    z.array(
      z.strictObject({
        indicatorId: checked(z.string(), z.minLength(1), z.maxLength(20)),
        materialIds: checked(z.array(id), z.maxLength(DISPUTE_EVIDENCE_MAX)),
      }),
    ),
    z.minLength(1, '请补充证据材料'),
    z.maxLength(40),
  ),
});
/** Response of `dispute.raise` / `dispute.get` / `dispute.resubmit`. */
export interface DisputeRes {
  window: DisputeWindow | null;
  dispute: DisputeView | null;
}

// ───────────────────────── district office (reviewer of a district) ─────────────────────────

/** A line of the district office's dispute queue. */
export interface DistrictDisputeSummary extends DisputeSummary {
  applicationId: string;
  receiptNumber: string;
  personName: string;
  /** Re-reviews past the administrator's limit and still pending. */
  overdueRechecks: number;
}
/** `dispute.queue`: disputes of the caller's district (open ones first, oldest first). */
export const DisputeQueueReq = z.strictObject({
  status: z.optional(z.enum(['raised', 'returned', 'reviewing', 'decided'])),
  limit: z._default(checked(z.number(), z.int(), z.gte(1), z.lte(100)), 50),
});
/** Response of `dispute.queue`. */
export interface DisputeQueueRes {
  district: DistrictCode;
  districtName: string;
  /** The re-review limit in working days currently set. */
  recheckLimit: number;
  disputes: DistrictDisputeSummary[];
}
/** `dispute.review`: one dispute of the caller's district, with links to its evidence. */
export const DisputeReviewReq = z.strictObject({ disputeId: id });
/** `dispute.register` (mutation): registered; one 复核 task per disputed indicator goes to its department. */
export const DisputeRegisterReq = z.strictObject({ disputeId: id });
/** `dispute.askEvidence` (mutation, once per dispute): returned to the applicant for more evidence. */
export const DisputeAskEvidenceReq = z.strictObject({
  disputeId: id,
  missing: checked(
    z.string(),
    z.trim(),
    z.minLength(1, '请说明需要补充哪些证据'),
    z.maxLength(500, '说明不超过 500 字'),
  ),
});
/** Response of `dispute.review` / `dispute.register` / `dispute.askEvidence`. */
export interface DistrictDisputeRes {
  dispute: DisputeView & { person: { name: string; idNumberMasked: string }; links: ReviewerMaterial[] };
}

// ───────────────────────── department re-review (复核) ─────────────────────────

/** A 复核 task in a department's queue (kept apart from first review tasks, marked as such). */
export interface RecheckSummary {
  recheckId: string;
  /** Always `recheck`: the queue marks it 复核. */
  kind: 'recheck';
  kindLabel: '复核';
  disputeId: string;
  applicationId: string;
  receiptNumber: string;
  indicatorId: string;
  indicatorName: string;
  status: RecheckState;
  statusLabel: string;
  createdAt: string;
  /** The last day before it is overdue (the administrator's working-day limit from registration). */
  dueOn: ISODate;
  overdue: boolean;
}
/** A 复核 task with what the department needs: the first review, the applicant's reason and evidence. */
export interface RecheckDetail extends RecheckSummary {
  department: string;
  person: ReviewerPerson;
  declaredFacts: unknown[];
  /** The facts as verified in the first review (what was published). */
  verifiedFacts: unknown[];
  firstDecision: { status: string; statusLabel: string; note?: string };
  pointsBefore: string;
  reason: string;
  evidence: ReviewerMaterial[];
  decision?: { reason: string; facts?: unknown[]; decidedAt: string };
  actions: RecheckEvent[];
}
/** `recheck.list`: the caller's department's 复核 tasks. */
export const RecheckListReq = z.strictObject({
  status: z.optional(z.enum(['pending', 'upheld', 'revised'])),
  limit: z._default(checked(z.number(), z.int(), z.gte(1), z.lte(100)), 20),
  cursor: z.optional(checked(z.string(), z.maxLength(200))),
});
/** Response of `recheck.list`. */
export interface RecheckListRes {
  department: string;
  rechecks: RecheckSummary[];
  next?: string;
}
/** `recheck.get`. */
export const RecheckGetReq = z.strictObject({ recheckId: id });
/** Response of `recheck.get` / `recheck.decide`. */
export interface RecheckRes {
  recheck: RecheckDetail;
}
/**
 * `recheck.decide` (mutation): uphold, or revise with the re-verified facts — never a typed number: the points come
 * from the engine over the facts. Both with a reason the applicant reads.
 */
export const RecheckDecideReq = z.discriminatedUnion(
  'decision',
  [
    z.strictObject({ recheckId: id, decision: z.literal('uphold'), reason: reason('维持原结果时请说明理由') }),
    z.strictObject({
      recheckId: id,
      decision: z.literal('revise'),
      reason: reason('更正时请说明理由'),
      facts: checked(z.array(z.unknown()), z.maxLength(500)),
    }),
  ],
  { error: '请选择复核结论' },
);

// ───────────────────────── admin ─────────────────────────

/** `recheck.limit` (mutation): the working days a re-review may take before it shows as overdue. */
export const RecheckLimitReq = z.strictObject({
  workingDays: checked(
    z.number({ error: '请填写工作日数' }),
    z.int('工作日数应为整数'),
    z.gte(1, '至少 1 个工作日'),
    z.lte(60, '不超过 60 个工作日'),
  ),
});
/** Response of `recheck.limit`. */
export interface RecheckLimitRes {
  workingDays: number;
  /** The confidence of the setting: [I] (an inference, the sources are silent). */
  confidence: 'I';
}
/** An overdue 复核 task as `case.overdue` lists it beside the overdue first reviews. */
export interface OverdueRecheck {
  recheckId: string;
  disputeId: string;
  applicationId: string;
  receiptNumber: string;
  indicatorId: string;
  department: string;
  dueOn: ISODate;
}
