/**
 * The reviewer function through its dispatcher, on both store adapters: department scoping, task details with
 * short-lived links, least privilege (only the department's facts and materials, the ID number in full only where an
 * indicator needs it, every read audited), each decision, refusals that change nothing, and the result computed by
 * the engine when the last task is decided.
 */
import { reviewer } from '../../cloudfunctions/reviewer/handlers';
import type { Store, TaskRecord } from '../../cloudfunctions/_core/store';
import type { Envelope, ReviewerApi } from '../../shared/contracts';
import { CHINESE, data, STORES, type ActionOf, type ResOf, type StoreHarness } from './harness';
import { MATERIAL_NOT_FOUND, personKeyOf } from '../../cloudfunctions/_core/cases';
import { beijingMorning, FAKE_FILES, grant, seedCase } from './reviewer-fixtures';

const NOW = beijingMorning('2021-10-12');
const POLICE = '市公安局';
const HRSS = '市人力社保局';
const CREDIT = '市发改委（信用办）';
const EDU = '市教育局';
const ZHANG_ID = '330106198705120018';
const ZHANG_MASKED = '330106********0018';

function reviewerCaller(store: Store, now: Date = NOW) {
  return <const E>(event: E, openid: string | null) =>
    reviewer(event, { openid }, { store, now: () => now, files: FAKE_FILES }) as Promise<
      Envelope<ResOf<ReviewerApi, ActionOf<E>>>
    >;
}

let seq = 0;
const rid = () => `req-review-${String(++seq).padStart(4, '0')}`;
const decide = (payload: Record<string, unknown>, requestId = rid()) => ({
  action: 'task.decide' as const,
  requestId,
  payload,
});

