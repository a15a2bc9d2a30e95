/**
 * The wx-server-sdk stand-in of the production-entry tests (the real SDK's network calls crash Node 20 offline):
 * `cloud.database()` is one CloudBase test fake per test file, identity comes from `getWXContext()`. Use it from
 * the hoisted factory, which may only reach modules:
 *
 *   jest.mock('wx-server-sdk', () => jest.requireActual('./wx-sdk-mock').createSdkMock());
 */
import type { Envelope } from '../../shared/contracts';
import type { CloudBaseDbLike } from '../../cloudfunctions/_core/store';
import { FakeCloudBaseDb } from '../store/cloudbase-fake';

/** The mocked SDK as the tests see it (`jest.requireMock('wx-server-sdk')`). */
export interface SdkMock {
  DYNAMIC_CURRENT_ENV: symbol;
  init: jest.Mock;
  getWXContext: jest.Mock;
  database: jest.Mock<CloudBaseDbLike, []>;
  /** Only with `{ openapi: true }`. */
  openapi: { subscribeMessage: { send: jest.Mock } };
}

/** A production entry's `main`. */
export type Main = (event: unknown, context: unknown) => Promise<Envelope<unknown>>;

/** The module the factory returns; `openapi` adds `cloud.openapi.subscribeMessage.send` answering `errCode: 0`. */
export function createSdkMock(opts: { openapi?: boolean } = {}): Partial<SdkMock> {
  const db = new FakeCloudBaseDb();
  const sdk: Partial<SdkMock> = {
    DYNAMIC_CURRENT_ENV: Symbol('DYNAMIC_CURRENT_ENV'),
    init: jest.fn(),
    getWXContext: jest.fn(() => ({})),
    database: jest.fn((): CloudBaseDbLike => db),
  };
  if (opts.openapi) {
    sdk.openapi = {
      subscribeMessage: { send: jest.fn(async () => ({ errCode: 0, errMsg: 'openapi.subscribeMessage.send:ok' })) },
    };
  }
  return sdk;
}

/** The mocked SDK of this test file. */
export function mockedSdk(): SdkMock {
  return jest.requireMock('wx-server-sdk');
}

/** Makes `getWXContext()` answer as `openid` (no OPENID at all when undefined). */
export function callAs(sdk: SdkMock, openid: string | undefined): void {
  sdk.getWXContext.mockReturnValue(openid === undefined ? {} : { OPENID: openid, APPID: 'wx-app' });
}
