/**
 * 积分申请: the applicant's identity, the declared profile (the 积分测算 form and its controller, reused as is — or
 * imported from a saved 测算 draft), the materials checklist from the server, and submission with the subscribe
 * request on the tap. Used by the person and by agents (`?entrustmentId=`); resumes a draft or a case in 补正
 * (`?applicationId=`). Every rule is checked again by the function; its refusals are shown as they come.
 */
import {
  APPLICATION_STATUSES,
  districtName,
  maskIdCard,
  type ApplicationView,
  type DistrictCode,
  type EntrustmentView,
} from '../../../../shared';
import { ApiError, AttemptIds, errorText } from '../../../services/api';
import {
  applicationEligibility,
  getApplication,
  listApplications,
  saveApplication,
  submitApplication,
} from '../../../services/cases';
import { listEntrustments } from '../../../services/entrustments';
import { getIdentity } from '../../../services/identity';
import {
  materialLink,
  openMaterialUrl,
  pickPdfs,
  pickPhotos,
  removeMaterial,
  pickAndUpload,
  type PickedFile,
} from '../../../services/materials';
import { ensurePrivacy } from '../../../services/privacy';
import { askSubscriptions, type SubscriptionKind } from '../../../services/subscribe';
import { SimulateController, type SimulateVM } from '../simulate/controller';
import { errorWithFields } from '../../../utils/errors';
import { correctionDeadlineText, dateText } from '../../../utils/format';
import { idNumberProblem } from '../../../utils/validate';
import {
  checkIdentity,
  districtAt,
  DISTRICT_LABELS,
  emptyIdentity,
  identityFromPerson,
  identityView,
  isIdentityKey,
  type IdentityErrors,
  type IdentityFieldView,
  type IdentityFields,
  type IdentityKey,
} from './identity-form';
import {
  firstFixLine,
  materialsView,
  missingLabels,
  type LineOp,
  type MaterialsView,
} from '../../../forms/materials-view';
import { pageUrl } from '../../../routes';
import { askToDelete, NO_CONFIRM, type ConfirmView } from '../../../forms/confirm-view';

/** The parts of the application, in order. */
export const STAGES = [
  { id: 'identity', title: '申请人身份' },
  { id: 'profile', title: '申报信息' },
  { id: 'materials', title: '申请材料' },
  { id: 'submit', title: '确认提交' },
] as const;
/** A stage id. */
export type StageId = (typeof STAGES)[number]['id'];

/** Page load state; `redirect` while going to the privacy notice. */
export interface LoadView {
  state: 'loading' | 'ready' | 'error' | 'redirect';
  message: string;
}

/** An operation's state. */
export interface OpView {
  state: 'idle' | 'saving' | 'saved' | 'error';
  message: string;
}

/** The profile part: the 积分测算 form's view, trimmed to what this page shows. */
export type ProfilePart = Pick<
  SimulateVM,
  | 'steps'
  | 'sections'
  | 'stepIndex'
  | 'stepTitle'
  | 'isFirst'
  | 'isResult'
  | 'summary'
  | 'roundText'
  | 'otherErrors'
  | 'drafts'
  | 'entryUndo'
>;

/** The case banner: where the application stands. */
export interface CaseBanner {
  status: string;
  statusLabel: string;
  /** Nothing can be changed any more (accepted and under review, decided, published). */
  readOnly: boolean;
  receiptNumber: string;
  /** 补正: what the departments asked for, one line per returned indicator. */
  corrections: string[];
  /** 补正: `请在 2021年11月5日 前提交补正（还剩 18 个工作日）`, or ''. */
  correctionDeadline: string;
}

/**
 * What the page says when it opens, before anything is typed: applications are not accepted today (with when they
 * are), or something bars the person. `blocking`: nothing can be prepared now (the window is over, a fraud bar).
 */
export interface ApplyGate {
  message: string;
  refusals: string[];
  blocking: boolean;
}

/** One declared item in the summary before submit: `文化程度 +50 分`. */
export interface DeclaredLine {
  name: string;
  points: string;
}

