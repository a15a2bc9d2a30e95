/**
 * The CloudBase deployment data (cloudfunctions/_core/deploy) covers what the CloudBase adapter does: every collection
 * it touches is listed and locked to clients, and every query it runs is served by an index.
 */
import collectionsJson from '../../cloudfunctions/_core/deploy/collections.json';
import { sampleDocument } from './documents-sample';
import { sampleSettlement } from './settlement-sample';
import { sampleEntry, sampleLine, sampleObjection } from './publicity-sample';
import rulesJson from '../../cloudfunctions/_core/deploy/security-rules.json';
import { BUILTIN_POLICIES } from '../../shared/policy';
import { ROUND_2021 } from '../../shared/rounds';
import { COLLECTIONS, createCloudBaseStore } from '../../cloudfunctions/_core/store';
import { FakeCloudBaseDb, type RecordedQuery } from './cloudbase-fake';

interface IndexKey {
  field: string;
  direction: 1 | -1;
}
interface CollectionDef {
  name: string;
  indexes: { name: string; keys: IndexKey[] }[];
}
const collections = (collectionsJson as { collections: CollectionDef[] }).collections;
const rules = rulesJson as Record<string, unknown>;

/**
 * True when an index serves the query: its first keys are the query's equality fields (in any order), the next ones
 * its sort keys in order, all in the index's direction or all reversed. A range condition may only be on a sort key.
 * `_id` alone is served by CloudBase's built-in index.
 */
function served(q: RecordedQuery, def: CollectionDef | undefined): boolean {
  const sortFields = q.orderBy.map((o) => o.field);
  const equality = q.where.filter((f) => !sortFields.includes(f));
  if (equality.every((f) => f === '_id') && sortFields.every((f) => f === '_id')) return true;
  // A condition on `_id` besides others (a conditional write's status and updatedAt) is a lookup of one document.
  if (q.where.includes('_id') && sortFields.length === 0) return true;
  return (def?.indexes ?? []).some(({ keys }) => {
    if (keys.length < equality.length + q.orderBy.length) return false;
    const head = keys.slice(0, equality.length).map((k) => k.field);
    if (!equality.every((f) => head.includes(f))) return false;
    const sortKeys = keys.slice(equality.length, equality.length + q.orderBy.length);
    const same = q.orderBy.every(
      (o, i) => sortKeys[i]?.field === o.field && sortKeys[i]?.direction === (o.order === 'asc' ? 1 : -1),
    );
    const reversed = q.orderBy.every(
      (o, i) => sortKeys[i]?.field === o.field && sortKeys[i]?.direction === (o.order === 'asc' ? -1 : 1),
    );
    return same || reversed;
  });
}

