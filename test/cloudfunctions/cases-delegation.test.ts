/**
 * 委托申请 through the applicant function on both store adapters: an employer files for two employees (who bind their
 * identity, see the entrustment, confirm or revoke it), a relative files for a 15-year-old, and the refusals of
 * delegation (no scope, not in force, revoked, a 17-year-old "minor"), each leaving the business data unchanged.
 */
import { personKeyOf } from '../../cloudfunctions/_core/cases';
import { CHINESE, data, STORES, type StoreHarness } from './harness';
import { acceptPrivacy, idFor, identityOf, profileOf, upload, uploadAllMissing, world, type World } from './cases-helpers';

const USCC = '91110108551385082Q';
const HR_ID = idFor('1980-01-01', '011');
const EMP1 = idFor('1988-02-03', '021');
const EMP2 = idFor('1990-07-08', '032');

const employer = (principal: string, name: string, scope: string[] = ['apply', 'query']) => ({
  kind: 'employer',
  principal: { name, idNumber: principal },
  agent: { name: '李经办', idNumber: HR_ID },
  employer: { uscc: USCC, name: '杭州某科技有限公司' },
  scope,
});

describe.each(STORES)('delegation on %s', (_name, make) => {
  let h: StoreHarness;
  let w: World;
  beforeEach(async () => {
    h = make();
    w = world(h.store);
    await acceptPrivacy(w, 'hr');
  });
  afterEach(() => {
    w.close();
    h.close();
  });

  async function refusedUnchanged(run: () => Promise<unknown>, code: string, message?: RegExp): Promise<void> {
    const before = h.businessDump();
    const env = (await run()) as { ok: boolean; code?: string; message: string };
    expect(env).toMatchObject({ ok: false, code });
    expect(env.message).toMatch(CHINESE);
    if (message) expect(env.message).toMatch(message);
    expect(h.businessDump()).toBe(before);
  }

  /** An entrustment in force: created and its letter uploaded. */
  async function activeEntrustment(principal: string, name: string, scope?: string[]): Promise<string> {
    const e = (await w.ok('hr', 'entrustment.create', employer(principal, name, scope))).entrustment;
    expect(e.status).toBe('pending');
    data(await upload(w, 'hr', { entrustmentId: e.entrustmentId }, 'pdf', undefined, '书面委托书.pdf'));
    return e.entrustmentId;
  }

  /** The agent's application for `principal`, every material uploaded. */
  async function agentApplication(entrustmentId: string, principal: string, name: string): Promise<string> {
    const saved = (await w.ok('hr', 'application.save', { entrustmentId, identity: identityOf(principal, { name }), profile: profileOf(principal) })).application;
    expect(saved.actingAs).toBe('agent');
    await uploadAllMissing(w, 'hr', saved.applicationId);
    return saved.applicationId;
  }

  it('should let an employer file for two employees, who bind, see, confirm or revoke; after revocation the agent is refused', async () => {
    const e1 = await activeEntrustment(EMP1, '王一');
    const e2 = await activeEntrustment(EMP2, '赵二');
    const a1 = await agentApplication(e1, EMP1, '王一');
    const a2 = await agentApplication(e2, EMP2, '赵二');

    // The entrustment's letter is on the checklist like any material; the agent sees ID numbers masked.
    const view = (await w.ok('hr', 'application.get', { applicationId: a1 })).application;
    expect(view.checklist.find((l: { key: string }) => l.key === 'entrustment')).toMatchObject({ state: 'attached', required: true });
    expect(view.person.idNumber).toBe(`${EMP1.slice(0, 6)}********${EMP1.slice(14)}`);
    expect(view.profile.person.idNumber).not.toBe(EMP1);
    const r1 = (await w.ok('hr', 'application.submit', { applicationId: a1, subscribed: ['result'] })).application;
    const r2 = (await w.ok('hr', 'application.submit', { applicationId: a2 })).application;
    expect([r1.receipt.number, r2.receipt.number]).toEqual(['JF2021-1008-000001', 'JF2021-1008-000002']);
    expect(r1.receipt.materials).toContainEqual(expect.objectContaining({ key: 'entrustment', fileName: '书面委托书.pdf' }));

    // Employee 1 opens the mini program: binds, sees the entrustment (masked) and the case as the person (in full).
    await acceptPrivacy(w, 'emp1');
    await w.ok('emp1', 'identity.bind', { name: '王一', idNumber: EMP1, mobile: '13900139001' });
    const mine = await w.ok('emp1', 'entrustment.list', {});
    expect(mine.asPrincipal).toHaveLength(1);
    expect(mine.asPrincipal[0]).toMatchObject({ entrustmentId: e1, status: 'active', employer: { uscc: USCC }, confirmedByPrincipal: false });
    expect(JSON.stringify(mine)).not.toContain(EMP1);
    expect((await w.ok('emp1', 'entrustment.confirm', { entrustmentId: e1 })).entrustment.confirmedByPrincipal).toBe(true);
    const own = (await w.ok('emp1', 'application.get', { applicationId: a1 })).application;
    expect(own).toMatchObject({ actingAs: 'self', person: { idNumber: EMP1 } });
    expect((await w.ok('emp1', 'application.list', {})).applications.map((a: { applicationId: string }) => a.applicationId)).toEqual([a1]);

    // The agent's list: both people, each case's status; nobody else's.
    const agentList = await w.ok('hr', 'entrustment.list', {});
    expect(agentList.asAgent.map((e: { caseStatus: { status: string } }) => e.caseStatus?.status)).toEqual(['submitted', 'submitted']);
    expect((await w.ok('hr', 'application.list', {})).applications.map((a: { actingAs: string }) => a.actingAs)).toEqual(['agent', 'agent']);

    // Employee 2 revokes: from then on the agent is refused, as if the case did not exist.
    await acceptPrivacy(w, 'emp2');
    await w.ok('emp2', 'identity.bind', { name: '赵二', idNumber: EMP2, mobile: '13900139002' });
    expect((await w.ok('emp2', 'entrustment.revoke', { entrustmentId: e2 })).entrustment.status).toBe('revoked');
    expect(await w.call('hr', 'application.get', { applicationId: a2 })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    await refusedUnchanged(() => w.call('hr', 'application.save', { applicationId: a2, identity: identityOf(EMP2, { name: '赵二' }), profile: profileOf(EMP2) }), 'NOT_FOUND');
    await refusedUnchanged(() => w.call('hr', 'application.save', { entrustmentId: e2, identity: identityOf(EMP2, { name: '赵二' }), profile: profileOf(EMP2) }), 'FORBIDDEN', /撤销/);
    expect((await w.ok('hr', 'entrustment.list', {})).asAgent.find((e: { entrustmentId: string }) => e.entrustmentId === e2).caseStatus).toBeNull();
    expect((await w.ok('hr', 'application.list', {})).applications).toHaveLength(1);

    // Audit: the agent's actions name the person acted for (their openid once bound), never an ID number.
    const entries = (await h.store.listAudit({ actor: 'hr', limit: 100 })).entries;
    expect(entries.filter((e) => e.action === 'application.submit').map((e) => e.actingFor).sort()).toEqual(
      [`person:${personKeyOf(EMP1)}`, `person:${personKeyOf(EMP2)}`].sort(),
    );
    expect(JSON.stringify(entries)).not.toContain(EMP1);
    const revoke = (await h.store.listAudit({ actor: 'emp2' })).entries.find((e) => e.action === 'entrustment.revoke');
    expect(revoke).toMatchObject({ actingFor: 'emp2', result: 'ok' });
  });

  it('should refuse an agent without the needed scope: no apply to save, no query to read results or the trail', async () => {
    const queryOnly = await activeEntrustment(EMP1, '王一', ['query']);
    await refusedUnchanged(
      () => w.call('hr', 'application.save', { entrustmentId: queryOnly, identity: identityOf(EMP1, { name: '王一' }), profile: profileOf(EMP1) }),
      'FORBIDDEN',
      /积分申请/,
    );
    const applyOnly = await activeEntrustment(EMP2, '赵二', ['apply']);
    const a = await agentApplication(applyOnly, EMP2, '赵二');
    await w.ok('hr', 'application.submit', { applicationId: a });
    expect(await w.call('hr', 'result.get', { applicationId: a })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await w.call('hr', 'case.audit', { applicationId: a })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('should refuse to act before the letter is uploaded, an invalid USCC, a duplicate, and strangers confirming or revoking', async () => {
    const pending = (await w.ok('hr', 'entrustment.create', employer(EMP1, '王一'))).entrustment.entrustmentId;
    await refusedUnchanged(
      () => w.call('hr', 'application.save', { entrustmentId: pending, identity: identityOf(EMP1, { name: '王一' }), profile: profileOf(EMP1) }),
      'FORBIDDEN',
      /尚未上传/,
    );
    await refusedUnchanged(() => w.call('hr', 'entrustment.create', { ...employer(EMP2, '赵二'), employer: { uscc: '91110108551385082R', name: 'x' } }), 'INVALID_INPUT');
    await refusedUnchanged(() => w.call('hr', 'entrustment.create', employer(EMP1, '王一')), 'CONFLICT');
    await acceptPrivacy(w, 'mallory');
    await refusedUnchanged(() => w.call('mallory', 'entrustment.confirm', { entrustmentId: pending }), 'NOT_FOUND');
    await refusedUnchanged(() => w.call('mallory', 'entrustment.revoke', { entrustmentId: pending }), 'NOT_FOUND');
    // The agent may revoke their own.
    expect((await w.ok('hr', 'entrustment.revoke', { entrustmentId: pending })).entrustment.status).toBe('revoked');
  });

  it('should let a relative file for a 15-year-old, and refuse "minor" for a 17-year-old', async () => {
    const child = idFor('2006-05-01', '041'); // 15 on 2021-10-08
    const relative = {
      kind: 'relative',
      principal: { name: '小明', idNumber: child },
      agent: { name: '张爸爸', idNumber: HR_ID },
      relationship: 'parent',
      reason: 'minor',
      scope: ['apply', 'query'],
    };
    const e = (await w.ok('hr', 'entrustment.create', relative)).entrustment;
    expect(e).toMatchObject({ kind: 'relative', relationship: '父母', reason: '未满十六周岁的未成年人' });
    data(await upload(w, 'hr', { entrustmentId: e.entrustmentId }, 'jpeg', undefined, '户口簿.jpg'));
    const profile = profileOf(child) as Record<string, unknown>;
    const saved = (await w.ok('hr', 'application.save', { entrustmentId: e.entrustmentId, identity: identityOf(child, { name: '小明' }), profile })).application;
    await uploadAllMissing(w, 'hr', saved.applicationId);
    const submitted = (await w.ok('hr', 'application.submit', { applicationId: saved.applicationId })).application;
    expect(submitted.status).toBe('submitted');

    const teen = idFor('2004-03-01', '051'); // 17
    const before = h.businessDump();
    const env = await w.call('hr', 'entrustment.create', { ...relative, principal: { name: '小红', idNumber: teen } });
    expect(env).toMatchObject({ ok: false, code: 'INVALID_INPUT', fields: [{ path: 'reason', field: '代办原因', message: expect.stringMatching(/已满 16 周岁（17 周岁）/) }] });
    expect(h.businessDump()).toBe(before);
  });
});
