/**
 * The store contract: one suite, run against the SQLite adapter and the CloudBase adapter (over the in-memory test
 * fake of the CloudBase database API). Both must behave the same for everything a handler can observe.
 */
import { BUILTIN_POLICIES, type PolicyVersion } from '../../shared/policy';
import { ROUND_2021, type Round } from '../../shared/rounds';
import type { HolidayTable } from '../../shared/calendar';
import {
  refusalAuditId,
  StoreConflictError,
  StoreUsageError,
  type AuditEntry,
  type RefusalEvent,
  type DraftRecord,
  type RequestRecord,
  type Store,
} from '../../cloudfunctions/_core/store';
import { ADAPTERS, type Harness } from './adapters';

const draft = (over: Partial<DraftRecord> = {}): DraftRecord => ({
  id: 'd1',
  owner: 'alice',
  title: '我的测算',
  profile: { person: { name: '张伟' }, note: 'a.b', 'odd.key': { $gt: 1 }, list: [1, '二', null] },
  createdAt: '2021-10-08T01:00:00.000Z',
  updatedAt: '2021-10-08T01:00:00.000Z',
  ...over,
});

const policy = (id: string, effectiveFrom: string): PolicyVersion => ({
  ...(BUILTIN_POLICIES[1] as PolicyVersion),
  id,
  name: `测试版本 ${id}`,
  effectiveFrom,
});

const round = (year: number, name = `${year} 年度（管理员）`): Round => ({
  ...ROUND_2021,
  id: String(year),
  year,
  name,
  source: 'admin',
});

const holidays = (year: number, label = '元旦'): HolidayTable => ({
  year,
  holidays: { [`${year}-01-01`]: label },
  workdays: {},
  source: '测试',
});

const audit = (id: string, at: string, over: Partial<AuditEntry> = {}): AuditEntry => ({
  id,
  at,
  actor: 'alice',
  actingFor: null,
  fn: 'applicant',
  action: 'draft.save',
  target: 'draft:d1',
  result: 'ok',
  ...over,
});

const request = (key: string): RequestRecord => ({
  key,
  actor: 'alice',
  fn: 'applicant',
  action: 'draft.save',
  requestId: 'req-00000001',
  payloadHash: 'h1',
  response: { draft: { draftId: 'd1', total: null } },
  at: '2021-10-08T01:00:00.000Z',
});

