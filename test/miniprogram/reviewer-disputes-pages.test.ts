/**
 * The reviewer workspace's dispute pages one behaviour at a time, over answers shaped by the disputes contracts (the
 * journeys in journey-dispute.test.ts walk them through the real handlers): the district office registers or asks for
 * evidence only with a reason, 复核 tasks are listed apart and marked 复核, a revision sends facts, never a number.
 */
import { byId, renderPage, settle, tapButton, textOf, waitFor, typeInto } from './harness';

jest.setTimeout(30_000);

/* eslint-disable @typescript-eslint/no-explicit-any */
type Body = any;

const WINDOW = { deadline: '2021-11-15', workingDaysLeft: 0, label: '', open: false };
const DISPUTE = {
  disputeId: 'd1',
  applicationId: 'a1',
  receiptNumber: 'r',
  status: 'raised',
  statusLabel: '已提出，待区积分办登记',
  district: 'xihu',
  districtName: '西湖区',
  raisedBy: 'self',
  raisedOn: '2021-11-15',
  raisedAt: '',
  window: WINDOW,
  lines: [
    {
      indicatorId: 'B2',
      indicatorName: '文化程度',
      department: '市教育局',
      reason: '理由',
      evidence: [{ materialId: 'm1', fileName: 'a.jpg', mime: 'image/jpeg' }],
      before: '0',
      after: null,
      recheck: null,
    },
  ],
  revised: null,
  finalNote: 'final',
  actions: ['register', 'askEvidence'],
  person: { name: '张伟', idNumberMasked: '330106********0018' },
  links: [{ materialId: 'm1', url: 'http://x', mime: 'image/jpeg' }],
};
it('lets the district office ask for evidence only with what is missing, and register the dispute for re-review', async () => {
  const calls: string[] = [];
  const p = renderPage('reviewer/pages/disputes/disputes', async (_fn, body: Body) => {
    calls.push(body.action);
    switch (body.action) {
      case 'dispute.queue':
        return {
          ok: true,
          data: {
            district: 'xihu',
            districtName: '西湖区',
            recheckLimit: 10,
            disputes: [
              {
                disputeId: 'd1',
                status: 'raised',
                statusLabel: '已提出',
                raisedOn: '2021-11-15',
                indicators: [{ indicatorId: 'B2', indicatorName: '文化程度' }],
                decided: 0,
                total: 1,
                revisedTotal: null,
                applicationId: 'a1',
                receiptNumber: 'JF1',
                personName: '张伟',
                overdueRechecks: 1,
              },
            ],
          },
        };
      case 'dispute.review':
        return { ok: true, data: { dispute: DISPUTE } };
      case 'dispute.register':
        return { ok: true, data: { dispute: { ...DISPUTE, status: 'reviewing', statusLabel: '复核中', actions: [] } } };
      default:
        return { ok: false, code: 'INTERNAL', message: body.action };
    }
  });
  p.comp.instance.onLoad({});
  await waitFor(() => p.comp.data.load.state !== 'loading', 'load', 400);
  expect(textOf(p, 'title')).toBe('西湖区积分办 · 异议（复核期限 10 个工作日）');
  expect(textOf(p, 'dispute-0')).toContain('张伟 · 回执 JF1');
  expect(textOf(p, 'dispute-0-overdue')).toBe('1 项复核已超过期限');
  byId(p, 'dispute-0').dispatchEvent('tap');
  await waitFor(() => !!p.comp.data.open, 'open');
  expect(textOf(p, 'open-person')).toBe('张伟（330106********0018）');
  expect(textOf(p, 'open-B2')).toContain('异议理由：理由');
  expect(textOf(p, 'open-file-0')).toBe('查看证据（B2）：a.jpg');
  await tapButton(p, 'ask');
  expect(textOf(p, 'op-message')).toBe('请说明需要补充哪些证据');
  expect(calls).not.toContain('dispute.askEvidence');
  await tapButton(p, 'register');
  await waitFor(() => p.comp.data.op.state !== 'saving', 'reg');
  expect(textOf(p, 'op-message')).toBe('已登记，复核任务已转各部门');
  expect(textOf(p, 'open-status')).toBe('复核中');
  // The dispute's actions are empty now: neither button is offered again.
  expect(p.comp.querySelector('#register')).toBeUndefined();
  expect(p.comp.querySelector('#ask')).toBeUndefined();
});
it('marks 复核 tasks apart from first reviews, and revises with the declared facts and a reason, never a number', async () => {
  const R = {
    recheckId: 'r1',
    kind: 'recheck',
    kindLabel: '复核',
    disputeId: 'd1',
    applicationId: 'a1',
    receiptNumber: 'JF1',
    indicatorId: 'B2',
    indicatorName: '文化程度',
    status: 'pending',
    statusLabel: '待复核',
    createdAt: '',
    dueOn: '2021-11-30',
    overdue: false,
    department: '市教育局',
    person: {},
    declaredFacts: [{ level: 'bachelor', obtainedOn: '2009-06-30' }],
    verifiedFacts: [],
    firstDecision: { status: 'rejected', statusLabel: '不予认定', note: '查无此证' },
    pointsBefore: '0',
    reason: '已补发',
    evidence: [],
    actions: ['uphold', 'revise'],
  };
  let sent: unknown = null;
  const t = renderPage('reviewer/pages/recheck/recheck', async (_fn, body: Body) => {
    switch (body.action) {
      case 'recheck.get':
        return { ok: true, data: { recheck: R } };
      case 'round.current':
        return { ok: false, code: 'INTERNAL' };
      case 'recheck.decide':
        sent = body.payload;
        return {
          ok: true,
          data: {
            recheck: {
              ...R,
              status: 'revised',
              statusLabel: '已更正',
              actions: [],
              decision: { reason: body.payload.reason, decidedAt: '' },
            },
          },
        };
      default:
        return { ok: false, code: 'INTERNAL', message: body.action };
    }
  });
  t.comp.instance.onLoad({ recheckId: 'r1' });
  await waitFor(() => t.comp.data.load.state !== 'loading', 'load', 400);
  expect(textOf(t, 'head')).toBe('B2 文化程度复核待复核回执 JF1 · 复核期限 2021年11月30日');
  expect(textOf(t, 'first')).toContain('首次阅卷：不予认定 · 公布的核定分 0 分');
  expect(textOf(t, 'reason')).toContain('申请人的异议理由：已补发');
  byId(t, 'choice-revise').dispatchEvent('tap');
  await settle(2);
  await tapButton(t, 'decide');
  expect(textOf(t, 'op-message')).toBe('更正时请说明理由');
  expect(sent).toBeNull();
  await typeInto(t, 'answer', '核实');
  await tapButton(t, 'decide');
  await waitFor(() => t.comp.data.op.state !== 'saving', 'decided');
  expect(sent).toEqual({
    recheckId: 'r1',
    decision: 'revise',
    reason: '核实',
    facts: [{ level: 'bachelor', obtainedOn: '2009-06-30' }],
  });
  expect(textOf(t, 'closed')).toBe('已复核：已更正（核实）');
  expect(t.comp.querySelector('#decide')).toBeUndefined();
  const q = renderPage('reviewer/pages/queue/queue', async (_fn, body: Body) => {
    switch (body.action) {
      case 'whoami':
        return { ok: true, data: { roles: [{ role: 'reviewer', department: '市教育局' }] } };
      case 'task.list':
        return { ok: true, data: { department: '市教育局', tasks: [] } };
      case 'recheck.list':
        return { ok: true, data: { department: '市教育局', rechecks: [R] } };
      default:
        return { ok: false, code: 'INTERNAL', message: body.action };
    }
  });
  q.comp.instance.onLoad({});
  await waitFor(() => q.comp.data.rechecks.length > 0, 'rechecks', 400);
  await settle(3);
  expect(textOf(q, 'recheck-0')).toBe('B2 文化程度复核待复核回执 JF1 · 复核期限 2021年11月30日');
  // The first review queue is its own list, empty here.
  expect(q.comp.data.load.state).toBe('empty');
  expect(q.comp.data.items).toEqual([]);
});
