/** The home page's view of the current round. */
import type { RoundCurrentRes, RoundPhaseName } from '../../../shared';
import { dateText } from '../../utils/format';

/** What is open now, in words. */
export const PHASE_LABELS: Record<RoundPhaseName, string> = {
  'before-application': '积分申请尚未开始',
  application: '积分申请受理中',
  review: '积分申请已截止，审核中',
  settlement: '积分落户申请受理中',
  closed: '本年度已结束',
};

/** What opens next, in words (`2021年12月16日起` + this). */
const NEXT_LABELS: Record<RoundPhaseName, string> = {
  ...PHASE_LABELS,
  'before-application': '进入下一年度（积分申请尚未开始）',
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
    `积分申请：${dateText(r.application.from)} 至 ${dateText(r.application.to)}`,
    `计分截止日：${dateText(r.cutoff)}（此日之前取得的才计分）`,
    `积分落户申请：${dateText(r.settlement.from)} 至 ${dateText(r.settlement.to)}`,
  ];
  if (cur.policy) lines.push(`指标体系：${cur.policy.name}`);
  const next = cur.next ? `；${dateText(cur.next.from)}起${NEXT_LABELS[cur.next.phase]}` : '';
  return { state: 'ready', message: '', name: r.name, phaseText: `${PHASE_LABELS[cur.phase]}${next}`, lines };
}
