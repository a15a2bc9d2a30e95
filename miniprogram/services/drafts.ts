/** 测算草稿: the caller's saved profiles (applicant function, `draft.*`). */
import type { Draft, DraftSummary } from '../../shared';
import { call } from './api';

/** What a save sends: a new draft (no draftId) or an overwrite of one of the caller's drafts. */
export interface DraftInput {
  draftId?: string;
  title: string;
  profile: Record<string, unknown>;
}

/** The caller's drafts, newest first. */
export async function listDrafts(): Promise<DraftSummary[]> {
  return (await call('applicant', 'draft.list', {})).drafts;
}

/** One draft with its content. */
export async function getDraft(draftId: string): Promise<Draft> {
  return (await call('applicant', 'draft.get', { draftId })).draft;
}

/** Saves a draft; `requestId` makes a retried attempt count once. */
export async function saveDraft(input: DraftInput, requestId: string): Promise<DraftSummary> {
  return (await call('applicant', 'draft.save', input, { requestId })).draft;
}

/** Deletes one of the caller's drafts. */
export async function removeDraft(draftId: string, requestId: string): Promise<void> {
  await call('applicant', 'draft.remove', { draftId }, { requestId });
}
