/**
 * The dispute bench measurements (`npm run bench`, or alone: `npx tsx scripts/bench/disputes.ts [confirm] [raise]`):
 *
 * 1. Confirming a round at the end of its dispute windows on SQLite: 100,000 decided applications are seeded and
 *    published through the store (not timed), then one scheduler run on the next working day after the last
 *    deadline is timed, with the store's set-based `confirmDue` apart. Target ≤ 2 s.
 * 2. Disputes raised per second on the local cloud: N published cases (one review task each, the person's identity
 *    bound, privacy accepted) are written to the store, then `dispute.raise` is fired over HTTP for all of them, a
 *    fixed number in flight, with an injected clock inside their dispute window. No target in the issue; this
 *    project's: ≥ 100 disputes/s (a round's disputes are a small share of its applications, spread over 7 days).
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createCalendar } from '../../shared/calendar';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { addDays } from '../../shared/dates';
import { findPolicy } from '../../shared/policy';
import { disputeDeadline } from '../../shared/rounds';
import { taskIdOf } from '../../cloudfunctions/_core/cases';
import { openSqliteStore } from '../../cloudfunctions/_core/store/sqlite';
import type { ApplicationRecord, Store } from '../../cloudfunctions/_core/store/types';
import { scheduler, TIMER_CALLER } from '../../cloudfunctions/scheduler/handlers';
import type { PublishRes } from '../../shared/contracts';
import { startLocalCloud } from '../local-cloud/server';
import { benchIdNumber, seedDecidedRound } from './cases';
import { isMain } from '../cli/is-main';

/** The targets printed beside the numbers. */
export const DISPUTE_TARGETS = { confirmSeconds: 2, confirmCases: 100_000, raiseRps: 100 };

/** Publishes every decided case of the store on `day` (not timed). */
async function publishAll(store: Store, day: string): Promise<void> {
  const at = `${day}T01:00:00.000Z`;
  while ((await store.publishDue(day, at, 10_000)).length > 0);
}

/** The first working day after the latest dispute deadline of the seeded round. */
function confirmDay(lastResultDate: string): string {
  const cal = createCalendar([]);
  return cal.nextWorkdayOnOrAfter(addDays(disputeDeadline(lastResultDate, cal), 1));
}

/** Confirmation of a round, with what was measured. */
export interface ConfirmBench {
  cases: number;
  seedSeconds: number;
  runSeconds: number;
  /** CPU time of this process (user + system) over the run. */
  runCpuSeconds: number;
  confirmDueSeconds: number;
  confirmDueCalls: number;
  day: string;
  run: PublishRes;
}

