/**
 * 落户分数线与公示的规则数据: how ties at the line are settled and how long the publicity lasts. The sources are
 * silent on both (lifecycle.md, decisions table: both [I]), so they are data with a confidence mark and a source,
 * shown to administrators and to everyone reading the publicity list, and set per round by an administrator — never
 * a code path.
 */
import type { Confidence } from '../policy/confidence';

/** The rules for ties at the line (同分处理), each with the Chinese text everyone is shown. */
export const TIE_RULES = {
  admitAllAtLine: {
    label: '同分同录',
    text: '与分数线同分的申请人全部准入，准入人数可能超过当年名额',
  },
  excludeAllAtLine: {
    label: '同分超额不录',
    text: '与分数线同分的人数使准入人数超过名额时，同分者均不准入（分数线上移一档），准入人数不超过名额',
  },
} as const;

/** A tie rule. */
export type TieRule = keyof typeof TIE_RULES;
/** The tie rules as a tuple (zod enums). */
export const TIE_RULE_LIST = Object.keys(TIE_RULES) as [TieRule, ...TieRule[]];

/** A default value with where it comes from and how sure it is. */
export interface RuleDefault<T> {
  value: T;
  confidence: Confidence;
  source: string;
}

/** The defaults a round starts with until an administrator sets its own. */
export const SETTLEMENT_DEFAULTS: {
  tieRule: RuleDefault<TieRule>;
  publicityWorkingDays: RuleDefault<number>;
} = {
  tieRule: {
    value: 'admitAllAtLine',
    confidence: 'I',
    source:
      'lifecycle.md 决定表「ties at the line」：与分数线同分者全部准入（FAQ 十：划定“录取分数线”，未说明同分处理）',
  },
  publicityWorkingDays: {
    value: 5,
    confidence: 'I',
    source: 'lifecycle.md 决定表「publicity length」：按年度由管理员设定，默认 5 个工作日（参照深圳、北京做法）',
  },
};

/** Publicity lengths an administrator may set, in working days. */
export const PUBLICITY_DAYS_MIN = 1;
/** See {@link PUBLICITY_DAYS_MIN}. */
export const PUBLICITY_DAYS_MAX = 30;
