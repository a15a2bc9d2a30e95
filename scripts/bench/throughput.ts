/**
 * Local-cloud throughput and latency for `simulate`: the server runs in this process (as `npm start` runs it, from
 * source under tsx), the load comes from a forked child, so each has a core of its own on a 2-core machine.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
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
    const result = await runChild(path.join(__dirname, 'load-child.ts'), spec, {
      what: 'load generator (hello-world)',
      timeoutMs: (opts.seconds + opts.warmupSeconds + 30) * 1000,
    });
    return { ...result, concurrency: opts.concurrency, request: 'POST / bare Node http hello-world' };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
