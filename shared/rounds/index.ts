/** Rounds (年度): data, generation rule, validation, phase of a day, and the deadlines of an application. */
export {
  DEFAULT_ROUND_RULE,
  ISODateSchema,
  MonthDaySchema,
  PolicyVersionRefSchema,
  RoundRuleSchema,
  RoundShapeSchema,
  WindowSchema,
  YearlyWindowSchema,
  type PolicyVersionRef,
  type Round,
  type RoundPhase,
  type RoundPhaseName,
  type RoundRule,
  type Window,
} from './types';
export { cutoffFor, fiveYearWindowFor, roundProblems, RoundError, RoundSchema } from './validate';
export {
  buildRounds,
  FIRST_ROUND_YEAR,
  generateRound,
  policyVersionOn,
  ROUND_2021,
  type BuildRoundsInput,
} from './build';
export { roundPhase } from './phase';
export {
  DEFAULT_TIME_RULES,
  disputeDeadline,
  isAcceptingOn,
  isSettlementAcceptingOn,
  noticeExpires,
  resultDate,
  TimeRulesSchema,
  voucherFrom,
  type AcceptanceCheck,
  type TimeRules,
} from './deadlines';
