/**
 * The applicant function through its dispatcher, against both store adapters: identity only from the caller, every
 * error code, idempotent retries, audit, and refused input leaving business data untouched.
 */
import zhangWei from '../../examples/zhang-wei-2021.json';
import { CalendarGapError } from '../../shared/calendar';
import {
  ERROR_MESSAGES,
  expandSheet,
  MAX_REQUEST_BYTES,
  PRIVACY_NOTICE_VERSION,
  SCORING_ACTIONS,
  type ScoringApi,
} from '../../shared/contracts';
import { score } from '../../shared/engine';
import { findPolicy } from '../../shared/policy';
import { parseProfile } from '../../shared/profile';
import { ROUND_2021 } from '../../shared/rounds';
import { ID_NUMBER_NEEDS_CONSENT, MAX_DRAFTS_PER_PERSON, applicant } from '../../cloudfunctions/applicant/handlers';
import { AppError, defineFunction, type Handlers } from '../../cloudfunctions/_core/runtime';
import type { Store, StoreTx } from '../../cloudfunctions/_core/store';
import { applicantCaller, CHINESE, consented, data, STORES, type StoreHarness } from './harness';

/** 2021-10-08 10:00 in Beijing: inside the 2021 round's application window. */
const NOW = new Date('2021-10-08T02:00:00.000Z');

const save = (over: Record<string, unknown> = {}, requestId = 'req-save-0001') => ({
  action: 'draft.save' as const,
  requestId,
  payload: { title: '张伟的测算', profile: zhangWei, ...over },
});

