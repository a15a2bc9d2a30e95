/**
 * Counting the zod schemas a module builds: how the tests show that a schema is built on first need, not at load.
 */

/**
 * Loads a fresh copy of a module with `load` (in an isolated module registry) and runs `run` on it, counting the zod
 * schema objects built from the load on; `count()` reads the count so far. Each schema defines its `_zod` internals
 * once, and a schema's carry its definition's type (a ZodError's do not).
 */
export function countingSchemas<M>(load: () => M, run: (mod: M, count: () => number) => void): void {
  let built = 0;
  const define = Object.defineProperty;
  Object.defineProperty = <T>(o: T, key: PropertyKey, attrs: PropertyDescriptor & ThisType<unknown>): T => {
    if (key === '_zod' && (attrs.value as { def?: { type?: unknown } } | undefined)?.def?.type) built++;
    return define(o, key, attrs);
  };
  try {
    let mod: M | undefined;
    jest.isolateModules(() => {
      mod = load();
    });
    run(mod as M, () => built);
  } finally {
    Object.defineProperty = define;
  }
}
