/** The home page's view of the current round. */
import type { RoundCurrentRes, RoundPhaseName } from '../../../shared';

/** What is open now, in words. */
export const PHASE_LABELS: Record<RoundPhaseName, string> = {
  'before-application': '积分申请尚未开始',
  application: '积分申请受理中',
  review: '积分申请已截止，审核中',
  settlement: '积分落户申请受理中',
  closed: '本年度已结束',
};

/** The round card. */
export interface RoundView {
  state: 'loading' | 'ready' | 'empty' | 'error';
  message: string;
  name: string;
  phaseText: string;
  /** Key dates, one per line. */
  lines: string[];
}

/** The round card while loading. */
export const LOADING_ROUND: RoundView = { state: 'loading', message: '', name: '', phaseText: '', lines: [] };

/** The round card of a `round.current` answer. */
export function roundView(cur: RoundCurrentRes): RoundView {
  const r = cur.round;
  if (!r) return { state: 'empty', message: '当前没有可用的积分年度', name: '', phaseText: '', lines: [] };
  const lines = [
    `积分申请：${r.application.from} 至 ${r.application.to}`,
    `计分截止日：${r.cutoff}（此日之前取得的才计分）`,
    `积分落户申请：${r.settlement.from} 至 ${r.settlement.to}`,
  ];
  if (cur.policy) lines.push(`指标体系：${cur.policy.name}`);
  const next = cur.next ? `；${cur.next.from} 起${PHASE_LABELS[cur.next.phase]}` : '';
  return { state: 'ready', message: '', name: r.name, phaseText: `${PHASE_LABELS[cur.phase]}${next}`, lines };
}
