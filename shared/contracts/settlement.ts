/**
 * 积分落户申请: the applicant's settlement application (the checklist for a proof of address, the conditions checked
 * on open, saving, submission with a numbered receipt, reading it, resubmission after 补正) and the household-
 * registration window's review (市公安局: its queue, an application with its materials, verify / return for
 * correction / reject with a reason, and 落户办结). Views carry the lifecycle's allowed events for the caller.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { ISODate } from '../dates';
import { DISTRICT_CODES, isUrbanDistrict, type DistrictCode } from '../application/districts';
import { SETTLEMENT_STATUSES } from '../application/status';
import type { Confidence } from '../policy/confidence';
import type { SettlementEvent, SettlementState } from '../lifecycle/lifecycle';
import { recordId as id } from './ids';
import type { MaterialView } from './materials';
import type { ReviewerMaterial } from './review';

/** Most family members moving with the applicant (a spouse and minor children). */
export const SETTLEMENT_MEMBERS_MAX = 6;
/** Longest destination address, in characters. */
export const SETTLEMENT_ADDRESS_MAX = 100;
/** Longest reviewer reason, in characters. */
export const SETTLEMENT_REASON_MAX = 500;

/** Who moves with the applicant. */
export const SETTLEMENT_RELATIONS = { spouse: '配偶', child: '未成年子女' } as const;
/** A relation of a family member moving too. */
export type SettlementRelation = keyof typeof SETTLEMENT_RELATIONS;

const STATUS_LIST = Object.keys(SETTLEMENT_STATUSES) as [SettlementState, ...SettlementState[]];

/** Plain text: trimmed, no control characters, length-limited. */
/* @__NO_SIDE_EFFECTS__ */
const plain = (empty: string, max: number, what: string) =>
  checked(
    z.string({ error: empty }),
    z.trim(),
    z.minLength(1, empty),
    z.maxLength(max, `${what}不超过 ${max} 字`),
    // eslint-disable-next-line no-control-regex
    z.refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), `${what}只能是普通文字`),
  );

const proofKind = checked(
  z.string({ error: '请选择拟落户地址的证明方式' }),
  z.regex(/^[a-z][a-z0-9-]{0,39}$/, '请选择拟落户地址的证明方式'),
);

/** 拟落户地址: the district of the household-registration window (urban Hangzhou) and the address. */
const Destination = z.strictObject({
  district: checked(
    z.enum(DISTRICT_CODES, { error: '请选择拟落户地址所在的区' }),
    z.refine(isUrbanDistrict, { message: '积分落户只办理杭州市区的落户，请选择市区的地址' }),
  ),
  address: checked(
    plain('请填写拟落户地址', SETTLEMENT_ADDRESS_MAX, '拟落户地址'),
    z.refine((s) => s.length >= 5, {
      message: '拟落户地址过短，请填写到门牌号',
    }),
  ),
});

/** A family member moving too (their documents are uploaded on the checklist). */
const Member = z.strictObject({
  relation: z.enum(['spouse', 'child'], { error: '请选择随迁人员与申请人的关系（配偶或未成年子女）' }),
  name: plain('请填写随迁人员的姓名', 30, '姓名'),
  idNumber: checked(
    z.string({ error: '请填写随迁人员的身份证号码' }),
    z.minLength(1, '请填写随迁人员的身份证号码'),
    z.maxLength(20),
  ),
});

/** `settlement.checklist`: the materials for a chosen proof of address (and family members moving too). */
export const SettlementChecklistReq = z.strictObject({
  applicationId: id,
  proofKind: z.optional(proofKind),
  members: z._default(
    checked(z.array(z.enum(['spouse', 'child'])), z.maxLength(SETTLEMENT_MEMBERS_MAX, '随迁人员过多')),
    [],
  ),
});
/** One material of the checklist, with its confidence mark and source from the policy data. */
export interface SettlementChecklistItem {
  /** The material key (`settlement:form`, `settlement:proof.deed`, `settlement:member.0.birth`). */
  key: string;
  label: string;
  group: 'common' | 'proof' | 'member';
  /** For `member`: the member's index in `members`. */
  memberIndex?: number;
  confidence: Confidence;
  source: string;
}
/** Response of `settlement.checklist`. */
export interface SettlementChecklistRes {
  /** The department that reviews (the household-registration window). */
  department: string;
  /** Every proof of the destination the policy knows, to choose from. */
  proofs: { kind: string; label: string; confidence: Confidence }[];
  /** The chosen proof's kind, null when none was chosen (only the common materials are listed). */
  proofKind: string | null;
  items: SettlementChecklistItem[];
}

