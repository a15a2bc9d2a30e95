/**
 * The local cloud's clock, for testers and trainers: `LOCAL_CLOUD_TODAY=2021-11-05` runs the local cloud on that day
 * (the clock keeps ticking from the current time of day, Beijing time), `LOCAL_CLOUD_OFFSET_DAYS=-30` shifts it by
 * whole days. Only `npm start` reads these (scripts/local-cloud/cli.ts): the production build bundles cloudfunctions/
 * and the mini program, never scripts/, so a deployed function always runs on the platform's clock (test/build proves
 * the bundles carry neither name).
 */
import { isISODate } from '../../shared/dates';

const DAY_MS = 86_400_000;
const BEIJING_MS = 8 * 3_600_000;

/** A chosen clock and how to say it. */
export interface LocalClock {
  now: () => Date;
  /** `2021年11月5日（LOCAL_CLOUD_TODAY）`. */
  describe: string;
}

/** Beijing midnight (ms) of the day containing `ms`. */
function beijingMidnight(ms: number): number {
  return Math.floor((ms + BEIJING_MS) / DAY_MS) * DAY_MS - BEIJING_MS;
}

/**
 * The clock the environment asks for, or null for the real one. Bad values throw a Chinese message (the local cloud
 * then refuses to start rather than run on a day nobody chose).
 */
export function clockFromEnv(env: NodeJS.ProcessEnv, real: () => number = Date.now): LocalClock | null {
  const today = env.LOCAL_CLOUD_TODAY;
  const offset = env.LOCAL_CLOUD_OFFSET_DAYS;
  if (today && offset) throw new Error('LOCAL_CLOUD_TODAY 和 LOCAL_CLOUD_OFFSET_DAYS 只能设置一个');
  let shiftMs: number;
  let why: string;
  if (today) {
    if (!isISODate(today)) throw new Error(`LOCAL_CLOUD_TODAY 应为日期，如 2021-11-05，收到 ${today}`);
    shiftMs = Date.parse(`${today}T00:00:00+08:00`) - beijingMidnight(real());
    why = 'LOCAL_CLOUD_TODAY';
  } else if (offset) {
    const days = Number(offset);
    if (!Number.isInteger(days)) throw new Error(`LOCAL_CLOUD_OFFSET_DAYS 应为整数天数，如 -30，收到 ${offset}`);
    shiftMs = days * DAY_MS;
    why = `LOCAL_CLOUD_OFFSET_DAYS=${days}`;
  } else return null;
  const now = () => new Date(real() + shiftMs);
  const day = new Date(now().getTime() + BEIJING_MS).toISOString().slice(0, 10);
  const [y, m, d] = day.split('-').map(Number);
  return { now, describe: `${y}年${m}月${d}日（${why}）` };
}
