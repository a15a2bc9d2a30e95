/**
 * The dispatcher every cloud function shares: one typed action map per function (request schemas from
 * shared/contracts), one envelope for every answer, identity only from the platform, idempotent mutations, audit.
 *
 * Order of checks (each refusal has its own code): request shape → size → caller → action → payload → request id for
 * mutations → idempotency → handler. Mutations run inside a store transaction, so a failing handler writes nothing;
 * their refusals after the action is known are audited (the audit log is not business data), their successes are
 * audited and recorded for replay in the same transaction.
 *
 * Refusals are audited in a bounded way: counted per minute, caller, function, action, target and code (one audit
 * entry with a count, see `StoreWriter.countRefusal`), and a caller with {@link REFUSALS_PER_MINUTE} refusals in the
 * current minute gets RATE_LIMITED for every further mutation of that minute, its handler not run and nothing but
 * the counter touched. Successes are still one entry each.
 */
import { createHash, randomUUID } from 'crypto';
import { z } from '../../shared/zod-zh';
import { CalendarGapError } from '../../shared/calendar';
import { TransitionError } from '../../shared/lifecycle';
import {
  ERROR_MESSAGES,
  fail,
  MAX_REQUEST_BYTES,
  ok,
  RequestSchema,
  type Envelope,
  type ErrEnvelope,
  type ErrorCode,
  type FieldIssue,
} from '../../shared/contracts';
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

/**
 * Refused mutations a caller may have in one minute; from then on every mutation of theirs in that minute answers
 * RATE_LIMITED. A person correcting a form is refused a few times a minute; a script is refused thousands of times.
 */
export const REFUSALS_PER_MINUTE = 30;

/** Who is calling, as the platform says (never the request). `null` or empty means unknown → UNAUTHENTICATED. */
export interface Caller {
  openid: string | null;
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
}

/** A deployed function as the local cloud, the tests and the production entry call it. */
export type FunctionHandler = (event: unknown, caller: Caller, deps: Deps) => Promise<Envelope<unknown>>;

/** A refusal a handler raises on purpose: answered as `{ ok: false, code, message, fields? }`. */
export class AppError extends Error {
  /** The envelope code. */
  readonly code: ErrorCode;
  /** Per-field problems (INVALID_INPUT). */
  readonly fields?: FieldIssue[];

  /** @param code envelope code @param message Chinese message for the user (default: the code's) @param fields field problems */
  constructor(code: ErrorCode, message?: string, fields?: FieldIssue[]) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'AppError';
    this.code = code;
    if (fields) this.fields = fields;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}

/** One action of a function's map: its request schema and whether it changes state. */
export interface ActionSpec {
  req: z.ZodType;
  mutation: boolean;
}
/** A function's action map (e.g. `APPLICANT_ACTIONS`). */
export type ActionMap = Record<string, ActionSpec>;

interface BaseCtx {
  fn: string;
  action: string;
  caller: { openid: string };
  /** The request's instant (one clock reading per request). */
  now: Date;
  deps: Deps;
}

