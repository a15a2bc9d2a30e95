/**
 * 积分申请 → 阅卷 → 积分查询: the applicant function's case actions (self-applicants and agents), the reviewer
 * function, the admin function and the scheduler. Request schemas are validated at the boundary; identity comes
 * from the call context only.
 */
import * as z from 'zod';
import type { ApiOf } from './envelope';
import type { ISODate } from '../dates';
import type { ScoreSheet } from '../engine/types';
import type { Profile } from '../profile/schema';
import { HolidayTableSchema } from '../calendar';
import type { Round } from '../rounds';
import type { ChecklistItem } from '../application/materials';
import { fileNameProblem, MATERIAL_MIME_TYPES, MATERIAL_MAX_BYTES } from '../application/materials';
import type { Receipt } from '../application/receipt';
import type { CaseTimeline } from '../application/timeline';
import type { ResultLineData } from '../application/result';
import type { ApplicationStatus, EntrustmentStatus, TaskStatus } from '../application/status';
import { EntrustmentInputSchema, type EntrustmentScope, type EntrustmentVerifier } from '../application/delegation';
import type { DistrictCode } from '../application/districts';
import type { ProfilePart, ReviewerPerson } from '../application/reviewer-scope';
import type { PolicyVersion } from '../policy/schema';
import type { ApplicationEvent, EntrustmentEvent, TaskEvent } from '../lifecycle/lifecycle';

const id = z.string().min(1).max(64);

// ───────────────────────── applicant: privacy and identity ─────────────────────────

import { PRIVACY_NOTICE_VERSION } from './constants';
import { personNameField } from '../application/name-fields';
export { PRIVACY_NOTICE_VERSION };

/** `privacy.status`: whether the caller accepted the current notice. */
export const PrivacyStatusReq = z.strictObject({});
/** Response of `privacy.status`. */
export interface PrivacyStatusRes {
  version: string;
  accepted: boolean;
  acceptedAt?: string;
}
/** `privacy.accept` (mutation): the caller accepts this version of the notice. */
export const PrivacyAcceptReq = z.strictObject({
  version: z.literal(PRIVACY_NOTICE_VERSION, { error: '隐私保护指引版本已更新，请重新阅读' }),
});

/** `identity.bind` (mutation): the caller says who they are (name, ID number, mobile); one ID number, one openid. */
export const IdentityBindReq = z.strictObject({
  name: personNameField,
  idNumber: z.string({ error: '请填写身份证号码' }),
  mobile: z.string({ error: '请填写手机号码' }),
});
/** The caller's bound identity (full ID number: it is the owner's own). */
export interface IdentityRes {
  identity: { name: string; idNumber: string; idNumberMasked: string; mobile: string; boundAt: string } | null;
}
/** `identity.get`. */
export const IdentityGetReq = z.strictObject({});

// ───────────────────────── applicant: applications ─────────────────────────

/** A material attached to an application or an entrustment. */
export interface MaterialView {
  materialId: string;
  /** Checklist key it proves, e.g. `B2:education.0`, or `entrustment`. */
  key: string;
  fileName: string;
  mime: string;
  size: number;
  uploadedAt: string;
  /** Carried over from an earlier, verified application of the same year (FAQ: no need to resubmit). */
  reused: boolean;
}

/** A checklist line with what is attached to it. */
export interface ChecklistLine extends ChecklistItem {
  materials: MaterialView[];
  /** `missing` | `attached` | `reused`. */
  state: 'missing' | 'attached' | 'reused';
}

/** One indicator's review as the applicant sees it. */
export interface TaskView {
  taskId: string;
  indicatorId: string;
  indicatorName: string;
  department: string;
  status: TaskStatus;
  statusLabel: string;
  /** Reviewer's note when corrected, rejected or returned. */
  note?: string;
  /** What is missing, when returned for correction (补正). */
  missing?: string;
  decidedAt?: string;
  /** What the caller may do with this task now (the lifecycle's events; `resubmit` while its 补正 is due). */
  actions: TaskEvent[];
}

