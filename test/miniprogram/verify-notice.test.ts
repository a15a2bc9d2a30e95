/**
 * 准入通知书 on the public verify page, through the real documents handlers: a valid notice shows its last valid day
 * (有效期至 …) and how long it can be used; one past that day, and one already used to settle, say so in plain words;
 * the holder's ID number shows only masked, as printed.
 */
import { codeHash } from '../../cloudfunctions/documents/vouchers';
import type { DocumentRecord } from '../../cloudfunctions/_core/store';
import { sampleDocument } from '../store/documents-sample';
import { sampleSettlement } from '../store/settlement-sample';
import { has, textOf, waitFor } from './harness';
import { worldPerTest, type World } from './world';

jest.setTimeout(30_000);

let w: World;
worldPerTest(__filename, '2022-04-20T10:00:00+08:00', (x) => (w = x));

const CODE = '7K2MQ9XD4HBT0WZR';
const SALT = '12'.repeat(16);

/** A notice of 张伟's admitted settlement application as issuing stores it (the code as its salted hash). */
async function notice(over: Partial<DocumentRecord>): Promise<{ no: string; code: string }> {
  const at = '2022-03-02T02:00:00.000Z';
  await w.store.putSettlement(
    sampleSettlement('st1', at, {
      status: 'noticed',
      noticeNumber: 'ZR2021-000123-01',
      noticeValidUntil: '2022-05-01',
    }),
  );
  const doc = sampleDocument('st1', 1, at, {
    number: 'ZR2021-000123-01',
    kind: 'notice',
    policyVersion: '',
    resultKey: '',
    total: '104.5',
    issuedOn: '2022-03-02',
    validUntil: '2022-05-01',
    codeSalt: SALT,
    codeHash: codeHash(SALT, CODE),
    ...over,
  });
  await w.store.putDocument(doc);
  return { no: doc.number, code: CODE };
}

/** Opens the verify page from the notice's QR path and waits for the answer. */
async function verified(v: { no: string; code: string }) {
  const p = w.open('verify', '', { no: v.no, code: v.code });
  await waitFor(() => p.comp.data.state === 'done', 'verified', 400);
  return p;
}

describe('凭证核验 page: 准入通知书', () => {
  it('shows a valid notice with its last valid day, the masked ID number and until when it can be used', async () => {
    const p = await verified(await notice({}));
    expect(textOf(p, 'verdict')).toBe('真实有效');
    expect(textOf(p, 'valid-until')).toBe('有效期至 2022年5月1日');
    expect(textOf(p, 'note')).toBe('可在 2022年5月1日（含当日）前凭本通知书到户籍窗口办理落户');
    expect(textOf(p, 'row-0')).toBe('通知书编号ZR2021-000123-01');
    expect(textOf(p, 'row-1')).toBe('姓名张*');
    expect(textOf(p, 'row-2')).toBe('身份证号330106********0018');
    expect(textOf(p, 'row-5')).toBe('出具日期2022年3月2日');
    expect(JSON.stringify(p.comp.data)).not.toMatch(/\d{17}[\dX]/);
  });

  it('says a notice past its last valid day is expired, even before the scheduler has marked it', async () => {
    const p = await verified(await notice({ issuedOn: '2022-01-10', validUntil: '2022-03-10' }));
    expect(textOf(p, 'verdict')).toBe('已过有效期，本通知书无效');
    expect(textOf(p, 'valid-until')).toBe('有效期至 2022年3月10日');
    expect(textOf(p, 'note')).toBe('本通知书的有效期到 2022年3月10日 为止，已过期，不能再凭它办理落户');
  });

  it('says a notice marked expired by the scheduler is expired', async () => {
    const p = await verified(await notice({ status: 'expired', validUntil: '2022-03-10' }));
    expect(textOf(p, 'verdict')).toBe('已过有效期，本通知书无效');
  });

  it('says a notice used to settle cannot be used again', async () => {
    const p = await verified(await notice({ status: 'used' }));
    expect(textOf(p, 'verdict')).toBe('已使用（已办理落户），本通知书不再有效');
    expect(textOf(p, 'note')).toBe('本通知书已经用来办理了落户，不能再次使用');
    expect(textOf(p, 'valid-until')).toBe('有效期至 2022年5月1日');
  });

  it('shows nothing of a notice for a wrong code', async () => {
    const v = await notice({});
    const p = await verified({ no: v.no, code: 'AAAA-BBBB-CCCC-DDDD' });
    expect(textOf(p, 'verdict')).toBe('查无此凭证：凭证编号或核验码不正确');
    expect(has(p, 'valid-until')).toBe(false);
    expect(has(p, 'note')).toBe(false);
    expect(has(p, 'row-0')).toBe(false);
  });
});
