/**
 * What the typed client (api.ts) and its transports (transports/) both speak: the request body, the transport
 * signature and the error a failed call becomes. Kept apart from api.ts so a transport never imports the client.
 */
import type { FieldIssue, FunctionName } from '../../shared';
import type { ErrorCode } from '../../shared/core';

/** What every function receives as its `data` / JSON body (shared/contracts RequestSchema). */
export type FunctionRequestBody = {
  action: string;
  payload?: unknown;
  /** Idempotency key of a mutation attempt. */
  requestId?: string;
};

/** Sends one request to a function and resolves with its raw answer (an envelope, unchecked). */
export type Transport = (fn: FunctionName, body: FunctionRequestBody) => Promise<unknown>;

/** Failures the client detects itself, before or after the server. */
export type ClientErrorCode = 'NETWORK' | 'BAD_RESPONSE';

/** Chinese messages of the client-side failures. */
export const CLIENT_ERROR_MESSAGES: Record<ClientErrorCode, string> = {
  NETWORK: '暂时无法连接服务，请检查网络后重试',
  BAD_RESPONSE: '服务返回的数据无法识别，请稍后再试',
};

/** A refused or failed call. `message` is Chinese and meant for the user. */
export class ApiError extends Error {
  /** The envelope's code, or a client-side one. */
  readonly code: ErrorCode | ClientErrorCode;
  /** Per-field problems (INVALID_INPUT). */
  readonly fields?: FieldIssue[];

  constructor(code: ErrorCode | ClientErrorCode, message: string, fields?: FieldIssue[]) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    if (fields && fields.length) this.fields = fields;
  }
}
