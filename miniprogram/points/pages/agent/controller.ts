/**
 * 委托申请: for agents, "我代办的人" — each entrustment with its verification state (待委托人确认 / 待受理点核验 /
 * 已生效 / 未通过核验 / 已撤销), letter / proof, and the person's case filed under it, with 为其申请 / 查看进度 — and
 * the form to create one (employer or relative, the district acceptance point, who verifies) followed by the upload
 * of the letter / proof; for principals, "委托我的" with the letter, 确认 and 撤销, and the trail of every access
 * others made of their data. Every right is checked again by the function.
 */
import {
  DISTRICT_CODES,
  ENTRUSTMENT_SCOPES,
  ENTRUSTMENT_VERIFIERS,
  RELATIONSHIPS,
  RELATIVE_REASONS,
  formatChineseDate,
  type AccessTrailEntry,
  type EntrustmentView,
} from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import {
  accessTrail,
  confirmEntrustment,
  createEntrustment,
  listEntrustments,
  revokeEntrustment,
} from '../../../services/entrustments';
import { getIdentity } from '../../../services/identity';
import {
  materialLink,
  openMaterialUrl,
  PickCancelled,
  pickPdfs,
  pickPhotos,
  uploadMaterial,
  type PickedFile,
} from '../../../services/materials';
import { ensurePrivacy } from '../../../services/privacy';
import { fileView, type FileView } from '../../../forms/materials-view';
import { pageUrl } from '../../../routes';
import { errorWithFields } from '../../../utils/errors';
import {
  checkForm,
  formView,
  serverFormErrors,
  isTextKey,
  newForm,
  type EntrustmentForm,
  type FormErrors,
  type FormView,
} from './entrustment-form';

/** The tabs. */
export type Tab = 'agent' | 'principal' | 'new';

/** An operation on one entrustment. */
export interface ItemOp {
  state: 'idle' | 'saving' | 'saved' | 'error';
  message: string;
}

/** What both sides see of an entrustment. */
export interface ItemViewBase {
  entrustmentId: string;
  title: string;
  kindText: string;
  status: string;
  statusText: string;
  confirmText: string;
  /** Who must verify it, or when it came into force / why it was refused, in words. */
  verifyText: string;
  scopeText: string;
  /** The letter / proof (both sides may open it). */
  files: FileView[];
  canRevoke: boolean;
  /** The revoke button was tapped once: 确定撤销 / 取消 are shown. */
  confirmingRevoke: boolean;
  op: ItemOp;
}

/** An entrustment as its agent sees it. */
export interface AgentItemView extends ItemViewBase {
  /** The letter / proof. */
  materialText: string;
  materialIcon: string;
  /** The person's case in the open round, in words. */
  caseText: string;
  canUpload: boolean;
  canApply: boolean;
  /** `为其申请` or `继续办理`. */
  applyLabel: string;
  canQuery: boolean;
}

/** An entrustment as the principal sees it. */
export interface PrincipalItemView extends ItemViewBase {
  canConfirm: boolean;
}

/** One line of the principal's access trail. */
export interface TrailLineView {
  id: string;
  when: string;
  who: string;
  what: string;
  kindText: string;
}

/** Everything the page renders. */
export interface AgentVM {
  load: { state: 'loading' | 'ready' | 'error' | 'redirect'; message: string };
  tab: Tab;
  tabs: { id: Tab; title: string; current: boolean }[];
  asAgent: AgentItemView[];
  asPrincipal: PrincipalItemView[];
  /** 谁查看或修改了我的信息 (principal tab): not loaded, loading, or its lines. */
  trail: { state: 'idle' | 'loading' | 'ready' | 'error'; message: string; lines: TrailLineView[] };
  form: FormView;
  create: ItemOp;
}

