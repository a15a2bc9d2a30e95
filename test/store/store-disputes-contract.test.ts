/**
 * The disputes area (异议, 复核, the re-review limit) and the bulk confirmation, the same on both adapters: reads by
 * id, the district office's queue (open first), a department's 复核 queue page by page, overdue re-reviews,
 * conditional writes, and confirmDue's set-based confirmation of published cases only.
 */
import type { DisputeRecord, RecheckRecord } from '../../cloudfunctions/_core/store';
import { confirmAuditEntry, StoreConflictError } from '../../cloudfunctions/_core/store';
import { ADAPTERS, AT, sampleApplication, type Harness } from './adapters';

const LATER = '2021-10-08T02:00:00.000Z';

const dispute = (id: string, over: Partial<DisputeRecord> = {}): DisputeRecord => ({
  id,
  applicationId: id.replace(/^dp_/, ''),
  roundId: '2021',
  receiptNumber: 'JF2021-1008-000001',
  personKey: 'pk-alice',
  district: 'xihu',
  status: 'raised',
  raisedBy: 'alice',
  actingAs: 'self',
  raisedOn: '2021-11-08',
  lines: [
    {
      indicatorId: 'B4',
      indicatorName: '社会保险',
      department: '市人力社保局',
      reason: '社保缴费月数有误',
      materialIds: [],
      pointsBefore: '29',
      checked: { by: 'local', at: AT },
    },
  ],
  subscribers: ['alice'],
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

const recheck = (id: string, over: Partial<RecheckRecord> = {}): RecheckRecord => ({
  id,
  disputeId: 'dp_a1',
  applicationId: 'a1',
  roundId: '2021',
  receiptNumber: 'JF2021-1008-000001',
  indicatorId: 'B4',
  indicatorName: '社会保险',
  department: '市人力社保局',
  status: 'pending',
  dueOn: '2021-11-22',
  createdAt: AT,
  updatedAt: AT,
  ...over,
});

describe.each(ADAPTERS)('disputes area on %s', (_name, factory) => {
  let h: Harness;
  beforeEach(() => {
    h = factory();
  });
  afterEach(() => h.close());

  it('should read a dispute back whole and list a district office queue with open disputes first', async () => {
    await h.store.putDispute(dispute('dp_a1', { status: 'decided', createdAt: '2021-11-01T00:00:00.000Z' }));
    await h.store.putDispute(dispute('dp_a2', { status: 'raised', createdAt: '2021-11-03T00:00:00.000Z' }));
    await h.store.putDispute(dispute('dp_a3', { status: 'reviewing', createdAt: '2021-11-02T00:00:00.000Z' }));
    await h.store.putDispute(dispute('dp_a4', { district: 'gongshu' }));
    expect(await h.store.getDispute('dp_a2')).toEqual(dispute('dp_a2', { createdAt: '2021-11-03T00:00:00.000Z' }));
    expect(await h.store.getDispute('dp_none')).toBeNull();
    expect((await h.store.listDisputesByDistrict('xihu', 10)).map((d) => d.id)).toEqual(['dp_a2', 'dp_a3', 'dp_a1']);
    expect((await h.store.listDisputesByDistrict('xihu', 2)).map((d) => d.id)).toEqual(['dp_a2', 'dp_a3']);
  });

  it('should write a dispute conditionally: only if still as read, else a state conflict that changes nothing', async () => {
    await h.store.putDispute(dispute('dp_a1'));
    await h.store.putDispute(dispute('dp_a1', { status: 'reviewing', updatedAt: LATER }), {
      status: 'raised',
      updatedAt: AT,
    });
    const before = JSON.stringify(h.dump());
    await expect(
      h.store.putDispute(dispute('dp_a1', { status: 'returned', updatedAt: LATER }), {
        status: 'raised',
        updatedAt: AT,
      }),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(JSON.stringify(h.dump())).toBe(before);
    expect((await h.store.getDispute('dp_a1'))?.status).toBe('reviewing');
  });

  it('should list a department re-review queue page by page, those of a dispute, and the overdue ones', async () => {
    for (let i = 0; i < 3; i++)
      await h.store.putRecheck(
        recheck(`rc_${i}`, { createdAt: `2021-11-0${i + 1}T00:00:00.000Z`, dueOn: `2021-11-1${i}` }),
      );
    await h.store.putRecheck(recheck('rc_police', { department: '市公安局', indicatorId: 'B1', disputeId: 'dp_b' }));
    const first = await h.store.listRechecksByDepartment({ department: '市人力社保局', limit: 2 });
    expect(first.rechecks.map((r) => r.id)).toEqual(['rc_0', 'rc_1']);
    const second = await h.store.listRechecksByDepartment({ department: '市人力社保局', limit: 2, after: first.next });
    expect(second).toEqual({ rechecks: [expect.objectContaining({ id: 'rc_2' })] });
    expect((await h.store.listRechecksByDispute('dp_a1')).map((r) => r.id)).toEqual(['rc_0', 'rc_1', 'rc_2']);
    await h.store.putRecheck(recheck('rc_0', { status: 'upheld', updatedAt: LATER }), {
      status: 'pending',
      updatedAt: AT,
    });
    expect((await h.store.listOverdueRechecks('2021-11-12', 10)).map((r) => r.id)).toEqual(['rc_1']);
    expect(
      (await h.store.listRechecksByDepartment({ department: '市人力社保局', status: 'pending' })).rechecks.map(
        (r) => r.id,
      ),
    ).toEqual(['rc_1', 'rc_2']);
    await expect(
      h.store.putRecheck(recheck('rc_0', { status: 'revised', updatedAt: LATER }), {
        status: 'pending',
        updatedAt: AT,
      }),
    ).rejects.toBeInstanceOf(StoreConflictError);
  });

  it('should keep the re-review limit an administrator set, with its confidence', async () => {
    expect(await h.store.getRecheckLimit()).toBeNull();
    await h.store.putRecheckLimit({ workingDays: 15, confidence: 'I', setBy: 'admin', setAt: AT });
    expect(await h.store.getRecheckLimit()).toEqual({ workingDays: 15, confidence: 'I', setBy: 'admin', setAt: AT });
  });

  it('should confirm published cases due by the cutoff in one set, leaving disputed, later and late-published ones', async () => {
    const app = (id: string, over: Parameters<typeof sampleApplication>[1]) =>
      sampleApplication(id, { status: 'published', publishedAt: '2021-11-05T01:00:00.000Z', ...over });
    await h.store.putApplication(app('due1', { resultDate: '2021-11-04' }));
    await h.store.putApplication(app('due2', { resultDate: '2021-11-05' }));
    await h.store.putApplication(app('later', { resultDate: '2021-11-08' }));
    await h.store.putApplication(app('disputed', { resultDate: '2021-11-04', status: 'disputed' }));
    await h.store.putApplication(app('late', { resultDate: '2021-11-04', publishedAt: '2021-11-10T01:00:00.000Z' }));
    const audit = { actor: 'system:timer', fn: 'scheduler' };
    const done = await h.store.confirmDue('2021-11-05', '2021-11-05T16:00:00.000Z', '2021-11-16', LATER, 1000, audit);
    expect(done.map((c) => c.applicationId).sort()).toEqual(['due1', 'due2']);
    expect(await h.store.getApplication('due1')).toMatchObject({
      status: 'confirmed',
      confirmedOn: '2021-11-16',
      updatedAt: LATER,
    });
    for (const id of ['later', 'late']) expect((await h.store.getApplication(id))?.status).toBe('published');
    expect((await h.store.getApplication('disputed'))?.status).toBe('disputed');
    const trail = await h.store.listAudit({ target: 'application:due1' });
    expect(trail.entries).toEqual([expect.objectContaining({ action: 'result.confirm', actor: 'system:timer' })]);
    expect(trail.entries).toEqual([confirmAuditEntry('due1', LATER, audit)]);
    expect(
      await h.store.confirmDue('2021-11-05', '2021-11-05T16:00:00.000Z', '2021-11-16', LATER, 1000, audit),
    ).toEqual([]);
  });
});
