/**
 * Load generator for the local-cloud benchmark, run as a separate process (forked by throughput.ts) so that the
 * server keeps its own core. Keep-alive connections, a fixed number of requests in flight, a warm-up that is not
 * counted, then a measured window. Bounded: loopback URLs only, ≤ 256 in flight, ≤ 30 s.
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import { REPO_ROOT } from '../build/paths';

/** What the parent asks for. */
export interface LoadSpec {
  /** Base URL of the local cloud (must be 127.0.0.1). */
  url: string;
  fn: string;
  /** The request body (JSON text). */
  body: string;
  openid: string;
  concurrency: number;
  warmupSeconds: number;
  seconds: number;
}

/** What the child reports. */
export interface LoadResult {
  requests: number;
  /** Responses that were not HTTP 200 with `ok: true`. */
  errors: number;
  seconds: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** First error seen, for the report. */
  firstError?: string;
  /** Every answered request, warm-up included (what the server's CPU over the whole run is divided by). */
  answeredTotal?: number;
}

/** The q-quantile (0–1) of sorted values, nearest-rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

/** Refuses a non-loopback URL or more than 256 requests in flight (the generators' common bounds). */
export function checkLoopback(url: string, concurrency: number, who: string): void {
  const u = new URL(url);
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') throw new Error(`${who}: loopback only`);
  if (!(concurrency >= 1 && concurrency <= 256)) throw new Error(`${who}: concurrency 1–256`);
}

function checkSpec(s: LoadSpec): void {
  checkLoopback(s.url, s.concurrency, 'load generator');
  if (!(s.seconds > 0 && s.seconds <= 30 && s.warmupSeconds >= 0 && s.warmupSeconds <= 10)) {
    throw new Error('load generator: seconds ≤ 30, warm-up ≤ 10');
  }
}

/** One timed request: `answered` is false when no HTTP response came; `error` is set unless it was 200 with `ok: true`. */
export interface TimedPost {
  ms: number;
  answered: boolean;
  error?: string;
}

/** POSTs `body` (JSON) as `openid` to the local cloud and times it until the response has ended. Never rejects. */
export function postTimed(agent: http.Agent, target: URL, body: Buffer, openid: string): Promise<TimedPost> {
  const headers = { 'content-type': 'application/json', 'content-length': String(body.length), 'x-wx-openid': openid };
  return new Promise((resolve) => {
    const t0 = process.hrtime.bigint();
    const elapsed = (): number => Number(process.hrtime.bigint() - t0) / 1e6;
    const req = http.request(target, { method: 'POST', agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const ms = elapsed();
        const all = Buffer.concat(chunks);
        // Cheap check of the envelope head: `{"ok":true,...`; the text is decoded only for the report of a failure.
        if (res.statusCode === 200 && all.subarray(0, 10).toString('utf8').startsWith('{"ok":true'))
          resolve({ ms, answered: true });
        else
          resolve({
            ms,
            answered: true,
            error: `HTTP ${res.statusCode}: ${all.subarray(0, 800).toString('utf8').slice(0, 200)}`,
          });
      });
    });
    req.on('error', (e) => resolve({ ms: elapsed(), answered: false, error: e.message }));
    req.end(body);
  });
}

/** Counts the measured requests and their failures, and keeps the first failure for the report. */
export class LoadTally {
  private readonly latencies: number[] = [];
  private errors = 0;
  private firstError: string | undefined;

  /** Adds one request; a request without an answer counts only when `countUnanswered`. */
  add(r: TimedPost, countUnanswered: boolean): void {
    if (r.answered || countUnanswered) this.latencies.push(r.ms);
    if (r.error !== undefined) {
      this.errors++;
      this.firstError ??= r.error;
    }
  }

  /** The numbers of a window of `seconds`. */
  result(seconds: number): LoadResult {
    const sorted = Float64Array.from(this.latencies).sort();
    const result: LoadResult = {
      requests: sorted.length,
      errors: this.errors,
      seconds,
      rps: sorted.length / seconds,
      p50Ms: quantile(sorted, 0.5),
      p90Ms: quantile(sorted, 0.9),
      p99Ms: quantile(sorted, 0.99),
      maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
    };
    if (this.firstError !== undefined) result.firstError = this.firstError;
    return result;
  }
}

/** Runs the load and resolves with the measured window's numbers. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  checkSpec(spec);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const target = new URL(`/fn/${spec.fn}`, spec.url);
  const body = Buffer.from(spec.body);
  const tally = new LoadTally();
  let measuring = false;
  let stop = false;
  let answeredTotal = 0;

  const worker = async (): Promise<void> => {
    while (!stop) {
      const r = await postTimed(agent, target, body, spec.openid);
      if (r.answered) answeredTotal++;
      // A connection error has no latency worth counting here: the window is timed, not the request count.
      if (measuring) tally.add(r, false);
    }
  };
  const workers = Array.from({ length: spec.concurrency }, worker);
  await new Promise((r) => setTimeout(r, spec.warmupSeconds * 1000));
  measuring = true;
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, spec.seconds * 1000));
  measuring = false;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  stop = true;
  await Promise.all(workers);
  agent.destroy();
  return { ...tally.result(seconds), answeredTotal };
}

/** The message a generator child sends back. */
type ChildAnswer = { ok: true; result: LoadResult } | { ok: false; error: string };

/**
 * Forks a generator child (`file`, run under tsx from the repository root), sends it `spec` and resolves with its
 * numbers; kills it after `timeoutMs`. `what` names it in errors.
 */
export function runChild(
  file: string,
  spec: unknown,
  opts: { what: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<LoadResult> {
  const child = fork(file, [], {
    cwd: REPO_ROOT,
    execArgv: ['--import', 'tsx'],
    ...(opts.env ? { env: opts.env } : {}),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<LoadResult>((resolve, reject) => {
    const guard = setTimeout(() => {
      child.kill();
      reject(new Error(`${opts.what} did not finish in time`));
    }, opts.timeoutMs);
    child.once('message', (m: ChildAnswer) => {
      clearTimeout(guard);
      if (m.ok) resolve(m.result);
      else reject(new Error(m.error || `${opts.what} failed`));
    });
    child.once('exit', (code) => {
      clearTimeout(guard);
      reject(new Error(`${opts.what} exited with ${code}`));
    });
    child.send(spec as object);
  });
}

/** The entry of a forked generator child: one spec from the parent, one {@link ChildAnswer}, exit. */
export function serveChild<S>(run: (spec: S) => Promise<LoadResult>): void {
  process.once('message', (spec: S) => {
    run(spec).then(
      (result) => process.send?.({ ok: true, result } satisfies ChildAnswer, () => process.exit(0)),
      (e: unknown) =>
        process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) } satisfies ChildAnswer, () =>
          process.exit(1),
        ),
    );
  });
}
