import { fail } from '../../shared';
import {
  fixedClock,
  inProcessTransport,
  inner,
  maxSetDataBytes,
  memoryStore,
  recordSetDataMax,
  renderPage,
  setAppApiMode,
  settle,
  tapButton,
  textOf,
  waitFor,
} from './harness';

const OCT_8_2021 = fixedClock('2021-10-08T10:00:00+08:00');
let largest = { bytes: 0, page: 'home' };

afterAll(() => recordSetDataMax(__filename, largest.page, largest.bytes));

function measure(id: string): void {
  largest = { bytes: Math.max(largest.bytes, maxSetDataBytes(id)), page: 'home' };
}

describe('home page (积分管理)', () => {
  it('shows the 积分测算 entry and the current round from the cloud', async () => {
    const store = memoryStore();
    const page = renderPage('home', inProcessTransport(store, 'applicant-a', OCT_8_2021));
    expect(page.comp.querySelector('#round-loading')).toBeTruthy();
    await waitFor(() => page.comp.data.round.state !== 'loading', 'round loaded');
    expect(page.comp.data.round.state).toBe('ready');
    expect(textOf(page, 'round-name')).toContain('2021');
    expect(textOf(page, 'round-phase')).toContain('积分申请受理中');
    expect(textOf(page, 'entries')).toContain('积分测算');
    measure(page.id);
    store.close();
  });

  it('opens 积分测算 when its entry is tapped', async () => {
    const store = memoryStore();
    const page = renderPage('home', inProcessTransport(store, 'applicant-a', OCT_8_2021));
    const spy = jest.spyOn(wx, 'navigateTo');
    inner(page, 'entry-simulate', '.t-cell').dispatchEvent('tap');
    await settle(2);
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ url: '/points/pages/simulate/simulate' }));
    spy.mockRestore();
    store.close();
  });

  it('shows the Chinese message of an error envelope and retries', async () => {
    let calls = 0;
    // Only round.current counts: the page also asks whoami (for 阅卷工作台), which fails the same way.
    const page = renderPage('home', async (_fn, body) => {
      if (body.action === 'round.current') calls++;
      return fail('INTERNAL');
    });
    await waitFor(() => page.comp.data.round.state === 'error', 'error state');
    expect(textOf(page, 'round-error')).toContain('系统繁忙，请稍后再试');
    // A failed whoami only leaves 阅卷工作台 out.
    expect(textOf(page, 'entries')).not.toContain('阅卷工作台');
    expect(textOf(page, 'entries')).toContain('积分申请');
    // Anyone a voucher is shown to can check it from the home page.
    expect(textOf(page, 'entries')).toContain('凭证核验');
    await tapButton(page, 'retry');
    await waitFor(() => calls === 2, 'second call');
    measure(page.id);
  });

  it('names the dev identity when talking to the local cloud', async () => {
    setAppApiMode('local');
    wx.setStorageSync('dev-openid', 'applicant-b');
    const page = renderPage('home', async () => fail('NO_OPEN_ROUND'));
    expect(textOf(page, 'dev-banner')).toContain('applicant-b');
    await waitFor(() => page.comp.data.round.state === 'error', 'error state');
    expect(textOf(page, 'round-error')).toContain('当前没有开放的积分年度');
    setAppApiMode('cloud');
  });
});