describe.each(STORES)('applicant function on %s', (_name, make) => {
  let h: StoreHarness;
  let log: string[];
  let call: ReturnType<typeof applicantCaller>;
  const at = (iso: string) => applicantCaller(h.store, new Date(iso), log);

  beforeEach(async () => {
    h = make();
    log = [];
    call = applicantCaller(h.store, NOW, log);
    await consented(h.store, 'alice', 'bob');
  });
  afterEach(() => h.close());

  describe('round.current', () => {
    it('should answer round 2021 in its application phase, with its policy, on 2021-10-08', async () => {
      const res = data(await call({ action: 'round.current' }));
      expect(res.today).toBe('2021-10-08');
      expect(res.round?.id).toBe('2021');
      expect(res.phase).toBe('application');
      expect(res.next).toEqual({ phase: 'settlement', from: '2021-11-01', roundId: '2021' });
      expect(res.policy?.id).toBe('hz-2021');
    });

    it('should answer round 2026 in its settlement phase under hz-2024-07 on 2026-11-25, the 2027 round next', async () => {
      const res = data(await at('2026-11-25T04:00:00.000Z')({ action: 'round.current', payload: {} }));
      expect(res.today).toBe('2026-11-25');
      expect(res.round?.id).toBe('2026');
      expect(res.round?.settlement).toEqual({ from: '2026-11-01', to: '2026-11-30', workingDaysOnly: true });
      expect(res.phase).toBe('settlement');
      expect(res.next).toEqual({ phase: 'before-application', from: '2026-12-01', roundId: '2027' });
      expect(res.policy?.id).toBe('hz-2024-07');
    });

    it("should use Beijing's date: 16:00 UTC on 2021-09-27 is already the first day of applications", async () => {
      expect(data(await at('2021-09-27T15:59:59.000Z')({ action: 'round.current' })).phase).toBe('before-application');
      expect(data(await at('2021-09-27T16:00:00.000Z')({ action: 'round.current' })).phase).toBe('application');
    });

    it("should follow an administrator's round override from the store", async () => {
      // Asked once before the change: the instance's cached round data must not hide the change that follows.
      const earlier = data(await at('2022-08-15T04:00:00.000Z')({ action: 'round.current' }));
      expect(earlier.round?.name).not.toBe('2022 年度（提前受理）');
      await h.store.putRoundOverride({
        ...ROUND_2021,
        id: '2022',
        year: 2022,
        name: '2022 年度（提前受理）',
        application: { from: '2022-08-01', to: '2022-08-31', workingDaysOnly: true },
        cutoff: '2022-07-01',
        fiveYearWindow: { from: '2017-07-01', toExclusive: '2022-07-01' },
        settlement: { from: '2022-11-01', to: '2022-11-30', workingDaysOnly: true },
        source: 'admin',
        cutoffException: undefined,
      });
      const res = data(await at('2022-08-15T04:00:00.000Z')({ action: 'round.current' }));
      expect(res.round).toMatchObject({ id: '2022', name: '2022 年度（提前受理）', source: 'admin' });
      expect(res.phase).toBe('application');
    });
  });

  describe('simulate', () => {
    it('should score examples/zhang-wei-2021.json at 202 for round 2021', async () => {
      const res = data(await call({ action: 'simulate', payload: { profile: zhangWei, roundId: '2021' } }));
      const policy = findPolicy(res.sheet.policyVersion);
      if (!policy) throw new Error(`unknown policy ${res.sheet.policyVersion}`);
      const sheet = expandSheet(res.sheet, policy);
      expect(sheet.total).toBe('202');
      expect(sheet.roundId).toBe('2021');
      expect(sheet.policyVersion).toBe('hz-2021');
    });

    it('should send the sheet without the policy text the client has, expanding to the engine’s very sheet', async () => {
      const res = data(await call({ action: 'simulate', payload: { profile: zhangWei, roundId: '2021' } }));
      const policy = findPolicy('hz-2021');
      const parsed = parseProfile(zhangWei);
      if (!policy || !parsed.ok) throw new Error('example or policy missing');
      expect(JSON.stringify(res.sheet)).not.toContain(policy.indicators[0].source);
      expect(expandSheet(res.sheet, policy)).toEqual(score(parsed.profile, policy, ROUND_2021));
    });

    it('should score against the current round when no round is given', async () => {
      expect(data(await call({ action: 'simulate', payload: { profile: zhangWei } })).sheet.roundId).toBe('2021');
    });

    it("should refuse an invalid profile with the profile validator's Chinese field errors", async () => {
      const bad = {
        ...zhangWei,
        person: { name: '张伟', idNumber: '330106198705120019' },
        bloodDonations: [{ date: '2019-02-30', kind: 'wholeBlood', ml: 400 }],
      };
      const res = await call({ action: 'simulate', payload: { profile: bad } });
      expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: ERROR_MESSAGES.INVALID_INPUT });
      if (res.ok) return;
      const paths = res.fields?.map((f) => f.path) ?? [];
      expect(paths).toEqual(expect.arrayContaining(['profile.bloodDonations.0.date']));
      expect(paths.every((p) => p.startsWith('profile'))).toBe(true);
      for (const f of res.fields ?? []) {
        expect(f.message).toMatch(CHINESE);
        expect(f.field).toMatch(CHINESE);
      }
    });

    it('should refuse an ID number before the privacy notice is accepted, and score a birth date without it', async () => {
      const before = h.businessDump();
      const res = await call({ action: 'simulate', payload: { profile: zhangWei } }, 'carol');
      expect(res).toMatchObject({ ok: false, code: 'PRIVACY_REQUIRED', message: ID_NUMBER_NEEDS_CONSENT });
      expect(h.businessDump()).toBe(before);
      const byBirth = { ...zhangWei, person: { name: '张伟', birthDate: '1987-05-12' } };
      const sheet = data(await call({ action: 'simulate', payload: { profile: byBirth } }, 'carol')).sheet;
      const policy = findPolicy(sheet.policyVersion);
      if (!policy) throw new Error(`unknown policy ${sheet.policyVersion}`);
      expect(expandSheet(sheet, policy).total).toBe('202');
    });

    it('should score an ID number on the very next request once the notice is accepted after a refusal', async () => {
      const asked = jest.spyOn(h.store, 'getPrivacyAcceptance');
      const refused = await call({ action: 'simulate', payload: { profile: zhangWei } }, 'carol');
      expect(refused).toMatchObject({ ok: false, code: 'PRIVACY_REQUIRED', message: ID_NUMBER_NEEDS_CONSENT });
      const accepted = await call(
        { action: 'privacy.accept', requestId: 'req-accept-carol', payload: { version: PRIVACY_NOTICE_VERSION } },
        'carol',
      );
      expect(data(accepted).accepted).toBe(true);
      expect(data(await call({ action: 'simulate', payload: { profile: zhangWei } }, 'carol')).sheet.totalHalves).toBe(
        404,
      );
      // A refusal is never remembered: each of the two simulates asked the store.
      expect(asked.mock.calls.filter(([who]) => who === 'carol').length).toBeGreaterThanOrEqual(2);
    });

    it('should ask the store for a found acceptance once, then keep scoring ID numbers without asking again', async () => {
      const asked = jest.spyOn(h.store, 'getPrivacyAcceptance');
      for (let i = 0; i < 3; i++) {
        const res = await call({ action: 'simulate', payload: { profile: zhangWei } }, 'bob');
        expect(data(res).sheet.totalHalves).toBe(404);
      }
      expect(data(await call({ action: 'privacy.status' }, 'bob'))).toMatchObject({
        accepted: true,
        acceptedAt: '2021-09-01T00:00:00.000Z',
      });
      expect(asked.mock.calls.filter(([who]) => who === 'bob')).toHaveLength(1);
    });

    it('should answer NOT_FOUND for a round that does not exist', async () => {
      const res = await call({ action: 'simulate', payload: { profile: zhangWei, roundId: '2035' } });
      expect(res).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      if (!res.ok) expect(res.message).toMatch(CHINESE);
    });
  });

  describe('drafts', () => {
    it('should refuse draft.save before the privacy notice is accepted with PRIVACY_REQUIRED, saving nothing', async () => {
      const before = h.businessDump();
      const res = await call(save({}, 'req-noconsent-1'), 'carol');
      expect(res).toMatchObject({ ok: false, code: 'PRIVACY_REQUIRED', message: ERROR_MESSAGES.PRIVACY_REQUIRED });
      expect(h.businessDump()).toBe(before);
      expect(await h.store.countDrafts('carol')).toBe(0);
      await consented(h.store, 'carol');
      expect(data(await call(save({}, 'req-noconsent-2'), 'carol')).draft.title).toBe('张伟的测算');
    });

    it('should save, list with its total, get, and remove a draft', async () => {
      const saved = data(await call(save()));
      expect(saved.draft).toMatchObject({
        title: '张伟的测算',
        total: '202',
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
      });
      const id = saved.draft.draftId;

      expect(data(await call({ action: 'draft.list' })).drafts).toEqual([saved.draft]);
      expect(data(await call({ action: 'draft.get', payload: { draftId: id } })).draft).toEqual({
        ...saved.draft,
        profile: zhangWei,
      });

      expect(
        data(await call({ action: 'draft.remove', requestId: 'req-remove-001', payload: { draftId: id } })),
      ).toEqual({ removed: true });
      expect(data(await call({ action: 'draft.list' })).drafts).toEqual([]);
      expect(await call({ action: 'draft.get', payload: { draftId: id } })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
    });

    it('should keep an incomplete profile as given, with no total', async () => {
      const saved = data(await call(save({ profile: { person: { name: '半' } } })));
      expect(saved.draft.total).toBeNull();
      expect(
        data(await call({ action: 'draft.get', payload: { draftId: saved.draft.draftId } })).draft.profile,
      ).toEqual({ person: { name: '半' } });
    });

    it('should overwrite a draft by id, keeping its creation time, and list the newest first', async () => {
      const first = data(await call(save({ title: '第一份' }, 'req-a-000001'))).draft;
      const second = data(await at('2021-10-09T02:00:00.000Z')(save({ title: '第二份' }, 'req-b-000001'))).draft;
      const later = at('2021-10-10T02:00:00.000Z');
      const updated = data(await later(save({ title: '第一份（改）', draftId: first.draftId }, 'req-c-000001'))).draft;
      expect(updated).toMatchObject({
        draftId: first.draftId,
        createdAt: first.createdAt,
        updatedAt: '2021-10-10T02:00:00.000Z',
      });
      expect(data(await later({ action: 'draft.list' })).drafts.map((d: { title: string }) => d.title)).toEqual([
        '第一份（改）',
        '第二份',
      ]);
      expect(second.draftId).not.toBe(first.draftId);
    });

    it(`should refuse a new draft beyond ${MAX_DRAFTS_PER_PERSON} with a Chinese message, and save nothing`, async () => {
      for (let i = 0; i < MAX_DRAFTS_PER_PERSON; i++) {
        const t = NOW.toISOString();
        await h.store.putDraft({
          id: `seed${i}`,
          owner: 'alice',
          title: `${i}`,
          profile: {},
          createdAt: t,
          updatedAt: t,
        });
      }
      const before = h.businessDump();
      const res = await call(save());
      expect(res).toMatchObject({ ok: false, code: 'CONFLICT' });
      if (!res.ok) expect(res.message).toContain(`${MAX_DRAFTS_PER_PERSON}`);
      expect(h.businessDump()).toBe(before);
      // Overwriting an existing draft is still allowed at the limit.
      expect((await call(save({ draftId: 'seed0' }, 'req-over-0001'))).ok).toBe(true);
    });
  });

  describe('identity comes only from the caller', () => {
    it('should ignore a forged openid, _openid, openId and userInfo in the request', async () => {
      const forged = {
        ...save(),
        openid: 'bob',
        _openid: 'bob',
        openId: 'bob',
        userInfo: { appId: 'wx1', openId: 'bob' },
      };
      const saved = data(await call(forged, 'alice'));
      expect(
        data(await call({ action: 'draft.list' }, 'alice')).drafts.map((d: { draftId: string }) => d.draftId),
      ).toEqual([saved.draft.draftId]);
      expect(
        data(await call({ action: 'draft.list', openid: 'alice', userInfo: { openId: 'alice' } }, 'bob')).drafts,
      ).toEqual([]);
      const [entry] = (await h.store.listAudit({ target: `draft:${saved.draft.draftId}` })).entries;
      expect(entry?.actor).toBe('alice');
    });

    it('should answer exactly as without the forged fields', async () => {
      const plain = await call(save({}, 'req-plain-01'));
      const forged = await call({ ...save({}, 'req-plain-01'), openid: 'bob', userInfo: { openId: 'bob' } });
      expect(forged).toEqual(plain);
    });

    it('should refuse a request without a caller as UNAUTHENTICATED, whatever the request says, and write nothing', async () => {
      const before = h.fullDump();
      for (const openid of [null, '']) {
        const res = await call({ ...save(), openid: 'alice', userInfo: { openId: 'alice' } }, openid);
        expect(res).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: ERROR_MESSAGES.UNAUTHENTICATED });
      }
      expect(h.fullDump()).toBe(before);
    });

    it("should answer NOT_FOUND for another person's draft, exactly as for a missing one, and leave it alone", async () => {
      const bobs = data(await call(save({ title: 'Bob 的草稿' }, 'req-bob-0001'), 'bob')).draft.draftId;
      const before = h.businessDump();
      const missing = await call({ action: 'draft.get', payload: { draftId: 'd_doesnotexist' } });
      expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND' });
      expect(await call({ action: 'draft.get', payload: { draftId: bobs } })).toEqual(missing);
      expect(await call({ action: 'draft.remove', requestId: 'req-steal-001', payload: { draftId: bobs } })).toEqual(
        missing,
      );
      expect(await call(save({ draftId: bobs, title: '改掉' }, 'req-steal-002'))).toEqual(missing);
      expect(h.businessDump()).toBe(before);
    });
  });

  describe('refusals', () => {
    it('should answer UNKNOWN_ACTION for an action not in the map, including inherited object keys', async () => {
      for (const action of ['draft.hack', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
        expect(await call({ action })).toEqual({
          ok: false,
          code: 'UNKNOWN_ACTION',
          message: ERROR_MESSAGES.UNKNOWN_ACTION,
        });
      }
    });

    it('should answer BAD_REQUEST for a request that is not { action, payload?, requestId? }', async () => {
      for (const event of [
        null,
        undefined,
        'draft.list',
        42,
        [],
        {},
        { action: '' },
        { action: 'draft.list', extra: 1 },
        { action: 'draft.save', requestId: 'short' },
      ]) {
        const res = await call(event);
        expect(res).toMatchObject({ ok: false, code: 'BAD_REQUEST', message: ERROR_MESSAGES.BAD_REQUEST });
      }
    });

    it('should answer BAD_REQUEST for a mutation without a request id, audit the refusal, and change no business data', async () => {
      const before = h.businessDump();
      const res = await call({ action: 'draft.save', payload: { title: 't', profile: {} } });
      expect(res).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
      if (!res.ok) expect(res.message).toContain('requestId');
      expect(h.businessDump()).toBe(before);
      expect((await h.store.listAudit({ actor: 'alice' })).entries).toMatchObject([
        { action: 'draft.save', result: 'BAD_REQUEST', target: 'draft:new' },
      ]);
    });

    it('should answer PAYLOAD_TOO_LARGE above the request size limit', async () => {
      const res = await call(save({ profile: { blob: 'x'.repeat(MAX_REQUEST_BYTES) } }));
      expect(res).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
    });

    it('should take the size the transport measured: above the limit it answers PAYLOAD_TOO_LARGE and changes nothing', async () => {
      const before = h.businessDump();
      const deps = { store: h.store, now: () => NOW, log: () => undefined };
      const small = save({}, 'req-measured-01');
      const res = await applicant(small, { openid: 'alice' }, deps, { requestBytes: MAX_REQUEST_BYTES + 1 });
      expect(res).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
      expect(h.businessDump()).toBe(before);
      // Within the limit by the transport's count, the same request is served.
      data(await applicant(small, { openid: 'alice' }, deps, { requestBytes: MAX_REQUEST_BYTES }));
    });

    it('should answer INVALID_INPUT with Chinese field messages, leave business data byte-for-byte unchanged, and audit the refusal', async () => {
      data(await call(save({}, 'req-seed-0001')));
      const before = h.businessDump();
      const res = await call(save({ title: '   ' }, 'req-bad-00001'));
      expect(res).toEqual({
        ok: false,
        code: 'INVALID_INPUT',
        message: ERROR_MESSAGES.INVALID_INPUT,
        fields: [{ path: 'title', field: '草稿名称', message: '请填写草稿名称' }],
      });
      const extra = await call({
        action: 'draft.save',
        requestId: 'req-bad-00002',
        payload: { title: 't', profile: {}, owner: 'bob' },
      });
      expect(extra).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      if (!extra.ok) expect(extra.fields?.[0]?.message).toMatch(CHINESE);
      const notObject = await call({
        action: 'draft.save',
        requestId: 'req-bad-00003',
        payload: { title: 't', profile: [1] },
      });
      expect(notObject).toMatchObject({
        ok: false,
        code: 'INVALID_INPUT',
        fields: [{ path: 'profile', field: '申报信息', message: '草稿内容应为申报信息对象' }],
      });
      const tooBig = await call(save({ profile: { blob: 'x'.repeat(70 * 1024) } }, 'req-bad-00004'));
      expect(tooBig).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: [{ path: 'profile' }] });

      expect(h.businessDump()).toBe(before);
      // The four refusals of the same minute, action and target are one audit entry counting four (the first's request id).
      const refusals = (await h.store.listAudit({ actor: 'alice' })).entries.filter(
        (e) => e.result === 'INVALID_INPUT',
      );
      expect(refusals).toEqual([
        expect.objectContaining({ action: 'draft.save', target: 'draft:new', count: 4, requestId: 'req-bad-00001' }),
      ]);
      expect(await h.store.countRefusalsInMinute('alice', NOW.toISOString().slice(0, 16))).toBe(4);
    });

    it('should not audit refused queries (only state changes and attempted ones are audited)', async () => {
      await call({ action: 'draft.get', payload: { draftId: 'nope' } });
      await call({ action: 'draft.get', payload: {} });
      await call({ action: 'round.current' });
      expect((await h.store.listAudit({ actor: 'alice' })).entries).toEqual([]);
    });
  });

  describe('idempotency', () => {
    it('should do the work once and audit once when the same request arrives twice', async () => {
      const first = await call(save());
      const retry = await at('2021-10-08T03:00:00.000Z')(save());
      expect(retry).toEqual(first);
      expect(await h.store.countDrafts('alice')).toBe(1);
      const entries = (await h.store.listAudit({ actor: 'alice' })).entries;
      expect(entries).toHaveLength(1);
    });

    it('should remove once: a retried remove answers as the first time, not NOT_FOUND', async () => {
      const id = data(await call(save())).draft.draftId;
      const remove = { action: 'draft.remove', requestId: 'req-rm-00001', payload: { draftId: id } };
      expect(data(await at('2021-10-08T03:00:00.000Z')(remove))).toEqual({ removed: true });
      expect(data(await at('2021-10-08T04:00:00.000Z')(remove))).toEqual({ removed: true });
      expect((await h.store.listAudit({ target: `draft:${id}` })).entries.map((e) => e.action)).toEqual([
        'draft.remove',
        'draft.save',
      ]);
    });

    it('should answer CONFLICT for a request id replayed with another payload, without redoing the work', async () => {
      const first = data(await call(save()));
      const before = h.businessDump();
      const res = await at('2021-10-08T03:00:00.000Z')(save({ title: '别的内容' }));
      expect(res).toEqual({ ok: false, code: 'CONFLICT', message: ERROR_MESSAGES.CONFLICT });
      expect(h.businessDump()).toBe(before);
      expect(data(await call({ action: 'draft.get', payload: { draftId: first.draft.draftId } })).draft.title).toBe(
        '张伟的测算',
      );
      const results = (await h.store.listAudit({ actor: 'alice' })).entries.map((e) => e.result);
      expect(results).toEqual(['CONFLICT', 'ok']);
    });

    it('should treat a retry whose payload keys come in another order as the same request', async () => {
      const first = data(await call(save()));
      const reordered = {
        requestId: 'req-save-0001',
        payload: { profile: zhangWei, title: '张伟的测算' },
        action: 'draft.save',
      };
      expect(data(await call(reordered))).toEqual(first);
      expect(await h.store.countDrafts('alice')).toBe(1);
    });

    it("should keep each person's request ids apart", async () => {
      const a = data(await call(save(), 'alice'));
      const b = data(await call(save(), 'bob'));
      expect(b.draft.draftId).not.toBe(a.draft.draftId);
      expect(await h.store.countDrafts('bob')).toBe(1);
    });
  });

  describe('audit', () => {
    it('should write time, actor, acting-for, action, target, result and request id, and no personal content', async () => {
      const id = data(await call(save())).draft.draftId;
      const entries = (await h.store.listAudit({ target: `draft:${id}` })).entries;
      expect(entries).toEqual([
        {
          id: expect.any(String),
          at: NOW.toISOString(),
          actor: 'alice',
          actingFor: null,
          fn: 'applicant',
          action: 'draft.save',
          target: `draft:${id}`,
          result: 'ok',
          requestId: 'req-save-0001',
        },
      ]);
      const audit = JSON.stringify(entries);
      expect(audit).not.toContain(zhangWei.person.idNumber);
      expect(audit).not.toContain(zhangWei.person.name);
    });

    it('should not audit queries', async () => {
      await call({ action: 'round.current' });
      await call({ action: 'draft.list' });
      await call({ action: 'simulate', payload: { profile: zhangWei } });
      expect((await h.store.listAudit({ actor: 'alice' })).entries).toEqual([]);
    });
  });

  describe('failures', () => {
    /** A store whose every method fails with a message that must never reach the caller. */
    const SECRET = 'disk full at /var/db; id 330106198705120018';
    const broken = (): Store =>
      new Proxy(h.store, {
        get: (target, prop) =>
          typeof Reflect.get(target, prop) === 'function'
            ? async () => {
                throw new Error(SECRET);
              }
            : (Reflect.get(target, prop) as unknown),
      });

    it('should answer INTERNAL with the generic message and log a short line without the error text', async () => {
      const failing = applicantCaller(broken(), NOW, log);
      for (const event of [{ action: 'round.current' }, save()]) {
        const res = await failing(event);
        expect(res).toEqual({ ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL });
        expect(JSON.stringify(res)).not.toContain('disk full');
      }
      expect(log.length).toBeGreaterThan(0);
      for (const line of log) {
        expect(line).not.toContain('disk full');
        expect(line).not.toContain('330106');
        expect(line).not.toContain('alice');
        expect(line.length).toBeLessThan(120);
      }
    });

    it('should keep drafts working, without totals, when administrators saved inconsistent rounds', async () => {
      // A 2022 override whose cutoff does not follow the rule and has no exception: buildRounds refuses it.
      await h.store.putRoundOverride({
        ...ROUND_2021,
        id: '2022',
        year: 2022,
        name: '2022 年度',
        cutoffException: undefined,
        source: 'admin',
      });
      expect(await call({ action: 'round.current' })).toMatchObject({ ok: false, code: 'INTERNAL' });
      const saved = data(await call(save()));
      expect(saved.draft.total).toBeNull();
      expect(data(await call({ action: 'draft.list' })).drafts).toHaveLength(1);
    });

    it('should leave nothing half-written when the transaction fails after the draft write', async () => {
      // The audit write of the transaction fails once; the draft written before it in the same transaction must go too.
      let fail = true;
      const flaky: Store = {
        ...h.store,
        transaction: (fn) =>
          h.store.transaction((tx) =>
            fn({
              ...tx,
              appendAudit: async (e) => {
                if (fail) {
                  fail = false;
                  throw new Error('audit unavailable');
                }
                return tx.appendAudit(e);
              },
            } as StoreTx),
          ),
      };
      const before = h.businessDump();
      const res = await applicantCaller(flaky, NOW, log)(save());
      expect(res).toMatchObject({ ok: false, code: 'INTERNAL' });
      expect(h.businessDump()).toBe(before);
      // The client's retry does the work, once.
      expect((await applicantCaller(flaky, new Date('2021-10-08T03:00:00.000Z'), log)(save())).ok).toBe(true);
      expect(await h.store.countDrafts('alice')).toBe(1);
      expect((await h.store.listAudit({ actor: 'alice' })).entries.map((e) => e.result)).toEqual(['ok', 'INTERNAL']);
    });
  });
});

