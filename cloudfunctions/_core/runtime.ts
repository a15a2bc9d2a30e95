/**
 * The dispatcher every cloud function shares: one typed action map per function (request schemas, effect and access
 * from shared/contracts/functions.ts), one envelope for every answer, identity only from the platform, access
 * checked before the handler, idempotent mutations, audit.
 *
 * Order of checks (each refusal has its own code): request shape → size → action → caller (UNAUTHENTICATED without an
 * openid, unless the action is public) → rate limit → payload → request id for mutations → access → idempotency →
 * handler. Queries get a read-only store and never write; mutations run inside a store transaction, so a failing
 * handler (or a refused access) writes nothing; bulk runs (publishing) get the store for their own batches. Refusals
 * of a mutation after the action is known are audited (the audit log is not business data), its successes are
 * audited and recorded for replay in the same transaction.
 *
 * Refusals are audited in a bounded way: counted per minute, caller, function, action, target and code (one audit
 * entry with a count, see `StoreWriter.countRefusal`), and a caller with {@link REFUSALS_PER_MINUTE} refusals in the
 * current minute gets RATE_LIMITED for every further mutation of that minute, its handler not run and nothing but
 * the counter touched. Successes are still one entry each. Public actions are limited per caller in memory
 * (rate-limit.ts): they write nothing, not even a counter.
 */
import { createHash, randomUUID } from 'crypto';
import { z } from '../../shared/zod-zh';
import { CalendarGapError } from '../../shared/calendar';
import { TransitionError } from '../../shared/lifecycle';
import type { ContentChecker } from './content-check';
import {
  fail,
  MAX_REQUEST_BYTES,
  ok,
  RequestSchema,
  type ActionSpecOf,
  type Envelope,
  type ErrEnvelope,
  type FieldIssue,
  type FunctionRequest,
} from '../../shared/contracts';
import type { DistrictCode } from '../../shared/application/districts';
import { checkAccess, type Grant } from './access';
import { AppError } from './errors';
import { MinuteCounter, PUBLIC_CALLS_PER_MINUTE } from './rate-limit';
import { readOnlyStore } from './read-only';
import {
  refusalMinute,
  StoreConflictError,
  type AuditEntry,
  type RefusalEvent,
  type RequestRecord,
  type Store,
  type StoreReader,
  type StoreTx,
} from './store/types';
import type { FileStorage } from './files/types';

export { AppError } from './errors';

/**
 * Refused mutations a caller may have in one minute; from then on every mutation of theirs in that minute answers
 * RATE_LIMITED. A person correcting a form is refused a few times a minute; a script is refused thousands of times.
 */
export const REFUSALS_PER_MINUTE = 30;

/** Who is calling, as the platform says (never the request). */
export interface Caller {
  /** The WeChat openid; `null` or empty means unknown → UNAUTHENTICATED for every action that is not public. */
  openid: string | null;
  /** The client's IP as the platform reports it (CLIENTIP), used only to rate-limit public callers without an openid. */
  clientIp?: string | null;
  /**
   * A trusted caller inside the deployment: the scheduler's timer and the administrator CLI. Set only by code no
   * request reaches (the timer entry, the CLI, the local cloud's interval), never from an event or a header.
   */
  system?: boolean;
}

/** What a function needs from its environment. Optional fields may be added later. */
export interface Deps {
  store: Store;
  /** The clock; tests fix it. */
  now: () => Date;
  /** Where a short line goes when something fails unexpectedly (default `console.error`). Never gets personal data. */
  log?: (line: string) => void;
  /** Private file storage for materials (local folder or CloudBase storage); actions that need it refuse without it. */
  files?: FileStorage;
  /**
   * The text security check of free text applicants write (dispute reasons): WeChat's msgSecCheck in production;
   * absent in the local cloud and the tests, where text is recorded as checked locally (see _core/content-check.ts).
   */
  contentCheck?: ContentChecker;
}

/** What a handler gets of {@link Deps}: the clock and the files, never the store (its store comes with its context). */
export type HandlerDeps = Omit<Deps, 'store'>;

/**
 * What the transport already knows of a request. `requestBytes`: the size of the body it received, which it has held
 * to {@link MAX_REQUEST_BYTES}; given it, the runtime does not serialize the request again to measure it.
 */
export interface Transport {
  requestBytes: number;
}

/** A deployed function as the local cloud, the tests and the production entry call it. */
export type FunctionHandler = (
  event: unknown,
  caller: Caller,
  deps: Deps,
  transport?: Transport,
) => Promise<Envelope<unknown>>;

