/** The current round and its policy table, fetched once per app session and shared by the pages. */
import type { RoundCurrentRes } from '../../shared';
import { call } from './api';

let cached: Promise<RoundCurrentRes> | null = null;

/** `round.current`, cached; a failed fetch is forgotten so that the next call retries. */
export function currentRound(): Promise<RoundCurrentRes> {
  if (!cached) {
    const p = call('applicant', 'round.current', {});
    cached = p;
    p.catch(() => {
      if (cached === p) cached = null;
    });
  }
  return cached;
}
