/**
 * Built-in policy versions and loading of published ones. Versions are JSON data validated by
 * {@link PolicyVersionSchema}; nothing here knows what any particular version says.
 */
import { DEPARTMENT_NAME_RE, PolicyVersionSchema, type PolicyVersion } from './schema';
import hz2021 from './versions/hz-2021.json';
import hz202407 from './versions/hz-2024-07.json';

export * from './schema';
export * from './guide';
export * from './settlement';

/** Result of validating a policy document. */
export type PolicyParseResult =
  { ok: true; policy: PolicyVersion } | { ok: false; errors: { path: string; message: string }[] };

/** Validates a policy document (e.g. one an administrator publishes) and returns it or per-field Chinese errors. */
export function parsePolicyVersion(doc: unknown): PolicyParseResult {
  const r = PolicyVersionSchema.safeParse(doc);
  if (r.success) return { ok: true, policy: r.data };
  return { ok: false, errors: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) };
}

/**
 * The versions shipped with the product: `hz-2021` and `hz-2024-07`. Used as the JSON files hold them, not parsed at
 * load (a third of a function's cold start): the test suite checks that each passes {@link PolicyVersionSchema} and
 * that parsing changes nothing (no default or transform left to fill in), so an invalid file fails the tests and the
 * build's checks rather than a request.
 */
export const BUILTIN_POLICIES: readonly PolicyVersion[] = [
  hz2021 as unknown as PolicyVersion,
  hz202407 as unknown as PolicyVersion,
];

/**
 * Every 阅卷 department named by the given policy versions (built-in by default, plus published ones): the only
 * departments a reviewer role may be granted for. Names that do not look like a department ({@link DEPARTMENT_NAME_RE},
 * e.g. one published before the rule) never count.
 */
export function policyDepartments(policies: readonly PolicyVersion[] = BUILTIN_POLICIES): string[] {
  const names = policies
    .flatMap((p) => p.indicators.map((i) => i.department))
    .filter((d) => DEPARTMENT_NAME_RE.test(d));
  return [...new Set(names)].sort();
}

/** Finds a version by id among the given ones (built-in by default). */
export function findPolicy(
  id: string,
  versions: readonly PolicyVersion[] = BUILTIN_POLICIES,
): PolicyVersion | undefined {
  return versions.find((p) => p.id === id);
}
