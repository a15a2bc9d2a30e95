/** The dispute form: lines to choose, a reason each with a counter, the confirmation summary and what is sent. */
import {
  confirmView,
  draftProblem,
  disputeItems,
  EMPTY_DRAFT,
  formLines,
  toggleLine,
} from '../../miniprogram/points/pages/dispute/dispute-form';
import { outcomeView } from '../../miniprogram/forms/dispute-outcome-view';
import type { DisputeView, ResultLine } from '../../shared';

const LINES: ResultLine[] = [
  {
    id: 'B2',
    name: '文化程度',
    declaredPoints: '50',
    verifiedPoints: '0',
    decision: 'rejected',
    decisionLabel: '不予认定',
  },
  {
    id: 'B4',
    name: '就业及参加社会保险',
    declaredPoints: '30',
    verifiedPoints: '30',
    decision: 'confirmed',
    decisionLabel: '已确认',
  },
  { id: 'C1', name: '荣誉', declaredPoints: '0', verifiedPoints: '0', decision: null, decisionLabel: null },
];
const evidence = {
  materialId: 'm1',
  key: 'dispute:B2',
  fileName: '学位证书.jpg',
  mime: 'image/jpeg',
  size: 10,
  uploadedAt: '',
  reused: false,
};

describe('the dispute form', () => {
  it('should offer only the lines of the result that were claimed or scored, with their points', () => {
    const lines = formLines(LINES, EMPTY_DRAFT, false);
    expect(lines.map((l) => `${l.head}｜${l.points}｜${l.chosen}`)).toEqual([
      '文化程度｜核定 0 分（申报 50 分）｜false',
      '就业及参加社会保险｜核定 30 分｜false',
    ]);
  });

  it('should count the reason’s characters and ask for a reason for every chosen line before confirming', () => {
    let d = toggleLine(EMPTY_DRAFT, 'B2');
    expect(draftProblem(LINES, EMPTY_DRAFT)).toBe('请至少选择一项有异议的指标');
    expect(draftProblem(LINES, d)).toBe('请为每一项有异议的指标写明理由');
    expect(formLines(LINES, d, true)[0].error).toBe('请写明对这一项有异议的理由');
    d = { ...d, reasons: { B2: ' 学位证书已补发 ' } };
    expect(formLines(LINES, d, true)[0]).toMatchObject({ counter: '7/500', error: '' });
    expect(formLines(LINES, { ...d, reasons: { B2: '字'.repeat(501) } }, true)[0].error).toBe('理由不超过 500 字');
    expect(draftProblem(LINES, d)).toBe('');
    // Un-choosing keeps what was typed.
    expect(toggleLine(toggleLine(d, 'B2'), 'B2').reasons.B2).toBe(' 学位证书已补发 ');
  });

  it('should sum up the dispute before sending: reasons, evidence, the deadline with working days left, and no second dispute', () => {
    const d = { chosen: ['B2'], reasons: { B2: '学位证书已补发' }, evidence: { B2: [evidence] } };
    expect(confirmView(LINES, d, '2021-11-16', 3)).toEqual({
      lines: [{ id: 'B2', head: '文化程度', reason: '学位证书已补发', evidence: '证据 1 份：学位证书.jpg' }],
      deadline: '异议截止 2021年11月16日，还剩 3 个工作日',
      warning: '提交后不能再次提出异议。复核结果公布后积分即确认。',
    });
    expect(disputeItems(LINES, d)).toEqual([{ indicatorId: 'B2', reason: '学位证书已补发', materialIds: ['m1'] }]);
  });
});

describe('the dispute outcome', () => {
  const base: DisputeView = {
    disputeId: 'd1',
    applicationId: 'a1',
    receiptNumber: 'JF1',
    status: 'decided',
    statusLabel: '复核完成',
    district: 'xihu',
    districtName: '西湖区',
    raisedBy: 'self',
    raisedOn: '2021-11-16',
    raisedAt: '',
    window: { deadline: '2021-11-16', workingDaysLeft: 0, label: '', open: false },
    lines: [
      {
        indicatorId: 'B2',
        indicatorName: '文化程度',
        department: '市教育局',
        reason: '学位证书已补发',
        evidence: [evidence],
        before: '0',
        after: '50',
        recheck: { recheckId: 'r1', status: 'revised', statusLabel: '已更正', reason: '核实学位', overdue: false },
      },
      {
        indicatorId: 'B4',
        indicatorName: '就业及参加社会保险',
        department: '市人力社保局',
        reason: '少算一个月',
        evidence: [],
        before: '30',
        after: '30',
        recheck: {
          recheckId: 'r2',
          status: 'upheld',
          statusLabel: '维持原结果',
          reason: '缴费记录无误',
          overdue: false,
        },
      },
    ],
    revised: { totalBefore: '80', totalAfter: '130', publishedOn: '2021-11-30', confirmedOn: '2021-11-30' },
    finalNote: '复核结果为最终结果，公布即确认积分。',
    actions: [],
  };

  it('should show each disputed line before and after with the department’s reason, and the points confirmed', () => {
    const v = outcomeView(base);
    expect(v.lines.map((l) => `${l.head}｜${l.compare}｜${l.answer}｜${l.reason}`)).toEqual([
      '文化程度｜复核前 0 分 → 复核后 50 分｜复核意见：核实学位｜异议理由：学位证书已补发',
      '就业及参加社会保险｜复核前 30 分，维持｜复核意见：缴费记录无误｜异议理由：少算一个月',
    ]);
    expect(v.total).toBe('核定积分 80 分 → 130 分');
    expect(v.confirmed).toBe('积分已确认（2021年11月30日）');
  });

  it('should show a dispute not yet registered as waiting for the district office, with no points after', () => {
    const v = outcomeView({
      ...base,
      status: 'raised',
      statusLabel: '已提出，待区积分办登记',
      revised: null,
      lines: [{ ...base.lines[0], after: null, recheck: null }],
    });
    expect(v.lines[0]).toMatchObject({ statusText: '待区积分办登记', compare: '' });
    expect(v.confirmed).toBe('');
    expect(v.raised).toBe('2021年11月16日 由本人提出，西湖区积分办受理');
  });
});
