/**
 * `checked(schema, ...checks)` is `schema.check(...checks)` written as a plain call that is marked free of side
 * effects, as zod marks its own factories (`z.string()`, `z.minLength()`). A bundler may then drop a schema that
 * nothing in its bundle uses; it cannot drop a method call, so one `.check()` kept every schema built with it — and
 * whatever that schema is made of — in every cloud function, built at each cold start whether or not that function
 * ever validates it. A schema module's own helpers (`bool('是否…')`) are marked `/* @__NO_SIDE_EFFECTS__ *\/` for the
 * same reason; scripts/build/zod.ts marks the zod/mini calls.
 */
import type * as z from 'zod/mini';

/** `schema.check(...checks)`: the same schema object, with the checks added. */
// @__NO_SIDE_EFFECTS__
export function checked<T extends z.ZodMiniType>(schema: T, ...checks: Parameters<T['check']>): T {
  return schema.check(...checks);
}
