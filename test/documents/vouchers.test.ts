/**
 * 积分有效凭证 through the documents function, on both store adapters: issuing (who, when, the same voucher twice, a
 * changed result superseding the old one), public verification (valid / superseded / revoked / unknown, a wrong code
 * answering like an unknown number, the rate limit) and the holder's list of checks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PUBLIC_CALLS_PER_MINUTE } from '../../cloudfunctions/_core/rate-limit';
import { retireVouchers } from '../../cloudfunctions/_core/documents';
import { createSystemAdmin } from '../../cloudfunctions/admin/handlers';
import type { ApplicationRecord, Store } from '../../cloudfunctions/_core/store';
import { parseVerifyPath } from '../../shared/documents';
import { beijingMorning } from '../cloudfunctions/reviewer-fixtures';
import { STORES, data, type StoreHarness } from '../cloudfunctions/harness';
import { AGENT, entrust, HOLDER, moveCase, rid, STRANGER, voucherWorld, type VoucherWorld } from './voucher-fixtures';
import { viewPdf } from './pdf-view';

// Rendering (the first voucher parses a 10 MB font) and poppler take seconds on a shared machine.
jest.setTimeout(30_000);

const ISSUE_DAY = beijingMorning('2021-11-22');
const issue = (w: VoucherWorld, openid: string, now = ISSUE_DAY) =>
  w.call({ action: 'voucher.issue', payload: { applicationId: w.app.id }, requestId: rid() }, openid, now);
/** Issues and adds the code printed on the PDF (the last one drawn). */
async function issued(w: VoucherWorld, openid = HOLDER, now = ISSUE_DAY) {
  const res = data(await issue(w, openid, now));
  return { ...res, code: w.codes[w.codes.length - 1] as string };
}
const verify = (w: VoucherWorld, no: string, code: string, ip = '10.0.0.1', now = ISSUE_DAY) =>
  w.call({ action: 'voucher.verify', payload: { no, code } }, null, now, ip);

/** Snapshot of everything but the audit log, and the stored PDFs. */
function snapshot(h: StoreHarness, w: VoucherWorld): string {
  return JSON.stringify([h.businessDump(), w.storedFiles()]);
}

