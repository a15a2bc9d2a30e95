/**
 * 关怀模式: text follows the user's WeChat font size setting. Pages mixing this behavior put `careStyle` on their
 * root view; it sets the root font size, a `--care-scale` variable our wxss multiplies with, and TDesign's font size
 * variables (custom properties inherit into the components), so everything scales together.
 */

/** The scale factor WeChat reports, within sane bounds; 1 when unavailable. */
export function readFontScale(): number {
  try {
    const f = wx.getAppBaseInfo().fontSizeScaleFactor;
    if (typeof f === 'number' && Number.isFinite(f) && f > 0) return Math.min(3, Math.max(0.8, f));
  } catch {
    // Older base libraries: no getAppBaseInfo.
  }
  return 1;
}

/** TDesign font size variables and their sizes (rpx) at scale 1. */
const TD_FONT_SIZES: Record<string, number> = {
  'body-extraSmall': 20,
  'body-small': 24,
  'body-medium': 28,
  'body-large': 32,
  'title-small': 28,
  'title-medium': 32,
  'title-large': 36,
  'title-extraLarge': 40,
  'mark-small': 24,
  'mark-medium': 28,
  'mark-large': 32,
  'link-small': 24,
  'link-medium': 28,
  'link-large': 32,
};

/** Base text size (rpx) at scale 1; 32rpx is WeChat's standard body size. */
export const BASE_FONT_RPX = 32;

/** The inline style of a page root at `scale`. */
export function careStyle(scale: number): string {
  const px = (n: number) => `${Math.round(n * scale)}rpx`;
  const vars = Object.keys(TD_FONT_SIZES).map((k) => `--td-font-size-${k}:${px(TD_FONT_SIZES[k])}`);
  return [`--care-scale:${scale}`, `font-size:${px(BASE_FONT_RPX)}`, ...vars].join(';');
}

/** The behavior: `fontScale` (number) and `careStyle` (root inline style), read when the page attaches. */
export const careBehavior = Behavior({
  data: { fontScale: 1, careStyle: careStyle(1) },
  lifetimes: {
    attached() {
      const s = readFontScale();
      this.setData({ fontScale: s, careStyle: careStyle(s) });
    },
  },
});
