/** The settlement page's state and the view model built from it (pure: the controller holds the state). */
import {
  HANGZHOU_DISTRICTS,
  type SettlementChecklistRes,
  type SettlementEligibilityRes,
  type SettlementView,
} from '../../../../shared';
import type { ChecklistLineView, LineOp } from '../../../forms/materials-view';
import {
  conditionsView,
  correctionText,
  receiptView,
  settlementLines,
  summaryRows,
  type ConditionsView,
  type KV,
  type SettlementReceiptView,
} from './settle-view';

/** Districts a settlement can go to (urban Hangzhou), in the picker's order. */
export const SETTLE_DISTRICTS = HANGZHOU_DISTRICTS.filter((d) => d.urban);

/** The stages of the form. */
export type SettleStage = 'form' | 'materials' | 'confirm';

/** A family member as typed. */
export interface MemberInput {
  relation: 'spouse' | 'child';
  name: string;
  idNumber: string;
}

/** An operation's state. */
export interface OpState {
  state: 'idle' | 'saving' | 'saved' | 'error';
  message: string;
}

/** What the controller holds. */
export interface SettleState {
  applicationId: string;
  load: { state: 'loading' | 'ready' | 'error' | 'redirect'; message: string };
  conditions: SettlementEligibilityRes | null;
  settlement: SettlementView | null;
  checklist: SettlementChecklistRes | null;
  stage: SettleStage;
  draft: {
    district: string;
    address: string;
    proofKind: string;
    members: MemberInput[];
    noUrbanHukou: boolean;
    fullCapacity: boolean;
  };
  pledged: boolean;
  saveOp: OpState;
  submitOp: OpState;
  lineOps: Record<string, LineOp>;
}

/** The form part. */
export interface SettleFormView {
  districtLabels: string[];
  districtIndex: number;
  districtText: string;
  address: string;
  proofs: { kind: string; label: string; current: boolean }[];
  /** The materials the choice needs (before they can be uploaded), in words. */
  needs: string[];
  members: { index: number; head: string; name: string; idNumber: string }[];
  canAddSpouse: boolean;
  declarations: { key: 'noUrbanHukou' | 'fullCapacity'; label: string; checked: boolean }[];
}

/** Everything the page renders. */
export interface SettleVM {
  load: SettleState['load'];
  conditions: ConditionsView | null;
  /** The form, the materials and the submit are offered (the conditions hold, or 补正 was asked). */
  open: boolean;
  status: { code: string; label: string } | null;
  correction: string;
  stage: SettleStage;
  stages: { id: SettleStage; title: string; current: boolean; mark: string }[];
  editable: boolean;
  form: SettleFormView;
  materials: { lines: ChecklistLineView[]; summary: string; complete: boolean };
  confirm: { rows: KV[]; canSubmit: boolean; submitLabel: string };
  pledged: boolean;
  saveOp: OpState;
  submitOp: OpState;
  receipt: SettlementReceiptView | null;
}

const RELATIONS = { spouse: '配偶', child: '未成年子女' } as const;

const DECLARATIONS: { key: 'noUrbanHukou' | 'fullCapacity'; label: string }[] = [
  { key: 'noUrbanHukou', label: '我声明：本人没有杭州市区户籍（由户籍窗口核实）' },
  { key: 'fullCapacity', label: '我声明：本人具有完全民事行为能力' },
];

const STAGES: { id: SettleStage; title: string }[] = [
  { id: 'form', title: '1 填写' },
  { id: 'materials', title: '2 材料' },
  { id: 'confirm', title: '3 确认提交' },
];

function formView(s: SettleState): SettleFormView {
  const d = s.draft;
  const index = SETTLE_DISTRICTS.findIndex((x) => x.code === d.district);
  const c = s.checklist;
  let child = 0;
  return {
    districtLabels: SETTLE_DISTRICTS.map((x) => x.name),
    districtIndex: Math.max(0, index),
    districtText: index >= 0 ? SETTLE_DISTRICTS[index].name : '请选择',
    address: d.address,
    proofs: c ? c.proofs.map((p) => ({ kind: p.kind, label: p.label, current: p.kind === d.proofKind })) : [],
    needs: c ? c.items.map((i) => i.label) : [],
    members: d.members.map((m, i) => ({
      index: i,
      head: m.relation === 'spouse' ? RELATIONS.spouse : `${RELATIONS.child}（第 ${++child} 位）`,
      name: m.name,
      idNumber: m.idNumber,
    })),
    canAddSpouse: !d.members.some((m) => m.relation === 'spouse'),
    declarations: DECLARATIONS.map((x) => ({ ...x, checked: d[x.key] })),
  };
}

/** The parts read from the settlement application itself (none before the first save). */
function settlementParts(v: SettlementView | null) {
  if (!v) return { status: null, correction: '', rows: [], canSubmit: false, resubmit: false, receipt: null };
  const resubmit = v.actions.includes('resubmit');
  const canSubmit = resubmit || v.actions.includes('submit');
  return {
    status: { code: v.status, label: v.statusLabel },
    correction: correctionText(v),
    rows: summaryRows(v),
    canSubmit,
    resubmit,
    // The receipt once submitted and nothing is left to submit (补正 shows the form instead).
    receipt: canSubmit ? null : receiptView(v),
  };
}

/** The view model of `s`; `editable`: the form may change, `attach`: files may be added or removed. */
export function settleVM(s: SettleState, editable: boolean, attach: boolean): SettleVM {
  const v = s.settlement;
  const lines = v ? settlementLines(v, s.lineOps, attach) : [];
  const missing = lines.filter((l) => l.state === 'missing').length;
  const { status, correction, rows, canSubmit, resubmit, receipt } = settlementParts(v);
  // The conditions are what opens an application; once submitted (under review, 补正) its status speaks instead.
  const conditions = s.conditions && (!v || v.status === 'draft') ? conditionsView(s.conditions) : null;
  return {
    load: s.load,
    conditions,
    open: editable || canSubmit,
    status,
    correction,
    stage: s.stage,
    stages: STAGES.map((x) => ({ ...x, current: x.id === s.stage, mark: x.id === s.stage ? '当前' : '' })),
    editable,
    form: formView(s),
    materials: {
      lines,
      summary: missing ? `还缺 ${missing} 项材料` : '材料已齐全',
      complete: missing === 0,
    },
    confirm: { rows, canSubmit, submitLabel: resubmit ? '补正后重新提交' : '提交落户申请' },
    pledged: s.pledged,
    saveOp: s.saveOp,
    submitOp: s.submitOp,
    receipt,
  };
}
