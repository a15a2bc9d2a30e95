/** 测算草稿: the caller's saved 积分测算 drafts (create, overwrite, list, read, delete). */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';

/** Draft title limits. */
export const DRAFT_TITLE_MAX = 40;
/** A draft's profile may be incomplete (saved mid-typing), so it is stored as given, within this size. */
export const DRAFT_MAX_BYTES = 64 * 1024;

/** `draft.save`: create (no draftId) or overwrite the caller's 测算 draft. Needs a requestId. */
export const DraftSaveReq = z.strictObject({
  draftId: z.optional(checked(z.string(), z.minLength(1), z.maxLength(64))),
  title: checked(
    z.string(),
    z.trim(),
    z.minLength(1, '请填写草稿名称'),
    z.maxLength(DRAFT_TITLE_MAX, `草稿名称不超过 ${DRAFT_TITLE_MAX} 字`),
  ),
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
export const DraftGetReq = z.strictObject({ draftId: checked(z.string(), z.minLength(1), z.maxLength(64)) });
/** Response of `draft.get`. */
export interface DraftGetRes {
  draft: Draft;
}

/** `draft.remove`: delete one of the caller's drafts. Needs a requestId. */
export const DraftRemoveReq = z.strictObject({ draftId: checked(z.string(), z.minLength(1), z.maxLength(64)) });
/** Response of `draft.remove`. */
export interface DraftRemoveRes {
  removed: true;
}
