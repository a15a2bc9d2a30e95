/**
 * Load generator for the local-cloud benchmark, run as a separate process (forked by throughput.ts) so that the
 * server keeps its own core. Keep-alive connections, a fixed number of requests in flight, a warm-up that is not
 * counted, then a measured window. Bounded: loopback URLs only, ≤ 256 in flight, ≤ 30 s.
 */
import http from 'node:http';

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
}

/** The q-quantile (0–1) of sorted values, nearest-rank. */
export function quantile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

function checkSpec(s: LoadSpec): void {
  const u = new URL(s.url);
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') throw new Error('load generator: loopback only');
  if (!(s.concurrency >= 1 && s.concurrency <= 256)) throw new Error('load generator: concurrency 1–256');
  if (!(s.seconds > 0 && s.seconds <= 30 && s.warmupSeconds >= 0 && s.warmupSeconds <= 10)) {
    throw new Error('load generator: seconds ≤ 30, warm-up ≤ 10');
  }
}

/** Runs the load and resolves with the measured window's numbers. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  checkSpec(spec);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const target = new URL(`/fn/${spec.fn}`, spec.url);
  const body = Buffer.from(spec.body);
  const headers = { 'content-type': 'application/json', 'content-length': String(body.length), 'x-wx-openid': spec.openid };

  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let measuring = false;
  let stop = false;

  const once = (): Promise<void> =>
    new Promise((resolve) => {
      const t0 = process.hrtime.bigint();
      const req = http.request(target, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          let good = res.statusCode === 200;
          if (good) {
            // Cheap check of the envelope head: `{"ok":true,...`.
            const head = Buffer.concat(chunks).subarray(0, 10).toString('utf8');
            good = head.startsWith('{"ok":true');
          }
          if (measuring) {
            latencies.push(ms);
            if (!good) {
              errors++;
              firstError ??= `HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`;
            }
          }
          resolve();
        });
      });
      req.on('error', (e) => {
        if (measuring) {
          errors++;
          firstError ??= e.message;
        }
        resolve();
      });
      req.end(body);
    });

  const worker = async (): Promise<void> => {
    while (!stop) await once();
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

  const sorted = Float64Array.from(latencies).sort();
  const result: LoadResult = {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50Ms: quantile(sorted, 0.5),
    p90Ms: quantile(sorted, 0.9),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : NaN,
  };
  if (firstError) result.firstError = firstError;
  return result;
}
