/** Status codes with their Chinese labels, defined once for functions, pages and tests (conventions P11). */
import {
  APPLICATION,
  ENTRUSTMENT,
  SETTLEMENT,
  TASK,
  type ApplicationState,
  type EntrustmentState,
  type SettlementState,
  type TaskState,
} from '../lifecycle/lifecycle';
import { stateLabels } from '../lifecycle/machine';

/** Where an application stands: the labels of the lifecycle's states (shared/lifecycle, the one place they live). */
export const APPLICATION_STATUSES: Readonly<Record<ApplicationState, string>> = stateLabels(APPLICATION);
/** An application status. */
export type ApplicationStatus = ApplicationState;

/** Where one indicator's review task stands. */
export const TASK_STATUSES: Readonly<Record<TaskState, string>> = stateLabels(TASK);
/** A review task status. */
export type TaskStatus = TaskState;

/**
 * Where an entrustment stands. It grants nothing until verified: an employer entrustment by the principal in their
 * own account (or by the district acceptance point), a relative's only by the district acceptance point.
 */
export const ENTRUSTMENT_STATUSES: Readonly<Record<EntrustmentState, string>> = stateLabels(ENTRUSTMENT);
/** An entrustment status. */
export type EntrustmentStatus = EntrustmentState;

/** Statuses of an entrustment that is not verified yet (the agent may only prepare a draft of their own). */
export function isAwaitingVerification(status: EntrustmentStatus): boolean {
  return status === 'awaiting-principal' || status === 'awaiting-district';
}

/** Where a settlement application (积分落户申请) stands. */
export const SETTLEMENT_STATUSES: Readonly<Record<SettlementState, string>> = stateLabels(SETTLEMENT);

/** Channels an application can come in through (受理回执 shows it). */
export const CHANNELS = { online: '线上（新杭州人家园小程序）', window: '线下（区积分申请受理点）' } as const;
/** A channel. */
export type Channel = keyof typeof CHANNELS;