/** One action of a function's map: its request schema, effect (`mutation`) and access. */
export type ActionSpec = ActionSpecOf;
/** A function's action map (e.g. `APPLICANT_ACTIONS`). */
export type ActionMap = Record<string, ActionSpec>;

interface BaseCtx {
  fn: string;
  action: string;
  caller: { openid: string };
  /**
   * Who the request counts against for rate limits: the openid, or `ip:<address>` for a public caller without one.
   * For in-memory limits only (rate-limit.ts): never stored, never in a response.
   */
  callerKey: string;
  /** The request's instant (one clock reading per request). */
  now: Date;
  deps: HandlerDeps;
}

/** What a query handler gets: reads only (the type forbids writes, and the store has no write methods). */
export interface QueryCtx extends BaseCtx {
  store: StoreReader;
  /**
   * Notes a read of a person's data by someone other than that person (an agent, a reviewer): `actingFor` is the
   * person (openid or `person:<key>`), `target` the record read (e.g. `application:<id>`). The runtime audits each
   * noted read once the handler has succeeded, and answers INTERNAL rather than hand out data it could not audit.
   * `result` is the entry's result (default `ok`; e.g. a verification whose code did not match).
   */
  noteRead(actingFor: string, target: string, result?: string): void;
}

/** What a mutation handler gets: the transaction, the request id and replay-safe ids. */
export interface MutationCtx extends BaseCtx {
  store: StoreTx;
  requestId: string;
  /**
   * A new record id derived from the request (caller, function, action, request id, `prefix`, call order): a retry
   * of the same request gets the same ids, so replaying its writes cannot create duplicates.
   */
  newId(prefix: string): string;
  /** Names the record the mutation acted on, for the audit entry (e.g. `draft:d_…`). */
  setTarget(target: string): void;
  /** Names the person acted for (delegation), for the audit entry: an openid or `person:<key>`, never an ID number. */
  setActingFor(who: string | null): void;
}

/** What a bulk run gets: the store, for its own transactions and the store's bulk writes; it audits itself. */
export interface BulkCtx extends BaseCtx {
  store: Store;
}

/** The context by an action's effect. */
type EffectCtx<E> = E extends true ? MutationCtx : E extends 'bulk' ? BulkCtx : QueryCtx;
/** What the access check adds: a reviewer's department or district; a public caller may have no openid. */
type AccessCtx<A, C> = A extends { kind: 'reviewer'; of: 'department' }
  ? C & { department: string }
  : A extends { kind: 'reviewer'; of: 'district' }
    ? C & { district: DistrictCode }
    : A extends { kind: 'public' }
      ? Omit<C, 'caller'> & { caller: { openid: string | null } }
      : C;

/** The context of an action, by its effect and its access. */
export type Ctx<S extends ActionSpec> = AccessCtx<S['access'], EffectCtx<S['mutation']>>;

/** Handlers for every action of a map; a missing one is a type error. `Api` gives each action's response type. */
export type Handlers<M extends ActionMap, Api extends { [A in keyof M]: { res: unknown } }> = {
  [A in keyof M]: (payload: z.output<M[A]['req']>, ctx: Ctx<M[A]>) => Promise<Api[A]['res']>;
};

/** Everything the runtime needs to serve one function. */
export interface FunctionDefinition<M extends ActionMap, Api extends { [A in keyof M]: { res: unknown } }> {
  /** Function name, used in audit entries and idempotency keys. */
  name: string;
  actions: M;
  handlers: Handlers<M, Api>;
  /** Chinese labels of top-level payload fields, for INVALID_INPUT messages. */
  fieldLabels?: Record<string, string>;
  /** The audit target of a request before its handler names one (from the raw payload; must not copy user text). */
  targetOf?: (action: keyof M & string, payload: unknown) => string;
}

/** Fields the platform or a forger may put in the event; identity never comes from the event, so they are dropped. */
export const IGNORED_EVENT_FIELDS = ['userInfo', 'openid', 'openId', '_openid'] as const;

/** A copy of the event without {@link IGNORED_EVENT_FIELDS} (WeChat adds `userInfo: { appId, openId }` to every call). */
export function stripPlatformFields(event: unknown): unknown {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return event;
  // The local cloud's events carry none of them: a plain event is then handed on as it is (the schema copies it).
  if (Object.getPrototypeOf(event) === Object.prototype && !IGNORED_EVENT_FIELDS.some((k) => has(event, k))) {
    return event;
  }
  const copy: Record<string, unknown> = { ...(event as Record<string, unknown>) };
  for (const k of IGNORED_EVENT_FIELDS) delete copy[k];
  return copy;
}

