/**
 * 落户审核 of one application by the household-registration window (市公安局): the applicant with full ID numbers (the
 * window checks hukou status by them), the residence permit, the destination and its proof, family members moving
 * too, every material, the decisions so far; and the decision — 审核通过, 退回补正 (what is missing), 不予通过 (with a
 * reason) or, with the admission notice, 落户办结 (the residence permit surrendered). Choices only from `actions`.
 */
import type { SettlementReviewView } from '../../../../shared';
import type { SettlementEvent } from '../../../../shared/lifecycle';
import { AttemptIds, errorText } from '../../../services/api';
import { openMaterialUrl } from '../../../services/materials';
import { beijingDateTime, dateText } from '../../../utils/format';
import { fileMeta } from '../../../forms/materials-view';
import { decideSettlement, reviewSettlement, type SettlementDecisionInput } from '../../services/settlements';

/** A decision the window can take, by the lifecycle event it causes. */
export type SettlementChoice = 'verify' | 'return' | 'reject' | 'settle';

const CHOICES: { value: SettlementChoice; event: SettlementEvent; label: string }[] = [
  { value: 'verify', event: 'verify', label: '审核通过（户籍状况和地址证明已核实）' },
  { value: 'return', event: 'returnForCorrection', label: '退回补正' },
  { value: 'reject', event: 'reject', label: '不予通过' },
  { value: 'settle', event: 'settle', label: '落户办结' },
];

/** A label / value row. */
export interface KV {
  k: string;
  v: string;
}

/** Everything the page renders. */
export interface SettlementReviewVM {
  load: { state: 'loading' | 'ready' | 'error'; message: string };
  head: { name: string; status: string; statusText: string; receipt: string } | null;
  rows: KV[];
  members: KV[];
  checklist: {
    key: string;
    label: string;
    state: string;
    stateText: string;
    files: { materialId: string; fileName: string; meta: string }[];
  }[];
  decisions: { key: string; text: string }[];
  choices: { value: SettlementChoice; label: string; current: boolean }[];
  choice: SettlementChoice | '';
  /** The reason field's label and hint for the chosen decision; '' when it takes none. */
  reasonLabel: string;
  reasonHint: string;
  /** A return asks what is missing. */
  askMissing: boolean;
  reason: string;
  missing: string;
  /** 落户办结: the residence permit surrendered, ticked by the window. */
  surrendered: boolean;
  op: { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };
}

function rowsOf(s: SettlementReviewView): KV[] {
  const rows: KV[] = [
    { k: '身份证号码', v: s.person.idNumber },
    { k: '居住证', v: `${s.permit.number}（有效期至 ${dateText(s.permit.validTo)}）` },
    { k: '确认积分', v: s.total ? `${s.total} 分` : '' },
    { k: '积分有效凭证', v: s.voucherNumber ?? '' },
    { k: '拟落户地址', v: s.destination ? `${s.destination.districtLabel} ${s.destination.address}` : '' },
    { k: '地址证明', v: s.proofLabel ?? '' },
    { k: '户籍声明', v: s.declarations.noUrbanHukou ? '申请人声明没有杭州市区户籍（请核实）' : '未声明' },
    { k: '民事行为能力', v: s.declarations.fullCapacity ? '申请人声明具有完全民事行为能力' : '未声明' },
    { k: '办理方式', v: s.actingAs === 'agent' ? '代办人申请' : '本人申请' },
  ];
  if (s.notice) rows.push({ k: '准入通知书', v: `${s.notice.number}，有效期至 ${dateText(s.notice.validUntil)}` });
  return rows.filter((r) => r.v);
}

const DECISION_WORDS: Record<string, string> = {
  verify: '审核通过',
  returnForCorrection: '退回补正',
  reject: '不予通过',
  settle: '落户办结',
};