/** Chinese names of the actions others take on a person's data, for the trail. */
const ACTION_WORDS: Record<string, string> = {
  'application.get': '查看了申请',
  'application.list': '查看了申请列表',
  'application.save': '填写或修改了申请',
  'application.submit': '提交了申请',
  'result.get': '查看了积分结果',
  'case.audit': '查看了办理记录',
  'material.link': '打开了材料',
  'material.ticket': '准备上传材料',
  'material.attach': '上传了材料',
  'material.remove': '删除了材料',
  'entrustment.create': '登记了委托',
  'entrustment.list': '查看了委托和申请状态',
  'entrustment.revoke': '撤销了委托',
  'entrustment.queue': '查看了待核验的委托',
  'entrustment.review': '查看了委托材料',
  'entrustment.verify': '核验通过了委托',
  'entrustment.reject': '未通过委托核验',
  'task.get': '查看了审核任务',
  'task.decide': '作出了审核结论',
  'result.publish': '公布了结果',
};

function trailLine(e: AccessTrailEntry, i: number): TrailLineView {
  const what = ACTION_WORDS[e.action] ?? e.action;
  return {
    id: `tr-${i}`,
    when: e.at.slice(0, 16).replace('T', ' '),
    who: e.actorLabel,
    what: e.result === 'ok' ? what : `${what}（未成功）`,
    kindText: e.kind === 'read' ? '查看' : '操作',
  };
}

function verifyText(e: EntrustmentView): string {
  switch (e.status) {
    case 'awaiting-principal':
      return '须由委托人本人在小程序“委托我的”中确认后生效';
    case 'awaiting-district':
      return `须由${e.districtName}积分受理点核对${e.kind === 'employer' ? '书面委托书' : '关系证明'}和双方身份证件后生效`;
    case 'active':
      return e.verifiedAt ? `已于 ${formatChineseDate(e.verifiedAt.slice(0, 10))} 生效` : '已生效';
    case 'rejected':
      return `${e.districtName}积分受理点未通过核验${e.rejectedReason ? `：${e.rejectedReason}` : ''}`;
    default:
      return e.revokedAt ? `已于 ${formatChineseDate(e.revokedAt.slice(0, 10))} 撤销` : '已撤销';
  }
}

const awaiting = (e: EntrustmentView): boolean => e.status === 'awaiting-principal' || e.status === 'awaiting-district';

function kindText(e: EntrustmentView): string {
  if (e.kind === 'employer')
    return e.employer ? `用人单位代办：${e.employer.name}（${e.employer.uscc}）` : '用人单位代办';
  const rel = e.relationship ? ((RELATIONSHIPS as Record<string, string>)[e.relationship] ?? e.relationship) : '';
  const why = e.reason ? ((RELATIVE_REASONS as Record<string, string>)[e.reason] ?? e.reason) : '';
  return `近亲属代办：${[rel, why].filter(Boolean).join(' · ')}`;
}

function scopeText(e: EntrustmentView): string {
  return `委托事项：${e.scope.map((s) => ENTRUSTMENT_SCOPES[s]).join('、')}`;
}

const NO_OP: ItemOp = { state: 'idle', message: '' };

