/**
 * Vouchers issued per second through the documents function (the dispatcher, access, the lifecycle's guard, render,
 * private storage, the store transaction and its audit), on SQLite in memory and a local file folder, one after
 * another on one core — beside the render-only figure of bench/documents.ts, the difference is what issuing adds.
 * Each voucher is a new one (a confirmed case of its own); a second issue of the same case hands out the stored file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { createLocalFileStorage } from '../../cloudfunctions/_core/files';
import { openSqliteStore, type ApplicationRecord } from '../../cloudfunctions/_core/store';
import { createDocuments } from '../../cloudfunctions/documents/handlers';
import { benchIdNumber, seedDecidedRound } from './cases';

/** What the issuing bench reports. */
export interface IssueBench {
  /** New vouchers issued per second through the function (render + store). */
  issuedPerSecond: number;
  /** Second issues of the same vouchers per second (stored file, a new link). */
  reissuedPerSecond: number;
  vouchers: number;
}

/** Issues `n` vouchers (after one warm-up) and then each again; throws when any call is refused. */
export async function benchIssue(n: number): Promise<IssueBench> {
  const store = openSqliteStore(':memory:');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-vouchers-'));
  const files = createLocalFileStorage({ root: dir, baseUrl: 'http://bench.invalid', secret: 'bench' });
  try {
    await seedDecidedRound(store, n + 1);
    const at = '2021-11-19T02:00:00.000Z'; // 10:00 in Beijing, the confirmation day 2021-11-19
    const ids: string[] = [];
    for (let i = 0; i <= n; i++) {
      const id = `app_bench_${String(i).padStart(6, '0')}`;
      const app = (await store.getApplication(id)) as ApplicationRecord;
      await store.putApplication({ ...app, status: 'confirmed', confirmedOn: '2021-11-19', updatedAt: at });
      await store.putIdentity({
        openid: app.createdBy,
        personKey: app.personKey,
        name: app.identity.name,
        idNumber: benchIdNumber(i),
        mobile: app.identity.mobile,
        boundAt: at,
        updatedAt: at,
      });
      await store.putPrivacyAcceptance({ openid: app.createdBy, version: PRIVACY_NOTICE_VERSION, acceptedAt: at });
      ids.push(id);
    }
    const fn = createDocuments();
    const now = new Date('2021-12-01T02:00:00.000Z');
    let req = 0;
    const issue = async (i: number): Promise<void> => {
      const env = await fn(
        { action: 'voucher.issue', payload: { applicationId: ids[i] }, requestId: `bench-issue-${++req}` },
        { openid: `bench-${i}` },
        { store, files, now: () => now },
      );
      if (!env.ok) throw new Error(`voucher.issue refused: ${env.code} ${env.message ?? ''}`);
    };
    await issue(n); // warm-up: the font and the renderer load once per instance
    const a = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await issue(i);
    const b = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await issue(i);
    const c = process.hrtime.bigint();
    return {
      issuedPerSecond: n / (Number(b - a) / 1e9),
      reissuedPerSecond: n / (Number(c - b) / 1e9),
      vouchers: n,
    };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
