/** The documents area (issued vouchers) behaves alike on SQLite and CloudBase. */
import { StoreConflictError } from '../../cloudfunctions/_core/store';
import { ADAPTERS, AT, type Harness } from './adapters';
import { sampleDocument } from './documents-sample';

describe.each(ADAPTERS)('documents on %s', (_name, open) => {
  let h: Harness;
  beforeEach(() => {
    h = open();
  });
  afterEach(() => h.close());

  it('keeps a document by number and lists a case’s documents oldest revision first', async () => {
    const { store } = h;
    await store.putDocument(sampleDocument('app_a', 2, AT));
    await store.putDocument(sampleDocument('app_a', 1, AT));
    await store.putDocument(sampleDocument('app_b', 1, AT, { number: 'PZ2021-000124-01' }));
    expect(await store.getDocument('PZ2021-000123-02')).toEqual(sampleDocument('app_a', 2, AT));
    expect(await store.getDocument('PZ2021-999999-01')).toBeNull();
    expect((await store.listDocumentsByApplication('app_a')).map((d) => d.number)).toEqual([
      'PZ2021-000123-01',
      'PZ2021-000123-02',
    ]);
    expect(await store.listDocumentsByApplication('app_none')).toEqual([]);
  });

  it('writes conditionally: as read it acts, stale it is refused with nothing kept', async () => {
    const { store } = h;
    const doc = sampleDocument('app_a', 1, AT);
    await store.putDocument(doc);
    const later = '2021-12-01T00:00:00.000Z';
    const superseded = { ...doc, status: 'superseded' as const, supersededBy: 'PZ2021-000123-02', updatedAt: later };
    await store.transaction((tx) => tx.putDocument(superseded, { status: 'issued', updatedAt: AT }));
    expect(await store.getDocument(doc.number)).toEqual(superseded);
    const before = JSON.stringify(h.dump());
    await expect(
      store.transaction((tx) =>
        tx.putDocument(
          { ...doc, status: 'revoked', updatedAt: '2021-12-02T00:00:00.000Z' },
          {
            status: 'issued',
            updatedAt: AT,
          },
        ),
      ),
    ).rejects.toBeInstanceOf(StoreConflictError);
    expect(JSON.stringify(h.dump())).toBe(before);
  });
});
