/**
 * The handler types each module of the applicant function implements a part of (its action map, APPLICANT_ACTIONS,
 * is composed in shared/contracts/functions.ts), and its INVALID_INPUT helpers.
 */
import { APPLICANT_ACTIONS, type ApplicantApi, type FieldIssue } from '../../shared/contracts';
import { AppError, type Handlers } from '../_core/runtime';

/** All handlers of the applicant function. */
export type ApplicantHandlers = Handlers<typeof APPLICANT_ACTIONS, ApplicantApi>;
/** The handlers of some actions (one module's share). */
export type HandlersOf<K extends keyof typeof APPLICANT_ACTIONS> = Pick<ApplicantHandlers, K>;

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
