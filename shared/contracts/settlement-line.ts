/**
 * 落户分数线、公示与异议: the administrator's quota, line preview and publication (admin function), publicity length,
 * objections and their resolution; the public admitted list and public objections (documents function: like
 * `voucher.verify`, documents anyone may check without logging in). Composed into functions.ts.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { Access } from './access';
import type { ApiOf } from './envelope';
import { recordId } from './ids';
import type { Confidence } from '../policy/confidence';
import type { ISODate } from '../dates';
import type { DistrictCode } from '../application/districts';
import {
  PUBLICITY_DAYS_MAX,
  PUBLICITY_DAYS_MIN,
  TIE_RULE_LIST,
  type PublicityWindow,
  type TieRule,
} from '../settlement';
import type { ObjectionState, SettlementLineState } from '../lifecycle/lifecycle';

const roundId = checked(z.string({ error: '请选择年度' }), z.regex(/^\d{4}$/, '年度应为四位数字，如 2021'));
/** A total in points as people write it (0.5 steps). */
const points = checked(
  z.number({ error: '分值应为数字' }),
  z.gte(0, '分值不能为负数'),
  z.lte(1000, '分值过大'),
  z.refine((n) => Number.isInteger(n * 2), '分值必须是 0.5 的整数倍'),
);

/** `settlement.line.get`: a round's line as administrators see it. */
export const LineGetReq = z.strictObject({ roundId });

/** `settlement.quota.set` (mutation): the round's quota and, optionally, its tie rule. */
export const QuotaSetReq = z.strictObject({
  roundId,
  quota: checked(
    z.number({ error: '请填写落户名额' }),
    z.int('落户名额应为整数'),
    z.gte(1, '落户名额至少为 1'),
    z.lte(1_000_000, '落户名额不超过 1,000,000'),
  ),
  tieRule: z.optional(z.enum(TIE_RULE_LIST, { error: '同分处理规则只能是 admitAllAtLine 或 excludeAllAtLine' })),
});

/** `settlement.publicity.set` (mutation): the round's publicity length in working days. */
export const PublicitySetReq = z.strictObject({
  roundId,
  workingDays: checked(
    z.number({ error: '请填写公示天数' }),
    z.int('公示天数应为整数'),
    z.gte(PUBLICITY_DAYS_MIN, `公示天数至少 ${PUBLICITY_DAYS_MIN} 个工作日`),
    z.lte(PUBLICITY_DAYS_MAX, `公示天数不超过 ${PUBLICITY_DAYS_MAX} 个工作日`),
  ),
});

/** `settlement.line.preview`: the ranking a quota implies, before publishing (nothing is written). */
export const LinePreviewReq = z.strictObject({
  roundId,
  /** A quota to try instead of the stored one. */
  quota: z.optional(checked(z.number(), z.int('落户名额应为整数'), z.gte(1, '落户名额至少为 1'), z.lte(1_000_000))),
  /** Extra candidate lines to compare, in points. */
  candidates: z.optional(checked(z.array(points), z.maxLength(20, '候选分数线最多 20 个'))),
  /** Histogram bucket width in points (default 5). */
  bucketPoints: z.optional(z.union([z.literal(1), z.literal(2), z.literal(5), z.literal(10)])),
});

/** `settlement.line.publish` (bulk): publishes the line; final for the round. */
export const LinePublishReq = z.strictObject({ roundId });

/** `objection.list`: a round's objections for administrators. */
export const ObjectionListReq = z.strictObject({
  roundId,
  status: z.optional(z.enum(['open', 'upheld', 'dismissed'])),
  after: z.optional(checked(z.string(), z.maxLength(120))),
  limit: z._default(checked(z.number(), z.int(), z.gte(1), z.lte(100)), 50),
});

/** `objection.resolve` (mutation): uphold (the person is removed from the list and told why) or dismiss. */
export const ObjectionResolveReq = z.strictObject({
  objectionId: recordId,
  outcome: z.enum(['uphold', 'dismiss'], { error: '处理结果只能是 uphold（异议成立）或 dismiss（异议不成立）' }),
  /** Upheld: what the removed person is told. Dismissed: the note kept with the objection. */
  reason: checked(
    z.string({ error: '请填写处理理由' }),
    z.trim(),
    z.minLength(4, '处理理由至少 4 个字'),
    z.maxLength(200, '处理理由不超过 200 字'),
    z.regex(/^[^\p{Cc}\p{Cf}<>]*$/u, '处理理由不能含有控制字符或尖括号'),
  ),
});

