import { allowedEvents, OBJECTION, SETTLEMENT_LINE, transition, TransitionError } from '../../shared/lifecycle';

const ctx = {
  today: '2022-03-10',
  quotaMode: 'quota' as const,
  quota: 3000,
  settlementTo: '2021-12-15',
  underReview: 0,
};

function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof TransitionError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the settlement line of a round', () => {
  it('should go from open through publishing and publicity to closed, by the administrator and the system', () => {
    let s = transition(SETTLEMENT_LINE, 'open', 'publish', 'admin', ctx);
    expect(s).toBe('publishing');
    s = transition(SETTLEMENT_LINE, s, 'list', 'system', ctx);
    expect(s).toBe('publicity');
    expect(
      transition(SETTLEMENT_LINE, s, 'close', 'system', { ...ctx, today: '2022-03-17', noticesOn: '2022-03-17' }),
    ).toBe('closed');
  });

  it('should refuse publishing a quota round without a quota, inside the window, or with reviews open', () => {
    expect(refusal(() => transition(SETTLEMENT_LINE, 'open', 'publish', 'admin', { ...ctx, quota: null }))).toEqual({
      code: 'FORBIDDEN',
      message: '请先设置本年度落户名额，再公布分数线',
    });
    expect(
      refusal(() => transition(SETTLEMENT_LINE, 'open', 'publish', 'admin', { ...ctx, today: '2021-12-15' })).message,
    ).toBe('落户申请受理至2021年12月15日，受理结束后才能公布分数线');
    expect(
      refusal(() => transition(SETTLEMENT_LINE, 'open', 'publish', 'admin', { ...ctx, underReview: 3 })).message,
    ).toBe('还有 3 份落户申请未审核完成，全部审核后才能公布分数线');
    // A no-quota round needs none.
    expect(transition(SETTLEMENT_LINE, 'open', 'publish', 'admin', { ...ctx, quotaMode: 'none', quota: null })).toBe(
      'publishing',
    );
  });

  it('should keep the line final: no second publication and no new quota once published', () => {
    for (const from of ['publishing', 'publicity', 'closed'] as const) {
      expect(refusal(() => transition(SETTLEMENT_LINE, from, 'publish', 'admin', ctx)).code).toBe('CONFLICT');
      expect(allowedEvents(SETTLEMENT_LINE, from, 'admin', ctx)).not.toContain('setQuota');
    }
    expect(refusal(() => transition(SETTLEMENT_LINE, 'open', 'publish', 'system', ctx))).toEqual({
      code: 'FORBIDDEN',
      message: '您无权公布落户分数线',
    });
  });

  it('should not close the publicity before the working day after its last day', () => {
    expect(
      refusal(() =>
        transition(SETTLEMENT_LINE, 'publicity', 'close', 'system', {
          ...ctx,
          today: '2022-03-16',
          noticesOn: '2022-03-17',
        }),
      ),
    ).toEqual({ code: 'FORBIDDEN', message: '公示期尚未结束，不能结束公示' });
  });
});

describe('objections to the publicity', () => {
  it('should be upheld or dismissed once, by an administrator only', () => {
    expect(transition(OBJECTION, 'open', 'uphold', 'admin', undefined)).toBe('upheld');
    expect(transition(OBJECTION, 'open', 'dismiss', 'admin', undefined)).toBe('dismissed');
    expect(refusal(() => transition(OBJECTION, 'dismissed', 'uphold', 'admin', undefined))).toEqual({
      code: 'CONFLICT',
      message: '该异议已处理（异议不成立），不能再次处理',
    });
    expect(refusal(() => transition(OBJECTION, 'open', 'uphold', 'self', undefined)).code).toBe('FORBIDDEN');
  });
});
