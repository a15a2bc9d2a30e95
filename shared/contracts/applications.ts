/**
 * 积分申请 → 积分查询: the applicant function's application actions (self-applicants and agents) — save, read, list,
 * submit, the result once published and the case's own audit trail — and the views they answer with.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { ISODate } from '../dates';
import type { ScoreSheet } from '../engine/types';
import type { Profile } from '../profile/schema';
import type { ChecklistItem } from '../application/materials';
import type { Receipt } from '../application/receipt';
import type { CaseTimeline, CorrectionWindow } from '../application/timeline';
import type { ResultLineData } from '../application/result';
import type { ApplicationStatus, TaskStatus } from '../application/status';
import { SUBSCRIPTION_KIND_LIST, type ActingAs, type TrailActor } from '../application/kinds';
import { recordId as id } from './ids';
import type { MaterialView } from './materials';
import type { ApplicationEvent, TaskEvent } from '../lifecycle/lifecycle';
import type { DisputeSummary, DisputeWindow } from './disputes';

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
  actingAs: ActingAs;
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
  /** In 补正: the date the corrected case must be resubmitted before, and the working days left. */
  correctionWindow?: CorrectionWindow;
  /** Once published: the dispute window (the deadline as a date and "还剩 N 个工作日"). */
  disputeWindow?: DisputeWindow;
  /** The case's dispute, once raised. */
  dispute?: DisputeSummary;
  /** The day the points were confirmed (after the window with no dispute, or with the revised result). */
  confirmedOn?: ISODate;
}

/** A line of an application list. */
export interface ApplicationSummary {
  applicationId: string;
  roundId: string;
  status: ApplicationStatus;
  statusLabel: string;
  name: string;
  idNumberMasked: string;
  actingAs: ActingAs;
  receiptNumber?: string;
  resultDate?: ISODate;
  updatedAt: string;
  /** In 补正: its window (the home page's to-do). */
  correctionWindow?: ApplicationView['correctionWindow'];
  /** Once the result is published: the dispute window, the dispute and the confirmation day (the home page's to-dos). */
  disputeWindow?: ApplicationView['disputeWindow'];
  dispute?: ApplicationView['dispute'];
  confirmedOn?: ApplicationView['confirmedOn'];
}

/** Identity fields of an application as typed (validated by ApplicantIdentitySchema in the handler). */
const IdentityInput = z.record(z.string(), z.unknown(), { error: '请填写申请人身份信息' });

/** `application.save` (mutation): create or update a draft application for the open round. */
export const ApplicationSaveReq = z.strictObject({
  applicationId: z.optional(id),
  /** Absent: for oneself. For an agent: the entrustment acted under (scope must include `apply`). */
  entrustmentId: z.optional(id),
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

/**
 * `application.eligibility`: what the apply page checks when it opens, before anything is typed or uploaded — is the
 * round accepting applications today, and (for the caller's own bound identity) does a fraud finding bar them.
 */
export const ApplicationEligibilityReq = z.strictObject({});
/** Response of `application.eligibility`. */
export interface ApplicationEligibilityRes {
  /** Server's today (Beijing). */
  today: string;
  /** Applications are accepted today. */
  accepting: boolean;
  /** A new application may be prepared and saved now (in the window, or before it opens), to submit once accepting. */
  canPrepare: boolean;
  /** Why not (`OUTSIDE_WINDOW`, `NOT_WORKDAY`, `NO_OPEN_ROUND`), with its Chinese message; '' when accepting. */
  code: string;
  message: string;
  /** Conditions of the person that fail already (a fraud bar); the permit is checked as it is typed. */
  refusals: { code: string; message: string }[];
}

/** `application.submit` (mutation): inside the window, on a working day, every required material present. */
export const ApplicationSubmitReq = z.strictObject({
  applicationId: id,
  /** Subscribe-message templates the applicant accepted on the submit tap (result ready, correction needed). */
  subscribed: z._default(checked(z.array(z.enum(SUBSCRIPTION_KIND_LIST)), z.maxLength(2)), []),
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
  entries: { at: string; action: string; actor: TrailActor; result: string }[];
}
