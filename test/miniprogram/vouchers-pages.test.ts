/**
 * 积分有效凭证 in the mini program: the case page's 打印积分凭证 button (only when the case view's actions carry it)
 * issues, downloads and opens the PDF with its menu; the verify page checks a voucher opened from its QR path, typed,
 * or scanned, with no login.
 */
import { PRIVACY_NOTICE_VERSION } from '../../shared';
import { codeHash } from '../../cloudfunctions/documents/vouchers';
import { resultKeyOf } from '../../cloudfunctions/_core/documents';
import { sampleDocument } from '../store/documents-sample';
import type { ApplicationRecord } from '../../cloudfunctions/_core/store';
import { seedDecided } from '../cloudfunctions/reviewer-fixtures';
import { moveCase } from '../documents/voucher-fixtures';
import { has, tapButton, textOf, typeInto, waitFor } from './harness';
import { loaded, worldPerTest, type World } from './world';

jest.setTimeout(30_000);
// jsdom would load pdfkit's browser build: here the page is under test, so the PDF is a few bytes naming the number
// (the real rendering, pixels included, is tested in test/documents under Node).
jest.mock('../../cloudfunctions/documents/render/voucher', () => ({
  renderVoucher: async (d: { number: string }) => Buffer.from(`%PDF-1.4 ${d.number}`),
}));
jest.mock('../../cloudfunctions/documents/render/layout', () => ({ DocumentRenderError: class extends Error {} }));
jest.mock('../../cloudfunctions/documents/font', () => ({
  loadFont: () => ({ bytes: Buffer.alloc(0), hasGlyph: () => true }),
}));

type WxAny = Record<string, unknown>;
const wxAny = wx as unknown as WxAny;

let w: World;
worldPerTest(
  __filename,
  '2021-11-22T10:00:00+08:00',
  (x) => (w = x),
  () => {
    delete wxAny.downloadFile;
    delete wxAny.openDocument;
    delete wxAny.scanCode;
  },
);

/** 张伟's case, moved to `to`, with his identity bound to `zhang` and the privacy notice accepted. */
async function caseOf(to: 'published' | 'confirmed'): Promise<ApplicationRecord> {
  const decided = await seedDecided(w.store, { id: 'app_mp', seq: 7, createdBy: 'zhang' });
  const app = await moveCase(w.store, decided, to);
  await w.store.putIdentity({
    openid: 'zhang',
    personKey: app.personKey,
    name: app.identity.name,
    idNumber: app.identity.idNumber,
    mobile: app.identity.mobile,
    boundAt: '2021-09-01T00:00:00.000Z',
    updatedAt: '2021-09-01T00:00:00.000Z',
  });
  await w.store.putPrivacyAcceptance({
    openid: 'zhang',
    version: PRIVACY_NOTICE_VERSION,
    acceptedAt: '2021-09-01T00:00:00.000Z',
  });
  return app;
}

/** Stubs WeChat's download and document viewer; returns what they were called with. */
function stubDocuments(): { downloads: string[]; opened: Record<string, unknown>[] } {
  const seen = { downloads: [] as string[], opened: [] as Record<string, unknown>[] };
  wxAny.downloadFile = jest.fn((o: { url: string; success: (r: unknown) => void }) => {
    seen.downloads.push(o.url);
    o.success({ statusCode: 200, tempFilePath: 'wxfile://tmp/voucher.pdf' });
  });
  wxAny.openDocument = jest.fn((o: Record<string, unknown> & { success: () => void }) => {
    seen.opened.push(o);
    o.success();
  });
  return seen;
}

