/** Labels of confidence marks, zod-free for the main package (shared/core.ts). */
import type { Confidence } from './confidence';

/** Chinese labels for confidence marks, shown beside every number. */
export const CONFIDENCE_LABELS: Record<Confidence, string> = {
  C: '已确认',
  'C-old': '沿用旧版',
  I: '推定',
  U: '未知',
};
