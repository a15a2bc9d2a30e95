/**
 * The one typed client for cloud functions. Pages call `call(fn, action, payload)`; the answer's envelope is
 * unwrapped here, and every failure becomes an {@link ApiError} carrying a Chinese message fit to show as is.
 *
 * The wire is a {@link Transport}: `wx.cloud.callFunction` in production, HTTP to the local cloud in development
 * (chosen from `config.ts`), or whatever a test installs with {@link setTransport}.
 */
import type { FieldIssue, FunctionApis, FunctionName } from '../../shared';
import { ERROR_CODES, ERROR_MESSAGES, type ErrorCode } from '../../shared/core';
import { API_MODE, LOCAL_CLOUD_URL } from '../config';
import { cloudTransport } from './transports/cloud';
import { httpTransport } from './transports/http';
import { ApiError, CLIENT_ERROR_MESSAGES, type FunctionRequestBody, type Transport } from './transport';

export {
  ApiError,
  CLIENT_ERROR_MESSAGES,
  type ClientErrorCode,
  type FunctionRequestBody,
  type Transport,
} from './transport';

/** Action names of a function. */
export type ActionOf<F extends FunctionName> = keyof FunctionApis[F] & string;
/** Request payload of an action. */
export type ReqOf<F extends FunctionName, A extends ActionOf<F>> = FunctionApis[F][A] extends { req: infer R }
  ? R
  : never;
/** Response data of an action. */
export type ResOf<F extends FunctionName, A extends ActionOf<F>> = FunctionApis[F][A] extends { res: infer R }
  ? R
  : never;

/** Whether an action is a mutation (it changes state in one transaction and needs a request id). */
export type IsMutation<F extends FunctionName, A extends ActionOf<F>> = FunctionApis[F][A] extends { mutation: true }
  ? true
  : false;

/** Options of a mutation's call. */
export interface MutationOptions {
  /** Idempotency key; reuse it when retrying the same attempt (see {@link AttemptIds}). */
  requestId: string;
}

/**
 * The options argument of a call, by the action's type: a mutation REQUIRES its request id (calling one without it
 * is a compile error), a query takes none.
 */
export type CallOptions<F extends FunctionName, A extends ActionOf<F>> =
  IsMutation<F, A> extends true ? [opts: MutationOptions] : [];

let transport: Transport | null = null;

/** Installs the transport (tests); `null` goes back to the one `config.ts` selects. */
export function setTransport(t: Transport | null): void {
  transport = t;
}

function currentTransport(): Transport {
  if (!transport) transport = API_MODE === 'local' ? httpTransport(LOCAL_CLOUD_URL) : cloudTransport();
  return transport;
}

/**
 * Calls `fn`'s `action` and resolves with the envelope's data; rejects with an {@link ApiError}. A mutation takes
 * `{ requestId }` as its fourth argument (required by its type), a query nothing more.
 */
export async function call<F extends FunctionName, A extends ActionOf<F>>(
  fn: F,
  action: A,
  payload: ReqOf<F, A>,
  ...options: CallOptions<F, A>
): Promise<ResOf<F, A>> {
  const body: FunctionRequestBody = { action, payload };
  const opts: Partial<MutationOptions> = options[0] ?? {};
  if (opts.requestId) body.requestId = opts.requestId;
  let raw: unknown;
  try {
    raw = await currentTransport()(fn, body);
  } catch (e) {
    throw e instanceof ApiError ? e : new ApiError('NETWORK', CLIENT_ERROR_MESSAGES.NETWORK);
  }
  return unwrapEnvelope(raw) as ResOf<F, A>;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isFieldIssue(x: unknown): x is FieldIssue {
  return isRecord(x) && typeof x.path === 'string' && typeof x.field === 'string' && typeof x.message === 'string';
}

function isErrorCode(x: string): x is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(x);
}

/** Returns an ok envelope's data; throws an {@link ApiError} for an error envelope or anything that is not one. */
export function unwrapEnvelope(raw: unknown): unknown {
  if (isRecord(raw) && raw.ok === true && 'data' in raw) return raw.data;
  if (isRecord(raw) && raw.ok === false && typeof raw.code === 'string') {
    // An unknown code (a newer server) still shows the server's message.
    const code: ErrorCode = isErrorCode(raw.code) ? raw.code : 'INTERNAL';
    const message = typeof raw.message === 'string' && raw.message ? raw.message : ERROR_MESSAGES[code];
    const fields = Array.isArray(raw.fields) ? raw.fields.filter(isFieldIssue) : undefined;
    throw new ApiError(code, message, fields);
  }
  throw new ApiError('BAD_RESPONSE', CLIENT_ERROR_MESSAGES.BAD_RESPONSE);
}

/** The Chinese message of any failure (an ApiError's own, or a generic one for a bug). */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : ERROR_MESSAGES.INTERNAL;
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** A fresh idempotency key (24 characters of [A-Za-z0-9]); unique enough per user, not a secret. */
export function newRequestId(): string {
  let s = Date.now().toString(36);
  while (s.length < 24) s += ID_CHARS[Math.floor(Math.random() * ID_CHARS.length)];
  return s;
}

/**
 * Request ids for one kind of mutation on a page: a new id per attempt, the same id again while the same content is
 * retried after a failure (so a save that did reach the server is not done twice), a new one once it succeeded.
 */
export class AttemptIds {
  private pending: { key: string; id: string } | null = null;

  /** The id for an attempt with this content key. */
  idFor(key: string): string {
    if (this.pending && this.pending.key === key) return this.pending.id;
    this.pending = { key, id: newRequestId() };
    return this.pending.id;
  }

  /** The attempt succeeded: the next one gets a new id. */
  done(): void {
    this.pending = null;
  }
}
