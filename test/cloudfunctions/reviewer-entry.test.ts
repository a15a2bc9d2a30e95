/**
 * The production entries of the reviewer and admin functions with wx-server-sdk mocked: the caller is
 * getWXContext().OPENID, never a field of the event.
 */
import { createCloudBaseStore } from '../../cloudfunctions/_core/store';
import { grant } from './reviewer-fixtures';
import type { AdminApi } from '../../shared/contracts';
import { callAs, mockedSdk, type Main, type SdkMock } from './wx-sdk-mock';

jest.mock('wx-server-sdk', () => jest.requireActual('./wx-sdk-mock').createSdkMock());

describe('reviewer and admin production entries', () => {
  let sdk: SdkMock;
  let reviewerMain: Main;
  let adminMain: Main;
  const as = (openid?: string) => callAs(sdk, openid);

  beforeAll(async () => {
    sdk = mockedSdk();
    reviewerMain = (await import('../../cloudfunctions/reviewer/index')).main;
    adminMain = (await import('../../cloudfunctions/admin/index')).main;
    const store = createCloudBaseStore(sdk.database());
    await grant(store, 'wx-police', 'reviewer', '市公安局');
    await grant(store, 'wx-admin', 'admin');
  });

  it("should answer whoami for getWXContext's OPENID and ignore openid and userInfo in the event", async () => {
    as('wx-stranger');
    const res = await reviewerMain({ action: 'whoami', openid: 'wx-police', userInfo: { openId: 'wx-police' } }, {});
    expect(res).toEqual({ ok: true, data: { roles: [] } });
    as('wx-police');
    expect(await reviewerMain({ action: 'whoami' }, {})).toEqual({
      ok: true,
      data: { roles: [{ role: 'reviewer', department: '市公安局' }] },
    });
    as(undefined);
    expect(await reviewerMain({ action: 'whoami' }, {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('should serve admin actions to the admin only, whatever the event claims', async () => {
    as('wx-police');
    expect(
      await adminMain({ action: 'role.list', payload: {}, openid: 'wx-admin', _openid: 'wx-admin' }, {}),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    as('wx-admin');
    const res = await adminMain({ action: 'role.list', payload: {} }, {});
    expect(
      res.ok && (res.data as AdminApi['role.list']['res']).roles.map((r: { openid: string }) => r.openid).sort(),
    ).toEqual(['wx-admin', 'wx-police']);
  });
});
