/**
 * One envelope for every answer of every cloud function: `{ ok: true, data }` or `{ ok: false, code, message }`
 * with a Chinese message. The client unwraps it in one place (miniprogram/services/api.ts).
 */
import * as z from 'zod';

export * from './errors';

/** The request every function accepts: an action, its payload, and for mutations a client request id. */
export const RequestSchema = z.strictObject({
  action: z.string().min(1).max(64),
  payload: z.unknown().optional(),
  /** Idempotency key for mutations: the same id twice does the work once. */
  requestId: z
    .string()
    .min(8)
    .max(64)
    .regex(/^[A-Za-z0-9_-]+$/)
    .optional(),
});
/** A function request. */
export type FunctionRequest = z.infer<typeof RequestSchema>;

/** CloudBase's own limit on a function's request body. */
export const MAX_REQUEST_BYTES = 100 * 1024;

/** An action map of a function: request schema and whether the action changes state, per action name. */
export type ActionSpecs = Record<string, { req: z.ZodType; mutation: boolean }>;

/**
 * A function's API for the typed client: the request type of each action derived from its schema in the action map
 * (so the two can never disagree) and the response type given per action.
 */
export type ApiOf<M extends ActionSpecs, R extends { [A in keyof M]: unknown }> = {
  [A in keyof M]: { req: z.input<M[A]['req']>; res: R[A] };
};
