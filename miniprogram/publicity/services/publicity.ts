/**
 * 积分落户公示 (documents function, public: no login, no privacy step): a page of the admitted list with the line and
 * the publicity window, and an objection to one person on it with a contact.
 */
import type { ObjectionSubmitRes, PublicityListRes } from '../../../shared';
import { call, type ReqOf } from '../../services/api';

/** Entries per page. */
export const PUBLICITY_PAGE = 20;

/** A page of the list (the latest published round unless one is named). */
export async function publicityPage(roundId?: string, after?: string): Promise<PublicityListRes> {
  const req: ReqOf<'documents', 'publicity.list'> = { limit: PUBLICITY_PAGE };
  if (roundId) req.roundId = roundId;
  if (after) req.after = after;
  return call('documents', 'publicity.list', req);
}

/** What an objection sends. */
export type ObjectionInput = ReqOf<'documents', 'objection.submit'>;

/** Sends an objection to one entry of the list. */
export async function submitObjection(o: ObjectionInput, requestId: string): Promise<ObjectionSubmitRes> {
  return call('documents', 'objection.submit', o, { requestId });
}
