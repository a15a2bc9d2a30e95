/** The points a document prints, grouped the way the result sheet groups its lines (基础分 / 加分 / 扣分). */
import type { Halves } from '../engine/points';
import type { Indicator } from '../policy/schema';

/** An indicator category of the policy. */
export type IndicatorCategory = Indicator['category'];

/** Chinese headings of the categories, in print order. */
export const CATEGORY_LABELS: Readonly<Record<IndicatorCategory, string>> = {
  basic: '基础分',
  bonus: '加分',
  deduction: '扣分',
};

/** Half-points per category. */
export type CategoryHalves = Record<IndicatorCategory, Halves>;

/** Sums the lines of a score sheet (or anything with a category and half-points) per category. */
export function categoryHalves(lines: readonly { category: IndicatorCategory; halves: Halves }[]): CategoryHalves {
  const out: CategoryHalves = { basic: 0, bonus: 0, deduction: 0 };
  for (const l of lines) out[l.category] += l.halves;
  return out;
}
