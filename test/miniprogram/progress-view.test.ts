/** 办理进度 of the case page: the step each status is at, its date, what can be done now, buttons only from actions. */
import { progressView, type ProgressCase } from '../../miniprogram/points/pages/case/progress-view';
import { dateText } from '../../miniprogram/utils/format';

const TIMELINE = {
  accepted: '2021-10-08',
  resultDate: '2021-11-05',
  disputeDeadline: '2021-11-16',
  voucherFrom: '2021-11-16',
};

function at(status: ProgressCase['status'], extra: Partial<ProgressCase> = {}): ProgressCase {
  return { applicationId: 'app_1', status, timeline: TIMELINE, actions: [], ...extra };
}

function states(c: ProgressCase): string {
  return progressView(c)
    .steps.map((s) => `${s.title}:${s.state}`)
    .join(' ');
}

describe('the case progress', () => {
  it('should write dates with their weekday, in one format', () => {
    expect(dateText('2021-10-08')).toBe('2021年10月8日');
    expect(dateText('2021-11-16')).toBe('2021年11月16日');
    expect(dateText('not a date')).toBe('not a date');
  });

  it('should put a case under review at 部门审核, with acceptance done on its date and the result date expected', () => {
    const v = progressView(at('submitted'));
    expect(states(at('submitted'))).toBe(
      '受理:done 部门审核:current 结果:todo 异议期:todo 确认:todo 凭证:todo 落户申请:todo 落户审核:todo 公示:todo 准入通知书:todo 已落户:todo',
    );
    expect(v.steps[0].date).toBe('2021年10月8日');
    expect(v.steps[0].stateText).toBe('已完成');
    expect(v.now).toMatchObject({ title: '部门审核', text: '各部门正在审核，2021年11月5日起可查询结果。' });
    expect(v.buttons).toEqual([]);
  });

  it('should give every step its date in the one format, the 落户申请 step from the round’s settlement window', () => {
    const steps = progressView(at('published', { settlementWindow: { from: '2021-11-01', to: '2021-12-15' } })).steps;
    expect(steps.map((s) => `${s.title}｜${s.date}`)).toEqual([
      '受理｜2021年10月8日',
      '部门审核｜2021年11月5日 前完成',
      '结果｜2021年11月5日',
      '异议期｜截止 2021年11月16日',
      '确认｜2021年11月16日后的下一个工作日',
      '凭证｜2021年11月16日 起',
      '落户申请｜积分确认后，2021年11月1日至2021年12月15日申请',
      // Not datable before the application: the line and the publicity are set later.
      '落户审核｜',
      '公示｜',
      '准入通知书｜',
      '已落户｜',
    ]);
    for (const s of steps) expect(s.date).not.toMatch(/\d{4}-\d{2}/);
  });

  it('should offer 提出异议 on a published result only when the server’s actions include dispute', () => {
    const disputeWindow = { deadline: '2021-11-16', workingDaysLeft: 6, label: '还剩 6 个工作日', open: true };
    const own = progressView(at('published', { actions: ['dispute'], disputeWindow }));
    expect(states(at('published'))).toBe(
      '受理:done 部门审核:done 结果:done 异议期:current 确认:todo 凭证:todo 落户申请:todo 落户审核:todo 公示:todo 准入通知书:todo 已落户:todo',
    );
    expect(own.now.date).toBe('截止 2021年11月16日');
    expect(own.now.text).toBe('结果已公布。如有异议，请在 2021年11月16日（还剩 6 个工作日）前提出；逾期视为确认分值。');
    expect(own.buttons).toEqual([
      { id: 'dispute', label: '提出异议', url: '/points/pages/dispute/dispute?applicationId=app_1' },
    ]);
    // The same case for an agent without the dispute scope: no button, and who may dispute is said in words.
    const agent = progressView(at('published', { disputeWindow }));
    expect(agent.buttons).toEqual([]);
    expect(agent.now.text).toBe(
      '结果已公布。如有异议，须由申请人本人或受托办理“异议”的代办人在 2021年11月16日（还剩 6 个工作日）前提出；逾期视为确认分值。',
    );
  });

  it('should say the points will be confirmed on the next working day once the server says the window has passed', () => {
    const closed = { deadline: '2021-11-16', workingDaysLeft: 0, label: '异议期已于 2021-11-16 结束', open: false };
    expect(progressView(at('published', { disputeWindow: closed })).now.text).toBe(
      '异议期已于2021年11月16日结束，积分将于下一个工作日确认。',
    );
    expect(progressView(at('published', { disputeWindow: closed })).buttons).toEqual([]);
    // Without the server's window the page claims nothing about the deadline having passed.
    expect(progressView(at('published')).now.text).toContain('逾期视为确认分值');
  });

  it('should show confirmed points as 积分已确认 with the date, 确认 done and the voucher next', () => {
    const v = progressView(at('confirmed', { confirmedOn: '2021-11-17' }));
    expect(states(at('confirmed', { confirmedOn: '2021-11-17' }))).toBe(
      '受理:done 部门审核:done 结果:done 异议期:done 确认:done 凭证:todo 落户申请:todo 落户审核:todo 公示:todo 准入通知书:todo 已落户:todo',
    );
    expect(v.now.title).toBe('确认');
    expect(v.now.date).toBe('2021年11月17日');
    expect(v.now.text).toBe('积分已确认（2021年11月17日）。确认的积分用于打印积分有效凭证和申请积分落户。');
    expect(v.steps[5].date).toBe('2021年11月16日 起');
  });

  it('should show a case under dispute at 异议期 with the dispute’s status, and a decided one as confirmed by re-review', () => {
    const d = {
      disputeId: 'd1',
      status: 'reviewing' as const,
      statusLabel: '复核中',
      raisedOn: '2021-11-16',
      indicators: [],
      decided: 1,
      total: 2,
      revisedTotal: null,
    };
    const v = progressView(at('disputed', { dispute: d }));
    expect(v.now).toMatchObject({
      title: '异议期',
      text: '异议处理中（2021年11月16日提出）：复核中，已复核 1/2 项。复核结果公布后积分即确认。',
    });
    expect(v.buttons).toEqual([]);
    const done = progressView(
      at('confirmed', {
        confirmedOn: '2021-11-30',
        dispute: { ...d, status: 'decided', statusLabel: '复核完成', decided: 2 },
      }),
    );
    expect(done.now.text).toBe(
      '复核结果已公布，积分已确认（2021年11月30日）。确认的积分用于打印积分有效凭证和申请积分落户。',
    );
  });

  it('should lead a draft to 继续填写 and 补正 to 去补正, once each, only from the actions', () => {
    const draft = progressView(at('draft', { timeline: undefined, actions: ['save', 'attach', 'submit'] }));
    expect(draft.buttons).toEqual([
      { id: 'continue', label: '继续填写申请', url: '/points/pages/apply/apply?applicationId=app_1' },
    ]);
    expect(draft.now.title).toBe('受理');
    expect(draft.steps.every((s) => s.state === 'todo' || s.key === 'accept')).toBe(true);
    const fix = progressView(at('correction', { actions: ['save', 'attach', 'resubmit'], corrections: 2 }));
    expect(fix.buttons.map((b) => b.id)).toEqual(['continue', 'correct']);
    expect(fix.now.text).toBe('有 2 项需要补正：请按要求补充材料后重新提交。');
    const due = progressView(
      at('correction', {
        actions: ['resubmit'],
        corrections: 1,
        correctionWindow: { before: '2021-11-05', workingDaysLeft: 3 },
      }),
    );
    expect(due.now.text).toBe(
      '有 1 项需要补正：请按要求补充材料后重新提交。请在 2021年11月5日 前提交补正（还剩 3 个工作日）。',
    );
    // An agent entrusted only with 积分查询: the same state, no button.
    expect(progressView(at('correction')).buttons).toEqual([]);
  });

  it('should mark the steps from 确认 on as ended for voided points', () => {
    expect(states(at('voided'))).toBe(
      '受理:done 部门审核:done 结果:done 异议期:done 确认:stopped 凭证:stopped 落户申请:stopped 落户审核:stopped 公示:stopped 准入通知书:stopped 已落户:stopped',
    );
    expect(progressView(at('voided')).now.text).toBe('积分已作废，不能再打印凭证或申请落户。');
  });
});