/** Everything the page renders. */
export interface ApplyVM {
  load: LoadView;
  gate: ApplyGate | null;
  /** 诚信承诺 ticked (a first submission needs it). */
  pledged: boolean;
  /** The declared items for the summary before submit. */
  declared: DeclaredLine[];
  /** `为本人申请` or `代 张小明（330…）申请`. */
  forWhom: string;
  isAgent: boolean;
  stages: { id: StageId; no: number; title: string; current: boolean }[];
  stage: StageId;
  identity: IdentityFieldView[];
  districtLabels: string[];
  profile: ProfilePart;
  banner: CaseBanner | null;
  materials: MaterialsView | null;
  /** The submit part. */
  review: { lines: { k: string; v: string }[]; missing: string[]; total: string } | null;
  save: OpView;
  submit: OpView;
  /** `提交申请` or `提交补正`. */
  submitLabel: string;
  /** 删除 of an uploaded file asks first. */
  confirm: ConfirmView;
}

/** Page query. */
export type ApplyQuery = Record<string, string | undefined>;

/** The controller of one 积分申请 page. */
export class ApplyController {
  private load: LoadView = { state: 'loading', message: '' };
  private stage: StageId = 'identity';
  private fields: IdentityFields = emptyIdentity();
  private idErrors: IdentityErrors = {};
  private readonly shownErrors = new Set<string>();
  private readonly fixed = new Set<IdentityKey>();
  private entrustment: EntrustmentView | null = null;
  private app: ApplicationView | null = null;
  private savedKey: string | null = null;
  private saveOp: OpView = { state: 'idle', message: '' };
  private submitOp: OpView = { state: 'idle', message: '' };
  private lineOps: Record<string, LineOp> = {};
  private readonly saveIds = new AttemptIds();
  private readonly submitIds = new AttemptIds();
  private readonly removeIds = new AttemptIds();
  private readonly sim: SimulateController;
  private simVM: SimulateVM;
  private disposed = false;
  private query: ApplyQuery = {};
  private gate: ApplyGate | null = null;
  private pledged = false;
  /** Placeholder of the ID number field for agents (the masked number it must match). */
  private idHint = '';
  /** A 补正 was opened: once shown, the page scrolls to the first material asked for. */
  private fixPending = false;
  private confirm: ConfirmView = NO_CONFIRM;

  constructor(private readonly render: (vm: ApplyVM) => void) {
    this.sim = new SimulateController((vm) => {
      this.simVM = vm;
      this.emit();
    });
    this.simVM = this.sim.viewModel();
  }

  // ---- loading ----

