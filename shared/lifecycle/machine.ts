/**
 * A small, declarative state machine: states with labels, events with the states they leave from, the state they
 * lead to, who may cause them and an optional guard. The server changes a record's state only through
 * {@link transition}; views list {@link allowedEvents} for the caller, so the client never re-derives what it may do.
 * Pure (no I/O, no zod): the mini program's main package can use it.
 */

/** Who causes an event. `self` the person; `agent` someone acting under a verified entrustment; `reviewer` a department's
 * reviewer; `district` a district office (区积分办 / 区积分受理点); `admin` an administrator; `system` the scheduler or the
 * server itself (e.g. the last decision of a review settles the case). */
export type Actor = 'self' | 'agent' | 'reviewer' | 'district' | 'admin' | 'system';

/** One state: its Chinese label and whether nothing can follow it. */
export interface StateSpec {
  label: string;
  final?: boolean;
}

/** One event: from which states, to which state, by whom, and (optionally) a guard over a context. */
export interface EventSpec<S extends string, C> {
  /** Chinese name of the action (shown on buttons and in the audit trail). */
  label: string;
  from: readonly S[];
  /** The state it leads to; absent for events that keep the state they found (saving a draft, attaching a file). */
  to?: S;
  by: readonly Actor[];
  /** A reason in Chinese when the event may not happen now (null when it may). Called only when `from` and `by` hold. */
  guard?: (ctx: C) => string | null;
  /**
   * The Chinese message when the record is in a state this event does not leave from (given that state and its
   * label), where the generic 「当前为…，不能…」 would say less; null falls back to the generic one.
   */
  refusal?: (from: S, label: string) => string | null;
}

/** A machine: its name (for messages), its states and its events. */
export interface Machine<S extends string, E extends string, C = void> {
  name: string;
  states: Readonly<Record<S, StateSpec>>;
  events: Readonly<Record<E, EventSpec<S, C>>>;
}

/** Why a transition was refused: `CONFLICT` when the record is not in a state the event leaves from (someone else acted
 * first, or it is too early or too late in the process), `FORBIDDEN` when this actor may not cause it, or the guard's
 * refusal (`FORBIDDEN` with the guard's message). */
export class TransitionError extends Error {
  /** The envelope code the server answers with. */
  readonly code: 'CONFLICT' | 'FORBIDDEN';
  /** @param code envelope code @param message Chinese message */
  constructor(code: 'CONFLICT' | 'FORBIDDEN', message: string) {
    super(message);
    this.name = 'TransitionError';
    this.code = code;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** Defines a machine; the identity function that lets TypeScript infer the state and event unions. */
export function defineMachine<S extends string, E extends string, C = void>(m: Machine<S, E, C>): Machine<S, E, C> {
  return m;
}

/**
 * The state after `event` happens to a record in state `from`, caused by `actor`. Throws {@link TransitionError}
 * when the event does not leave from `from`, the actor may not cause it, or its guard refuses.
 */
export function transition<S extends string, E extends string, C>(
  m: Machine<S, E, C>,
  from: S,
  event: E,
  actor: Actor,
  ctx: C,
): S {
  const spec = m.events[event];
  if (!spec.from.includes(from)) {
    const label = m.states[from].label;
    throw new TransitionError(
      'CONFLICT',
      spec.refusal?.(from, label) ?? `${m.name}当前为「${label}」，不能${spec.label}`,
    );
  }
  if (!spec.by.includes(actor)) throw new TransitionError('FORBIDDEN', `您无权${spec.label}`);
  const why = spec.guard ? spec.guard(ctx) : null;
  if (why) throw new TransitionError('FORBIDDEN', why);
  return spec.to ?? from;
}

/** Whether `event` may happen now (same rules as {@link transition}, without throwing). */
export function can<S extends string, E extends string, C>(
  m: Machine<S, E, C>,
  from: S,
  event: E,
  actor: Actor,
  ctx: C,
): boolean {
  const spec = m.events[event];
  return spec.from.includes(from) && spec.by.includes(actor) && (!spec.guard || spec.guard(ctx) === null);
}

/** The events `actor` may cause now on a record in state `from`, in the machine's declared order. */
export function allowedEvents<S extends string, E extends string, C>(
  m: Machine<S, E, C>,
  from: S,
  actor: Actor,
  ctx: C,
): E[] {
  return (Object.keys(m.events) as E[]).filter((e) => can(m, from, e, actor, ctx));
}

/** The states an event may leave from, for a conditional write (`where status in …`). */
export function sourcesOf<S extends string, E extends string, C>(m: Machine<S, E, C>, event: E): readonly S[] {
  return m.events[event].from;
}

/** The labels of a machine's states, as a plain map (for pages and tests). */
export function stateLabels<S extends string>(
  m: Machine<S, string, never> | Machine<S, string, unknown>,
): Record<S, string> {
  const out = {} as Record<S, string>;
  for (const s of Object.keys(m.states) as S[]) out[s] = m.states[s].label;
  return out;
}