describe('打印积分凭证 on the case page', () => {
  it('shows the button on a confirmed case and opens the issued PDF with the menu to save, forward or print', async () => {
    await caseOf('confirmed');
    const seen = stubDocuments();
    const p = w.open('case', 'zhang', { applicationId: 'app_mp' });
    await loaded(p);
    expect(has(p, 'print-voucher')).toBe(true);
    await tapButton(p, 'print-voucher');
    await waitFor(() => p.comp.data.voucher.state === 'done', 'voucher opened', 400);
    expect(textOf(p, 'voucher-message')).toBe('凭证编号 PZ2021-000007-01');
    expect(seen.downloads).toHaveLength(1);
    expect(seen.downloads[0]).toMatch(/\/files\/documents\/app_mp\/PZ2021-000007-01-[0-9a-f]{16}\.pdf\?exp=/);
    expect(seen.opened).toEqual([
      expect.objectContaining({ filePath: 'wxfile://tmp/voucher.pdf', fileType: 'pdf', showMenu: true }),
    ]);
  });

  it('shows no button while the dispute window is open (the case view’s actions do not carry it)', async () => {
    await caseOf('published');
    const p = w.open('case', 'zhang', { applicationId: 'app_mp' });
    await loaded(p);
    expect(p.comp.data.load.state).toBe('ready');
    expect(has(p, 'print-voucher')).toBe(false);
  });

  it('says why when the download fails, and changes nothing on screen but the message', async () => {
    await caseOf('confirmed');
    wxAny.downloadFile = jest.fn((o: { fail: (r: unknown) => void }) => o.fail({ errMsg: 'downloadFile:fail' }));
    const p = w.open('case', 'zhang', { applicationId: 'app_mp' });
    await loaded(p);
    await tapButton(p, 'print-voucher');
    await waitFor(() => p.comp.data.voucher.state === 'error', 'refused', 400);
    expect(textOf(p, 'voucher-message')).toBe('凭证下载失败，请检查网络后重试');
    expect(has(p, 'print-voucher')).toBe(true);
  });
});

describe('凭证核验 page', () => {
  const CODE = '7K2MQ9XD4HBT0WZR';
  /** A voucher of 张伟's confirmed case as issuing stores it: the code only as its salted hash. */
  async function issuedVoucher(): Promise<{ no: string; code: string }> {
    const app = await caseOf('confirmed');
    const salt = '5a'.repeat(16);
    const doc = sampleDocument(app.id, 1, '2021-11-22T02:00:00.000Z', {
      number: 'PZ2021-000007-01',
      personKey: app.personKey,
      total: app.result?.total as string,
      resultKey: resultKeyOf(app) as string,
      codeSalt: salt,
      codeHash: codeHash(salt, CODE),
    });
    await w.store.putDocument(doc);
    return { no: doc.number, code: CODE };
  }

  it('opened from the QR path checks at once and shows valid with the masked name, round and total', async () => {
    const v = await issuedVoucher();
    const p = w.open('verify', '', { no: v.no, code: v.code });
    await waitFor(() => p.comp.data.state === 'done', 'verified', 400);
    expect(textOf(p, 'verdict')).toBe('真实有效');
    expect(textOf(p, 'row-1')).toBe('姓名张*');
    expect(textOf(p, 'row-2')).toBe('积分年度2021年度');
    expect(textOf(p, 'row-5')).toBe('出具日期2021年11月22日');
    // A voucher has no last valid day: only a 准入通知书 shows one.
    expect(has(p, 'valid-until')).toBe(false);
  });

  it('typed with a wrong code answers as an unknown voucher, with no details', async () => {
    const v = await issuedVoucher();
    const p = w.open('verify', '');
    await typeInto(p, 'no', v.no);
    await typeInto(p, 'code', 'AAAA-BBBB-CCCC-DDDD');
    await tapButton(p, 'check');
    await waitFor(() => p.comp.data.state === 'done', 'verified', 400);
    expect(textOf(p, 'verdict')).toBe('查无此凭证：凭证编号或核验码不正确');
    expect(has(p, 'row-0')).toBe(false);
  });

  it('scans the printed QR code and checks it', async () => {
    const v = await issuedVoucher();
    wxAny.scanCode = jest.fn((o: { success: (r: unknown) => void }) =>
      o.success({ result: `pages/verify/verify?no=${v.no}&code=${v.code}`, scanType: 'QR_CODE' }),
    );
    const p = w.open('verify', '');
    await tapButton(p, 'scan');
    await waitFor(() => p.comp.data.state === 'done', 'verified', 400);
    expect(textOf(p, 'verdict')).toBe('真实有效');
    expect(textOf(p, 'row-0')).toBe(`凭证编号${v.no}`);
  });

  it('asks for both fields before checking', async () => {
    const p = w.open('verify', '');
    await tapButton(p, 'check');
    expect(textOf(p, 'error')).toBe('请填写凭证编号和核验码（都印在凭证下方）');
  });
});
