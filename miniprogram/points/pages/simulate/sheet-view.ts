/**
 * The score sheet as the page shows it: a compact view model (no sources, no raw half-points) so that setData stays
 * small. Everything the applicant reads is here in Chinese: points, cap, confidence, what counted and what did not.
 * A line's facts are shown {@link FACTS_PER_PAGE} at a time (counted first, then those that did not count), with a
 * pager when there are more: a profile at the list limits (500 blood donations, 200 honours) would otherwise send
 * tens of kilobytes in one setData, and nobody reads 500 rows at once on a phone.
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
import { rangeText } from '../../../forms/form-model';

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
  /** The pager of the facts, when the line has more than one page of them; null otherwise. */
  factPage: FactPageView | null;
}

/** Which of a line's facts are shown: `第 11–20 条，共 501 条`, and whether there is a page before or after. */
export interface FactPageView {
  text: string;
  prev: boolean;
  next: boolean;
}

/** Facts shown per line at a time (counted and not counted together). */
export const FACTS_PER_PAGE = 10;

/** The page of facts shown per line id (0-based; a line not named shows its first page). */
export type FactPages = Readonly<Record<string, number>>;

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

function has(map: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, key);
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

/** How many pages of facts a line has (at least 1). */
export function factPageCount(line: Pick<SheetLine, 'counted' | 'notCounted'>, perPage = FACTS_PER_PAGE): number {
  return Math.max(1, Math.ceil((line.counted.length + line.notCounted.length) / perPage));
}

/** The facts of page `page` (clamped to the pages there are), counted first, and the pager when there is more than one page. */
function pagedFacts(
  line: SheetLine,
  page: number,
  perPage: number,
): Pick<LineView, 'counted' | 'notCounted' | 'factPage'> {
  const all = line.counted.length + line.notCounted.length;
  const pages = factPageCount(line, perPage);
  const p = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
  const from = p === 0 ? 0 : p * perPage; // 0 × Infinity is NaN
  const to = Math.min(all, from + perPage);
  const nc = line.counted.length;
  const counted = line.counted.slice(Math.min(from, nc), Math.min(to, nc));
  const notCounted = line.notCounted.slice(Math.max(0, from - nc), Math.max(0, to - nc));
  return {
    counted: counted.map(factText),
    notCounted: notCounted.map((n) => ({
      label: datesInWords(n.label),
      reason: datesInWords(n.reasonText ?? ''),
    })),
    factPage: pages > 1 ? { text: `${rangeText(from, to)}，共 ${all} 条`, prev: p > 0, next: p < pages - 1 } : null,
  };
}

function lineView(line: SheetLine, sheet: ScoreSheet, page: number, perPage: number): LineView {
  const winner = line.excludedBy ? sheet.lines.find((l) => l.id === line.excludedBy?.id) : undefined;
  return {
    id: line.id,
    name: line.name,
    points: line.halves === 0 ? '0' : formatSignedHalves(line.halves),
    capText: capText(line),
    capReached: line.capReached,
    confidence: line.confidence,
    confidenceText: CONFIDENCE_LABELS[line.confidence],
    ...pagedFacts(line, page, perPage),
    excludedText: line.excludedBy
      ? `${line.excludedBy.description}：按${winner ? `“${winner.name}”` : line.excludedBy.id}计分，本项不计`
      : '',
    unscoredReason: datesInWords(line.unscoredReason ?? ''),
  };
}

/**
 * The view model of a sheet: each line on its page of facts (`pages`, default the first), {@link FACTS_PER_PAGE}
 * facts a page unless `perPage` says otherwise (`Infinity`: every fact, for views that list reasons, not rows).
 */
export function sheetView(sheet: ScoreSheet, pages: FactPages = {}, perPage = FACTS_PER_PAGE): SheetView {
  const groups: LineGroupView[] = [];
  for (const cat of ['basic', 'bonus', 'deduction'] as const) {
    const lines = sheet.lines
      .filter((l) => l.category === cat)
      .map((l) => lineView(l, sheet, has(pages, l.id) ? pages[l.id] : 0, perPage));
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
