/**
 * 委托申请 through the applicant and reviewer functions on both store adapters: an entrustment grants nothing until
 * verified (the principal confirms an employer's in their own account; the district acceptance point checks a
 * relative's proof), an agent reaches only the cases filed under it, reads by agents land in the principal's access
 * trail, and an agent never changes a bound person's mobile or permit. Every refusal leaves the business data unchanged.
 */
import { personKeyOf } from '../../cloudfunctions/_core/cases';
import { CASE_NOT_FOUND } from '../../cloudfunctions/_core/cases/access';
import { MATERIAL_NOT_FOUND } from '../../cloudfunctions/_core/cases/links';
import { PERSON_OWNED_CHANGE } from '../../cloudfunctions/applicant/applications';
import { NOT_A_DISTRICT_OFFICE } from '../../cloudfunctions/reviewer/district';
import { reviewer } from '../../cloudfunctions/reviewer/handlers';
import type { Envelope, ReviewerApi } from '../../shared/contracts';
import { CHINESE, data, STORES, type ResOf, type StoreHarness } from './harness';
import {
  acceptPrivacy,
  beijing9,
  idFor,
  identityOf,
  profileOf,
  rid,
  upload,
  uploadAllMissing,
  world,
  type World,
} from './cases-helpers';

const USCC = '91110108551385082Q';
const HR_ID = idFor('1980-01-01', '011');
const EMP1 = idFor('1988-02-03', '021');
const EMP2 = idFor('1990-07-08', '032');

const employer = (
  principal: string,
  name: string,
  scope: string[] = ['apply', 'query'],
  verifyBy: 'principal' | 'district' = 'principal',
) => ({
  kind: 'employer',
  principal: { name, idNumber: principal },
  agent: { name: '李经办', idNumber: HR_ID },
  employer: { uscc: USCC, name: '杭州某科技有限公司' },
  scope,
  district: 'xihu',
  verifyBy,
});

