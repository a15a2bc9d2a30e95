/** The built-in 2021 round, the yearly rule's generated rounds, and admin overrides, validated together. */
import { formatChineseDate, type ISODate } from '../dates';
import {
  DEFAULT_ROUND_RULE,
  PolicyVersionRefSchema,
  RoundRuleSchema,
  type PolicyVersionRef,
  type Round,
  type RoundRule,
} from './types';
import { cutoffFor, fiveYearWindowFor, RoundError, RoundSchema } from './validate';

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/** The first year that has a round; earlier overrides are rejected. */
export const FIRST_ROUND_YEAR = 2021;

/**
 * The 2021 transition round, literally as the 2021 FAQ (四、五) gives it. Its cutoff (2021-10-01) is the FAQ's and
 * falls inside the application window, hence the `cutoffException`. Product decision: the FAQ exempts holidays only
 * for offline applications; we apply the office's working days to online acceptance too (`workingDaysOnly`).
 */
export const ROUND_2021: Round = deepFreeze<Round>({
  id: '2021',
  year: 2021,
  name: '2021 年度',
  policyVersion: 'hz-2021',
  application: { from: '2021-09-28', to: '2021-10-31', workingDaysOnly: true },
  cutoff: '2021-10-01',
  fiveYearWindow: { from: '2016-10-01', toExclusive: '2021-10-01' },
  settlement: { from: '2021-11-01', to: '2021-12-15', workingDaysOnly: true },
  quotaMode: 'quota',
  source: 'builtin',
  cutoffException: '2021 年官方答问：可计分指标的对应材料需在 2021 年 10 月 1 日前取得（新旧政策过渡的一年）',
  note:
    '依据 2021 年官方答问（四、五）。官方仅注明线下申请节假日除外，产品决定线上受理同样按工作日执行；' +
    '积分落户申请因新旧政策过渡延长 15 天。',
});

/**
 * The indicator-table version in force on `date`: the latest of `policies` whose `effectiveFrom` is on or before it.
 *
 * @throws RoundError when no version is in force yet
 */
export function policyVersionOn(date: ISODate, policies: PolicyVersionRef[]): string {
  let best: PolicyVersionRef | undefined;
  for (const p of policies) {
    if (p.effectiveFrom <= date && (!best || p.effectiveFrom > best.effectiveFrom)) best = p;
  }
  if (!best) throw new RoundError([`${date} 尚无生效的积分政策版本`]);
  return best.id;
}

/**
 * The round the yearly rule gives for `year` (not validated; {@link buildRounds} validates). The cutoff follows
 * {@link cutoffFor}; the quota mode is 'none' when settlement opens on or after `rule.quotaAbolishedOn`; the policy
 * version is the one in force when the points application opens.
 */
export function generateRound(year: number, policies: PolicyVersionRef[], rule: RoundRule = DEFAULT_ROUND_RULE): Round {
  const application = {
    from: `${year}-${rule.application.from}`,
    to: `${year}-${rule.application.to}`,
    workingDaysOnly: rule.application.workingDaysOnly,
  };
  const settlement = {
    from: `${year}-${rule.settlement.from}`,
    to: `${year}-${rule.settlement.to}`,
    workingDaysOnly: rule.settlement.workingDaysOnly,
  };
  const cutoff = cutoffFor(application.from);
  return {
    id: String(year),
    year,
    name: `${year} 年度`,
    policyVersion: policyVersionOn(application.from, policies),
    application,
    cutoff,
    fiveYearWindow: fiveYearWindowFor(cutoff),
    settlement,
    quotaMode: settlement.from >= rule.quotaAbolishedOn ? 'none' : 'quota',
    source: 'generated',
  };
}

/** Input of {@link buildRounds}. */
export interface BuildRoundsInput {
  /** Last year to include (inclusive). Overrides for later years are ignored: the horizon is the caller's. */
  untilYear: number;
  /** Indicator-table versions with their effective dates; every round must reference one of them. */
  policies: PolicyVersionRef[];
  /** Yearly rule; {@link DEFAULT_ROUND_RULE} by default. */
  rule?: RoundRule;
  /** Admin rounds, at most one per year; each replaces that year's built-in or generated round wholesale. */
  overrides?: Round[];
}

function zodProblems(label: string, issues: { code: string; message: string; path: PropertyKey[] }[]): string[] {
  // Our refinements speak Chinese; zod's structural messages do not, so name the field instead.
  return issues.map((i) =>
    i.code === 'custom' ? i.message : `${label}：字段 ${i.path.map(String).join('.') || '（整体）'} 不正确`,
  );
}

