/** Formatting for display: Beijing time, never the device's zone. */

const BEIJING_MS = 8 * 3_600_000;

/** `2021-10-08 14:03` in Beijing time, or the text as given when it is not a timestamp. */
export function beijingDateTime(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : new Date(ms + BEIJING_MS).toISOString().slice(0, 16).replace('T', ' ');
}