describe.each(ADAPTERS)('store contract: %s', (_name, make) => {
  let h: Harness;
  let store: Store;
  beforeEach(() => {
    h = make();
    store = h.store;
  });
  afterEach(() => h.close());

  describe('drafts', () => {
    it('should return a saved draft to its owner with the profile unchanged, including keys with "." and "$"', async () => {
      await store.putDraft(draft());
      expect(await store.getDraft('alice', 'd1')).toEqual(draft());
    });

    it("should answer null for another person's draft, as for a missing one", async () => {
      await store.putDraft(draft());
      expect(await store.getDraft('bob', 'd1')).toBeNull();
      expect(await store.getDraft('alice', 'nope')).toBeNull();
    });

    it('should replace a draft saved again with the same id', async () => {
      await store.putDraft(draft());
      await store.putDraft(draft({ title: '改过的', updatedAt: '2021-10-09T00:00:00.000Z' }));
      expect(await store.getDraft('alice', 'd1')).toMatchObject({
        title: '改过的',
        updatedAt: '2021-10-09T00:00:00.000Z',
      });
      expect(await store.countDrafts('alice')).toBe(1);
    });

    it("should list only the owner's drafts, most recently updated first, and count them", async () => {
      await store.putDraft(draft({ id: 'a', updatedAt: '2021-10-01T00:00:00.000Z' }));
      await store.putDraft(draft({ id: 'b', updatedAt: '2021-10-03T00:00:00.000Z' }));
      await store.putDraft(draft({ id: 'c', updatedAt: '2021-10-02T00:00:00.000Z' }));
      await store.putDraft(draft({ id: 'x', owner: 'bob' }));
      expect((await store.listDrafts('alice')).map((d) => d.id)).toEqual(['b', 'c', 'a']);
      expect(await store.countDrafts('alice')).toBe(3);
      expect(await store.countDrafts('carol')).toBe(0);
      expect(await store.listDrafts('carol')).toEqual([]);
    });

    it('should list every draft even beyond the 1000 documents one CloudBase query returns', async () => {
      const n = 1205;
      for (let i = 0; i < n; i++) {
        const t = new Date(Date.UTC(2021, 0, 1) + i * 60_000).toISOString();
        await store.putDraft(draft({ id: `d${String(i).padStart(5, '0')}`, updatedAt: t, profile: {} }));
      }
      const list = await store.listDrafts('alice');
      expect(list).toHaveLength(n);
      expect(new Set(list.map((d) => d.id)).size).toBe(n);
      expect(list[0]?.id).toBe('d01204');
      expect(list[n - 1]?.id).toBe('d00000');
      expect(await store.countDrafts('alice')).toBe(n);
    });

    it("should not remove another person's draft, and removing a missing draft is not an error", async () => {
      await store.putDraft(draft());
      await store.removeDraft('bob', 'd1');
      expect(await store.getDraft('alice', 'd1')).not.toBeNull();
      await store.removeDraft('alice', 'd1');
      expect(await store.getDraft('alice', 'd1')).toBeNull();
      await expect(store.removeDraft('alice', 'd1')).resolves.toBeUndefined();
    });
  });

  describe('policy versions, round overrides, holiday tables', () => {
    it('should list published policy versions by effective date', async () => {
      await store.publishPolicyVersion({
        policy: policy('hz-2030', '2030-01-01'),
        publishedAt: '2029-01-01T00:00:00.000Z',
        publishedBy: 'admin',
      });
      await store.publishPolicyVersion({
        policy: policy('hz-2028', '2028-01-01'),
        publishedAt: '2027-01-01T00:00:00.000Z',
        publishedBy: 'admin',
      });
      const list = await store.listPolicyVersions();
      expect(list.map((p) => p.policy.id)).toEqual(['hz-2028', 'hz-2030']);
      expect(list[0]).toEqual({
        policy: policy('hz-2028', '2028-01-01'),
        publishedAt: '2027-01-01T00:00:00.000Z',
        publishedBy: 'admin',
      });
    });

    it('should refuse to publish a version id twice and keep the first', async () => {
      await store.publishPolicyVersion({
        policy: policy('hz-2030', '2030-01-01'),
        publishedAt: 'a',
        publishedBy: 'admin',
      });
      const again = store.publishPolicyVersion({
        policy: policy('hz-2030', '2031-01-01'),
        publishedAt: 'b',
        publishedBy: 'admin',
      });
      await expect(again).rejects.toBeInstanceOf(StoreConflictError);
      await expect(again).rejects.toMatchObject({ kind: 'policy' });
      expect((await store.listPolicyVersions()).map((p) => p.policy.effectiveFrom)).toEqual(['2030-01-01']);
    });

    it('should keep one round override per year, the latest, listed by year', async () => {
      await store.putRoundOverride(round(2028));
      await store.putRoundOverride(round(2027));
      await store.putRoundOverride(round(2028, '改过的 2028'));
      expect(await store.listRoundOverrides()).toEqual([round(2027), round(2028, '改过的 2028')]);
    });

    it('should change the reference version with every write of a policy, round or holiday table, and only then', async () => {
      const seen = [await store.referenceVersion()];
      const expectNew = async (): Promise<void> => {
        const v = await store.referenceVersion();
        expect(seen).not.toContain(v);
        seen.push(v);
      };
      const expectSame = async (): Promise<void> => expect(await store.referenceVersion()).toBe(seen[seen.length - 1]);
      await store.putDraft(draft());
      await store.listRoundOverrides();
      await expectSame();
      await store.publishPolicyVersion({ policy: policy('hz-2030', '2030-01-01'), publishedAt: 'a', publishedBy: 'x' });
      await expectNew();
      await store.putRoundOverride(round(2028));
      await expectNew();
      await store.putRoundOverride(round(2028, '改过的 2028'));
      await expectNew();
      await store.putHolidayTable(holidays(2028));
      await expectNew();
      // A refused publication and a transaction that fails write nothing, so the version stays.
      await expect(
        store.publishPolicyVersion({ policy: policy('hz-2030', '2031-01-01'), publishedAt: 'b', publishedBy: 'x' }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      await expect(
        store.transaction(async (tx) => {
          await tx.putRoundOverride(round(2029));
          throw new Error('stop');
        }),
      ).rejects.toThrow('stop');
      await expectSame();
      expect((await store.listRoundOverrides()).map((r) => r.year)).toEqual([2028]);
    });

    it('should keep one holiday table per year, the latest, listed by year', async () => {
      await store.putHolidayTable(holidays(2028));
      await store.putHolidayTable(holidays(2027));
      await store.putHolidayTable(holidays(2028, '新年'));
      expect(await store.listHolidayTables()).toEqual([holidays(2027), holidays(2028, '新年')]);
    });
  });

  describe('audit', () => {
    it("should list a target's entries newest first, a page at a time, without losing or repeating any", async () => {
      // Two entries share a millisecond: the id orders them.
      const times = [
        '2021-10-08T01:00:00.000Z',
        '2021-10-08T02:00:00.000Z',
        '2021-10-08T02:00:00.000Z',
        '2021-10-08T03:00:00.000Z',
        '2021-10-08T04:00:00.000Z',
      ];
      for (const [i, at] of times.entries()) await store.appendAudit(audit(`a${i}`, at));
      await store.appendAudit(audit('other', '2021-10-08T05:00:00.000Z', { target: 'draft:d2' }));

      const p1 = await store.listAudit({ target: 'draft:d1', limit: 2 });
      expect(p1.entries.map((e) => e.id)).toEqual(['a4', 'a3']);
      expect(p1.next).toBeDefined();
      const p2 = await store.listAudit({ target: 'draft:d1', limit: 2, before: p1.next });
      expect(p2.entries.map((e) => e.id)).toEqual(['a2', 'a1']);
      const p3 = await store.listAudit({ target: 'draft:d1', limit: 2, before: p2.next });
      expect(p3.entries.map((e) => e.id)).toEqual(['a0']);
      expect(p3.next).toBeUndefined();
    });

    it("should list an actor's entries and keep every field", async () => {
      await store.appendAudit(audit('a1', '2021-10-08T01:00:00.000Z', { requestId: 'req-00000001' }));
      await store.appendAudit(
        audit('b1', '2021-10-08T02:00:00.000Z', { actor: 'bob', actingFor: 'alice', result: 'NOT_FOUND' }),
      );
      expect((await store.listAudit({ actor: 'bob' })).entries).toEqual([
        audit('b1', '2021-10-08T02:00:00.000Z', { actor: 'bob', actingFor: 'alice', result: 'NOT_FOUND' }),
      ]);
      expect((await store.listAudit({ actor: 'alice' })).entries).toEqual([
        audit('a1', '2021-10-08T01:00:00.000Z', { requestId: 'req-00000001' }),
      ]);
    });

    it('should keep the first entry when an id is appended again (a replayed commit audits once)', async () => {
      await store.appendAudit(audit('a1', '2021-10-08T01:00:00.000Z'));
      await store.appendAudit(audit('a1', '2021-10-08T09:00:00.000Z', { result: 'INTERNAL' }));
      expect((await store.listAudit({ target: 'draft:d1' })).entries).toEqual([
        audit('a1', '2021-10-08T01:00:00.000Z'),
      ]);
    });
  });

  describe('counted refusals', () => {
    const refusal = (over: Partial<RefusalEvent> = {}): RefusalEvent => ({
      at: '2021-10-08T01:00:05.000Z',
      actor: 'mallory',
      fn: 'applicant',
      action: 'draft.save',
      target: 'draft:new',
      result: 'CONFLICT',
      ...over,
    });

    it('should keep one entry per minute, caller, function, action, target and code, counting each refusal', async () => {
      for (let i = 0; i < 7; i++)
        await store.countRefusal(
          refusal({ at: `2021-10-08T01:00:${String(10 + i)}.000Z`, requestId: `req-burst-${i}` }),
        );
      await store.countRefusal(refusal({ result: 'INVALID_INPUT' }));
      await store.countRefusal(refusal({ target: 'draft:d9' }));
      await store.countRefusal(refusal({ at: '2021-10-08T01:01:00.000Z' })); // the next minute
      await store.countRefusal(refusal({ actor: 'bob' }));
      const entries = (await store.listAudit({ actor: 'mallory' })).entries;
      expect(entries).toHaveLength(4);
      expect(entries.map((e) => [e.at, e.target, e.result, e.count]).sort()).toEqual([
        ['2021-10-08T01:00:05.000Z', 'draft:d9', 'CONFLICT', 1],
        ['2021-10-08T01:00:05.000Z', 'draft:new', 'INVALID_INPUT', 1],
        ['2021-10-08T01:00:10.000Z', 'draft:new', 'CONFLICT', 7],
        ['2021-10-08T01:01:00.000Z', 'draft:new', 'CONFLICT', 1],
      ]);
      const burst = entries.find((e) => e.count === 7);
      expect(burst).toEqual({
        id: refusalAuditId(refusal()),
        at: '2021-10-08T01:00:10.000Z',
        actor: 'mallory',
        actingFor: null,
        fn: 'applicant',
        action: 'draft.save',
        target: 'draft:new',
        result: 'CONFLICT',
        requestId: 'req-burst-0',
        count: 7,
      });
      expect(await store.countRefusalsInMinute('mallory', '2021-10-08T01:00')).toBe(9);
      expect(await store.countRefusalsInMinute('mallory', '2021-10-08T01:01')).toBe(1);
      expect(await store.countRefusalsInMinute('bob', '2021-10-08T01:00')).toBe(1);
      expect(await store.countRefusalsInMinute('nobody', '2021-10-08T01:00')).toBe(0);
      // Ordinary entries are not refusals and are not counted.
      await store.appendAudit(audit('a1', '2021-10-08T01:00:30.000Z', { actor: 'mallory', result: 'ok' }));
      expect(await store.countRefusalsInMinute('mallory', '2021-10-08T01:00')).toBe(9);
    });

    it('should count every one of concurrent refusals of the same key', async () => {
      await Promise.all(Array.from({ length: 20 }, () => store.countRefusal(refusal())));
      expect((await store.listAudit({ target: 'draft:new' })).entries).toEqual([
        expect.objectContaining({ count: 20 }),
      ]);
      expect(await store.countRefusalsInMinute('mallory', '2021-10-08T01:00')).toBe(20);
    });

    it('should count refusals inside a transaction only when it commits', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.countRefusal(refusal());
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect(await store.countRefusalsInMinute('mallory', '2021-10-08T01:00')).toBe(0);
      await store.transaction(async (tx) => tx.countRefusal(refusal()));
      expect(await store.countRefusalsInMinute('mallory', '2021-10-08T01:00')).toBe(1);
    });
  });

  describe('request records', () => {
    it('should return a recorded request and refuse a second record with the same key', async () => {
      expect(await store.getRequest('k1')).toBeNull();
      await store.putRequest(request('k1'));
      expect(await store.getRequest('k1')).toEqual(request('k1'));
      await expect(store.putRequest({ ...request('k1'), payloadHash: 'h2' })).rejects.toMatchObject({
        kind: 'request',
      });
      expect((await store.getRequest('k1'))?.payloadHash).toBe('h1');
    });

    it('should answer a large recorded response exactly as recorded, key order and all', async () => {
      const lines = Array.from({ length: 60 }, (_, i) => ({
        id: `P${i}`,
        name: '区、县（市）级表彰奖励/荣誉称号',
        points: String(i / 2),
        counted: [
          { ref: `honours.${i}`, label: `西湖区优秀志愿者（2019-12-${String((i % 28) + 1).padStart(2, '0')}）` },
        ],
        empty: null,
        flag: i % 2 === 0,
      }));
      const response = { zeta: 1, application: { applicationId: 'app_1', lines }, alpha: '🌸 "quoted" \\ \u2028' };
      await store.putRequest({ ...request('k2'), response });
      const replay = await store.getRequest('k2');
      expect(replay).toEqual({ ...request('k2'), response });
      expect(JSON.stringify(replay?.response)).toBe(JSON.stringify(response));
    });
  });

  describe('transactions', () => {
    it('should keep every write of a transaction that resolves', async () => {
      const r = await store.transaction(async (tx) => {
        expect(await tx.getDraft('alice', 'd1')).toBeNull();
        await tx.putDraft(draft());
        await tx.appendAudit(audit('a1', '2021-10-08T01:00:00.000Z'));
        await tx.putRequest(request('k1'));
        return 42;
      });
      expect(r).toBe(42);
      expect(await store.getDraft('alice', 'd1')).toEqual(draft());
      expect((await store.listAudit({ target: 'draft:d1' })).entries).toHaveLength(1);
      expect(await store.getRequest('k1')).not.toBeNull();
    });

    it('should keep none of the writes of a transaction that rejects', async () => {
      await store.putDraft(draft({ id: 'keep' }));
      const before = JSON.stringify(h.dump());
      await expect(
        store.transaction(async (tx) => {
          await tx.putDraft(draft());
          await tx.removeDraft('alice', 'keep');
          await tx.appendAudit(audit('a1', '2021-10-08T01:00:00.000Z'));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(JSON.stringify(h.dump())).toBe(before);
    });

    it('should keep none of its writes when the request record already exists', async () => {
      await store.putRequest(request('k1'));
      const before = JSON.stringify(h.dump());
      await expect(
        store.transaction(async (tx) => {
          await tx.putDraft(draft());
          await tx.putRequest(request('k1'));
        }),
      ).rejects.toBeInstanceOf(StoreConflictError);
      expect(JSON.stringify(h.dump())).toBe(before);
    });

    it('should refuse a read after a write inside a transaction, and keep nothing', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.putDraft(draft());
          await tx.getDraft('alice', 'd1');
        }),
      ).rejects.toBeInstanceOf(StoreUsageError);
      expect(await store.getDraft('alice', 'd1')).toBeNull();
    });

    it('should refuse use of the store itself and nested transactions inside a transaction', async () => {
      await expect(store.transaction(async () => store.getDraft('alice', 'd1'))).rejects.toBeInstanceOf(
        StoreUsageError,
      );
      await expect(store.transaction(async () => store.transaction(async () => 1))).rejects.toBeInstanceOf(
        StoreUsageError,
      );
    });

    it('should refuse a transaction handle used after the transaction ended', async () => {
      let kept: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
      await store.transaction(async (tx) => {
        kept = tx;
      });
      await expect(kept?.putDraft(draft())).rejects.toBeInstanceOf(StoreUsageError);
      expect(await store.getDraft('alice', 'd1')).toBeNull();
    });

    it('should let concurrent transactions each commit whole', async () => {
      await Promise.all(
        ['a', 'b', 'c'].map((id) =>
          store.transaction(async (tx) => {
            const n = await tx.countDrafts('alice');
            await tx.putDraft(draft({ id, title: `第 ${n} 份` }));
          }),
        ),
      );
      expect(await store.countDrafts('alice')).toBe(3);
    });
  });
});
