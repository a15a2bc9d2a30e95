/**
 * Load generator of the submission benchmark (scripts/bench/cases.ts), run as a separate process so the local cloud
 * keeps its own core: every prepared applicant submits their application once (`application.submit`), a fixed
 * number of requests in flight over keep-alive connections. The first `warmup` answers are not counted. Bounded:
 * loopback only, ≤ 256 in flight, ≤ 100,000 submissions.
 */
import http from 'node:http';
import { quantile, type LoadResult } from './load';

/** One prepared applicant. */
export interface SubmitItem {
  openid: string;
  applicationId: string;
}

/** What the parent asks for. */
export interface SubmitSpec {
  url: string;
  items: SubmitItem[];
  concurrency: number;
  /** Answers not counted at the start (connections, JIT). */
  warmup: number;
}

function check(s: SubmitSpec): void {
  const u = new URL(s.url);
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost') throw new Error('submit load: loopback only');
  if (!(s.concurrency >= 1 && s.concurrency <= 256)) throw new Error('submit load: concurrency 1–256');
  if (!(s.items.length >= 1 && s.items.length <= 100_000)) throw new Error('submit load: 1–100,000 submissions');
  if (!(s.warmup >= 0 && s.warmup < s.items.length)) throw new Error('submit load: warm-up below the number of submissions');
}

/** Submits every item once and resolves with the counted answers' numbers. */
export async function runSubmits(spec: SubmitSpec): Promise<LoadResult> {
  check(spec);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const target = new URL('/fn/applicant', spec.url);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let answered = 0;
  let windowStart = BigInt(0);
  let next = 0;

  const once = (item: SubmitItem, index: number): Promise<void> =>
    new Promise((resolve) => {
      const body = Buffer.from(
        JSON.stringify({ action: 'application.submit', requestId: `bench-submit-${index}`, payload: { applicationId: item.applicationId, subscribed: ['result'] } }),
      );
      const headers = { 'content-type': 'application/json', 'content-length': String(body.length), 'x-wx-openid': item.openid };
      const t0 = process.hrtime.bigint();
      const done = (good: boolean, why?: () => string): void => {
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        answered++;
        if (answered === spec.warmup) windowStart = process.hrtime.bigint();
        if (answered > spec.warmup) {
          latencies.push(ms);
          if (!good) {
            errors++;
            firstError ??= why?.();
          }
        }
        resolve();
      };
      const req = http.request(target, { method: 'POST', agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          done(res.statusCode === 200 && text.startsWith('{"ok":true'), () => `HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
        });
      });
      req.on('error', (e) => done(false, () => e.message));
      req.end(body);
    });

  if (spec.warmup === 0) windowStart = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < spec.items.length) {
      const i = next++;
      await once(spec.items[i] as SubmitItem, i);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - windowStart) / 1e9;
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
    maxMs: sorted.length ? (sorted[sorted.length - 1] as number) : NaN,
  };
  if (firstError) result.firstError = firstError;
  return result;
}

/** Set by the parent in the child's environment: only then does this module act as the forked entry. */
export const SUBMIT_CHILD_ENV = 'BENCH_SUBMIT_CHILD';

// Entry when forked: one spec from the parent, one answer, exit.
if (process.env[SUBMIT_CHILD_ENV] === '1' && process.send) {
  process.once('message', (spec: SubmitSpec) => {
    runSubmits(spec).then(
      (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
      (e: unknown) => process.send?.({ ok: false, error: e instanceof Error ? e.message : String(e) }, () => process.exit(1)),
    );
  });
}