/** JSON with object keys sorted, so equal payloads hash equally whatever their key order. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : stableStringify(v))).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableStringify(obj[k])}`);
  return `{${parts.join(',')}}`;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

/** The idempotency key of a mutation: per caller, function, action and client request id. */
export function requestKey(openid: string, fn: string, action: string, requestId: string): string {
  return sha256([openid, fn, action, requestId].join('\n'));
}

/** zod issues as field problems with Chinese labels. */
export function zodFields(issues: readonly z.core.$ZodIssue[], labels: Record<string, string> = {}): FieldIssue[] {
  return issues.map((i) => {
    const path = i.path.map(String).join('.');
    const head = i.path[0];
    const field = typeof head === 'string' ? (labels[head] ?? head) : '请求内容';
    return { path, field, message: i.message };
  });
}

function byteLength(value: unknown): number | null {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
  } catch {
    return null; // cycles or BigInt: not a JSON request
  }
}

function has(map: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
}

type AnyHandler = (payload: unknown, ctx: object) => Promise<unknown>;

/** A definition as the dispatcher serves it (types erased), with the function's own public-call counter. */
interface Served {
  name: string;
  actions: ActionMap;
  handlers: Record<string, AnyHandler>;
  fieldLabels?: Record<string, string>;
  targetOf?: (action: string, payload: unknown) => string;
  publicCalls: MinuteCounter;
}

const readOnlyViews = new WeakMap<StoreReader, StoreReader>();

/** The read-only view of a store, made once per store. */
function readerOf(store: Store): StoreReader {
  let view = readOnlyViews.get(store);
  if (!view) {
    view = readOnlyStore(store);
    readOnlyViews.set(store, view);
  }
  return view;
}

/** One request of a known action, from the caller check to the answer. */
class Dispatch {
  private target: string;
  private actingFor: string | null = null;
  private readonly at: string;
  private readonly openid: string | null;
  /** Who the request counts against: the openid, or for a public caller without one its client IP. */
  private readonly actor: string;
  private readonly handlerDeps: HandlerDeps;

  constructor(
    private readonly def: Served,
    private readonly deps: Deps,
    private readonly req: FunctionRequest,
    private readonly action: string,
    private readonly spec: ActionSpec,
    private readonly caller: Caller,
    private readonly now: Date,
  ) {
    this.at = now.toISOString();
    const openid = caller?.openid;
    this.openid = typeof openid === 'string' && openid.length > 0 ? openid : null;
    this.actor = this.openid ?? `ip:${caller?.clientIp || 'unknown'}`;
    this.target = def.targetOf ? def.targetOf(action, req.payload) : `${def.name}:${action}`;
    const { store: _store, ...handlerDeps } = deps;
    this.handlerDeps = handlerDeps;
  }

  private log(line: string): void {
    (this.deps.log ?? ((l: string) => console.error(l)))(line);
  }

  /** INTERNAL with a short line: function, action, error class. No message (it may quote data), no event, no openid. */
  internal(where: string, e: unknown): ErrEnvelope {
    const name = e instanceof Error ? e.name : typeof e;
    this.log(`[${this.def.name}] ${where} INTERNAL ${name}`);
    return fail('INTERNAL');
  }

  private toEnvelope(e: unknown): ErrEnvelope {
    if (e instanceof AppError) return fail(e.code, e.message, e.fields);
    if (e instanceof CalendarGapError) return fail('CALENDAR_YEAR_MISSING', e.message);
    if (e instanceof TransitionError) return fail(e.code, e.message);
    // A uniqueness rule lost a race at commit (an identity bound meanwhile, a policy id published meanwhile).
    if (e instanceof StoreConflictError) return fail('CONFLICT', '该记录刚被他人修改或占用，请刷新后重试');
    return this.internal(this.action, e);
  }

  /** A refusal; a mutation's is counted in the audit log (the audit log is not business data). */
  private async refuse(env: ErrEnvelope): Promise<ErrEnvelope> {
    if (this.spec.mutation !== true) return env;
    // Counted, not appended: a burst of the same refusal is one audit entry whose count grows.
    const { at, actor, action, target } = this;
    const refusal: RefusalEvent = { at, actor, fn: this.def.name, action, target, result: env.code };
    if (this.req.requestId) refusal.requestId = this.req.requestId;
    try {
      await this.deps.store.countRefusal(refusal);
    } catch (e) {
      this.internal(`${this.action} audit`, e); // the refusal stands; only the log records the failed audit
    }
    return env;
  }

  private base(): BaseCtx {
    return {
      fn: this.def.name,
      action: this.action,
      caller: { openid: this.openid as string },
      callerKey: this.actor,
      now: this.now,
      deps: this.handlerDeps,
    };
  }

