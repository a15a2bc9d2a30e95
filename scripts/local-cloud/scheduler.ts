/**
 * The scheduler's timer in the local cloud: an interval that calls the scheduler function's `publish` as the timer
 * does in CloudBase (config.json: every 30 minutes). In the local cloud the outbox is only recorded. Each run then
 * sweeps the local file storage: `*.part` leftovers of broken uploads and uploads never attached are removed once a
 * day old (UNATTACHED_FILE_TTL_MS, by the same clock as the functions).
 *
 * `LOCAL_CLOUD_SCHEDULER_MS` sets the interval (default one minute, so results appear soon after the clock reaches
 * their date while developing; `0` turns it off). Runs never overlap, and the first one comes after one interval
 * (a started server changes nothing by itself at once).
 */
import type { Deps, FunctionHandler } from '../../cloudfunctions/registry';
import type { LocalFileStorage } from '../../cloudfunctions/_core/files';
import { TIMER_CALLER } from '../../cloudfunctions/scheduler/handlers';

/** Default interval of the local cloud's scheduler. */
export const DEFAULT_SCHEDULER_MS = 60_000;

/** Reads `LOCAL_CLOUD_SCHEDULER_MS`: a whole number of milliseconds ≥ 0 (0 = off), else the default. */
export function schedulerIntervalFromEnv(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_SCHEDULER_MS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new Error(`LOCAL_CLOUD_SCHEDULER_MS 应为不小于 0 的整数（毫秒），收到 ${value}`);
  return n;
}

/** Sweeps the local file storage of `deps` (if it is one); a failure is logged, never thrown into the run. */
async function sweepFiles(deps: Deps, log: (line: string) => void): Promise<void> {
  const files = deps.files as Partial<LocalFileStorage> | undefined;
  if (!files || typeof files.sweep !== 'function') return;
  try {
    const r = await files.sweep(deps.now());
    if (r.parts || r.unattached) log(`files sweep → 清理未完成的上传 ${r.parts} 个，未添加的文件 ${r.unattached} 个`);
  } catch (e) {
    log(`files sweep → ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A running interval. */
export interface LocalScheduler {
  /** Runs one publishing now (waits for a run in progress first); resolves with the function's envelope. */
  runNow(): ReturnType<FunctionHandler>;
  /** Stops the interval and waits for a run in progress. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts calling `scheduler` every `intervalMs` with the timer's caller. `log` gets one line per run that changed
 * something or failed (counts only, never personal data).
 */
export function startLocalScheduler(
  scheduler: FunctionHandler,
  deps: Deps,
  intervalMs: number,
  log: (line: string) => void = () => undefined,
): LocalScheduler {
  let running: ReturnType<FunctionHandler> | null = null;
  const run = (): ReturnType<FunctionHandler> => {
    const go = async (): ReturnType<FunctionHandler> => {
      const res = await scheduler({ action: 'publish', payload: {} }, TIMER_CALLER, deps);
      if (!res.ok) log(`scheduler publish → ${res.code}`);
      else {
        const d = res.data as { published: number; overdue: number; settled?: number };
        if (d.published || d.settled) log(`scheduler publish → 公布 ${d.published} 件，超期 ${d.overdue} 件`);
      }
      await sweepFiles(deps, log);
      return res;
    };
    const next = (running ?? Promise.resolve()).then(go, go);
    running = next;
    void next.finally(() => {
      if (running === next) running = null;
    });
    return next;
  };
  const timer = intervalMs > 0 ? setInterval(() => void run(), intervalMs) : null;
  // The interval alone must not keep a process (a test, a script) alive.
  timer?.unref();
  let stopped: Promise<void> | null = null;
  return {
    runNow: run,
    stop: () => {
      if (!stopped) {
        if (timer) clearInterval(timer);
        stopped = (running ?? Promise.resolve()).then(
          () => undefined,
          () => undefined,
        );
      }
      return stopped;
    },
  };
}
