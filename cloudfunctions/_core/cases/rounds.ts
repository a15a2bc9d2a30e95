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

/**
 * A one-entry cache per function instance, keyed by the text of its input: the static data (rounds, calendar) is
 * rebuilt and re-validated only when what the store holds has changed, so an administrator's change is seen by the
 * very next request, and an unchanged one costs a string comparison instead of the zod parses. A build that throws
 * is not cached. The cached value is frozen so that no request can change what the next one sees.
 */
export function lastValueCache<T>(build: (key: string) => T): (key: string) => T {
  let last: { key: string; value: T } | null = null;
  return (key) => {
    if (last?.key === key) return last.value;
    const value = build(key);
    last = { key, value };
    return value;
  };
}

const roundsCache = lastValueCache((key) => {
  const { untilYear, policies, overrides } = JSON.parse(key) as {
    untilYear: number;
    policies: { id: string; effectiveFrom: string }[];
    overrides: Round[];
  };
  const rounds = buildRounds({ untilYear, policies, overrides });
  for (const r of rounds) Object.freeze(r);
  return Object.freeze(rounds);
});

/** The validated sequence of rounds up to `untilYear` (throws RoundError when administrators' data is inconsistent). */
export function roundsOf(policies: readonly PolicyVersion[], overrides: Round[], untilYear: number): Round[] {
  const key = JSON.stringify({
    untilYear,
    policies: policies.map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom })),
    overrides,
  });
  // A copy of the frozen array: callers may filter or sort it; the rounds themselves are shared and frozen.
  return [...roundsCache(key)];
}

/** The last year that has a round as of `today`: next year's round is announced ahead. */
export function roundsUntilYear(today: ISODate): number {
  return Number(today.slice(0, 4)) + 1;
}

/**
 * What one version of the reference data (RoundsReads.referenceVersion) gives, built once per function instance:
 * the policies and round overrides, the rounds per `untilYear`, the phase of the last day asked, the calendar once
 * asked for. Checking the version is one cheap read per request; an administrator's write changes it, so the very
 * next request builds again. Everything in it is frozen: no request can change what the next one sees.
 */
interface Reference {
  version: string;
  policies: readonly PolicyVersion[];
  overrides: Round[];
  rounds: Map<number, readonly Round[]>;
  phase: { today: ISODate; phase: RoundPhase } | null;
  calendar: WorkCalendar | null;
}

let reference: Reference | null = null;

/**
 * The reference data as of the store's version: the cached one when the version is unchanged, else read and built
 * again. The version is read first: lists read after it are at least as new, so what is cached is never older than
 * its version says (a newer write only makes the next request build again).
 */
async function referenceOf(store: StoreReader): Promise<Reference> {
  const version = await store.referenceVersion();
  if (reference?.version === version) return reference;
  const [policies, overrides] = await Promise.all([loadPolicies(store), store.listRoundOverrides()]);
  const built: Reference = {
    version,
    policies: Object.freeze(policies),
    overrides,
    rounds: new Map(),
    phase: null,
    calendar: null,
  };
  reference = built;
  return built;
}

/** The rounds of a reference up to `untilYear`, built once (a build that throws RoundError is not kept). */
function roundsUntil(ref: Reference, untilYear: number): readonly Round[] {
  let rounds = ref.rounds.get(untilYear);
  if (!rounds) {
    rounds = roundsOf(ref.policies, ref.overrides, untilYear);
    for (const r of rounds) Object.freeze(r);
    rounds = Object.freeze(rounds);
    ref.rounds.set(untilYear, rounds);
  }
  return rounds;
}

/**
 * What a handler that only looks rounds and policies up needs (simulate): the cached, frozen arrays themselves, not
 * copies. Same data and the same refusals as {@link loadRoundState}.
 */
export interface RoundView {
  today: ISODate;
  rounds: readonly Round[];
  policies: readonly PolicyVersion[];
  current: Round | null;
}

/**
 * The cached reference on `today`: the rounds up to this year and today's phase (throws RoundError). Synchronous:
 * its callers await the reference themselves, one async step fewer on every request.
 */
function referenceOn(ref: Reference, today: ISODate) {
  const rounds = roundsUntil(ref, roundsUntilYear(today));
  if (ref.phase?.today !== today) ref.phase = { today, phase: roundPhase(today, [...rounds]) };
  return { rounds, policies: ref.policies, phase: ref.phase.phase };
}

/** The rounds and policies as of `now` without copying them (throws RoundError as {@link loadRoundState} does). */
export async function loadRoundView(store: StoreReader, now: Date): Promise<RoundView> {
  const today = beijingDate(now);
  const { rounds, policies, phase } = referenceOn(await referenceOf(store), today);
  return { today, rounds, policies, current: phase.round };
}

/** Loads the round state (throws RoundError when administrators' round data is inconsistent). */
export async function loadRoundState(store: StoreReader, now: Date): Promise<RoundState> {
  const today = beijingDate(now);
  const { rounds, policies, phase } = referenceOn(await referenceOf(store), today);
  // A copy of the frozen arrays: callers may filter or sort them; the rounds and policies themselves are shared.
  const state: RoundState = {
    today,
    rounds: [...rounds],
    policies: [...policies],
    current: phase.round,
    phase: phase.phase,
  };
  if (phase.next) state.next = phase.next;
  return state;
}

/** The policy version of a round (buildRounds already refused rounds with unknown versions). */
export function policyOf(state: { policies: readonly PolicyVersion[] }, round: Round): PolicyVersion {
  const policy = findPolicy(round.policyVersion, state.policies);
  if (!policy) throw new Error('round references a missing policy version');
  return policy;
}

/** A round by id, or null. */
export function roundById(state: { rounds: readonly Round[] }, roundId: string): Round | null {
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
 * The working-day calendar: the package's holiday data plus administrators' tables, built once per reference version
 * (the calendar answers from its own copies, so one instance serves every request). A year without data makes its
 * methods throw CalendarGapError (answered as CALENDAR_YEAR_MISSING), never a weekdays-only guess.
 */
export async function loadCalendar(store: StoreReader): Promise<WorkCalendar> {
  const ref = await referenceOf(store);
  ref.calendar ??= createCalendar(await store.listHolidayTables());
  return ref.calendar;
}
