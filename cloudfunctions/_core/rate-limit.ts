/**
 * The rate limit of public actions (served without an openid): at most {@link PUBLIC_CALLS_PER_MINUTE} calls per
 * caller and minute, counted in the function instance's memory. A public action writes nothing, so it cannot count
 * in the store; a function instance serves many callers in turn and the platform caps the number of instances, so a
 * per-instance count bounds what one caller gets. The caller is its openid when it has one, else the client IP the
 * platform reports (CloudBase: `getWXContext().CLIENTIP`; the local cloud: the `x-client-ip` header, else the
 * socket's address).
 */

/** Calls one public caller may make per minute (per function instance). */
export const PUBLIC_CALLS_PER_MINUTE = 60;

/** Counts calls per key within the current minute; older minutes are forgotten. */
export class MinuteCounter {
  private minute = '';
  private counts = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Counts one call of `key` in `minute` (e.g. `2026-11-25T09:30`); false when the key is past its limit. */
  take(key: string, minute: string): boolean {
    if (minute !== this.minute) {
      this.minute = minute;
      this.counts = new Map();
    }
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n <= this.limit;
  }
}
