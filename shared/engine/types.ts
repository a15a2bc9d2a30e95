/** The score sheet (积分明细) the engine returns: what counted, what did not and why, per indicator. */
import type { Confidence, Indicator, RuleKind } from '../policy/schema';
import type { ISODate } from '../dates';
import type { Halves } from './points';
import type { ReasonCode } from './reasons';

/** What the engine needs of a round (年度): its id, the G2 cutoff and the G3 window. */
export interface ScoringRound {
  id: string;
  /** 计分截止日: facts dated on or after it do not count. */
  cutoff: ISODate;
  /** 5-year window: from ≤ date < toExclusive (toExclusive is the cutoff). */
  fiveYearWindow: { from: ISODate; toExclusive: ISODate };
}

/** One declared fact as the sheet mentions it. */
export interface FactNote {
  /** Where the fact is in the profile, e.g. `bloodDonations.2`. */
  ref: string;
  /** The fact in Chinese, e.g. `2019-05-01 献血 400 毫升`. */
  label: string;
  /** Half-points this fact contributed, where it makes sense per fact. */
  halves?: Halves;
  /** Why it did not count (only on notCounted). */
  reason?: ReasonCode;
  /** The reason in Chinese. */
  reasonText?: string;
}

/** One line of the sheet: one indicator. */
export interface SheetLine {
  id: string;
  name: string;
  category: Indicator['category'];
  rule: RuleKind;
  /** Points on this line after cap and exclusive groups. */
  halves: Halves;
  /** `halves` printed. */
  points: string;
  /** Points the facts earn before cap and exclusive groups. */
  rawHalves: Halves;
  capHalves: Halves | null;
  cap: string | null;
  capReached: boolean;
  /** Set when an exclusive group (G5, housing) gave the points to another line. */
  excludedBy?: { id: string; rule: string; description: string };
  confidence: Confidence;
  capConfidence?: Confidence;
  department: string;
  departmentConfidence: Confidence;
  source: string;
  decision?: string;
  /** Facts that counted. */
  counted: FactNote[];
  /** Facts that did not count, each with its reason. */
  notCounted: FactNote[];
  /** For rows the sources leave unknown: why they score 0. */
  unscoredReason?: string;
}

/** What would add points next (computed by the engine, never hand-written per case). */
export interface Hint {
  indicatorId: string;
  /** The step in Chinese, e.g. `再献血 200 毫升`. */
  action: string;
  /** Effective gain on the total after caps and exclusive groups. */
  gainHalves: Halves;
  /** This step alone brings the total to the qualifying score. */
  reachesQualifying: boolean;
  /** `再献血 200 毫升 +1`. */
  text: string;
}

/**
 * The verdict of a sheet, the veto first: `vetoed` whatever the points (一票否决), else `qualifies` (total ≥ the
 * qualifying score) or `below`.
 */
export type VerdictKind = 'vetoed' | 'qualifies' | 'below';

/** The verdict with its sentence, e.g. `一票否决（抢劫罪）：不能申请积分落户`, `已达到 100 分准申请分值`, `还差 4.5 分`. */
export interface Verdict {
  kind: VerdictKind;
  text: string;
}

/** The full result of scoring a profile. */
export interface ScoreSheet {
  policyVersion: string;
  policyName: string;
  roundId: string;
  cutoff: ISODate;
  fiveYearWindow: { from: ISODate; toExclusive: ISODate };
  lines: SheetLine[];
  totalHalves: Halves;
  /** e.g. `159` or `104.5`. */
  total: string;
  qualifyingHalves: Halves;
  /** The verdict: a veto first, then G1. Read this, not the total, to say whether the person may apply. */
  verdict: Verdict;
  /** G1 and no veto: total ≥ the qualifying score (exactly 100 reaches it; 99.5 does not); false when vetoed. */
  reachesQualifying: boolean;
  /** 一票否决: the offences found. */
  veto: { vetoed: boolean; reasons: string[] };
  /** Facts no indicator of this policy version scores (e.g. family planning after 2021). */
  unassigned: FactNote[];
  /** Things the applicant should know (unknown values, unknown veto codes). */
  notices: string[];
  /**
   * Steps that raise the total, the one that reaches the qualifying score soonest first (see `score`); none when
   * vetoed, since no points change a veto.
   */
  hints: Hint[];
}