describe.each(STORES)('delegation on %s', (_name, make) => {
  let h: StoreHarness;
  let w: World;
  beforeEach(async () => {
    h = make();
    w = world(h.store);
    await acceptPrivacy(w, 'hr');
    await h.store.putRole({
      openid: 'office-xihu',
      role: 'reviewer',
      district: 'xihu',
      grantedBy: 'admin',
      grantedAt: '2021-10-01T00:00:00.000Z',
    });
    await h.store.putRole({
      openid: 'office-binjiang',
      role: 'reviewer',
      district: 'binjiang',
      grantedBy: 'admin',
      grantedAt: '2021-10-01T00:00:00.000Z',
    });
  });
  afterEach(() => {
    w.close();
    h.close();
  });

  /** A call of the reviewer function (the district acceptance point's actions). */
  const rv = <A extends string>(openid: string, action: A, payload: unknown = {}, mutation = false) => {
    const event: Record<string, unknown> = { action, payload };
    if (mutation) event.requestId = rid();
    return reviewer(
      event,
      { openid },
      { store: h.store, files: w.files, now: () => w.clock.now, log: () => undefined },
    ) as Promise<Envelope<ResOf<ReviewerApi, A>>>;
  };

  /** The refusal's code and Chinese message (and, for INVALID_INPUT, a field's message), the business data unchanged. */
  async function refusedUnchanged(
    run: () => Promise<unknown>,
    code: string,
    message: RegExp | string,
    field?: RegExp,
  ): Promise<void> {
    const before = h.businessDump();
    const env = (await run()) as { ok: boolean; code?: string; message: string; fields?: { message: string }[] };
    expect(env).toMatchObject({ ok: false, code });
    expect(env.message).toMatch(CHINESE);
    if (typeof message === 'string') expect(env.message).toBe(message);
    else expect(env.message).toMatch(message);
    if (field) expect(env.fields?.map((f) => f.message)).toContainEqual(expect.stringMatching(field));
    expect(h.businessDump()).toBe(before);
  }

  const INVALID = '填写的信息有误，请按提示修改';

  /** An employer entrustment with its letter uploaded (still awaiting verification). */
  async function entrustmentWithLetter(
    principal: string,
    name: string,
    scope?: string[],
    verifyBy?: 'principal' | 'district',
  ): Promise<string> {
    const e = (await w.ok('hr', 'entrustment.create', employer(principal, name, scope, verifyBy))).entrustment;
    data(await upload(w, 'hr', { entrustmentId: e.entrustmentId }, 'pdf', undefined, '书面委托书.pdf'));
    return e.entrustmentId;
  }

  /** The employee binds their identity and confirms the entrustment naming them: it comes into force. */
  async function bindAndConfirm(openid: string, idNumber: string, name: string, entrustmentId: string): Promise<void> {
    await acceptPrivacy(w, openid);
    await w.ok(openid, 'identity.bind', { name, idNumber, mobile: '13900139001' });
    expect((await w.ok(openid, 'entrustment.confirm', { entrustmentId })).entrustment).toMatchObject({
      status: 'active',
      statusLabel: '已生效',
      confirmedByPrincipal: true,
    });
  }

  /** The agent's application for `principal`, every material uploaded. */
  async function agentApplication(entrustmentId: string, principal: string, name: string): Promise<string> {
    const saved = (
      await w.ok('hr', 'application.save', {
        entrustmentId,
        identity: identityOf(principal, { name }),
        profile: profileOf(principal),
      })
    ).application;
    expect(saved.actingAs).toBe('agent');
    await uploadAllMissing(w, 'hr', saved.applicationId);
    return saved.applicationId;
  }

  /** A person who binds and files their own application (materials uploaded, submitted). */
  async function ownSubmittedCase(openid: string, idNumber: string, name: string): Promise<string> {
    await acceptPrivacy(w, openid);
    await w.ok(openid, 'identity.bind', { name, idNumber, mobile: '13700137000' });
    const a = (
      await w.ok(openid, 'application.save', {
        identity: identityOf(idNumber, { name, mobile: '13700137000' }),
        profile: profileOf(idNumber),
      })
    ).application.applicationId;
    await uploadAllMissing(w, openid, a);
    await w.ok(openid, 'application.submit', { applicationId: a });
    return a;
  }

  it('should grant nothing through an unverified entrustment: with a PDF letter attached, the agent cannot read, list, open or query the principal’s own case', async () => {
    const alice = await ownSubmittedCase('alice', EMP1, '王一');
    const diploma = (await h.store.listMaterialsByApplication(alice))[0];
    expect(diploma).toBeDefined();
    const e = await entrustmentWithLetter(EMP1, '王一');
    expect((await h.store.getEntrustment(e))?.status).toBe('awaiting-principal');

    await refusedUnchanged(
      () => w.call('hr', 'application.get', { applicationId: alice }),
      'NOT_FOUND',
      CASE_NOT_FOUND,
    );
    await refusedUnchanged(() => w.call('hr', 'result.get', { applicationId: alice }), 'NOT_FOUND', CASE_NOT_FOUND);
    await refusedUnchanged(() => w.call('hr', 'case.audit', { applicationId: alice }), 'NOT_FOUND', CASE_NOT_FOUND);
    await refusedUnchanged(
      () => w.call('hr', 'material.link', { materialId: (diploma as { id: string }).id }),
      'NOT_FOUND',
      MATERIAL_NOT_FOUND,
    );
    await refusedUnchanged(
      () =>
        w.call('hr', 'application.save', {
          applicationId: alice,
          identity: identityOf(EMP1, { name: '王一' }),
          profile: profileOf(EMP1),
        }),
      'NOT_FOUND',
      CASE_NOT_FOUND,
    );
    expect((await w.ok('hr', 'application.list', {})).applications).toEqual([]);
    const listed = (await w.ok('hr', 'entrustment.list', {})).asAgent;
    expect(listed).toEqual([
      expect.objectContaining({
        entrustmentId: e,
        status: 'awaiting-principal',
        statusLabel: '待委托人确认',
        caseStatus: null,
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(alice);

    // The agent may prepare a draft of what they typed, but it is not submitted until verified.
    const draft = await agentApplication(e, EMP1, '王一');
    await refusedUnchanged(
      () => w.call('hr', 'application.submit', { applicationId: draft }),
      'FORBIDDEN',
      /委托尚未生效（待委托人确认）/,
    );

    // Verified, the agent still reaches only the case filed under the entrustment, never her own filing.
    expect((await w.ok('alice', 'entrustment.confirm', { entrustmentId: e })).entrustment.status).toBe('active');
    await refusedUnchanged(
      () => w.call('hr', 'application.get', { applicationId: alice }),
      'NOT_FOUND',
      CASE_NOT_FOUND,
    );
    await refusedUnchanged(
      () => w.call('hr', 'material.link', { materialId: (diploma as { id: string }).id }),
      'NOT_FOUND',
      MATERIAL_NOT_FOUND,
    );
    expect(
      (await w.ok('hr', 'application.list', {})).applications.map((a: { applicationId: string }) => a.applicationId),
    ).toEqual([draft]);
    // Until she extends it to her own filing.
    expect(
      (await w.ok('alice', 'entrustment.extend', { entrustmentId: e, applicationId: alice })).entrustment
        .applicationIds,
    ).toEqual(expect.arrayContaining([alice, draft]));
    expect((await w.ok('hr', 'application.get', { applicationId: alice })).application.actingAs).toBe('agent');
  });

  it('should let an employer file for two employees who confirm in their own accounts; revocation mid-case cuts the agent off at once', async () => {
    const e1 = await entrustmentWithLetter(EMP1, '王一');
    const e2 = await entrustmentWithLetter(EMP2, '赵二');
    // The letter puts nothing in force: filing waits for the employee's own confirmation.
    expect(
      (await w.ok('hr', 'entrustment.list', {})).asAgent.map((e: { statusLabel: string }) => e.statusLabel),
    ).toEqual(['待委托人确认', '待委托人确认']);
    await bindAndConfirm('emp1', EMP1, '王一', e1);
    await bindAndConfirm('emp2', EMP2, '赵二', e2);
    const a1 = await agentApplication(e1, EMP1, '王一');
    const a2 = await agentApplication(e2, EMP2, '赵二');

    const view = (await w.ok('hr', 'application.get', { applicationId: a1 })).application;
    expect(view.checklist.find((l: { key: string }) => l.key === 'entrustment')).toMatchObject({
      state: 'attached',
      required: true,
    });
    expect(view.person.idNumber).toBe(`${EMP1.slice(0, 6)}********${EMP1.slice(14)}`);
    expect(view.profile.person.idNumber).not.toBe(EMP1);
    const r1 = (await w.ok('hr', 'application.submit', { applicationId: a1, subscribed: ['result'] })).application;
    const r2 = (await w.ok('hr', 'application.submit', { applicationId: a2 })).application;
    expect([r1.receipt.number, r2.receipt.number]).toEqual(['JF2021-1008-000001', 'JF2021-1008-000002']);
    expect(r1.receipt.materials).toContainEqual(
      expect.objectContaining({ key: 'entrustment', fileName: '书面委托书.pdf' }),
    );

    // Employee 1 sees the entrustment (masked), opens its letter, and her case as the person.
    const mine = await w.ok('emp1', 'entrustment.list', {});
    expect(mine.asPrincipal).toEqual([
      expect.objectContaining({
        entrustmentId: e1,
        status: 'active',
        employer: { uscc: USCC, name: '杭州某科技有限公司' },
        applicationIds: [a1],
      }),
    ]);
    expect(JSON.stringify(mine)).not.toContain(EMP1);
    const letter = mine.asPrincipal[0].materials[0].materialId;
    expect((await w.ok('emp1', 'material.link', { materialId: letter })).url).toMatch(/^http/);
    expect((await w.ok('emp1', 'application.get', { applicationId: a1 })).application).toMatchObject({
      actingAs: 'self',
      person: { idNumber: EMP1 },
    });
    expect(
      (await w.ok('emp1', 'application.list', {})).applications.map((a: { applicationId: string }) => a.applicationId),
    ).toEqual([a1]);

    const agentList = await w.ok('hr', 'entrustment.list', {});
    expect(agentList.asAgent.map((e: { caseStatus: { status: string } }) => e.caseStatus?.status)).toEqual([
      'submitted',
      'submitted',
    ]);

    // Employee 2 revokes mid-case: from the next request on, the agent is refused as if the case did not exist.
    expect((await w.ok('emp2', 'entrustment.revoke', { entrustmentId: e2 })).entrustment).toMatchObject({
      status: 'revoked',
      statusLabel: '已撤销',
    });
    await refusedUnchanged(() => w.call('hr', 'application.get', { applicationId: a2 }), 'NOT_FOUND', CASE_NOT_FOUND);
    await refusedUnchanged(() => w.call('hr', 'result.get', { applicationId: a2 }), 'NOT_FOUND', CASE_NOT_FOUND);
    await refusedUnchanged(
      () =>
        w.call('hr', 'application.save', {
          applicationId: a2,
          identity: identityOf(EMP2, { name: '赵二' }),
          profile: profileOf(EMP2),
        }),
      'NOT_FOUND',
      CASE_NOT_FOUND,
    );
    await refusedUnchanged(
      () =>
        w.call('hr', 'application.save', {
          entrustmentId: e2,
          identity: identityOf(EMP2, { name: '赵二' }),
          profile: profileOf(EMP2),
        }),
      'FORBIDDEN',
      /撤销/,
    );
    expect(
      (await w.ok('hr', 'entrustment.list', {})).asAgent.find((e: { entrustmentId: string }) => e.entrustmentId === e2)
        .caseStatus,
    ).toBeNull();
    expect((await w.ok('hr', 'application.list', {})).applications).toHaveLength(1);

    // Audit: the agent's actions name the person acted for (their openid), never an ID number.
    const entries = (await h.store.listAudit({ actor: 'hr', limit: 100 })).entries;
    expect(
      entries
        .filter((e) => e.action === 'application.submit')
        .map((e) => e.actingFor)
        .sort(),
    ).toEqual(['emp1', 'emp2']);
    expect(JSON.stringify(entries)).not.toContain(EMP1);
    const revoke = (await h.store.listAudit({ actor: 'emp2' })).entries.find((e) => e.action === 'entrustment.revoke');
    expect(revoke).toMatchObject({ actingFor: 'emp2', result: 'ok' });
  });

  it('should show the principal every read and write an agent made of their case in the access trail', async () => {
    const e = await entrustmentWithLetter(EMP1, '王一');
    await bindAndConfirm('emp1', EMP1, '王一', e);
    const a = await agentApplication(e, EMP1, '王一');
    const before = (await h.store.listAudit({ actor: 'hr', limit: 100 })).entries.filter(
      (x) => x.action === 'application.get',
    ).length;
    await w.ok('hr', 'application.get', { applicationId: a });
    const reads = (await h.store.listAudit({ actor: 'hr', limit: 100 })).entries.filter(
      (x) => x.action === 'application.get',
    );
    expect(reads.length).toBe(before + 1);
    expect(reads[0]).toMatchObject({
      actor: 'hr',
      actingFor: 'emp1',
      fn: 'applicant',
      target: `application:${a}`,
      result: 'ok',
      at: w.clock.now.toISOString(),
    });

    const trail = (await w.ok('emp1', 'access.trail', {})).entries as {
      action: string;
      kind: string;
      actor: string;
      actorLabel: string;
      applicationId?: string;
    }[];
    expect(trail).toContainEqual(
      expect.objectContaining({
        action: 'application.get',
        kind: 'read',
        actor: 'agent',
        actorLabel: '李经办（杭州某科技有限公司）',
        applicationId: a,
      }),
    );
    expect(trail).toContainEqual(
      expect.objectContaining({ action: 'application.save', kind: 'write', actor: 'agent', applicationId: a }),
    );
    expect(trail).toContainEqual(
      expect.objectContaining({ action: 'entrustment.create', kind: 'write', actor: 'agent' }),
    );
    // Her own actions are not "others' accesses"; nobody else sees her trail.
    expect(trail.some((t) => t.action === 'entrustment.confirm')).toBe(false);
    expect((await w.ok('hr', 'access.trail', {})).entries).toEqual([]);
    // The case's own trail lists the agent's read too.
    expect((await w.ok('emp1', 'case.audit', { applicationId: a })).entries).toContainEqual(
      expect.objectContaining({ action: 'application.get', actor: 'agent' }),
    );
  });

  it("should keep D, with no identity, from rewriting E's mobile or facts; once E has bound, even an active agent cannot change E's mobile or permit", async () => {
    const E_ID = idFor('1950-03-04', '061'); // 71: 行动不便的老年人
    const eve = await ownSubmittedCase('eve', E_ID, '钱老');
    await acceptPrivacy(w, 'dan');
    const elderly = {
      kind: 'relative',
      principal: { name: '钱老', idNumber: E_ID },
      agent: { name: '钱小', idNumber: idFor('1978-08-08', '071') },
      relationship: 'child',
      reason: 'elderly',
      scope: ['apply', 'query'],
      district: 'xihu',
    };
    const e = (await w.ok('dan', 'entrustment.create', elderly)).entrustment;
    expect(e).toMatchObject({
      status: 'awaiting-district',
      statusLabel: '待受理点核验',
      verifyBy: 'district',
      districtName: '西湖区',
    });
    data(await upload(w, 'dan', { entrustmentId: e.entrustmentId }, 'jpeg', undefined, '户口簿.jpg'));

    // Nothing of E's can be changed by D: her own case is out of reach.
    const wiped = { ...profileOf(E_ID), residence: undefined };
    await refusedUnchanged(
      () =>
        w.call('dan', 'application.save', {
          applicationId: eve,
          identity: identityOf(E_ID, { name: '钱老', mobile: '13100131000' }),
          profile: wiped,
        }),
      'NOT_FOUND',
      CASE_NOT_FOUND,
    );
    // Nor can E, a relative's principal, confirm it herself: the acceptance point checks the proof.
    await refusedUnchanged(
      () => w.call('eve', 'entrustment.confirm', { entrustmentId: e.entrustmentId }),
      'FORBIDDEN',
      /西湖区积分受理点核对关系证明/,
    );

    // D's own draft under the entrustment, then the acceptance point activates it.
    const draft = (
      await w.ok('dan', 'application.save', {
        entrustmentId: e.entrustmentId,
        identity: identityOf(E_ID, { name: '钱老' }),
        profile: profileOf(E_ID),
      })
    ).application.applicationId;
    data(await rv('office-xihu', 'entrustment.verify', { entrustmentId: e.entrustmentId, checked: true }, true));
    expect((await w.ok('dan', 'application.get', { applicationId: draft })).application.actingAs).toBe('agent');

    // E has bound her identity: her mobile and permit are hers to change.
    for (const over of [{ mobile: '13100131000' }, { permitNumber: 'ZJ3301009999' }, { permitValidTo: '2030-12-31' }]) {
      await refusedUnchanged(
        () =>
          w.call('dan', 'application.save', {
            applicationId: draft,
            identity: identityOf(E_ID, { name: '钱老', ...over }),
            profile: profileOf(E_ID),
          }),
        'FORBIDDEN',
        PERSON_OWNED_CHANGE,
      );
    }
    // The facts of the case filed under the entrustment the agent may still prepare.
    expect(
      data(
        await w.call('dan', 'application.save', {
          applicationId: draft,
          identity: identityOf(E_ID, { name: '钱老' }),
          profile: profileOf(E_ID),
        }),
      ),
    ).toBeDefined();
    expect((await h.store.getApplication(eve))?.identity.mobile).toBe('13700137000');
  });

  it("should let the district acceptance point activate a relative's entrustment for a 15-year-old, and refuse other districts, non-offices, a missing proof and an age the ID number does not support", async () => {
    const child = idFor('2006-05-01', '041'); // 15 on 2021-10-08
    const relative = {
      kind: 'relative',
      principal: { name: '小明', idNumber: child },
      agent: { name: '张爸爸', idNumber: HR_ID },
      relationship: 'parent',
      reason: 'minor',
      scope: ['apply', 'query'],
      district: 'xihu',
    };
    const e = (await w.ok('hr', 'entrustment.create', relative)).entrustment;
    expect(e).toMatchObject({
      kind: 'relative',
      relationship: '父母',
      reason: '未满十六周岁的未成年人',
      status: 'awaiting-district',
    });
    const id = e.entrustmentId as string;

    await refusedUnchanged(
      () => rv('office-xihu', 'entrustment.verify', { entrustmentId: id, checked: true }, true),
      'CONFLICT',
      '代办人尚未上传监护或亲属关系证明，不能核验',
    );
    data(await upload(w, 'hr', { entrustmentId: id }, 'jpeg', undefined, '户口簿.jpg'));
    await refusedUnchanged(
      () => rv('office-binjiang', 'entrustment.verify', { entrustmentId: id, checked: true }, true),
      'NOT_FOUND',
      '没有找到这份委托，或不属于本受理点',
    );
    await refusedUnchanged(
      () => rv('hr', 'entrustment.verify', { entrustmentId: id, checked: true }, true),
      'FORBIDDEN',
      NOT_A_DISTRICT_OFFICE,
    );
    await refusedUnchanged(
      () => rv('office-xihu', 'entrustment.verify', { entrustmentId: id }, true),
      'INVALID_INPUT',
      INVALID,
      /请先核对双方身份证件/,
    );

    // The queue: full ID numbers (compared with the cards), the age from the ID number, links to the proof.
    const queue = data(await rv('office-xihu', 'entrustment.queue'));
    expect(queue).toMatchObject({ district: 'xihu', districtName: '西湖区' });
    expect(queue.entrustments).toEqual([
      expect.objectContaining({
        entrustmentId: id,
        principal: expect.objectContaining({ idNumber: child, ageToday: 15 }),
        ageProblem: null,
      }),
    ]);
    expect(data(await rv('office-binjiang', 'entrustment.queue')).entrustments).toEqual([]);
    const review = data(await rv('office-xihu', 'entrustment.review', { entrustmentId: id }));
    expect(review.entrustment.links).toHaveLength(1);

    // Before verification the agent's draft cannot be submitted; after it, it can.
    const saved = (
      await w.ok('hr', 'application.save', {
        entrustmentId: id,
        identity: identityOf(child, { name: '小明' }),
        profile: profileOf(child),
      })
    ).application;
    await uploadAllMissing(w, 'hr', saved.applicationId);
    await refusedUnchanged(
      () => w.call('hr', 'application.submit', { applicationId: saved.applicationId }),
      'FORBIDDEN',
      /委托尚未生效（待受理点核验），须经西湖区积分受理点核验/,
    );
    const verified = data(await rv('office-xihu', 'entrustment.verify', { entrustmentId: id, checked: true }, true));
    expect(verified.entrustment).toMatchObject({ status: 'active', statusLabel: '已生效' });
    expect((await w.ok('hr', 'application.submit', { applicationId: saved.applicationId })).application.status).toBe(
      'submitted',
    );
    // What was verified stays as checked.
    await refusedUnchanged(
      () =>
        w.call('hr', 'material.ticket', {
          target: { entrustmentId: id },
          fileName: '另一份.pdf',
          mime: 'application/pdf',
          size: 100,
        }),
      'CONFLICT',
      '委托已核验生效，委托材料不能再更改',
    );

    // A child who turns 16 before the check: the acceptance point cannot activate "under 16".
    const almost = idFor('2005-10-10', '081'); // 15 on 10-08, 16 on 10-10
    const late = (
      await w.ok('hr', 'entrustment.create', { ...relative, principal: { name: '小亮', idNumber: almost } })
    ).entrustment.entrustmentId;
    data(await upload(w, 'hr', { entrustmentId: late }, 'jpeg'));
    w.clock.now = beijing9('2021-10-11');
    await refusedUnchanged(
      () => rv('office-xihu', 'entrustment.verify', { entrustmentId: late, checked: true }, true),
      'FORBIDDEN',
      /委托人今天已满 16 周岁（16 周岁）/,
    );
    // Rejected with a reason: the agent sees why and can no longer act under it.
    const rejected = data(
      await rv(
        'office-xihu',
        'entrustment.reject',
        { entrustmentId: late, reason: '申请人已满 16 周岁，请由本人申请' },
        true,
      ),
    );
    expect(rejected.entrustment).toMatchObject({ status: 'rejected', statusLabel: '未通过核验' });
    expect(
      (await w.ok('hr', 'entrustment.list', {})).asAgent.find(
        (x: { entrustmentId: string }) => x.entrustmentId === late,
      ),
    ).toMatchObject({ rejectedReason: '申请人已满 16 周岁，请由本人申请' });
    await refusedUnchanged(
      () =>
        w.call('hr', 'application.save', {
          entrustmentId: late,
          identity: identityOf(almost, { name: '小亮' }),
          profile: profileOf(almost),
        }),
      'FORBIDDEN',
      '该委托未通过区积分受理点核验，不能代为申请',
    );
    await refusedUnchanged(
      () => rv('office-xihu', 'entrustment.verify', { entrustmentId: late, checked: true }, true),
      'CONFLICT',
      /未通过核验，不能再核验/,
    );

    // The acceptance point's reads are in the principal's trail once the child has an account.
    await acceptPrivacy(w, 'kid');
    await w.ok('kid', 'identity.bind', { name: '小明', idNumber: child, mobile: '13900139009' });
    expect((await w.ok('kid', 'access.trail', {})).entries).toContainEqual(
      expect.objectContaining({
        action: 'entrustment.review',
        kind: 'read',
        actor: 'reviewer',
        actorLabel: '西湖区积分受理点',
        entrustmentId: id,
      }),
    );
    expect(
      (await h.store.listAudit({ actor: 'office-xihu', limit: 100 })).entries.find(
        (x) => x.action === 'entrustment.review',
      ),
    ).toMatchObject({
      actingFor: `person:${personKeyOf(child)}`,
      target: `entrustment:${id}`,
    });
  });

  it('should refuse an agent without the needed scope: no apply to save, no query to read results or the trail', async () => {
    const queryOnly = await entrustmentWithLetter(EMP1, '王一', ['query']);
    await bindAndConfirm('emp1', EMP1, '王一', queryOnly);
    await refusedUnchanged(
      () =>
        w.call('hr', 'application.save', {
          entrustmentId: queryOnly,
          identity: identityOf(EMP1, { name: '王一' }),
          profile: profileOf(EMP1),
        }),
      'FORBIDDEN',
      /积分申请/,
    );
    const applyOnly = await entrustmentWithLetter(EMP2, '赵二', ['apply']);
    await bindAndConfirm('emp2', EMP2, '赵二', applyOnly);
    const a = await agentApplication(applyOnly, EMP2, '赵二');
    await w.ok('hr', 'application.submit', { applicationId: a });
    await refusedUnchanged(() => w.call('hr', 'result.get', { applicationId: a }), 'NOT_FOUND', CASE_NOT_FOUND);
    await refusedUnchanged(() => w.call('hr', 'case.audit', { applicationId: a }), 'NOT_FOUND', CASE_NOT_FOUND);
  });

  it('should refuse an invalid USCC, a duplicate, and strangers confirming or revoking; the agent may revoke their own', async () => {
    const pending = (await w.ok('hr', 'entrustment.create', employer(EMP1, '王一'))).entrustment.entrustmentId;
    await refusedUnchanged(
      () =>
        w.call('hr', 'entrustment.create', {
          ...employer(EMP2, '赵二'),
          employer: { uscc: '91110108551385082R', name: 'x' },
        }),
      'INVALID_INPUT',
      INVALID,
      /统一社会信用代码/,
    );
    await refusedUnchanged(
      () => w.call('hr', 'entrustment.create', { ...employer(EMP2, '赵二'), district: 'tonglu' }),
      'INVALID_INPUT',
      INVALID,
      /只受理杭州市区签发的居住证/,
    );
    await refusedUnchanged(
      () => w.call('hr', 'entrustment.create', employer(EMP1, '王一')),
      'CONFLICT',
      /已有对该申请人的委托/,
    );
    await acceptPrivacy(w, 'mallory');
    await refusedUnchanged(
      () => w.call('mallory', 'entrustment.confirm', { entrustmentId: pending }),
      'NOT_FOUND',
      '没有找到这份委托，或您无权操作',
    );
    await refusedUnchanged(
      () => w.call('mallory', 'entrustment.revoke', { entrustmentId: pending }),
      'NOT_FOUND',
      '没有找到这份委托，或您无权操作',
    );
    // Someone who bound another person's identity cannot confirm either; the agent cannot confirm their own.
    await refusedUnchanged(
      () => w.call('hr', 'entrustment.confirm', { entrustmentId: pending }),
      'NOT_FOUND',
      '没有找到这份委托，或您无权操作',
    );
    expect((await w.ok('hr', 'entrustment.revoke', { entrustmentId: pending })).entrustment.status).toBe('revoked');
  });

  it('should refuse "minor" for a 17-year-old at creation', async () => {
    const teen = idFor('2004-03-01', '051'); // 17
    const before = h.businessDump();
    const env = await w.call('hr', 'entrustment.create', {
      kind: 'relative',
      principal: { name: '小红', idNumber: teen },
      agent: { name: '张爸爸', idNumber: HR_ID },
      relationship: 'parent',
      reason: 'minor',
      scope: ['apply'],
      district: 'xihu',
    });
    expect(env).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      fields: [{ path: 'reason', field: '代办原因', message: expect.stringMatching(/已满 16 周岁（17 周岁）/) }],
    });
    expect(h.businessDump()).toBe(before);
  });
});
