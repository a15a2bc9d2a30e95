/**
 * Local-cloud throughput and latency for `simulate`: the server runs in this process (as `npm start` runs it, from
 * its bundle, scripts/local-cloud/bundle.ts), the load comes from a forked child, so each has a core of its own on a
 * 2-core machine.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { REPO_ROOT } from '../build/paths';
import { localCloudBundle } from '../local-cloud/bundle';
import { startLocalCloud } from '../local-cloud/server';
import { applicant } from '../../cloudfunctions/applicant/handlers';
import { openSqliteStore } from '../../cloudfunctions/_core/store/sqlite';
import { expandSheet, type SimulateRes } from '../../shared/contracts';
import { findPolicy } from '../../shared/policy';
import { runChild, type LoadResult, type LoadSpec } from './load';

/** Options of the run. */
export interface ThroughputOptions {
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  /** Which local cloud serves: its bundle (default, as `npm start` serves) or the sources under tsx (for comparison). */
  from?: 'bundle' | 'sources';
}

/** The measured numbers and what was measured. */
export interface ThroughputResult extends LoadResult {
  concurrency: number;
  request: string;
  /**
   * CPU time of this process (the server; user + system) over the whole run, per answered request: unlike req/s it
   * hardly moves when other work competes for the cores.
   */
  serverCpuMsPerRequest: number;
}

/** Runs the load child while measuring this process's CPU (the server is here, the load in the child). */
async function measured(spec: LoadSpec, what: string): Promise<LoadResult & { serverCpuMsPerRequest: number }> {
  const cpu0 = process.cpuUsage();
  const result = await runChild(path.join(__dirname, 'load-child.ts'), spec, {
    what,
    timeoutMs: (spec.seconds + spec.warmupSeconds + 30) * 1000,
  });
  const cpu = process.cpuUsage(cpu0);
  const answered = result.answeredTotal ?? result.requests;
  return { ...result, serverCpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, answered) };
}

/** Runs the load child against a fresh local cloud (temp data folder) and returns its numbers. */
export async function benchThroughput(opts: ThroughputOptions): Promise<ThroughputResult> {
  const start = opts.from === 'sources' ? startLocalCloud : (await localCloudBundle()).startLocalCloud;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cloud-'));
  const cloud = await start({ port: 0, dataDir });
  try {
    const profile = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'examples', 'zhang-wei-2021.json'), 'utf8'),
    ) as unknown;
    // The example carries an ID number: the function scores it only for a caller who accepted the privacy notice.
    const consent = await fetch(`${cloud.url}/fn/applicant`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': 'bench-applicant' },
      body: JSON.stringify({
        action: 'privacy.accept',
        requestId: 'bench-privacy-0001',
        payload: { version: PRIVACY_NOTICE_VERSION },
      }),
    });
    if (!((await consent.json()) as { ok: boolean }).ok) throw new Error('privacy.accept failed for the bench caller');
    const spec: LoadSpec = {
      url: cloud.url,
      fn: 'applicant',
      body: JSON.stringify({ action: 'simulate', payload: { roundId: '2021', profile } }),
      openid: 'bench-applicant',
      concurrency: opts.concurrency,
      warmupSeconds: opts.warmupSeconds,
      seconds: opts.seconds,
    };
    const result = await measured(spec, 'load generator');
    return {
      ...result,
      concurrency: opts.concurrency,
      request: 'POST /fn/applicant simulate (zhang-wei-2021, round 2021)',
    };
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The baseline for the ratio: a bare Node `http` server in this process answering every POST with a fixed
 * `{"ok":true}` envelope, under the same load generator, the same number in flight and the same window.
 */
export async function benchHelloWorld(opts: ThroughputOptions): Promise<ThroughputResult> {
  const answer = Buffer.from('{"ok":true,"data":"hello"}');
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(answer.length) });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    const spec: LoadSpec = {
      url: `http://127.0.0.1:${port}`,
      fn: 'hello',
      body: JSON.stringify({ action: 'hello', payload: {} }),
      openid: 'bench-applicant',
      concurrency: opts.concurrency,
      warmupSeconds: opts.warmupSeconds,
      seconds: opts.seconds,
    };
    const result = await measured(spec, 'load generator (hello-world)');
    return { ...result, concurrency: opts.concurrency, request: 'POST / bare Node http hello-world' };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** One pair of runs: the hello-world baseline, then simulate, under the same load. */
export interface RatioRound {
  hello: ThroughputResult;
  simulate: ThroughputResult;
  /** simulate req/s ÷ hello-world req/s. */
  ratio: number;
}

/** What {@link benchRatio} found: each round, and the round with the median ratio (its p99 is the one reported). */
export interface RatioResult {
  rounds: RatioRound[];
  median: RatioRound;
}

/**
 * simulate ÷ hello-world, `rounds` times, the two runs of a round back to back: on a machine others share, the load
 * changes from one minute to the next, so a ratio is taken from runs seconds apart and the median of the rounds is
 * reported (an odd number of rounds gives a round that was measured, not an average of two).
 */
export async function benchRatio(opts: ThroughputOptions & { rounds: number }): Promise<RatioResult> {
  const rounds: RatioRound[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    const hello = await benchHelloWorld(opts);
    const simulate = await benchThroughput(opts);
    rounds.push({ hello, simulate, ratio: simulate.rps / hello.rps });
  }
  const sorted = [...rounds].sort((a, b) => a.ratio - b.ratio);
  return { rounds, median: sorted[Math.floor((sorted.length - 1) / 2)] as RatioRound };
}

/** The size of a `simulate` answer beside the full sheet it expands to, for one example profile. */
export interface PayloadSize {
  example: string;
  /** UTF-8 bytes of the envelope `simulate` answers with. */
  responseBytes: number;
  /** UTF-8 bytes of the same envelope carrying the expanded (engine's) sheet. */
  fullBytes: number;
}

/**
 * What `simulate` sends for the examples (zhang-wei and the minimal profile, round 2021), against the full sheet: the
 * real handler on an in-memory store, inside the 2021 application window.
 */
export async function simulatePayloads(): Promise<PayloadSize[]> {
  const store = openSqliteStore(':memory:');
  const deps = { store, now: () => new Date('2021-10-08T02:00:00.000Z') };
  try {
    // The examples carry ID numbers: scored only for a caller who accepted the privacy notice.
    const consent = await applicant(
      { action: 'privacy.accept', requestId: 'bench-privacy-0002', payload: { version: PRIVACY_NOTICE_VERSION } },
      { openid: 'bench-applicant' },
      deps,
    );
    if (!consent.ok) throw new Error(`privacy.accept → ${consent.code}`);
    const out: PayloadSize[] = [];
    for (const example of ['zhang-wei-2021', 'wang-fang-minimal']) {
      const profile = JSON.parse(
        fs.readFileSync(path.join(REPO_ROOT, 'examples', `${example}.json`), 'utf8'),
      ) as unknown;
      const env = await applicant(
        { action: 'simulate', payload: { roundId: '2021', profile } },
        { openid: 'bench-applicant' },
        deps,
      );
      if (!env.ok) throw new Error(`simulate ${example} → ${env.code}`);
      const res = env.data as SimulateRes;
      const policy = findPolicy(res.sheet.policyVersion);
      if (!policy) throw new Error(`unknown policy ${res.sheet.policyVersion}`);
      out.push({
        example,
        responseBytes: Buffer.byteLength(JSON.stringify(env)),
        fullBytes: Buffer.byteLength(JSON.stringify({ ...env, data: { sheet: expandSheet(res.sheet, policy) } })),
      });
    }
    return out;
  } finally {
    store.close();
  }
}
