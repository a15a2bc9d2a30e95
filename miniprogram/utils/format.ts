/**
 * Formatting for display: Beijing time, never the device's zone, in the one date format of every screen
 * (`2021年11月4日`, shared/dates.ts with dayjs and its zh-cn locale).
 */
import { formatChineseDate, formatChineseMonth } from '../../shared/core';

// The one formatter of each kind lives in shared/dates.ts; pages import these names from here.
export {
  /** `2021年10月8日 14:03` in Beijing time, or the text as given when it is not a timestamp. */
  formatChineseDateTime as beijingDateTime,
  /** `2021年11月4日` for a calendar date (`2021-11-04`), or the text as given. */
  formatChineseDate as dateText,
  /** `2019年3月` for a month (`2019-03`), or the text as given. */
  formatChineseMonth as monthText,
} from '../../shared/core';

/**
 * A sentence with its ISO dates and months in words: `2016-03-01 至 2021-09` → `2016年3月1日 至 2021年9月`. For texts
 * built from facts (the engine's reasons and fact labels) that carry dates as data.
 */
export function datesInWords(text: string): string {
  return text
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => formatChineseDate(d))
    .replace(/\b\d{4}-\d{2}\b(?!-)/g, (m) => formatChineseMonth(m));
}

/**
 * A 补正's deadline in words: `请在 2021年11月5日 前提交补正（还剩 18 个工作日）`, or that it has passed (the result
 * date has come: a late correction is refused).
 */
export function correctionDeadlineText(w: { before: string; workingDaysLeft: number }): string {
  return w.workingDaysLeft > 0
    ? `请在 ${formatChineseDate(w.before)} 前提交补正（还剩 ${w.workingDaysLeft} 个工作日）`
    : `补正期限已过：须在 ${formatChineseDate(w.before)} 前提交`;
}
