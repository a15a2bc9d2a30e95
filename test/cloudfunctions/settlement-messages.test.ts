/** @jest-environment node */
/**
 * 落户办理进度 subscribe messages through the real handlers, on SQLite and on the CloudBase adapter: whoever accepted
 * the message on the settlement submit tap is told once of each step — returned for correction (each return),
 * rejected, verified, the notice issued (its last valid day), the unused notice within 7 days of its last valid day
 * (the scheduler), settled — in the transaction of the change; no message carries a full ID number; the production
 * sender sends them with the settlement template.
 */
import { issueAdmissionNotice } from '../../cloudfunctions/_core/notices';
import { asRead, loadCalendar } from '../../cloudfunctions/_core/cases';
import { withoutIdNumbers } from '../../cloudfunctions/_core/settlement-messages';
import { createSubscribeSender, type SubscribeOpenApi } from '../../cloudfunctions/scheduler/subscribe';
import type { OutboxMessage } from '../../cloudfunctions/_core/store';
import { SETTLEMENT, transition } from '../../shared/lifecycle';
import {
  at10,
  person,
  POLICE,
  SAVE,
  settleWorld,
  uploadAll,
  type Answer,
  type SettleWorld,
} from './settlement-fixtures';

let w: SettleWorld;

function ok(env: Answer) {
  if (!env.ok) throw new Error(`expected ok, got ${env.code}: ${env.message}`);
  return env.data;
}

/** Saves, uploads and submits, accepting the settlement message on the tap unless `subscribed` is empty. */
async function apply(p: { openid: string; app: { id: string } }, subscribed: string[] = ['settlement']) {
  ok(await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id)));
  await uploadAll(w, p.openid, p.app.id);
  return ok(await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id, subscribed })).settlement;
}

/** The settlement messages in the outbox, oldest first. */
async function messages(): Promise<OutboxMessage[]> {
  return (await w.store.listUnsentOutbox(1000)).filter((m) => m.kind === 'settlement');
}

/** Moves a verified application as the line's run will: admitted, then its notice on `day`. */
async function admitAndNotice(settlementId: string, day: string): Promise<void> {
  const calendar = await loadCalendar(w.store);
  const at = at10(day).toISOString();
  const s = (await w.store.getSettlement(settlementId))!;
  const status = transition(SETTLEMENT, s.status, 'admit', 'system', undefined);
  await w.store.putSettlement({ ...s, status, admittedAt: at, line: null, updatedAt: at }, asRead(s));
  await w.store.transaction(async (tx) => {
    const admitted = (await tx.getSettlement(settlementId))!;
    await issueAdmissionNotice(tx, admitted, { today: day, at, calendar, actor: 'system' });
  });
}

