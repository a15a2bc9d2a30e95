/**
 * The settlement pages for a 60-year-old: with 长辈版 on, the text a person reads, types and taps renders 1.5× (real
 * TDesign components, measured, not the style string), and no page shows an internal code, a confidence mark or an
 * ISO date — dates in one format (2021年11月22日).
 */
import { person, profileWith, type SettleWorld } from '../cloudfunctions/settlement-fixtures';
import { idNumberFor } from '../cloudfunctions/reviewer-fixtures';
import { sampleEntry, sampleLine } from '../store/publicity-sample';
import { fontPx, targetPx } from './css';
import { byId, settle, tapButton, typeInto, waitFor, type Rendered } from './harness';
import { loaded, tapAndWait, worldPerTest, type World } from './world';

jest.setTimeout(90_000);

let w: World;
worldPerTest(
  __filename,
  '2021-11-22T10:00:00+08:00',
  (x) => (w = x),
  () => wx.removeStorageSync('care-mode'),
);

/** The DOM element of `selector` inside `#id` (TDesign virtual hosts: the inner element). */
function el(p: Rendered, id: string, selector?: string): Element {
  const host = p.comp.querySelector(`#${id}`);
  const node = selector ? host?.querySelector(selector) : host;
  if (!node || !node.dom) throw new Error(`#${id} ${selector ?? ''} is not rendered`);
  return node.dom;
}

async function wang(): Promise<string> {
  const p = await person({ store: w.store } as unknown as SettleWorld, 'wang', {
    profile: profileWith('100', idNumberFor('1991-03-15', 801)),
  });
  return p.app.id;
}

async function published(): Promise<void> {
  const at = '2021-11-22T02:00:00.000Z';
  const window = { from: '2021-11-22', to: '2021-11-26', workingDays: 5, noticesOn: '2021-11-29' };
  const decision = {
    mode: 'quota' as const,
    line: '140',
    quota: 1,
    tieRule: 'admitAllAtLine' as const,
    qualifying: '100',
    admitted: 1,
    notAdmitted: 0,
    atLine: 1,
    overQuota: 0,
    quotaFilled: true,
    tiedOut: 0,
  };
  await w.store.putSettlementLine(
    sampleLine('2021', at, {
      status: 'publicity',
      decision,
      publishedAt: at,
      publishedBy: 'admin-a',
      publicity: window,
    }),
  );
  await w.store.putPublicityEntry(sampleEntry('st_1', 1, at));
}

function pageText(p: Rendered): string {
  return ((p.comp.dom as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
}

const CODES: [string, RegExp][] = [
  ['an indicator or rule code', /(^|[^A-Za-z0-9])[GBPD]\d{1,2}[a-z]?(?![A-Za-z0-9])/],
  ['a confidence mark', /\[(C|C-old|I|U)\]/],
  ['a condition or action code', /\b(WINDOW|CONFIRMED|QUALIFYING|NO_[A-Z_]+|VOUCHER|ONE_PER_ROUND|[a-z]+\.[a-z]+)\b/],
  ['a lifecycle event', /\b(admitAllAtLine|excludeAllAtLine|setQuota|publish|uphold|dismiss)\b/],
  ['a date pattern', /YYYY|MM-DD/],
  ['an ISO date', /\d{4}-\d{2}-\d{2}/],
];

function expectPlain(what: string, text: string): void {
  const found = CODES.filter(([, re]) => re.test(text)).map(([name, re]) => `${name}: ${re.exec(text)?.[0]}`);
  expect({ what, found }).toEqual({ what, found: [] });
}

describe('关怀模式 on the settlement pages, measured', () => {
  it('renders the settle page’s conditions, input and button 1.5× with 长辈版 on', async () => {
    const id = await wang();
    const normal = w.open('settle', 'wang', { applicationId: id });
    await loaded(normal);
    const base = {
      condition: fontPx(el(normal, 'condition-0')),
      input: fontPx(el(normal, 'address', '.t-input__control')),
      button: fontPx(el(normal, 'save-btn', '.t-button')),
    };
    expect(base).toEqual({ condition: 32, input: 32, button: 32 });
    wx.setStorageSync('care-mode', 'on');
    const care = w.open('settle', 'wang', { applicationId: id });
    await loaded(care);
    expect({
      condition: fontPx(el(care, 'condition-0')),
      input: fontPx(el(care, 'address', '.t-input__control')),
      button: fontPx(el(care, 'save-btn', '.t-button')),
    }).toEqual({ condition: 48, input: 48, button: 48 });
    expect(targetPx(el(care, 'save-btn', '.t-button'))).toBeGreaterThanOrEqual(132);
    expect(targetPx(el(care, 'declare-noUrbanHukou'))).toBeGreaterThanOrEqual(88);
  });

  it('renders the public list and the admin workspace 1.5× with 长辈版 on', async () => {
    await published();
    await w.store.putRole({ openid: 'admin-a', role: 'admin', grantedBy: 't', grantedAt: '2021-11-01T00:00:00Z' });
    wx.setStorageSync('care-mode', 'on');
    const pub = w.open('publicity', null);
    await loaded(pub);
    expect(fontPx(el(pub, 'entry-0'))).toBe(48);
    expect(fontPx(el(pub, 'object-0', '.t-button'))).toBe(48);
    const ws = w.open('workspace', 'admin-a');
    await loaded(ws);
    expect(fontPx(el(ws, 'link-overdue', '.t-cell__title-text'))).toBe(48);
    expect(fontPx(el(ws, 'round-2021-line'))).toBe(48);
  });
});

describe('plain words on the settlement pages', () => {
  it('settle page at every stage, the public list, and the admin pages', async () => {
    const id = await wang();
    const p = w.open('settle', 'wang', { applicationId: id });
    await loaded(p);
    expectPlain('settle: conditions and form', pageText(p));
    expect(pageText(p)).toContain('2021年11月1日至2021年12月15日');
    byId(p, 'district-picker').dispatchEvent('change', { detail: { value: 2 } });
    await typeInto(p, 'address', '杭州市西湖区文三路 100 号 1 幢 201 室');
    byId(p, 'proof-0').dispatchEvent('tap');
    await waitFor(() => p.comp.data.form.needs.length > 0, 'checklist');
    byId(p, 'declare-noUrbanHukou').dispatchEvent('tap');
    byId(p, 'declare-fullCapacity').dispatchEvent('tap');
    await settle(2);
    expectPlain('settle: form filled', pageText(p));
    await tapAndWait(p, 'save-btn', () => p.comp.data.stage === 'materials', 'materials');
    expectPlain('settle: materials', pageText(p));
    await tapButton(p, 'to-confirm');
    await waitFor(() => p.comp.data.stage === 'confirm', 'confirm');
    expectPlain('settle: confirm', pageText(p));
    await published();
    const pub = w.open('publicity', null);
    await loaded(pub);
    expectPlain('publicity', pageText(pub));
    await w.store.putRole({ openid: 'admin-a', role: 'admin', grantedBy: 't', grantedAt: '2021-11-01T00:00:00Z' });
    for (const [page, query] of [
      ['workspace', {}],
      ['round', { year: '2021' }],
      ['overdue', {}],
      ['line', { roundId: '2021' }],
      ['objections', { roundId: '2021' }],
    ] as const) {
      const a = w.open(page, 'admin-a', query);
      await loaded(a);
      await settle(2);
      expectPlain(page, pageText(a));
    }
  });
});
