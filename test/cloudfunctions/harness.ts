/** Test harness for the cloud functions: each store adapter, a fixed clock, and dumps to compare states. */
import { createCloudBaseStore, openSqliteStore, type Store } from '../../cloudfunctions/_core/store';
import type { Envelope } from '../../shared/contracts';
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

/** A caller of the applicant function at a fixed instant; `log` collects the lines the runtime logs. */
export function applicantCaller(store: Store, now: Date, log: string[] = []) {
  return (event: unknown, openid: string | null = 'alice'): Promise<Envelope<any>> =>
    applicant(event, { openid }, { store, now: () => now, log: (l) => log.push(l) });
}

/** Unwraps a success envelope or fails the test with the refusal. */
export function data<T = any>(env: Envelope<T>): T {
  if (!env.ok) throw new Error(`expected ok, got ${env.code}: ${env.message}`);
  return env.data;
}

/** True when the text contains Chinese characters. */
export const CHINESE = /[\u4e00-\u9fff]/;
