/**
 * 积分查询 of one case, as the page shows it: the dates, the result line by line (declared vs verified, the
 * decision and the reviewer's note, and the engine's reasons), the review tasks, 补正, and the audit trail.
 */
import {
  ERROR_MESSAGES,
  formatHalves,
  TASK_STATUSES_FOR_APPLICANT,
  type ApplicationView,
  type CaseAuditRes,
  type CaseTimeline,
  type ErrorCode,
  type ResultRes,
  type TaskStatus,
} from '../../../../shared';
import { beijingDateTime, dateText } from '../../../utils/format';
import { sheetView } from '../simulate/sheet-view';

/** A label / value row. */
export interface TimelineRow {
  k: string;
  v: string;
}

/** The dates of a case (lifecycle.md steps 2, 2a, 3). */
export function timelineRows(t: CaseTimeline, published: boolean): TimelineRow[] {
  return [
    { k: '受理日期', v: dateText(t.accepted) },
    { k: published ? '结果公布日' : '预计可查询结果', v: `${dateText(t.resultDate)}（受理后第 20 个工作日）` },
    { k: '异议截止日', v: `${dateText(t.disputeDeadline)}（结果公布后 7 个工作日内可提出异议）` },
    { k: '可打印积分凭证', v: `${dateText(t.voucherFrom)}起` },
  ];
}

/** One indicator of the result. */
export interface ResultLineView {
  id: string;
  name: string;
  declared: string;
  verified: string;
  /** Declared and verified differ. */
  changed: boolean;
  /** `申报 60 分 → 核定 58 分` or `申报 50 分，核定 50 分`. */
  compare: string;
  /** Task status code (for the icon) and its words. */
  decision: string;
  decisionText: string;
  /** `审核意见：…` or ''. */
  note: string;
  /** Why facts did not count (the engine's reasons), or empty. */
  reasons: string[];
}

/** The published result. */
export interface ResultView {
  total: string;
  verdict: string;
  verdictIcon: string;
  vetoText: string;
  lines: ResultLineView[];
}

/** The result as shown: only indicators that were claimed or score something. */
export function resultView(res: ResultRes): ResultView {
  const reasons = new Map<string, string[]>();
  // Every fact's reason, not a page of them: the result lists reasons, not rows.
  for (const g of sheetView(res.sheet, {}, Infinity).groups) {
    for (const l of g.lines) {
      const r = l.notCounted.map((n) => `${n.label}：${n.reason}`);
      if (l.excludedText) r.push(l.excludedText);
      if (l.unscoredReason) r.push(l.unscoredReason);
      reasons.set(l.id, r);
    }
  }
  const lines = res.lines
    .filter((l) => l.decision !== null || l.declaredPoints !== '0' || l.verifiedPoints !== '0')
    .map((l) => {
      const changed = l.declaredPoints !== l.verifiedPoints;
      return {
        id: l.id,
        name: l.name,
        declared: l.declaredPoints,
        verified: l.verifiedPoints,
        changed,
        compare: changed
          ? `申报 ${l.declaredPoints} 分 → 核定 ${l.verifiedPoints} 分`
          : `申报 ${l.declaredPoints} 分，核定 ${l.verifiedPoints} 分`,
        decision: l.decision ?? '',
        decisionText: l.decision ? taskWords(l.decision) : '部门共享数据核定',
        note: l.note ? `审核意见：${l.note}` : '',
        reasons: reasons.get(l.id) ?? [],
      };
    });
  return { total: res.total, ...verdictOf(res), lines };
}

/** A task state in the applicant's words (部门审核中, 部门已认定…); an unknown state as the server named it. */
function taskWords(status: string, label = status): string {
  return Object.prototype.hasOwnProperty.call(TASK_STATUSES_FOR_APPLICANT, status)
    ? TASK_STATUSES_FOR_APPLICANT[status as TaskStatus]
    : label;
}

/** One review task as the applicant sees it. */
export interface TaskLineView {
  taskId: string;
  head: string;
  department: string;
  status: string;
  statusText: string;
  /** Reviewer's note / what is missing, each in words, or ''. */
  note: string;
  missing: string;
}

