/** The case services without pages: file checks, the CloudBase upload path, subscribe messages, privacy guards. */
// First: miniprogram-simulate defines the globals the client modules use at import (wx, Behavior).
import { MINIPROGRAM } from './harness';
import path from 'path';
import { fileProblem, localFileId, mimeOf, sizeText, uploadMaterial } from '../../miniprogram/services/materials';
import { setTransport, type FunctionRequestBody } from '../../miniprogram/services/api';
import { requireWechatPrivacy, wechatPrivacySetting } from '../../miniprogram/services/privacy';

type WxAny = Record<string, unknown>;
const wxAny = wx as unknown as WxAny;
const g = global as unknown as Record<string, unknown>;

afterEach(() => {
  setTransport(null);
  delete wxAny.cloud;
  delete g.__SUBSCRIBE_RESULT_TEMPLATE__;
  delete g.__SUBSCRIBE_CORRECTION_TEMPLATE__;
  jest.restoreAllMocks();
});

describe('materials on the phone', () => {
  it('accepts JPG, PNG and PDF by extension and refuses anything else or anything over 10 MB, in Chinese', () => {
    expect(mimeOf('a.JPG')).toBe('image/jpeg');
    expect(mimeOf('scan.jpeg')).toBe('image/jpeg');
    expect(mimeOf('x.png')).toBe('image/png');
    expect(mimeOf('letter.pdf')).toBe('application/pdf');
    expect(mimeOf('photo.heic')).toBeNull();
    expect(fileProblem({ path: 'p', name: 'photo.heic', size: 10, mime: null })).toBe(
      '“photo.heic”不是 JPG、PNG 照片或 PDF 文件，不能上传',
    );
    expect(fileProblem({ path: 'p', name: 'a.jpg', size: 0, mime: 'image/jpeg' })).toBe('“a.jpg”是空文件');
    expect(fileProblem({ path: 'p', name: 'a.jpg', size: 10 * 1024 * 1024, mime: 'image/jpeg' })).toBeNull();
    expect(fileProblem({ path: 'p', name: 'a.jpg', size: 10 * 1024 * 1024 + 1, mime: 'image/jpeg' })).toContain(
      '超过 10 MB',
    );
    expect(sizeText(1500)).toBe('2 KB');
    expect(sizeText(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });

  it('reads the storage path out of a local PUT URL', () => {
    expect(localFileId('http://127.0.0.1:8787/files/materials/app_1/tk_2.jpg?exp=1&sig=x')).toBe(
      'materials/app_1/tk_2.jpg',
    );
    expect(() => localFileId('http://127.0.0.1:8787/other')).toThrow('上传地址无法识别');
  });

  it('uploads with wx.cloud.uploadFile to the ticket’s cloud path and attaches the file id CloudBase gives', async () => {
    const sent: FunctionRequestBody[] = [];
    setTransport(async (_fn, body) => {
      sent.push(body);
      if (body.action === 'material.ticket')
        return {
          ok: true,
          data: {
            ticketId: 'tk_1',
            upload: { kind: 'cloud', cloudPath: 'materials/app_1/tk_1.pdf' },
            expiresAt: '2021-10-08T02:15:00.000Z',
          },
        };
      return {
        ok: true,
        data: {
          material: {
            materialId: 'm_1',
            key: 'B2:education.0',
            fileName: 'a.pdf',
            mime: 'application/pdf',
            size: 9,
            uploadedAt: 'x',
            reused: false,
          },
        },
      };
    });
    const uploadFile = jest.fn((o: { cloudPath: string; filePath: string; success: (r: { fileID: string }) => void }) =>
      o.success({ fileID: `cloud://env-1.bucket/${o.cloudPath}` }),
    );
    wxAny.cloud = { uploadFile };
    const m = await uploadMaterial(
      { applicationId: 'app_1', key: 'B2:education.0' },
      { path: 'wxfile://tmp/a.pdf', name: 'a.pdf', size: 9, mime: 'application/pdf' },
    );
    expect(m.materialId).toBe('m_1');
    expect(uploadFile).toHaveBeenCalledWith(
      expect.objectContaining({ cloudPath: 'materials/app_1/tk_1.pdf', filePath: 'wxfile://tmp/a.pdf' }),
    );
    expect(sent.map((b) => b.action)).toEqual(['material.ticket', 'material.attach']);
    expect(sent[0].payload).toEqual({
      target: { applicationId: 'app_1', key: 'B2:education.0' },
      fileName: 'a.pdf',
      mime: 'application/pdf',
      size: 9,
    });
    expect(sent[1].payload).toEqual({ ticketId: 'tk_1', fileId: 'cloud://env-1.bucket/materials/app_1/tk_1.pdf' });
    expect(sent.every((b) => typeof b.requestId === 'string' && b.requestId.length === 24)).toBe(true);
  });

  it('asks for no ticket when the file is refused on the phone', async () => {
    const transport = jest.fn();
    setTransport(transport);
    await expect(
      uploadMaterial({ entrustmentId: 'e_1' }, { path: 'p', name: 'a.gif', size: 10, mime: null }),
    ).rejects.toMatchObject({ code: 'INVALID_FILE' });
    expect(transport).not.toHaveBeenCalled();
  });
});

describe('subscribe messages', () => {
  /** A fresh copy of the subscribe module: config.ts reads the templates when it loads. */
  function freshSubscribe(): typeof import('../../miniprogram/services/subscribe') {
    jest.resetModules();
    return require(
      path.join(MINIPROGRAM, 'services/subscribe'),
    ) as typeof import('../../miniprogram/services/subscribe');
  }

  it('asks for nothing when no template is configured', async () => {
    const spy = jest.spyOn(wx, 'requestSubscribeMessage');
    await expect(freshSubscribe().askSubscriptions()).resolves.toEqual([]);
    expect(spy).not.toHaveBeenCalled();
  });

  it('returns the kinds the user accepted, and none when the request fails', async () => {
    g.__SUBSCRIBE_RESULT_TEMPLATE__ = 'T-RESULT';
    g.__SUBSCRIBE_CORRECTION_TEMPLATE__ = 'T-CORR';
    const sub = freshSubscribe();
    const spy = jest
      .spyOn(wx, 'requestSubscribeMessage')
      .mockImplementation(((o: { success: (r: unknown) => void }) =>
        o.success({
          'T-RESULT': 'reject',
          'T-CORR': 'accept',
          errMsg: 'ok',
        })) as unknown as typeof wx.requestSubscribeMessage);
    await expect(sub.askSubscriptions()).resolves.toEqual(['correction']);
    expect(spy).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['T-RESULT', 'T-CORR'] }));
    spy.mockImplementation(((o: { fail: (e: unknown) => void }) =>
      o.fail({ errMsg: 'requestSubscribeMessage:fail' })) as unknown as typeof wx.requestSubscribeMessage);
    await expect(sub.askSubscriptions()).resolves.toEqual([]);
  });
});

describe('WeChat privacy APIs, guarded', () => {
  it('treats a base library without them as nothing to ask', async () => {
    delete wxAny.getPrivacySetting;
    delete wxAny.requirePrivacyAuthorize;
    await expect(wechatPrivacySetting()).resolves.toBeNull();
    await expect(requireWechatPrivacy()).resolves.toBe(true);
  });

  it('reports the contract name and the user’s answer where they exist', async () => {
    wxAny.getPrivacySetting = (o: { success: (r: unknown) => void }) =>
      o.success({ needAuthorization: false, privacyContractName: '《指引》' });
    wxAny.requirePrivacyAuthorize = (o: { fail: () => void }) => o.fail();
    await expect(wechatPrivacySetting()).resolves.toEqual({ needAuthorization: false, contractName: '《指引》' });
    await expect(requireWechatPrivacy()).resolves.toBe(false);
    delete wxAny.getPrivacySetting;
    delete wxAny.requirePrivacyAuthorize;
  });
});