/** An application as its owner, their agents and reviewers see it. */
export interface ApplicationView {
  applicationId: string;
  roundId: string;
  status: ApplicationStatus;
  statusLabel: string;
  /** Whether the caller is the person or an agent. */
  actingAs: 'self' | 'agent';
  /** The person: the ID number in full only for the owner (agents see it masked). */
  person: {
    name: string;
    idNumber: string;
    mobile: string;
    permitNumber: string;
    permitDistrict: string;
    permitValidFrom: ISODate;
    permitValidTo: ISODate;
  };
  profile: Profile;
  checklist: ChecklistLine[];
  /** Claimed indicators the departments check from shared data (no upload). */
  sharedData: { id: string; name: string }[];
  /** Keys of required materials still missing. */
  missing: string[];
  /** The declared score under the round's policy, for reference. */
  declaredTotal: string;
  receipt?: Receipt;
  timeline?: CaseTimeline;
  tasks: TaskView[];
  /** The entrustment the agent acts under. */
  entrustmentId?: string;
  createdAt: string;
  updatedAt: string;
  submittedAt?: string;
  /** What the caller may do now (the lifecycle's events for self or agent, within the agent's scope). */
  actions: ApplicationEvent[];
}

/** A line of an application list. */
export interface ApplicationSummary {
  applicationId: string;
  roundId: string;
  status: ApplicationStatus;
  statusLabel: string;
  name: string;
  idNumberMasked: string;
  actingAs: 'self' | 'agent';
  receiptNumber?: string;
  resultDate?: ISODate;
  updatedAt: string;
}

/** Identity fields of an application as typed (validated by ApplicantIdentitySchema in the handler). */
const IdentityInput = z.record(z.string(), z.unknown(), { error: '请填写申请人身份信息' });

/** `application.save` (mutation): create or update a draft application for the open round. */
export const ApplicationSaveReq = z.strictObject({
  applicationId: id.optional(),
  /** Absent: for oneself. For an agent: the entrustment acted under (scope must include `apply`). */
  entrustmentId: id.optional(),
  identity: IdentityInput,
  profile: z.unknown(),
});
/** Response of save/get/submit. */
export interface ApplicationRes {
  application: ApplicationView;
}
/** `application.get`. */
export const ApplicationGetReq = z.strictObject({ applicationId: id });
/** `application.list`: the caller's own applications and those of the people they act for. */
export const ApplicationListReq = z.strictObject({});
/** Response of `application.list`. */
export interface ApplicationListRes {
  applications: ApplicationSummary[];
}

/** Where a material goes: a checklist item of an application, or an entrustment's letter / proof. */
const MaterialTarget = z.union([
  z.strictObject({ applicationId: id, key: z.string().min(1).max(80) }),
  z.strictObject({ entrustmentId: id }),
]);

