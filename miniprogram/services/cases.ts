/** 积分申请 and 积分查询: applications, submission, results and the audit trail (applicant function). */
import type {
  ApplicationEligibilityRes,
  ApplicationSummary,
  ApplicationView,
  CaseAuditRes,
  ResultRes,
  SettlementView,
  SubscriptionKind,
} from '../../shared';
import { call } from './api';

/** What `application.save` sends. */
export interface ApplicationInput {
  applicationId?: string;
  entrustmentId?: string;
  identity: Record<string, unknown>;
  profile: unknown;
}

/** Creates or updates a draft application. */
export async function saveApplication(input: ApplicationInput, requestId: string): Promise<ApplicationView> {
  return (await call('applicant', 'application.save', input, { requestId })).application;
}

/** One application. */
export async function getApplication(applicationId: string): Promise<ApplicationView> {
  return (await call('applicant', 'application.get', { applicationId })).application;
}

/** The caller's applications and those of the people they act for. */
export async function listApplications(): Promise<ApplicationSummary[]> {
  return (await call('applicant', 'application.list', {})).applications;
}

/** Whether applications are accepted today and nothing already bars the caller (the apply page asks when it opens). */
export async function applicationEligibility(): Promise<ApplicationEligibilityRes> {
  return call('applicant', 'application.eligibility', {});
}

/** Submits (or resubmits after 补正); `subscribed` = templates accepted on the tap. */
export async function submitApplication(
  applicationId: string,
  subscribed: SubscriptionKind[],
  requestId: string,
): Promise<ApplicationView> {
  return (await call('applicant', 'application.submit', { applicationId, subscribed }, { requestId })).application;
}

/** The published result; NOT_YET (with the date in its message) before publication. */
export async function getResult(applicationId: string): Promise<ResultRes> {
  return call('applicant', 'result.get', { applicationId });
}

/** The case's audit trail. */
export async function getAudit(applicationId: string): Promise<CaseAuditRes['entries']> {
  return (await call('applicant', 'case.audit', { applicationId })).entries;
}

/** The settlement application (积分落户申请) of a case's round, or null when there is none. */
export async function caseSettlement(applicationId: string): Promise<SettlementView | null> {
  return (await call('applicant', 'settlement.get', { applicationId })).settlement;
}