/** Every method of the people, entrustments, applications, review, materials and delivery areas, once. */
async function casesWorkload(store: ReturnType<typeof createCloudBaseStore>, at: string): Promise<void> {
  await store.putPrivacyAcceptance({ openid: 'alice', version: 'v', acceptedAt: at });
  await store.getPrivacyAcceptance('alice', 'v');
  await store.putIdentity({
    openid: 'alice',
    personKey: 'pk',
    name: 'n',
    idNumber: 'x',
    mobile: 'm',
    boundAt: at,
    updatedAt: at,
  });
  await store.getIdentity('alice');
  await store.getIdentityByPerson('pk');
  await store.putFraudFinding({
    id: 'f',
    personKey: 'pk',
    date: '2020-01-01',
    note: 'n',
    recordedBy: 'a',
    recordedAt: at,
  });
  await store.listFraudFindings('pk');
  await store.putRole({ openid: 'r', role: 'reviewer', department: 'd', grantedBy: 'a', grantedAt: at });
  await store.listRolesOf('r');
  await store.listRoles();
  await store.removeRole('r', 'reviewer', 'd');
  await store.putRole({ openid: 'r', role: 'reviewer', district: 'xihu', grantedBy: 'a', grantedAt: at });
  await store.removeRole('r', 'reviewer', undefined, 'xihu');
  const ent = {
    id: 'e',
    kind: 'relative' as const,
    agentOpenid: 'hr',
    agent: { name: 'a', idNumber: 'x' },
    principal: { name: 'p', idNumber: 'y' },
    principalKey: 'pk',
    scope: ['apply' as const],
    status: 'active' as const,
    confirmedByPrincipal: false,
    createdAt: at,
    updatedAt: at,
    district: 'xihu' as const,
    verifyBy: 'district' as const,
  };
  await store.putEntrustment(ent);
  await store.getEntrustment('e');
  await store.listEntrustmentsByAgent('hr');
  await store.listEntrustmentsByPrincipal('pk');
  await store.listEntrustmentsByDistrict('xihu', 'awaiting-district');
  const application = {
    id: 'ap',
    roundId: '2021',
    personKey: 'pk',
    profile: {},
    status: 'decided' as const,
    createdBy: 'alice',
    channel: 'online' as const,
    identity: {
      name: 'n',
      idNumber: 'x',
      mobile: 'm',
      permitNumber: 'p',
      permitDistrict: 'xihu' as const,
      permitValidFrom: '2020-01-01',
      permitValidTo: '2030-01-01',
    },
    resultDate: '2021-11-05',
    subscriptions: [{ openid: 'alice', kinds: ['result' as const] }],
    createdAt: at,
    updatedAt: at,
  };
  await store.putApplication(application);
  await store.putApplication({ ...application, id: 'ap2' });
  // Conditional writes, at once and at a commit.
  await store.putApplication({ ...application, updatedAt: 'later' }, { status: 'decided', updatedAt: at });
  await store.putApplication({ ...application, updatedAt: at }, { status: 'decided', updatedAt: 'later' });
  await store.transaction(async (tx) => {
    const read = await tx.getEntrustment('e');
    await tx.putEntrustment({ ...ent, updatedAt: 'later' }, { status: 'active', updatedAt: read?.updatedAt ?? '' });
  });
  await store.getApplication('ap');
  await store.listApplicationsByPerson('pk');
  await store.listApplicationsByCreator('alice');
  const page = await store.listApplicationsByStatus({ statuses: ['decided'], resultDateTo: '2021-11-05', limit: 1 });
  await store.listApplicationsByStatus({
    statuses: ['decided'],
    resultDateTo: '2021-11-05',
    limit: 1,
    after: page.next,
  });
  await store.listApplicationsByStatus({ statuses: ['decided'], limit: 1000 });
  await store.countApplicationsByStatus({ statuses: ['decided'], resultDateTo: '2021-11-05' });
  const t = {
    id: 't',
    applicationId: 'ap',
    roundId: '2021',
    receiptNumber: 'r',
    indicatorId: 'B2',
    indicatorName: 'n',
    department: 'd',
    status: 'pending' as const,
    declaredFacts: [],
    factRefs: [],
    acceptedOn: '2021-10-08',
    resultDate: '2021-11-05',
    history: [],
    createdAt: at,
    updatedAt: at,
  };
  await store.putTask(t);
  await store.putTask({ ...t, id: 't2' });
  await store.putTask(
    { ...t, id: 't2', status: 'confirmed', updatedAt: 'later' },
    { status: 'pending', updatedAt: at },
  );
  await store.getTask('t');
  await store.listTasksByApplication('ap');
  const tasks = await store.listTasksByDepartment({ department: 'd', limit: 1 });
  await store.listTasksByDepartment({ department: 'd', status: 'pending', after: tasks.next });
  const m = {
    id: 'm',
    applicationId: 'ap',
    key: 'k',
    fileId: 'f',
    fileName: 'f',
    mime: 'application/pdf',
    size: 1,
    sha256: 's',
    uploadedBy: 'alice',
    uploadedAt: at,
    reused: false,
  };
  await store.putMaterial(m);
  await store.putMaterial({ ...m, id: 'm2', applicationId: undefined, entrustmentId: 'e' });
  await store.getMaterial('m');
  await store.listMaterialsByApplication('ap');
  await store.listMaterialsByEntrustment('e');
  await store.removeMaterial('m');
  await store.putUploadTicket({
    id: 'u',
    openid: 'alice',
    target: { entrustmentId: 'e' },
    fileName: 'f',
    mime: 'application/pdf',
    size: 1,
    fileId: 'f',
    createdAt: at,
    expiresAt: at,
  });
  await store.getUploadTicket('u');
  await store.appendOutbox({
    id: 'o',
    kind: 'correction',
    toOpenid: 'alice',
    applicationId: 'ap',
    data: {},
    createdAt: at,
    sent: false,
    attempts: 0,
  });
  await store.listUnsentOutbox(10);
  await store.markOutboxFailed('o', at, 'e');
  await store.markOutboxSent('o', at);
  await store.nextReceiptSeq('2021');
  await store.nextReceiptSeq('2021');
  await store.publishDue('2021-11-05', at, 10, { actor: 'system:timer', fn: 'scheduler' });
  await store.confirmDue('2021-11-05', '2021-11-05T16:00:00.000Z', '2021-11-16', at, 10, {
    actor: 'system:timer',
    fn: 'scheduler',
  });
  await disputesWorkload(store, at);
}

