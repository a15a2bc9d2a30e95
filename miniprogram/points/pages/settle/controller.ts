/**
 * 积分落户申请 from a confirmed points case: the conditions checked by the server when the page opens (each failure in
 * plain words; the form is not offered while one fails), the destination address and its proof, family members
 * moving too and the two declarations, the checklist from the policy data with the apply page's material cards, a
 * summary with the 诚信承诺 before the irreversible submit, and the numbered receipt. What may be done comes only
 * from the settlement view's `actions`.
 */
import type { SettlementChecklistRes, SettlementView } from '../../../../shared';
import type { LineOp } from '../../../forms/materials-view';
import { AttemptIds, errorText } from '../../../services/api';
import {
  materialLink,
  openMaterialUrl,
  pickPdfs,
  pickPhotos,
  removeMaterial,
  pickAndUpload,
  type PickedFile,
} from '../../../services/materials';
import { askSubscriptions } from '../../../services/subscribe';
import { ensurePrivacy } from '../../../services/privacy';
import { pageUrl } from '../../../routes';
import {
  getSettlement,
  resubmitSettlement,
  saveSettlement,
  settlementChecklist,
  settlementEligibility,
  submitSettlement,
  type SettlementDraft,
} from '../../services/settlement';
import { SETTLE_DISTRICTS, settleVM, type SettleState, type SettleVM } from './settle-vm';

