/** The publicity area (a round's line, the admitted list, objections) behaves alike on SQLite and CloudBase. */
import { StoreConflictError } from '../../cloudfunctions/_core/store';
import { ADAPTERS, AT, type Harness } from './adapters';
import { sampleEntry, sampleLine, sampleObjection } from './publicity-sample';

const LATER = '2022-03-10T02:00:00.000Z';

describe.each(ADAPTERS)('publicity on %s', (_name, open) => {
  let h: Harness;
  beforeEach(() => {
    h = open();
  });
  afterEach(() => h.close());

  it('should keep a round’s line by round and list lines by status', async () => {
    const { store } = h;
    expect(await store.getSettlementLine('2021')).toBeNull();
    await store.putSettlementLine(sampleLine('2021', AT));
    await store.putSettlementLine(sampleLine('2020', AT, { status: 'publicity' }));
    await store.putSettlementLine(sampleLine('2019', AT, { status: 'publicity' }));
    expect(await store.getSettlementLine('2021')).toEqual(sampleLine('2021', AT));
    expect((await store.listSettlementLinesByStatus('publicity')).map((l) => l.roundId)).toEqual(['2019', '2020']);
    expect(await store.listSettlementLinesByStatus('closed')).toEqual([]);
  });

  it('should write a line conditionally: as read it acts, stale it is refused with nothing kept', async () => {
    const { store } = h;
    await store.putSettlementLine(sampleLine('2021', AT));
    const published = sampleLine('2021', LATER, { status: 'publishing', createdAt: AT });
    await store.transaction((tx) => tx.putSettlementLine(published, { status: 'open', updatedAt: AT }));
    expect(await store.getSettlementLine('2021')).toEqual(published);
    const before = JSON.stringify(h.dump());
    await expect(
      store.transaction((tx) =>
        tx.putSettlementLine(sampleLine('2021', LATER, { quota: 1 }), { status: 'open', updatedAt: AT }),
      ),
    ).rejects.toBeInstanceOf(StoreConflictError);
    await expect(
      store.putSettlementLine(sampleLine('2022', AT), { status: 'open', updatedAt: AT }),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(JSON.stringify(h.dump())).toBe(before);
  });

  it('should page the listed entries of a round by rank, leaving out removed ones and other rounds', async () => {
    const { store } = h;
    for (let i = 1; i <= 7; i++) await store.putPublicityEntry(sampleEntry(`s${i}`, i <= 3 ? 1 : i, AT));
    await store.putPublicityEntry(sampleEntry('s8', 8, AT, { status: 'removed' }));
    await store.putPublicityEntry(sampleEntry('t1', 1, AT, { roundId: '2022' }));
    const first = await store.listPublicityEntries({ roundId: '2021', status: 'listed', limit: 4 });
    expect(first.entries.map((e) => e.settlementId)).toEqual(['s1', 's2', 's3', 's4']);
    const second = await store.listPublicityEntries({
      roundId: '2021',
      status: 'listed',
      limit: 4,
      ...(first.next ? { after: first.next } : {}),
    });
    expect(second.entries.map((e) => e.settlementId)).toEqual(['s5', 's6', 's7']);
    expect(second.next).toBeUndefined();
    expect(await store.countPublicityEntries('2021', 'listed')).toBe(7);
    expect(await store.countPublicityEntries('2021', 'removed')).toBe(1);
    expect(await store.getPublicityEntry('pe_s8')).toEqual(sampleEntry('s8', 8, AT, { status: 'removed' }));
  });

  it('should list only entries whose notice has not gone out when asked', async () => {
    const { store } = h;
    await store.putPublicityEntry(sampleEntry('s1', 1, AT, { noticed: true, noticedAt: LATER }));
    await store.putPublicityEntry(sampleEntry('s2', 2, AT));
    const due = await store.listPublicityEntries({ roundId: '2021', status: 'listed', noticed: false, limit: 10 });
    expect(due.entries.map((e) => e.settlementId)).toEqual(['s2']);
    const done = await store.listPublicityEntries({ roundId: '2021', status: 'listed', noticed: true, limit: 10 });
    expect(done.entries.map((e) => e.settlementId)).toEqual(['s1']);
  });

  it('should remove an entry only as read', async () => {
    const { store } = h;
    const entry = sampleEntry('s1', 1, AT);
    await store.putPublicityEntry(entry);
    const removed = {
      ...entry,
      status: 'removed' as const,
      removal: { reason: '材料不实', objectionId: 'ob1', by: 'admin', at: LATER },
      updatedAt: LATER,
    };
    await store.transaction((tx) => tx.putPublicityEntry(removed, { status: 'listed', updatedAt: AT }));
    expect(await store.getPublicityEntry(entry.id)).toEqual(removed);
    const before = JSON.stringify(h.dump());
    await expect(
      store.transaction((tx) =>
        tx.putPublicityEntry({ ...entry, updatedAt: LATER }, { status: 'listed', updatedAt: AT }),
      ),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(JSON.stringify(h.dump())).toBe(before);
  });

  it('should page a round’s objections oldest first, by status, and list an entry’s objections', async () => {
    const { store } = h;
    await store.putObjection(sampleObjection('ob3', 'pe_s2', '2022-03-11T01:00:00.000Z'));
    await store.putObjection(sampleObjection('ob1', 'pe_s1', '2022-03-10T01:00:00.000Z'));
    await store.putObjection(sampleObjection('ob2', 'pe_s1', '2022-03-10T01:00:00.000Z', { status: 'dismissed' }));
    await store.putObjection(sampleObjection('ob4', 'pe_x', '2022-03-10T01:00:00.000Z', { roundId: '2022' }));
    const all = await store.listObjections({ roundId: '2021', limit: 2 });
    expect(all.objections.map((o) => o.id)).toEqual(['ob1', 'ob2']);
    const rest = await store.listObjections({ roundId: '2021', limit: 2, ...(all.next ? { after: all.next } : {}) });
    expect(rest.objections.map((o) => o.id)).toEqual(['ob3']);
    expect(rest.next).toBeUndefined();
    const open = await store.listObjections({ roundId: '2021', status: 'open', limit: 10 });
    expect(open.objections.map((o) => o.id)).toEqual(['ob1', 'ob3']);
    expect((await store.listObjectionsByEntry('pe_s1')).map((o) => o.id)).toEqual(['ob1', 'ob2']);
    expect(await store.getObjection('ob1')).toEqual(sampleObjection('ob1', 'pe_s1', '2022-03-10T01:00:00.000Z'));
    expect(await store.getObjection('nope')).toBeNull();
  });

  it('should resolve an objection only as read', async () => {
    const { store } = h;
    const o = sampleObjection('ob1', 'pe_s1', AT);
    await store.putObjection(o);
    const upheld = {
      ...o,
      status: 'upheld' as const,
      resolution: { outcome: 'upheld' as const, reason: '核实属实', by: 'admin', at: LATER },
      updatedAt: LATER,
    };
    await store.putObjection(upheld, { status: 'open', updatedAt: AT });
    const before = JSON.stringify(h.dump());
    await expect(
      store.transaction((tx) =>
        tx.putObjection({ ...o, status: 'dismissed', updatedAt: LATER }, { status: 'open', updatedAt: AT }),
      ),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(JSON.stringify(h.dump())).toBe(before);
    expect(await store.getObjection('ob1')).toEqual(upheld);
  });
});