/** `settlement.eligibility`: the conditions of the settlement application, checked when the page opens. */
export const SettlementEligibilityReq = z.strictObject({ applicationId: id });
/** One condition with its outcome and a plain message. */
export interface SettlementCondition {
  /** `WINDOW`, `CONFIRMED`, `QUALIFYING`, `NO_VETO`, `AGE`, `PERMIT`, `NO_URBAN_HUKOU`, `FULL_CAPACITY`, `NO_DISPUTE`, `NO_FRAUD_BAR`, `VOUCHER`, `ONE_PER_ROUND`. */
  code: string;
  /** The condition in words (年满 18 周岁 …). */
  label: string;
  /** Passed; `null` for a declaration not made yet (checked at submission). */
  ok: boolean | null;
  /** Why it passed or failed, with its date or number. */
  message: string;
}
/** Response of `settlement.eligibility`. */
export interface SettlementEligibilityRes {
  today: ISODate;
  roundId: string;
  /** Every condition, in the order of the policy. */
  conditions: SettlementCondition[];
  /** No condition failed (declarations still to be made do not count as failures). */
  eligible: boolean;
  /** The person's settlement application of this round, when there is one. */
  settlementId: string | null;
}

/** `settlement.save` (mutation): creates or updates the draft (or, during 补正, the returned application). */
export const SettlementSaveReq = z.strictObject({
  applicationId: id,
  destination: Destination,
  proofKind,
  members: z._default(
    checked(z.array(Member), z.maxLength(SETTLEMENT_MEMBERS_MAX, `随迁人员最多 ${SETTLEMENT_MEMBERS_MAX} 人`)),
    [],
  ),
  declarations: z.strictObject({
    noUrbanHukou: z.boolean({ error: '请声明是否已有杭州市区户籍' }),
    fullCapacity: z.boolean({ error: '请声明是否具有完全民事行为能力' }),
  }),
});
/** `settlement.submit` (mutation): conditions checked, every material present, a numbered receipt. */
export const SettlementSubmitReq = z.strictObject({
  applicationId: id,
  /** The subscribe-message tap for the settlement's steps (落户办理进度). */
  subscribed: z._default(checked(z.array(z.literal('settlement')), z.maxLength(1)), []),
});
/** `settlement.get`: the person's settlement application of the case's round. */
export const SettlementGetReq = z.strictObject({ applicationId: id });
/** `settlement.resubmit` (mutation): after 补正, back to the household-registration window. */
export const SettlementResubmitReq = z.strictObject({
  applicationId: id,
  /** The subscribe-message tap, as on submit. */
  subscribed: z._default(checked(z.array(z.literal('settlement')), z.maxLength(1)), []),
});

/** A checklist line with what is attached. */
export interface SettlementChecklistLine extends SettlementChecklistItem {
  materials: MaterialView[];
  state: 'missing' | 'attached';
}
/** A decision of the household-registration window, as the applicant sees it (never who decided). */
export interface SettlementDecisionView {
  event: 'returnForCorrection' | 'verify' | 'reject' | 'settle';
  label: string;
  at: string;
  reason?: string;
  missing?: string;
}
/** A settlement application as the applicant (or their agent) sees it. */
export interface SettlementView {
  settlementId: string;
  applicationId: string;
  roundId: string;
  status: SettlementState;
  statusLabel: string;
  actingAs: 'self' | 'agent';
  person: { name: string; idNumber: string };
  /** The confirmed total and the voucher presented, copied at submission. */
  total: string | null;
  confirmedOn: ISODate | null;
  voucherNumber: string | null;
  destination: { district: DistrictCode; districtLabel: string; address: string } | null;
  proofKind: string | null;
  proofLabel: string | null;
  /** ID numbers masked for an agent. */
  members: { relation: SettlementRelation; relationLabel: string; name: string; idNumber: string }[];
  declarations: { noUrbanHukou: boolean; fullCapacity: boolean };
  checklist: SettlementChecklistLine[];
  /** Keys of checklist lines with nothing attached. */
  missing: string[];
  receiptNumber: string | null;
  acceptedOn: ISODate | null;
  submittedAt: string | null;
  decisions: SettlementDecisionView[];
  /** The line's outcome (null line: a no-quota round). */
  admission: { admittedAt: string; line: string | null } | null;
  removedReason: string | null;
  notice: { number: string; validUntil: ISODate } | null;
  settledOn: ISODate | null;
  permitSurrendered: boolean;
  expiredOn: ISODate | null;
  updatedAt: string;
  /** What the caller may do now (save, attach, submit, resubmit). */
  actions: SettlementEvent[];
}
/** Response of the applicant's settlement actions. */
export interface SettlementRes {
  settlement: SettlementView | null;
}

