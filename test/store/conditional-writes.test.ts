/**
 * The store contract of conditional writes, run against SQLite and the CloudBase adapter over the test fake: an
 * application, a task or an entrustment written with the status and `updatedAt` it was read with is written only if
 * the stored record still has exactly them; otherwise the write is refused (`StoreConflictError`, kind 'state') and
 * nothing of its transaction is kept. Two concurrent decisions of one case: exactly one acts.
 */
import {
  StoreConflictError,
  type ApplicationRecord,
  type AuditEntry,
  type EntrustmentRecord,
  type Store,
  type StoreTx,
  type TaskRecord,
} from '../../cloudfunctions/_core/store';
import { ADAPTERS, AT, sampleApplication, sampleEntrustment, sampleTask, type Harness } from './adapters';

const LATER = '2021-10-09T02:00:00.000Z';
const LATEST = '2021-10-09T03:00:00.000Z';

const submitted = (id = 'app1', over: Partial<ApplicationRecord> = {}): ApplicationRecord =>
  sampleApplication(id, { status: 'submitted', submittedAt: AT, resultDate: '2021-11-05', ...over });

const task = sampleTask;
const entrustment = sampleEntrustment;

const audit = (id: string, target = 'application:app1'): AuditEntry => ({
  id,
  at: LATER,
  actor: 'r1',
  actingFor: null,
  fn: 'reviewer',
  action: 'task.decide',
  target,
  result: 'ok',
});

/** The three kinds of record with conditional writes, each as: its stored record, a change of it, and the write. */
const KINDS = [
  {
    kind: 'application',
    put: (s: Store) => s.putApplication(submitted()),
    changed: { ...submitted(), status: 'decided' as const, decidedAt: LATER, updatedAt: LATER },
    write: (tx: StoreTx, expect: { status: string; updatedAt: string }) =>
      tx.putApplication(
        { ...submitted(), status: 'decided', decidedAt: LATER, updatedAt: LATER },
        expect as { status: 'submitted'; updatedAt: string },
      ),
    read: (s: Store) => s.getApplication('app1'),
    id: 'app1',
    status: 'submitted',
    otherStatus: 'corrections',
  },
  {
    kind: 'task',
    put: (s: Store) => s.putTask(task('t1')),
    changed: task('t1', { status: 'confirmed', decidedBy: 'r1', decidedAt: LATER, updatedAt: LATER }),
    write: (tx: StoreTx, expect: { status: string; updatedAt: string }) =>
      tx.putTask(
        task('t1', { status: 'confirmed', decidedBy: 'r1', decidedAt: LATER, updatedAt: LATER }),
        expect as { status: 'pending'; updatedAt: string },
      ),
    read: (s: Store) => s.getTask('t1'),
    id: 't1',
    status: 'pending',
    otherStatus: 'returned',
  },
  {
    kind: 'entrustment',
    put: (s: Store) => s.putEntrustment(entrustment('e1')),
    changed: entrustment('e1', { status: 'active', verifiedAt: LATER, verifiedBy: 'alice', updatedAt: LATER }),
    write: (tx: StoreTx, expect: { status: string; updatedAt: string }) =>
      tx.putEntrustment(
        entrustment('e1', { status: 'active', verifiedAt: LATER, verifiedBy: 'alice', updatedAt: LATER }),
        expect as { status: 'awaiting-principal'; updatedAt: string },
      ),
    read: (s: Store) => s.getEntrustment('e1'),
    id: 'e1',
    status: 'awaiting-principal',
    otherStatus: 'revoked',
  },
] as const;

