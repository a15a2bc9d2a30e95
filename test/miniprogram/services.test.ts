/** The typed client, its transports, and the small client modules the pages rely on. */
// First: miniprogram-simulate defines the globals the client modules use at import (wx, Behavior).
import { MINIPROGRAM, requireNow } from './harness';
import path from 'path';
import { ERROR_MESSAGES } from '../../shared';
import { ApiError, AttemptIds, call, newRequestId, setTransport, unwrapEnvelope } from '../../miniprogram/services/api';
import { cloudTransport } from '../../miniprogram/services/transports/cloud';
import { httpTransport } from '../../miniprogram/services/transports/http';
import { DEFAULT_DEV_OPENID, getDevOpenid, setDevOpenid } from '../../miniprogram/services/dev-identity';
import { careStyle, readFontScale } from '../../miniprogram/behaviors/care';
import { diffPatch } from '../../miniprogram/utils/patch';
import { coerce, emptyProfile, setField } from '../../miniprogram/forms/form-model';
import { parseProfile } from '../../shared';

type Wx = Record<string, unknown>;
const wxAny = wx as unknown as Wx;

afterEach(() => setTransport(null));

describe('call() and the envelope', () => {
  it('resolves with the data of an ok envelope and sends action, payload and requestId', async () => {
    const sent: unknown[] = [];
    setTransport(async (fn, body) => {
      sent.push([fn, body]);
      return { ok: true, data: { drafts: [] } };
    });
    await expect(call('applicant', 'draft.list', {})).resolves.toEqual({ drafts: [] });
    await call('applicant', 'draft.remove', { draftId: 'd1' }, { requestId: 'req-12345678' });
    expect(sent).toEqual([
      ['applicant', { action: 'draft.list', payload: {} }],
      ['applicant', { action: 'draft.remove', payload: { draftId: 'd1' }, requestId: 'req-12345678' }],
    ]);
  });

  it('requires a request id for a mutation and takes none for a query, by their types (checked by tsc)', async () => {
    const sent: unknown[] = [];
    setTransport(async (_fn, body) => {
      sent.push(body);
      return { ok: true, data: { removed: true } };
    });
    // @ts-expect-error a mutation without its request id does not compile
    await call('applicant', 'draft.remove', { draftId: 'd1' });
    // @ts-expect-error a query takes no request id
    await call('applicant', 'draft.list', {}, { requestId: 'req-12345678' });
    // A bulk run (publishing) is not a transactional mutation: no request id.
    await call('admin', 'scheduler.run', {});
    expect(sent).toEqual([
      { action: 'draft.remove', payload: { draftId: 'd1' } },
      { action: 'draft.list', payload: {}, requestId: 'req-12345678' }, // (only the type forbids it)
      { action: 'scheduler.run', payload: {} },
    ]);
  });

  it('throws an ApiError with the envelope’s code, Chinese message and field problems', async () => {
    const fields = [{ path: 'title', field: '草稿名称', message: '请填写草稿名称' }];
    setTransport(async () => ({ ok: false, code: 'INVALID_INPUT', message: '填写的信息有误，请按提示修改', fields }));
    const e = await call('applicant', 'draft.save', { title: '', profile: {} }, { requestId: 'req-12345678' }).catch(
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ code: 'INVALID_INPUT', message: '填写的信息有误，请按提示修改', fields });
  });

  it('uses the default Chinese message when an error envelope has none, and keeps a newer server’s message', () => {
    expect(() => unwrapEnvelope({ ok: false, code: 'NOT_FOUND', message: '' })).toThrow(ERROR_MESSAGES.NOT_FOUND);
    const e = (() => {
      try {
        unwrapEnvelope({ ok: false, code: 'SOMETHING_NEW', message: '新的错误说明' });
      } catch (x) {
        return x as ApiError;
      }
      throw new Error('no throw');
    })();
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toBe('新的错误说明');
  });

  it('refuses answers that are not envelopes', () => {
    for (const bad of [undefined, null, 'ok', [], { ok: true }, { ok: false }, { data: 1 }]) {
      expect(() => unwrapEnvelope(bad)).toThrow('服务返回的数据无法识别，请稍后再试');
    }
  });

  it('turns a transport failure into a Chinese network error', async () => {
    setTransport(async () => {
      throw new Error('ECONNRESET');
    });
    await expect(call('applicant', 'round.current', {})).rejects.toMatchObject({
      code: 'NETWORK',
      message: '暂时无法连接服务，请检查网络后重试',
    });
  });
});