describe.each(STORES)('vouchers on %s', (_name, open) => {
  let h: StoreHarness;
  let store: Store;
  beforeEach(() => {
    h = open();
    store = h.store;
  });
  afterEach(() => h.close());

  describe('issuing', () => {
    it('gives the holder of a confirmed case a PDF link and a number of the case and round; the code only on paper', async () => {
      const w = await voucherWorld(store);
      const res = data(await issue(w, HOLDER));
      expect(res.number).toBe('PZ2021-000123-01');
      expect(res.created).toBe(true);
      expect(res).not.toHaveProperty('code');
      const code = w.codes[0] as string;
      expect(res.url).toMatch(
        /^http:\/\/files\.test\/files\/documents\/app_v1\/PZ2021-000123-01-[0-9a-f]{16}\.pdf\?exp=/,
      );
      expect(new Date(res.expiresAt).getTime() - ISSUE_DAY.getTime()).toBeLessThanOrEqual(10 * 60 * 1000);
      const [file] = w.storedFiles();
      const pdf = fs.readFileSync(path.join(w.files.root, file as string));
      expect(pdf.length).toBeLessThanOrEqual(100 * 1024);
      const text = viewPdf(pdf).text.replace(/\s+/g, '');
      expect(text).toContain('PZ2021-000123-01');
      expect(text).toContain(w.app.identity.name.replace(/\s+/g, ''));
      expect(text).toContain(w.app.result?.total as string);
      expect(text).toContain(code.replace(/(.{4})(?=.)/g, '$1-'));
      // The code in clear is nowhere in the store (not even the request record kept for replay): only its salted hash.
      const dump = h.fullDump();
      expect(dump).toContain('PZ2021-000123-01');
      expect(dump).not.toContain(code);
    });

    it('issued twice gives the same number and the same file, without the code again', async () => {
      const w = await voucherWorld(store);
      const first = await issued(w);
      const again = data(await issue(w, HOLDER, beijingMorning('2021-11-23')));
      expect(again.number).toBe(first.number);
      expect(again.created).toBe(false);
      expect(again.url.split('?')[0]).toBe(first.url.split('?')[0]);
      expect(w.codes).toHaveLength(1);
      expect(w.storedFiles()).toHaveLength(1);
      expect(data(await verify(w, first.number, first.code)).verdict).toBe('valid');
    });

    it('lets an agent whose verified entrustment has the voucher scope issue it', async () => {
      const w = await voucherWorld(store);
      await entrust(store, w.app, ['apply', 'voucher']);
      expect(data(await issue(w, AGENT)).number).toBe('PZ2021-000123-01');
    });

    const refusals: [string, (s: Store) => Promise<VoucherWorld>, string, Date, string, string][] = [
      [
        'before confirmation (dispute window open)',
        (s) => voucherWorld(s, 'published'),
        HOLDER,
        ISSUE_DAY,
        'CONFLICT',
        '异议期尚未结束，积分确认后才能打印积分有效凭证',
      ],
      [
        'during a dispute',
        (s) => voucherWorld(s, 'disputed'),
        HOLDER,
        ISSUE_DAY,
        'CONFLICT',
        '异议正在处理中，复核结果公布、积分确认后才能打印积分有效凭证',
      ],
      [
        'after the points were voided',
        (s) => voucherWorld(s, 'voided'),
        HOLDER,
        ISSUE_DAY,
        'CONFLICT',
        '积分已作废，不能打印积分有效凭证',
      ],
      ['by a stranger', (s) => voucherWorld(s), STRANGER, ISSUE_DAY, 'NOT_FOUND', '没有找到这份申请，或您无权查看'],
    ];
    it.each(refusals)('is refused %s, with nothing stored', async (_what, make, who, now, code, message) => {
      const w = await make(store);
      const before = snapshot(h, w);
      const res = await issue(w, who, now);
      expect(res).toMatchObject({ ok: false, code, message });
      expect(snapshot(h, w)).toBe(before);
    });

    it('is refused before the 7th working day after the result, saying from when, with nothing stored', async () => {
      const w = await voucherWorld(store);
      const before = snapshot(h, w);
      const res = await issue(w, HOLDER, beijingMorning('2021-11-08'));
      expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '积分有效凭证自2021年11月15日起可以打印' });
      expect(snapshot(h, w)).toBe(before);
    });

    it('is refused for a name the font cannot draw, naming the character, with nothing stored', async () => {
      const w = await voucherWorld(store);
      const cur = (await store.getApplication(w.app.id)) as ApplicationRecord;
      await store.putApplication({ ...cur, identity: { ...cur.identity, name: '张\u{20000}' } });
      const before = snapshot(h, w);
      const res = await issue(w, HOLDER);
      expect(res).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        message: '姓名中的“\u{20000}”无法在凭证上显示，请到积分受理窗口办理',
      });
      expect(snapshot(h, w)).toBe(before);
    });

    it('is refused to an agent whose entrustment lacks the voucher scope, with nothing stored', async () => {
      const w = await voucherWorld(store);
      await entrust(store, w.app, ['apply', 'query']);
      const before = snapshot(h, w);
      const res = await issue(w, AGENT);
      expect(res).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '没有找到这份申请，或您无权查看' });
      expect(snapshot(h, w)).toBe(before);
    });
  });

  describe('a changed result', () => {
    it('a revision issues the next number and the old voucher verifies as superseded', async () => {
      const w = await voucherWorld(store);
      const first = await issued(w);
      // A re-review changes one indicator's points (what publishing a revised result writes).
      const cur = (await store.getApplication(w.app.id)) as ApplicationRecord;
      const result = structuredClone(cur.result) as NonNullable<ApplicationRecord['result']>;
      (result.sheet.lines[0] as { halves: number }).halves += 2;
      result.sheet.totalHalves += 2;
      await store.putApplication({ ...cur, result, updatedAt: '2021-12-01T02:00:00.000Z' });
      const second = await issued(w, HOLDER, beijingMorning('2021-12-02'));
      expect(second.number).toBe('PZ2021-000123-02');
      expect(second.superseded).toEqual(['PZ2021-000123-01']);
      expect((await store.getDocument(first.number))?.status).toBe('superseded');
      expect(data(await verify(w, first.number, first.code)).verdict).toBe('superseded');
      expect(data(await verify(w, second.number, second.code)).verdict).toBe('valid');
    });

    it('a fraud finding voids the points and the voucher verifies as revoked', async () => {
      const w = await voucherWorld(store);
      const first = await issued(w);
      const cur = (await store.getApplication(w.app.id)) as ApplicationRecord;
      await moveCase(store, cur, 'voided');
      expect(data(await verify(w, first.number, first.code)).verdict).toBe('revoked');
      // And once the voiding retires it through the DOCUMENT machine, it is stored as revoked.
      const docs = await store.listDocumentsByApplication(w.app.id);
      await store.transaction((tx) => retireVouchers(tx, docs, { event: 'revoke' }, '2021-12-01T03:00:00.000Z'));
      expect((await store.getDocument(first.number))?.status).toBe('revoked');
      expect(data(await verify(w, first.number, first.code)).verdict).toBe('revoked');
    });
    it('a fraud finding an administrator records voids the case and revokes its voucher, in one request', async () => {
      const w = await voucherWorld(store);
      const first = await issued(w);
      const admin = createSystemAdmin();
      const res = await admin(
        {
          action: 'fraud.add',
          requestId: 'fraud-finding-1',
          payload: { idNumber: w.app.identity.idNumber, date: '2021-11-22', note: '伪造学历材料' },
        },
        { openid: 'cli:admin' },
        { store, now: () => ISSUE_DAY },
      );
      expect(res).toMatchObject({ ok: true });
      expect((await store.getApplication(w.app.id))?.status).toBe('voided');
      expect((await store.getDocument(first.number))?.status).toBe('revoked');
      expect(data(await verify(w, first.number, first.code)).verdict).toBe('revoked');
      // The holder can no longer issue it again: the case is void.
      expect(await issue(w, HOLDER)).toMatchObject({ ok: false });
    });
  });

  describe('verification', () => {
    it('answers valid with the masked name, round, total and dates, and nothing else; no login needed', async () => {
      const w = await voucherWorld(store);
      const { number, code } = await issued(w);
      const res = data(
        await verify(
          w,
          number,
          code
            .replace(/(.{4})/g, '$1-')
            .slice(0, 19)
            .toLowerCase(),
        ),
      );
      expect(res).toEqual({
        verdict: 'valid',
        voucher: {
          number,
          name: `${[...w.app.identity.name][0]}${'*'.repeat([...w.app.identity.name].length - 1)}`,
          roundId: '2021',
          total: w.app.result?.total,
          confirmedOn: '2021-11-19',
          issuedOn: '2021-11-22',
        },
      });
      expect(JSON.stringify(res)).not.toContain(w.app.identity.idNumber.slice(6, 14));
    });

    it('answers a wrong code exactly as an unknown number', async () => {
      const w = await voucherWorld(store);
      const { number } = await issued(w);
      const wrong = await verify(w, number, 'AAAA-BBBB-CCCC-DDDD');
      const unknown = await verify(w, 'PZ2021-999999-01', 'AAAA-BBBB-CCCC-DDDD');
      const malformed = await verify(w, number, 'not a code');
      expect(wrong).toEqual({ ok: true, data: { verdict: 'unknown' } });
      expect(unknown).toEqual(wrong);
      expect(malformed).toEqual(wrong);
    });

    it('reads the number and code from the printed QR path', async () => {
      const w = await voucherWorld(store);
      const { number, code } = await issued(w);
      const target = parseVerifyPath(`/pages/verify/verify?no=${number}&code=${code}`);
      expect(data(await verify(w, target?.no as string, target?.code as string)).verdict).toBe('valid');
    });

    it('is rate-limited per client past the public limit, other clients unaffected', async () => {
      const w = await voucherWorld(store);
      const { number, code } = await issued(w);
      for (let i = 0; i < PUBLIC_CALLS_PER_MINUTE; i++)
        expect((await verify(w, number, 'WRONG', '10.0.0.9')).ok).toBe(true);
      expect(await verify(w, number, code, '10.0.0.9')).toMatchObject({ ok: false, code: 'RATE_LIMITED' });
      expect(data(await verify(w, number, code, '10.0.0.10')).verdict).toBe('valid');
    });

    it('every check is visible to the holder with its time and whether the code matched; never to a stranger', async () => {
      const w = await voucherWorld(store);
      const { number, code } = await issued(w);
      await verify(w, number, code, '10.0.0.1', new Date('2021-11-23T03:00:00.000Z'));
      await verify(w, number, 'AAAABBBBCCCCDDDD', '10.0.0.2', new Date('2021-11-23T04:00:00.000Z'));
      const checks = data(
        await w.call({ action: 'voucher.checks', payload: { applicationId: w.app.id } }, HOLDER, ISSUE_DAY),
      );
      expect(checks.vouchers).toEqual([
        {
          number,
          status: 'issued',
          statusLabel: '有效',
          issuedOn: '2021-11-22',
          checks: [
            { at: '2021-11-23T04:00:00.000Z', matched: false },
            { at: '2021-11-23T03:00:00.000Z', matched: true },
          ],
        },
      ]);
      expect(JSON.stringify(checks)).not.toContain('10.0.0');
      const before = snapshot(h, w);
      const refused = await w.call(
        { action: 'voucher.checks', payload: { applicationId: w.app.id } },
        STRANGER,
        ISSUE_DAY,
      );
      expect(refused).toMatchObject({ ok: false, code: 'NOT_FOUND', message: '没有找到这份申请，或您无权查看' });
      expect(snapshot(h, w)).toBe(before);
    });
  });
});
