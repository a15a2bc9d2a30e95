/** What the store tests share: both adapters under one harness, and a sample application record. */
import {
  createCloudBaseStore,
  openSqliteStore,
  type ApplicationRecord,
  type Store,
} from '../../cloudfunctions/_core/store';
import { FakeCloudBaseDb } from './cloudbase-fake';

/** One store under test. */
export interface Harness {
  store: Store;
  /** The whole persisted state, for before/after comparisons. */
  dump(): unknown;
  close(): void;
  /**
   * Whether transactions run one at a time (SQLite: a second waits for the first to commit, so it reads the first's
   * writes) or side by side (CloudBase: both may read before either commits).
   */
  serialisesTransactions: boolean;
  /** The CloudBase fake under the store, to interleave commits exactly. */
  fake?: FakeCloudBaseDb;
}

/** SQLite in memory and the CloudBase adapter over the test fake, for `describe.each`. */
export const ADAPTERS: [string, () => Harness][] = [
  [
    'sqlite',
    () => {
      const store = openSqliteStore(':memory:');
      return { store, dump: () => store.dump(), close: () => store.close(), serialisesTransactions: true };
    },
  ],
  [
    'cloudbase (test fake)',
    () => {
      const db = new FakeCloudBaseDb();
      return {
        store: createCloudBaseStore(db),
        dump: () => db.dump(),
        close: () => undefined,
        serialisesTransactions: false,
        fake: db,
      };
    },
  ],
];

/** The instant the sample records are written at. */
export const AT = '2021-10-08T01:00:00.000Z';

/** A draft application of 张伟 (person `pk-alice`) whose document is worth storing: profile keys with '.' and '$', Chinese text. */
export const sampleApplication = (id: string, over: Partial<ApplicationRecord> = {}): ApplicationRecord => ({
  id,
  roundId: '2021',
  personKey: 'pk-alice',
  identity: {
    name: '张伟',
    idNumber: '330106198705120018',
    mobile: '13800138000',
    permitNumber: 'ZJ330100123456',
    permitDistrict: 'xihu',
    permitValidFrom: '2020-01-01',
    permitValidTo: '2025-12-31',
  },
  profile: { person: { name: '张伟' }, 'odd.key': { $gt: 1 } },
  status: 'draft',
  createdBy: 'alice',
  channel: 'online',
  subscriptions: [],
  createdAt: AT,
  updatedAt: AT,
  ...over,
});
