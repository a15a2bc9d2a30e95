/** The G2 cutoff rule and the consistency checks every round must pass. */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { addMonths, addYears, firstOfMonth, formatChineseDate, type ISODate } from '../dates';
import { RoundShapeSchema, type Round } from './types';

/**
 * G2 计分截止日 for a round whose points application opens on `applicationFrom`: the first day of the month before
 * the month acceptance opens (2022-09-01 → 2022-08-01; 2022-09-15 → 2022-08-01).
 */
export function cutoffFor(applicationFrom: ISODate): ISODate {
  return addMonths(firstOfMonth(applicationFrom), -1);
}

/** G3 five-year window for a cutoff: `cutoff − 5 years ≤ d < cutoff`. */
export function fiveYearWindowFor(cutoff: ISODate): Round['fiveYearWindow'] {
  return { from: addYears(cutoff, -5), toExclusive: cutoff };
}

/**
 * Chinese descriptions of what is inconsistent in a round; empty when it is fine. Checked: each window's start is not
 * after its end; the points application opens in the round's year; the cutoff is `cutoffFor(application.from)`
 * (hence before acceptance opens) unless `cutoffException` states why not, in which case it must at least not be
 * after the application window closes; the five-year window ends at the cutoff and starts 5 years earlier; the
 * settlement window opens after the application window closes.
 */
export function roundProblems(r: Round): string[] {
  const p: string[] = [];
  const name = `${r.name || r.id}`;
  const d = formatChineseDate;
  if (r.application.from > r.application.to) {
    p.push(`${name}：积分申请开始日 ${d(r.application.from)} 晚于结束日 ${d(r.application.to)}`);
  }
  if (r.settlement.from > r.settlement.to) {
    p.push(`${name}：积分落户申请开始日 ${d(r.settlement.from)} 晚于结束日 ${d(r.settlement.to)}`);
  }
  if (Number(r.application.from.slice(0, 4)) !== r.year) {
    p.push(`${name}：积分申请开始日 ${d(r.application.from)} 不在 ${r.year} 年`);
  }
  if (r.cutoffException === undefined) {
    const expected = cutoffFor(r.application.from);
    if (r.cutoff !== expected) {
      p.push(`${name}：计分截止日应为积分申请受理起始日的上月首日 ${d(expected)}，实际为 ${d(r.cutoff)}`);
    }
  } else if (r.cutoff > r.application.to) {
    p.push(`${name}：计分截止日 ${d(r.cutoff)} 不得晚于积分申请结束日 ${d(r.application.to)}`);
  }
  const w = fiveYearWindowFor(r.cutoff);
  if (r.fiveYearWindow.from !== w.from || r.fiveYearWindow.toExclusive !== w.toExclusive) {
    p.push(`${name}：五年计分期间应为 ${d(w.from)} 起至 ${d(w.toExclusive)} 前（计分截止日前五年）`);
  }
  if (r.settlement.from <= r.application.to) {
    p.push(`${name}：积分落户申请（${d(r.settlement.from)} 起）须在积分申请结束（${d(r.application.to)}）之后开始`);
  }
  return p;
}

/** zod schema of a {@link Round}: the structure plus {@link roundProblems}. */
export const RoundSchema = checked(
  RoundShapeSchema,
  z.superRefine((r, ctx) => {
    for (const message of roundProblems(r)) ctx.addIssue({ code: 'custom', message });
  }),
);

/** Thrown when rounds are inconsistent; `problems` are Chinese messages for administrators. */
export class RoundError extends Error {
  /** Stable code for callers and the API layer. */
  readonly code = 'ROUND_INVALID' as const;
  /** Every problem found, in Chinese. */
  readonly problems: string[];

  /** @param problems Chinese descriptions of what is wrong */
  constructor(problems: string[]) {
    super(`年度设置有误：${problems.join('；')}`);
    this.name = 'RoundError';
    this.problems = problems;
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
