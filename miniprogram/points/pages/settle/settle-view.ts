/**
 * 积分落户申请 as the page shows it: the conditions in words (each failure named, never a code), the checklist lines
 * in the shape of the apply page's material cards (points/forms/material-lines.wxml), the summary before the irreversible
 * submit, and the receipt. Pure.
 */
import type {
  SettlementChecklistLine,
  SettlementCondition,
  SettlementEligibilityRes,
  SettlementView,
} from '../../../../shared';
import type { ChecklistLineView, LineOp } from '../../../forms/materials-view';
import { fileView } from '../../../forms/materials-view';
import { beijingDateTime, dateText } from '../../../utils/format';

/** One condition as a line: an icon and words for its outcome, the condition, and why. */
export interface ConditionView {
  key: string;
  icon: string;
  /** 符合 / 不符合 / 提交时声明. */
  stateText: string;
  label: string;
  message: string;
  failed: boolean;
}

/** The conditions part. */
export interface ConditionsView {
  eligible: boolean;
  /** `符合积分落户申请条件` or `暂不能申请积分落户：有 2 项条件不符合`. */
  summary: string;
  lines: ConditionView[];
  /** The failed ones first, for the top of the page. */
  failed: ConditionView[];
}

const OUTCOME = {
  ok: { icon: 'check-circle-filled', text: '符合' },
  failed: { icon: 'close-circle-filled', text: '不符合' },
  pending: { icon: 'help-circle', text: '提交时声明' },
} as const;

function conditionView(c: SettlementCondition, i: number): ConditionView {
  const o = c.ok === null ? OUTCOME.pending : c.ok ? OUTCOME.ok : OUTCOME.failed;
  return {
    key: `c${i}`,
    icon: o.icon,
    stateText: o.text,
    label: c.label,
    message: c.message,
    failed: c.ok === false,
  };
}

/** The conditions of an eligibility answer. */
export function conditionsView(res: SettlementEligibilityRes): ConditionsView {
  const lines = res.conditions.map(conditionView);
  const failed = lines.filter((l) => l.failed);
  return {
    eligible: res.eligible,
    summary: res.eligible ? '符合积分落户申请条件' : `暂不能申请积分落户：有 ${failed.length} 项条件不符合`,
    lines,
    failed,
  };
}

const GROUP_HEADS: Record<SettlementChecklistLine['group'], string> = {
  common: '申请材料',
  proof: '拟落户地址证明',
  member: '随迁人员材料',
};

/** The checklist lines as the shared material cards; files may be added or removed when `editable`. */
export function settlementLines(
  s: Pick<SettlementView, 'checklist' | 'members'>,
  ops: Record<string, LineOp>,
  editable: boolean,
): ChecklistLineView[] {
  return s.checklist.map((l) => {
    const member = l.group === 'member' && l.memberIndex !== undefined ? s.members[l.memberIndex] : undefined;
    const n = l.materials.length;
    return {
      key: l.key,
      head: member ? `${GROUP_HEADS.member}：${member.relationLabel} ${member.name}` : GROUP_HEADS[l.group],
      label: l.label,
      state: l.state,
      stateText: l.state === 'missing' ? '未上传（必需）' : `已上传 ${n} 份`,
      required: true,
      files: l.materials.map((m) => fileView(m, editable)),
      op: ops[l.key] ?? { state: 'idle', message: '' },
      canAdd: editable,
      // 市公安局's reason for a correction is shown with the application, not per material.
      fix: '',
    };
  });
}

/** A label / value row. */
export interface KV {
  k: string;
  v: string;
}

/** What is declared, before the submit (and on the receipt). */
export function summaryRows(s: SettlementView): KV[] {
  const rows: KV[] = [
    { k: '申请人', v: s.person.name },
    { k: '确认积分', v: s.total ? `${s.total} 分` : '提交时按确认的积分填写' },
  ];
  if (s.destination) rows.push({ k: '拟落户地址', v: `${s.destination.districtLabel} ${s.destination.address}` });
  if (s.proofLabel) rows.push({ k: '地址证明', v: s.proofLabel });
  rows.push({
    k: '随迁人员',
    v: s.members.length ? s.members.map((m) => `${m.relationLabel} ${m.name}`).join('、') : '无',
  });
  rows.push({ k: '户籍声明', v: s.declarations.noUrbanHukou ? '本人没有杭州市区户籍' : '未声明' });
  rows.push({ k: '民事行为能力', v: s.declarations.fullCapacity ? '本人具有完全民事行为能力' : '未声明' });
  const files = s.checklist.reduce((n, l) => n + l.materials.length, 0);
  rows.push({ k: '材料', v: `${s.checklist.length} 项，共 ${files} 份文件` });
  return rows;
}

/** The receipt (受理回执) of a submitted application. */
export interface SettlementReceiptView {
  number: string;
  rows: KV[];
  status: string;
  statusLabel: string;
}

/** The receipt, once there is one. */
export function receiptView(s: SettlementView): SettlementReceiptView | null {
  if (!s.receiptNumber) return null;
  const rows: KV[] = [
    { k: '回执编号', v: s.receiptNumber },
    { k: '受理日期', v: s.acceptedOn ? dateText(s.acceptedOn) : '' },
    ...summaryRows(s).filter((r) => r.k !== '户籍声明' && r.k !== '民事行为能力'),
  ];
  if (s.voucherNumber) rows.splice(3, 0, { k: '积分有效凭证', v: s.voucherNumber });
  if (s.submittedAt) rows.push({ k: '最近提交', v: beijingDateTime(s.submittedAt) });
  return { number: s.receiptNumber, rows, status: s.status, statusLabel: s.statusLabel };
}

/** What 市公安局 asked to correct, in words (the last return). */
export function correctionText(s: SettlementView): string {
  if (s.status !== 'correction') return '';
  const r = [...s.decisions].reverse().find((d) => d.event === 'returnForCorrection');
  if (!r) return '户籍窗口要求补正，请按要求修改后重新提交。';
  return `户籍窗口要求补正：${r.reason ?? ''}${r.missing ? `（需补正：${r.missing}）` : ''}`;
}
