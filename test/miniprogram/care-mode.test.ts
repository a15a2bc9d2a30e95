/**
 * 关怀模式 measured on rendered pages: the final size of real TDesign components' text, icons and tap targets,
 * resolved from the compiled WXSS and the page root's style (css.ts), at scale 1, at 长辈版 and at the system's 1.5×.
 */
import {
  fixedClock,
  inProcessTransport,
  memoryStore,
  renderPage,
  settle,
  tapButton,
  toggleSwitch,
  waitFor,
  type Rendered,
} from './harness';
import { fontPx, lengthPx, targetPx } from './css';
import type { SqliteStore } from '../../cloudfunctions/_core/store';

const OCT_8_2021 = fixedClock('2021-10-08T10:00:00+08:00');
let store: SqliteStore;
beforeEach(() => {
  store = memoryStore();
  wx.removeStorageSync('care-mode');
});
afterEach(() => {
  store.close();
  wx.removeStorageSync('care-mode');
  jest.restoreAllMocks();
});

async function openSimulate(): Promise<Rendered> {
  const p = renderPage('simulate', inProcessTransport(store, 'applicant-a', OCT_8_2021));
  await waitFor(() => p.comp.data.load.state !== 'loading', 'round loaded');
  return p;
}

/** The DOM element of `selector` inside the node `#id` (TDesign virtual hosts: the inner element). */
function el(p: Rendered, id: string, ...selectors: string[]): Element {
  const host = p.comp.querySelector(`#${id}`);
  const selector = selectors[selectors.length - 1];
  let node = host;
  for (const sel of selectors) node = node?.querySelector(sel);
  if (node && node.dom) return node.dom;
  // An icon inside a plain view: the DOM has its class with simulate's tag prefix (`t-icon--t-icon`).
  const icon = selector === '.t-icon' ? host?.dom?.querySelector('[class^="t-icon--t-icon"]') : null;
  if (icon) return icon;
  throw new Error(`#${id} ${selector ?? ''} is not rendered`);
}

/** Everything a person reads, types or taps on the simulate page's first steps, in px (simulate renders 1rpx as 1px). */
async function measure(p: Rendered) {
  const sizes: Record<string, number> = {
    pageText: fontPx(el(p, 'round-text')),
    button: fontPx(el(p, 'save-draft', '.t-button')),
    buttonHeight: targetPx(el(p, 'save-draft', '.t-button')),
    input: fontPx(el(p, 'f-person-0-birthDate', '.t-input__control')),
    icon: fontPx(el(p, 'verdict', '.t-icon')),
  };
  // 学历 step: a radio group.
  p.comp.querySelector('#step-1')?.dispatchEvent('tap');
  await settle(2);
  await tapButton(p, 'add-education');
  sizes.radioLabel = fontPx(el(p, 'f-education-0-level', '.t-radio-option', '.t-radio__title'));
  sizes.radioIcon = fontPx(el(p, 'f-education-0-level', '.t-radio-option', '.t-radio__icon'));
  sizes.formIcon = fontPx(el(p, 'f-education-0-obtainedOn-picker', '.t-icon'));
  return sizes;
}

describe('关怀模式 on the rendered simulate page', () => {
  it('renders TDesign text at its standard sizes when nothing is enlarged', async () => {
    const s = await measure(await openSimulate());
    expect(s).toMatchObject({ pageText: 32, button: 32, input: 32, icon: 40, radioLabel: 32, formIcon: 40 });
    expect(s.buttonHeight).toBeGreaterThanOrEqual(88);
  });

  it('with 长辈版 switched on in the app, every text, icon and button grows 1.5×', async () => {
    wx.setStorageSync('care-mode', 'on');
    const p = await openSimulate();
    const s = await measure(p);
    expect(s).toMatchObject({ pageText: 48, button: 48, input: 48, icon: 60, radioLabel: 48, formIcon: 60 });
    expect(s.radioIcon).toBe(72);
    expect(s.buttonHeight).toBeGreaterThanOrEqual(132);
  });

  it('follows the system font size too (fontSizeScaleFactor 1.5)', async () => {
    const base = wx.getAppBaseInfo();
    jest.spyOn(wx, 'getAppBaseInfo').mockReturnValue({ ...base, fontSizeScaleFactor: 1.5 });
    const s = await measure(await openSimulate());
    expect(s).toMatchObject({ button: 48, input: 48, icon: 60, radioLabel: 48 });
  });

  it('lets the summary scroll away in care mode instead of staying on top of the form', async () => {
    const normal = await openSimulate();
    expect(getComputedStyle(el(normal, 'summary')).position).toBe('sticky');
    wx.setStorageSync('care-mode', 'on');
    const care = await openSimulate();
    expect(getComputedStyle(el(care, 'summary')).position).toBe('static');
    expect(lengthPx(el(care, 'save-draft', '.t-button'), 'height')).toBe(144);
  });
});

describe('长辈版 switch on 我的', () => {
  const rowText = (p: Rendered) => el(p, 'elder-row', '.t-cell').textContent ?? '';
  const open = () => renderPage('settings', inProcessTransport(store, 'applicant-a', OCT_8_2021));

  it('enlarges cell titles, descriptions, tags and icons on the spot and remembers the choice', async () => {
    const p = open();
    await settle(2);
    const sizes = () => ({
      title: fontPx(el(p, 'elder-row', '.t-cell__title-text')),
      description: fontPx(el(p, 'elder-row', '.t-cell__description')),
      tag: fontPx(el(p, 'preview-tag', '.t-tag')),
      icon: fontPx(el(p, 'preview', '.t-icon')),
      arrow: fontPx(el(p, 'guide-link', '.t-cell').querySelector('[class*="__right-icon"]') as Element),
    });
    expect(sizes()).toEqual({ title: 32, description: 28, tag: 28, icon: 40, arrow: 48 });
    expect(rowText(p)).toContain('开启后文字和按钮放大');

    await toggleSwitch(p, 'elder-switch');
    expect(wx.getStorageSync('care-mode')).toBe('on');
    expect(sizes()).toEqual({ title: 48, description: 42, tag: 42, icon: 60, arrow: 72 });
    expect(rowText(p)).toContain('已开启');

    // A page opened afterwards is large as well.
    const again = open();
    await settle(2);
    expect(fontPx(el(again, 'elder-row', '.t-cell__title-text'))).toBe(48);

    // The whole row switches back, not only the switch.
    el(again, 'elder-row', '.t-cell');
    again.comp.querySelector('#elder-row')?.querySelector('.t-cell')?.dispatchEvent('tap');
    await settle(2);
    expect(wx.getStorageSync('care-mode')).toBe('off');
    expect(fontPx(el(again, 'elder-row', '.t-cell__title-text'))).toBe(32);
  });
});

describe('关怀模式 on the home page (where every journey starts)', () => {
  async function roundIcon(): Promise<number> {
    const p = renderPage('home', inProcessTransport(store, 'applicant-a', OCT_8_2021));
    await waitFor(() => p.comp.data.round.state === 'ready', 'round loaded');
    return fontPx(el(p, 'round-phase', '.t-icon'));
  }

  it('scales its icons with 长辈版 as its text: 40 → 60', async () => {
    expect(await roundIcon()).toBe(40);
    wx.setStorageSync('care-mode', 'on');
    expect(await roundIcon()).toBe(60);
  });
});
