/** Formatting for display: Beijing time, never the device's zone. */

const BEIJING_MS = 8 * 3_600_000;

/** `2021-10-08 14:03` in Beijing time, or the text as given when it is not a timestamp. */
export function beijingDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + BEIJING_MS).toISOString().slice(0, 16).replace('T', ' ');
}

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];

/**
 * A calendar date as every page shows it: `2021-10-08（周五）`. The one place dates are formatted for display; the
 * weekday is from the date itself (UTC arithmetic), never from the device's zone.
 */
export function dateText(d: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
  if (!m) return d;
  const day = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).getUTCDay();
  return `${d}（周${WEEKDAYS[day]}）`;
}
