/**
 * The store contract of people, entrustments, applications, review, materials and delivery, run against SQLite and
 * the CloudBase adapter over the test fake: identity bindings, roles, entrustments, applications and their scans,
 * tasks, materials, tickets, the outbox, receipt numbers and publishing.
 */
import {
  PUBLISH_BATCH_MAX,
  publishAuditEntry,
  resultOutboxMessage,
  StoreConflictError,
  StoreUsageError,
  type ApplicationRecord,
  type IdentityRecord,
  type MaterialRecord,
  type OutboxMessage,
  type Store,
} from '../../cloudfunctions/_core/store';
import { createHash } from 'crypto';
import { ADAPTERS, AT, sampleApplication, sampleEntrustment, sampleTask, type Harness } from './adapters';

const identity = (over: Partial<IdentityRecord> = {}): IdentityRecord => ({
  openid: 'alice',
  personKey: 'pk-alice',
  name: '张伟',
  idNumber: '330106198705120018',
  mobile: '13800138000',
  boundAt: AT,
  updatedAt: AT,
  ...over,
});

const app = sampleApplication;

const decided = (id: string, resultDate: string, subscribers: string[] = []): ApplicationRecord =>
  app(id, {
    status: 'decided',
    acceptedOn: '2021-10-08',
    resultDate,
    receipt: {
      number: `JF2021-1008-${id}`,
      name: '张伟',
      idNumberMasked: '330106********0018',
      permitNumber: 'ZJ330100123456',
      mobile: '13800138000',
      acceptedOn: '2021-10-08',
      channel: 'online',
      channelLabel: '线上',
      materials: [],
    },
    subscriptions: subscribers.map((openid) => ({ openid, kinds: ['result'] })),
    result: { total: '123.5' } as ApplicationRecord['result'],
  });

const task = sampleTask;
const entrustment = sampleEntrustment;

const material = (id: string, over: Partial<MaterialRecord> = {}): MaterialRecord => ({
  id,
  applicationId: 'app1',
  key: 'B2:education.0',
  fileId: `materials/app1/${id}.pdf`,
  fileName: '毕业证.pdf',
  mime: 'application/pdf',
  size: 1234,
  sha256: 'ab'.repeat(32),
  uploadedBy: 'alice',
  uploadedAt: AT,
  reused: false,
  ...over,
});

const message = (id: string, createdAt: string, over: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id,
  kind: 'correction',
  toOpenid: 'alice',
  applicationId: 'app1',
  data: { receiptNumber: 'JF2021-1008-000001' },
  createdAt,
  sent: false,
  attempts: 0,
  ...over,
});