describe('transports', () => {
  it('cloud: calls wx.cloud.callFunction with the function name and the body, and returns result', async () => {
    const callFunction = jest.fn(async () => ({
      result: { ok: true, data: { n: 1 } },
      errMsg: 'cloud.callFunction:ok',
    }));
    wxAny.cloud = { callFunction };
    const res = await cloudTransport()('applicant', { action: 'draft.list', payload: {} });
    expect(callFunction).toHaveBeenCalledWith({ name: 'applicant', data: { action: 'draft.list', payload: {} } });
    expect(res).toEqual({ ok: true, data: { n: 1 } });
    delete wxAny.cloud;
  });

  it('http: POSTs to /fn/<name> on the local cloud with the dev identity header, error envelopes included', async () => {
    const request = jest.spyOn(wx, 'request').mockImplementation(((opts: WechatMiniprogram.RequestOption) => {
      opts.success?.({
        statusCode: 404,
        data: { ok: false, code: 'NOT_FOUND', message: '没有' },
        header: {},
        cookies: [],
        errMsg: 'request:ok',
      } as never);
      return {} as WechatMiniprogram.RequestTask;
    }) as typeof wx.request);
    const res = await httpTransport('http://127.0.0.1:8787', () => 'applicant-b')('applicant', {
      action: 'draft.get',
      payload: { draftId: 'x' },
    });
    expect(res).toEqual({ ok: false, code: 'NOT_FOUND', message: '没有' });
    const opts = request.mock.calls[0][0] as WechatMiniprogram.RequestOption;
    expect(opts).toMatchObject({
      url: 'http://127.0.0.1:8787/fn/applicant',
      method: 'POST',
      data: { action: 'draft.get', payload: { draftId: 'x' } },
      header: { 'content-type': 'application/json', 'x-wx-openid': 'applicant-b' },
    });
    request.mockRestore();
  });

  it('http: says the local cloud is not running when the request fails', async () => {
    const request = jest.spyOn(wx, 'request').mockImplementation(((opts: WechatMiniprogram.RequestOption) => {
      opts.fail?.({ errMsg: 'request:fail', errno: 600001 } as never);
      return {} as WechatMiniprogram.RequestTask;
    }) as typeof wx.request);
    await expect(
      httpTransport('http://127.0.0.1:8787')('applicant', { action: 'round.current' }),
    ).rejects.toMatchObject({
      code: 'NETWORK',
      message: '无法连接本地云（http://127.0.0.1:8787），请先运行 npm start',
    });
    request.mockRestore();
  });

  it('dev identity: defaults, switches, and refuses ids the header could not carry', () => {
    wx.removeStorageSync('dev-openid');
    expect(getDevOpenid()).toBe(DEFAULT_DEV_OPENID);
    expect(setDevOpenid('applicant-c')).toBe(true);
    expect(getDevOpenid()).toBe('applicant-c');
    expect(setDevOpenid('有空格 的')).toBe(false);
    expect(getDevOpenid()).toBe('applicant-c');
    wx.removeStorageSync('dev-openid');
  });
});

