/**
 * 关怀模式: text follows the user's WeChat font size setting, or the in-app 长辈版 switch (stored on the device), whichever
 * is larger. Pages mixing this behavior put `careStyle` on their root view and `careClass` in its class list.
 *
 * TDesign's components do not read its size tokens (`--td-font-size-body-large`…) directly: they read the combined
 * tokens (`--td-font-body-large: 32rpx/48rpx family`), which TDesign resolves on `page` — a custom property that refers
 * to another is substituted where it is declared, so overriding only the size tokens lower down changes nothing. The
 * root style therefore declares every token a component reads with its final value: sizes, line heights, the combined
 * body / title / mark / link tokens, TDesign's old aliases (`--td-font-size-m`…), icon sizes and control heights.
 */

/** Where the 长辈版 choice is kept on the device ('on' / 'off'). */
export const CARE_MODE_KEY = 'care-mode';

/** The scale 长辈版 sets at least (WeChat's 适老化 guidance: body text about 1.5× the standard 16px). */
export const ELDER_SCALE = 1.5;

/** From this scale on the page is laid out for large text (the sticky summary stops sticking, rows stack). */
export const CARE_LAYOUT_FROM = 1.15;

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

/** Whether the person switched 长辈版 on in the app. */
export function elderModeOn(): boolean {
  try {
    return wx.getStorageSync(CARE_MODE_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Switches 长辈版 on or off (pages read it when they open). */
export function setElderMode(on: boolean): void {
  wx.setStorageSync(CARE_MODE_KEY, on ? 'on' : 'off');
}

/** The scale a page uses: the system font size, raised to {@link ELDER_SCALE} when 长辈版 is on. */
export function effectiveScale(): number {
  const s = readFontScale();
  return elderModeOn() ? Math.max(s, ELDER_SCALE) : s;
}

/** A TDesign text token at scale 1: size and line height (rpx), and whether it is bold (600). */
interface TextToken {
  size: number;
  line: number;
  bold: boolean;
}

/** TDesign's text tokens (common/style/theme/_font.wxss), at scale 1. */
const TD_TEXT: Record<string, TextToken> = {
  'link-small': { size: 24, line: 40, bold: false },
  'link-medium': { size: 28, line: 44, bold: false },
  'link-large': { size: 32, line: 48, bold: false },
  'mark-extraSmall': { size: 20, line: 32, bold: true },
  'mark-small': { size: 24, line: 40, bold: true },
  'mark-medium': { size: 28, line: 44, bold: true },
  'mark-large': { size: 32, line: 48, bold: true },
  'body-extraSmall': { size: 20, line: 32, bold: false },
  'body-small': { size: 24, line: 40, bold: false },
  'body-medium': { size: 28, line: 44, bold: false },
  'body-large': { size: 32, line: 48, bold: false },
  'title-small': { size: 28, line: 44, bold: true },
  'title-medium': { size: 32, line: 48, bold: true },
  'title-large': { size: 36, line: 52, bold: true },
  'title-extraLarge': { size: 40, line: 56, bold: true },
  'headline-small': { size: 48, line: 64, bold: true },
  'headline-medium': { size: 56, line: 72, bold: true },
  'headline-large': { size: 72, line: 88, bold: true },
};

/** TDesign's older size aliases and the token each stands for. */
const TD_ALIASES: Record<string, string> = {
  xs: 'body-extraSmall',
  s: 'body-small',
  base: 'title-small',
  m: 'title-medium',
  l: 'title-large',
  xl: 'title-extraLarge',
  xxl: 'headline-large',
};

/** Icon sizes and control heights of the components we use (rpx at scale 1). */
const TD_SIZES: Record<string, number> = {
  'cell-left-icon-size': 48,
  'cell-right-icon-size': 48,
  'cell-group-title-font-size': 28,
  'cell-group-title-line-height': 90,
  'radio-icon-size': 48,
  'radio-label-line-height': 48,
  'button-large-icon-size': 48,
  'button-medium-icon-size': 40,
  'button-small-icon-size': 36,
  'button-extra-small-icon-size': 36,
  'button-large-height': 96,
  'button-medium-height': 88,
  'button-small-height': 88,
  'tag-small-icon-size': 24,
  'tag-medium-icon-size': 28,
  'tag-large-icon-size': 32,
  'tag-extra-large-icon-size': 32,
  'switch-label-font-size': 28,
  'switch-label-large-font-size': 32,
};

/** TDesign's font family (the combined tokens carry it). */
const TD_FAMILY = 'PingFang SC,Microsoft YaHei,Arial Regular';

/** Base text size (rpx) at scale 1; 32rpx is WeChat's standard body size. */
export const BASE_FONT_RPX = 32;

/** The inline style of a page root at `scale`. */
export function careStyle(scale: number): string {
  const px = (n: number) => `${Math.round(n * scale)}rpx`;
  const out = [`--care-scale:${scale}`, `font-size:${px(BASE_FONT_RPX)}`];
  for (const k of Object.keys(TD_TEXT)) {
    const t = TD_TEXT[k];
    out.push(`--td-font-size-${k}:${px(t.size)}`, `--td-line-height-${k}:${px(t.line)}`);
    out.push(`--td-font-${k}:${t.bold ? '600 ' : ''}${px(t.size)}/${px(t.line)} ${TD_FAMILY}`);
  }
  for (const a of Object.keys(TD_ALIASES)) out.push(`--td-font-size-${a}:${px(TD_TEXT[TD_ALIASES[a]].size)}`);
  for (const k of Object.keys(TD_SIZES)) out.push(`--td-${k}:${px(TD_SIZES[k])}`);
  return out.join(';');
}

/** The root class at `scale`: `care` once text is large enough to need the large-text layout. */
export function careClass(scale: number): string {
  return scale >= CARE_LAYOUT_FROM ? 'care' : '';
}

/** An icon's size (rpx) at `scale`, for `t-icon size` (icons scale with the text next to them). */
export function iconSize(rpx: number, scale: number): string {
  return `${Math.round(rpx * scale)}rpx`;
}

/** The data the behavior gives a page at `scale`. */
export function careData(scale: number): { fontScale: number; careStyle: string; careClass: string } {
  return { fontScale: scale, careStyle: careStyle(scale), careClass: careClass(scale) };
}

/**
 * The behavior: `fontScale` (number), `careStyle` (root inline style) and `careClass`, read when the page attaches and
 * again on show (the 长辈版 switch may have changed on another page).
 */
export const careBehavior = Behavior({
  data: careData(1),
  lifetimes: {
    attached() {
      this.setData(careData(effectiveScale()));
    },
  },
  pageLifetimes: {
    show() {
      const s = effectiveScale();
      if (s !== this.data.fontScale) this.setData(careData(s));
    },
  },
});