/** The review tasks. */
export function taskLines(app: ApplicationView): TaskLineView[] {
  return app.tasks.map((t) => ({
    taskId: t.taskId,
    // The indicator's name only: its code (B2) means nothing to an applicant.
    head: t.indicatorName,
    department: t.department,
    status: t.status,
    statusText: taskWords(t.status, t.statusLabel),
    note: t.note ? `审核意见：${t.note}` : '',
    missing: t.missing ? `需要补正：${t.missing}` : '',
  }));
}

/** Chinese names of the actions an audit trail shows. */
export const AUDIT_ACTIONS: Record<string, string> = {
  'application.save': '保存申请',
  'application.submit': '提交申请',
  'material.ticket': '准备上传材料',
  'material.attach': '上传材料',
  'material.remove': '删除材料',
  'task.decide': '部门审核',
  'task.get': '部门查看申请',
  'task.case': '部门查看申报信息',
  'material.link': '查看材料',
  publish: '公布结果',
  'result.publish': '公布结果',
  'scheduler.run': '公布结果',
  'scheduler-run': '公布结果',
  settle: '部门审核完成，计算结果',
  'entrustment.create': '创建委托',
  'entrustment.confirm': '确认委托',
  'entrustment.revoke': '撤销委托',
  'entrustment.extend': '委托办理本申请',
  'entrustment.verify': '受理点核验委托',
  'dispute.raise': '提出异议',
  'dispute.resubmit': '补充证据后重新提交异议',
  'dispute.register': '区积分办登记异议',
  'dispute.askEvidence': '区积分办要求补充证据',
  'recheck.decide': '部门复核',
  'result.confirm': '积分确认',
  'voucher.issue': '打印积分凭证',
  'settlement.save': '保存落户申请',
  'settlement.submit': '提交落户申请',
  'settlement.resubmit': '补正后重新提交落户申请',
  'settlement.review': '户籍窗口查阅落户申请',
  'settlement.verify': '落户申请审核通过',
  'settlement.return': '落户申请退回补正',
  'settlement.reject': '落户申请审核不通过',
  'settlement.settle': '落户办结',
  'settlement.line.publish': '公布落户分数线',
  'objection.resolve': '处理公示异议',
  'notice.get': '查看准入通知书',
  'notice.expire': '准入通知书过期',
};

/** What an action without a label of its own reads as (never its code). */
const OTHER_ACTION = '办理';

const ACTORS: Record<CaseAuditRes['entries'][number]['actor'], string> = {
  self: '本人',
  agent: '代办人',
  reviewer: '审核部门',
  system: '系统',
  admin: '管理员',
};

/** One entry of the trail. */
export interface AuditLineView {
  key: string;
  at: string;
  text: string;
  ok: boolean;
  icon: string;
  resultText: string;
}

/** The audit trail, newest first as the server gives it. */
export function auditLines(entries: CaseAuditRes['entries']): AuditLineView[] {
  return entries.map((e, i) => {
    const ok = e.result === 'ok';
    const reason = ERROR_MESSAGES[e.result as ErrorCode] ?? e.result;
    return {
      key: String(i),
      at: beijingDateTime(e.at),
      // An action without a name of its own reads as 办理, never as its code.
      text: `${ACTORS[e.actor] ?? e.actor} · ${AUDIT_ACTIONS[e.action] ?? OTHER_ACTION}`,
      ok,
      icon: ok ? 'check-circle' : 'error-circle',
      resultText: ok ? '完成' : `未成功：${reason}`,
    };
  });
}

/** The verdict line of a result, the veto first: a vetoed case never reads as reaching (or missing) the score. */
function verdictOf(res: ResultRes): { verdict: string; verdictIcon: string; vetoText: string } {
  if (res.sheet.veto.vetoed) {
    return {
      verdict: `一票否决（${res.sheet.veto.reasons.join('、')}）：不能申请积分落户`,
      verdictIcon: 'close-circle',
      vetoText: '',
    };
  }
  const q = formatHalves(res.sheet.qualifyingHalves);
  return res.reachesQualifying
    ? { verdict: `已达到 ${q} 分准申请分值（不是落户分数线）`, verdictIcon: 'check-circle', vetoText: '' }
    : { verdict: `未达到 ${q} 分准申请分值`, verdictIcon: 'error-circle', vetoText: '' };
}