describe('request ids', () => {
  it('are 24 characters a request id may hold, and differ', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newRequestId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it('are reused while the same content is retried, renewed after success or for other content', () => {
    const a = new AttemptIds();
    const first = a.idFor('x');
    expect(a.idFor('x')).toBe(first);
    const other = a.idFor('y');
    expect(other).not.toBe(first);
    a.done();
    expect(a.idFor('y')).not.toBe(other);
  });
});

describe('config and app', () => {
  const g = global as unknown as Record<string, unknown>;
  afterEach(() => {
    delete g.__API_MODE__;
    delete g.__LOCAL_CLOUD_URL__;
    delete g.App;
  });

  function launch(): { apiMode: string; init: jest.Mock } {
    let options: { globalData: { apiMode: string }; onLaunch: () => void } | undefined;
    g.App = (o: typeof options) => {
      options = o;
    };
    const init = jest.fn();
    wxAny.cloud = { init };
    jest.isolateModules(() => {
      requireNow<unknown>(path.join(MINIPROGRAM, 'app'));
    });
    options!.onLaunch();
    delete wxAny.cloud;
    return { apiMode: options!.globalData.apiMode, init };
  }

  it('initialises wx.cloud in cloud mode (the default build)', () => {
    const r = launch();
    expect(r.apiMode).toBe('cloud');
    expect(r.init).toHaveBeenCalledTimes(1);
  });

  it('leaves wx.cloud alone in local mode, and takes the local cloud URL from the build', () => {
    g.__API_MODE__ = 'local';
    g.__LOCAL_CLOUD_URL__ = 'http://127.0.0.1:9999/';
    const r = launch();
    expect(r.apiMode).toBe('local');
    expect(r.init).not.toHaveBeenCalled();
    jest.isolateModules(() => {
      const cfg = requireNow<typeof import('../../miniprogram/config')>(path.join(MINIPROGRAM, 'config'));
      expect(cfg.LOCAL_CLOUD_URL).toBe('http://127.0.0.1:9999');
    });
  });
});

describe('关怀模式', () => {
  it('falls back to scale 1 when the base library has no font setting', () => {
    const spy = jest.spyOn(wx, 'getAppBaseInfo').mockImplementation(() => {
      throw new Error('not supported');
    });
    expect(readFontScale()).toBe(1);
    spy.mockRestore();
  });

  it('scales the root and TDesign sizes together', () => {
    expect(careStyle(1)).toContain('font-size:32rpx');
    expect(careStyle(1.5)).toContain('font-size:48rpx');
    expect(careStyle(1.5)).toContain('--td-font-size-title-large:54rpx');
  });
});

describe('diffPatch (minimal setData)', () => {
  it('sends only changed leaves, as setData paths', () => {
    const prev = { a: 1, s: { total: '25', lines: [{ p: '1' }, { p: '2' }] }, list: [1, 2] };
    const next = { a: 1, s: { total: '75', lines: [{ p: '1' }, { p: '3' }] }, list: [1, 2, 3] };
    expect(diffPatch(prev, next)).toEqual({ 's.total': '75', 's.lines[1].p': '3', list: [1, 2, 3] });
    expect(diffPatch(prev, prev)).toEqual({});
  });

  it('nulls keys that vanished, and sends everything the first time', () => {
    expect(diffPatch({ o: { x: 1, y: 2 } }, { o: { x: 1 } })).toEqual({ 'o.y': null });
    expect(diffPatch(null, { a: 1 })).toEqual({ a: 1 });
  });
});

describe('form model', () => {
  it('keeps a number as typed until it is one, so the schema can say what is wrong', () => {
    const hours = { key: 'hours', label: '服务时长', kind: 'number' } as const;
    expect(coerce(hours, '36.')).toBe('36.');
    expect(coerce(hours, '36.5')).toBe(36.5);
    expect(coerce(hours, '')).toBeUndefined();
    const p = emptyProfile();
    setField(p, 'person', 0, 'birthDate', '1990-01-01');
    (p.volunteer as unknown[]).push({ date: '2019-01-01' });
    setField(p, 'volunteer', 0, 'hours', '36.');
    const r = parseProfile(p);
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.errors).toEqual([
        expect.objectContaining({ path: 'volunteer.0.hours', message: '服务时长应为数字（小时）' }),
      ]);
  });

  it('stores no marrow donation as null, and yes/no/unknown answers as true/false/absent', () => {
    const p = emptyProfile();
    setField(p, 'marrowDonation', 0, 'donatedOn', '2018-04-02');
    expect(p.marrowDonation).toEqual({ donatedOn: '2018-04-02' });
    setField(p, 'marrowDonation', 0, 'donatedOn', '');
    expect(p.marrowDonation).toBeNull();
    (p.homes as unknown[]).push({ owner: 'self' });
    setField(p, 'homes', 0, 'secondHand', 'yes');
    setField(p, 'homes', 0, 'largestShare', 'no');
    expect(p.homes).toEqual([{ owner: 'self', secondHand: true, largestShare: false }]);
    setField(p, 'homes', 0, 'secondHand', 'unset');
    expect(p.homes).toEqual([{ owner: 'self', largestShare: false }]);
  });

  it('an empty profile parses to exactly one problem: the missing birth date or ID number', () => {
    const r = parseProfile(emptyProfile());
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.message)).toEqual(['请填写出生日期或身份证号码']);
  });
});