describe.each(ADAPTERS)('store contract, cases: %s', (_name, make) => {
  let h: Harness;
  let store: Store;
  beforeEach(() => {
    h = make();
    store = h.store;
  });
  afterEach(() => h.close());

  describe('privacy acceptances', () => {
    it('should record an acceptance per openid and notice version', async () => {
      expect(await store.getPrivacyAcceptance('alice', '2026-11')).toBeNull();
      await store.putPrivacyAcceptance({ openid: 'alice', version: '2026-11', acceptedAt: AT });
      expect(await store.getPrivacyAcceptance('alice', '2026-11')).toEqual({
        openid: 'alice',
        version: '2026-11',
        acceptedAt: AT,
      });
      expect(await store.getPrivacyAcceptance('alice', '2027-01')).toBeNull();
      expect(await store.getPrivacyAcceptance('bob', '2026-11')).toBeNull();
    });
  });

  describe('identities', () => {
    it('should find a binding by openid and by person, and update name and mobile of the same binding', async () => {
      await store.putIdentity(identity());
      expect(await store.getIdentity('alice')).toEqual(identity());
      expect(await store.getIdentityByPerson('pk-alice')).toEqual(identity());
      await store.putIdentity(identity({ mobile: '13900139000', updatedAt: '2021-10-09T00:00:00.000Z' }));
      expect((await store.getIdentity('alice'))?.mobile).toBe('13900139000');
      expect(await store.getIdentity('bob')).toBeNull();
      expect(await store.getIdentityByPerson('pk-bob')).toBeNull();
    });

    it('should refuse an ID number bound to another openid, and an openid bound to another ID number, changing nothing', async () => {
      await store.putIdentity(identity());
      const before = JSON.stringify(h.dump());
      await expect(store.putIdentity(identity({ openid: 'mallory' }))).rejects.toMatchObject({ kind: 'identity' });
      await expect(store.putIdentity(identity({ personKey: 'pk-other' }))).rejects.toBeInstanceOf(StoreConflictError);
      await expect(
        store.transaction(async (tx) => {
          await tx.putPrivacyAcceptance({ openid: 'mallory', version: 'v', acceptedAt: AT });
          await tx.putIdentity(identity({ openid: 'mallory' }));
        }),
      ).rejects.toMatchObject({ kind: 'identity' });
      expect(JSON.stringify(h.dump())).toBe(before);
      expect(await store.getIdentity('mallory')).toBeNull();
    });
  });

  describe('fraud findings and roles', () => {
    it("should list a person's fraud findings oldest first", async () => {
      await store.putFraudFinding({
        id: 'f2',
        personKey: 'pk-alice',
        date: '2020-05-01',
        note: '伪造学历',
        recordedBy: 'admin',
        recordedAt: AT,
      });
      await store.putFraudFinding({
        id: 'f1',
        personKey: 'pk-alice',
        date: '2018-01-01',
        note: '伪造',
        recordedBy: 'admin',
        recordedAt: AT,
      });
      await store.putFraudFinding({
        id: 'f3',
        personKey: 'pk-bob',
        date: '2019-01-01',
        note: '伪造',
        recordedBy: 'admin',
        recordedAt: AT,
      });
      expect((await store.listFraudFindings('pk-alice')).map((f) => f.id)).toEqual(['f1', 'f2']);
      expect(await store.listFraudFindings('pk-carol')).toEqual([]);
    });

    it('should keep one role per openid, role and department, list them, and remove one', async () => {
      await store.putRole({
        openid: 'r1',
        role: 'reviewer',
        department: '市教育局',
        grantedBy: 'admin',
        grantedAt: AT,
      });
      await store.putRole({
        openid: 'r1',
        role: 'reviewer',
        department: '市公安局',
        grantedBy: 'admin',
        grantedAt: AT,
      });
      await store.putRole({
        openid: 'r1',
        role: 'reviewer',
        department: '市公安局',
        grantedBy: 'admin2',
        grantedAt: AT,
      });
      await store.putRole({ openid: 'a1', role: 'admin', grantedBy: 'root', grantedAt: AT });
      expect((await store.listRolesOf('r1')).map((r) => [r.department, r.grantedBy])).toEqual([
        ['市公安局', 'admin2'],
        ['市教育局', 'admin'],
      ]);
      expect((await store.listRoles()).map((r) => `${r.openid}/${r.role}/${r.department ?? ''}`)).toEqual([
        'a1/admin/',
        'r1/reviewer/市公安局',
        'r1/reviewer/市教育局',
      ]);
      await store.removeRole('r1', 'reviewer', '市公安局');
      await store.removeRole('r1', 'reviewer', '市公安局');
      await store.removeRole('a1', 'admin');
      expect((await store.listRolesOf('r1')).map((r) => r.department)).toEqual(['市教育局']);
      expect(await store.listRolesOf('a1')).toEqual([]);
    });

    it('should keep district acceptance point roles apart from department roles and from each other, and remove one', async () => {
      await store.putRole({ openid: 'r2', role: 'reviewer', district: 'xihu', grantedBy: 'admin', grantedAt: AT });
      await store.putRole({ openid: 'r2', role: 'reviewer', district: 'binjiang', grantedBy: 'admin', grantedAt: AT });
      await store.putRole({
        openid: 'r2',
        role: 'reviewer',
        department: '市公安局',
        grantedBy: 'admin',
        grantedAt: AT,
      });
      const lines = (await store.listRolesOf('r2')).map((r) => `${r.department ?? ''}/${r.district ?? ''}`).sort();
      expect(lines).toEqual(['/binjiang', '/xihu', '市公安局/']);
      await store.removeRole('r2', 'reviewer', undefined, 'xihu');
      expect((await store.listRolesOf('r2')).map((r) => `${r.department ?? ''}/${r.district ?? ''}`).sort()).toEqual([
        '/binjiang',
        '市公安局/',
      ]);
      await store.removeRole('r2', 'reviewer', '市公安局');
      expect((await store.listRolesOf('r2')).map((r) => r.district)).toEqual(['binjiang']);
    });
  });

  describe('entrustments', () => {
    it('should list by agent and by principal, newest first', async () => {
      await store.putEntrustment(entrustment('e1'));
      await store.putEntrustment(entrustment('e2', { createdAt: '2021-10-09T00:00:00.000Z', principalKey: 'pk-bob' }));
      await store.putEntrustment(entrustment('e3', { agentOpenid: 'other', createdAt: '2021-10-10T00:00:00.000Z' }));
      expect((await store.listEntrustmentsByAgent('hr')).map((e) => e.id)).toEqual(['e2', 'e1']);
      expect((await store.listEntrustmentsByPrincipal('pk-alice')).map((e) => e.id)).toEqual(['e3', 'e1']);
      await store.putEntrustment(entrustment('e1', { status: 'revoked', revokedAt: AT, revokedBy: 'alice' }));
      expect(await store.getEntrustment('e1')).toEqual(
        entrustment('e1', { status: 'revoked', revokedAt: AT, revokedBy: 'alice' }),
      );
      expect(await store.getEntrustment('nope')).toBeNull();
    });

    it("should list a district's entrustments in one status, oldest first, following status changes", async () => {
      await store.putEntrustment(
        entrustment('d2', { verifyBy: 'district', status: 'awaiting-district', createdAt: '2021-10-09T00:00:00.000Z' }),
      );
      await store.putEntrustment(entrustment('d1', { verifyBy: 'district', status: 'awaiting-district' }));
      await store.putEntrustment(
        entrustment('d3', { verifyBy: 'district', status: 'awaiting-district', district: 'binjiang' }),
      );
      await store.putEntrustment(entrustment('d4'));
      expect((await store.listEntrustmentsByDistrict('xihu', 'awaiting-district')).map((e) => e.id)).toEqual([
        'd1',
        'd2',
      ]);
      expect((await store.listEntrustmentsByDistrict('binjiang', 'awaiting-district')).map((e) => e.id)).toEqual([
        'd3',
      ]);
      await store.putEntrustment(
        entrustment('d1', { verifyBy: 'district', status: 'active', verifiedAt: AT, verifiedBy: 'r' }),
      );
      expect((await store.listEntrustmentsByDistrict('xihu', 'awaiting-district')).map((e) => e.id)).toEqual(['d2']);
      expect((await store.listEntrustmentsByDistrict('xihu', 'active')).map((e) => e.id)).toEqual(['d1']);
      expect(await store.listEntrustmentsByDistrict('shangcheng', 'awaiting-district')).toEqual([]);
    });
  });

  describe('applications', () => {
    it('should return an application unchanged, including profile keys with "." and "$", and list by person and creator', async () => {
      await store.putApplication(app('a1'));
      await store.putApplication(app('a2', { createdAt: '2021-10-09T00:00:00.000Z', createdBy: 'hr' }));
      await store.putApplication(app('a3', { personKey: 'pk-bob', createdBy: 'hr' }));
      expect(await store.getApplication('a1')).toEqual(app('a1'));
      expect(await store.getApplication('zz')).toBeNull();
      expect((await store.listApplicationsByPerson('pk-alice')).map((a) => a.id)).toEqual(['a2', 'a1']);
      expect((await store.listApplicationsByCreator('hr')).map((a) => a.id)).toEqual(['a2', 'a3']);
    });

    it('should scan by status and result date, a page at a time, without losing or repeating any, and count them', async () => {
      const dates = ['2021-11-05', '2021-11-01', '2021-11-05', '2021-11-08', '2021-11-02'];
      for (const [i, d] of dates.entries()) await store.putApplication(decided(`d${i}`, d));
      await store.putApplication(app('draft1'));
      await store.putApplication(app('sub1', { status: 'submitted', resultDate: '2021-11-01' }));

      const p1 = await store.listApplicationsByStatus({ statuses: ['decided'], resultDateTo: '2021-11-05', limit: 2 });
      expect(p1.applications.map((a) => a.id)).toEqual(['d1', 'd4']);
      const p2 = await store.listApplicationsByStatus({
        statuses: ['decided'],
        resultDateTo: '2021-11-05',
        limit: 2,
        after: p1.next,
      });
      expect(p2.applications.map((a) => a.id)).toEqual(['d0', 'd2']);
      expect(p2.next).toBeUndefined();
      expect(await store.countApplicationsByStatus({ statuses: ['decided'], resultDateTo: '2021-11-05' })).toBe(4);
      expect(await store.countApplicationsByStatus({ statuses: ['decided', 'submitted'] })).toBe(6);
      const all = await store.listApplicationsByStatus({ statuses: ['decided', 'submitted', 'draft'] });
      expect(all.applications).toHaveLength(7);
      expect(all.applications[0]?.id).toBe('d1');
    });

    it('should scan past the 1000 documents one CloudBase query returns', async () => {
      const n = 1003;
      for (let i = 0; i < n; i++) await store.putApplication(decided(`x${String(i).padStart(4, '0')}`, '2021-11-01'));
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await store.listApplicationsByStatus({
          statuses: ['decided'],
          resultDateTo: '2021-11-01',
          limit: 1000,
          after,
        });
        seen.push(...page.applications.map((a) => a.id));
        if (!page.next) break;
        after = page.next;
      }
      expect(seen).toHaveLength(n);
      expect(new Set(seen).size).toBe(n);
    });
  });

  describe('publishing', () => {
    it('should publish decided cases whose result date has come, record result messages for subscribers, and only once', async () => {
      await store.putApplication(decided('p1', '2021-11-05', ['alice', 'hr']));
      await store.putApplication(decided('p2', '2021-11-04'));
      await store.putApplication(decided('later', '2021-11-06', ['alice']));
      await store.putApplication(app('sub', { status: 'submitted', resultDate: '2021-11-01' }));
      const at = '2021-11-05T00:00:00.000Z';

      const first = await store.publishDue('2021-11-05', at, 1);
      expect(first.map((c) => c.applicationId)).toEqual(['p2']);
      const second = await store.publishDue('2021-11-05', at, 10);
      expect(second).toEqual([
        {
          applicationId: 'p1',
          roundId: '2021',
          receiptNumber: 'JF2021-1008-p1',
          resultDate: '2021-11-05',
          notified: 2,
        },
      ]);
      expect(await store.publishDue('2021-11-05', at, 10)).toEqual([]);

      expect(await store.getApplication('p1')).toMatchObject({ status: 'published', publishedAt: at, updatedAt: at });
      expect((await store.getApplication('later'))?.status).toBe('decided');
      expect((await store.getApplication('sub'))?.status).toBe('submitted');
      const unsent = await store.listUnsentOutbox(10);
      expect(unsent.map((m) => [m.id, m.kind, m.toOpenid])).toEqual([
        ['result:2021-11-05:p1:alice', 'result', 'alice'],
        ['result:2021-11-05:p1:hr', 'result', 'hr'],
      ]);
      expect(unsent[0]?.data).toEqual({ receiptNumber: 'JF2021-1008-p1', resultDate: '2021-11-05', total: '123.5' });
    });

    it("should write each published case's result.publish trail entry with it when told who publishes, once per case", async () => {
      await store.putApplication(decided('p1', '2021-11-05', ['alice']));
      await store.putApplication(decided('p2', '2021-11-04'));
      await store.putApplication(decided('later', '2021-11-06'));
      const at = '2021-11-05T00:00:00.000Z';
      const by = { actor: 'system:timer', fn: 'scheduler' };

      expect((await store.publishDue('2021-11-05', at, 10, by)).map((c) => c.applicationId)).toEqual(['p2', 'p1']);
      const entry = publishAuditEntry('p1', at, by);
      expect(entry).toEqual({
        id: `a_pub_${createHash('sha256').update('p1').digest('hex').slice(0, 32)}`,
        at,
        actor: 'system:timer',
        actingFor: null,
        fn: 'scheduler',
        action: 'result.publish',
        target: 'application:p1',
        result: 'ok',
      });
      expect((await store.listAudit({ target: 'application:p1' })).entries).toEqual([entry]);
      expect((await store.listAudit({ target: 'application:p2' })).entries).toEqual([publishAuditEntry('p2', at, by)]);
      expect((await store.listAudit({ target: 'application:later' })).entries).toEqual([]);
      expect((await store.listAudit({ actor: 'system:timer' })).entries).toHaveLength(2);

      // Published again by hand (status back to decided): the same entry, kept once.
      await store.putApplication(decided('p1', '2021-11-05', ['alice']));
      expect(await store.publishDue('2021-11-05', '2021-11-05T01:00:00.000Z', 10, by)).toHaveLength(1);
      expect((await store.listAudit({ target: 'application:p1' })).entries).toEqual([entry]);
    });

    it("should record each 'result' message exactly as resultOutboxMessage builds it, whatever the recipient's id", async () => {
      await store.putApplication(decided('p1', '2021-11-05', ['alice', 'cli:hr']));
      const at = '2021-11-05T00:00:00.000Z';
      expect(await store.publishDue('2021-11-05', at, 10)).toHaveLength(1);
      const app = { id: 'p1', receiptNumber: 'JF2021-1008-p1', resultDate: '2021-11-05', total: '123.5' };
      expect(await store.listUnsentOutbox(10)).toEqual([
        resultOutboxMessage(app, 'alice', at),
        resultOutboxMessage(app, 'cli:hr', at),
      ]);
      await store.markOutboxSent('result:2021-11-05:p1:alice', '2021-11-05T00:01:00.000Z');
      await store.markOutboxFailed('result:2021-11-05:p1:cli:hr', '2021-11-05T00:01:00.000Z', 'errcode 43101');
      expect(await store.listUnsentOutbox(10)).toEqual([
        { ...resultOutboxMessage(app, 'cli:hr', at), attempts: 1, lastError: 'errcode 43101' },
      ]);
    });

    it('should leave cases of other statuses between a batch’s first and last case as they are, publishing only decided ones', async () => {
      await store.putApplication(decided('m1', '2021-11-04', ['alice']));
      await store.putApplication(app('m2', { status: 'submitted', resultDate: '2021-11-04' }));
      await store.putApplication({ ...decided('m3', '2021-11-04', ['bob']), status: 'published', publishedAt: 'x' });
      await store.putApplication(decided('m4', '2021-11-04', ['carol']));
      await store.putApplication(decided('m5', '2021-11-05', ['dave']));
      const at = '2021-11-05T00:00:00.000Z';
      expect((await store.publishDue('2021-11-05', at, 2)).map((c) => c.applicationId)).toEqual(['m1', 'm4']);
      expect((await store.getApplication('m2'))?.status).toBe('submitted');
      expect(await store.getApplication('m3')).toMatchObject({ status: 'published', publishedAt: 'x' });
      expect((await store.listUnsentOutbox(10)).map((m) => m.applicationId)).toEqual(['m1', 'm4']);
      expect((await store.publishDue('2021-11-05', at, 2)).map((c) => c.applicationId)).toEqual(['m5']);
      expect(await store.publishDue('2021-11-05', at, 2)).toEqual([]);
      expect((await store.getApplication('m2'))?.status).toBe('submitted');
    });

    it("should offer a run's 'result' messages for sending in the order it published their cases: result date, then case", async () => {
      await store.putApplication(decided('a', '2021-11-05', ['alice']));
      await store.putApplication(decided('b', '2021-11-04', ['bob']));
      await store.putApplication(decided('c', '2021-11-04', ['carol']));
      const at = '2021-11-05T00:00:00.000Z';
      expect((await store.publishDue('2021-11-05', at, 10)).map((c) => c.applicationId)).toEqual(['b', 'c', 'a']);
      expect((await store.listUnsentOutbox(10)).map((m) => [m.applicationId, m.toOpenid])).toEqual([
        ['b', 'bob'],
        ['c', 'carol'],
        ['a', 'alice'],
      ]);
    });

    it("should page a run's trail entries by actor among the actor's other entries, newest first, each once", async () => {
      for (const id of ['r1', 'r2', 'r3']) await store.putApplication(decided(id, '2021-11-05'));
      const by = { actor: 'system:timer', fn: 'scheduler' };
      const own = (id: string, at: string) => ({
        id,
        at,
        actor: 'system:timer',
        actingFor: null,
        fn: 'scheduler',
        action: 'publish',
        target: 'scheduler:publish:2021-11-05',
        result: 'ok',
      });
      await store.appendAudit(own('a_before', '2021-11-04T23:00:00.000Z'));
      expect(await store.publishDue('2021-11-05', '2021-11-05T00:00:00.000Z', 10, by)).toHaveLength(3);
      await store.appendAudit(own('a_after', '2021-11-05T01:00:00.000Z'));
      const seen: string[] = [];
      let before: string | undefined;
      for (let page = 0; page < 5; page++) {
        const p = await store.listAudit({ actor: 'system:timer', limit: 2, before });
        seen.push(...p.entries.map((e) => e.id));
        if (!p.next) break;
        before = p.next;
      }
      const published = ['r1', 'r2', 'r3']
        .map((id) => publishAuditEntry(id, '2021-11-05T00:00:00.000Z', by).id)
        .sort()
        .reverse();
      expect(seen).toEqual(['a_after', ...published, 'a_before']);
    });

    it('should write no trail entries when not told who publishes', async () => {
      await store.putApplication(decided('p1', '2021-11-05'));
      expect(await store.publishDue('2021-11-05', '2021-11-05T00:00:00.000Z', 10)).toHaveLength(1);
      expect((await store.listAudit({ target: 'application:p1' })).entries).toEqual([]);
    });

    it('should publish everything due, each case once with its trail entry, when called until it returns none', async () => {
      const n = 1003;
      for (let i = 0; i < n; i++)
        await store.putApplication(
          decided(`q${String(i).padStart(4, '0')}`, i % 2 ? '2021-11-04' : '2021-11-05', ['alice']),
        );
      await store.putApplication(decided('later', '2021-11-06', ['alice']));
      const at = '2021-11-05T00:00:00.000Z';
      const seen: string[] = [];
      let notified = 0;
      let calls = 0;
      for (;;) {
        const batch = await store.publishDue('2021-11-05', at, PUBLISH_BATCH_MAX, {
          actor: 'system:timer',
          fn: 'scheduler',
        });
        calls++;
        expect(batch.length).toBeLessThanOrEqual(PUBLISH_BATCH_MAX);
        // Earliest result date first, then id.
        expect(batch.map((c) => `${c.resultDate}|${c.applicationId}`)).toEqual(
          batch.map((c) => `${c.resultDate}|${c.applicationId}`).sort(),
        );
        if (batch.length === 0) break;
        seen.push(...batch.map((c) => c.applicationId));
        for (const c of batch) notified += c.notified;
        expect(calls).toBeLessThan(5);
      }
      expect(seen).toHaveLength(n);
      expect(new Set(seen).size).toBe(n);
      expect(seen.slice(0, 2)).toEqual(['q0001', 'q0003']);
      expect(await store.countApplicationsByStatus({ statuses: ['published'] })).toBe(n);
      expect((await store.getApplication('later'))?.status).toBe('decided');
      expect((await store.listAudit({ target: 'application:q1002' })).entries.map((e) => e.action)).toEqual([
        'result.publish',
      ]);
      expect(notified).toBe(n);
      expect(await store.listUnsentOutbox(1000)).toHaveLength(1000);
    });

    it('should not offer publishing inside a transaction', async () => {
      await store.transaction(async (tx) => {
        expect((tx as unknown as Record<string, unknown>).publishDue).toBeUndefined();
      });
    });
  });

  describe('tasks', () => {
    it("should list an application's tasks and a department's queue by result date, filtered and paged", async () => {
      await store.putTask(task('t1'));
      await store.putTask(task('t2', { applicationId: 'app2', resultDate: '2021-11-01' }));
      await store.putTask(task('t3', { applicationId: 'app3', resultDate: '2021-11-03', status: 'confirmed' }));
      await store.putTask(task('t4', { indicatorId: 'A1', department: '市公安局' }));
      expect((await store.listTasksByApplication('app1')).map((t) => t.id)).toEqual(['t4', 't1']);
      const p1 = await store.listTasksByDepartment({ department: '市教育局', limit: 2 });
      expect(p1.tasks.map((t) => t.id)).toEqual(['t2', 't3']);
      const p2 = await store.listTasksByDepartment({ department: '市教育局', limit: 2, after: p1.next });
      expect(p2.tasks.map((t) => t.id)).toEqual(['t1']);
      expect(p2.next).toBeUndefined();
      expect(
        (await store.listTasksByDepartment({ department: '市教育局', status: 'pending' })).tasks.map((t) => t.id),
      ).toEqual(['t2', 't1']);

      const history = [...task('t1').history, { at: AT, status: 'returned' as const, by: 'r1', missing: '学位证' }];
      await store.putTask(task('t1', { status: 'returned', missing: '学位证', history }));
      expect(await store.getTask('t1')).toEqual(task('t1', { status: 'returned', missing: '学位证', history }));
      expect(
        (await store.listTasksByDepartment({ department: '市教育局', status: 'pending' })).tasks.map((t) => t.id),
      ).toEqual(['t2']);
    });
  });

  describe('materials and tickets', () => {
    it('should list materials of an application by key, of an entrustment, and remove one', async () => {
      await store.putMaterial(material('m2', { key: 'C1:honours.0' }));
      await store.putMaterial(material('m1'));
      await store.putMaterial(material('m3', { applicationId: undefined, entrustmentId: 'e1', key: 'entrustment' }));
      expect((await store.listMaterialsByApplication('app1')).map((m) => m.id)).toEqual(['m1', 'm2']);
      expect((await store.listMaterialsByEntrustment('e1')).map((m) => m.id)).toEqual(['m3']);
      expect(await store.getMaterial('m1')).toEqual(material('m1'));
      await store.removeMaterial('m1');
      await store.removeMaterial('m1');
      expect(await store.getMaterial('m1')).toBeNull();
    });

    it('should keep an upload ticket and its use', async () => {
      const t = {
        id: 'k1',
        openid: 'alice',
        target: { applicationId: 'app1', key: 'B2:education.0' },
        fileName: 'a.pdf',
        mime: 'application/pdf',
        size: 10,
        fileId: 'materials/app1/k1.pdf',
        createdAt: AT,
        expiresAt: AT,
      };
      await store.putUploadTicket(t);
      expect(await store.getUploadTicket('k1')).toEqual(t);
      await store.putUploadTicket({ ...t, usedAt: AT });
      expect((await store.getUploadTicket('k1'))?.usedAt).toBe(AT);
    });
  });

  describe('outbox', () => {
    it('should keep the first of two messages with one id, list unsent oldest first, and mark sends and failures', async () => {
      await store.appendOutbox(message('m2', '2021-10-09T00:00:00.000Z'));
      await store.appendOutbox(message('m1', '2021-10-08T00:00:00.000Z'));
      await store.appendOutbox(message('m1', '2021-10-08T00:00:00.000Z', { data: { other: 'x' } }));
      expect((await store.listUnsentOutbox(10)).map((m) => m.id)).toEqual(['m1', 'm2']);
      expect((await store.listUnsentOutbox(10))[0]?.data).toEqual({ receiptNumber: 'JF2021-1008-000001' });

      await store.markOutboxFailed('m1', AT, '43101 user refuse to accept the msg');
      await store.markOutboxFailed('m1', AT, 'again');
      expect((await store.listUnsentOutbox(10))[0]).toMatchObject({
        id: 'm1',
        attempts: 2,
        lastError: 'again',
        sent: false,
      });
      await store.markOutboxSent('m1', AT);
      await store.markOutboxFailed('m1', AT, 'late');
      expect((await store.listUnsentOutbox(10)).map((m) => m.id)).toEqual(['m2']);
      expect((await store.listUnsentOutbox(1)).map((m) => m.id)).toEqual(['m2']);
    });
  });

  describe('receipt numbers', () => {
    it('should count per round from 1', async () => {
      expect(await store.nextReceiptSeq('2021')).toBe(1);
      expect(await store.nextReceiptSeq('2021')).toBe(2);
      expect(await store.nextReceiptSeq('2022')).toBe(1);
      expect(await store.nextReceiptSeq('2021')).toBe(3);
    });

    it('should never hand out a number twice to concurrent committed transactions', async () => {
      const got = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          store.transaction(async (tx) => {
            const n = await tx.nextReceiptSeq('2021');
            await tx.putTask(task(`c${i}`, { receiptNumber: String(n) }));
            return n;
          }),
        ),
      );
      expect(new Set(got).size).toBe(25);
      expect(Math.max(...got)).toBe(25);
    });

    it('should count as a read inside a transaction: refused after a write', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.putTask(task('t1'));
          await tx.nextReceiptSeq('2021');
        }),
      ).rejects.toBeInstanceOf(StoreUsageError);
    });
  });
});
