/**
 * Load generator of the submission benchmark (scripts/bench/cases.ts), run as a separate process so the local cloud
 * keeps its own core: every prepared applicant submits their application once (`application.submit`), a fixed
 * number of requests in flight over keep-alive connections. The first `warmup` answers are not counted. Bounded:
 * loopback only, ≤ 256 in flight, ≤ 100,000 submissions.
 */
import http from 'node:http';
import { checkLoopback, LoadTally, postTimed, serveChild, type LoadResult } from './load';

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
  checkLoopback(s.url, s.concurrency, 'submit load');
  if (!(s.items.length >= 1 && s.items.length <= 100_000)) throw new Error('submit load: 1–100,000 submissions');
  if (!(s.warmup >= 0 && s.warmup < s.items.length))
    throw new Error('submit load: warm-up below the number of submissions');
}

/** Submits every item once and resolves with the counted answers' numbers. */
export async function runSubmits(spec: SubmitSpec): Promise<LoadResult> {
  check(spec);
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const target = new URL('/fn/applicant', spec.url);
  const tally = new LoadTally();
  let answered = 0;
  let windowStart = process.hrtime.bigint();
  let next = 0;

  const worker = async (): Promise<void> => {
    while (next < spec.items.length) {
      const i = next++;
      const item = spec.items[i] as SubmitItem;
      const body = Buffer.from(
        JSON.stringify({
          action: 'application.submit',
          requestId: `bench-submit-${i}`,
          payload: { applicationId: item.applicationId, subscribed: ['result'] },
        }),
      );
      const r = await postTimed(agent, target, body, item.openid);
      answered++;
      // Every submission counts once the warm-up is over, answered or not: the window is the whole set.
      if (answered === spec.warmup) windowStart = process.hrtime.bigint();
      if (answered > spec.warmup) tally.add(r, true);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - windowStart) / 1e9;
  agent.destroy();
  return tally.result(seconds);
}

/** Set by the parent in the child's environment: only then does this module act as the forked entry. */
export const SUBMIT_CHILD_ENV = 'BENCH_SUBMIT_CHILD';

// Entry when forked: one spec from the parent, one answer, exit.
if (process.env[SUBMIT_CHILD_ENV] === '1' && process.send) serveChild(runSubmits);