  /** `onLoad`: privacy first, then the round, then the application (resumed, for an agent's principal, or new). */
  async start(query: ApplyQuery): Promise<void> {
    this.query = query;
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      if (!(await ensurePrivacy(returnUrl(query)))) {
        this.load = { state: 'redirect', message: '请先阅读并同意《个人信息保护指引》' };
        return this.emit();
      }
      await this.sim.start();
      const simLoad = this.simVM.load;
      if (simLoad.state !== 'ready') {
        this.load = { state: 'error', message: simLoad.message || '当前没有可用的积分年度' };
        return this.emit();
      }
      await this.open(query);
      await this.checkGate();
      this.load = { state: 'ready', message: '' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
    this.scrollToFix();
  }

  /** A 补正 opens at what to fix: the materials stage scrolled to the first line a department asked about. */
  private scrollToFix(): void {
    if (!this.fixPending || this.load.state !== 'ready') return;
    this.fixPending = false;
    const i = firstFixLine(this.viewModel().materials);
    // After the render is on screen: the selector must find the line.
    if (i >= 0) wx.nextTick(() => void wx.pageScrollTo({ selector: `#mat-${i}`, duration: 300 }));
  }

  /** 重试 after a failed load. */
  async retry(): Promise<void> {
    await this.start(this.query);
  }

  private async open(query: ApplyQuery): Promise<void> {
    const applicationId = param(query, 'applicationId');
    const entrustmentId = param(query, 'entrustmentId');
    if (entrustmentId) await this.openEntrustment(entrustmentId);
    if (applicationId) return this.showApplication(await getApplication(applicationId), true);
    if (entrustmentId) {
      const existing = this.entrustment?.caseStatus;
      if (existing) return this.showApplication(await getApplication(existing.applicationId), true);
      return this.importDraft(query);
    }
    const round = this.sim.context()?.round;
    const mine = (await listApplications()).find((a) => a.actingAs === 'self' && round && a.roundId === round.id);
    if (mine) return this.showApplication(await getApplication(mine.applicationId), true);
    const id = await getIdentity();
    if (id) this.fields = { ...this.fields, name: id.name, idNumber: id.idNumber, mobile: id.mobile };
    return this.importDraft(query);
  }

  /** A new application or a draft: asks the server whether it is accepted today and whether anything bars the caller. */
  private async checkGate(): Promise<void> {
    this.gate = null;
    if (this.app && this.app.status !== 'draft') return;
    const e = await applicationEligibility();
    const refusals = this.entrustment ? [] : e.refusals.map((r) => r.message);
    if (e.accepting && !refusals.length) return;
    const message = e.accepting
      ? '暂时不能申请'
      : e.canPrepare
        ? `${e.message}。您可以先填写申报信息、上传材料并保存，到受理时间再提交`
        : e.message;
    this.gate = { message, refusals, blocking: !!refusals.length || !e.canPrepare };
  }

  /** Ticks or unticks the 诚信承诺. */
  togglePledge(): void {
    this.pledged = !this.pledged;
    if (this.pledged && this.submitOp.state === 'error') this.submitOp = { state: 'idle', message: '' };
    this.emit();
  }

  private async importDraft(query: ApplyQuery): Promise<void> {
    const draftId = param(query, 'draftId');
    if (draftId) await this.sim.openDraft(draftId);
  }

  /** An agent acts under an active entrustment with the `apply` scope; the principal's name comes from it. */
  private async openEntrustment(entrustmentId: string): Promise<void> {
    const list = await listEntrustments();
    const e = list.asAgent.find((x) => x.entrustmentId === entrustmentId);
    if (!e) throw new ApiError('NOT_FOUND', '没有找到这份委托，或委托已撤销');
    if (e.status !== 'active') throw new ApiError('FORBIDDEN', `这份委托${e.statusLabel}，暂时不能代为申请`);
    if (!e.scope.includes('apply')) throw new ApiError('FORBIDDEN', '这份委托不包括“积分申请”，不能代为申请');
    this.entrustment = e;
    this.fields = { ...this.fields, name: e.principal.name };
    this.fixed.add('name');
    this.idHint = `与委托时填写的一致（${e.principal.idNumberMasked}）`;
  }

  private showApplication(app: ApplicationView, fill: boolean): void {
    this.app = app;
    if (fill) {
      this.fields = identityFromPerson(app.person);
      // An agent sees the ID number masked: to change the application they type the person's number again (the
      // function checks it is the same person); the name cannot change.
      if (app.actingAs === 'agent') {
        this.fixed.add('name');
        this.idHint = `请再次输入申请人的身份证号码（${app.person.idNumber}）`;
        this.fields = { ...this.fields, idNumber: '' };
      }
      this.sim.loadProfile(app.profile as unknown as Record<string, unknown>);
      this.savedKey = this.contentKey();
      if (!app.actions.includes('save')) this.stage = 'submit';
      else if (app.status === 'correction') this.openAtFix(app);
    }
  }

  /** A case in 补正 opens at the materials asked for, or at 申报信息 when no material line is (a declared fact). */
  private openAtFix(app: ApplicationView): void {
    const asked = new Set(app.tasks.filter((t) => t.status === 'returned').map((t) => t.indicatorId));
    const hasLine = app.checklist.some((l) => l.indicatorId !== null && asked.has(l.indicatorId));
    this.stage = hasLine ? 'materials' : 'profile';
    this.fixPending = hasLine;
  }

  // ---- identity ----

  /** An identity input changed. */
  setIdentityField(key: string, raw: unknown): void {
    if (!isIdentityKey(key) || this.fixed.has(key) || !this.editable()) return;
    const value =
      key === 'permitDistrict'
        ? districtAt(Number(raw))
        : typeof raw === 'string'
          ? raw
          : raw === undefined || raw === null
            ? ''
            : String(raw);
    this.fields = { ...this.fields, [key]: key === 'idNumber' || key === 'permitNumber' ? value.toUpperCase() : value };
    this.shownErrors.add(key);
    this.validateIdentity();
    this.changed();
  }

  private validateIdentity(): boolean {
    const r = checkIdentity(this.fields);
    this.idErrors = r.ok ? {} : r.errors;
    return r.ok;
  }

  /**
   * The profile's person (age is scored from the birth date in the ID number) starts from the applicant's identity,
   * so the same number is not typed twice; a person already filled in is left alone.
   */
  private copyPersonToProfile(): void {
    if (!this.editable() || idNumberProblem(this.fields.idNumber)) return;
    const person = this.sim.profileSnapshot().person as Record<string, unknown> | undefined;
    // An agent's copy of the profile has the number masked: the number typed again replaces it.
    const masked = !!person && typeof person.idNumber === 'string' && person.idNumber.includes('*');
    if (person && !masked && (person.idNumber || person.birthDate)) return;
    this.sim.changeField('person', 0, 'idNumber', this.fields.idNumber);
    if (this.fields.name.trim()) this.sim.changeField('person', 0, 'name', this.fields.name.trim());
  }

  // ---- stages ----

  /** Goes to a stage; materials and submission need the application saved as it is now. */
  async goStage(id: string): Promise<void> {
    const target = STAGES.find((s) => s.id === id);
    if (!target || target.id === this.stage) return;
    if (this.stage === 'identity') this.copyPersonToProfile();
    if ((target.id === 'materials' || target.id === 'submit') && this.editable() && this.dirty()) {
      this.stage = target.id;
      const saved = await this.save();
      if (!saved) return;
    }
    this.stage = target.id;
    this.emit();
  }

  /** 下一步. */
  async nextStage(): Promise<void> {
    // Inside 申报信息, 下一步 walks its parts one by one: no part is skipped without being seen.
    if (this.stage === 'profile' && !this.simVM.isResult) return this.sim.next();
    const i = STAGES.findIndex((s) => s.id === this.stage);
    if (i >= 0 && i < STAGES.length - 1) await this.goStage(STAGES[i + 1].id);
  }

  /** 上一步. */
  async prevStage(): Promise<void> {
    const i = STAGES.findIndex((s) => s.id === this.stage);
    if (i > 0) await this.goStage(STAGES[i - 1].id);
  }

  /** The embedded 积分测算 form. */
  get form(): SimulateController {
    return this.sim;
  }

  // ---- save ----

  /** Whether the caller may still change the application (the server's view lists `save`; a new one always). */
  private editable(): boolean {
    return !this.app || this.app.actions.includes('save');
  }

  /** Whether the caller may submit it (或 提交补正) now, as the server's view says. */
  private submittable(): boolean {
    return !this.app || this.app.actions.includes('submit') || this.app.actions.includes('resubmit');
  }

  private contentKey(): string {
    return JSON.stringify({ identity: this.fields, profile: this.sim.profileSnapshot() });
  }

  private dirty(): boolean {
    return this.savedKey !== this.contentKey();
  }

  /** 保存草稿. Resolves true when the application is saved as it is now. */
  async save(): Promise<boolean> {
    if (this.saveOp.state === 'saving' || !this.editable()) return false;
    this.copyPersonToProfile();
    for (const k of Object.keys(this.fields)) this.shownErrors.add(k);
    const id = checkIdentity(this.fields);
    if (!id.ok) {
      this.idErrors = id.errors;
      this.stage = 'identity';
      this.saveOp = { state: 'error', message: '申请人身份还有需要填写或改正的地方' };
      this.emit();
      return false;
    }
    if (this.sim.profileErrors().length) {
      this.sim.revealAll();
      this.stage = 'profile';
      this.saveOp = { state: 'error', message: `申报信息还有 ${this.sim.profileErrors().length} 处需要填写或改正` };
      this.emit();
      return false;
    }
    const key = this.contentKey();
    const input = {
      identity: id.identity,
      profile: this.sim.profileSnapshot(),
      ...(this.app ? { applicationId: this.app.applicationId } : {}),
      ...(this.entrustment && !this.app ? { entrustmentId: this.entrustment.entrustmentId } : {}),
    };
    this.saveOp = { state: 'saving', message: '' };
    this.emit();
    try {
      const app = await saveApplication(input, this.saveIds.idFor(key));
      this.saveIds.done();
      this.showApplication(app, false);
      this.savedKey = key;
      this.saveOp = { state: 'saved', message: '已保存，可以随时回来继续填写' };
      this.emit();
      return true;
    } catch (e) {
      this.saveOp = { state: 'error', message: errorWithFields(e) };
      this.emit();
      return false;
    }
  }

  private changed(): void {
    if (this.saveOp.state === 'saved') this.saveOp = { state: 'idle', message: '' };
    if (this.submitOp.state === 'error') this.submitOp = { state: 'idle', message: '' };
    this.emit();
  }

  // ---- materials ----

  /** 拍照或从相册选择 for a checklist line; photos WeChat names after temp files are named after the line. */
  async addPhotos(key: string): Promise<void> {
    const line = this.viewModel().materials?.lines.find((l) => l.key === key);
    await this.addFiles(key, () => pickPhotos(9, line ? line.head : '材料'));
  }

  /** 选择 PDF 文件 for a checklist line. */
  async addPdfs(key: string): Promise<void> {
    await this.addFiles(key, pickPdfs);
  }

  private async addFiles(key: string, pick: () => Promise<PickedFile[]>): Promise<void> {
    const app = this.app;
    if (!app || !this.editable() || !app.checklist.some((l) => l.key === key) || this.lineOps[key]?.state === 'saving')
      return;
    const problems = await pickAndUpload({ applicationId: app.applicationId, key }, pick, (op) =>
      this.setLineOp(key, op),
    );
    if (!problems) return;
    await this.refresh();
    this.setLineOp(
      key,
      problems.length ? { state: 'error', message: problems.join('；') } : { state: 'idle', message: '' },
    );
  }

  /** 删除 on a file: asks first, naming it (a deleted file must be uploaded again). */
  askRemoveFile(materialId: string): void {
    const m = this.app?.checklist.flatMap((l) => l.materials).find((x) => x.materialId === materialId);
    if (!m || !this.editable()) return;
    this.confirm = askToDelete(materialId, '删除材料', `删除“${m.fileName}”后，如仍需要须重新上传。`);
    this.emit();
  }

  /** The dialog's 删除: deletes the file it asked about. */
  async confirmRemove(): Promise<void> {
    const target = this.confirm.target;
    this.confirm = NO_CONFIRM;
    if (target) await this.removeFile(target);
    else this.emit();
  }

  /** The dialog's 取消: nothing is deleted. */
  cancelRemove(): void {
    this.confirm = NO_CONFIRM;
    this.emit();
  }

  /** Deletes a file (after the question). */
  async removeFile(materialId: string): Promise<void> {
    const line = this.app?.checklist.find((l) => l.materials.some((m) => m.materialId === materialId));
    if (!line || !this.editable()) return;
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
    const line = this.app?.checklist.find((l) => l.materials.some((m) => m.materialId === materialId));
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
    this.lineOps = { ...this.lineOps, [key]: op };
    this.emit();
  }

  /** Reloads the application (checklist, status). */
  async refresh(): Promise<void> {
    if (!this.app) return;
    try {
      this.showApplication(await getApplication(this.app.applicationId), false);
    } catch (e) {
      this.saveOp = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  // ---- submit ----

  /**
   * 提交申请 / 提交补正. The subscribe request must come first, synchronously in the tap; then the latest content is
   * saved, then submitted. Success goes to the receipt.
   */
  async submit(): Promise<void> {
    if (this.submitOp.state === 'saving' || !this.submittable()) return;
    if (!this.pledged && (!this.app || this.app.status === 'draft')) {
      this.submitOp = { state: 'error', message: '请先阅读并勾选上面的诚信承诺' };
      return this.emit();
    }
    const asked = askSubscriptions();
    this.submitOp = { state: 'saving', message: '' };
    this.emit();
    const subscribed: SubscriptionKind[] = await asked;
    if (!this.app || this.dirty()) {
      const saved = await this.save();
      if (!saved || !this.app) {
        this.submitOp = { state: 'error', message: this.saveOp.message || '请先保存申请' };
        return this.emit();
      }
    }
    const app = this.app;
    try {
      const done = await submitApplication(
        app.applicationId,
        subscribed,
        this.submitIds.idFor(`${app.applicationId}|${app.updatedAt}|${subscribed.join(',')}`),
      );
      this.submitIds.done();
      this.showApplication(done, false);
      this.submitOp = { state: 'saved', message: '已提交' };
      this.emit();
      void wx.redirectTo({ url: pageUrl('receipt', { applicationId: done.applicationId }) });
    } catch (e) {
      this.submitOp = { state: 'error', message: errorText(e) };
      if (e instanceof ApiError && e.code === 'MISSING_MATERIALS') await this.refresh();
      this.emit();
    }
  }

  /** Opens the case page (read-only applications). */
  openCase(): void {
    if (this.app) void wx.navigateTo({ url: pageUrl('case', { applicationId: this.app.applicationId }) });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
    this.sim.dispose();
  }

  // ---- view ----

  private banner(): CaseBanner | null {
    const app = this.app;
    if (!app) return null;
    const corrections = app.tasks
      .filter((t) => t.status === 'returned')
      .map((t) => `${t.indicatorName}：${t.missing ?? '请补正'}${t.note ? `（${t.note}）` : ''}`);
    return {
      status: app.status,
      statusLabel: APPLICATION_STATUSES[app.status],
      readOnly: !app.actions.includes('save'),
      receiptNumber: app.receipt?.number ?? '',
      corrections,
      correctionDeadline: app.correctionWindow ? correctionDeadlineText(app.correctionWindow) : '',
    };
  }

  private forWhom(): string {
    if (this.entrustment)
      return `代 ${this.entrustment.principal.name}（${this.entrustment.principal.idNumberMasked}）申请`;
    if (this.app && this.app.actingAs === 'agent')
      return `代 ${this.app.person.name}（${maskIdCard(this.app.person.idNumber)}）申请`;
    return '为本人申请';
  }

  private review(): ApplyVM['review'] {
    const app = this.app;
    if (!app) return null;
    const p = app.person;
    return {
      lines: [
        { k: '申请人', v: p.name },
        { k: '身份证号码', v: maskIdCard(p.idNumber) },
        { k: '手机号码', v: p.mobile },
        { k: '居住证号码', v: p.permitNumber },
        { k: '签发地', v: districtName(p.permitDistrict as DistrictCode) },
        { k: '有效期', v: `${dateText(p.permitValidFrom)} 至 ${dateText(p.permitValidTo)}` },
      ],
      missing: missingLabels(app),
      total: app.declaredTotal,
    };
  }

  /** The full view model. */
  viewModel(): ApplyVM {
    const s = this.simVM;
    const policy = this.sim.context()?.policy;
    const names = new Map((policy ? policy.indicators : []).map((i) => [i.id, i.name] as [string, string]));
    const fixed = this.editable() ? this.fixed : new Set<IdentityKey>(Object.keys(this.fields) as IdentityKey[]);
    return {
      load: this.load,
      gate: this.gate,
      pledged: this.pledged,
      declared: this.stage === 'submit' ? this.sim.countedLines() : [],
      forWhom: this.forWhom(),
      isAgent: !!this.entrustment || this.app?.actingAs === 'agent',
      stages: STAGES.map((st, i) => ({ id: st.id, no: i + 1, title: st.title, current: st.id === this.stage })),
      stage: this.stage,
      identity: identityView(
        this.fields,
        this.idErrors,
        this.shownErrors,
        fixed,
        this.idHint && this.editable() ? { idNumber: this.idHint } : {},
      ),
      districtLabels: DISTRICT_LABELS,
      profile: {
        steps: s.steps,
        sections: s.sections,
        stepIndex: s.stepIndex,
        stepTitle: s.stepTitle,
        isFirst: s.isFirst,
        isResult: s.isResult,
        summary: s.summary,
        roundText: s.roundText,
        otherErrors: s.otherErrors,
        drafts: s.drafts,
        entryUndo: s.entryUndo,
      },
      banner: this.banner(),
      materials: this.app ? materialsView(this.app, this.lineOps, names) : null,
      review: this.review(),
      save: this.saveOp,
      submit: this.submitOp,
      submitLabel: this.app && this.app.status === 'correction' ? '提交补正' : '提交申请',
      confirm: this.confirm,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}

function param(q: ApplyQuery, key: string): string | null {
  const v = q[key];
  return typeof v === 'string' && v ? v : null;
}

/** This page with its query, to come back to after the privacy notice. */
function returnUrl(q: ApplyQuery): string {
  return pageUrl('apply', {
    applicationId: param(q, 'applicationId'),
    entrustmentId: param(q, 'entrustmentId'),
    draftId: param(q, 'draftId'),
  });
}
