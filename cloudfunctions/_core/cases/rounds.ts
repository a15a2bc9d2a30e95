/** The round data every case action works with: rounds, policies, today's phase, and the working-day calendar. */
import { beijingDate, type ISODate } from '../../../shared/dates';
import { createCalendar, type WorkCalendar } from '../../../shared/calendar';
import { BUILTIN_POLICIES, findPolicy, type PolicyVersion } from '../../../shared/policy';
import { buildRounds, roundPhase, type Round, type RoundPhase } from '../../../shared/rounds';
import type { ApplicationRecord, StoreReader } from '../store/types';

/** Rounds, policies and today's phase, as of a request's instant: built-in data plus what administrators published. */
export interface RoundState {
  /** Beijing date of the request. */
  today: ISODate;
  rounds: Round[];
  policies: PolicyVersion[];
  /** The round `today` belongs to (see roundPhase), or null. */
  current: Round | null;
  phase: RoundPhase['phase'];
  next?: RoundPhase['next'];
}

/**
 * Every policy version: the built-in ones, then those administrators published. A published version never shadows a
 * built-in one (ids are unique; the built-in text is the reference).
 */
export async function loadPolicies(store: StoreReader): Promise<PolicyVersion[]> {
  const published = (await store.listPolicyVersions()).map((p) => p.policy);
  return [...BUILTIN_POLICIES, ...published.filter((p) => !findPolicy(p.id))];
}

/** The validated sequence of rounds up to `untilYear` (throws RoundError when administrators' data is inconsistent). */
export function roundsOf(policies: readonly PolicyVersion[], overrides: Round[], untilYear: number): Round[] {
  return buildRounds({
    untilYear,
    policies: policies.map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom })),
    overrides,
  });
}

/** The last year that has a round as of `today`: next year's round is announced ahead. */
export function roundsUntilYear(today: ISODate): number {
  return Number(today.slice(0, 4)) + 1;
}

/** Loads the round state (throws RoundError when administrators' round data is inconsistent). */
export async function loadRoundState(store: StoreReader, now: Date): Promise<RoundState> {
  const today = beijingDate(now);
  const [policies, overrides] = await Promise.all([loadPolicies(store), store.listRoundOverrides()]);
  const rounds = roundsOf(policies, overrides, roundsUntilYear(today));
  const phase = roundPhase(today, rounds);
  const state: RoundState = { today, rounds, policies, current: phase.round, phase: phase.phase };
  if (phase.next) state.next = phase.next;
  return state;
}

/** The policy version of a round (buildRounds already refused rounds with unknown versions). */
export function policyOf(state: Pick<RoundState, 'policies'>, round: Round): PolicyVersion {
  const policy = findPolicy(round.policyVersion, state.policies);
  if (!policy) throw new Error('round references a missing policy version');
  return policy;
}

/** A round by id, or null. */
export function roundById(state: Pick<RoundState, 'rounds'>, roundId: string): Round | null {
  return state.rounds.find((r) => r.id === roundId) ?? null;
}

/**
 * The round and policy version a case is under: the version it was submitted under (a later edit of the round does
 * not change a submitted case's rules), else its round's. Null when the round or the version is unknown.
 */
export function caseRules(
  state: Pick<RoundState, 'rounds' | 'policies'>,
  app: Pick<ApplicationRecord, 'roundId' | 'policyVersion'>,
): { round: Round; policy: PolicyVersion } | null {
  const round = roundById(state, app.roundId);
  const policy = round ? findPolicy(app.policyVersion ?? round.policyVersion, state.policies) : undefined;
  return round && policy ? { round, policy } : null;
}

/**
 * The working-day calendar: the package's holiday data plus administrators' tables. A year without data makes its
 * methods throw CalendarGapError (answered as CALENDAR_YEAR_MISSING), never a weekdays-only guess.
 */
export async function loadCalendar(store: StoreReader): Promise<WorkCalendar> {
  return createCalendar(await store.listHolidayTables());
}
