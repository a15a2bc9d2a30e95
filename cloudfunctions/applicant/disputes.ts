/** 异议: the applicant's dispute of a published result (being built: the contracts come first). */
import { AppError } from '../_core/runtime';
import type { HandlersOf } from './actions';

const SOON = '异议功能即将开放';

export const disputeHandlers: HandlersOf<'dispute.raise' | 'dispute.get' | 'dispute.resubmit'> = {
  async 'dispute.raise'() {
    throw new AppError('UNKNOWN_ACTION', SOON);
  },
  async 'dispute.get'() {
    throw new AppError('UNKNOWN_ACTION', SOON);
  },
  async 'dispute.resubmit'() {
    throw new AppError('UNKNOWN_ACTION', SOON);
  },
};