/** The controller of one settlement review. */
export class SettlementReviewController {
  private s: SettlementReviewView | null = null;
  private load: SettlementReviewVM['load'] = { state: 'loading', message: '' };
  private choice: SettlementChoice | '' = '';
  private reason = '';
  private missing = '';
  private surrendered = false;
  private op: SettlementReviewVM['op'] = { state: 'idle', message: '' };
  private readonly ids = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: SettlementReviewVM) => void) {}

  /** Loads the application. */
  async start(settlementId: string | null): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.emit();
    if (!settlementId) {
      this.load = { state: 'error', message: '缺少落户申请编号，请从落户审核列表打开' };
      return this.emit();
    }
    try {
      this.s = await reviewSettlement(settlementId);
      this.load = { state: 'ready', message: '' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  private allowed(): typeof CHOICES {
    const s = this.s;
    return s ? CHOICES.filter((c) => s.actions.includes(c.event)) : [];
  }

  /** Picks a decision (only those the application's actions allow). */
  choose(value: string): void {
    const c = this.allowed().find((x) => x.value === value);
    if (!c) return;
    this.choice = c.value;
    this.op = { state: 'idle', message: '' };
    this.emit();
  }

  /** The reason (return, reject) or note (verify) as typed. */
  setReason(v: string): void {
    this.reason = v;
    this.emit();
  }

  /** What a return asks for. */
  setMissing(v: string): void {
    this.missing = v;
    this.emit();
  }

  /** 已收回居住证 ticked or not. */
  toggleSurrendered(): void {
    this.surrendered = !this.surrendered;
    this.emit();
  }

  /** Opens one material through its short-lived link. */
  async openFile(materialId: string): Promise<void> {
    const m = this.s?.checklist.flatMap((l) => l.materials).find((x) => x.materialId === materialId);
    if (!m) return;
    try {
      await openMaterialUrl(m.url, m.mime);
    } catch (e) {
      this.fail(errorText(e));
    }
  }

  private input(): SettlementDecisionInput | string {
    const reason = this.reason.trim();
    switch (this.choice) {
      case 'verify':
        return reason ? { event: 'verify', note: reason } : { event: 'verify' };
      case 'return':
        if (!reason) return '请填写退回补正的原因';
        return this.missing.trim()
          ? { event: 'return', reason, missing: this.missing.trim() }
          : { event: 'return', reason };
      case 'reject':
        return reason ? { event: 'reject', reason } : '请填写不予通过的原因';
      case 'settle':
        return this.surrendered ? { event: 'settle' } : '办理落户须收回《浙江省居住证》，请确认已收回';
      default:
        return '请选择审核结论';
    }
  }

  /** 提交审核结论. */
  async decide(): Promise<void> {
    const s = this.s;
    if (!s || this.op.state === 'saving') return;
    const d = this.input();
    if (typeof d === 'string') return this.fail(d);
    this.op = { state: 'saving', message: '正在提交…' };
    this.emit();
    try {
      this.s = await decideSettlement(s.settlementId, d, this.ids.idFor(JSON.stringify(d)));
      this.ids.done();
      this.op = {
        state: 'saved',
        message: `已提交：${DECISION_WORDS[d.event === 'return' ? 'returnForCorrection' : d.event]}`,
      };
      this.choice = '';
      this.reason = '';
      this.missing = '';
    } catch (e) {
      this.op = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  private fail(message: string): void {
    this.op = { state: 'error', message };
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): SettlementReviewVM {
    const s = this.s;
    const labels: Record<string, [string, string]> = {
      verify: ['备注（可不填）', '请填写'],
      return: ['原因（申请人可见）', '如：地址证明与拟落户地址不一致'],
      reject: ['原因（申请人可见）', '如：已有杭州市区户籍'],
    };
    const [reasonLabel, reasonHint] = labels[this.choice] ?? ['', ''];
    const base = {
      choice: this.choice,
      reasonLabel,
      reasonHint,
      askMissing: this.choice === 'return',
      reason: this.reason,
      missing: this.missing,
      surrendered: this.surrendered,
      op: this.op,
    };
    if (!s)
      return { load: this.load, head: null, rows: [], members: [], checklist: [], decisions: [], choices: [], ...base };
    return {
      load: this.load,
      head: {
        name: s.person.name,
        status: s.status,
        statusText: s.statusLabel,
        receipt: s.receiptNumber
          ? `回执 ${s.receiptNumber}${s.acceptedOn ? ` · 受理 ${dateText(s.acceptedOn)}` : ''}`
          : '',
      },
      rows: rowsOf(s),
      members: s.members.map((m) => ({ k: m.relationLabel, v: `${m.name} ${m.idNumber}` })),
      checklist: s.checklist.map((l) => ({
        key: l.key,
        label: l.label,
        state: l.state,
        stateText: l.state === 'missing' ? '未上传' : `已上传 ${l.materials.length} 份`,
        files: l.materials.map((m) => ({ materialId: m.materialId, fileName: m.fileName, meta: fileMeta(m) })),
      })),
      decisions: s.decisions.map((d, i) => ({
        key: String(i),
        text: `${beijingDateTime(d.at)} ${DECISION_WORDS[d.event] ?? d.label}${d.reason ? `：${d.reason}` : ''}${d.missing ? `（需补正：${d.missing}）` : ''}`,
      })),
      choices: this.allowed().map((c) => ({ value: c.value, label: c.label, current: c.value === this.choice })),
      ...base,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
