/**
 * The production entries of the reviewer and admin functions with wx-server-sdk mocked: the caller is
 * getWXContext().OPENID, never a field of the event.
 */
import type { Envelope } from '../../shared/contracts';
import { createCloudBaseStore, type CloudBaseDbLike } from '../../cloudfunctions/_core/store';
import { grant } from './reviewer-fixtures';

jest.mock('wx-server-sdk', () => {
  const { FakeCloudBaseDb } = jest.requireActual('../store/cloudbase-fake');
  const db = new FakeCloudBaseDb();
  return {
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
    init: jest.fn(),
    getWXContext: jest.fn(() => ({})),
    database: jest.fn(() => db),
  };
});

interface SdkMock {
  init: jest.Mock;
  getWXContext: jest.Mock;
  database: () => CloudBaseDbLike;
}
type Main = (event: unknown, context: unknown) => Promise<Envelope<any>>;

describe('reviewer and admin production entries', () => {
  let sdk: SdkMock;
  let reviewerMain: Main;
  let adminMain: Main;
  const as = (openid?: string) => sdk.getWXContext.mockReturnValue(openid ? { OPENID: openid, APPID: 'wx-app' } : {});

  beforeAll(async () => {
    sdk = jest.requireMock('wx-server-sdk');
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
    expect(await reviewerMain({ action: 'whoami' }, {})).toEqual({ ok: true, data: { roles: [{ role: 'reviewer', department: '市公安局' }] } });
    as(undefined);
    expect(await reviewerMain({ action: 'whoami' }, {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });

  it('should serve admin actions to the admin only, whatever the event claims', async () => {
    as('wx-police');
    expect(await adminMain({ action: 'role.list', payload: {}, openid: 'wx-admin', _openid: 'wx-admin' }, {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    as('wx-admin');
    const res = await adminMain({ action: 'role.list', payload: {} }, {});
    expect(res.ok && res.data.roles.map((r: { openid: string }) => r.openid).sort()).toEqual(['wx-admin', 'wx-police']);
  });
});
