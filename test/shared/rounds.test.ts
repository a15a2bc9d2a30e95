import { createCalendar } from '../../shared/calendar';
import {
  buildRounds,
  cutoffFor,
  DEFAULT_ROUND_RULE,
  DEFAULT_TIME_RULES,
  disputeDeadline,
  isAcceptingOn,
  isSettlementAcceptingOn,
  noticeExpires,
  resultDate,
  ROUND_2021,
  RoundError,
  roundPhase,
  roundProblems,
  RoundSchema,
  TimeRulesSchema,
  voucherFrom,
  type Round,
} from '../../shared/rounds';
import { CalendarGapError } from '../../shared/calendar';

const POLICIES = [
  { id: 'hz-2021', effectiveFrom: '2021-09-28' },
  { id: 'hz-2024-07', effectiveFrom: '2024-07-01' },
];
const cal = createCalendar();
const rounds = buildRounds({ untilYear: 2026, policies: POLICIES });
const byId = (id: string): Round => {
  const r = rounds.find((x) => x.id === id);
  if (!r) throw new Error(`no round ${id}`);
  return r;
};

/** Collects the Chinese problems of a failing buildRounds call. */
function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof RoundError) return e.problems;
    throw e;
  }
  throw new Error('expected a RoundError');
}

describe('the 2021 transition round', () => {
  test('has the FAQ dates literally', () => {
    const r = byId('2021');
    expect(r).toBe(ROUND_2021);
    expect(r).toMatchObject({
      year: 2021,
      name: '2021 年度',
      policyVersion: 'hz-2021',
      application: { from: '2021-09-28', to: '2021-10-31', workingDaysOnly: true },
      cutoff: '2021-10-01',
      fiveYearWindow: { from: '2016-10-01', toExclusive: '2021-10-01' },
      settlement: { from: '2021-11-01', to: '2021-12-15', workingDaysOnly: true },
      quotaMode: 'quota',
      source: 'builtin',
    });
    expect(r.note).toContain('线上受理');
  });

  test('is valid only because its cutoff exception is stated', () => {
    expect(roundProblems(ROUND_2021)).toEqual([]);
    expect(RoundSchema.safeParse(ROUND_2021).success).toBe(true);
    const withoutException: Round = { ...ROUND_2021, cutoffException: undefined };
    expect(roundProblems(withoutException).join()).toContain('上月首日');
  });

  test('is frozen so callers cannot alter the built-in dates', () => {
    expect(Object.isFrozen(ROUND_2021.application)).toBe(true);
  });
});

describe('generated yearly rounds', () => {
  test('cutoffFor gives the first day of the month before acceptance opens', () => {
    expect(cutoffFor('2022-09-01')).toBe('2022-08-01');
    expect(cutoffFor('2022-09-15')).toBe('2022-08-01');
    expect(cutoffFor('2024-01-10')).toBe('2023-12-01');
  });

  test('2022: acceptance in September, cutoff 2022-08-01, five-year window from 2017-08-01, settlement in November', () => {
    expect(byId('2022')).toEqual({
      id: '2022',
      year: 2022,
      name: '2022 年度',
      policyVersion: 'hz-2021',
      application: { from: '2022-09-01', to: '2022-09-30', workingDaysOnly: true },
      cutoff: '2022-08-01',
      fiveYearWindow: { from: '2017-08-01', toExclusive: '2022-08-01' },
      settlement: { from: '2022-11-01', to: '2022-11-30', workingDaysOnly: true },
      quotaMode: 'quota',
      source: 'generated',
    });
  });

  test('2023 has no quota (settlement after 2023-07-31) while 2022 had one', () => {
    expect(byId('2022').quotaMode).toBe('quota');
    expect(byId('2023').quotaMode).toBe('none');
    expect(byId('2023').policyVersion).toBe('hz-2021');
  });

  test('2024 and later use hz-2024-07', () => {
    expect(byId('2024').policyVersion).toBe('hz-2024-07');
    expect(byId('2026').policyVersion).toBe('hz-2024-07');
  });

  test('rounds run from 2021 to untilYear in order', () => {
    expect(rounds.map((r) => r.id)).toEqual(['2021', '2022', '2023', '2024', '2025', '2026']);
    expect(buildRounds({ untilYear: 2021, policies: POLICIES }).map((r) => r.id)).toEqual(['2021']);
  });

  test('the rule is data: a different settlement month changes the generated rounds', () => {
    const rule = { ...DEFAULT_ROUND_RULE, settlement: { from: '12-01', to: '12-20', workingDaysOnly: false } };
    const r = buildRounds({ untilYear: 2022, policies: POLICIES, rule })[1] as Round;
    expect(r.settlement).toEqual({ from: '2022-12-01', to: '2022-12-20', workingDaysOnly: false });
  });
});