/** Measurement 1 (see the module comment). */
export async function benchConfirm(n: number, progress: (l: string) => void = () => undefined): Promise<ConfirmBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-confirm-'));
  const store = openSqliteStore(path.join(dir, 'confirm.sqlite'));
  try {
    const t0 = process.hrtime.bigint();
    const due = await seedDecidedRound(store, n, progress);
    await publishAll(store, due);
    const seedSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const day = confirmDay(due);
    let storeNs = BigInt(0);
    let confirmDueCalls = 0;
    const timed = Object.assign(Object.create(store) as Store, {
      confirmDue: async (...args: Parameters<Store['confirmDue']>) => {
        confirmDueCalls++;
        const s0 = process.hrtime.bigint();
        try {
          return await store.confirmDue(...args);
        } finally {
          storeNs += process.hrtime.bigint() - s0;
        }
      },
    });
    const now = new Date(`${day}T02:00:00.000Z`);
    const cpu0 = process.cpuUsage();
    const t1 = process.hrtime.bigint();
    const env = await scheduler({ action: 'publish', payload: {} }, TIMER_CALLER, { store: timed, now: () => now });
    const runSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    if (!env.ok) throw new Error(`publish → ${env.code}: ${env.message}`);
    const run = env.data as PublishRes;
    if (run.confirmed !== n) throw new Error(`the run confirmed ${run.confirmed ?? 0} of ${n}`);
    return {
      cases: n,
      seedSeconds,
      runSeconds,
      runCpuSeconds: (cpu.user + cpu.system) / 1e6,
      confirmDueSeconds: Number(storeNs) / 1e9,
      confirmDueCalls,
      day,
      run,
    };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Disputes raised per second on the local cloud, with what was measured. */
export interface RaiseBench {
  requests: number;
  concurrency: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstError?: string;
}

/** Writes, for each published case, its one review task (the disputed line's department), identity and privacy. */
async function prepareDisputable(store: Store, apps: ApplicationRecord[]): Promise<void> {
  const policy = findPolicy('hz-2021') as NonNullable<ReturnType<typeof findPolicy>>;
  const at = '2021-10-08T02:00:00.000Z';
  for (let start = 0; start < apps.length; start += 1000) {
    await store.transaction(async (tx) => {
      for (const app of apps.slice(start, start + 1000)) {
        const line = app.result?.lines.find((l) => Number(l.verifiedPoints) > 0) ?? app.result?.lines[0];
        const ind = policy.indicators.find((i) => i.id === line?.id);
        if (!line || !ind) throw new Error('seeded case without a result line');
        await tx.putTask({
          id: taskIdOf(app.id, ind.id),
          applicationId: app.id,
          roundId: app.roundId,
          receiptNumber: app.receipt?.number ?? '',
          indicatorId: ind.id,
          indicatorName: ind.name,
          department: ind.department,
          status: 'confirmed',
          declaredFacts: [],
          factRefs: [],
          acceptedOn: app.acceptedOn ?? '',
          resultDate: app.resultDate ?? '',
          history: [],
          createdAt: at,
          updatedAt: at,
        });
        const i = Number(app.id.slice('app_bench_'.length));
        await tx.putIdentity({
          openid: app.createdBy,
          personKey: app.personKey,
          name: app.identity.name,
          idNumber: benchIdNumber(i),
          mobile: '13800138000',
          boundAt: at,
          updatedAt: at,
        });
        await tx.putPrivacyAcceptance({ openid: app.createdBy, version: PRIVACY_NOTICE_VERSION, acceptedAt: at });
      }
    });
  }
}

/** One `dispute.raise` over HTTP; resolves with the envelope's ok and the refusal. */
function raise(agent: http.Agent, base: string, app: ApplicationRecord, indicatorId: string): Promise<string | null> {
  const body = Buffer.from(
    JSON.stringify({
      action: 'dispute.raise',
      requestId: `bench-raise-${app.id}`,
      payload: { applicationId: app.id, lines: [{ indicatorId, reason: '该项材料已齐全，请复核' }] },
    }),
  );
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/fn/applicant`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'x-wx-openid': app.createdBy,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const env = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
            ok: boolean;
            code?: string;
            message?: string;
          };
          resolve(env.ok ? null : `${env.code}: ${env.message}`);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Measurement 2 (see the module comment). */
export async function benchRaise(
  n: number,
  concurrency: number,
  progress: (l: string) => void = () => undefined,
): Promise<RaiseBench> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-raise-'));
  const store = openSqliteStore(path.join(dir, 'raise.sqlite'));
  try {
    const due = await seedDecidedRound(store, n, progress);
    await publishAll(store, due);
    const apps: ApplicationRecord[] = [];
    for (let after: string | undefined; ;) {
      const page = await store.listApplicationsByStatus({
        statuses: ['published'],
        limit: 1000,
        ...(after ? { after } : {}),
      });
      apps.push(...page.applications);
      if (!page.next) break;
      after = page.next;
    }
    // Inside every case's window: the day the last results came out (all deadlines are on or after it).
    const open = apps.filter((a) => (a.timeline?.disputeDeadline ?? '') >= due);
    await prepareDisputable(store, open);
    const indicatorOf = new Map<string, string>();
    for (const a of open) indicatorOf.set(a.id, (await store.listTasksByApplication(a.id))[0]?.indicatorId ?? '');
    const cloud = await startLocalCloud({
      port: 0,
      store,
      now: () => new Date(`${due}T02:00:00.000Z`),
      schedulerIntervalMs: 0,
    });
    try {
      const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
      const latencies: number[] = [];
      let errors = 0;
      let firstError: string | undefined;
      let next = 0;
      const t0 = process.hrtime.bigint();
      const worker = async (): Promise<void> => {
        while (next < open.length) {
          const app = open[next++] as ApplicationRecord;
          const s = process.hrtime.bigint();
          const refused = await raise(agent, cloud.url, app, indicatorOf.get(app.id) as string);
          latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
          if (refused) {
            errors++;
            firstError ??= refused;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
      const res: RaiseBench = {
        requests: open.length,
        concurrency,
        seconds,
        rps: open.length / seconds,
        p50Ms: q(0.5),
        p99Ms: q(0.99),
        errors,
      };
      if (firstError) res.firstError = firstError;
      return res;
    } finally {
      await cloud.close();
    }
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A table row, as scripts/bench.ts prints them. */
export type DisputeRow = [label: string, value: string, target: string, verdict: '✓' | '✗' | ''];

/** Runs both measurements; returns the results for `.bench/results.json` and the rows for the table. */
export async function benchDisputes(opts: {
  confirmCases: number;
  raises: number;
  concurrency: number;
  skipConfirm?: boolean;
  skipRaise?: boolean;
  progress?: (l: string) => void;
}): Promise<{ results: Record<string, unknown>; rows: DisputeRow[] }> {
  const progress = opts.progress ?? (() => undefined);
  const results: Record<string, unknown> = { targets: DISPUTE_TARGETS };
  const rows: DisputeRow[] = [];
  if (!opts.skipConfirm) {
    progress(
      `confirmation: seeding and publishing ${opts.confirmCases.toLocaleString('en-US')} cases, then one scheduler run…`,
    );
    const c = await benchConfirm(opts.confirmCases, progress);
    results.confirm = c;
    const target = DISPUTE_TARGETS.confirmSeconds * (c.cases / DISPUTE_TARGETS.confirmCases);
    rows.push([
      `调度 确认积分（SQLite，${c.cases.toLocaleString('en-US')} 件无异议，${c.day}）`,
      `${c.runSeconds.toFixed(2)} s`,
      `≤ ${target.toFixed(target < 1 ? 2 : 0)} s`,
      c.runSeconds <= target ? '✓' : '✗',
    ]);
    rows.push([`  其中 存储 confirmDue（${c.confirmDueCalls} 次调用）`, `${c.confirmDueSeconds.toFixed(2)} s`, '', '']);
    rows.push(['  CPU（用户 + 系统）', `${c.runCpuSeconds.toFixed(2)} s`, '', '']);
  }
  if (!opts.skipRaise) {
    progress(`disputes: ${opts.raises} published cases, then dispute.raise with ${opts.concurrency} in flight…`);
    const r = await benchRaise(opts.raises, opts.concurrency, progress);
    results.raise = r;
    rows.push([
      `本地云 提出异议（并发 ${r.concurrency}，${r.requests} 件）`,
      `${Math.round(r.rps).toLocaleString('en-US')} 件/秒`,
      `≥ ${DISPUTE_TARGETS.raiseRps} 件/秒`,
      r.rps >= DISPUTE_TARGETS.raiseRps && r.errors === 0 ? '✓' : '✗',
    ]);
    rows.push(['  p50 / p99 / 错误', `${r.p50Ms.toFixed(1)} ms / ${r.p99Ms.toFixed(1)} ms / ${r.errors}`, '', '']);
    if (r.firstError) rows.push(['  首个错误', r.firstError.slice(0, 80), '', '']);
  }
  return { results, rows };
}

if (isMain(__filename)) {
  const args = process.argv.slice(2);
  const all = args.length === 0;
  void benchDisputes({
    confirmCases: 100_000,
    raises: 2000,
    concurrency: 32,
    skipConfirm: !all && !args.includes('confirm'),
    skipRaise: !all && !args.includes('raise'),
    progress: (l) => process.stdout.write(`${l}\n`),
  }).then(({ rows }) => {
    for (const r of rows) process.stdout.write(`${r.join('  ')}\n`);
  });
}