describe.each(['sqlite', 'cloudbase'] as const)('落户办理进度 messages (%s)', (adapter) => {
  beforeEach(async () => {
    w = await settleWorld(adapter);
  });
  afterEach(() => w.close());

  it('should tell each step once: two returns, verified, the notice with its last valid day, the reminder, settled', async () => {
    const p = await person(w, 'wx-msg');
    const id = p.app.identity.idNumber;
    const { settlementId, receiptNumber } = await apply(p);
    expect(await messages()).toEqual([]);

    // The window's words quote the ID number: the message masks it.
    ok(
      await w.reviewer(POLICE, 'settlement.return', {
        settlementId,
        reason: `证件号${id}与户籍不符`,
        missing: '请上传户口簿',
      }),
    );
    ok(await w.applicant(p.openid, 'settlement.resubmit', { applicationId: p.app.id, subscribed: ['settlement'] }));
    ok(await w.reviewer(POLICE, 'settlement.return', { settlementId, reason: '不动产权证书照片不清晰' }));
    ok(await w.applicant(p.openid, 'settlement.resubmit', { applicationId: p.app.id }));
    ok(await w.reviewer(POLICE, 'settlement.verify', { settlementId }));
    w.clock.now = at10('2022-03-10');
    await admitAndNotice(settlementId, '2022-03-10');

    // The notice runs to 2022-05-09: 8 days before, no reminder; 7 days before, one; the next day, still one.
    w.clock.now = at10('2022-05-01');
    expect(ok(await w.scheduler()).remindedNotices).toBeUndefined();
    expect((await messages()).map((m) => m.data.step)).not.toContain('即将到期');
    const noticed = await w.store.getSettlement(settlementId);
    w.clock.now = at10('2022-05-02');
    expect(ok(await w.scheduler()).remindedNotices).toBe(1);
    // Remembered on the application, nothing else of it changed.
    expect(await w.store.getSettlement(settlementId)).toEqual({
      ...noticed,
      noticeRemindedOn: '2022-05-02',
      updatedAt: expect.any(String),
    });
    w.clock.now = at10('2022-05-03');
    expect(ok(await w.scheduler()).remindedNotices).toBeUndefined();
    ok(await w.reviewer(POLICE, 'settlement.settle', { settlementId, permitSurrendered: true }));

    const all = await messages();
    const base = { kind: 'settlement', toOpenid: p.openid, applicationId: p.app.id, sent: false, attempts: 0 };
    const masked = `${id.slice(0, 6)}********${id.slice(14)}`;
    expect(all).toEqual([
      expect.objectContaining({
        ...base,
        data: {
          receiptNumber,
          step: '退回补正',
          detail: `证件号${masked}与户籍不符`,
          missing: '请上传户口簿',
          date: '2021年11月22日',
        },
      }),
      expect.objectContaining({
        ...base,
        data: { receiptNumber, step: '退回补正', detail: '不动产权证书照片不清晰', date: '2021年11月22日' },
      }),
      expect.objectContaining({
        ...base,
        data: { receiptNumber, step: '核验通过', detail: '户籍窗口已核验，等待公示结果', date: '2021年11月22日' },
      }),
      expect.objectContaining({
        ...base,
        data: {
          receiptNumber,
          step: '通知书已发',
          detail: '有效期至2022年5月9日',
          validUntil: '2022年5月9日',
          date: '2022年3月10日',
        },
      }),
      expect.objectContaining({
        ...base,
        data: {
          receiptNumber,
          step: '即将到期',
          detail: '将于2022年5月9日到期',
          validUntil: '2022年5月9日',
          date: '2022年5月2日',
        },
      }),
      expect.objectContaining({
        ...base,
        data: { receiptNumber, step: '已落户', detail: '落户已办结', date: '2022年5月3日' },
      }),
    ]);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    // No full ID number anywhere in any message.
    expect(JSON.stringify(await w.store.listUnsentOutbox(1000))).not.toContain(id);
  });

  it('should tell a rejection with its reason, and nothing after a refused decision', async () => {
    const p = await person(w, 'wx-msg-reject');
    const { settlementId, receiptNumber } = await apply(p);
    ok(await w.reviewer(POLICE, 'settlement.reject', { settlementId, reason: '已有杭州市区户籍' }));
    const before = w.business();
    const again = await w.reviewer(POLICE, 'settlement.verify', { settlementId });
    expect(again).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(w.business()).toBe(before);
    expect(await messages()).toEqual([
      expect.objectContaining({
        kind: 'settlement',
        toOpenid: p.openid,
        data: { receiptNumber, step: '未通过', detail: '已有杭州市区户籍', date: '2021年11月22日' },
      }),
    ]);
  });

  it('should queue nothing for a person who did not accept the message on the tap', async () => {
    const p = await person(w, 'wx-msg-none');
    const { settlementId } = await apply(p, []);
    ok(await w.reviewer(POLICE, 'settlement.verify', { settlementId }));
    await admitAndNotice(settlementId, '2022-03-10');
    w.clock.now = at10('2022-05-05');
    ok(await w.scheduler());
    expect(await messages()).toEqual([]);
  });

  it('should not remind of a notice whose last valid day has passed: it expires instead', async () => {
    const p = await person(w, 'wx-msg-late');
    const { settlementId } = await apply(p);
    ok(await w.reviewer(POLICE, 'settlement.verify', { settlementId }));
    await admitAndNotice(settlementId, '2022-03-10');
    // The scheduler first runs after the last valid day: the notice expires, no reminder goes out.
    w.clock.now = at10('2022-05-10');
    expect(ok(await w.scheduler()).expiredNotices).toBe(1);
    expect((await messages()).map((m) => m.data.step)).toEqual(['核验通过', '通知书已发']);
  });

  it('should send a settlement message with the settlement template, its fields cut to the keywords', async () => {
    const p = await person(w, 'wx-msg-send');
    const { settlementId } = await apply(p);
    ok(
      await w.reviewer(POLICE, 'settlement.return', {
        settlementId,
        reason: '不动产权证书照片不清晰，请重新拍摄完整页面',
      }),
    );
    const sent: Parameters<SubscribeOpenApi['subscribeMessage']['send']>[0][] = [];
    const sender = createSubscribeSender(
      { subscribeMessage: { send: async (req) => (sent.push(req), { errCode: 0 }) } },
      { SUBSCRIBE_TEMPLATE_SETTLEMENT: 'T-SETTLE' },
    );
    const [m] = await messages();
    await sender!(m!);
    expect(sent).toEqual([
      {
        touser: p.openid,
        templateId: 'T-SETTLE',
        miniprogramState: 'formal',
        data: {
          character_string1: { value: m!.data.receiptNumber },
          phrase2: { value: '退回补正' },
          thing3: { value: '不动产权证书照片不清晰，请重新拍摄完整页' },
          date4: { value: '2021年11月22日' },
        },
      },
    ]);
  });
});

describe('withoutIdNumbers', () => {
  it('should mask 18- and 15-digit ID numbers in text and leave other numbers alone', () => {
    expect(withoutIdNumbers('身份证330106199001011234，电话13800000000')).toBe(
      '身份证330106********1234，电话13800000000',
    );
    expect(withoutIdNumbers('旧证330106900101123')).toBe('旧证***************');
    expect(withoutIdNumbers('门牌 100 号')).toBe('门牌 100 号');
  });
});
