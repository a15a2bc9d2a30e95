/**
 * Privacy the way WeChat documents it: a privacy request raised by WeChat (`onNeedPrivacyAuthorization`) is answered
 * by the notice's own button, so the person is asked once; 不同意 records nothing and says what still works; 我的身份
 * comes before the legal text once accepted.
 */
import { has, tapButton, textOf, waitFor } from './harness';
import { acceptPrivacy, loaded, tapAndWait, worldPerTest, ZHANG, type World } from './world';

jest.setTimeout(60_000);

const wxAny = wx as unknown as Record<string, unknown>;
let w: World;
worldPerTest(
  __filename,
  '2021-10-08T10:00:00+08:00',
  (x) => (w = x),
  () => {
    delete wxAny.onNeedPrivacyAuthorization;
    delete wxAny.requirePrivacyAuthorize;
  },
);

type Resolve = (r: { event: string; buttonId?: string }) => void;
/** Installs WeChat's listener API; returns a function that raises a request (as a privacy API call would). */
function wechatAsks(): { raise(): jest.Mock } {
  let listener: ((resolve: Resolve) => void) | null = null;
  wxAny.onNeedPrivacyAuthorization = (l: (resolve: Resolve) => void) => (listener = l);
  return {
    raise() {
      const resolve = jest.fn();
      if (listener) listener(resolve);
      return resolve;
    },
  };
}

describe('privacy consent', () => {
  it('answers WeChat’s pending request with the notice’s button: asked once, agreement recorded', async () => {
    const asks = wechatAsks();
    const popup = jest.fn((o: { success: () => void }) => o.success());
    wxAny.requirePrivacyAuthorize = popup;
    const p = w.open('privacy', 'zhang');
    await loaded(p);
    const resolve = asks.raise();
    await tapAndWait(p, 'accept-btn', () => p.comp.data.accepted === true, 'accepted');
    expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: 'accept-btn' });
    expect(popup).not.toHaveBeenCalled();
    expect(await w.call('zhang', 'applicant', 'privacy.status')).toMatchObject({ data: { accepted: true } });
  });

  it('不同意 declines WeChat’s request, records nothing and says what still works', async () => {
    const asks = wechatAsks();
    const p = w.open('privacy', 'zhang');
    await loaded(p);
    const resolve = asks.raise();
    await tapButton(p, 'decline-btn');
    expect(resolve).toHaveBeenCalledWith({ event: 'disagree' });
    expect(textOf(p, 'accept-error')).toContain('不会记录任何个人信息');
    expect(textOf(p, 'accept-error')).toContain('积分测算（不保存）和办事指南仍可使用');
    expect(await w.call('zhang', 'applicant', 'privacy.status')).toMatchObject({ data: { accepted: false } });
  });

  it('puts 我的身份 above the legal text once accepted', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = w.open('privacy', 'zhang');
    await loaded(p);
    await waitFor(() => has(p, 'identity-bound'), 'identity shown');
    const text = ((p.comp.dom as HTMLElement).textContent ?? '').replace(/\s+/g, '');
    expect(text.indexOf('我的身份')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('我的身份')).toBeLessThan(text.indexOf('处理依据'));
  });
});