describe('admin overrides and validation', () => {
  const admin2023: Round = {
    id: '2023',
    year: 2023,
    name: '2023 年度（管理员设置）',
    policyVersion: 'hz-2021',
    application: { from: '2023-08-15', to: '2023-09-15', workingDaysOnly: false },
    cutoff: '2023-07-01',
    fiveYearWindow: { from: '2018-07-01', toExclusive: '2023-07-01' },
    settlement: { from: '2023-11-06', to: '2023-12-06', workingDaysOnly: true },
    quotaMode: 'none',
    source: 'generated',
  };

  test('an admin override replaces the generated round wholesale and is marked admin', () => {
    const built = buildRounds({ untilYear: 2024, policies: POLICIES, overrides: [admin2023] });
    expect(built.find((r) => r.year === 2023)).toEqual({ ...admin2023, source: 'admin' });
    expect(built.find((r) => r.year === 2022)?.source).toBe('generated');
    expect(built).toHaveLength(4);
  });

  test('an override beyond untilYear is ignored', () => {
    expect(buildRounds({ untilYear: 2022, policies: POLICIES, overrides: [admin2023] })).toHaveLength(2);
  });

  test('an override whose cutoff does not follow the rule is rejected in Chinese', () => {
    const problems = problemsOf(() =>
      buildRounds({ untilYear: 2023, policies: POLICIES, overrides: [{ ...admin2023, cutoff: '2023-08-01' }] }),
    );
    expect(problems.join()).toContain('计分截止日应为积分申请受理起始日的上月首日 2023年7月1日');
    expect(problems.join()).toContain('五年计分期间');
  });

  test('an override with settlement before the application window closes, or reversed dates, is rejected', () => {
    const bad: Round = {
      ...admin2023,
      settlement: { from: '2023-09-10', to: '2023-09-01', workingDaysOnly: true },
    };
    const problems = problemsOf(() => buildRounds({ untilYear: 2023, policies: POLICIES, overrides: [bad] }));
    expect(problems.some((p) => p.includes('晚于结束日'))).toBe(true);
    expect(problems.some((p) => p.includes('须在积分申请结束'))).toBe(true);
  });

  test("an override whose settlement runs into the next round's application is rejected", () => {
    const long2022: Round = {
      ...(buildRounds({ untilYear: 2022, policies: POLICIES })[1] as Round),
      settlement: { from: '2022-11-01', to: '2023-09-05', workingDaysOnly: true },
    };
    expect(roundProblems(long2022)).toEqual([]);
    const problems = problemsOf(() => buildRounds({ untilYear: 2023, policies: POLICIES, overrides: [long2022] }));
    expect(problems.join()).toContain('2023 年度：积分申请须在 2022 年度 积分落户申请结束');
  });

  test('an unknown policy version, a missing policy and a pre-2021 override are rejected', () => {
    expect(
      problemsOf(() =>
        buildRounds({ untilYear: 2023, policies: POLICIES, overrides: [{ ...admin2023, policyVersion: 'hz-1999' }] }),
      ).join(),
    ).toContain('未知的积分政策版本 hz-1999');
    expect(
      problemsOf(() =>
        buildRounds({ untilYear: 2022, policies: [{ id: 'hz-2024-07', effectiveFrom: '2024-07-01' }] }),
      ).join(),
    ).toContain('尚无生效的积分政策版本');
    expect(
      problemsOf(() =>
        buildRounds({ untilYear: 2022, policies: POLICIES, overrides: [{ ...admin2023, year: 2020, id: '2020' }] }),
      ).join(),
    ).toContain('不支持 2021 年以前的年度');
  });
});

