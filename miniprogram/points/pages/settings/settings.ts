/**
 * 我的: the in-app 长辈版 switch (kept on this device, besides WeChat's own font size) and the ways to 办事指南 and
 * 个人信息保护指引. Switching re-renders this page at once; other pages read the choice when they are shown.
 */
import {
  careBehavior,
  careData,
  effectiveScale,
  elderModeOn,
  ELDER_SCALE,
  setElderMode,
} from '../../../behaviors/care';
import { PAGES } from '../../../routes';

/** The words under the 长辈版 switch. */
export function elderNote(on: boolean): string {
  return on
    ? `已开启：文字和按钮放大到 ${ELDER_SCALE} 倍，重新打开的页面都按大字显示`
    : '开启后文字和按钮放大；也会跟随微信“设置 → 字体大小”';
}

Component({
  behaviors: [careBehavior],
  data: { elder: false, elderNote: elderNote(false) },
  lifetimes: {
    attached() {
      const on = elderModeOn();
      this.setData({ elder: on, elderNote: elderNote(on) });
    },
  },
  methods: {
    onElderChange(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.toggle(!!e.detail.value);
    },
    /** Taps on the switch stay with the switch (the row toggles too, it must not toggle twice). */
    onNoop() {
      return undefined;
    },
    onElderRow() {
      this.toggle(!this.data.elder);
    },
    toggle(on: boolean) {
      setElderMode(on);
      this.setData({ elder: on, elderNote: elderNote(on), ...careData(effectiveScale()) });
    },
    onGuide() {
      void wx.navigateTo({ url: PAGES.guide });
    },
    onPrivacy() {
      void wx.navigateTo({ url: PAGES.privacy });
    },
  },
});