describe.each(STORES)('reviewer function on %s', (_name, make) => {
  let h: StoreHarness;
  let call: ReturnType<typeof reviewerCaller>;
  let tasks: TaskRecord[];
  const task = (indicatorId: string) => tasks.find((t) => t.indicatorId === indicatorId) as TaskRecord;

  beforeEach(async () => {
    h = make();
    call = reviewerCaller(h.store);
    await grant(h.store, 'wx-police', 'reviewer', POLICE);
    await grant(h.store, 'wx-hrss', 'reviewer', HRSS);
    await grant(h.store, 'wx-credit', 'reviewer', CREDIT);
    await grant(h.store, 'wx-edu', 'reviewer', EDU);
    await grant(h.store, 'wx-admin', 'admin');
    const seeded = await seedCase(h.store, {
      id: 'app_1',
      materials: [
        { key: 'B3:titles.0', fileName: '中级职称证书.pdf' },
        { key: 'B2:education.0', fileName: '学位证书.pdf' },
      ],
      subscriptions: [{ openid: 'wx-applicant', kinds: ['result', 'correction'] }],
    });
    tasks = seeded.tasks;
  });
  afterEach(() => h.close());

  describe('whoami and task.list', () => {
    it("should answer the caller's roles, and none for a stranger", async () => {
      expect(data(await call({ action: 'whoami' }, 'wx-police'))).toEqual({
        roles: [{ role: 'reviewer', department: POLICE }],
      });
      expect(data(await call({ action: 'whoami' }, 'wx-admin'))).toEqual({ roles: [{ role: 'admin' }] });
      expect(data(await call({ action: 'whoami' }, 'wx-nobody'))).toEqual({ roles: [] });
    });

    it("should list only the caller's department's tasks", async () => {
      const police = data(await call({ action: 'task.list', payload: {} }, 'wx-police'));
      expect(police.department).toBe(POLICE);
      expect(police.tasks.map((t: { indicatorId: string }) => t.indicatorId).sort()).toEqual([
        'B1',
        'B7',
        'D1',
        'D2',
        'D3',
      ]);
      const hrss = data(await call({ action: 'task.list', payload: {} }, 'wx-hrss'));
      expect(hrss.tasks.map((t: { indicatorId: string }) => t.indicatorId).sort()).toEqual(['B3', 'B4', 'P3', 'P4']);
      expect(hrss.tasks[0]).toMatchObject({
        applicationId: 'app_1',
        status: 'pending',
        statusLabel: '待阅卷',
        acceptedOn: '2021-10-08',
        overdue: false,
      });
      expect(hrss.tasks[0].receiptNumber).toMatch(/^JF2021-1008-/);
    });

    it('should refuse a caller without a reviewer role with FORBIDDEN, administrators included', async () => {
      for (const who of ['wx-nobody', 'wx-admin']) {
        const res = await call({ action: 'task.list', payload: {} }, who);
        expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
        expect(res.ok || res.message).toMatch(CHINESE);
      }
    });

    it('should filter by status and mark tasks overdue once their result date has come', async () => {
      data(await call(decide({ taskId: task('B1').id, decision: 'confirm' }), 'wx-police'));
      const pending = data(await call({ action: 'task.list', payload: { status: 'pending' } }, 'wx-police'));
      expect(pending.tasks.map((t: { indicatorId: string }) => t.indicatorId).sort()).toEqual(['B7', 'D1', 'D2', 'D3']);
      const confirmed = data(await call({ action: 'task.list', payload: { status: 'confirmed' } }, 'wx-police'));
      expect(confirmed.tasks.map((t: { indicatorId: string }) => t.indicatorId)).toEqual(['B1']);

      const resultDate = task('B7').resultDate;
      const late = reviewerCaller(h.store, beijingMorning(resultDate));
      const lateList = data(await late({ action: 'task.list', payload: {} }, 'wx-police'));
      const flags = Object.fromEntries(
        lateList.tasks.map((t: { indicatorId: string; overdue: boolean }) => [t.indicatorId, t.overdue]),
      );
      expect(flags).toEqual({ B1: false, B7: true, D1: true, D2: true, D3: true });
    });

    it('should page the queue with a cursor', async () => {
      const first = data(await call({ action: 'task.list', payload: { limit: 2 } }, 'wx-police'));
      expect(first.tasks).toHaveLength(2);
      expect(first.next).toEqual(expect.any(String));
      const second = data(await call({ action: 'task.list', payload: { limit: 10, cursor: first.next } }, 'wx-police'));
      expect(second.tasks).toHaveLength(3);
      expect(second.next).toBeUndefined();
    });
  });

  describe('task.get', () => {
    it("should show the declared facts, the name with a masked ID number and only this indicator's materials (hash, upload time) behind links of ≤ 10 minutes", async () => {
      const res = data(await call({ action: 'task.get', payload: { taskId: task('B3').id } }, 'wx-hrss'));
      expect(res.task.person).toEqual({ name: '张伟', idNumber: ZHANG_MASKED, idNumberFull: false });
      expect(res.task).toMatchObject({
        indicatorId: 'B3',
        department: HRSS,
        declaredFacts: [{ level: 'zhongji', obtainedOn: '2016-12-20' }],
        factRefs: ['titles.0'],
        history: [{ at: '2021-10-08T02:00:00.000Z', status: 'pending' }],
      });
      expect(res.task.materials).toHaveLength(1);
      const m = res.task.materials[0];
      expect(m).toMatchObject({
        key: 'B3:titles.0',
        fileName: '中级职称证书.pdf',
        sha256: '0'.repeat(64),
        uploadedAt: '2021-10-08T02:00:00.000Z',
      });
      expect(m.url).toMatch(/^http:\/\/files\.test\/read\/files\/app_1\/0\.pdf\?until=/);
      expect(Date.parse(m.expiresAt) - NOW.getTime()).toBeLessThanOrEqual(10 * 60 * 1000);
      expect(Date.parse(m.expiresAt)).toBeGreaterThan(NOW.getTime());
      // What the department does not need: the full ID number, the permit number, the mobile, the storage id.
      const text = JSON.stringify(res);
      for (const secret of [ZHANG_ID, 'ZJ330100123456', '13800138000', 'fileId']) expect(text).not.toContain(secret);
    });

    it('should show 市公安局 the full ID number and the permit number (B1 age, B7 permit, D1–D3 records need them)', async () => {
      for (const id of ['B1', 'B7', 'D3']) {
        const res = data(await call({ action: 'task.get', payload: { taskId: task(id).id } }, 'wx-police'));
        expect(res.task.person).toEqual({
          name: '张伟',
          idNumber: ZHANG_ID,
          idNumberFull: true,
          permitNumber: 'ZJ330100123456',
        });
      }
    });

    it("should refuse another department's task with FORBIDDEN and a missing one with NOT_FOUND", async () => {
      expect(await call({ action: 'task.get', payload: { taskId: task('B3').id } }, 'wx-police')).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      expect(await call({ action: 'task.get', payload: { taskId: 't_missing' } }, 'wx-police')).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      expect(await call({ action: 'task.get', payload: { taskId: task('B3').id } }, 'wx-nobody')).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
    });
  });

  describe('least privilege', () => {
    const audit = async () => (await h.store.listAudit({ target: 'application:app_1' })).entries;
    const edu = () => tasks.find((t) => t.indicatorId === 'B2') as TaskRecord;
    const diploma = 'm_app_1_1'; // B2:education.0, a 市教育局 material

    /** A refusal: its code and Chinese message, and nothing written — no business data, no audit entry. */
    async function refusedUnchanged<T>(
      run: () => Promise<Envelope<T>>,
      code: string,
      message: string,
    ): Promise<Envelope<T>> {
      const before = h.businessDump();
      const auditBefore = JSON.stringify(await audit());
      const env = await run();
      expect(env).toMatchObject({ ok: false, code, message });
      expect(env.ok || env.message).toMatch(CHINESE);
      expect(h.businessDump()).toBe(before);
      expect(JSON.stringify(await audit())).toBe(auditBefore);
      return env;
    }

    it('should refuse a 市公安局 reviewer a link to a 市教育局 material with the same NOT_FOUND as a missing one', async () => {
      const refused = await refusedUnchanged(
        () => call({ action: 'material.link', payload: { materialId: diploma } }, 'wx-police'),
        'NOT_FOUND',
        MATERIAL_NOT_FOUND,
      );
      expect(await call({ action: 'material.link', payload: { materialId: 'm_missing' } }, 'wx-police')).toEqual(
        refused,
      );
      expect(await call({ action: 'material.link', payload: { materialId: diploma } }, 'wx-nobody')).toEqual(refused);
      // The department whose task it proves gets it.
      const link = data(await call({ action: 'material.link', payload: { materialId: diploma } }, 'wx-edu'));
      expect(link.url).toMatch(/^http:\/\/files\.test\/read\/files\/app_1\/1\.pdf\?until=/);
      expect(Date.parse(link.expiresAt) - NOW.getTime()).toBeLessThanOrEqual(10 * 60 * 1000);
    });

    it("should give each department only its own indicators' facts of the case", async () => {
      const police = data(await call({ action: 'task.case', payload: { taskId: task('B1').id } }, 'wx-police')).case;
      expect(police).toMatchObject({
        applicationId: 'app_1',
        roundId: '2021',
        department: POLICE,
        acceptedOn: '2021-10-08',
      });
      expect(police.receiptNumber).toMatch(/^JF2021-1008-/);
      expect(police.indicators.map((i: { indicatorId: string }) => i.indicatorId)).toEqual([
        'B1',
        'B7',
        'D1',
        'D2',
        'D3',
      ]);
      expect(police.indicators.find((i: { indicatorId: string }) => i.indicatorId === 'D3')).toMatchObject({
        taskId: task('D3').id,
        status: 'pending',
        statusLabel: '待阅卷',
        declaredFacts: [{ kind: 'detention', date: '2019-03-01', incident: '2019-A' }],
      });
      expect(Object.keys(police.profile).sort()).toEqual(['person', 'records', 'residence']);
      // The dishonesty record of the same incident is 市发改委（信用办）'s, not the police's.
      expect(police.profile.records).toEqual([{ kind: 'detention', date: '2019-03-01', incident: '2019-A' }]);

      const education = data(await call({ action: 'task.case', payload: { taskId: edu().id } }, 'wx-edu')).case;
      expect(education.indicators.map((i: { indicatorId: string }) => i.indicatorId)).toEqual(['B2']);
      expect(education.profile).toEqual({
        education: [
          {
            level: 'benke',
            diploma: true,
            degree: true,
            domestic: true,
            completion: 'graduated',
            obtainedOn: '2009-06-30',
          },
        ],
      });

      const hrss = data(await call({ action: 'task.case', payload: { taskId: task('B4').id } }, 'wx-hrss')).case;
      expect(hrss.indicators.map((i: { indicatorId: string }) => i.indicatorId)).toEqual(['B3', 'B4', 'P3', 'P4']);
      expect(Object.keys(hrss.profile).sort()).toEqual(['honours', 'socialInsurance', 'titles']);
    });

    it('should show a 市教育局 reviewer a masked ID number and a 市公安局 reviewer of B1 and the records the full one, never the mobile', async () => {
      const education = data(await call({ action: 'task.case', payload: { taskId: edu().id } }, 'wx-edu'));
      expect(education.case.person).toEqual({ name: '张伟', idNumber: ZHANG_MASKED, idNumberFull: false });
      const eduTask = data(await call({ action: 'task.get', payload: { taskId: edu().id } }, 'wx-edu'));
      expect(eduTask.task.person).toEqual({ name: '张伟', idNumber: ZHANG_MASKED, idNumberFull: false });
      for (const text of [JSON.stringify(education), JSON.stringify(eduTask)]) {
        for (const secret of [ZHANG_ID, '19870512', 'ZJ330100123456', '13800138000'])
          expect(text).not.toContain(secret);
      }
      const police = data(await call({ action: 'task.case', payload: { taskId: task('D1').id } }, 'wx-police'));
      expect(police.case.person).toEqual({
        name: '张伟',
        idNumber: ZHANG_ID,
        idNumberFull: true,
        permitNumber: 'ZJ330100123456',
      });
      expect(police.case.profile.person).toEqual({ name: '张伟', idNumber: ZHANG_ID });
      expect(JSON.stringify(police)).not.toContain('13800138000');
    });

    it("should refuse the case part of another department's task with FORBIDDEN, and a missing task with NOT_FOUND, writing nothing", async () => {
      await refusedUnchanged(
        () => call({ action: 'task.case', payload: { taskId: edu().id } }, 'wx-police'),
        'FORBIDDEN',
        `这项阅卷任务由${EDU}负责，您所在部门无权查看或处理`,
      );
      await refusedUnchanged(
        () => call({ action: 'task.case', payload: { taskId: 't_missing' } }, 'wx-police'),
        'NOT_FOUND',
        '没有找到这项阅卷任务',
      );
      await refusedUnchanged(
        () => call({ action: 'task.get', payload: { taskId: edu().id } }, 'wx-police'),
        'FORBIDDEN',
        `这项阅卷任务由${EDU}负责，您所在部门无权查看或处理`,
      );
    });

    it("should audit every reviewer read of the person's data on the case: time, actor, acting-for (whose data), action, target, result", async () => {
      expect(await audit()).toEqual([]);
      data(await call({ action: 'task.get', payload: { taskId: edu().id } }, 'wx-edu'));
      data(await call({ action: 'task.case', payload: { taskId: edu().id } }, 'wx-edu'));
      data(await call({ action: 'material.link', payload: { materialId: diploma } }, 'wx-edu'));
      const entries = await audit();
      expect(entries.map((e) => e.action).sort()).toEqual(['material.link', 'task.case', 'task.get']);
      for (const e of entries) {
        expect(e).toMatchObject({
          at: NOW.toISOString(),
          actor: 'wx-edu',
          actingFor: `person:${personKeyOf(ZHANG_ID)}`,
          fn: 'reviewer',
          target: 'application:app_1',
          result: 'ok',
        });
        expect(JSON.stringify(e)).not.toContain(ZHANG_ID);
      }
      // The queue shows no personal data (no name, no ID number) and is not a read of the person's data.
      data(await call({ action: 'task.list', payload: {} }, 'wx-edu'));
      expect(await audit()).toHaveLength(3);
    });
  });

  describe('task.decide', () => {
    it('should confirm a task, keep its history and answer the updated task', async () => {
      const res = data(
        await call(decide({ taskId: task('B1').id, decision: 'confirm', note: '与户籍信息一致' }), 'wx-police'),
      );
      expect(res.task).toMatchObject({ status: 'confirmed', statusLabel: '已确认', note: '与户籍信息一致' });
      expect(res.task.history.map((x: { status: string }) => x.status)).toEqual(['pending', 'confirmed']);
      const stored = await h.store.getTask(task('B1').id);
      expect(stored).toMatchObject({ status: 'confirmed', decidedBy: 'wx-police', decidedAt: NOW.toISOString() });
      expect((await h.store.getApplication('app_1'))?.status).toBe('submitted');
    });

    it('should correct B4 to 58 verified months with a note, and keep the facts for the result', async () => {
      const facts = [{ from: '2016-10', to: '2021-07', pension: true, medical: true }];
      const res = data(
        await call(
          decide({ taskId: task('B4').id, decision: 'correct', facts, note: '2021-08、09 两月未缴' }),
          'wx-hrss',
        ),
      );
      expect(res.task).toMatchObject({ status: 'corrected', verifiedFacts: facts, note: '2021-08、09 两月未缴' });
      expect((await h.store.getTask(task('B4').id))?.verifiedFacts).toEqual(facts);
    });

    it('should refuse corrected facts that are not valid facts of the indicator with a Chinese INVALID_INPUT, changing nothing', async () => {
      const before = h.businessDump();
      const bad = await call(
        decide({ taskId: task('B4').id, decision: 'correct', facts: [{ from: '2021-13', to: 'soon' }], note: '更正' }),
        'wx-hrss',
      );
      expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(bad.ok || bad.message).toMatch(CHINESE);
      expect(bad.ok || bad.fields?.[0]).toMatchObject({ path: 'facts', field: '核实后的事实' });
      const wrongKind = await call(
        decide({
          taskId: task('P3').id,
          decision: 'correct',
          facts: [{ level: 'national', title: 'x', matter: 'y', awardedOn: '2019-01-01' }],
          note: '更正',
        }),
        'wx-hrss',
      );
      expect(wrongKind).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(wrongKind.ok || wrongKind.message).toContain('不属于 P3');
      expect(h.businessDump()).toBe(before);
    });

    it('should refuse a correction without a reason and a rejection of the age indicator', async () => {
      const before = h.businessDump();
      expect(
        await call(decide({ taskId: task('B4').id, decision: 'correct', facts: [], note: ' ' }), 'wx-hrss'),
      ).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      const age = await call(decide({ taskId: task('B1').id, decision: 'reject', note: '出生日期不符' }), 'wx-police');
      expect(age).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
      expect(age.ok || age.message).toContain('年龄');
      expect(h.businessDump()).toBe(before);
    });

    it('should reject a claim with its reason', async () => {
      const res = data(
        await call(decide({ taskId: task('P3').id, decision: 'reject', note: '表彰文件无法核实' }), 'wx-hrss'),
      );
      expect(res.task).toMatchObject({ status: 'rejected', note: '表彰文件无法核实' });
    });

    it("should return a case for 补正: status correction, a 'correction' outbox message for the subscriber", async () => {
      const res = data(
        await call(
          decide({ taskId: task('B3').id, decision: 'return', missing: '职称证书照片不清晰，请重新上传' }),
          'wx-hrss',
        ),
      );
      expect(res.task).toMatchObject({ status: 'returned', missing: '职称证书照片不清晰，请重新上传' });
      expect((await h.store.getApplication('app_1'))?.status).toBe('correction');
      const outbox = await h.store.listUnsentOutbox(10);
      expect(outbox).toEqual([
        expect.objectContaining({
          kind: 'correction',
          toOpenid: 'wx-applicant',
          applicationId: 'app_1',
          sent: false,
          data: expect.objectContaining({ missing: expect.stringContaining('职称证书') }),
        }),
      ]);
      // The returned task waits for the applicant: deciding it now is a conflict.
      const again = await call(decide({ taskId: task('B3').id, decision: 'confirm' }), 'wx-hrss');
      expect(again).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(again.ok || again.message).toContain('补正');
      // Other departments keep deciding their tasks meanwhile.
      expect((await call(decide({ taskId: task('B1').id, decision: 'confirm' }), 'wx-police')).ok).toBe(true);
    });

    it("should refuse deciding another department's task with FORBIDDEN and change nothing", async () => {
      const before = h.businessDump();
      const res = await call(decide({ taskId: task('B4').id, decision: 'confirm' }), 'wx-police');
      expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(res.ok || res.message).toContain(HRSS);
      expect(await call(decide({ taskId: task('B4').id, decision: 'confirm' }), 'wx-nobody')).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      });
      expect(h.businessDump()).toBe(before);
    });

    it('should answer CONFLICT for an already decided task, but replay the same request id', async () => {
      const first = decide({ taskId: task('B1').id, decision: 'confirm' }, 'req-decide-b1-once');
      const ok1 = data(await call(first, 'wx-police'));
      const replay = data(await call(first, 'wx-police'));
      expect(replay).toEqual(ok1);
      const before = h.businessDump();
      const second = await call(decide({ taskId: task('B1').id, decision: 'confirm' }), 'wx-police');
      expect(second).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(second.ok || second.message).toContain('已处理');
      const sameIdOtherPayload = await call(
        decide({ taskId: task('B1').id, decision: 'confirm', note: '另一内容' }, 'req-decide-b1-once'),
        'wx-police',
      );
      expect(sameIdOtherPayload).toMatchObject({ ok: false, code: 'CONFLICT' });
      expect(h.businessDump()).toBe(before);
    });

    it('should decide the case when its last pending task is decided: the engine computes the verified result', async () => {
      const who: Record<string, string> = { [POLICE]: 'wx-police', [HRSS]: 'wx-hrss', [CREDIT]: 'wx-credit' };
      /** Step: departments without a reviewer in this test get one. */
      const grantMissingReviewers = async (): Promise<void> => {
        for (const t of tasks) {
          if (!who[t.department]) {
            who[t.department] = `wx-${t.indicatorId.toLowerCase()}`;
            await grant(h.store, who[t.department] as string, 'reviewer', t.department);
          }
        }
      };
      /** Step: every task but `last` decided (B4 corrected), the case still submitted after each. */
      const decideAllBut = async (last: TaskRecord): Promise<void> => {
        for (const t of tasks) {
          if (t.id === last.id) continue;
          if (t.indicatorId === 'B4') {
            data(
              await call(
                decide({
                  taskId: t.id,
                  decision: 'correct',
                  facts: [{ from: '2016-10', to: '2021-07', pension: true, medical: true }],
                  note: '核减 2 个月',
                }),
                who[t.department] as string,
              ),
            );
          } else {
            data(await call(decide({ taskId: t.id, decision: 'confirm' }), who[t.department] as string));
          }
          expect((await h.store.getApplication('app_1'))?.status).toBe('submitted');
        }
      };
      await grantMissingReviewers();
      const last = task('D5');
      await decideAllBut(last);
      data(await call(decide({ taskId: last.id, decision: 'confirm' }), 'wx-credit'));
      const app = await h.store.getApplication('app_1');
      expect(app?.status).toBe('decided');
      expect(app?.decidedAt).toBe(NOW.toISOString());
      const b4 = app?.result?.lines.find((l) => l.id === 'B4');
      expect(b4).toMatchObject({
        declaredPoints: '30',
        verifiedPoints: '29',
        decision: 'corrected',
        decisionLabel: '已核减/更正',
        note: '核减 2 个月',
      });
      expect(app?.result?.total).toBe(String(Number(app?.result?.declaredTotal) - 1));
      expect(app?.result?.policyVersion).toBe('hz-2021');
    });
  });

  it('should settle a case exactly once when its two last tasks are decided at the same moment', async () => {
    const who: Record<string, string> = { [POLICE]: 'wx-police', [HRSS]: 'wx-hrss', [CREDIT]: 'wx-credit' };
    for (const t of tasks) {
      if (!who[t.department]) {
        who[t.department] = `wx-${t.indicatorId.toLowerCase()}`;
        await grant(h.store, who[t.department] as string, 'reviewer', t.department);
      }
    }
    const lastTwo = [task('B1'), task('D5')];
    for (const t of tasks) {
      if (lastTwo.includes(t)) continue;
      const facts = t.indicatorId === 'B4' ? [{ from: '2016-10', to: '2021-07', pension: true, medical: true }] : null;
      const payload = facts
        ? { taskId: t.id, decision: 'correct', facts, note: '核减 2 个月' }
        : { taskId: t.id, decision: 'confirm' };
      data(await call(decide(payload), who[t.department] as string));
    }
    const requests = lastTwo.map((t) => decide({ taskId: t.id, decision: 'confirm' }));
    const answers = await Promise.all(
      requests.map((r, i) => call(r, who[(lastTwo[i] as TaskRecord).department] as string)),
    );
    // Either both acted one after the other, or the second found the case changed and must retry.
    for (const [i, a] of answers.entries()) {
      if (a.ok) continue;
      expect(a).toEqual({ ok: false, code: 'CONFLICT', message: '该记录刚被他人修改或占用，请刷新后重试' });
      expect((await h.store.getTask((lastTwo[i] as TaskRecord).id))?.status).toBe('pending');
      expect((await h.store.getApplication('app_1'))?.status).toBe('submitted');
      data(await call(requests[i], who[(lastTwo[i] as TaskRecord).department] as string));
    }
    expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(1);
    const app = await h.store.getApplication('app_1');
    expect(app).toMatchObject({ status: 'decided', decidedAt: NOW.toISOString() });
    expect(app?.result?.lines.find((l) => l.id === 'B1')).toMatchObject({ decision: 'confirmed' });
    expect(app?.result?.lines.find((l) => l.id === 'D5')).toMatchObject({ decision: 'confirmed' });
    const decisions = (await h.store.listAudit({ target: 'application:app_1', limit: 100 })).entries.filter(
      (e) => e.action === 'task.decide' && e.result === 'ok',
    );
    expect(decisions).toHaveLength(tasks.length);
  });

  it('should audit each decision on the case (what case.audit shows its owner)', async () => {
    data(await call(decide({ taskId: task('B1').id, decision: 'confirm' }), 'wx-police'));
    const page = await h.store.listAudit({ target: 'application:app_1' });
    expect(page.entries).toEqual([
      expect.objectContaining({ fn: 'reviewer', action: 'task.decide', actor: 'wx-police', result: 'ok' }),
    ]);
  });
});
