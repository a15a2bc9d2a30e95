/** Which round is current on a day and what is open. */
import { addDays, type ISODate } from '../dates';
import type { Round, RoundPhase, RoundPhaseName } from './types';

/**
 * The round and phase on `today` (a Beijing date). Phases follow the calendar windows only; whether a given day is a
 * working day inside a window is `isAcceptingOn`'s business.
 *
 * - `before-application`: before the round's points application opens. Between two rounds (after one round's
 *   settlement window) the current round is already the next one, in this phase.
 * - `application`: inside the points application window (both ends inclusive).
 * - `review`: after the application window, before settlement opens (departments verify, results, disputes). Empty
 *   when settlement opens the day after applications close, as in 2021 (10-31 → 11-01).
 * - `settlement`: inside the settlement application window (both ends inclusive).
 * - `closed`: after the last known round's settlement window (no later round built yet); also the answer, with
 *   `round: null`, when `rounds` is empty.
 *
 * `next` is the next change: from `next.from` on, this function reports `next.phase` for round `next.roundId`.
 * Rounds need not be sorted; they are assumed not to overlap (`buildRounds` guarantees it).
 */
export function roundPhase(today: ISODate, rounds: Round[]): RoundPhase {
  const sorted = [...rounds].sort((a, b) => (a.application.from < b.application.from ? -1 : 1));
  for (let i = 0; i < sorted.length; i++) {
    const round = sorted[i] as Round;
    const following = sorted[i + 1];
    if (today < round.application.from) {
      return { round, phase: 'before-application', next: at('application', round.application.from, round) };
    }
    if (today <= round.application.to) {
      const reviewFrom = addDays(round.application.to, 1);
      const next =
        reviewFrom < round.settlement.from
          ? at('review', reviewFrom, round)
          : at('settlement', round.settlement.from, round);
      return { round, phase: 'application', next };
    }
    if (today < round.settlement.from) {
      return { round, phase: 'review', next: at('settlement', round.settlement.from, round) };
    }
    if (today <= round.settlement.to) {
      const after = addDays(round.settlement.to, 1);
      let next: RoundPhase['next'];
      if (!following) next = at('closed', after, round);
      else if (following.application.from <= after) next = at('application', following.application.from, following);
      else next = at('before-application', after, following);
      return { round, phase: 'settlement', next };
    }
  }
  const last = sorted[sorted.length - 1];
  return { round: last ?? null, phase: 'closed' };
}

function at(phase: RoundPhaseName, from: ISODate, round: Round): NonNullable<RoundPhase['next']> {
  return { phase, from, roundId: round.id };
}