  private grant(store: Pick<StoreReader, 'listRolesOf' | 'getPrivacyAcceptance'>): Promise<Grant> {
    return checkAccess(this.spec.access, { openid: this.openid, system: this.caller?.system === true }, store);
  }

  private run(payload: unknown, ctx: object): Promise<unknown> {
    return (this.def.handlers[this.action] as AnyHandler)(payload, ctx);
  }

  /**
   * Rate limits, before the payload is parsed or anything runs: a public caller's calls (in memory), a mutation's
   * refusals (one count per request, on a target that does not vary, so a limited caller adds no entries). A failed
   * read of the refusal count does not block callers.
   */
  private async limited(): Promise<ErrEnvelope | null> {
    if (this.spec.access.kind === 'public' && !this.def.publicCalls.take(this.actor, refusalMinute(this.at))) {
      return fail('RATE_LIMITED');
    }
    if (this.spec.mutation !== true) return null;
    let refused = 0;
    try {
      refused = await this.deps.store.countRefusalsInMinute(this.actor, refusalMinute(this.at));
    } catch (e) {
      this.internal(`${this.action} rate`, e);
    }
    if (refused < REFUSALS_PER_MINUTE) return null;
    this.target = `${this.def.name}:${this.action}`;
    return this.refuse(fail('RATE_LIMITED'));
  }

  async serve(): Promise<Envelope<unknown>> {
    if (this.openid === null && this.spec.access.kind !== 'public') return fail('UNAUTHENTICATED');
    // Only public calls and mutations are limited: other queries do not wait for a check that has nothing to do.
    if (this.spec.access.kind === 'public' || this.spec.mutation === true) {
      const limited = await this.limited();
      if (limited) return limited;
    }
    const payload = this.spec.req.safeParse(this.req.payload ?? {});
    if (!payload.success) {
      return this.refuse(fail('INVALID_INPUT', undefined, zodFields(payload.error.issues, this.def.fieldLabels)));
    }
    if (this.spec.mutation === true) return this.mutate(payload.data);
    if (this.spec.mutation === 'bulk') return this.bulk(payload.data);
    return this.query(payload.data);
  }

  /** A query: the read-only store; reads of someone else's data audited before the data leaves. */
  private async query(payload: unknown): Promise<Envelope<unknown>> {
    // Most queries read only the caller's own data: the map is made on the first noted read.
    const noted: { reads?: Map<string, AuditEntry> } = {};
    const { at, actor, action } = this;
    const fn = this.def.name;
    try {
      const store = readerOf(this.deps.store);
      const grant = await this.grant(store);
      const ctx: QueryCtx = this.base() as QueryCtx;
      ctx.store = store;
      // An anonymous function, not an arrow held in a const: under tsx (keepNames) a named closure is renamed with
      // Object.defineProperty each time it is made, and this one is made per request.
      ctx.noteRead = function (who: string, target: string, result = 'ok'): void {
        const reads = (noted.reads ??= new Map());
        const entry: AuditEntry = { id: `a_${randomUUID()}`, at, actor, actingFor: who, fn, action, target, result };
        reads.set(`${who}\n${target}\n${result}`, entry);
      };
      Object.assign(ctx, grant);
      const data = await this.run(payload, ctx);
      // Not in a transaction: a read writes nothing else.
      if (noted.reads) for (const entry of noted.reads.values()) await this.deps.store.appendAudit(entry);
      return ok(data);
    } catch (e) {
      return this.toEnvelope(e);
    }
  }

  /** A bulk run: the store itself (its own batches and bulk writes); the run audits itself. */
  private async bulk(payload: unknown): Promise<Envelope<unknown>> {
    try {
      const store = this.deps.store;
      const ctx: BulkCtx = { ...this.base(), store, ...(await this.grant(readerOf(store))) };
      return ok(await this.run(payload, ctx));
    } catch (e) {
      return this.toEnvelope(e);
    }
  }

