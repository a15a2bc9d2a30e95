/**
 * 积分分布 as bars drawn with plain views: the line preview's buckets (the function groups the totals), highest first,
 * each bar with its count written beside it and its place against the line in words — never told by colour alone.
 * Pure.
 */
import type { LinePreviewRes } from '../../../../shared';

/** Where a bucket stands against the line. */
export type BinPlace = 'above' | 'line' | 'below';

/** One bar. */
export interface HistogramBar {
  key: string;
  /** `135–139.5 分`. */
  label: string;
  count: number;
  /** `12 人`. */
  countText: string;
  /** Bar length as a percentage of the longest bar (at least 2 so a bucket of one is still seen; 0 when empty). */
  width: number;
  place: BinPlace;
  /** `准入` / `含分数线` / `未准入`: what the bar means against the line, in words ('' without a line). */
  placeText: string;
}

/** The histogram. */
export interface HistogramView {
  bars: HistogramBar[];
  /** `共 1234 人`. */
  caption: string;
}

const PLACE_TEXT: Record<BinPlace, string> = { above: '准入', line: '含分数线', below: '未准入' };

/**
 * Bars for the preview's buckets (`from` inclusive, `to` exclusive, in points), highest first; `line` (points, or
 * null: a round without a quota) says which buckets are admitted.
 */
export function histogram(buckets: LinePreviewRes['histogram'], line: string | null): HistogramView {
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const l = line === null ? null : Number(line);
  const all = buckets.reduce((n, b) => n + b.count, 0);
  const bars = [...buckets].reverse().map((b): HistogramBar => {
    const place: BinPlace = l === null || Number(b.from) >= l ? 'above' : Number(b.to) <= l ? 'below' : 'line';
    return {
      key: b.from,
      label: `${b.label} 分`,
      count: b.count,
      countText: `${b.count} 人`,
      width: b.count === 0 ? 0 : Math.max(2, Math.round((b.count / max) * 100)),
      place,
      placeText: l === null ? '' : PLACE_TEXT[place],
    };
  });
  return { bars, caption: `共 ${all} 人` };
}
