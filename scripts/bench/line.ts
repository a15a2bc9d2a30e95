/**
 * The score line's bench (`npm run bench`, or alone: `npx tsx scripts/bench/line.ts [applications]`), on SQLite:
 *
 * 1. Ranking and line preview: N verified settlement applications (totals 100–300 in 0.5 steps, seeded, not timed)
 *    and a quota; `settlement.line.preview` through the admin function's real handler (reads, ranking, implied line,
 *    candidate lines, histogram), median of 5 after one warm-up. Goal ≤ 1 s for 100,000; and preview(N) ÷
 *    preview(N / 10) ≤ 11 (linear).
 * 2. Paging the public list: N admitted on a published list (seeded, not timed); `publicity.list` through the
 *    documents function, 50 a page, walked from the first page to the last by its cursor. Goals: p99 of a page
 *    ≤ 50 ms, and the last pages ÷ the first ≤ 2 (a cursor, not an offset: the end costs what the start does).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSystemAdmin } from '../../cloudfunctions/admin/handlers';
import { createDocuments } from '../../cloudfunctions/documents/handlers';
import { entryIdOf, entrySeq } from '../../cloudfunctions/_core/publicity';
import { openSqliteStore } from '../../cloudfunctions/_core/store/sqlite';
import type { PublicityEntry, SettlementRecord, Store } from '../../cloudfunctions/_core/store/types';
import type { Envelope, LinePreviewRes, PublicityListRes } from '../../shared/contracts';
import { isMain } from '../cli/is-main';

/** The goals printed beside the numbers. */
export const LINE_GOALS = { previewSeconds: 1, previewScale: 11, pageP99Ms: 50, lastVsFirstPage: 2 };

type Row = [label: string, value: string, target: string, verdict: '✓' | '✗' | ''];

/** A small deterministic PRNG (mulberry32), so every run ranks the same totals. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AT = '2021-11-20T02:00:00.000Z';

/** A verified settlement application as the household-registration review leaves it. */
function settlement(roundId: string, i: number, total: string): SettlementRecord {
  const seq = String(i).padStart(6, '0');
  return {
    id: `st_${roundId}_${seq}`,
    roundId,
    applicationId: `app_${roundId}_${seq}`,
    personKey: `pk_${roundId}_${seq}`,
    ownerOpenid: `wx_${seq}`,
    maskedName: '张*',
    maskedIdNumber: `330106********${seq.slice(-4)}`,
    createdBy: `wx_${seq}`,
    actingAs: 'self',
    status: 'verified',
    total,
    confirmedOn: '2021-10-20',
    destination: { district: 'xihu', address: '杭州市西湖区文三路 1 号' },
    district: 'xihu',
    proofKind: 'own-deed',
    members: [],
    declarations: { noUrbanHukou: true, fullCapacity: true },
    receiptNumber: `LH${roundId}-1102-${seq}`,
    acceptedOn: '2021-11-02',
    submittedAt: AT,
    decisions: [],
    createdAt: AT,
    updatedAt: AT,
  };
}

/** Seeds `n` verified applications of a round (not timed). */
async function seedVerified(store: Store, roundId: string, n: number): Promise<void> {
  const rand = prng(n);
  for (let start = 0; start < n; start += 5000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(n, start + 5000); i++) {
        const total = String((200 + Math.floor(rand() * 401)) / 2); // 100 … 300 in 0.5 steps
        await tx.putSettlement(settlement(roundId, i, total));
      }
    });
  }
}

/** Seeds a published list of `n` admitted (not timed). */
async function seedList(store: Store, roundId: string, n: number): Promise<void> {
  await store.putSettlementLine({
    roundId,
    status: 'publicity',
    quota: n,
    tieRule: 'admitAllAtLine',
    tieRuleSet: { by: 'default' },
    publicityWorkingDays: 5,
    publicitySet: { by: 'default' },
    decision: {
      mode: 'quota',
      line: '150',
      quota: n,
      tieRule: 'admitAllAtLine',
      qualifying: '100',
      admitted: n,
      notAdmitted: 0,
      atLine: 1,
      overQuota: 0,
      quotaFilled: true,
      tiedOut: 0,
    },
    publishedAt: AT,
    publicity: { from: '2022-03-10', to: '2022-03-16', workingDays: 5, noticesOn: '2022-03-17' },
    createdAt: AT,
    updatedAt: AT,
  });
  for (let start = 0; start < n; start += 5000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(n, start + 5000); i++) {
        const id = `st_${roundId}_${String(i).padStart(6, '0')}`;
        const rank = Math.floor(i / 3) * 3 + 1; // ties of three
        const entry: PublicityEntry = {
          id: entryIdOf(id),
          roundId,
          settlementId: id,
          rank,
          seq: entrySeq(rank, id),
          maskedName: '张*',
          maskedIdNumber: '330106********0018',
          district: 'xihu',
          total: String(300 - rank / 1000),
          status: 'listed',
          noticed: false,
          createdAt: AT,
          updatedAt: AT,
        };
        await tx.putPublicityEntry(entry);
      }
    });
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))] as number;
};

