/**
 * The production entry cloudfunctions/scheduler/index.ts with wx-server-sdk mocked: its timer trigger runs the
 * publishing as the system and sends the outbox with `cloud.openapi.subscribeMessage.send`; any call with a user
 * goes through the dispatcher (administrators only), and a timer-shaped event never grants system rights to a user.
 */
import { createCloudBaseStore } from '../../cloudfunctions/_core/store';
import { grant, seedCase, seedDecided } from './reviewer-fixtures';
import { callAs, mockedSdk, type Main, type SdkMock } from './wx-sdk-mock';

jest.mock('wx-server-sdk', () => jest.requireActual('./wx-sdk-mock').createSdkMock({ openapi: true }));

const TIMER = { Type: 'Timer', TriggerName: 'publishResults', Time: '2026-11-25T02:00:00Z', Message: '' };

describe('scheduler production entry', () => {
  let sdk: SdkMock;
  let main: Main;
  const as = (openid?: string) => callAs(sdk, openid);

  beforeAll(async () => {
    process.env.SUBSCRIBE_TEMPLATE_RESULT = 'tpl-result-1';
    sdk = mockedSdk();
    main = (await import('../../cloudfunctions/scheduler/index')).main;
    const store = createCloudBaseStore(sdk.database());
    await grant(store, 'wx-admin', 'admin');
    await seedDecided(store, { id: 'app_due', subscriptions: [{ openid: 'wx-applicant', kinds: ['result'] }] });
    await seedCase(store, { id: 'app_open', seq: 2 });
  });
  afterAll(() => {
    delete process.env.SUBSCRIBE_TEMPLATE_RESULT;
  });

  it('should refuse a timer-shaped event from a user (it has an OPENID) and a foreign trigger without one', async () => {
    as('wx-mallory');
    expect(await main(TIMER, {})).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await main({ action: 'publish', payload: {} }, {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    as(undefined);
    expect(await main({ ...TIMER, TriggerName: 'other' }, {})).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(await main({ action: 'publish', payload: {} }, {})).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
    expect(sdk.openapi.subscribeMessage.send).not.toHaveBeenCalled();
  });

  it('should publish due results on its timer trigger and send their subscribe messages', async () => {
    as(undefined);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const res = await main(TIMER, {});
    log.mockRestore();
    expect(res).toMatchObject({
      ok: true,
      data: { published: 1, notified: 1, overdue: 1, delivery: { sent: 1, failed: 0 } },
    });
    expect(sdk.openapi.subscribeMessage.send).toHaveBeenCalledWith(
      expect.objectContaining({
        touser: 'wx-applicant',
        templateId: 'tpl-result-1',
        data: expect.objectContaining({ character_string1: { value: expect.stringMatching(/^JF2021-/) } }),
      }),
    );
    const store = createCloudBaseStore(sdk.database());
    expect((await store.getApplication('app_due'))?.status).toBe('published');
    expect(await store.listUnsentOutbox(10)).toEqual([]);
  });

  it('should let an administrator call publish from the mini program', async () => {
    as('wx-admin');
    expect(await main({ action: 'publish', payload: {} }, {})).toMatchObject({
      ok: true,
      data: { published: 0, overdue: 1 },
    });
  });
});
