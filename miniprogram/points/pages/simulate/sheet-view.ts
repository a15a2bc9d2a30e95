/**
 * The score sheet as the page shows it: a compact view model (no sources, no raw half-points) so that setData stays
 * small. Everything the applicant reads is here in Chinese: points, cap, confidence, what counted and what did not.
 */
import {
  CONFIDENCE_LABELS,
  CONFIDENCE_LEGEND,
  formatChineseDate,
  formatHalves,
  formatSignedHalves,
  type Confidence,
  type FactNote,
  type ScoreSheet,
  type SheetLine,
} from '../../../../shared';
import { datesInWords } from '../../../utils/format';

/** One indicator row. */
export interface LineView {
  id: string;
  name: string;
  /** Signed points on the total: `+57.5`, `-40`, `0`. */
  points: string;
  /** `上限 120 分`, `上限未公开`, or '' where a cap makes no sense (deductions). */
  capText: string;
  capReached: boolean;
  /** Confidence code (for the tag's look) and its Chinese label (what the tag says). */
  confidence: Confidence;
  confidenceText: string;
  /** Facts that counted, each with its points. */
  counted: string[];
  /** Facts that did not count, each with why. */
  notCounted: { label: string; reason: string }[];
  /** Why an exclusive group took the points away, or ''. */
  excludedText: string;
  /** Why the row scores 0 whatever is declared, or ''. */
  unscoredReason: string;
}

/** Rows of one category. */
export interface LineGroupView {
  title: string;
  lines: LineView[];
}

/** The verdict, in words and icon (never by colour alone); a veto comes before any points. */
export interface VerdictView {
  total: string;
  /** `vetoed`, `qualifies` or `below`. */
  kind: ScoreSheet['verdict']['kind'];
  /** Reaches 100 and is not vetoed. */
  reaches: boolean;
  /** `一票否决（抢劫罪）：不能申请积分落户`, `已达到 100 分准申请分值` or `还差 4.5 分`. */
  text: string;
  /** TDesign icon name matching the text. */
  icon: string;
}

/** The whole sheet. */
export interface SheetView {
  verdict: VerdictView;
  /** What the qualifying score means (it is not the settlement line). */
  qualifyingNote: string;
  policyName: string;
  /** `2021 年度 · 计分截止日 2021年10月1日`. */
  roundText: string;
  vetoed: boolean;
  vetoText: string;
  groups: LineGroupView[];
  hints: string[];
  notices: string[];
  unassigned: string[];
  /** What the tags beside the points mean (政策已明确 / 沿用旧版 / 推定 / 尚未公布). */
  legend: { label: string; text: string; confidence: Confidence }[];
}

const CATEGORY_TITLES: Record<SheetLine['category'], string> = {
  basic: '基础指标',
  bonus: '加分指标',
  deduction: '减分指标',
};

/** The qualifying verdict of a sheet. */
export function verdictView(sheet: ScoreSheet): VerdictView {
  const gap = sheet.qualifyingHalves - sheet.totalHalves;
  const kind = sheet.verdict.kind;
  return {
    total: sheet.total,
    kind,
    reaches: sheet.reachesQualifying,
    text: kind === 'below' ? `还差 ${formatHalves(gap)} 分` : sheet.verdict.text,
    icon: kind === 'vetoed' ? 'close-circle' : kind === 'qualifies' ? 'check-circle' : 'error-circle',
  };
}

function factText(n: FactNote): string {
  const label = datesInWords(n.label);
  return n.halves === undefined || n.halves === 0 ? label : `${label}（${formatSignedHalves(n.halves)}）`;
}

function capText(line: SheetLine): string {
  if (line.category === 'deduction') return '';
  const conf =
    line.capConfidence && line.capConfidence !== line.confidence
      ? `，上限${CONFIDENCE_LABELS[line.capConfidence]}`
      : '';
  return line.cap === null ? '上限未公开' : `上限 ${line.cap} 分${conf}`;
}

function lineView(line: SheetLine, sheet: ScoreSheet): LineView {
  const winner = line.excludedBy ? sheet.lines.find((l) => l.id === line.excludedBy?.id) : undefined;
  return {
    id: line.id,
    name: line.name,
    points: line.halves === 0 ? '0' : formatSignedHalves(line.halves),
    capText: capText(line),
    capReached: line.capReached,
    confidence: line.confidence,
    confidenceText: CONFIDENCE_LABELS[line.confidence],
    counted: line.counted.map(factText),
    notCounted: line.notCounted.map((n) => ({
      label: datesInWords(n.label),
      reason: datesInWords(n.reasonText ?? ''),
    })),
    excludedText: line.excludedBy
      ? `${line.excludedBy.description}：按${winner ? `“${winner.name}”` : line.excludedBy.id}计分，本项不计`
      : '',
    unscoredReason: datesInWords(line.unscoredReason ?? ''),
  };
}

/** The view model of a sheet. */
export function sheetView(sheet: ScoreSheet): SheetView {
  const groups: LineGroupView[] = [];
  for (const cat of ['basic', 'bonus', 'deduction'] as const) {
    const lines = sheet.lines.filter((l) => l.category === cat).map((l) => lineView(l, sheet));
    if (lines.length) groups.push({ title: CATEGORY_TITLES[cat], lines });
  }
  return {
    verdict: verdictView(sheet),
    qualifyingNote: `${formatHalves(sheet.qualifyingHalves)} 分是申请资格（准申请分值），不是落户分数线。`,
    policyName: sheet.policyName,
    roundText: `${sheet.roundId} 年度 · 计分截止日 ${formatChineseDate(sheet.cutoff)}`,
    vetoed: sheet.veto.vetoed,
    vetoText: sheet.veto.vetoed ? '分数仍照常列出，供核对；一票否决不看分数。' : '',
    groups,
    hints: sheet.hints.map((h) => datesInWords(h.text)),
    notices: sheet.notices.map(datesInWords),
    unassigned: sheet.unassigned.map((n) => datesInWords(`${n.label}：${n.reasonText ?? ''}`)),
    legend: CONFIDENCE_LEGEND.map((l) => ({ label: l.label, text: l.text, confidence: l.mark })),
  };
}