/** Every method of the disputes area, once. */
async function disputesWorkload(store: ReturnType<typeof createCloudBaseStore>, at: string): Promise<void> {
  const dispute = {
    id: 'dp_ap',
    applicationId: 'ap',
    roundId: '2021',
    receiptNumber: 'r',
    personKey: 'pk',
    district: 'xihu' as const,
    status: 'raised' as const,
    raisedBy: 'alice',
    actingAs: 'self' as const,
    raisedOn: '2021-11-08',
    lines: [],
    subscribers: [],
    createdAt: at,
    updatedAt: at,
  };
  await store.putDispute(dispute);
  await store.putDispute({ ...dispute, status: 'reviewing', updatedAt: 'later' }, { status: 'raised', updatedAt: at });
  await store.getDispute('dp_ap');
  await store.listDisputesByDistrict('xihu', 10);
  const recheck = {
    id: 'rc',
    disputeId: 'dp_ap',
    applicationId: 'ap',
    roundId: '2021',
    receiptNumber: 'r',
    indicatorId: 'B2',
    indicatorName: 'n',
    department: 'd',
    status: 'pending' as const,
    dueOn: '2021-11-22',
    createdAt: at,
    updatedAt: at,
  };
  await store.putRecheck(recheck);
  await store.putRecheck({ ...recheck, status: 'upheld', updatedAt: 'later' }, { status: 'pending', updatedAt: at });
  await store.getRecheck('rc');
  await store.listRechecksByDispute('dp_ap');
  const page = await store.listRechecksByDepartment({ department: 'd', limit: 1 });
  await store.listRechecksByDepartment({ department: 'd', status: 'pending', after: page.next });
  await store.listOverdueRechecks('2021-12-01', 10);
  await store.putRecheckLimit({ workingDays: 10, confidence: 'I', setBy: 'a', setAt: at });
  await store.getRecheckLimit();
}

/** Every method of the settlements area, once. */
async function settlementsWorkload(store: ReturnType<typeof createCloudBaseStore>, at: string): Promise<void> {
  const st = sampleSettlement('st', at, { status: 'verified', total: '120', submittedAt: at });
  await store.putSettlement(st);
  await store.putSettlement({ ...st, updatedAt: 'later' }, { status: 'verified', updatedAt: at });
  await store.getSettlement('st');
  await store.findSettlementByPerson('pk-alice', '2021');
  const page = await store.listSettlementsByStatus({ roundId: '2021', status: 'verified', limit: 1 });
  await store.listSettlementsByStatus({ roundId: '2021', status: 'verified', district: 'xihu', after: page.next });
  await store.listSettlementTotals('2021');
  await store.countSettlementTotals('2021');
  await store.listLapsedNotices('2022-05-01', 10);
}

/** Every method of the publicity area, once. */
async function publicityWorkload(store: ReturnType<typeof createCloudBaseStore>, at: string): Promise<void> {
  await store.putSettlementLine(sampleLine('2021', at));
  await store.putSettlementLine(sampleLine('2021', 'later'), { status: 'open', updatedAt: at });
  await store.getSettlementLine('2021');
  await store.listSettlementLinesByStatus('open');
  await store.putPublicityEntry(sampleEntry('s1', 1, at));
  await store.putPublicityEntry(sampleEntry('s1', 1, 'later'), { status: 'listed', updatedAt: at });
  await store.getPublicityEntry('pe_s1');
  const page = await store.listPublicityEntries({ roundId: '2021', status: 'listed', limit: 1 });
  await store.listPublicityEntries({
    roundId: '2021',
    status: 'listed',
    noticed: false,
    limit: 1,
    after: page.next ?? 'x',
  });
  await store.countPublicityEntries('2021', 'listed');
  await store.putObjection(sampleObjection('ob1', 'pe_s1', at));
  await store.putObjection(sampleObjection('ob1', 'pe_s1', at, { updatedAt: 'later' }), {
    status: 'open',
    updatedAt: at,
  });
  await store.getObjection('ob1');
  await store.listObjections({ roundId: '2021', limit: 1 });
  await store.listObjections({ roundId: '2021', status: 'open', limit: 1, after: 'x' });
  await store.listObjectionsByEntry('pe_s1');
}

