/** Test harness for the cloud functions: each store adapter, a fixed clock, and dumps to compare states. */
import { createCloudBaseStore, openSqliteStore, type Store } from '../../cloudfunctions/_core/store';
import { PRIVACY_NOTICE_VERSION, type ApplicantApi, type Envelope } from '../../shared/contracts';
import { applicant } from '../../cloudfunctions/applicant/handlers';
import { FakeCloudBaseDb } from '../store/cloudbase-fake';

/** One store under test. */
export interface StoreHarness {
  store: Store;
  /** Every business table/collection (everything but the audit log), as JSON. */
  businessDump(): string;
  /** Everything, audit included, as JSON. */
  fullDump(): string;
  /** The fake database, for the CloudBase adapter only. */
  fake?: FakeCloudBaseDb;
  close(): void;
}

const without = (dump: Record<string, unknown>, key: string): string => {
  const copy = { ...dump };
  delete copy[key];
  return JSON.stringify(copy);
};

/** The adapters, for `describe.each`. */
export const STORES: [string, () => StoreHarness][] = [
  [
    'sqlite',
    () => {
      const store = openSqliteStore(':memory:');
      return {
        store,
        businessDump: () => without(store.dump(), 'audit'),
        fullDump: () => JSON.stringify(store.dump()),
        close: () => store.close(),
      };
    },
  ],
  [
    'cloudbase (test fake)',
    () => {
      const fake = new FakeCloudBaseDb();
      return {
        store: createCloudBaseStore(fake),
        businessDump: () => without(fake.dump(), 'audit_log'),
        fullDump: () => JSON.stringify(fake.dump()),
        fake,
        close: () => undefined,
      };
    },
  ],
];

/** The success data of `action` in a function's API: its declared response, or `unknown` for an action it lacks. */
export type ResOf<Api, A> = A extends keyof Api ? (Api[A] extends { res: infer R } ? R : unknown) : unknown;

type KeysOfUnion<T> = T extends unknown ? keyof T : never;
type ValueOfUnion<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;
/** An array as a test reads it: `find` assumed to find (reading what it did not find fails the test). */
type LenientArray<E> = { find(predicate: (value: E, index: number) => unknown): E } & E[];
type LenientOf<T> = [T] extends [readonly (infer E)[]]
  ? LenientArray<Lenient<E>>
  : [T] extends [object]
    ? { [K in KeysOfUnion<T>]-?: Lenient<ValueOfUnion<T, K>> }
    : T;
/**
 * A response as a test reads it: every field of every variant, each assumed present. Field names are still checked
 * against the contracts; a field that is absent at run time fails the test (a TypeError or a failed expectation).
 */
export type Lenient<T> = LenientOf<NonNullable<T>>;

/** The action an event names (`never` when it names none). */
export type ActionOf<E> = E extends { action: infer A } ? A : never;

/**
 * A caller of the applicant function at a fixed instant; `log` collects the lines the runtime logs. The envelope is
 * typed by the event's action (the runtime answers what the action map declares).
 */
export function applicantCaller(store: Store, now: Date, log: string[] = []) {
  return <const E>(event: E, openid: string | null = 'alice'): Promise<Envelope<ResOf<ApplicantApi, ActionOf<E>>>> =>
    applicant(event, { openid }, { store, now: () => now, log: (l) => log.push(l) }) as Promise<
      Envelope<ResOf<ApplicantApi, ActionOf<E>>>
    >;
}

/** Unwraps a success envelope or fails the test with the refusal. */
export function data<T>(env: Envelope<T>): T {
  if (!env.ok) throw new Error(`expected ok, got ${env.code}: ${env.message}`);
  return env.data;
}

/** True when the text contains Chinese characters. */
export const CHINESE = /[\u4e00-\u9fff]/;

/**
 * Records that each openid accepted the current privacy notice, as `privacy.accept` would (directly in the store, so
 * the audit trail stays the test's own): drafts and identities are accepted only after it.
 */
export async function consented(store: Store, ...openids: string[]): Promise<void> {
  for (const openid of openids)
    await store.putPrivacyAcceptance({
      openid,
      version: PRIVACY_NOTICE_VERSION,
      acceptedAt: '2021-09-01T00:00:00.000Z',
    });
}
