/**
 * 阅卷 of one task: the person (as far as the department's indicators need them), the indicator's declared facts in
 * words, the materials (hash, upload time) behind short-lived links, the history, and the decision — confirm, correct (the facts, edited with the 积分测算 form's fields), reject with a
 * reason, or return for 补正 saying what is missing. Nobody types points: the preview shows what the engine gives
 * for the declared and the decided facts, and the function computes the result itself.
 */
import {
  applyDecisions,
  parseProfile,
  score,
  TASK_STATUSES,
  TaskDecideReq,
  type FactDecision,
  type PolicyVersion,
  type Profile,
  type ReviewerCaseView,
  type Round,
  type TaskDetail,
} from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { fileMeta } from '../../../forms/materials-view';
import { openMaterialUrl } from '../../../services/materials';
import { errorWithFields } from '../../../utils/errors';
import { beijingDateTime, dateText } from '../../../utils/format';
import { emptyProfile, type SectionView } from '../../../forms/form-model';
import type { SectionSpec } from '../../../forms/form-spec';
import { decideTask, getTask, getTaskCase, materialLink, type Decision } from '../../services/tasks';
import { FactEditor } from './correction';
import { factsView, sectionFor, type FactView } from './facts-view';

/**
 * The person the preview engine gets when the department does not check the age: the engine needs a birth date to
 * run, and only the age indicator (B1, 市公安局, whose part carries the real person) reads it.
 */
const AGE_NOT_PREVIEWED = { birthDate: '1990-01-01' } as const;

/** A decision choice. */
export type Choice = 'confirm' | 'correct' | 'reject' | 'return';

const CHOICES: { value: Choice; label: string }[] = [
  { value: 'confirm', label: '确认申报事实' },
  { value: 'correct', label: '更正事实' },
  { value: 'reject', label: '不予认定' },
  { value: 'return', label: '退回补正' },
];

/** An operation's state. */
export interface OpView {
  state: 'idle' | 'saving' | 'saved' | 'error';
  message: string;
}

/** The decision panel. */
export interface DecisionView {
  /** Only pending tasks can be decided. */
  open: boolean;
  /** Why not, when closed. */
  closedText: string;
  choices: { value: Choice; label: string }[];
  choice: Choice | '';
  note: string;
  noteLabel: string;
  missing: string;
  /** The correction editor (the profile form template's sections), when correcting. */
  sections: SectionView[];
  /** The engine's points: declared, and after this decision. */
  pointsText: string;
  op: OpView;
}

/** Everything the page renders. */
export interface TaskVM {
  load: { state: 'loading' | 'ready' | 'error'; message: string };
  head: {
    title: string;
    department: string;
    status: string;
    statusText: string;
    receipt: string;
    dates: string;
    overdueText: string;
  } | null;
  person: { k: string; v: string }[];
  declared: FactView[];
  verified: FactView[];
  materials: { materialId: string; fileName: string; meta: string; hash: string }[];
  /** `链接 10 分钟内有效（至 10:10）`. */
  linkNote: string;
  history: { key: string; at: string; text: string }[];
  decision: DecisionView;
}

/** The person as the function answers them: the ID number masked unless the department's indicators need it. */
function personLines(p: TaskDetail['person']): { k: string; v: string }[] {
  const lines = [
    { k: '姓名', v: p.name },
    { k: '身份证号码', v: p.idNumberFull ? p.idNumber : `${p.idNumber}（本部门指标无需完整号码）` },
  ];
  if (p.permitNumber) lines.push({ k: '居住证号码', v: p.permitNumber });
  return lines;
}

