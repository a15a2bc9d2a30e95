import {
  allowedEvents,
  APPLICATION,
  can,
  DISPUTE,
  DOCUMENT,
  ENTRUSTMENT,
  RECHECK,
  SETTLEMENT,
  sourcesOf,
  TASK,
  transition,
  TransitionError,
} from '../../shared/lifecycle';
import { APPLICATION_STATUSES, ENTRUSTMENT_STATUSES, TASK_STATUSES } from '../../shared/application';

const today = '2021-11-10';

function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (e instanceof TransitionError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the application lifecycle', () => {
  it('should take a case from draft through review to published, and back through 补正', () => {
    let s = transition(APPLICATION, 'draft', 'submit', 'self', { today });
    expect(s).toBe('submitted');
    s = transition(APPLICATION, s, 'returnForCorrection', 'system', { today });
    expect(s).toBe('correction');
    expect(transition(APPLICATION, s, 'save', 'agent', { today })).toBe('correction');
    s = transition(APPLICATION, s, 'resubmit', 'agent', { today });
    s = transition(APPLICATION, s, 'decide', 'system', { today });
    expect(transition(APPLICATION, s, 'publish', 'system', { today })).toBe('published');
  });

  it('should refuse a second submission of a submitted case as a conflict, naming the state', () => {
    const r = refusal(() => transition(APPLICATION, 'submitted', 'submit', 'self', { today }));
    expect(r).toEqual({ code: 'CONFLICT', message: '申请当前为「已受理，阅卷中」，不能提交申请' });
  });

  it('should refuse an applicant publishing their own result', () => {
    expect(refusal(() => transition(APPLICATION, 'decided', 'publish', 'self', { today }))).toEqual({
      code: 'FORBIDDEN',
      message: '您无权公布结果',
    });
  });

  it('should allow a dispute up to and including the deadline day, and confirmation only after it', () => {
    const ctx = { today: '2021-11-10', disputeDeadline: '2021-11-10' };
    expect(can(APPLICATION, 'published', 'dispute', 'self', ctx)).toBe(true);
    expect(can(APPLICATION, 'published', 'confirm', 'system', ctx)).toBe(false);
    const late = { today: '2021-11-11', disputeDeadline: '2021-11-10' };
    expect(refusal(() => transition(APPLICATION, 'published', 'dispute', 'self', late))).toEqual({
      code: 'FORBIDDEN',
      message: '异议期已于2021年11月10日结束（结果公布后第 7 个工作日），逾期视为确认分值',
    });
    expect(transition(APPLICATION, 'published', 'confirm', 'system', late)).toBe('confirmed');
  });

  it('should list what the applicant may do in each state, and nothing once the case is under review', () => {
    expect(allowedEvents(APPLICATION, 'draft', 'self', { today })).toEqual(['save', 'attach', 'submit']);
    expect(allowedEvents(APPLICATION, 'correction', 'agent', { today })).toEqual(['save', 'attach', 'resubmit']);
    expect(allowedEvents(APPLICATION, 'submitted', 'self', { today })).toEqual([]);
    expect(allowedEvents(APPLICATION, 'published', 'self', { today, disputeDeadline: '2021-11-12' })).toEqual([
      'dispute',
    ]);
  });

  it('should name the states a decision may leave from, for conditional writes', () => {
    expect(sourcesOf(APPLICATION, 'decide')).toEqual(['submitted']);
    expect(sourcesOf(TASK, 'confirm')).toEqual(['pending']);
  });

  it('should keep the status labels the pages show equal to the lifecycle labels', () => {
    for (const [s, label] of Object.entries(APPLICATION_STATUSES)) {
      expect(APPLICATION.states[s as keyof typeof APPLICATION.states].label).toBe(label);
    }
    for (const [s, label] of Object.entries(TASK_STATUSES))
      expect(TASK.states[s as keyof typeof TASK.states].label).toBe(label);
    expect(Object.keys(ENTRUSTMENT_STATUSES)).toEqual(Object.keys(ENTRUSTMENT.states));
    expect(ENTRUSTMENT_STATUSES['awaiting-district']).toBe('待受理点核验');
  });

  it('should let nothing leave a final state', () => {
    for (const m of [APPLICATION, TASK, ENTRUSTMENT, DISPUTE, RECHECK, DOCUMENT, SETTLEMENT] as const) {
      const finals = Object.entries(m.states as Record<string, { final?: boolean }>)
        .filter(([, v]) => v.final)
        .map(([k]) => k);
      for (const e of Object.values(m.events as Record<string, { from: readonly string[] }>)) {
        for (const f of finals) expect(e.from).not.toContain(f);
      }
    }
  });

  it('should take a review task back to pending only after 补正', () => {
    expect(transition(TASK, 'returned', 'resubmit', 'system', undefined)).toBe('pending');
    expect(refusal(() => transition(TASK, 'confirmed', 'correct', 'reviewer', undefined)).code).toBe('CONFLICT');
  });
});