describe('roundPhase', () => {
  test('the day before the 2021 window is before-application of 2021', () => {
    const p = roundPhase('2021-09-27', rounds);
    expect(p.round?.id).toBe('2021');
    expect(p.phase).toBe('before-application');
    expect(p.next).toEqual({ phase: 'application', from: '2021-09-28', roundId: '2021' });
  });

  test('first and last day of the 2021 application window are application; 2021 has no review gap', () => {
    expect(roundPhase('2021-09-28', rounds)).toMatchObject({ round: { id: '2021' }, phase: 'application' });
    const last = roundPhase('2021-10-31', rounds);
    expect(last.phase).toBe('application');
    expect(last.next).toEqual({ phase: 'settlement', from: '2021-11-01', roundId: '2021' });
  });

  test('the day after the 2021 application window is the first day of settlement', () => {
    expect(roundPhase('2021-11-01', rounds)).toMatchObject({ round: { id: '2021' }, phase: 'settlement' });
  });

  test('after the 2021 settlement window the current round is 2022, before its application', () => {
    const lastSettlement = roundPhase('2021-12-15', rounds);
    expect(lastSettlement.phase).toBe('settlement');
    expect(lastSettlement.next).toEqual({ phase: 'before-application', from: '2021-12-16', roundId: '2022' });
    const after = roundPhase('2021-12-16', rounds);
    expect(after).toMatchObject({ round: { id: '2022' }, phase: 'before-application' });
    expect(after.next).toEqual({ phase: 'application', from: '2022-09-01', roundId: '2022' });
  });

  test('2022: last application day, the day after (review), first day of settlement', () => {
    const last = roundPhase('2022-09-30', rounds);
    expect(last.phase).toBe('application');
    expect(last.next).toEqual({ phase: 'review', from: '2022-10-01', roundId: '2022' });
    expect(roundPhase('2022-09-01', rounds).phase).toBe('application');
    const review = roundPhase('2022-10-01', rounds);
    expect(review).toMatchObject({ round: { id: '2022' }, phase: 'review' });
    expect(review.next).toEqual({ phase: 'settlement', from: '2022-11-01', roundId: '2022' });
    expect(roundPhase('2022-11-01', rounds)).toMatchObject({ round: { id: '2022' }, phase: 'settlement' });
  });

  test('after the last known round it is closed with no next phase; no rounds gives round null', () => {
    expect(roundPhase('2026-12-01', rounds)).toEqual({ round: byId('2026'), phase: 'closed' });
    expect(roundPhase('2026-11-30', rounds).next).toEqual({ phase: 'closed', from: '2026-12-01', roundId: '2026' });
    expect(roundPhase('2026-01-01', [])).toEqual({ round: null, phase: 'closed' });
  });

  test('next.from always starts the announced phase', () => {
    for (let d = '2021-09-01'; d < '2026-12-31';) {
      const p = roundPhase(d, rounds);
      if (!p.next) break;
      const then = roundPhase(p.next.from, rounds);
      expect({ phase: then.phase, round: then.round?.id }).toEqual({ phase: p.next.phase, round: p.next.roundId });
      d = p.next.from;
    }
  });
});