/** The controller of one task page. */
export class TaskController {
  private taskId = '';
  private load: TaskVM['load'] = { state: 'loading', message: '' };
  private task: TaskDetail | null = null;
  private ctx: { round: Round; policy: PolicyVersion } | null = null;
  private spec: SectionSpec | null = null;
  /** The profile the preview scores: the department's part of the declared profile (task.case). */
  private basis: Profile | null = null;
  private choice: Choice | '' = '';
  private note = '';
  private missing = '';
  private editor: FactEditor | null = null;
  private op: OpView = { state: 'idle', message: '' };
  private readonly decideIds = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: TaskVM) => void) {}

  /**
   * Loads the task and the department's part of its case (the reviewer function only): its facts for the preview, and
   * the case's round and policy version for labels and points.
   */
  async start(taskId: string | null): Promise<void> {
    this.taskId = taskId ?? '';
    this.load = { state: 'loading', message: '' };
    this.emit();
    if (!taskId) {
      this.load = { state: 'error', message: '缺少任务编号，请从阅卷工作台打开' };
      return this.emit();
    }
    try {
      const [task, part] = await Promise.all([getTask(taskId), getTaskCase(taskId)]);
      this.ctx = part.rules;
      this.setTask(task);
      this.setBasis(part);
      this.load = { state: 'ready', message: '' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** 重试. */
  async retry(): Promise<void> {
    await this.start(this.taskId || null);
  }

  private setTask(task: TaskDetail): void {
    this.task = task;
    this.spec = sectionFor(task.indicatorId, task.factRefs, this.ctx ? this.ctx.policy : null);
  }

  /**
   * What the engine scores for the preview: the department's part of the declared profile — its own indicators'
   * facts, so exclusive groups and incidents inside the department count (B5/B6, D1–D3) and nothing of other
   * departments is needed. Scored under the case's own round and policy version.
   */
  private setBasis(part: ReviewerCaseView): void {
    this.basis = null;
    if (!this.ctx) return;
    const draft: Record<string, unknown> = { ...emptyProfile(), ...JSON.parse(JSON.stringify(part.profile)) };
    if (!part.profile.person) draft.person = { ...AGE_NOT_PREVIEWED };
    const r = parseProfile(draft);
    if (r.ok) this.basis = r.profile;
  }

  // ---- decision ----

  /** Picks confirm / correct / reject / return. */
  choose(value: unknown): void {
    const c = CHOICES.find((x) => x.value === value);
    if (!c || !this.task || !this.task.actions.includes(c.value)) return;
    this.choice = c.value;
    if (c.value === 'correct' && !this.editor && this.spec)
      this.editor = new FactEditor(this.spec, this.task.declaredFacts);
    this.op = { state: 'idle', message: '' };
    this.emit();
  }

  /** The note (reason) typed. */
  setNote(v: string): void {
    this.note = v;
    this.emit();
  }

  /** What is missing (补正) typed. */
  setMissing(v: string): void {
    this.missing = v;
    this.emit();
  }

  /** Correction editor: a field changed. */
  changeField(section: string, index: number, key: string, raw: unknown): void {
    if (this.editor && this.editor.change(section, index, key, raw)) this.emit();
  }

  /** Correction editor: a yes/no row tapped. */
  toggleField(section: string, index: number, key: string): void {
    if (this.editor && this.editor.toggle(section, index, key)) this.emit();
  }

  /** Correction editor: 添加. */
  addEntry(section: string): void {
    if (this.editor && this.editor.add(section)) this.emit();
  }

  /** Correction editor: 删除. */
  removeEntry(section: string, index: number): void {
    if (this.editor && this.editor.remove(section, index)) this.emit();
  }

  private decision(): Decision | string {
    const task = this.task;
    if (!task || !this.choice) return '请选择阅卷结论';
    const note = this.note.trim();
    let d: Decision;
    switch (this.choice) {
      case 'confirm':
        d = note ? { taskId: task.taskId, decision: 'confirm', note } : { taskId: task.taskId, decision: 'confirm' };
        break;
      case 'correct': {
        if (!this.editor) return '这项指标没有可更正的事实，请选择其他结论';
        const errs = this.editor.errors();
        if (errs.length) return `更正后的事实还有 ${errs.length} 处需要改正`;
        d = { taskId: task.taskId, decision: 'correct', facts: this.editor.facts(), note };
        break;
      }
      case 'reject':
        d = { taskId: task.taskId, decision: 'reject', note };
        break;
      default:
        d = note
          ? { taskId: task.taskId, decision: 'return', missing: this.missing.trim(), note }
          : { taskId: task.taskId, decision: 'return', missing: this.missing.trim() };
    }
    const r = TaskDecideReq.safeParse(d);
    return r.success ? d : r.error.issues[0].message;
  }

  /** 提交阅卷结论. */
  async submit(): Promise<void> {
    if (this.op.state === 'saving') return;
    const d = this.decision();
    if (typeof d === 'string') {
      this.op = { state: 'error', message: d };
      return this.emit();
    }
    this.op = { state: 'saving', message: '' };
    this.emit();
    try {
      const task = await decideTask(d, this.decideIds.idFor(JSON.stringify(d)));
      this.decideIds.done();
      this.setTask(task);
      this.choice = '';
      this.editor = null;
      this.op = { state: 'saved', message: `已提交：${TASK_STATUSES[task.status]}` };
    } catch (e) {
      this.op = { state: 'error', message: errorWithFields(e) };
    }
    this.emit();
  }

  /** Opens a material through its short-lived link (asking the function for a fresh one when it has expired). */
  async openMaterial(materialId: string): Promise<void> {
    const task = this.task;
    const m = task ? task.materials.find((x) => x.materialId === materialId) : undefined;
    if (!task || !m) return;
    try {
      const url = Date.parse(m.expiresAt) <= Date.now() ? (await materialLink(materialId)).url : m.url;
      await openMaterialUrl(url, m.mime);
    } catch (e) {
      this.op = { state: 'error', message: errorText(e) };
      this.emit();
    }
  }

  /** 返回任务列表. */
  back(): void {
    void wx.navigateBack({ delta: 1 });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  // ---- view ----

  private linePoints(profile: Profile, id: string): string {
    if (!this.ctx) return '';
    const line = score(profile, this.ctx.policy, this.ctx.round).lines.find((l) => l.id === id);
    return line ? line.points : '0';
  }

  /** The engine's points of this indicator: declared, and after the chosen decision. */
  private pointsText(): string {
    const task = this.task;
    const basis = this.basis;
    if (!task || !basis || !this.ctx) return '分数预览不可用：阅卷完成后由计分规则按核实的事实计算';
    const scope = '（按本部门负责的事实计算，与其他部门指标的互斥、封顶在结果中处理）';
    const declared = this.linePoints(basis, task.indicatorId);
    const base = `本项申报 ${declared} 分`;
    let decision: FactDecision | null = null;
    if (this.choice === 'reject') decision = { kind: 'reject' };
    else if (this.choice === 'correct' && this.editor && !this.editor.errors().length)
      decision = { kind: 'correct', facts: this.editor.facts() };
    if (!decision) return `${base}${scope}；分数由计分规则计算，阅卷人不填写分数`;
    const verified = applyDecisions(basis, this.ctx.policy, new Map([[task.indicatorId, decision]]));
    if (!verified.ok) return `${base}；${verified.message}`;
    return `${base}；按此结论为 ${this.linePoints(verified.profile, task.indicatorId)} 分${scope}；分数由计分规则计算，阅卷人不填写分数`;
  }

  private decisionView(): DecisionView {
    const t = this.task;
    // What the reviewer may decide is the server's: nothing once the task or its case is decided.
    const open = !!t && t.actions.length > 0;
    const policy = this.ctx ? this.ctx.policy : null;
    return {
      open,
      closedText:
        !t || open ? '' : t.status === 'returned' ? '已退回补正，等待申请人补正后重新提交' : `已阅卷：${t.statusLabel}`,
      choices: CHOICES.filter((c) => (!t || t.actions.includes(c.value)) && (this.spec || c.value !== 'correct')),
      choice: this.choice,
      note: this.note,
      noteLabel:
        this.choice === 'correct' || this.choice === 'reject'
          ? '理由（必填，申请人会看到）'
          : '说明（可不填，申请人会看到）',
      missing: this.missing,
      sections: this.choice === 'correct' && this.editor ? this.editor.view(policy) : [],
      pointsText: this.pointsText(),
      op: this.op,
    };
  }

  /** The view model. */
  viewModel(): TaskVM {
    const t = this.task;
    const policy = this.ctx ? this.ctx.policy : null;
    const soonest = t && t.materials.length ? t.materials.map((m) => m.expiresAt).sort()[0] : '';
    return {
      load: this.load,
      head: t
        ? {
            title: `${t.indicatorId} ${t.indicatorName}`,
            department: t.department,
            status: t.overdue ? 'overdue' : t.status,
            statusText: t.statusLabel,
            receipt: `回执 ${t.receiptNumber}`,
            dates: `受理 ${dateText(t.acceptedOn)} · 结果日 ${dateText(t.resultDate)}`,
            overdueText: t.overdue ? `已超过结果日期（${dateText(t.resultDate)}）仍未阅卷` : '',
          }
        : null,
      person: t ? personLines(t.person) : [],
      declared: t ? factsView(t.declaredFacts, this.spec, policy) : [],
      verified: t && t.verifiedFacts ? factsView(t.verifiedFacts, this.spec, policy) : [],
      materials: t
        ? t.materials.map((m) => ({
            materialId: m.materialId,
            fileName: m.fileName,
            meta: fileMeta(m),
            hash: `SHA-256 ${m.sha256}`,
          }))
        : [],
      linkNote: soonest ? `材料链接短时有效（至 ${beijingDateTime(soonest).slice(11)}），过期后再点会自动换新链接` : '',
      history: t
        ? t.history.map((h, i) => ({
            key: String(i),
            at: beijingDateTime(h.at),
            text: `${TASK_STATUSES[h.status]}${h.note ? `：${h.note}` : ''}`,
          }))
        : [],
      decision: this.decisionView(),
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
