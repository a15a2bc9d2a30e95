/** 区积分办 and 复核: the district office's dispute actions and the departments' re-review tasks (being built). */
import { AppError, type Handlers } from '../_core/runtime';
import type { REVIEWER_ACTIONS, ReviewerApi } from '../../shared/contracts';

type K =
  | 'dispute.queue'
  | 'dispute.review'
  | 'dispute.register'
  | 'dispute.askEvidence'
  | 'recheck.list'
  | 'recheck.get'
  | 'recheck.decide';
const SOON = '异议复核功能即将开放';
const soon = async (): Promise<never> => {
  throw new AppError('UNKNOWN_ACTION', SOON);
};

export const disputeHandlers: Pick<Handlers<typeof REVIEWER_ACTIONS, ReviewerApi>, K> = {
  'dispute.queue': soon,
  'dispute.review': soon,
  'dispute.register': soon,
  'dispute.askEvidence': soon,
  'recheck.list': soon,
  'recheck.get': soon,
  'recheck.decide': soon,
};