/** `material.ticket` (mutation): permission to upload one file (type and size checked here and again on attach). */
export const MaterialTicketReq = z.strictObject({
  target: MaterialTarget,
  fileName: z
    .string({ error: '文件名不能为空' })
    .superRefine((v, ctx) => {
      const problem = fileNameProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((v) => v.trim()),
  mime: z.enum(MATERIAL_MIME_TYPES, { error: '只接受 JPG、PNG 照片或 PDF 文件' }),
  size: z.number().int().positive('文件是空的').max(MATERIAL_MAX_BYTES, '文件不能超过 10 MB'),
});
/** Response of `material.ticket`: where to upload. Uploads never go through a function's request body. */
export interface MaterialTicketRes {
  ticketId: string;
  /** Local cloud: PUT the bytes to `url`. CloudBase: `wx.cloud.uploadFile({ cloudPath })`. */
  upload: { kind: 'local'; url: string } | { kind: 'cloud'; cloudPath: string };
  expiresAt: string;
}
/** `material.attach` (mutation): the upload is done; the server checks the stored file and attaches it. */
export const MaterialAttachReq = z.strictObject({ ticketId: id, fileId: z.string().min(1).max(300) });
/** Response of `material.attach`. */
export interface MaterialAttachRes {
  material: MaterialView;
}
/** `material.remove` (mutation): only before submission (or during 补正). */
export const MaterialRemoveReq = z.strictObject({ materialId: id });
/** `material.link`: a short-lived link to read a material (owner, active agents, the case's reviewers). */
export const MaterialLinkReq = z.strictObject({ materialId: id });
/** Response of `material.link`. */
export interface MaterialLinkRes {
  url: string;
  expiresAt: string;
}

/** `application.submit` (mutation): inside the window, on a working day, every required material present. */
export const ApplicationSubmitReq = z.strictObject({
  applicationId: id,
  /** Subscribe-message templates the applicant accepted on the submit tap (result ready, correction needed). */
  subscribed: z
    .array(z.enum(['result', 'correction']))
    .max(2)
    .default([]),
});

/** `result.get`: the result, once published (20 working days after acceptance). */
export const ResultGetReq = z.strictObject({ applicationId: id });
/** One indicator, declared vs verified (the shape computeResult produces). */
export type ResultLine = ResultLineData;
/** Response of `result.get`. */
export interface ResultRes {
  applicationId: string;
  status: ApplicationStatus;
  timeline: CaseTimeline;
  published: boolean;
  total: string;
  reachesQualifying: boolean;
  lines: ResultLine[];
  sheet: ScoreSheet;
}

/** `case.audit`: the audit trail of the caller's own case. */
export const CaseAuditReq = z.strictObject({ applicationId: id });
/** Response of `case.audit`. */
export interface CaseAuditRes {
  entries: { at: string; action: string; actor: 'self' | 'agent' | 'reviewer' | 'system' | 'admin'; result: string }[];
}

// ───────────────────────── applicant: delegation ─────────────────────────

/** An entrustment as the agent or the principal sees it (ID numbers masked). */
export interface EntrustmentView {
  entrustmentId: string;
  kind: 'employer' | 'relative';
  status: EntrustmentStatus;
  statusLabel: string;
  principal: { name: string; idNumberMasked: string };
  agent: { name: string; idNumberMasked: string };
  employer?: { uscc: string; name: string };
  relationship?: string;
  reason?: string;
  scope: EntrustmentScope[];
  /** The district acceptance point that verifies it (the principal's residence-permit district). */
  district: DistrictCode;
  districtName: string;
  /** Who verifies it: the principal in their own account, or the district acceptance point. */
  verifyBy: EntrustmentVerifier;
  /** The signed letter / relationship proof. */
  materials: MaterialView[];
  confirmedByPrincipal: boolean;
  createdAt: string;
  /** When it came into force (the principal's confirmation or the acceptance point's check). */
  verifiedAt?: string;
  /** Why the acceptance point did not verify it. */
  rejectedReason?: string;
  /** Last day it is valid (inclusive), when limited. */
  validUntil?: ISODate;
  /** For its principal: the applications filed under it (or extended to it). */
  applicationIds?: string[];
  revokedAt?: string;
  /** For the agent's list: the principal's case status in the open round. */
  caseStatus?: { applicationId: string; status: ApplicationStatus; statusLabel: string } | null;
  /** What the caller (principal or agent) may do now: confirm, revoke, extend. */
  actions: EntrustmentEvent[];
}
/** `entrustment.create` (mutation): the caller is the agent. */
export const EntrustmentCreateReq = EntrustmentInputSchema;
/** Response of create/confirm/revoke. */
export interface EntrustmentRes {
  entrustment: EntrustmentView;
}
/** `entrustment.list`: as agent (people I act for) and as principal (entrustments naming me). */
export const EntrustmentListReq = z.strictObject({});
/** Response of `entrustment.list`. */
export interface EntrustmentListRes {
  asAgent: EntrustmentView[];
  asPrincipal: EntrustmentView[];
}
/** `entrustment.confirm` / `entrustment.revoke` (mutations). */
export const EntrustmentIdReq = z.strictObject({ entrustmentId: id });
/**
 * `entrustment.extend` (mutation, the principal only): puts one of the principal's own applications under an
 * entrustment, so its agent may act on it within the scope. Nothing of the principal's own filings is shared otherwise.
 */
export const EntrustmentExtendReq = z.strictObject({ entrustmentId: id, applicationId: id });

/** `access.trail`: every read and write others (agents, reviewers, administrators) made of the caller's data. */
export const AccessTrailReq = z.strictObject({});
/** One access of someone else to the caller's data. */
export interface AccessTrailEntry {
  at: string;
  /** The action, e.g. `application.get`. */
  action: string;
  /** Whether it read or changed the data. */
  kind: 'read' | 'write';
  actor: 'agent' | 'reviewer' | 'admin' | 'system';
  /** Who, as the principal knows them: the agent's name and employer, or the reviewing office. */
  actorLabel: string;
  /** The case or entrustment it concerned. */
  applicationId?: string;
  entrustmentId?: string;
  result: string;
}
/** Response of `access.trail`, newest first. */
export interface AccessTrailRes {
  entries: AccessTrailEntry[];
}

/** Case actions of the applicant function. */
export const CASE_ACTIONS = {
  'privacy.status': { req: PrivacyStatusReq, mutation: false },
  'privacy.accept': { req: PrivacyAcceptReq, mutation: true },
  'identity.get': { req: IdentityGetReq, mutation: false },
  'identity.bind': { req: IdentityBindReq, mutation: true },
  'application.save': { req: ApplicationSaveReq, mutation: true },
  'application.get': { req: ApplicationGetReq, mutation: false },
  'application.list': { req: ApplicationListReq, mutation: false },
  'material.ticket': { req: MaterialTicketReq, mutation: true },
  'material.attach': { req: MaterialAttachReq, mutation: true },
  'material.remove': { req: MaterialRemoveReq, mutation: true },
  'material.link': { req: MaterialLinkReq, mutation: false },
  'application.submit': { req: ApplicationSubmitReq, mutation: true },
  'result.get': { req: ResultGetReq, mutation: false },
  'case.audit': { req: CaseAuditReq, mutation: false },
  'entrustment.create': { req: EntrustmentCreateReq, mutation: true },
  'entrustment.list': { req: EntrustmentListReq, mutation: false },
  'entrustment.confirm': { req: EntrustmentIdReq, mutation: true },
  'entrustment.revoke': { req: EntrustmentIdReq, mutation: true },
  'entrustment.extend': { req: EntrustmentExtendReq, mutation: true },
  'access.trail': { req: AccessTrailReq, mutation: false },
} as const;

/** Request/response per case action. */
export type CaseApi = ApiOf<
  typeof CASE_ACTIONS,
  {
    'privacy.status': PrivacyStatusRes;
    'privacy.accept': PrivacyStatusRes;
    'identity.get': IdentityRes;
    'identity.bind': IdentityRes;
    'application.save': ApplicationRes;
    'application.get': ApplicationRes;
    'application.list': ApplicationListRes;
    'material.ticket': MaterialTicketRes;
    'material.attach': MaterialAttachRes;
    'material.remove': { removed: true };
    'material.link': MaterialLinkRes;
    'application.submit': ApplicationRes;
    'result.get': ResultRes;
    'case.audit': CaseAuditRes;
    'entrustment.create': EntrustmentRes;
    'entrustment.list': EntrustmentListRes;
    'entrustment.confirm': EntrustmentRes;
    'entrustment.revoke': EntrustmentRes;
    'entrustment.extend': EntrustmentRes;
    'access.trail': AccessTrailRes;
  }
>;

// ───────────────────────── reviewer ─────────────────────────

/** A task in a reviewer's queue. */
export interface TaskSummary {
  taskId: string;
  applicationId: string;
  receiptNumber: string;
  indicatorId: string;
  indicatorName: string;
  status: TaskStatus;
  statusLabel: string;
  acceptedOn: ISODate;
  resultDate: ISODate;
  /** Past the result date and still pending. */
  overdue: boolean;
}
/** A material as a reviewer sees it: with its hash and upload time (what was checked at attach), behind a short-lived link. */
export interface ReviewerMaterial extends MaterialView {
  /** SHA-256 of the bytes, hex, as recorded when the material was attached. */
  sha256: string;
  url: string;
  expiresAt: string;
}
/**
 * A task with what the reviewer needs to decide: the person as far as the department's indicators need them (the ID
 * number in full only where an indicator is checked by it, see `reviewerNeeds` in the policy data).
 */
export interface TaskDetail extends TaskSummary {
  department: string;
  person: ReviewerPerson;
  /** The declared facts of this indicator (and the profile refs they came from). */
  declaredFacts: unknown[];
  factRefs: string[];
  /** The verified facts when corrected. */
  verifiedFacts?: unknown[];
  materials: ReviewerMaterial[];
  note?: string;
  missing?: string;
  history: { at: string; status: TaskStatus; note?: string }[];
  /** What the reviewer may decide now (confirm, correct, reject, return), empty once decided or the case is. */
  actions: TaskEvent[];
}
/** `whoami`: the caller's reviewer roles. */
export const WhoamiReq = z.strictObject({});
/** Response of `whoami`. */
export interface WhoamiRes {
  roles: { role: 'reviewer' | 'admin'; department?: string; district?: DistrictCode }[];
}
/** `task.list`: the reviewer's department's tasks. */
export const TaskListReq = z.strictObject({
  status: z.enum(['pending', 'confirmed', 'corrected', 'rejected', 'returned']).optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
/** Response of `task.list`. */
export interface TaskListRes {
  department: string;
  tasks: TaskSummary[];
  next?: string;
}
/** `task.get`. */
export const TaskGetReq = z.strictObject({ taskId: id });
/** Response of `task.get` / `task.decide`. */
export interface TaskRes {
  task: TaskDetail;
}
/** `task.decide` (mutation): confirm, correct (verified facts), reject (reason) or return for 补正 (what is missing). */
export const TaskDecideReq = z.discriminatedUnion(
  'decision',
  [
    z.strictObject({ taskId: id, decision: z.literal('confirm'), note: z.string().max(500).optional() }),
    z.strictObject({
      taskId: id,
      decision: z.literal('correct'),
      facts: z.array(z.unknown()).max(500),
      note: z.string().trim().min(1, '更正时请说明理由').max(500),
    }),
    z.strictObject({
      taskId: id,
      decision: z.literal('reject'),
      note: z.string().trim().min(1, '不予认定时请说明理由').max(500),
    }),
    z.strictObject({
      taskId: id,
      decision: z.literal('return'),
      missing: z.string().trim().min(1, '退回补正时请说明缺少什么').max(500),
      note: z.string().max(500).optional(),
    }),
  ],
  { error: '请选择阅卷结论' },
);

/** One of the department's indicators in a case, as {@link ReviewerCaseView} lists it. */
export interface ReviewerIndicator {
  taskId: string;
  indicatorId: string;
  indicatorName: string;
  status: TaskStatus;
  statusLabel: string;
  declaredFacts: unknown[];
  factRefs: string[];
  verifiedFacts?: unknown[];
}
/**
 * The part of a case a department's reviewer may see: its own indicators' facts, the person as far as they need
 * them, and the declared profile cut down to those facts (the task page's points preview scores it). Never the whole
 * profile, the mobile, or other departments' facts.
 */
export interface ReviewerCaseView {
  applicationId: string;
  roundId: string;
  receiptNumber: string;
  department: string;
  acceptedOn: ISODate;
  resultDate: ISODate;
  person: ReviewerPerson;
  indicators: ReviewerIndicator[];
  profile: ProfilePart;
  /** The case's round and the policy version it was submitted under (labels and the preview); null if unknown. */
  rules: { round: Round; policy: PolicyVersion } | null;
}
/** `task.case`: the part of the task's case the caller's department may see (audited as a read of the person's data). */
export const TaskCaseReq = z.strictObject({ taskId: id });
/** Response of `task.case`. */
export interface TaskCaseRes {
  case: ReviewerCaseView;
}
/** `material.link` (reviewer): a fresh short-lived link to a material of one of the department's tasks. */
export const ReviewerMaterialLinkReq = z.strictObject({ materialId: id });

/** Reviewer actions. */
/** An entrustment as the district acceptance point checks it (full ID numbers: it compares them with the cards). */
export interface DistrictEntrustmentView {
  entrustmentId: string;
  kind: 'employer' | 'relative';
  status: EntrustmentStatus;
  statusLabel: string;
  district: DistrictCode;
  districtName: string;
  principal: { name: string; idNumber: string; birthDate: ISODate | null; ageToday: number | null };
  agent: { name: string; idNumber: string };
  employer?: { uscc: string; name: string };
  relationship?: string;
  reason?: string;
  scope: EntrustmentScope[];
  createdAt: string;
  validUntil?: ISODate;
  materials: MaterialView[];
  /** For a minor: why the age on the ID number does not allow it (null when it does). */
  ageProblem: string | null;
}
/** `entrustment.queue`: entrustments awaiting the caller's district acceptance point, oldest first. */
export const DistrictQueueReq = z.strictObject({});
/** Response of `entrustment.queue`. */
export interface DistrictQueueRes {
  district: DistrictCode;
  districtName: string;
  entrustments: DistrictEntrustmentView[];
}
/** `entrustment.review`: one entrustment of the caller's district, with short-lived links to its letter / proof. */
export const DistrictGetReq = z.strictObject({ entrustmentId: id });
/** Response of `entrustment.review` / `entrustment.verify` / `entrustment.reject`. */
export interface DistrictEntrustmentRes {
  entrustment: DistrictEntrustmentView & { links: { materialId: string; url: string; expiresAt: string }[] };
}
/** `entrustment.verify` (mutation): the letter / proof and both IDs were checked; the entrustment comes into force. */
export const DistrictVerifyReq = z.strictObject({
  entrustmentId: id,
  /** The reviewer states that both ID cards and the letter / relationship proof were checked. */
  checked: z.literal(true, { error: '请先核对双方身份证件和委托书（关系证明）' }),
});
/** `entrustment.reject` (mutation): not verified, with the reason the agent and the principal see. */
export const DistrictRejectReq = z.strictObject({
  entrustmentId: id,
  reason: z.string().trim().min(1, '请说明不予核验的原因').max(200, '原因不超过 200 字'),
});

/** Reviewer actions: department review tasks, and the district acceptance point's verification of entrustments. */
export const REVIEWER_ACTIONS = {
  whoami: { req: WhoamiReq, mutation: false },
  'task.list': { req: TaskListReq, mutation: false },
  'task.get': { req: TaskGetReq, mutation: false },
  'task.decide': { req: TaskDecideReq, mutation: true },
  'task.case': { req: TaskCaseReq, mutation: false },
  'material.link': { req: ReviewerMaterialLinkReq, mutation: false },
  'entrustment.queue': { req: DistrictQueueReq, mutation: false },
  'entrustment.review': { req: DistrictGetReq, mutation: false },
  'entrustment.verify': { req: DistrictVerifyReq, mutation: true },
  'entrustment.reject': { req: DistrictRejectReq, mutation: true },
} as const;
/** Request/response per reviewer action. */
export type ReviewerApi = ApiOf<
  typeof REVIEWER_ACTIONS,
  {
    whoami: WhoamiRes;
    'task.list': TaskListRes;
    'task.get': TaskRes;
    'task.decide': TaskRes;
    'task.case': TaskCaseRes;
    'material.link': MaterialLinkRes;
    'entrustment.queue': DistrictQueueRes;
    'entrustment.review': DistrictEntrustmentRes;
    'entrustment.verify': DistrictEntrustmentRes;
    'entrustment.reject': DistrictEntrustmentRes;
  }
>;

// ───────────────────────── admin and scheduler ─────────────────────────

/** `role.grant` / `role.revoke` (mutations). */
export const RoleReq = z.strictObject({
  /** A WeChat openid: letters, digits, `_` and `-` (never blank, never padded). */
  openid: z
    .string({ error: '请填写用户 openid' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, '用户 openid 应为 1–64 位字母、数字、下划线或短横线'),
  role: z.enum(['reviewer', 'admin'], { error: '角色只能是 reviewer（阅卷人员）或 admin（管理员）' }),
  /** Required for reviewers: one department (as named in the policy data; the handler checks the list). */
  department: z.string().trim().min(1, '请填写部门').max(40, '部门名称不超过 40 字').optional(),
  /** Reviewers of a district acceptance point (区积分受理点): an urban district, by code or Chinese name (西湖区). */
  district: z.string().trim().min(1, '请填写区').max(20, '区名不超过 20 字').optional(),
});
/** `round.put` (mutation): an administrator's override of one year's round. */
export const RoundPutReq = z.strictObject({ round: z.unknown() });
/** `policy.publish` (mutation): a new policy version as data. */
export const PolicyPublishReq = z.strictObject({ policy: z.unknown() });
/** `holiday.put` (mutation): a holiday table for a year the calendar data does not cover. */
export const HolidayPutReq = z.strictObject({ table: HolidayTableSchema });
/** `scheduler.run` / scheduler `publish`: publish due results now. */
export const PublishReq = z.strictObject({});
/** Response of publishing. */
export interface PublishRes {
  today: ISODate;
  published: number;
  overdue: number;
  /** 'result' subscribe messages recorded in the outbox for the cases published by this run. */
  notified: number;
  /** Cases whose tasks were all decided but which were still `submitted` (a concurrent last decision), settled now. */
  settled?: number;
  /** Production only (the scheduler sends the outbox): messages sent and failed by this run. */
  delivery?: { sent: number; failed: number };
  /** The run stopped at its time budget with cases still due; the next run continues. */
  more?: boolean;
}
/** `case.overdue`: cases past their result date with undecided tasks. */
export const OverdueReq = z.strictObject({ limit: z.number().int().min(1).max(1000).default(100) });
/** Response of `case.overdue`. */
export interface OverdueRes {
  cases: {
    applicationId: string;
    receiptNumber: string;
    resultDate: ISODate;
    pendingTasks: { indicatorId: string; department: string }[];
  }[];
}
/** `fraud.add` (mutation): record a finding of falsified materials (G8: no new application for 5 years). */
export const FraudAddReq = z.strictObject({
  idNumber: z.string({ error: '请填写身份证号码' }).min(1, '请填写身份证号码').max(20),
  date: z.string({ error: '请填写认定日期' }).regex(/^\d{4}-\d{2}-\d{2}$/, '认定日期格式应为 YYYY-MM-DD'),
  note: z.string().trim().min(1, '请说明认定依据').max(200, '说明不超过 200 字'),
});
/** A role as administrators list it. */
export interface RoleLine {
  openid: string;
  role: 'reviewer' | 'admin';
  department?: string;
  district?: DistrictCode;
  grantedBy: string;
  grantedAt: string;
}
/**
 * Admin actions. `scheduler.run` is not a mutation in the dispatcher's sense: publishing is idempotent, runs in
 * batches outside one transaction (100,000 cases do not fit in one), and audits itself.
 */
export const ADMIN_ACTIONS = {
  'role.grant': { req: RoleReq, mutation: true },
  'role.revoke': { req: RoleReq, mutation: true },
  'role.list': { req: z.strictObject({}), mutation: false },
  'fraud.add': { req: FraudAddReq, mutation: true },
  'round.list': { req: z.strictObject({}), mutation: false },
  'round.put': { req: RoundPutReq, mutation: true },
  'policy.list': { req: z.strictObject({}), mutation: false },
  'policy.publish': { req: PolicyPublishReq, mutation: true },
  'holiday.put': { req: HolidayPutReq, mutation: true },
  'scheduler.run': { req: PublishReq, mutation: false },
  'case.overdue': { req: OverdueReq, mutation: false },
} as const;
/** Request/response per admin action. */
export type AdminApi = ApiOf<
  typeof ADMIN_ACTIONS,
  {
    'role.grant': { roles: WhoamiRes['roles'] };
    'role.revoke': { roles: WhoamiRes['roles'] };
    'role.list': { roles: RoleLine[] };
    'fraud.add': { findingId: string; barredUntil: ISODate };
    'round.list': { rounds: Round[] };
    'round.put': { round: Round };
    'policy.list': { policies: { policy: PolicyVersion; builtin: boolean }[] };
    'policy.publish': { policyId: string };
    'holiday.put': { year: number };
    'scheduler.run': PublishRes;
    'case.overdue': OverdueRes;
  }
>;
/** Scheduler actions (a timer trigger calls `publish`). */
export const SCHEDULER_ACTIONS = { publish: { req: PublishReq, mutation: false } } as const;
/** Request/response per scheduler action. */
export type SchedulerApi = ApiOf<
  typeof SCHEDULER_ACTIONS,
  {
    publish: PublishRes;
  }
>;
