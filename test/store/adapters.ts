/** What the store tests share: both adapters under one harness, and sample application, task and entrustment records. */
import {
  createCloudBaseStore,
  openSqliteStore,
  type ApplicationRecord,
  type EntrustmentRecord,
  type Store,
  type TaskRecord,
} from '../../cloudfunctions/_core/store';
import fs from 'fs';
import os from 'os';
import path from 'path';
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

/**
 * SQLite in memory, the CloudBase adapter over the test fake and SQLite in a file (WAL, group commit, reads outside a
 * transaction on a read-only connection), for `describe.each`.
 */
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
  [
    'sqlite (file)',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-contract-'));
      const store = openSqliteStore(path.join(dir, 'store.sqlite'));
      const close = (): void => {
        try {
          store.close();
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      };
      return { store, dump: () => store.dump(), close, serialisesTransactions: true };
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

/** A pending B2 review task of `app1`. */
export const sampleTask = (id: string, over: Partial<TaskRecord> = {}): TaskRecord => ({
  id,
  applicationId: 'app1',
  roundId: '2021',
  receiptNumber: 'JF2021-1008-000001',
  indicatorId: 'B2',
  indicatorName: '学历',
  department: '市教育局',
  status: 'pending',
  declaredFacts: [{ level: 'benke' }],
  factRefs: ['education.0'],
  acceptedOn: '2021-10-08',
  resultDate: '2021-11-05',
  history: [{ at: AT, status: 'pending', by: 'alice' }],
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

/** An employer entrustment of 张伟 (`pk-alice`) by `hr`, awaiting the principal's confirmation. */
export const sampleEntrustment = (id: string, over: Partial<EntrustmentRecord> = {}): EntrustmentRecord => ({
  id,
  kind: 'employer',
  agentOpenid: 'hr',
  agent: { name: '李经办', idNumber: '330106198001010011' },
  principal: { name: '张伟', idNumber: '330106198705120018' },
  principalKey: 'pk-alice',
  employer: { uscc: '91330100MA27XXXX0X', name: '某公司' },
  scope: ['apply', 'query'],
  district: 'xihu',
  verifyBy: 'principal',
  status: 'awaiting-principal',
  confirmedByPrincipal: false,
  createdAt: AT,
  updatedAt: AT,
  ...over,
});
