/**
 * The production entry cloudfunctions/applicant/index.ts with wx-server-sdk mocked (its real network calls crash
 * Node 20 offline): identity comes from getWXContext().OPENID, never from the event; the database is the SDK's,
 * here the CloudBase test fake standing in for it.
 */
import { PRIVACY_NOTICE_VERSION, type DraftListRes } from '../../shared/contracts';
import { callAs, mockedSdk, type Main, type SdkMock } from './wx-sdk-mock';

jest.mock('wx-server-sdk', () => jest.requireActual('./wx-sdk-mock').createSdkMock());

describe('applicant production entry', () => {
  let sdk: SdkMock;
  let main: Main;
  const as = (openid: string | undefined) => callAs(sdk, openid);

  beforeAll(async () => {
    sdk = mockedSdk();
    main = (await import('../../cloudfunctions/applicant/index')).main;
  });

  it('should call cloud.init once, with the dynamic current environment', async () => {
    as('wx-alice');
    await main({ action: 'round.current' }, {});
    await main({ action: 'round.current' }, {});
    expect(sdk.init).toHaveBeenCalledTimes(1);
    expect(sdk.init).toHaveBeenCalledWith({ env: sdk.DYNAMIC_CURRENT_ENV });
  });

  it("should act for getWXContext's OPENID and ignore openid and userInfo in the event", async () => {
    as('wx-alice');
    const consent = {
      action: 'privacy.accept',
      requestId: 'req-entry-000',
      payload: { version: PRIVACY_NOTICE_VERSION },
    };
    expect((await main(consent, {})).ok).toBe(true);
    const event = {
      action: 'draft.save',
      requestId: 'req-entry-001',
      payload: { title: '入口测试', profile: {} },
      openid: 'wx-mallory',
      _openid: 'wx-mallory',
      userInfo: { appId: 'wx-app', openId: 'wx-mallory' },
    };
    const saved = await main(event, { secret: 'context-secret' });
    expect(saved.ok).toBe(true);
    expect(JSON.stringify(saved)).not.toContain('context-secret');
    expect(JSON.stringify(saved)).not.toContain('wx-mallory');

    const mine = await main({ action: 'draft.list' }, {});
    expect(mine.ok && (mine.data as DraftListRes).drafts.map((d: { title: string }) => d.title)).toEqual(['入口测试']);

    as('wx-mallory');
    const theirs = await main({ action: 'draft.list', openid: 'wx-alice', userInfo: { openId: 'wx-alice' } }, {});
    expect(theirs).toEqual({ ok: true, data: { drafts: [] } });
  });

  it('should answer UNAUTHENTICATED when the platform gives no OPENID, whatever the event says', async () => {
    as(undefined);
    const res = await main({ action: 'draft.list', openid: 'wx-alice', userInfo: { openId: 'wx-alice' } }, {});
    expect(res).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('should answer INTERNAL, without the error text, when the platform context fails', async () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    sdk.getWXContext.mockImplementationOnce(() => {
      throw new Error('context-broken-secret');
    });
    const res = await main({ action: 'draft.list' }, {});
    expect(res).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(JSON.stringify(res)).not.toContain('context-broken-secret');
    expect(JSON.stringify(spy.mock.calls)).not.toContain('context-broken-secret');
    spy.mockRestore();
  });

  it('should open the database once and reuse it while the instance is warm', () => {
    expect(sdk.database).toHaveBeenCalledTimes(1);
  });
});
