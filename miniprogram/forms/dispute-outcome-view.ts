/**
 * A raised dispute as the applicant reads it (the dispute page and the case page): each disputed indicator with the
 * reason given, its re-review (status, the department's reason) and, once the revised result is published, the points
 * before and after; then the revised totals and that the points are confirmed.
 */
import type { DisputeView } from '../../shared';
import { dateText } from '../utils/format';

/** One disputed indicator. */
export interface OutcomeLineView {
  id: string;
  head: string;
  department: string;
  reason: string;
  evidence: string;
  /** Re-review status code (icon) and words. */
  status: string;
  statusText: string;
  /** `复核前 50 分 → 复核后 60 分`, `复核前 50 分，维持` or '' while pending. */
  compare: string;
  changed: boolean;
  /** `复核意见：…` or ''. */
  answer: string;
}

/** The outcome. */
export interface OutcomeView {
  status: string;
  statusText: string;
  raised: string;
  /** What the district office asked for, when it returned the dispute. */
  asked: string;
  lines: OutcomeLineView[];
  /** `核定积分 120 分 → 130 分`, or '' until published. */
  total: string;
  /** `积分已确认（2021年11月30日）` once published, or the re-review's finality before. */
  confirmed: string;
  finalNote: string;
}

function lineOf(l: DisputeView['lines'][number]): OutcomeLineView {
  const r = l.recheck;
  const changed = l.after !== null && l.after !== l.before;
  return {
    id: l.indicatorId,
    head: l.indicatorName,
    department: l.department,
    reason: `异议理由：${l.reason}`,
    evidence: l.evidence.length ? `证据 ${l.evidence.length} 份` : '未附证据',
    status: r ? r.status : 'raised',
    statusText: r ? r.statusLabel + (r.overdue ? '（已超过复核期限）' : '') : '待区积分办登记',
    compare:
      l.after === null ? '' : changed ? `复核前 ${l.before} 分 → 复核后 ${l.after} 分` : `复核前 ${l.before} 分，维持`,
    changed,
    answer: r && r.reason ? `复核意见：${r.reason}` : '',
  };
}

/** The outcome of a dispute. */
export function outcomeView(d: DisputeView): OutcomeView {
  const rv = d.revised;
  return {
    status: d.status,
    statusText: d.statusLabel,
    raised: `${dateText(d.raisedOn)} 由${d.raisedBy === 'agent' ? '代办人' : '本人'}提出，${d.districtName}积分办受理`,
    asked: d.evidenceAsked ? `区积分办要求补充证据：${d.evidenceAsked.missing}` : '',
    lines: d.lines.map(lineOf),
    total: rv ? `核定积分 ${rv.totalBefore} 分 → ${rv.totalAfter} 分` : '',
    confirmed: rv ? `积分已确认（${dateText(rv.confirmedOn)}）` : '',
    finalNote: d.finalNote,
  };
}
