/**
 * Local-cloud throughput and latency for `simulate`: the server runs in this process (as `npm start` runs it, from
 * source under tsx), the load comes from a forked child, so each has a core of its own on a 2-core machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../build/paths';
import { startLocalCloud } from '../local-cloud/server';
import { runChild, type LoadResult, type LoadSpec } from './load';

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
    const profile = JSON.parse(
      fs.readFileSync(path.join(REPO_ROOT, 'examples', 'zhang-wei-2021.json'), 'utf8'),
    ) as unknown;
    const spec: LoadSpec = {
      url: cloud.url,
      fn: 'applicant',
      body: JSON.stringify({ action: 'simulate', payload: { roundId: '2021', profile } }),
      openid: 'bench-applicant',
      concurrency: opts.concurrency,
      warmupSeconds: opts.warmupSeconds,
      seconds: opts.seconds,
    };
    const result = await runChild(path.join(__dirname, 'load-child.ts'), spec, {
      what: 'load generator',
      timeoutMs: (opts.seconds + opts.warmupSeconds + 30) * 1000,
    });
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
