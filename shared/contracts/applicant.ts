/**
 * The applicant function's actions: request schemas (validated at the boundary) and response types.
 * Identity never appears here: it comes from the call context.
 */
import * as z from 'zod';
import type { ApiOf } from './envelope';
import type { ScoreSheet } from '../engine/types';
import type { PolicyVersion } from '../policy/schema';
import type { Round, RoundPhase } from '../rounds';
import type { ISODate } from '../dates';
import type { AdminApi, CaseApi, ReviewerApi, SchedulerApi } from './cases';

/** `round.current`: the open round, its phase and its policy table, for the client. */
export const RoundCurrentReq = z.strictObject({});
/** Response of `round.current`. */
export interface RoundCurrentRes {
  /** Server's today (Beijing). */
  today: ISODate;
  round: Round | null;
  phase: RoundPhase['phase'];
  next?: RoundPhase['next'];
  policy: PolicyVersion | null;
}

/** `simulate`: server-side scoring of a profile (the source of truth). */
export const SimulateReq = z.strictObject({
  profile: z.unknown(),
  /** Defaults to the current round. */
  roundId: z.string().min(1).max(20).optional(),
});
/** Response of `simulate`. */
export interface SimulateRes {
  sheet: ScoreSheet;
}

/** Draft title limits. */
export const DRAFT_TITLE_MAX = 40;
/** A draft's profile may be incomplete (saved mid-typing), so it is stored as given, within this size. */
export const DRAFT_MAX_BYTES = 64 * 1024;

/** `draft.save`: create (no draftId) or overwrite the caller's 测算 draft. Needs a requestId. */
export const DraftSaveReq = z.strictObject({
  draftId: z.string().min(1).max(64).optional(),
  title: z.string().trim().min(1, '请填写草稿名称').max(DRAFT_TITLE_MAX, `草稿名称不超过 ${DRAFT_TITLE_MAX} 字`),
  profile: z.record(z.string(), z.unknown(), { error: '草稿内容应为申报信息对象' }),
});
/** A draft as listed. */
export interface DraftSummary {
  draftId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  /** The total under the current round when the draft is a valid profile; null otherwise. */
  total: string | null;
}
/** A draft with its content. */
export interface Draft extends DraftSummary {
  profile: Record<string, unknown>;
}
/** Response of `draft.save`. */
export interface DraftSaveRes {
  draft: DraftSummary;
}

/** `draft.list`: the caller's drafts, newest first. */
export const DraftListReq = z.strictObject({});
/** Response of `draft.list`. */
export interface DraftListRes {
  drafts: DraftSummary[];
}

/** `draft.get`: one of the caller's drafts with its content. */
export const DraftGetReq = z.strictObject({ draftId: z.string().min(1).max(64) });
/** Response of `draft.get`. */
export interface DraftGetRes {
  draft: Draft;
}

/** `draft.remove`: delete one of the caller's drafts. Needs a requestId. */
export const DraftRemoveReq = z.strictObject({ draftId: z.string().min(1).max(64) });
/** Response of `draft.remove`. */
export interface DraftRemoveRes {
  removed: true;
}

/** The applicant function's action map: request schema and response type per action. */
export const APPLICANT_ACTIONS = {
  'round.current': { req: RoundCurrentReq, mutation: false },
  simulate: { req: SimulateReq, mutation: false },
  'draft.save': { req: DraftSaveReq, mutation: true },
  'draft.list': { req: DraftListReq, mutation: false },
  'draft.get': { req: DraftGetReq, mutation: false },
  'draft.remove': { req: DraftRemoveReq, mutation: true },
} as const;

/** Applicant action names. */
export type ApplicantAction = keyof typeof APPLICANT_ACTIONS;

/** Request payload and response per applicant action, for the typed client. */
export type ApplicantApi = ApiOf<
  typeof APPLICANT_ACTIONS,
  {
    'round.current': RoundCurrentRes;
    simulate: SimulateRes;
    'draft.save': DraftSaveRes;
    'draft.list': DraftListRes;
    'draft.get': DraftGetRes;
    'draft.remove': DraftRemoveRes;
  }
>;

/** All functions and their APIs (the public verification function comes with vouchers). */
export interface FunctionApis {
  applicant: ApplicantApi & CaseApi;
  reviewer: ReviewerApi;
  admin: AdminApi;
  scheduler: SchedulerApi;
}
/** Function names. */
export type FunctionName = keyof FunctionApis;