/** What a query handler gets: reads only (the type forbids writes). */
export interface QueryCtx extends BaseCtx {
  store: StoreReader;
  /**
   * Notes a read of a person's data by someone other than that person (an agent, a reviewer): `actingFor` is the
   * person (openid or `person:<key>`), `target` the record read (e.g. `application:<id>`). The runtime audits each
   * noted read once the handler has succeeded, and answers INTERNAL rather than hand out data it could not audit.
   */
  noteRead(actingFor: string, target: string): void;
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

/** The context of an action, by its `mutation` flag. */
export type Ctx<M extends boolean> = M extends true ? MutationCtx : QueryCtx;

/** Handlers for every action of a map; a missing one is a type error. `Api` gives each action's response type. */
export type Handlers<M extends ActionMap, Api extends { [A in keyof M]: { res: unknown } }> = {
  [A in keyof M]: (payload: z.output<M[A]['req']>, ctx: Ctx<M[A]['mutation']>) => Promise<Api[A]['res']>;
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

/**
 * Builds a function from its definition. The returned handler never throws and never answers with the event, the
 * context or an internal error's text.
 */
export function defineFunction<M extends ActionMap, Api extends { [A in keyof M]: { res: unknown } }>(
  def: FunctionDefinition<M, Api>,
): FunctionHandler {
  return async (event, caller, deps) => {
    const log = deps.log ?? ((line: string) => console.error(line));
    const internal = (where: string, e: unknown): ErrEnvelope => {
      // A short line: function, action, error class. No message (it may quote data), no event, no openid.
      const name = e instanceof Error ? e.name : typeof e;
      log(`[${def.name}] ${where} INTERNAL ${name}`);
      return fail('INTERNAL');
    };
    const toEnvelope = (action: string, e: unknown): ErrEnvelope => {
      if (e instanceof AppError) return fail(e.code, e.message, e.fields);
      if (e instanceof CalendarGapError) return fail('CALENDAR_YEAR_MISSING', e.message);
      if (e instanceof TransitionError) return fail(e.code, e.message);
      // A uniqueness rule lost a race at commit (an identity bound meanwhile, a policy id published meanwhile).
      if (e instanceof StoreConflictError) return fail('CONFLICT', '该记录刚被他人修改或占用，请刷新后重试');
      return internal(action, e);
    };

    try {
      // 1. shape
      const parsed = RequestSchema.safeParse(stripPlatformFields(event));
      if (!parsed.success) return fail('BAD_REQUEST', undefined, zodFields(parsed.error.issues));
      const req = parsed.data;
      // 2. size (the platform's own limit, checked again for the local cloud)
      const size = byteLength(req);
      if (size === null) return fail('BAD_REQUEST');
      if (size > MAX_REQUEST_BYTES) return fail('PAYLOAD_TOO_LARGE');
      // 3. caller
      const openid = caller?.openid;
      if (typeof openid !== 'string' || openid.length === 0) return fail('UNAUTHENTICATED');
      // 4. action
      if (!has(def.actions, req.action)) return fail('UNKNOWN_ACTION');
      const action = req.action as keyof M & string;
      const spec = def.actions[action] as ActionSpec;
      const handler = def.handlers[action] as unknown as (p: unknown, ctx: QueryCtx | MutationCtx) => Promise<unknown>;
      const now = deps.now();
      const at = now.toISOString();
      let target = def.targetOf ? def.targetOf(action, req.payload) : `${def.name}:${action}`;
      let actingFor: string | null = null;

      const refuse = async (env: ErrEnvelope): Promise<ErrEnvelope> => {
        if (!spec.mutation) return env;
        // Counted, not appended: a burst of the same refusal is one audit entry whose count grows.
        const refusal: RefusalEvent = { at, actor: openid, fn: def.name, action, target, result: env.code };
        if (req.requestId) refusal.requestId = req.requestId;
        try {
          await deps.store.countRefusal(refusal);
        } catch (e) {
          internal(`${action} audit`, e); // the refusal stands; only the log records the failed audit
        }
        return env;
      };

      // Rate limit of refusals: past the limit, answer before parsing or running anything (one count per request,
      // on a target that does not vary, so a limited caller adds no entries). A failed read does not block callers.
      if (spec.mutation) {
        let refused = 0;
        try {
          refused = await deps.store.countRefusalsInMinute(openid, refusalMinute(at));
        } catch (e) {
          internal(`${action} rate`, e);
        }
        if (refused >= REFUSALS_PER_MINUTE) {
          target = `${def.name}:${action}`;
          return refuse(fail('RATE_LIMITED'));
        }
      }

      // 5. payload
      const payload = spec.req.safeParse(req.payload ?? {});
      if (!payload.success) {
        return refuse(fail('INVALID_INPUT', undefined, zodFields(payload.error.issues, def.fieldLabels)));
      }

      if (!spec.mutation) {
        try {
          const reads = new Map<string, AuditEntry>();
          const noteRead = (who: string, readTarget: string): void => {
            const entry: AuditEntry = {
              id: `a_${randomUUID()}`,
              at,
              actor: openid,
              actingFor: who,
              fn: def.name,
              action,
              target: readTarget,
              result: 'ok',
            };
            reads.set(`${who}\n${readTarget}`, entry);
          };
          const ctx: QueryCtx = { fn: def.name, action, caller: { openid }, now, deps, store: deps.store, noteRead };
          const data = await handler(payload.data, ctx);
          // Reads of someone else's data are audited before the data leaves (not in a transaction: a read writes nothing else).
          for (const entry of reads.values()) await deps.store.appendAudit(entry);
          return ok(data);
        } catch (e) {
          return toEnvelope(action, e);
        }
      }

      // 6. mutations need a client request id
      const requestId = req.requestId;
      if (!requestId) return refuse(fail('BAD_REQUEST', '缺少请求编号（requestId），请刷新后重试'));

      // 7. idempotency, then the handler, in one transaction
      const key = requestKey(openid, def.name, action, requestId);
      const payloadHash = sha256(stableStringify(payload.data));
      const replay = (prior: RequestRecord): Promise<Envelope<unknown>> | Envelope<unknown> =>
        prior.payloadHash === payloadHash ? ok(prior.response) : refuse(fail('CONFLICT'));

      try {
        type Outcome = { kind: 'replay'; prior: RequestRecord } | { kind: 'done'; data: unknown };
        const outcome = await deps.store.transaction(async (tx): Promise<Outcome> => {
          const prior = await tx.getRequest(key);
          if (prior) return { kind: 'replay', prior };
          let counter = 0;
          const ctx: MutationCtx = {
            fn: def.name,
            action,
            caller: { openid },
            now,
            deps,
            store: tx,
            requestId,
            newId: (prefix) => `${prefix}_${sha256(`${key}\n${prefix}\n${counter++}`).slice(0, 24)}`,
            setTarget: (t) => {
              target = t;
            },
            setActingFor: (who) => {
              actingFor = who;
            },
          };
          const data = await handler(payload.data, ctx);
          const entry: AuditEntry = {
            id: `a_${sha256(`${key}\nok`).slice(0, 32)}`,
            at,
            actor: openid,
            actingFor,
            fn: def.name,
            action,
            target,
            result: 'ok',
            requestId,
          };
          await tx.appendAudit(entry);
          await tx.putRequest({ key, actor: openid, fn: def.name, action, requestId, payloadHash, response: data, at });
          return { kind: 'done', data };
        });
        return outcome.kind === 'replay' ? await replay(outcome.prior) : ok(outcome.data);
      } catch (e) {
        if (e instanceof StoreConflictError && e.kind === 'request') {
          // A concurrent duplicate committed first (CloudBase): answer as a replay.
          const prior = await deps.store.getRequest(key);
          if (prior) return await replay(prior);
        }
        return refuse(toEnvelope(action, e));
      }
    } catch (e) {
      return internal('dispatch', e);
    }
  };
}
