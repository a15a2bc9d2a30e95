/**
 * 提出异议, one page: choose lines of the published result, give a reason for each, attach evidence, confirm (提交后
 * 不能再次提出异议, the deadline and the working days left) and send with a request id. Once raised, the page shows the
 * dispute's outcome; after the district office asks for evidence, evidence can be added and the dispute resubmitted.
 * Whether the form is offered comes only from the case view's `actions` (and the dispute's own `actions`).
 */
import type { DisputeRes, DisputeWindow, MaterialView, ResultLine } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { getApplication, getResult } from '../../../services/cases';
import { pickPdfs, pickPhotos, PickCancelled, uploadMaterial, type PickedFile } from '../../../services/materials';
import { ensurePrivacy } from '../../../services/privacy';
import { askSubscriptions } from '../../../services/subscribe';
import { pageUrl } from '../../../routes';
import { dateText } from '../../../utils/format';
import { getDispute, raiseDispute, resubmitDispute } from '../../services/disputes';
import {
  confirmView,
  draftProblem,
  EMPTY_DRAFT,
  formLines,
  REASON_MAX,
  toggleLine,
  disputeItems,
  type ConfirmView,
  type DisputeDraft,
  type DisputeLineView,
} from './dispute-form';
import { outcomeView, type OutcomeView } from '../../../forms/dispute-outcome-view';

/** Everything the page renders. */
export interface DisputeVM {
  load: { state: 'loading' | 'ready' | 'error' | 'redirect' | 'closed'; message: string };
  /** form: choosing lines; confirm: the summary; outcome: the dispute raised. */
  stage: 'form' | 'confirm' | 'outcome';
  /** `异议截止 2021年11月16日，还剩 3 个工作日`. */
  windowText: string;
  lines: DisputeLineView[];
  reasonMax: number;
  confirm: ConfirmView | null;
  outcome: OutcomeView | null;
  /** After the district office asked for evidence: lines evidence may be added to, and whether to offer resubmit. */
  resubmit: { open: boolean; lines: { id: string; head: string; files: string[] }[] };
  op: { state: 'idle' | 'saving' | 'error'; message: string };
  /** Upload of one line's evidence. */
  upload: { state: 'idle' | 'uploading' | 'error'; line: string; message: string };
}

const INITIAL: DisputeVM = {
  load: { state: 'loading', message: '' },
  stage: 'form',
  windowText: '',
  lines: [],
  reasonMax: REASON_MAX,
  confirm: null,
  outcome: null,
  resubmit: { open: false, lines: [] },
  op: { state: 'idle', message: '' },
  upload: { state: 'idle', line: '', message: '' },
};

function windowText(w: DisputeWindow | null | undefined): string {
  if (!w) return '';
  return w.workingDaysLeft > 0 ? `异议截止 ${dateText(w.deadline)}，还剩 ${w.workingDaysLeft} 个工作日` : w.label;
}