/** The controller of the 委托申请 page. */
export class AgentController {
  private load: AgentVM['load'] = { state: 'loading', message: '' };
  private tab: Tab = 'agent';
  private asAgent: EntrustmentView[] = [];
  private asPrincipal: EntrustmentView[] = [];
  private ops: Record<string, ItemOp> = {};
  private trail: AgentVM['trail'] = { state: 'idle', message: '', lines: [] };
  private confirming: string | null = null;
  private form: EntrustmentForm = newForm(null);
  private formErrors: FormErrors = {};
  private createOp: ItemOp = NO_OP;
  private readonly createIds = new AttemptIds();
  private readonly actionIds = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: AgentVM) => void) {}

  /** Loads both lists (and the caller's identity for the form). */
  async start(tab: string | null): Promise<void> {
    if (tab === 'agent' || tab === 'principal' || tab === 'new') this.tab = tab;
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      if (!(await ensurePrivacy(pageUrl('agent')))) {
        this.load = { state: 'redirect', message: '请先阅读并同意《个人信息保护指引》' };
        return this.emit();
      }
      const [list, me] = await Promise.all([listEntrustments(), getIdentity()]);
      this.asAgent = list.asAgent;
      this.asPrincipal = list.asPrincipal;
      if (me && !this.form.agentId) this.form = { ...this.form, agentName: me.name, agentId: me.idNumber };
      this.load = { state: 'ready', message: '' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Reloads the lists. */
  async refresh(): Promise<void> {
    try {
      const list = await listEntrustments();
      this.asAgent = list.asAgent;
      this.asPrincipal = list.asPrincipal;
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Switches tab. */
  setTab(tab: string): void {
    if (tab !== 'agent' && tab !== 'principal' && tab !== 'new') return;
    this.tab = tab;
    this.confirming = null;
    this.emit();
  }

  // ---- the form ----

  /** A text field typed. */
  setField(key: string, value: string): void {
    if (!isTextKey(key)) return;
    this.form = { ...this.form, [key]: value };
    this.formErrors = { ...this.formErrors, [key]: '' };
    this.emit();
  }

  /** Employer or relative. */
  setKind(kind: unknown): void {
    if (kind !== 'employer' && kind !== 'relative') return;
    this.form = { ...this.form, kind };
    this.formErrors = {};
    this.emit();
  }

  /** Relationship, reason, district or verifier picked. */
  setChoice(which: string, value: unknown): void {
    if (typeof value !== 'string') return;
    if (which === 'relationship' && value in RELATIONSHIPS) this.form = { ...this.form, relationship: value };
    else if (which === 'reason' && value in RELATIVE_REASONS) this.form = { ...this.form, reason: value };
    else if (which === 'district' && (DISTRICT_CODES as readonly string[]).includes(value))
      this.form = { ...this.form, district: value };
    else if (which === 'verifyBy' && value in ENTRUSTMENT_VERIFIERS)
      this.form = { ...this.form, verifyBy: value as keyof typeof ENTRUSTMENT_VERIFIERS };
    else return;
    this.formErrors = { ...this.formErrors, [which]: '' };
    this.emit();
  }

  /** Flips one scope. */
  toggleScope(scope: string): void {
    if (!(scope in ENTRUSTMENT_SCOPES)) return;
    const s = scope as keyof typeof ENTRUSTMENT_SCOPES;
    const next = this.form.scope.includes(s) ? this.form.scope.filter((x) => x !== s) : [...this.form.scope, s];
    this.form = {
      ...this.form,
      scope: (Object.keys(ENTRUSTMENT_SCOPES) as (keyof typeof ENTRUSTMENT_SCOPES)[]).filter((k) => next.includes(k)),
    };
    this.formErrors = { ...this.formErrors, scope: '' };
    this.emit();
  }

  /** 创建委托. On success the new entrustment is listed under 我代办的人, waiting for its letter / proof. */
  async create(): Promise<void> {
    if (this.createOp.state === 'saving') return;
    const r = checkForm(this.form);
    if (!r.ok) {
      this.formErrors = r.errors;
      this.createOp = { state: 'error', message: '请按提示填写或改正后再提交' };
      return this.emit();
    }
    this.createOp = { state: 'saving', message: '' };
    this.emit();
    try {
      const e = await createEntrustment(r.input, this.createIds.idFor(JSON.stringify(r.input)));
      this.createIds.done();
      this.asAgent = [e, ...this.asAgent.filter((x) => x.entrustmentId !== e.entrustmentId)];
      this.form = { ...newForm({ name: this.form.agentName, idNumber: this.form.agentId }), kind: this.form.kind };
      this.formErrors = {};
      this.createOp = NO_OP;
      this.tab = 'agent';
      this.ops = {
        ...this.ops,
        [e.entrustmentId]: { state: 'saved', message: `委托已创建，请上传委托材料；${verifyText(e)}` },
      };
    } catch (e) {
      this.formErrors = { ...this.formErrors, ...serverFormErrors(e) };
      this.createOp = { state: 'error', message: errorWithFields(e) };
    }
    this.emit();
  }

  // ---- items ----

  /** Uploads the letter / proof: photos. */
  async uploadPhotos(entrustmentId: string): Promise<void> {
    await this.upload(entrustmentId, pickPhotos);
  }

  /** Uploads the letter / proof: PDF. */
  async uploadPdfs(entrustmentId: string): Promise<void> {
    await this.upload(entrustmentId, pickPdfs);
  }

  private async upload(entrustmentId: string, pick: () => Promise<PickedFile[]>): Promise<void> {
    if (!this.asAgent.some((e) => e.entrustmentId === entrustmentId)) return;
    let files: PickedFile[];
    try {
      files = await pick();
    } catch (e) {
      if (!(e instanceof PickCancelled)) this.setOp(entrustmentId, { state: 'error', message: errorText(e) });
      return;
    }
    const problems: string[] = [];
    for (let i = 0; i < files.length; i++) {
      this.setOp(entrustmentId, { state: 'saving', message: `正在上传 ${i + 1}/${files.length}：${files[i].name}` });
      try {
        await uploadMaterial({ entrustmentId }, files[i]);
      } catch (e) {
        problems.push(errorText(e));
      }
    }
    await this.refresh();
    this.setOp(
      entrustmentId,
      problems.length ? { state: 'error', message: problems.join('；') } : { state: 'saved', message: '已上传' },
    );
  }

  /** 查看 a letter / proof (the agent's or, for the principal, the one naming them). */
  async viewFile(entrustmentId: string, materialId: string): Promise<void> {
    const e =
      this.asAgent.find((x) => x.entrustmentId === entrustmentId) ??
      this.asPrincipal.find((x) => x.entrustmentId === entrustmentId);
    const m = e?.materials.find((x) => x.materialId === materialId);
    if (!m) return;
    try {
      const link = await materialLink(materialId);
      await openMaterialUrl(link.url, m.mime);
    } catch (e) {
      this.setOp(entrustmentId, { state: 'error', message: errorText(e) });
    }
  }

  /** 为其申请 / 继续办理. */
  apply(entrustmentId: string): void {
    const e = this.asAgent.find((x) => x.entrustmentId === entrustmentId);
    // Before verification the agent may prepare a draft of what they type; submitting waits for verification.
    if (!e || !(e.status === 'active' || awaiting(e)) || !e.scope.includes('apply')) return;
    const url = e.caseStatus
      ? pageUrl('apply', { applicationId: e.caseStatus.applicationId })
      : pageUrl('apply', { entrustmentId });
    void wx.navigateTo({ url });
  }

  /** 查看进度. */
  query(entrustmentId: string): void {
    const e = this.asAgent.find((x) => x.entrustmentId === entrustmentId);
    if (e && e.caseStatus) void wx.navigateTo({ url: pageUrl('case', { applicationId: e.caseStatus.applicationId }) });
  }

  /** 确认委托 (principal). */
  async confirm(entrustmentId: string): Promise<void> {
    await this.act(
      entrustmentId,
      () => confirmEntrustment(entrustmentId, this.actionIds.idFor(`confirm:${entrustmentId}`)),
      '已确认委托',
    );
  }

  /** 撤销: the first tap asks, the second (确定撤销) does it. */
  async revoke(entrustmentId: string, sure: boolean): Promise<void> {
    if (!sure) {
      this.confirming = entrustmentId;
      return this.emit();
    }
    this.confirming = null;
    await this.act(
      entrustmentId,
      () => revokeEntrustment(entrustmentId, this.actionIds.idFor(`revoke:${entrustmentId}`)),
      '已撤销委托',
    );
  }

  /** 谁查看或修改了我的信息: loads the principal's access trail. */
  async loadTrail(): Promise<void> {
    this.trail = { state: 'loading', message: '', lines: [] };
    this.emit();
    try {
      const res = await accessTrail();
      this.trail = {
        state: 'ready',
        message: res.entries.length ? '' : '还没有其他人查看或修改过您的信息',
        lines: res.entries.map(trailLine),
      };
    } catch (e) {
      this.trail = { state: 'error', message: errorText(e), lines: [] };
    }
    this.emit();
  }

  /** 取消 a pending revoke. */
  cancelRevoke(): void {
    this.confirming = null;
    this.emit();
  }

  private async act(entrustmentId: string, run: () => Promise<EntrustmentView>, done: string): Promise<void> {
    this.setOp(entrustmentId, { state: 'saving', message: '' });
    try {
      await run();
      this.actionIds.done();
      await this.refresh();
      this.setOp(entrustmentId, { state: 'saved', message: done });
    } catch (e) {
      this.setOp(entrustmentId, { state: 'error', message: errorText(e) });
    }
  }

  private setOp(id: string, op: ItemOp): void {
    this.ops = { ...this.ops, [id]: op };
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  // ---- view ----

  /** The part of an item both sides share, under the title each side gives it. */
  private itemBase(e: EntrustmentView, title: string): ItemViewBase {
    return {
      entrustmentId: e.entrustmentId,
      title,
      kindText: kindText(e),
      status: e.status,
      statusText: e.statusLabel,
      confirmText: e.confirmedByPrincipal ? '委托人已确认' : '委托人尚未确认',
      verifyText: verifyText(e),
      scopeText: scopeText(e),
      files: e.materials.map((m) => fileView(m, false)),
      canRevoke: e.actions.includes('revoke'),
      confirmingRevoke: this.confirming === e.entrustmentId,
      op: this.ops[e.entrustmentId] ?? NO_OP,
    };
  }

  private agentItem(e: EntrustmentView): AgentItemView {
    const active = e.status === 'active';
    const c = e.caseStatus;
    return {
      ...this.itemBase(e, `${e.principal.name}（${e.principal.idNumberMasked}）`),
      materialText: e.materials.length ? `已上传委托材料 ${e.materials.length} 份` : '尚未上传委托材料',
      materialIcon: e.materials.length ? 'check-circle' : 'error-circle',
      caseText: active
        ? c
          ? `本年度申请：${c.statusLabel}`
          : '本年度尚未申请'
        : '委托生效前看不到申请人的任何信息，可先准备自己填写的申请草稿',
      canUpload: awaiting(e),
      canApply: (active || awaiting(e)) && e.scope.includes('apply'),
      applyLabel: c ? '继续办理' : active ? '为其申请积分' : '准备申请草稿',
      canQuery: !!c && e.scope.includes('query') && active,
    };
  }

  private principalItem(e: EntrustmentView): PrincipalItemView {
    return {
      ...this.itemBase(e, `代办人 ${e.agent.name}（${e.agent.idNumberMasked}）`),
      // Only an employer's entrustment is confirmed by the principal (the server's view says so); a relative's goes
      // to the acceptance point.
      canConfirm: e.actions.includes('confirm'),
    };
  }

  /** The view model. */
  viewModel(): AgentVM {
    const titles: Record<Tab, string> = {
      agent: `我代办的人（${this.asAgent.length}）`,
      principal: `委托我的（${this.asPrincipal.length}）`,
      new: '新建委托',
    };
    return {
      load: this.load,
      tab: this.tab,
      tabs: (['agent', 'principal', 'new'] as Tab[]).map((id) => ({ id, title: titles[id], current: id === this.tab })),
      asAgent: this.tab === 'agent' ? this.asAgent.map((e) => this.agentItem(e)) : [],
      asPrincipal: this.tab === 'principal' ? this.asPrincipal.map((e) => this.principalItem(e)) : [],
      trail: this.trail,
      form: formView(this.form, this.formErrors),
      create: this.createOp,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