describe('applicant function on CloudBase (test fake): a commit that stops half-way', () => {
  it('should be completed by the retry of the same request, with one draft and one audit entry', async () => {
    const [, make] = STORES[1] as [string, () => StoreHarness];
    const h = make();
    const fake = h.fake!;
    const call = applicantCaller(h.store, NOW, []);
    await consented(h.store, 'alice');
    // The draft is written, then the audit write fails: the request record (last) is never written.
    fake.failWhen = (w) => w.collection === 'audit_log' && w.op === 'add';
    expect(await call(save())).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(await h.store.countDrafts('alice')).toBe(1);
    fake.failWhen = undefined;

    const retry = data(await call(save()));
    expect(await h.store.countDrafts('alice')).toBe(1);
    expect((await h.store.listDrafts('alice'))[0]?.id).toBe(retry.draft.draftId);
    const ok = (await h.store.listAudit({ actor: 'alice' })).entries.filter((e) => e.result === 'ok');
    expect(ok).toHaveLength(1);
    expect(data(await call(save()))).toEqual(retry);
  });
});

describe('runtime error mapping', () => {
  /** The applicant's 测算 actions with handlers that raise chosen errors. */
  const raising = (error: unknown) => {
    const fail = async (): Promise<never> => {
      throw error;
    };
    const handlers: Handlers<typeof SCORING_ACTIONS, ScoringApi> = {
      'round.current': fail,
      simulate: fail,
      'draft.save': fail,
      'draft.list': fail,
      'draft.get': fail,
      'draft.remove': fail,
    };
    return defineFunction<typeof SCORING_ACTIONS, ScoringApi>({
      name: 'test-fn',
      actions: SCORING_ACTIONS,
      handlers,
    });
  };
  const [, make] = STORES[0] as [string, () => StoreHarness];

  it('should answer CALENDAR_YEAR_MISSING with the calendar error message', async () => {
    const h = make();
    const fn = raising(new CalendarGapError(2027));
    const res = await fn({ action: 'round.current' }, { openid: 'alice' }, { store: h.store, now: () => NOW });
    expect(res).toEqual({ ok: false, code: 'CALENDAR_YEAR_MISSING', message: new CalendarGapError(2027).message });
    expect(res.ok || res.message).toMatch(CHINESE);
  });

  it("should answer a handler's AppError with its code, message and fields", async () => {
    const h = make();
    const fields = [{ path: 'x', field: '某项', message: '不对' }];
    const fn = raising(new AppError('FORBIDDEN', '只有本人可以操作', fields));
    const res = await fn(
      { action: 'draft.remove', requestId: 'req-forbid-01', payload: { draftId: 'd1' } },
      { openid: 'alice' },
      { store: h.store, now: () => NOW },
    );
    expect(res).toEqual({ ok: false, code: 'FORBIDDEN', message: '只有本人可以操作', fields });
    expect((await h.store.listAudit({ actor: 'alice' })).entries).toMatchObject([
      { result: 'FORBIDDEN', target: 'test-fn:draft.remove' },
    ]);
  });

  it('should answer INTERNAL for a thrown non-Error, without logging its content', async () => {
    const h = make();
    const log: string[] = [];
    const fn = raising({ secret: '330106198705120018' });
    const res = await fn(
      { action: 'draft.list' },
      { openid: 'alice' },
      { store: h.store, now: () => NOW, log: (l) => log.push(l) },
    );
    expect(res).toEqual({ ok: false, code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL });
    expect(log.join('\n')).not.toContain('330106');
  });

  it('should make a missing handler a compile-time error (checked by tsc -p test/tsconfig.json)', () => {
    // @ts-expect-error every action of the map needs a handler
    const incomplete: Handlers<typeof SCORING_ACTIONS, ScoringApi> = {
      'round.current': async () => ({ today: '', round: null, phase: 'closed', policy: null }),
    };
    expect(Object.keys(incomplete)).toEqual(['round.current']);
  });

  it('should serve the registry under the name applicant', async () => {
    const { FUNCTIONS } = await import('../../cloudfunctions/registry');
    expect(FUNCTIONS.applicant).toBe(applicant);
  });
});