/** `publicity.list` (public): a page of the admitted list; without a round, the latest one published. */
export const PublicityListReq = z.strictObject({
  roundId: z.optional(roundId),
  after: z.optional(checked(z.string(), z.maxLength(120))),
  limit: z._default(checked(z.number(), z.int(), z.gte(1), z.lte(50)), 20),
});

/** A contact: a mainland mobile, a landline (0571-8888 8888) or an e-mail address. */
const contact = checked(
  z.string({ error: '请留下联系方式' }),
  z.trim(),
  z.minLength(1, '请留下联系方式（手机、电话或电子邮箱），以便核实情况'),
  z.maxLength(60, '联系方式不超过 60 个字符'),
  z.refine(
    (s) =>
      /^(\+?86)?[\s-]*1[3-9](\d[\s-]*){9}$/.test(s) ||
      /^0\d{2,3}[\s-]?\d{7,8}$/.test(s) ||
      /^[^\s@<>]+@[^\s@<>]+\.[A-Za-z]{2,}$/.test(s),
    '联系方式应为手机号码、固定电话（如 0571-88888888）或电子邮箱',
  ),
);

/** `objection.submit` (public mutation): an objection to one person on the list, with a contact. */
export const ObjectionSubmitReq = z.strictObject({
  roundId,
  /** The list entry objected to (from `publicity.list`). */
  entryId: recordId,
  reason: checked(
    z.string({ error: '请填写异议内容' }),
    z.trim(),
    z.minLength(10, '异议内容至少 10 个字，请写明事实和理由'),
    z.maxLength(500, '异议内容不超过 500 字'),
    z.regex(/^[^\p{Cc}\p{Cf}<>]*$/u, '异议内容不能含有控制字符或尖括号'),
  ),
  contact,
  contactName: z.optional(
    checked(
      z.string(),
      z.trim(),
      z.maxLength(20, '姓名不超过 20 字'),
      z.regex(/^[^\p{Cc}\p{Cf}<>]*$/u, '姓名不能含有控制字符或尖括号'),
    ),
  ),
});

/** A rule value with where it comes from, as everyone is shown it. */
export interface RuleView<T> {
  value: T;
  /** Set by an administrator for this round, or the rule data's default. */
  setBy: 'admin' | 'default';
  confidence: Confidence | null;
  source: string | null;
}

/** The tie rule as shown to everyone. */
export interface TieRuleView extends RuleView<TieRule> {
  label: string;
  text: string;
}

/** What publishing decided (totals as people write them). */
export interface LineDecisionView {
  mode: 'quota' | 'none';
  line: string | null;
  quota: number | null;
  admitted: number;
  notAdmitted: number;
  atLine: number;
  overQuota: number;
  quotaFilled: boolean;
  tiedOut: number;
  qualifying: string;
  /** One sentence in Chinese: the line, how ties went, the quota. */
  summary: string;
}

/** Response of `settlement.line.get` and of the mutations that change it. */
export interface LineRes {
  roundId: string;
  roundName: string;
  quotaMode: 'quota' | 'none';
  status: SettlementLineState;
  statusLabel: string;
  quota: number | null;
  tieRule: TieRuleView;
  publicityWorkingDays: RuleView<number>;
  decision?: LineDecisionView;
  publishedAt?: string;
  publicity?: PublicityWindow;
  /** Settlements moved by publishing so far. */
  moved?: { admitted: number; notAdmitted: number };
  /** Open objections (once published). */
  openObjections?: number;
  /** People on the public list now (once published). */
  listed?: number;
  /** What the caller may do now (lifecycle events of the line). */
  actions: string[];
}

/** Response of `settlement.line.preview`. */
export interface LinePreviewRes {
  roundId: string;
  quotaMode: 'quota' | 'none';
  /** Verified applications ranked. */
  ranked: number;
  /** Those below the qualifying score (never admitted; normally none reach verification). */
  belowQualifying: number;
  quota: number | null;
  tieRule: TieRuleView | null;
  decision: LineDecisionView;
  /** Distinct totals highest first: the ranking in short (rank shared by equals, count, count at or above). */
  ranking: { total: string; rank: number; count: number; atOrAbove: number }[];
  /** How many each candidate line admits. */
  candidates: { line: string; admitted: number; atLine: number; overQuota: number }[];
  histogram: { from: string; to: string; count: number; label: string }[];
  /** Milliseconds the ranking took on the server (reads included). */
  tookMs: number;
}

