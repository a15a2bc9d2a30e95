/** Labels of confidence marks, zod-free for the main package (shared/core.ts). */
import type { Confidence } from './confidence';

/**
 * Chinese labels for confidence marks, shown beside every number. They say how sure the policy text is, never that a
 * department checked this person's facts (that is what 审核 results say): “已确认” read as the latter, so it is
 * 政策已明确.
 */
export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  C: '政策已明确',
  'C-old': '沿用旧版',
  I: '推定',
  U: '尚未公布',
};

/** What each confidence label means, for the legend beside the tags (same order as the marks). */
export const CONFIDENCE_LEGEND: readonly { mark: Confidence; label: string; text: string }[] = [
  { mark: 'C', label: CONFIDENCE_LABELS.C, text: '本年度政策文件写明了这条规则' },
  { mark: 'C-old', label: CONFIDENCE_LABELS['C-old'], text: '本年度没有新规定，按上一版政策的写法计算' },
  { mark: 'I', label: CONFIDENCE_LABELS.I, text: '政策没有写明，按相近规定推算，可能与审核结果不同' },
  { mark: 'U', label: CONFIDENCE_LABELS.U, text: '政策尚未公布这项的计分办法，暂不计分' },
];