/** Median seconds of `settlement.line.preview` for one round. */
async function timePreview(store: Store, roundId: string, quota: number): Promise<{ seconds: number; ranked: number }> {
  const adminFn = createSystemAdmin();
  const now = new Date('2022-03-10T02:00:00.000Z');
  const call = async (): Promise<LinePreviewRes> => {
    const env = (await adminFn(
      { action: 'settlement.line.preview', payload: { roundId, quota } },
      { openid: 'cli:bench' },
      { store, now: () => now },
    )) as Envelope<LinePreviewRes>;
    if (!env.ok) throw new Error(`preview → ${env.code}: ${env.message}`);
    return env.data;
  };
  const warm = await call();
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    await call();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { seconds: median(times), ranked: warm.ranked };
}

/** Every page of the public list, timed. */
async function timePages(store: Store, roundId: string): Promise<number[]> {
  const docs = createDocuments();
  const now = new Date('2022-03-11T02:00:00.000Z');
  const times: number[] = [];
  for (let after: string | undefined, guard = 0; guard < 1_000_000; guard++) {
    const payload = after === undefined ? { roundId, limit: 50 } : { roundId, limit: 50, after };
    const t0 = process.hrtime.bigint();
    // Public: no openid; a fresh IP a page so the per-caller limit of public calls never stops the walk.
    const env = (await docs(
      { action: 'publicity.list', payload },
      { openid: null, clientIp: `ip-${guard}` },
      { store, now: () => now },
    )) as Envelope<PublicityListRes>;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (!env.ok) throw new Error(`publicity.list → ${env.code}: ${env.message}`);
    after = env.data.next;
    if (!after) break;
  }
  return times;
}

/** What the line bench measured. */
export interface LineBench {
  applications: number;
  previewSeconds: number;
  previewSmallSeconds: number;
  listEntries: number;
  pages: number;
  pageP50Ms: number;
  pageP99Ms: number;
  firstPagesMs: number;
  lastPagesMs: number;
}

/** Both measurements (see the module comment). */
export async function benchLine(
  n = 100_000,
  progress: (line: string) => void = () => undefined,
): Promise<{ results: LineBench; rows: Row[]; goals: Row[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-line-'));
  const store = openSqliteStore(path.join(dir, 'line.sqlite'));
  try {
    progress(`line: seeding ${n.toLocaleString('en-US')} + ${(n / 10).toLocaleString('en-US')} verified applications…`);
    await seedVerified(store, '2021', n);
    await seedVerified(store, '2022', n / 10);
    progress('line: settlement.line.preview…');
    const big = await timePreview(store, '2021', Math.round(n / 10));
    const small = await timePreview(store, '2022', Math.round(n / 100));
    if (big.ranked !== n) throw new Error(`preview ranked ${big.ranked} of ${n}`);
    progress(`line: a published list of ${n.toLocaleString('en-US')}, paged by publicity.list…`);
    await seedList(store, '2021', n);
    const pages = await timePages(store, '2021');
    const results: LineBench = {
      applications: n,
      previewSeconds: big.seconds,
      previewSmallSeconds: small.seconds,
      listEntries: n,
      pages: pages.length,
      pageP50Ms: pct(pages, 50),
      pageP99Ms: pct(pages, 99),
      firstPagesMs: median(pages.slice(1, 21)),
      lastPagesMs: median(pages.slice(-20)),
    };
    const scale = big.seconds / small.seconds;
    const lastVsFirst = results.lastPagesMs / results.firstPagesMs;
    const v = (pass: boolean): '✓' | '✗' => (pass ? '✓' : '✗');
    const count = n.toLocaleString('en-US');
    const goals: Row[] = [
      [
        `落户分数线预览（排名、分数线、候选线、直方图）${count} 件`,
        `${big.seconds.toFixed(3)} s`,
        `≤ ${LINE_GOALS.previewSeconds} s`,
        v(big.seconds <= LINE_GOALS.previewSeconds),
      ],
      [
        `  ${count} ÷ ${(n / 10).toLocaleString('en-US')} 件`,
        `${scale.toFixed(1)}×`,
        `≤ ${LINE_GOALS.previewScale}×`,
        v(scale <= LINE_GOALS.previewScale),
      ],
      [
        `公示名单翻页 p99（${count} 人，每页 50）`,
        `${results.pageP99Ms.toFixed(2)} ms`,
        `≤ ${LINE_GOALS.pageP99Ms} ms`,
        v(results.pageP99Ms <= LINE_GOALS.pageP99Ms),
      ],
      [
        '  末 20 页 ÷ 首 20 页（中位数）',
        `${lastVsFirst.toFixed(2)}×`,
        `≤ ${LINE_GOALS.lastVsFirstPage}×`,
        v(lastVsFirst <= LINE_GOALS.lastVsFirstPage),
      ],
    ];
    const rows: Row[] = [
      [`  公示名单 ${results.pages} 页，p50`, `${results.pageP50Ms.toFixed(2)} ms`, '', ''],
      [`  分数线预览 ${(n / 10).toLocaleString('en-US')} 件`, `${small.seconds.toFixed(3)} s`, '', ''],
    ];
    return { results, rows, goals };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (isMain(__filename)) {
  const n = Number(process.argv[2] ?? 100_000);
  void benchLine(n, (l) => process.stdout.write(`${l}\n`)).then(({ goals, rows }) => {
    for (const r of [...goals, ...rows]) process.stdout.write(`${r.join('  ')}\n`);
  });
}