/** Response of `settlement.line.publish`. */
export interface LinePublishRes extends LineRes {
  /** False when this run stopped at its time budget; calling again continues (the line itself is already final). */
  done: boolean;
}

/** One objection as administrators see it (the objector's contact included: they need to reach them). */
export interface ObjectionView {
  id: string;
  status: ObjectionState;
  statusLabel: string;
  entry: { id: string; rank: number; maskedName: string; district: DistrictCode; districtName: string; total: string };
  /** Whether the person is still on the list. */
  listed: boolean;
  reason: string;
  contact: string;
  contactName?: string;
  checkedBy: 'msgSecCheck' | 'local' | 'unchecked';
  submittedAt: string;
  resolution?: { outcome: 'upheld' | 'dismissed'; reason: string; by: string; at: string };
  actions: string[];
}

/** Response of `objection.list`. */
export interface ObjectionListRes {
  objections: ObjectionView[];
  next?: string;
}

/** Response of `objection.resolve`. */
export interface ObjectionResolveRes {
  objection: ObjectionView;
  /** Upheld: the person was removed from the list and told why (subscribe messages recorded). */
  removed: boolean;
  notified: number;
}

/** One person on the public list: never the real name or the full ID number. */
export interface PublicityEntryView {
  entryId: string;
  rank: number;
  /** `张*`. */
  name: string;
  /** `330106********123X`. */
  idNumber: string;
  district: DistrictCode;
  districtName: string;
  total: string;
}

/** Response of `publicity.list`. */
export interface PublicityListRes {
  round: { id: string; name: string; quotaMode: 'quota' | 'none' } | null;
  status?: SettlementLineState;
  statusLabel?: string;
  /** The published line (quota rounds), null without a quota. */
  line?: string | null;
  /** How it was decided, in one sentence (line, ties, quota). */
  summary?: string;
  tieRule?: { label: string; text: string };
  publicity?: { from: ISODate; to: ISODate; workingDays: number; objectionsOpen: boolean };
  /** Everyone on the list (removed people excluded). */
  total: number;
  entries: PublicityEntryView[];
  next?: string;
}

/** Response of `objection.submit`. */
export interface ObjectionSubmitRes {
  objectionId: string;
  submittedAt: string;
  /** What happens next, in Chinese. */
  message: string;
}

const admin = { kind: 'admin' } as const satisfies Access;
const anyone = { kind: 'public' } as const satisfies Access;

/** The admin function's line, publicity and objection actions. */
export const SETTLEMENT_LINE_ACTIONS = {
  'settlement.line.get': { req: LineGetReq, mutation: false, access: admin },
  'settlement.quota.set': { req: QuotaSetReq, mutation: true, access: admin },
  'settlement.publicity.set': { req: PublicitySetReq, mutation: true, access: admin },
  'settlement.line.preview': { req: LinePreviewReq, mutation: false, access: admin },
  // Bulk: 100,000 settlements do not fit one transaction; the run is batched, conditional and resumable.
  'settlement.line.publish': { req: LinePublishReq, mutation: 'bulk', access: admin },
  'objection.list': { req: ObjectionListReq, mutation: false, access: admin },
  'objection.resolve': { req: ObjectionResolveReq, mutation: true, access: admin },
} as const;

/** Response per line action of the admin function (composed into the admin function's API). */
export interface SettlementLineResponses {
  'settlement.line.get': LineRes;
  'settlement.quota.set': LineRes;
  'settlement.publicity.set': LineRes;
  'settlement.line.preview': LinePreviewRes;
  'settlement.line.publish': LinePublishRes;
  'objection.list': ObjectionListRes;
  'objection.resolve': ObjectionResolveRes;
}
/** Request/response per line action of the admin function. */
export type SettlementLineApi = ApiOf<typeof SETTLEMENT_LINE_ACTIONS, SettlementLineResponses>;
/** The documents function's public publicity actions (no login; rate-limited per caller). */
export const PUBLICITY_ACTIONS = {
  'publicity.list': { req: PublicityListReq, mutation: false, access: anyone },
  'objection.submit': { req: ObjectionSubmitReq, mutation: true, access: anyone },
} as const;

/** Response per public publicity action (composed into the documents function's API). */
export interface PublicityResponses {
  'publicity.list': PublicityListRes;
  'objection.submit': ObjectionSubmitRes;
}
/** Request/response per public publicity action. */
export type PublicityApi = ApiOf<typeof PUBLICITY_ACTIONS, PublicityResponses>;
