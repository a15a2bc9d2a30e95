/**
 * The applicant function's action map: the 测算 actions (APPLICANT_ACTIONS) and the case actions (CASE_ACTIONS), and
 * the handler types each module implements a part of.
 */
import {
  APPLICANT_ACTIONS,
  CASE_ACTIONS,
  PRIVACY_NOTICE_VERSION,
  type ApplicantApi,
  type CaseApi,
} from '../../shared/contracts';
import type { FieldIssue } from '../../shared/contracts';
import { AppError, type Handlers } from '../_core/runtime';
import type { StoreReader } from '../_core/store/types';

/** Every action of the applicant function. */
export const APPLICANT_FUNCTION_ACTIONS = { ...APPLICANT_ACTIONS, ...CASE_ACTIONS } as const;
/** Request/response per action of the applicant function. */
export type ApplicantFunctionApi = ApplicantApi & CaseApi;
/** All handlers of the applicant function. */
export type ApplicantHandlers = Handlers<typeof APPLICANT_FUNCTION_ACTIONS, ApplicantFunctionApi>;
/** The handlers of some actions (one module's share). */
export type HandlersOf<K extends keyof typeof APPLICANT_FUNCTION_ACTIONS> = Pick<ApplicantHandlers, K>;

/** Refuses with PRIVACY_REQUIRED until the caller accepted the current privacy notice. */
export async function requirePrivacy(store: StoreReader, openid: string): Promise<void> {
  if (!(await store.getPrivacyAcceptance(openid, PRIVACY_NOTICE_VERSION))) throw new AppError('PRIVACY_REQUIRED');
}

/** An INVALID_INPUT refusal for one field. */
export function invalid(path: string, field: string, message: string): AppError {
  return new AppError('INVALID_INPUT', undefined, [{ path, field, message }]);
}

/** An INVALID_INPUT refusal for several fields, under a payload key. */
export function invalidFields(
  prefix: string,
  label: string,
  issues: { path: string; field?: string; message: string }[],
): AppError {
  const fields: FieldIssue[] = issues.map((i) => ({
    path: i.path ? `${prefix}.${i.path}` : prefix,
    field: i.field ? `${label} · ${i.field}` : label,
    message: i.message,
  }));
  return new AppError('INVALID_INPUT', undefined, fields);
}