/** The controller of the settlement page. */
export class SettleController {
  private readonly s: SettleState = {
    applicationId: '',
    load: { state: 'loading', message: '' },
    conditions: null,
    settlement: null,
    checklist: null,
    stage: 'form',
    draft: {
      district: '',
      address: '',
      proofKind: '',
      members: [],
      noUrbanHukou: false,
      fullCapacity: false,
    },
    pledged: false,
    saveOp: { state: 'idle', message: '' },
    submitOp: { state: 'idle', message: '' },
    lineOps: {},
  };
  private readonly saveIds = new AttemptIds();
  private readonly submitIds = new AttemptIds();
  private readonly removeIds = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: SettleVM) => void) {}

  /** Opens the page for a points case: privacy, then the conditions and any application of this round. */
  async start(applicationId: string | null): Promise<void> {
    this.s.applicationId = applicationId ?? '';
    this.s.load = { state: 'loading', message: '' };
    this.emit();
    if (!applicationId) {
      this.s.load = { state: 'error', message: '缺少积分申请编号，请从“积分查询”的办理进度打开' };
      return this.emit();
    }
    try {
      if (!(await ensurePrivacy(pageUrl('settle', { applicationId })))) {
        this.s.load = { state: 'redirect', message: '请先阅读并同意《个人信息保护指引》' };
        return this.emit();
      }
      const [conditions, settlement] = await Promise.all([
        settlementEligibility(applicationId),
        getSettlement(applicationId),
      ]);
      this.s.conditions = conditions;
      if (settlement) this.adopt(settlement, true);
      await this.loadChecklist();
      this.s.load = { state: 'ready', message: '' };
    } catch (e) {
      this.s.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** 重试. */
  async retry(): Promise<void> {
    await this.start(this.s.applicationId || null);
  }

  private adopt(v: SettlementView, fillDraft: boolean): void {
    this.s.settlement = v;
    if (fillDraft) {
      this.s.draft = {
        district: v.destination ? v.destination.district : '',
        address: v.destination ? v.destination.address : '',
        proofKind: v.proofKind ?? '',
        members: v.members.map((m) => ({ relation: m.relation, name: m.name, idNumber: m.idNumber })),
        noUrbanHukou: v.declarations.noUrbanHukou,
        fullCapacity: v.declarations.fullCapacity,
      };
    }
  }

  /** The proofs to choose from and the materials the current choice needs. */
  private async loadChecklist(): Promise<void> {
    const d = this.s.draft;
    const res: SettlementChecklistRes = await settlementChecklist(
      this.s.applicationId,
      d.proofKind || null,
      d.members.map((m) => m.relation),
    );
    this.s.checklist = res;
  }

  private editable(): boolean {
    const v = this.s.settlement;
    if (v) return v.actions.includes('save');
    return !!this.s.conditions && this.s.conditions.eligible;
  }

  // ---- the form ----

  /** The district picked (index into {@link SETTLE_DISTRICTS}). */
  setDistrict(index: number): void {
    const d = SETTLE_DISTRICTS[index];
    if (!d || !this.editable()) return;
    this.s.draft = { ...this.s.draft, district: d.code };
    this.touched();
  }

  /** The address as typed. */
  setAddress(v: string): void {
    if (!this.editable()) return;
    this.s.draft = { ...this.s.draft, address: v };
    this.touched();
  }

  /** A proof of the address chosen: the checklist follows it. */
  async setProof(kind: string): Promise<void> {
    if (!this.editable() || !this.s.checklist || !this.s.checklist.proofs.some((p) => p.kind === kind)) return;
    this.s.draft = { ...this.s.draft, proofKind: kind };
    this.touched();
    await this.reloadChecklist();
  }

  /** 添加配偶 / 添加未成年子女 (one spouse at most). */
  async addMember(relation: string): Promise<void> {
    if (!this.editable() || (relation !== 'spouse' && relation !== 'child')) return;
    const members = this.s.draft.members;
    if (relation === 'spouse' && members.some((m) => m.relation === 'spouse')) return;
    this.s.draft = { ...this.s.draft, members: [...members, { relation, name: '', idNumber: '' }] };
    this.touched();
    await this.reloadChecklist();
  }

  /** 删除 a family member. */
  async removeMember(index: number): Promise<void> {
    if (!this.editable() || !this.s.draft.members[index]) return;
    this.s.draft = { ...this.s.draft, members: this.s.draft.members.filter((_, i) => i !== index) };
    this.touched();
    await this.reloadChecklist();
  }

  /** A family member's name or ID number as typed. */
  setMember(index: number, key: string, value: string): void {
    const m = this.s.draft.members[index];
    if (!this.editable() || !m || (key !== 'name' && key !== 'idNumber')) return;
    const members = this.s.draft.members.map((x, i) => (i === index ? { ...x, [key]: value } : x));
    this.s.draft = { ...this.s.draft, members };
    this.touched();
  }

  /** Ticks or unticks a declaration. */
  toggleDeclaration(key: string): void {
    if (!this.editable() || (key !== 'noUrbanHukou' && key !== 'fullCapacity')) return;
    this.s.draft = { ...this.s.draft, [key]: !this.s.draft[key] };
    this.touched();
  }

  private touched(): void {
    if (this.s.saveOp.state !== 'saving') this.s.saveOp = { state: 'idle', message: '' };
    this.emit();
  }

  private async reloadChecklist(): Promise<void> {
    try {
      await this.loadChecklist();
    } catch (e) {
      this.s.saveOp = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** The draft as the server takes it; the client's own checks come first, in words. */
  private payload(): SettlementDraft | string {
    const d = this.s.draft;
    if (!d.district) return '请选择拟落户地址所在的区';
    if (!d.address.trim()) return '请填写拟落户地址';
    if (!d.proofKind) return '请选择拟落户地址的证明方式';
    const blank = d.members.findIndex((m) => !m.name.trim() || !m.idNumber.trim());
    if (blank >= 0) return `请填写第 ${blank + 1} 位随迁人员的姓名和身份证号码`;
    return {
      destination: { district: d.district as SettlementDraft['destination']['district'], address: d.address.trim() },
      proofKind: d.proofKind,
      members: d.members.map((m) => ({ relation: m.relation, name: m.name.trim(), idNumber: m.idNumber.trim() })),
      declarations: { noUrbanHukou: d.noUrbanHukou, fullCapacity: d.fullCapacity },
    };
  }

  /** 保存并上传材料: saves, then goes to the materials. */
  async save(): Promise<boolean> {
    if (!this.editable() || this.s.saveOp.state === 'saving') return false;
    const p = this.payload();
    if (typeof p === 'string') {
      this.s.saveOp = { state: 'error', message: p };
      this.emit();
      return false;
    }
    this.s.saveOp = { state: 'saving', message: '正在保存…' };
    this.emit();
    try {
      const v = await saveSettlement(this.s.applicationId, p, this.saveIds.idFor(JSON.stringify(p)));
      this.saveIds.done();
      if (v) this.adopt(v, false);
      this.s.saveOp = { state: 'saved', message: '已保存' };
      this.s.stage = 'materials';
      this.emit();
      return true;
    } catch (e) {
      this.s.saveOp = { state: 'error', message: errorText(e) };
      this.emit();
      return false;
    }
  }

  /** Goes to a stage: materials and the summary need a saved application. */
  async goStage(stage: string): Promise<void> {
    if (stage !== 'form' && stage !== 'materials' && stage !== 'confirm') return;
    if (stage !== 'form' && this.editable() && this.s.stage === 'form' && !(await this.save())) return;
    if (stage !== 'form' && !this.s.settlement) return;
    this.s.stage = stage;
    this.emit();
  }

  // ---- materials (the apply page's cards) ----

  /** 拍照或选照片 for a checklist line. */
  async addPhotos(key: string): Promise<void> {
    await this.addFiles(key, pickPhotos);
  }

  /** 从微信聊天选 PDF for a checklist line. */
  async addPdfs(key: string): Promise<void> {
    await this.addFiles(key, pickPdfs);
  }

  private canAttach(): boolean {
    return !!this.s.settlement && this.s.settlement.actions.includes('attach');
  }

  private async addFiles(key: string, pick: () => Promise<PickedFile[]>): Promise<void> {
    const v = this.s.settlement;
    if (!v || !this.canAttach() || !v.checklist.some((l) => l.key === key) || this.s.lineOps[key]?.state === 'saving')
      return;
    const problems = await pickAndUpload({ applicationId: v.settlementId, key }, pick, (op) => this.setLineOp(key, op));
    if (!problems) return;
    await this.refresh();
    this.setLineOp(
      key,
      problems.length ? { state: 'error', message: problems.join('；') } : { state: 'idle', message: '' },
    );
  }

  /** 删除 a file. */
  async removeFile(materialId: string): Promise<void> {
    const line = this.s.settlement?.checklist.find((l) => l.materials.some((m) => m.materialId === materialId));
    if (!line || !this.canAttach()) return;
    this.setLineOp(line.key, { state: 'saving', message: '正在删除…' });
    try {
      await removeMaterial(materialId, this.removeIds.idFor(materialId));
      this.removeIds.done();
      await this.refresh();
      this.setLineOp(line.key, { state: 'idle', message: '' });
    } catch (e) {
      this.setLineOp(line.key, { state: 'error', message: errorText(e) });
    }
  }

  /** 查看 a file through a short-lived link. */
  async viewFile(materialId: string): Promise<void> {
    const line = this.s.settlement?.checklist.find((l) => l.materials.some((m) => m.materialId === materialId));
    const m = line?.materials.find((x) => x.materialId === materialId);
    if (!line || !m) return;
    try {
      const link = await materialLink(materialId);
      await openMaterialUrl(link.url, m.mime);
    } catch (e) {
      this.setLineOp(line.key, { state: 'error', message: errorText(e) });
    }
  }

  private setLineOp(key: string, op: LineOp): void {
    this.s.lineOps = { ...this.s.lineOps, [key]: op };
    this.emit();
  }

  private async refresh(): Promise<void> {
    try {
      const v = await getSettlement(this.s.applicationId);
      if (v) this.adopt(v, false);
    } catch (e) {
      this.s.saveOp = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  // ---- submit ----

  /** Ticks or unticks the 诚信承诺. */
  togglePledge(): void {
    this.s.pledged = !this.s.pledged;
    if (this.s.pledged && this.s.submitOp.state === 'error') this.s.submitOp = { state: 'idle', message: '' };
    this.emit();
  }

  /** 提交落户申请 (or, during 补正, 重新提交): irreversible; the receipt follows. */
  async submit(): Promise<void> {
    const v = this.s.settlement;
    if (!v || this.s.submitOp.state === 'saving') return;
    const again = v.actions.includes('resubmit');
    if (!again && !v.actions.includes('submit')) return;
    if (!this.s.pledged) {
      this.s.submitOp = { state: 'error', message: '请先阅读并勾选上面的诚信承诺' };
      return this.emit();
    }
    // Asked on the tap itself (WeChat allows the request only there): 落户办理进度 for each later step.
    const asked = askSubscriptions(['settlement']);
    this.s.submitOp = { state: 'saving', message: '正在提交…' };
    this.emit();
    try {
      const id = this.submitIds.idFor(v.settlementId);
      const subscribed = await asked;
      const next = again
        ? await resubmitSettlement(this.s.applicationId, id, subscribed)
        : await submitSettlement(this.s.applicationId, id, subscribed);
      this.submitIds.done();
      if (next) this.adopt(next, false);
      this.s.submitOp = { state: 'saved', message: again ? '已重新提交' : '已提交' };
    } catch (e) {
      this.s.submitOp = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** 查看办理进度: back to the case. */
  openCase(): void {
    void wx.redirectTo({ url: pageUrl('case', { applicationId: this.s.applicationId }) });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): SettleVM {
    return settleVM(this.s, this.editable(), this.canAttach());
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