describe.each(ADAPTERS)('store contract, conditional writes: %s', (_name, make) => {
  let h: Harness;
  let store: Store;
  beforeEach(() => {
    h = make();
    store = h.store;
  });
  afterEach(() => h.close());

  describe.each(KINDS)('$kind', (k) => {
    it('should write when the stored record still has the status and updatedAt it was read with', async () => {
      await k.put(store);
      await store.transaction(async (tx) => {
        await tx.appendAudit(audit('a1'));
        await k.write(tx, { status: k.status, updatedAt: AT });
      });
      expect(await k.read(store)).toEqual(k.changed);
      expect((await store.listAudit({ target: 'application:app1' })).entries.map((e) => e.id)).toEqual(['a1']);
    });

    it('should refuse a stale status with kind state, and keep nothing of its transaction', async () => {
      await k.put(store);
      const before = JSON.stringify(h.dump());
      const run = store.transaction(async (tx) => {
        await tx.appendAudit(audit('a1'));
        await tx.putMaterial({
          id: 'm1',
          applicationId: 'app1',
          key: 'B2:education.0',
          fileId: 'f',
          fileName: 'a.pdf',
          mime: 'application/pdf',
          size: 1,
          sha256: 'ab'.repeat(32),
          uploadedBy: 'alice',
          uploadedAt: LATER,
          reused: false,
        });
        await k.write(tx, { status: k.otherStatus, updatedAt: AT });
        await tx.appendOutbox({
          id: 'o1',
          kind: 'result',
          toOpenid: 'alice',
          applicationId: 'app1',
          data: {},
          createdAt: LATER,
          sent: false,
          attempts: 0,
        });
      });
      await expect(run).rejects.toBeInstanceOf(StoreConflictError);
      await expect(run).rejects.toMatchObject({ kind: 'state', key: k.id });
      expect(JSON.stringify(h.dump())).toBe(before);
      expect(await store.getMaterial('m1')).toBeNull();
      expect(await store.listUnsentOutbox(10)).toEqual([]);
    });

    it('should refuse a stale updatedAt (same status, changed since it was read) and keep nothing', async () => {
      await k.put(store);
      // Read, then someone else changes the record, leaving it in the same status.
      const read = await k.read(store);
      const sameStatusLater = { ...(await k.read(store)), updatedAt: LATEST };
      if (k.kind === 'application') await store.putApplication(sameStatusLater as ApplicationRecord);
      if (k.kind === 'task') await store.putTask(sameStatusLater as TaskRecord);
      if (k.kind === 'entrustment') await store.putEntrustment(sameStatusLater as EntrustmentRecord);
      const before = JSON.stringify(h.dump());

      await expect(
        store.transaction(async (tx) => {
          await tx.appendAudit(audit('a2'));
          await k.write(tx, { status: read?.status ?? '', updatedAt: read?.updatedAt ?? '' });
        }),
      ).rejects.toMatchObject({ kind: 'state', key: k.id });
      expect(JSON.stringify(h.dump())).toBe(before);
      expect((await k.read(store))?.updatedAt).toBe(LATEST);
    });

    it('should refuse a conditional write of a record that does not exist, creating nothing', async () => {
      const before = JSON.stringify(h.dump());
      await expect(
        store.transaction(async (tx) => k.write(tx, { status: k.status, updatedAt: AT })),
      ).rejects.toMatchObject({ kind: 'state' });
      expect(JSON.stringify(h.dump())).toBe(before);
      expect(await k.read(store)).toBeNull();
    });
  });

  it('should apply and refuse conditional writes outside a transaction alike', async () => {
    await store.putApplication(submitted());
    const decided = { ...submitted(), status: 'decided' as const, updatedAt: LATER };
    await store.putApplication(decided, { status: 'submitted', updatedAt: AT });
    expect(await store.getApplication('app1')).toEqual(decided);
    const before = JSON.stringify(h.dump());
    await expect(
      store.putApplication({ ...submitted(), updatedAt: LATEST }, { status: 'submitted', updatedAt: AT }),
    ).rejects.toMatchObject({ kind: 'state', key: 'app1' });
    await expect(store.putTask(task('t9'), { status: 'pending', updatedAt: AT })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    expect(JSON.stringify(h.dump())).toBe(before);
  });

  it('should replace the whole application on a conditional write, dropping fields the new record lacks', async () => {
    await store.putApplication(submitted('app1', { status: 'published', publishedAt: LATER, updatedAt: LATER }));
    // Back to decided (e.g. re-review): the new record has no publishedAt.
    const back = submitted('app1', { status: 'decided', updatedAt: LATEST });
    await store.transaction(async (tx) => tx.putApplication(back, { status: 'published', updatedAt: LATER }));
    expect(await store.getApplication('app1')).toEqual(back);
    expect(await store.countApplicationsByStatus({ statuses: ['published'] })).toBe(0);
  });

  it('should check a second write of one record in a transaction against the first', async () => {
    await store.putApplication(submitted());
    const step1 = { ...submitted(), status: 'decided' as const, updatedAt: LATER };
    const step2 = { ...step1, status: 'published' as const, publishedAt: LATEST, updatedAt: LATEST };
    await store.transaction(async (tx) => {
      await tx.putApplication(step1, { status: 'submitted', updatedAt: AT });
      await tx.putApplication(step2, { status: 'decided', updatedAt: LATER });
    });
    expect(await store.getApplication('app1')).toEqual(step2);

    const before = JSON.stringify(h.dump());
    await expect(
      store.transaction(async (tx) => {
        await tx.putApplication(
          { ...step2, updatedAt: '2021-10-10T00:00:00.000Z' },
          { status: 'published', updatedAt: LATEST },
        );
        await tx.putApplication(
          { ...step2, updatedAt: '2021-10-11T00:00:00.000Z' },
          { status: 'published', updatedAt: LATEST },
        );
      }),
    ).rejects.toMatchObject({ kind: 'state' });
    expect(JSON.stringify(h.dump())).toBe(before);
  });

  it('should fail the transaction when a conditional write is refused, even if the callback catches the refusal', async () => {
    await store.putApplication(submitted());
    const before = JSON.stringify(h.dump());
    await expect(
      store.transaction(async (tx) => {
        await tx.appendAudit(audit('a1'));
        await tx
          .putApplication({ ...submitted(), updatedAt: LATER }, { status: 'decided', updatedAt: AT })
          .catch(() => undefined);
        return 'swallowed';
      }),
    ).rejects.toMatchObject({ kind: 'state', key: 'app1' });
    expect(JSON.stringify(h.dump())).toBe(before);
  });

  it('should let exactly one of two concurrent decisions of one case act', async () => {
    await store.putApplication(submitted());
    await store.putTask(task('t1'));
    await store.putTask(task('t2', { indicatorId: 'C1', department: '市人社局' }));
    const seen: (ApplicationRecord | null)[] = [];
    // CloudBase runs transactions side by side: hold both after their reads, so both read before either commits.
    let release: () => void = () => undefined;
    const bothRead = new Promise<void>((resolve) => {
      release = resolve;
    });

    /** The last decision of case app1 through task `taskId`: the task, then the case, both conditional. */
    const decide = (taskId: 't1' | 't2', at: string) =>
      store.transaction(async (tx) => {
        const app = await tx.getApplication('app1');
        const t = await tx.getTask(taskId);
        seen.push(app);
        if (!h.serialisesTransactions) {
          if (seen.length === 2) release();
          await bothRead;
        }
        if (!app || !t) throw new Error('missing');
        await tx.putTask({ ...t, status: 'confirmed', decidedBy: taskId, updatedAt: at }, t);
        await tx.appendAudit(audit(`a_${taskId}`));
        // A decision acts only on a submitted case (the lifecycle's guard: expected status `submitted`).
        await tx.putApplication(
          { ...app, status: 'decided', decidedAt: at, updatedAt: at },
          { status: 'submitted', updatedAt: app.updatedAt },
        );
        return taskId;
      });

    const results = await Promise.allSettled([decide('t1', LATER), decide('t2', LATEST)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(StoreConflictError);
    expect(lost[0]?.reason).toMatchObject({ kind: 'state', key: 'app1' });

    const winner = (won[0] as PromiseFulfilledResult<'t1' | 't2'>).value;
    const loser = winner === 't1' ? 't2' : 't1';
    const app = await store.getApplication('app1');
    expect(app).toMatchObject({ status: 'decided', updatedAt: winner === 't1' ? LATER : LATEST });
    // Nothing of the losing decision is kept: its task still pending, no trail entry.
    expect((await store.getTask(loser))?.status).toBe('pending');
    expect((await store.getTask(winner))?.status).toBe('confirmed');
    expect((await store.listAudit({ target: 'application:app1' })).entries.map((e) => e.id)).toEqual([`a_${winner}`]);

    if (h.serialisesTransactions) {
      // Serialised: the second read the first's write, and its expectation (a submitted case) was stale.
      expect(seen.map((a) => a?.status)).toEqual(['submitted', 'decided']);
    } else {
      // Side by side: both read the submitted case before either committed.
      expect(seen.map((a) => a?.status)).toEqual(['submitted', 'submitted']);
    }
  });
});

describe('CloudBase commit, conditional writes refused after their checks passed', () => {
  it('should put back the earlier conditional writes of a refused commit, keeping nothing of it', async () => {
    const [, make] = ADAPTERS[1] as [string, () => Harness];
    const h = make();
    const fake = h.fake!;
    const store = h.store;
    await store.putApplication(submitted());
    await store.putTask(task('t1'));
    await store.putTask(task('t2', { indicatorId: 'C1', department: '市人社局' }));
    const pendingT2 = await store.getTask('t2');

    // Hold every task write until both commits are past their checks, so the second's case write is refused by the
    // conditional update itself (its check saw the case still submitted), after its task write was applied.
    let held = 0;
    let go: () => void = () => undefined;
    const both = new Promise<void>((resolve) => {
      go = resolve;
    });
    fake.beforeWrite = async (w) => {
      if (w.collection !== 'tasks') return;
      held++;
      if (held === 2) go();
      await both;
    };
    const decide = (taskId: 't1' | 't2', at: string) =>
      store.transaction(async (tx) => {
        const app = (await tx.getApplication('app1')) as ApplicationRecord;
        const t = (await tx.getTask(taskId)) as TaskRecord;
        await tx.putTask({ ...t, status: 'confirmed', updatedAt: at }, t);
        await tx.putApplication({ ...app, status: 'decided', updatedAt: at }, app);
        await tx.appendAudit(audit(`a_${taskId}`));
      });
    const results = await Promise.allSettled([decide('t1', LATER), decide('t2', LATEST)]);
    fake.beforeWrite = undefined;

    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ kind: 'state', key: 'app1' });
    expect(await store.getApplication('app1')).toMatchObject({ status: 'decided', updatedAt: LATER });
    expect((await store.getTask('t1'))?.status).toBe('confirmed');
    // The refused commit's task write was applied, then put back.
    expect(await store.getTask('t2')).toEqual(pendingT2);
    expect((await store.listAudit({ target: 'application:app1' })).entries.map((e) => e.id)).toEqual(['a_t1']);
  });
});

describe('CloudBase conditional writes of documents written before they carried a top-level updatedAt', () => {
  it('should compare the stored document instead, writing when it is as read and refusing when it changed', async () => {
    const [, make] = ADAPTERS[1] as [string, () => Harness];
    const h = make();
    const old = task('t1');
    // A task as the adapter stored it before: no top-level updatedAt.
    await h
      .fake!.collection('tasks')
      .doc('t1')
      .set({
        data: {
          applicationId: old.applicationId,
          department: old.department,
          status: old.status,
          seq: `${old.resultDate}|${old.id}`,
          docJson: JSON.stringify(old),
        },
      });
    const stale = { status: 'pending' as const, updatedAt: '2021-10-01T00:00:00.000Z' };
    const before = JSON.stringify(h.dump());
    await expect(h.store.putTask({ ...old, status: 'confirmed', updatedAt: LATER }, stale)).rejects.toMatchObject({
      kind: 'state',
    });
    await expect(
      h.store.transaction(async (tx) => tx.putTask({ ...old, status: 'confirmed', updatedAt: LATER }, stale)),
    ).rejects.toMatchObject({ kind: 'state' });
    expect(JSON.stringify(h.dump())).toBe(before);

    await h.store.transaction(async (tx) => {
      const read = (await tx.getTask('t1')) as TaskRecord;
      await tx.putTask({ ...read, status: 'confirmed', updatedAt: LATER }, read);
    });
    expect(await h.store.getTask('t1')).toEqual({ ...old, status: 'confirmed', updatedAt: LATER });
    // Now carrying updatedAt, it is compared directly.
    await h.store.putTask({ ...old, status: 'returned', updatedAt: LATEST }, { status: 'confirmed', updatedAt: LATER });
    expect((await h.store.getTask('t1'))?.status).toBe('returned');
  });
});