describe('the entrustment lifecycle', () => {
  const employer = { kind: 'employer', district: 'xihu' } as const;
  const relative = { kind: 'relative', district: 'xihu' } as const;

  it("should put an employer entrustment in force by the principal's confirmation, and a relative's only by the acceptance point", () => {
    expect(transition(ENTRUSTMENT, 'awaiting-principal', 'confirm', 'self', employer)).toBe('active');
    expect(transition(ENTRUSTMENT, 'awaiting-district', 'confirm', 'self', employer)).toBe('active');
    expect(refusal(() => transition(ENTRUSTMENT, 'awaiting-district', 'confirm', 'self', relative))).toEqual({
      code: 'FORBIDDEN',
      message: '近亲属代办须由西湖区积分受理点核对关系证明后生效，不能由本人在小程序中确认',
    });
    expect(transition(ENTRUSTMENT, 'awaiting-district', 'verify', 'district', relative)).toBe('active');
    expect(transition(ENTRUSTMENT, 'awaiting-district', 'reject', 'district', relative)).toBe('rejected');
    expect(refusal(() => transition(ENTRUSTMENT, 'awaiting-district', 'confirm', 'agent', employer)).code).toBe(
      'FORBIDDEN',
    );
  });

  it('should refuse the acceptance point an entrustment not in its queue, saying why', () => {
    expect(refusal(() => transition(ENTRUSTMENT, 'awaiting-principal', 'verify', 'district', employer))).toEqual({
      code: 'CONFLICT',
      message: '该委托选择由委托人本人在小程序中确认，不在受理点核验队列中',
    });
    expect(refusal(() => transition(ENTRUSTMENT, 'rejected', 'reject', 'district', employer)).message).toBe(
      '该委托未通过核验，不能再核验',
    );
  });

  it('should let the principal or the agent revoke a standing entrustment once, and nothing act on a closed one', () => {
    expect(transition(ENTRUSTMENT, 'active', 'revoke', 'agent', employer)).toBe('revoked');
    expect(transition(ENTRUSTMENT, 'awaiting-principal', 'revoke', 'self', employer)).toBe('revoked');
    expect(refusal(() => transition(ENTRUSTMENT, 'revoked', 'revoke', 'self', employer))).toEqual({
      code: 'CONFLICT',
      message: '该委托已经撤销',
    });
    expect(refusal(() => transition(ENTRUSTMENT, 'revoked', 'extend', 'self', employer)).message).toBe(
      '该委托已撤销，不能再交由代办人办理',
    );
    expect(allowedEvents(ENTRUSTMENT, 'awaiting-principal', 'self', employer)).toEqual(['confirm', 'revoke', 'extend']);
    expect(allowedEvents(ENTRUSTMENT, 'awaiting-district', 'self', relative)).toEqual(['revoke', 'extend']);
    expect(allowedEvents(ENTRUSTMENT, 'active', 'agent', employer)).toEqual(['revoke']);
    expect(allowedEvents(ENTRUSTMENT, 'rejected', 'self', employer)).toEqual([]);
  });
});

describe('publishing', () => {
  it("should publish only decided cases (what the store's bulk publishDue selects)", () => {
    expect(sourcesOf(APPLICATION, 'publish')).toEqual(['decided']);
  });
});