// ───────────── the household-registration window (市公安局) ─────────────

/** `settlement.queue`: a round's applications in one status, oldest submission first, optionally of one district. */
export const SettlementQueueReq = z.strictObject({
  roundId: z.optional(checked(z.string(), z.regex(/^\d{4}$/, '年度应为四位数字'))),
  status: z._default(z.enum(STATUS_LIST, { error: '未知的状态' }), 'submitted'),
  district: z.optional(z.enum(DISTRICT_CODES, { error: '未知的区' })),
  limit: z._default(checked(z.number(), z.int(), z.gte(1), z.lte(100)), 20),
  after: z.optional(checked(z.string(), z.maxLength(200))),
});
/** A settlement application in the window's queue. */
export interface SettlementSummary {
  settlementId: string;
  receiptNumber: string | null;
  name: string;
  total: string | null;
  district: DistrictCode | null;
  districtLabel: string | null;
  status: SettlementState;
  statusLabel: string;
  submittedAt: string | null;
}
/** Response of `settlement.queue`. */
export interface SettlementQueueRes {
  roundId: string;
  settlements: SettlementSummary[];
  next?: string;
}
/** `settlement.review`: one application with what the window checks (full ID numbers, the materials). */
export const SettlementReviewReq = z.strictObject({ settlementId: id });
/** A settlement application as the household-registration window sees it. */
export interface SettlementReviewView extends Omit<SettlementView, 'checklist' | 'actingAs' | 'decisions'> {
  /** Full ID numbers: the window checks hukou status by them. */
  person: { name: string; idNumber: string };
  /** The residence permit of the points case. */
  permit: { number: string; district: DistrictCode; validFrom: ISODate; validTo: ISODate };
  checklist: (SettlementChecklistItem & { materials: ReviewerMaterial[]; state: 'missing' | 'attached' })[];
  decisions: (SettlementDecisionView & { by: string })[];
  actingAs: 'self' | 'agent';
}
/** Response of the window's actions. */
export interface SettlementReviewRes {
  settlement: SettlementReviewView;
}
/** `settlement.verify` (mutation): hukou status and the address proofs checked. */
export const SettlementVerifyReq = z.strictObject({
  settlementId: id,
  note: z.optional(plain('请填写备注', SETTLEMENT_REASON_MAX, '备注')),
});
/** `settlement.return` (mutation): back to the applicant for correction, saying why and what is missing. */
export const SettlementReturnReq = z.strictObject({
  settlementId: id,
  reason: plain('请填写退回补正的原因', SETTLEMENT_REASON_MAX, '原因'),
  missing: z.optional(plain('请填写需要补正的材料', SETTLEMENT_REASON_MAX, '需补正的材料')),
});
/** `settlement.reject` (mutation): refused, with the reason. */
export const SettlementRejectReq = z.strictObject({
  settlementId: id,
  reason: plain('请填写不予通过的原因', SETTLEMENT_REASON_MAX, '原因'),
});
/** `settlement.settle` (mutation): 落户办结 with the admission notice; the residence permit surrendered. */
export const SettlementSettleReq = z.strictObject({
  settlementId: id,
  permitSurrendered: z.literal(true, { error: '办理落户须收回《浙江省居住证》，请确认已收回' }),
});