/** The policy versions, parsed; problems for malformed and duplicate ones, and when there is none. */
function parsePolicies(input: PolicyVersionRef[], problems: string[]): PolicyVersionRef[] {
  const policies: PolicyVersionRef[] = [];
  for (const p of input) {
    const parsed = PolicyVersionRefSchema.safeParse(p);
    if (!parsed.success) problems.push(...zodProblems(`政策版本 ${String(p?.id)}`, parsed.error.issues));
    else if (policies.some((q) => q.id === p.id)) problems.push(`政策版本 ${p.id} 重复`);
    else policies.push(parsed.data);
  }
  if (policies.length === 0) problems.push('未提供任何积分政策版本');
  return policies;
}

/** The admin overrides by year, marked `source: 'admin'`; problems for years before 2021 and repeated years. */
function overridesByYear(input: Round[], problems: string[]): Map<number, Round> {
  const overrides = new Map<number, Round>();
  for (const o of input) {
    if (o.year < FIRST_ROUND_YEAR) problems.push(`不支持 ${FIRST_ROUND_YEAR} 年以前的年度（${o.year}）`);
    else if (overrides.has(o.year)) problems.push(`${o.year} 年度的管理员设置重复`);
    else overrides.set(o.year, { ...o, source: 'admin' });
  }
  return overrides;
}

/** The round of each year: the override, else the built-in 2021 round, else the generated one (from `rule.firstYear`). */
function roundsOfYears(
  untilYear: number,
  overrides: Map<number, Round>,
  policies: PolicyVersionRef[],
  rule: RoundRule,
  problems: string[],
): Round[] {
  const rounds: Round[] = [];
  for (let year = FIRST_ROUND_YEAR; year <= untilYear; year++) {
    const override = overrides.get(year);
    if (override) rounds.push(override);
    else if (year === ROUND_2021.year) rounds.push(ROUND_2021);
    else if (year >= rule.firstYear) {
      try {
        rounds.push(generateRound(year, policies, rule));
      } catch (e) {
        if (e instanceof RoundError) problems.push(...e.problems.map((m) => `${year} 年度：${m}`));
        else throw e;
      }
    }
  }
  return rounds;
}

/** Problems of the rounds together: each valid, ids unique, policy versions known, each after the previous one. */
function checkRounds(rounds: Round[], policies: PolicyVersionRef[], problems: string[]): void {
  const ids = new Set<string>();
  const known = new Set(policies.map((p) => p.id));
  let previous: Round | undefined;
  for (const r of rounds) {
    const parsed = RoundSchema.safeParse(r);
    if (!parsed.success) problems.push(...zodProblems(`${r.name ?? r.id}`, parsed.error.issues));
    if (ids.has(r.id)) problems.push(`年度编号 ${r.id} 重复`);
    ids.add(r.id);
    if (!known.has(r.policyVersion)) problems.push(`${r.name}：未知的积分政策版本 ${r.policyVersion}`);
    if (previous && r.application.from <= previous.settlement.to) {
      problems.push(
        `${r.name}：积分申请须在 ${previous.name} 积分落户申请结束（${formatChineseDate(previous.settlement.to)}）之后开始`,
      );
    }
    previous = r;
  }
}

/**
 * All rounds from 2021 to `untilYear`, in order: the built-in 2021 round, then one generated round per year from
 * `rule.firstYear`, each replaced by an admin override for its year when there is one (marked `source: 'admin'`).
 * Every round is validated (see `roundProblems`), must reference a known policy version, and must start after the
 * previous round's settlement window closes.
 *
 * @throws RoundError listing every problem, in Chinese
 */
export function buildRounds(input: BuildRoundsInput): Round[] {
  const problems: string[] = [];
  const ruleParse = RoundRuleSchema.safeParse(input.rule ?? DEFAULT_ROUND_RULE);
  if (!ruleParse.success) throw new RoundError(zodProblems('年度生成规则', ruleParse.error.issues));
  const rule = ruleParse.data;

  const policies = parsePolicies(input.policies, problems);
  const overrides = overridesByYear(input.overrides ?? [], problems);
  if (problems.length) throw new RoundError(problems);

  const rounds = roundsOfYears(input.untilYear, overrides, policies, rule, problems);
  checkRounds(rounds, policies, problems);
  if (problems.length) throw new RoundError(problems);
  return rounds;
}
