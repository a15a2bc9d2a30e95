/**
 * 积分申请 by the person themselves, through the applicant function on both store adapters: privacy first, save,
 * upload real bytes through the local file storage, submit on a working day inside the window, receipt and timeline;
 * and every refusal of step 1, each leaving the business data unchanged.
 */
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { ROUND_2021 } from '../../shared/rounds';
import { personKeyOf } from '../../cloudfunctions/_core/cases';
import { CHINESE, data, STORES, type StoreHarness } from './harness';
import {
  acceptPrivacy,
  beijing9,
  identityOf,
  idFor,
  profileOf,
  rid,
  upload,
  uploadAllMissing,
  world,
  ZHANG_ID,
  type World,
} from './cases-helpers';

describe.each(STORES)('applying for oneself on %s', (_name, make) => {
  let h: StoreHarness;
  let w: World;
  beforeEach(() => {
    h = make();
    w = world(h.store);
  });
  afterEach(() => {
    w.close();
    h.close();
  });

  /** Saves Zhang Wei's application as alice and uploads every material; returns the application id. */
  async function readyApplication(openid = 'alice', over: Record<string, unknown> = {}): Promise<string> {
    await acceptPrivacy(w, openid);
    const { application } = await w.ok(openid, 'application.save', {
      identity: identityOf(ZHANG_ID, over),
      profile: profileOf(ZHANG_ID),
    });
    await uploadAllMissing(w, openid, application.applicationId);
    return application.applicationId;
  }

  /** Expects a refusal with `code` that leaves the business data as it was. */
  async function refusedUnchanged(promise: () => Promise<unknown>, code: string, message?: RegExp): Promise<void> {
    const before = h.businessDump();
    const env = (await promise()) as { ok: boolean; code?: string; message?: string };
    expect(env).toMatchObject({ ok: false, code });
    if (message) expect(env.message).toMatch(message);
    expect(env.message).toMatch(CHINESE);
    expect(h.businessDump()).toBe(before);
  }

  it('should accept on a working day inside the window with a numbered receipt, the timeline and one task per claimed indicator', async () => {
    const id = await readyApplication();
    const { application } = await w.ok('alice', 'application.get', { applicationId: id });
    expect(application.missing).toEqual([]);
    expect(application.person.idNumber).toBe(ZHANG_ID);

    const res = await w.call('alice', 'application.submit', {
      applicationId: id,
      subscribed: ['result', 'correction'],
    });
    const app = data(res).application;
    expect(app.status).toBe('submitted');
    expect(app.receipt).toMatchObject({
      number: 'JF2021-1008-000001',
      name: '张伟',
      idNumberMasked: '330106********0018',
      permitNumber: 'ZJ3301001234',
      mobile: '13800138000',
      acceptedOn: '2021-10-08',
      channel: 'online',
    });
    // Every material received, keyed to its indicator: the education certificate is B2's.
    expect(app.receipt.materials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'B2:education.0', indicatorId: 'B2', fileName: '材料.pdf' }),
      ]),
    );
    expect(app.receipt.materials).toHaveLength(app.checklist.filter((l: { required: boolean }) => l.required).length);
    // 20 working days after Friday 2021-10-08, counting the make-up Saturday 10-09: Thursday 2021-11-04.
    expect(app.timeline).toEqual({
      accepted: '2021-10-08',
      resultDate: '2021-11-04',
      disputeDeadline: '2021-11-15',
      voucherFrom: '2021-11-15',
    });
    const tasks = app.tasks as { indicatorId: string; department: string; status: string }[];
    expect(tasks.every((t) => t.status === 'pending')).toBe(true);
    expect(tasks.find((t) => t.indicatorId === 'B2')?.department).toBe('市教育局');
    expect(tasks.map((t) => t.indicatorId)).toContain('B1');

    // The next one gets the next number.
    await acceptPrivacy(w, 'bob');
    const other = idFor('1990-01-01');
    const saved = await w.ok('bob', 'application.save', {
      identity: identityOf(other, { name: '李四' }),
      profile: profileOf(other),
    });
    await uploadAllMissing(w, 'bob', saved.application.applicationId);
    const second = await w.ok('bob', 'application.submit', { applicationId: saved.application.applicationId });
    expect(second.application.receipt.number).toBe('JF2021-1008-000002');
  });

  it('should answer a retried submit with the same receipt, and refuse the request id reused with another payload (CONFLICT)', async () => {
    const id = await readyApplication();
    const requestId = rid();
    const first = data(await w.call('alice', 'application.submit', { applicationId: id }, requestId));
    const again = data(await w.call('alice', 'application.submit', { applicationId: id }, requestId));
    expect(again).toEqual(first);
    await refusedUnchanged(
      () => w.call('alice', 'application.submit', { applicationId: id, subscribed: ['result'] }, requestId),
      'CONFLICT',
    );
    // A new request to submit again is refused too: it is accepted already.
    await refusedUnchanged(() => w.call('alice', 'application.submit', { applicationId: id }), 'CONFLICT', /已受理/);
  });

  it('should accept on the make-up working Saturday 2021-10-09', async () => {
    const id = await readyApplication();
    w.clock.now = beijing9('2021-10-09');
    const app = (await w.ok('alice', 'application.submit', { applicationId: id })).application;
    expect(app.receipt.acceptedOn).toBe('2021-10-09');
    expect(app.receipt.number).toBe('JF2021-1009-000001');
  });

  it('should refuse personal data before the privacy notice is accepted, and record the acceptance per version', async () => {
    await refusedUnchanged(
      () => w.call('alice', 'application.save', { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) }),
      'PRIVACY_REQUIRED',
    );
    await refusedUnchanged(
      () => w.call('alice', 'identity.bind', { name: '张伟', idNumber: ZHANG_ID, mobile: '13800138000' }),
      'PRIVACY_REQUIRED',
    );
    expect(await w.ok('alice', 'privacy.status', {})).toEqual({ version: PRIVACY_NOTICE_VERSION, accepted: false });
    await acceptPrivacy(w, 'alice');
    expect(await w.ok('alice', 'privacy.status', {})).toMatchObject({
      accepted: true,
      acceptedAt: '2021-10-08T01:00:00.000Z',
    });
    const audit = await h.store.listAudit({ actor: 'alice' });
    expect(audit.entries.map((e) => [e.action, e.result])).toContainEqual(['privacy.accept', 'ok']);
    await refusedUnchanged(() => w.call('alice', 'privacy.accept', { version: '2020-01' }), 'INVALID_INPUT');
  });

  it('should refuse outside the window (2021-11-02) and on a holiday (2021-10-04), saying why', async () => {
    const id = await readyApplication();
    w.clock.now = beijing9('2021-11-02');
    await refusedUnchanged(
      () => w.call('alice', 'application.submit', { applicationId: id }),
      'OUTSIDE_WINDOW',
      /2021年9月28日至2021年10月31日|10月31日/,
    );
    w.clock.now = beijing9('2021-10-04');
    await refusedUnchanged(() => w.call('alice', 'application.submit', { applicationId: id }), 'NOT_WORKDAY', /国庆节/);
  });

  it('should refuse a permit from 桐庐县, naming it, and an expired permit, both in one answer', async () => {
    const id = await readyApplication('alice', { permitDistrict: 'tonglu', permitValidTo: '2021-09-30' });
    const before = h.businessDump();
    const env = await w.call('alice', 'application.submit', { applicationId: id });
    expect(env).toMatchObject({ ok: false, code: 'NOT_ELIGIBLE' });
    expect(!env.ok && env.message).toMatch(/桐庐县/);
    expect(!env.ok && env.message).toMatch(
      /居住证有效期为2020年1月1日至2021年9月30日，今天（2021年10月8日）不在有效期内/,
    );
    expect(h.businessDump()).toBe(before);
  });

  it('should refuse within 5 years of a fraud finding', async () => {
    const id = await readyApplication();
    await h.store.putFraudFinding({
      id: 'f1',
      personKey: personKeyOf(ZHANG_ID),
      date: '2018-06-01',
      note: '伪造学历证书',
      recordedBy: 'admin',
      recordedAt: '2018-06-01T00:00:00.000Z',
    });
    await refusedUnchanged(
      () => w.call('alice', 'application.submit', { applicationId: id }),
      'NOT_ELIGIBLE',
      /因2018年6月1日认定的弄虚作假行为，2023年6月1日前不得申请积分/,
    );
  });

  it('should refuse with the missing materials listed', async () => {
    await acceptPrivacy(w, 'alice');
    const { application } = await w.ok('alice', 'application.save', {
      identity: identityOf(ZHANG_ID),
      profile: profileOf(ZHANG_ID),
    });
    const missingOne = application.checklist.find((l: { key: string }) => l.key === 'B2:education.0');
    for (const key of application.missing as string[]) {
      if (key !== 'B2:education.0')
        data(await upload(w, 'alice', { applicationId: application.applicationId, key }, 'jpeg'));
    }
    await refusedUnchanged(
      () => w.call('alice', 'application.submit', { applicationId: application.applicationId }),
      'MISSING_MATERIALS',
      new RegExp(missingOne.label.slice(0, 8)),
    );
  });

  it('should take identity only from the platform: a forged openid in the event changes nothing, and no caller is refused', async () => {
    const id = await readyApplication();
    await acceptPrivacy(w, 'mallory');
    const { applicant } = await import('../../cloudfunctions/applicant/handlers');
    const forged = {
      action: 'application.get',
      payload: { applicationId: id },
      openid: 'alice',
      userInfo: { openId: 'alice', appId: 'x' },
    };
    const env = await applicant(
      forged,
      { openid: 'mallory' },
      { store: h.store, files: w.files, now: () => w.clock.now },
    );
    expect(env).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await w.call(null, 'application.get', { applicationId: id })).toMatchObject({
      ok: false,
      code: 'UNAUTHENTICATED',
    });
  });

  it("should answer another person's case by id exactly like a missing one (NOT_FOUND), for reads and changes", async () => {
    const id = await readyApplication();
    await acceptPrivacy(w, 'mallory');
    const missing = await w.call('mallory', 'application.get', { applicationId: 'app_doesnotexist' });
    const theirs = await w.call('mallory', 'application.get', { applicationId: id });
    expect(theirs).toEqual(missing);
    expect(theirs).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    for (const action of ['result.get', 'case.audit'])
      expect(await w.call('mallory', action, { applicationId: id })).toEqual(missing);
    await refusedUnchanged(() => w.call('mallory', 'application.submit', { applicationId: id }), 'NOT_FOUND');
    await refusedUnchanged(
      () =>
        w.call('mallory', 'application.save', {
          applicationId: id,
          identity: identityOf(ZHANG_ID),
          profile: profileOf(ZHANG_ID),
        }),
      'NOT_FOUND',
    );
    // Nor can mallory file for alice's ID number: it is bound to alice.
    await refusedUnchanged(
      () => w.call('mallory', 'application.save', { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) }),
      'FORBIDDEN',
    );
    expect((await w.ok('mallory', 'application.list', {})).applications).toEqual([]);
  });

  it('should bind the identity on the first save and keep one application per person and round', async () => {
    await readyApplication();
    expect((await w.ok('alice', 'identity.get', {})).identity).toMatchObject({
      idNumber: ZHANG_ID,
      idNumberMasked: '330106********0018',
    });
    await refusedUnchanged(
      () => w.call('alice', 'application.save', { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) }),
      'CONFLICT',
      /已有一份申请/,
    );
    const list = (await w.ok('alice', 'application.list', {})).applications;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ actingAs: 'self', status: 'draft', idNumberMasked: '330106********0018' });
  });

  it('should refuse invalid identity and profile fields with Chinese field messages, changing nothing', async () => {
    await acceptPrivacy(w, 'alice');
    const before = h.businessDump();
    const badId = await w.call('alice', 'application.save', {
      identity: identityOf('330106198705120019'),
      profile: profileOf(ZHANG_ID),
    });
    expect(badId).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: [expect.objectContaining({ path: 'identity.idNumber', field: '申请人 · 身份证号码' })],
    });
    const badDistrict = await w.call('alice', 'application.save', {
      identity: identityOf(ZHANG_ID, { permitDistrict: 'nowhere' }),
      profile: profileOf(ZHANG_ID),
    });
    expect(badDistrict).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: [expect.objectContaining({ path: 'identity.permitDistrict' })],
    });
    const other = await w.call('alice', 'application.save', {
      identity: identityOf(ZHANG_ID),
      profile: profileOf(idFor('1990-01-01')),
    });
    expect(other).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: [expect.objectContaining({ path: 'profile.person.idNumber' })],
    });
    expect(h.businessDump()).toBe(before);
  });

  it('should show the result only once published, with NOT_YET and the date before', async () => {
    const id = await readyApplication();
    await w.ok('alice', 'application.submit', { applicationId: id });
    const env = await w.call('alice', 'result.get', { applicationId: id });
    expect(env).toMatchObject({ ok: false, code: 'NOT_YET' });
    expect(!env.ok && env.message).toMatch(/2021年11月4日/);
    // The trail of the case: save, uploads, submission, all by the person.
    const trail = (await w.ok('alice', 'case.audit', { applicationId: id })).entries as {
      action: string;
      actor: string;
      result: string;
    }[];
    expect(trail).toContainEqual({
      at: '2021-10-08T01:00:00.000Z',
      action: 'application.submit',
      actor: 'self',
      result: 'ok',
    });
    expect(trail.map((e) => e.action)).toEqual(
      expect.arrayContaining(['application.save', 'material.attach', 'material.ticket']),
    );
    expect(trail.every((e) => e.actor === 'self')).toBe(true);
  });

  it('should refuse a new application when no round accepts one (after the window)', async () => {
    await acceptPrivacy(w, 'alice');
    w.clock.now = beijing9('2021-11-02');
    await refusedUnchanged(
      () => w.call('alice', 'application.save', { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) }),
      'OUTSIDE_WINDOW',
    );
  });

  it('should keep round data the same as ROUND_2021 for these tests', () => {
    expect(ROUND_2021.application).toEqual({ from: '2021-09-28', to: '2021-10-31', workingDaysOnly: true });
  });
});
