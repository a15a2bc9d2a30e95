/**
 * Local-cloud throughput and latency for `simulate`: the server runs in this process (as `npm start` runs it, from
 * source under tsx), the load comes from a forked child, so each has a core of its own on a 2-core machine.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../build/paths';
import { startLocalCloud } from '../local-cloud/server';
import type { LoadResult, LoadSpec } from './load';

/** Options of the run. */
export interface ThroughputOptions {
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
}

/** The measured numbers and what was measured. */
export interface ThroughputResult extends LoadResult {
  concurrency: number;
  request: string;
}

/** Runs the load child against a fresh local cloud (temp data folder) and returns its numbers. */
export async function benchThroughput(opts: ThroughputOptions): Promise<ThroughputResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cloud-'));
  const cloud = await startLocalCloud({ port: 0, dataDir });
  try {
    const profile = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'zhang-wei-2021.json'), 'utf8')) as unknown;
    const spec: LoadSpec = {
      url: cloud.url,
      fn: 'applicant',
      body: JSON.stringify({ action: 'simulate', payload: { roundId: '2021', profile } }),
      openid: 'bench-applicant',
      concurrency: opts.concurrency,
      warmupSeconds: opts.warmupSeconds,
      seconds: opts.seconds,
    };
    const child = fork(path.join(__dirname, 'load-child.ts'), [], {
      cwd: REPO_ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const result = await new Promise<LoadResult>((resolve, reject) => {
      const guard = setTimeout(() => {
        child.kill();
        reject(new Error('load generator did not finish in time'));
      }, (opts.seconds + opts.warmupSeconds + 30) * 1000);
      child.once('message', (m: { ok: boolean; result?: LoadResult; error?: string }) => {
        clearTimeout(guard);
        if (m.ok && m.result) resolve(m.result);
        else reject(new Error(m.error ?? 'load generator failed'));
      });
      child.once('exit', (code) => {
        clearTimeout(guard);
        reject(new Error(`load generator exited with ${code}`));
      });
      child.send(spec);
    });
    return { ...result, concurrency: opts.concurrency, request: 'POST /fn/applicant simulate (zhang-wei-2021, round 2021)' };
  } finally {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