describe('the case progress after the points are confirmed', () => {
  const confirmed = (settlement: ProgressCase['settlement'], extra: Partial<ProgressCase> = {}) =>
    at('confirmed', { confirmedOn: '2021-11-19', settlement, ...extra });
  const base = {
    receiptNumber: 'LH2021-1122-000001',
    acceptedOn: '2021-11-22',
    decisions: [],
    admission: null,
    removedReason: null,
    notice: null,
    settledOn: null,
    permitSurrendered: false,
    expiredOn: null,
    actions: [],
  } satisfies Omit<NonNullable<ProgressCase['settlement']>, 'status'>;
  const noticed = {
    ...base,
    status: 'noticed' as const,
    admission: { admittedAt: '2022-03-10T02:00:00.000Z', line: '140' },
  };
  const notice = { number: 'ZR2021-000001-01', validUntil: '2022-05-16' };

  it('should offer 申请积分落户 only when the server says the person may apply, else 查看积分落户条件', () => {
    expect(progressView(at('confirmed', { settlementOffer: { eligible: true } })).buttons).toEqual([
      { id: 'settle', label: '申请积分落户', url: '/points/pages/settle/settle?applicationId=app_1' },
    ]);
    expect(progressView(at('confirmed', { settlementOffer: { eligible: false } })).buttons[0].label).toBe(
      '查看积分落户条件',
    );
    expect(progressView(at('confirmed')).buttons).toEqual([]);
    expect(progressView(at('confirmed')).steps.find((x) => x.key === 'settleApply')?.date).toBe(
      '积分确认后，在积分落户申请受理期内申请',
    );
  });

  it('should put a submitted application at 落户审核, with every points step done', () => {
    const v = progressView(confirmed({ ...base, status: 'submitted' }));
    expect(states(confirmed({ ...base, status: 'submitted' }))).toBe(
      '受理:done 部门审核:done 结果:done 异议期:done 确认:done 凭证:done 落户申请:done 落户审核:current 公示:todo 准入通知书:todo 已落户:todo',
    );
    expect(v.now.text).toBe('户籍窗口正在审核您的落户申请（回执 LH2021-1122-000001）。');
    expect(v.steps.find((x) => x.key === 'settleApply')?.date).toBe('2021年11月22日');
    expect(v.buttons).toEqual([]);
  });

  it('should lead 补正 to the settlement page only from the actions, with the window’s reason', () => {
    const s = {
      ...base,
      status: 'correction' as const,
      decisions: [
        {
          event: 'returnForCorrection' as const,
          label: '退回补正',
          at: '2021-11-23T02:00:00.000Z',
          reason: '房产证复印件不清晰',
        },
      ],
      actions: ['save', 'attach', 'resubmit'] as NonNullable<ProgressCase['settlement']>['actions'],
    };
    const v = progressView(confirmed(s));
    expect(v.now.text).toBe('户籍窗口要求补正：房产证复印件不清晰。请补正后重新提交。');
    expect(v.buttons).toEqual([
      { id: 'settle', label: '去补正落户申请', url: '/points/pages/settle/settle?applicationId=app_1' },
    ]);
    expect(progressView(confirmed({ ...s, actions: [] })).buttons).toEqual([]);
  });

  it('should stop the road at 落户审核 for a rejected application and at 公示 below the line', () => {
    expect(states(confirmed({ ...base, status: 'rejected' }))).toContain(
      '落户审核:stopped 公示:stopped 准入通知书:stopped 已落户:stopped',
    );
    const below = confirmed({
      ...base,
      status: 'notAdmitted',
      admission: { admittedAt: '2022-03-10T02:00:00.000Z', line: '140' },
    });
    expect(states(below)).toContain('落户审核:done 公示:stopped');
    expect(progressView(below).now.text).toBe('未达到本年度落户分数线 140 分，本年度未准入。');
  });

  it('should show the notice with its last valid day and a button to open it, then 已过期', () => {
    const v = progressView(confirmed({ ...noticed, notice }));
    expect(v.now).toMatchObject({ key: 'notice', title: '准入通知书', date: '有效期至 2022年5月16日' });
    expect(v.now.text).toContain('有效期至 2022年5月16日');
    expect(v.buttons).toEqual([{ id: 'notice', label: '查看准入通知书', url: '' }]);
    expect(v.steps.find((x) => x.key === 'publicity')?.date).toBe('2022年3月10日 起');

    const gone = progressView(confirmed({ ...noticed, status: 'expired', notice, expiredOn: '2022-05-17' }));
    expect(gone.steps.slice(-2).map((x) => `${x.title}:${x.state}:${x.date}`)).toEqual([
      '准入通知书:stopped:有效期至 2022年5月16日，已过期',
      '已过期:stopped:2022年5月17日',
    ]);
    expect(gone.now.text).toBe('准入通知书有效期至 2022年5月16日，已过期，未办理落户。');
    expect(gone.buttons).toEqual([]);
  });

  it('should end at 已落户, done, with the day and the permit surrendered', () => {
    const v = progressView(
      confirmed({ ...noticed, status: 'settled', notice, settledOn: '2022-04-01', permitSurrendered: true }),
    );
    expect(v.steps.at(-1)).toMatchObject({ title: '已落户', state: 'done', date: '2022年4月1日' });
    expect(v.now.text).toBe('已于 2022年4月1日办结落户，居住证已交回。');
  });
});