/** Runs every store method once against the fake and returns what it saw. */
async function workload(): Promise<FakeCloudBaseDb> {
  const db = new FakeCloudBaseDb();
  const store = createCloudBaseStore(db);
  const at = '2021-10-08T01:00:00.000Z';
  await store.putDraft({ id: 'd1', owner: 'alice', title: 't', profile: {}, createdAt: at, updatedAt: at });
  await store.getDraft('alice', 'd1');
  await store.listDrafts('alice');
  await store.countDrafts('alice');
  await store.removeDraft('alice', 'd1');
  await store.publishPolicyVersion({
    policy: { ...BUILTIN_POLICIES[1]!, id: 'x-2030', effectiveFrom: '2030-01-01' },
    publishedAt: at,
    publishedBy: 'admin',
  });
  await store.listPolicyVersions();
  await store.putRoundOverride({ ...ROUND_2021, source: 'admin' });
  await store.listRoundOverrides();
  await store.putHolidayTable({ year: 2027, holidays: { '2027-01-01': '元旦' }, workdays: {} });
  await store.listHolidayTables();
  const entry = {
    id: 'a1',
    at,
    actor: 'alice',
    actingFor: null,
    fn: 'applicant',
    action: 'draft.save',
    target: 'draft:d1',
    result: 'ok',
  };
  await store.appendAudit(entry);
  await store.appendAudit({ ...entry, id: 'a2' });
  const page = await store.listAudit({ target: 'draft:d1', limit: 1 });
  await store.listAudit({ target: 'draft:d1', limit: 1, before: page.next });
  await store.listAudit({ actor: 'alice', limit: 1, before: page.next });
  await store.listAudit({ actor: 'alice' });
  const refusal = {
    at,
    actor: 'alice',
    fn: 'applicant',
    action: 'draft.save',
    target: 'draft:new',
    result: 'CONFLICT',
  };
  await store.countRefusal(refusal);
  await store.countRefusal(refusal);
  await store.countRefusalsInMinute('alice', at.slice(0, 16));
  await store.putRequest({
    key: 'k',
    actor: 'alice',
    fn: 'applicant',
    action: 'draft.save',
    requestId: 'r',
    payloadHash: 'h',
    response: null,
    at,
  });
  await store.getRequest('k');
  await store.transaction(async (tx) => {
    await tx.getRequest('k2');
    await tx.putRequest({
      key: 'k2',
      actor: 'alice',
      fn: 'applicant',
      action: 'draft.save',
      requestId: 'r',
      payloadHash: 'h',
      response: null,
      at,
    });
  });
  await casesWorkload(store, at);
  const doc = sampleDocument('app', 1, at);
  await store.putDocument(doc);
  await store.getDocument(doc.number);
  await store.listDocumentsByApplication('app');
  await settlementsWorkload(store, at);
  await publicityWorkload(store, at);
  return db;
}

describe('CloudBase deployment data', () => {
  it('should list every collection of the adapter, and only those', () => {
    expect(collections.map((c) => c.name).sort()).toEqual(Object.values(COLLECTIONS).sort());
  });

  it('should deny every client read and write on every business collection', () => {
    for (const name of Object.values(COLLECTIONS)) expect(rules[name]).toEqual({ read: false, write: false });
    const ruleNames = Object.keys(rules).filter((k) => !k.startsWith('$'));
    expect(ruleNames.sort()).toEqual(Object.values(COLLECTIONS).sort());
  });

  it('should have an index for every field the adapter queries or sorts on', async () => {
    const db = await workload();
    // The workload touched every collection, so no query kind went unchecked.
    expect(db.collectionNames()).toEqual(Object.values(COLLECTIONS).sort());
    const unserved = db.queries.filter(
      (q) =>
        !served(
          q,
          collections.find((c) => c.name === q.collection),
        ),
    );
    expect(unserved).toEqual([]);
    expect(db.queries.length).toBeGreaterThan(10);
  });

  it('should detect a query no index serves (the check itself can fail)', () => {
    const q: RecordedQuery = { collection: 'drafts', kind: 'get', where: ['title'], orderBy: [] };
    expect(
      served(
        q,
        collections.find((c) => c.name === 'drafts'),
      ),
    ).toBe(false);
    const wrongOrder: RecordedQuery = {
      collection: 'audit_log',
      kind: 'get',
      where: ['target'],
      orderBy: [{ field: 'at', order: 'desc' }],
    };
    expect(
      served(
        wrongOrder,
        collections.find((c) => c.name === 'audit_log'),
      ),
    ).toBe(false);
  });
});
