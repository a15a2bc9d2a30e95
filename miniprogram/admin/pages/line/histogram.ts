/**
 * 积分分布 as bars drawn with plain views: totals grouped in bins of a few points, highest first, each bar with its
 * count written beside it and its place against the line in words (never told by colour alone). Pure.
 */
import { formatHalves } from '../../../../shared/core';

/** One distinct total and how many applications have it (half-points, as the engine counts). */
export interface TotalCount {
  halves: number;
  count: number;
}

/** Where a bin stands against the line. */
export type BinPlace = 'above' | 'line' | 'below';

/** One bar. */
export interface HistogramBar {
  key: string;
  /** `135–139.5 分`. */
  label: string;
  count: number;
  /** `12 人`. */
  countText: string;
  /** Bar length as a percentage of the longest bar (at least 2 so a bin of one is still seen). */
  width: number;
  place: BinPlace;
  /** `准入` / `含分数线` / `未准入`: what the bar means against the line, in words. */
  placeText: string;
}

/** The histogram. */
export interface HistogramView {
  bars: HistogramBar[];
  /** `共 1,234 人，每档 5 分`. */
  caption: string;
}

const PLACE_TEXT: Record<BinPlace, string> = { above: '准入', line: '含分数线', below: '未准入' };

/**
 * Bars for `totals` in bins of `binPoints` points (aligned to multiples of it), highest first; `line` (half-points,
 * or null: no line, as in a no-quota round or before a quota is set) marks which bins are admitted.
 */
export function histogram(totals: readonly TotalCount[], line: number | null, binPoints = 5): HistogramView {
  const width = binPoints * 2;
  const bins = new Map<number, number>();
  let all = 0;
  for (const t of totals) {
    if (t.count <= 0) continue;
    const lo = Math.floor(t.halves / width) * width;
    bins.set(lo, (bins.get(lo) ?? 0) + t.count);
    all += t.count;
  }
  const max = Math.max(1, ...bins.values());
  const bars = [...bins.keys()]
    .sort((a, b) => b - a)
    .map((lo): HistogramBar => {
      const hi = lo + width - 1;
      const count = bins.get(lo) as number;
      const place: BinPlace = line === null ? 'above' : lo >= line ? 'above' : hi < line ? 'below' : 'line';
      return {
        key: String(lo),
        label: `${formatHalves(lo)}–${formatHalves(hi)} 分`,
        count,
        countText: `${count} 人`,
        width: Math.max(2, Math.round((count / max) * 100)),
        place,
        placeText: line === null ? '' : PLACE_TEXT[place],
      };
    });
  return { bars, caption: `共 ${all} 人，每档 ${binPoints} 分` };
}