  /** A mutation: a client request id; access, idempotency and the handler in one transaction. */
  private async mutate(payload: unknown): Promise<Envelope<unknown>> {
    const requestId = this.req.requestId;
    if (!requestId) return this.refuse(fail('BAD_REQUEST', '缺少请求编号（requestId），请刷新后重试'));
    const key = requestKey(this.actor, this.def.name, this.action, requestId);
    const payloadHash = sha256(stableStringify(payload));
    try {
      type Outcome = { kind: 'replay'; prior: RequestRecord } | { kind: 'done'; data: unknown };
      const outcome = await this.deps.store.transaction(async (tx): Promise<Outcome> => {
        const grant = await this.grant(tx);
        const prior = await tx.getRequest(key);
        if (prior) return { kind: 'replay', prior };
        const data = await this.run(payload, this.mutationCtx(tx, key, requestId, grant));
        await this.record(tx, key, requestId, payloadHash, data);
        return { kind: 'done', data };
      });
      return outcome.kind === 'replay' ? await this.replay(outcome.prior, payloadHash) : ok(outcome.data);
    } catch (e) {
      if (e instanceof StoreConflictError && e.kind === 'request') {
        // A concurrent duplicate committed first (CloudBase): answer as a replay.
        const prior = await this.deps.store.getRequest(key);
        if (prior) return await this.replay(prior, payloadHash);
      }
      return this.refuse(this.toEnvelope(e));
    }
  }

  /** A retried request's answer: the recorded one when the payload is the same, else CONFLICT. */
  private replay(prior: RequestRecord, payloadHash: string): Promise<Envelope<unknown>> | Envelope<unknown> {
    return prior.payloadHash === payloadHash ? ok(prior.response) : this.refuse(fail('CONFLICT'));
  }

  private mutationCtx(tx: StoreTx, key: string, requestId: string, grant: Grant): MutationCtx {
    let counter = 0;
    return {
      ...this.base(),
      ...grant,
      store: tx,
      requestId,
      newId: (prefix) => `${prefix}_${sha256(`${key}\n${prefix}\n${counter++}`).slice(0, 24)}`,
      setTarget: (t) => {
        this.target = t;
      },
      setActingFor: (who) => {
        this.actingFor = who;
      },
    };
  }

  /** The success's audit entry and its request record, in the mutation's transaction. */
  private async record(tx: StoreTx, key: string, requestId: string, payloadHash: string, data: unknown): Promise<void> {
    const { at, actor, action } = this;
    const fn = this.def.name;
    const entry: AuditEntry = {
      id: `a_${sha256(`${key}\nok`).slice(0, 32)}`,
      at,
      actor,
      actingFor: this.actingFor,
      fn,
      action,
      target: this.target,
      result: 'ok',
      requestId,
    };
    await tx.appendAudit(entry);
    await tx.putRequest({ key, actor, fn, action, requestId, payloadHash, response: data, at });
  }
}

/** Shape, size and action of an event: the request and its action's spec, or the refusal. */
function parseEvent(
  actions: ActionMap,
  event: unknown,
  transport?: Transport,
): { req: FunctionRequest; action: string; spec: ActionSpec } | ErrEnvelope {
  // 1. shape
  const parsed = RequestSchema.safeParse(stripPlatformFields(event));
  if (!parsed.success) return fail('BAD_REQUEST', undefined, zodFields(parsed.error.issues));
  const req = parsed.data;
  // 2. size (the platform's own limit, checked again unless the transport measured the body)
  const size = transport ? transport.requestBytes : byteLength(req);
  if (size === null) return fail('BAD_REQUEST');
  if (size > MAX_REQUEST_BYTES) return fail('PAYLOAD_TOO_LARGE');
  // 3. action (before the caller: a public action is served without an openid)
  if (!has(actions, req.action)) return fail('UNKNOWN_ACTION');
  return { req, action: req.action, spec: actions[req.action] as ActionSpec };
}

/**
 * Builds a function from its definition. The returned handler never throws and never answers with the event, the
 * context or an internal error's text.
 */
export function defineFunction<M extends ActionMap, Api extends { [A in keyof M]: { res: unknown } }>(
  def: FunctionDefinition<M, Api>,
): FunctionHandler {
  const served: Served = {
    name: def.name,
    actions: def.actions,
    handlers: def.handlers as unknown as Record<string, AnyHandler>,
    publicCalls: new MinuteCounter(PUBLIC_CALLS_PER_MINUTE),
  };
  if (def.fieldLabels) served.fieldLabels = def.fieldLabels;
  if (def.targetOf) served.targetOf = def.targetOf as (action: string, payload: unknown) => string;
  return async (event, caller, deps, transport) => {
    try {
      const parsed = parseEvent(def.actions, event, transport);
      if ('ok' in parsed) return parsed;
      return await new Dispatch(served, deps, parsed.req, parsed.action, parsed.spec, caller, deps.now()).serve();
    } catch (e) {
      const name = e instanceof Error ? e.name : typeof e;
      (deps?.log ?? ((l: string) => console.error(l)))(`[${def.name}] dispatch INTERNAL ${name}`);
      return fail('INTERNAL');
    }
  };
}
