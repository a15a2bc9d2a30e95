/**
 * One envelope for every answer of every cloud function: `{ ok: true, data }` or `{ ok: false, code, message }`
 * with a Chinese message. The client unwraps it in one place (miniprogram/services/api.ts).
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { Access, Effect } from './access';

export * from './errors';

/** The request every function accepts: an action, its payload, and for mutations a client request id. */
export const RequestSchema = z.strictObject({
  action: checked(z.string(), z.minLength(1), z.maxLength(64)),
  payload: z.optional(z.unknown()),
  /** Idempotency key for mutations: the same id twice does the work once. */
  requestId: z.optional(checked(z.string(), z.minLength(8), z.maxLength(64), z.regex(/^[A-Za-z0-9_-]+$/))),
});
/** A function request. */
export type FunctionRequest = z.infer<typeof RequestSchema>;

/** CloudBase's own limit on a function's request body. */
export const MAX_REQUEST_BYTES = 100 * 1024;

/** One action of a function's map: its request schema, whether it changes state, and who may call it. */
export interface ActionSpecOf {
  readonly req: z.ZodMiniType;
  readonly mutation: Effect;
  readonly access: Access;
}

/** An action map of a function: request schema, effect and access, per action name. */
export type ActionSpecs = Record<string, ActionSpecOf>;

/**
 * A function's API for the typed client: the request type of each action derived from its schema in the action map
 * (so the two can never disagree), whether it is a mutation (the client then requires a request id), and the
 * response type given per action.
 */
export type ApiOf<M extends ActionSpecs, R extends { [A in keyof M]: unknown }> = {
  [A in keyof M]: { req: z.input<M[A]['req']>; res: R[A]; mutation: M[A]['mutation'] };
};
