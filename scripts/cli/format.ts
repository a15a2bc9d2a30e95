/** Renders a score sheet as a plain-text Chinese table for terminals. */
import { CONFIDENCE_LABELS, type ScoreSheet, type SheetLine } from '../../shared';

/** Code point ranges (inclusive) of the characters a terminal shows two columns wide: CJK and full-width forms. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, Infinity],
];

function isWide(c: number): boolean {
  return WIDE_RANGES.some(([from, to]) => c >= from && c <= to);
}

/** Display width in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return w;
}

function pad(s: string, width: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

function lineStatus(l: SheetLine): string {
  if (l.excludedBy) return `不累计（${l.excludedBy.rule}，计入 ${l.excludedBy.id}）`;
  if (l.unscoredReason) return '不计分';
  if (l.capReached && l.capHalves !== null && l.rawHalves > l.capHalves) return '已达上限';
  return '';
}

/** Whether an indicator has anything to show: points, or facts counted or not. */
function isTouched(l: SheetLine): boolean {
  return l.halves !== 0 || l.rawHalves !== 0 || l.counted.length > 0 || l.notCounted.length > 0;
}

/** One indicator's row and, indented under it, its facts and notes. */
function lineRows(l: SheetLine, touched: boolean): string[] {
  const out = [
    [
      pad(l.id, 6),
      pad(l.name, 30),
      pad(l.points, 7, true),
      pad(l.cap ?? '—', 6, true),
      pad(CONFIDENCE_LABELS[l.confidence], 8),
      lineStatus(l),
    ].join(' '),
  ];
  for (const c of l.counted) out.push(`         ✓ ${c.label}`);
  for (const c of l.notCounted) out.push(`         ✗ ${c.label} —— ${c.reasonText ?? ''}`);
  if (l.unscoredReason) out.push(`         · ${l.unscoredReason}`);
  if (l.decision && touched) out.push(`         · 口径：${l.decision}`);
  return out;
}

/** The mark before the verdict: never the only sign of it, the sentence follows. */
const VERDICT_MARK: Record<ScoreSheet['verdict']['kind'], string> = { vetoed: '✗', qualifies: '✓', below: '✗' };

/** The verdict (a veto first, never beside "已达到"), the total, notices and hints (none when vetoed). */
function verdictRows(sheet: ScoreSheet): string[] {
  const out = [`${VERDICT_MARK[sheet.verdict.kind]} ${sheet.verdict.text}`];
  out.push(sheet.veto.vetoed ? `总分 ${sheet.total}（仅供参考，一票否决不看分数）` : `总分 ${sheet.total}`);
  for (const n of sheet.notices) out.push(`! ${n}`);
  if (sheet.hints.length) {
    out.push('');
    out.push('提分建议：');
    for (const h of sheet.hints) out.push(`  · ${h.text}`);
  }
  return out;
}

/** The sheet as text: header, one row per indicator with its facts, total, verdicts and hints. */
export function formatSheet(sheet: ScoreSheet, opts: { all?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`积分测算 · ${sheet.policyName}（${sheet.policyVersion}）· ${sheet.roundId} 年度`);
  out.push(`计分截止日 ${sheet.cutoff}；5 年窗口 ${sheet.fiveYearWindow.from} 至截止日前一天`);
  out.push('');
  const head = [pad('指标', 6), pad('名称', 30), pad('得分', 7, true), pad('上限', 6, true), pad('可信度', 8), '说明'];
  out.push(head.join(' '));
  out.push('-'.repeat(90));
  for (const l of sheet.lines) {
    const touched = isTouched(l);
    if (!opts.all && !touched && !l.unscoredReason) continue;
    out.push(...lineRows(l, touched));
  }
  for (const u of sheet.unassigned) out.push(`  ✗ ${u.label} —— ${u.reasonText ?? ''}`);
  out.push('-'.repeat(90));
  out.push(...verdictRows(sheet));
  return out.join('\n');
}