describe('acceptance checks', () => {
  const r2021 = byId('2021');

  test('a holiday inside the window (2021-10-01) is refused as NOT_WORKDAY, naming the next working day', () => {
    const res = isAcceptingOn(r2021, '2021-10-01', cal);
    expect(res).toMatchObject({ ok: false, code: 'NOT_WORKDAY' });
    if (!res.ok) {
      expect(res.message).toContain('国庆节');
      expect(res.message).toContain('2021年10月8日');
    }
  });

  test('a make-up Saturday inside the window (2021-10-09) accepts', () => {
    expect(isAcceptingOn(r2021, '2021-10-09', cal)).toEqual({ ok: true });
  });

  test('first day of the window accepts; the day before and the day after are OUTSIDE_WINDOW', () => {
    expect(isAcceptingOn(r2021, '2021-09-28', cal)).toEqual({ ok: true });
    const before = isAcceptingOn(r2021, '2021-09-27', cal);
    expect(before).toMatchObject({ ok: false, code: 'OUTSIDE_WINDOW' });
    if (!before.ok) expect(before.message).toContain('2021年9月28日至2021年10月31日');
    expect(isAcceptingOn(r2021, '2021-11-01', cal)).toMatchObject({ ok: false, code: 'OUTSIDE_WINDOW' });
  });

  test('the last day of the 2021 window is a Sunday: refused, saying no working day is left', () => {
    const res = isAcceptingOn(r2021, '2021-10-31', cal);
    expect(res).toMatchObject({ ok: false, code: 'NOT_WORKDAY' });
    if (!res.ok) expect(res.message).toContain('已无剩余工作日');
  });

  test('a window not limited to working days accepts on a holiday', () => {
    const open: Round = { ...r2021, application: { ...r2021.application, workingDaysOnly: false } };
    expect(isAcceptingOn(open, '2021-10-01', cal)).toEqual({ ok: true });
  });

  test('settlement: a Saturday inside the window is refused, a Wednesday accepted, the day after the window is outside', () => {
    expect(isSettlementAcceptingOn(r2021, '2021-11-06', cal)).toMatchObject({ ok: false, code: 'NOT_WORKDAY' });
    expect(isSettlementAcceptingOn(r2021, '2021-12-15', cal)).toEqual({ ok: true });
    expect(isSettlementAcceptingOn(r2021, '2021-12-16', cal)).toMatchObject({ ok: false, code: 'OUTSIDE_WINDOW' });
    expect(isSettlementAcceptingOn(r2021, '2021-10-29', cal)).toMatchObject({ ok: false, code: 'OUTSIDE_WINDOW' });
  });

  test('checking a working day in an uncovered year throws CalendarGapError', () => {
    const r2027 = buildRounds({ untilYear: 2027, policies: POLICIES }).slice(-1)[0] as Round;
    expect(() => isAcceptingOn(r2027, '2027-09-01', cal)).toThrow(CalendarGapError);
  });
});

describe('deadlines', () => {
  test('default time rules are 20/7/7/60 with confidence C', () => {
    expect(DEFAULT_TIME_RULES).toMatchObject({
      resultAfterWorkdays: 20,
      disputeWorkdays: 7,
      voucherAfterWorkdays: 7,
      noticeValidDays: 60,
      confidence: 'C',
    });
    expect(TimeRulesSchema.safeParse(DEFAULT_TIME_RULES).success).toBe(true);
  });

  test('accepted 2021-09-28: result 2021-11-01, dispute until 2021-11-10, voucher from 2021-11-10', () => {
    const result = resultDate('2021-09-28', cal);
    expect(result).toBe('2021-11-01');
    // 11-02…05 (4), 11-08, 11-09, 11-10 (7).
    expect(disputeDeadline(result, cal)).toBe('2021-11-10');
    expect(voucherFrom(result, cal)).toBe('2021-11-10');
  });

  test('across Spring Festival 2026: accepted 2026-02-05 → result 2026-03-11; result 2026-02-10 → dispute until 2026-02-26', () => {
    expect(resultDate('2026-02-05', cal)).toBe('2026-03-11');
    expect(disputeDeadline('2026-02-10', cal)).toBe('2026-02-26');
  });

  test('across National Day 2026: result 2026-09-28 → voucher from 2026-10-13', () => {
    expect(voucherFrom('2026-09-28', cal)).toBe('2026-10-13');
  });

  test('the numbers come from the rules passed in', () => {
    const rules = { ...DEFAULT_TIME_RULES, resultAfterWorkdays: 1, noticeValidDays: 30 };
    expect(resultDate('2021-09-30', cal, rules)).toBe('2021-10-08');
    expect(noticeExpires('2021-12-20', rules)).toBe('2022-01-18');
  });

  test('the settlement notice issued on D is valid through D + 59 (60 days counting the issue day)', () => {
    expect(noticeExpires('2021-12-20')).toBe('2022-02-17');
    expect(noticeExpires('2024-01-01')).toBe('2024-02-29');
  });

  test('a deadline running into an uncovered year throws CalendarGapError', () => {
    expect(() => resultDate('2026-12-10', cal)).toThrow(CalendarGapError);
  });
});