/** The controller of the dispute page. */
export class DisputeController {
  private vm: DisputeVM = INITIAL;
  private applicationId = '';
  private result: ResultLine[] = [];
  private window: DisputeWindow | null = null;
  private draft: DisputeDraft = EMPTY_DRAFT;
  private checked = false;
  private added: Record<string, MaterialView[]> = {};
  private lastDispute: DisputeRes['dispute'] = null;
  private readonly ids = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: DisputeVM) => void) {}

  /** Loads the case, its result and its dispute. */
  async start(applicationId: string | null): Promise<void> {
    this.applicationId = applicationId ?? '';
    this.vm = INITIAL;
    this.emit();
    if (!applicationId) return this.fail('缺少申请编号，请从“积分查询”打开');
    try {
      if (!(await ensurePrivacy(pageUrl('dispute', { applicationId }))))
        return this.set({ load: { state: 'redirect', message: '请先阅读并同意《个人信息保护指引》' } });
      const [app, res] = await Promise.all([getApplication(applicationId), getDispute(applicationId)]);
      this.window = res.window ?? app.disputeWindow ?? null;
      if (res.dispute) return this.showOutcome(res);
      if (!app.actions.includes('dispute'))
        return this.set({ load: { state: 'closed', message: this.closedText(app.status) } });
      this.result = (await getResult(applicationId)).lines;
      this.set({ load: { state: 'ready', message: '' }, stage: 'form', windowText: windowText(this.window) });
      this.refreshForm();
    } catch (e) {
      this.fail(errorText(e));
    }
  }

  private closedText(status: string): string {
    if (this.window && this.window.workingDaysLeft === 0) return this.window.label;
    if (status !== 'published') return '这份申请现在不能提出异议：结果公布后 7 个工作日内可以提出';
    return '您不能为这份申请提出异议：须由申请人本人，或受托办理“异议”事项的代办人提出';
  }

  /** 选择 / 取消 one line. */
  toggle(id: string): void {
    if (this.vm.stage !== 'form' || !this.vm.lines.some((l) => l.id === id)) return;
    this.draft = toggleLine(this.draft, id);
    this.refreshForm();
  }

  /** The reason typed for a line. */
  reason(id: string, value: string): void {
    if (this.vm.stage !== 'form') return;
    this.draft = { ...this.draft, reasons: { ...this.draft.reasons, [id]: value } };
    this.refreshForm();
  }

  /** 拍照或从相册选 / 从聊天选 PDF: evidence for one disputed line, uploaded and sealed at once. */
  async attach(id: string, from: 'photo' | 'pdf'): Promise<void> {
    const resubmitting = this.vm.stage === 'outcome';
    if (this.vm.upload.state === 'uploading') return;
    if (!resubmitting && !this.draft.chosen.includes(id)) return;
    let files: PickedFile[];
    try {
      files = from === 'photo' ? await pickPhotos(9) : await pickPdfs(9);
    } catch (e) {
      if (!(e instanceof PickCancelled)) this.set({ upload: { state: 'error', line: id, message: errorText(e) } });
      return;
    }
    this.set({ upload: { state: 'uploading', line: id, message: '正在上传…' } });
    try {
      for (const f of files) {
        const m = await uploadMaterial({ disputeOf: this.applicationId, indicatorId: id }, f);
        if (resubmitting) this.added = { ...this.added, [id]: [...(this.added[id] ?? []), m] };
        else
          this.draft = {
            ...this.draft,
            evidence: { ...this.draft.evidence, [id]: [...(this.draft.evidence[id] ?? []), m] },
          };
      }
      this.set({ upload: { state: 'idle', line: '', message: '' } });
    } catch (e) {
      this.set({ upload: { state: 'error', line: id, message: errorText(e) } });
    }
    if (resubmitting) this.refreshResubmit();
    else this.refreshForm();
  }

  /** 下一步: to the summary, once every chosen line has a reason. */
  next(): void {
    if (this.vm.stage !== 'form') return;
    this.checked = true;
    const problem = draftProblem(this.result, this.draft);
    this.refreshForm();
    if (problem) return this.set({ op: { state: 'error', message: problem } });
    this.set({
      stage: 'confirm',
      op: { state: 'idle', message: '' },
      confirm: confirmView(
        this.result,
        this.draft,
        this.window ? this.window.deadline : '',
        this.window ? this.window.workingDaysLeft : null,
      ),
    });
  }

  /** 返回修改. */
  back(): void {
    if (this.vm.stage === 'confirm') this.set({ stage: 'form', confirm: null, op: { state: 'idle', message: '' } });
  }

  /** 确认提交: asks for the re-review message on the tap, then raises the dispute. */
  async submit(): Promise<void> {
    if (this.vm.stage !== 'confirm' || this.vm.op.state === 'saving') return;
    const subscribed = askSubscriptions(['dispute']);
    this.set({ op: { state: 'saving', message: '正在提交…' } });
    const lines = disputeItems(this.result, this.draft);
    try {
      const req = { applicationId: this.applicationId, lines, subscribed: await subscribed };
      const res = await raiseDispute(req, this.ids.idFor(JSON.stringify(lines)));
      this.ids.done();
      this.showOutcome(res);
    } catch (e) {
      this.set({ op: { state: 'error', message: errorText(e) } });
    }
  }

  /** 补充证据后重新提交 (after the district office asked for evidence). */
  async resubmit(): Promise<void> {
    if (!this.vm.resubmit.open || this.vm.op.state === 'saving') return;
    const evidence = Object.keys(this.added)
      .filter((id) => this.added[id].length)
      .map((id) => ({ indicatorId: id, materialIds: this.added[id].map((m) => m.materialId) }));
    if (!evidence.length) return this.set({ op: { state: 'error', message: '请先上传要补充的证据材料' } });
    this.set({ op: { state: 'saving', message: '正在提交…' } });
    try {
      const res = await resubmitDispute(
        { applicationId: this.applicationId, evidence },
        this.ids.idFor(JSON.stringify(evidence)),
      );
      this.ids.done();
      this.added = {};
      this.showOutcome(res);
    } catch (e) {
      this.set({ op: { state: 'error', message: errorText(e) } });
    }
  }

  private showOutcome(res: DisputeRes): void {
    const d = res.dispute;
    if (!d) return;
    this.window = res.window ?? this.window;
    this.set({
      load: { state: 'ready', message: '' },
      stage: 'outcome',
      windowText: '',
      confirm: null,
      outcome: outcomeView(d),
      op: { state: 'idle', message: '' },
      resubmit: { open: d.actions.includes('resubmit'), lines: [] },
    });
    this.lastDispute = d;
    this.refreshResubmit();
  }

  private refreshResubmit(): void {
    const d = this.lastDispute;
    if (!d || !this.vm.resubmit.open) return;
    this.set({
      resubmit: {
        open: true,
        lines: d.lines.map((l) => ({
          id: l.indicatorId,
          head: `${l.indicatorId} ${l.indicatorName}`,
          files: (this.added[l.indicatorId] ?? []).map((m) => m.fileName),
        })),
      },
    });
  }

  private refreshForm(): void {
    this.set({ lines: formLines(this.result, this.draft, this.checked) });
  }

  private fail(message: string): void {
    this.set({ load: { state: 'error', message } });
  }

  private set(part: Partial<DisputeVM>): void {
    this.vm = { ...this.vm, ...part };
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): DisputeVM {
    return this.vm;
  }

  private emit(): void {
    if (!this.disposed) this.render(this.vm);
  }
}
