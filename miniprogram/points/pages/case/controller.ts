/**
 * 积分查询 of one case: status, every date, the result once published (before: the date it will be, from the
 * server's NOT_YET refusal), the review tasks, 补正 with a way to fix and resubmit, and the audit trail.
 */
import { maskIdCard, type ApplicationView } from '../../../../shared';
import { ApiError, AttemptIds, errorText } from '../../../services/api';
import { openNotice, printVoucher } from '../../../services/documents';
import { getApplication, getAudit, getResult } from '../../../services/cases';
import { currentRound } from '../../../services/round';
import { ensurePrivacy } from '../../../services/privacy';
import { pageUrl } from '../../../routes';
import { getDispute } from '../../services/disputes';
import { getSettlement, settlementEligibility } from '../../services/settlement';
import { outcomeView, type OutcomeView } from '../../../forms/dispute-outcome-view';
import { progressView, type ProgressView } from './progress-view';
import type { SettlementOffer, SettlementProgress } from './settlement-progress';
import { dateText } from '../../../utils/format';
import {
  auditLines,
  resultView,
  taskLines,
  timelineRows,
  type AuditLineView,
  type ResultView,
  type TaskLineView,
  type TimelineRow,
} from './case-view';

/** Page load state. */
export interface LoadView {
  state: 'loading' | 'ready' | 'error' | 'redirect';
  message: string;
}

/** The result part. */
export interface ResultPart {
  /** none: not accepted yet; notyet: accepted, not published (message says when). */
  state: 'none' | 'loading' | 'ready' | 'notyet' | 'error';
  message: string;
  view: ResultView | null;
}

/** The audit part. */
export interface AuditPart {
  state: 'loading' | 'ready' | 'empty' | 'error';
  message: string;
  lines: AuditLineView[];
}

/** Everything the page renders. */
export interface CaseVM {
  load: LoadView;
  head: {
    name: string;
    idText: string;
    status: string;
    statusLabel: string;
    receiptNumber: string;
    actingText: string;
    declaredTotal: string;
  } | null;
  timeline: TimelineRow[];
  result: ResultPart;
  tasks: TaskLineView[];
  /** 补正: what the departments asked for. */
  corrections: string[];
  /** 办理进度: the steps, where the case is, and the buttons of what the caller may do now (from the view's actions). */
  progress: ProgressView | null;
  /** The case's dispute, once raised: each disputed line before and after with the department's reason. */
  dispute: { state: 'none' | 'loading' | 'ready' | 'error'; message: string; view: OutcomeView | null };
  audit: AuditPart;
  /** 打印积分凭证: shown only when the case's actions allow it (confirmed, from the 7th working day). */
  voucher: VoucherPart | null;
  /** 查看准入通知书: what opening the notice did (a failure says why). */
  notice: VoucherPart | null;
}

/** The voucher button's state. */
export interface VoucherPart {
  state: 'idle' | 'working' | 'done' | 'error';
  message: string;
}

const EMPTY: Omit<CaseVM, 'load'> = {
  head: null,
  timeline: [],
  result: { state: 'none', message: '', view: null },
  tasks: [],
  corrections: [],
  progress: null,
  dispute: { state: 'none', message: '', view: null },
  audit: { state: 'loading', message: '', lines: [] },
  voucher: null,
  notice: null,
};

/** The controller of one case page. */
export class CaseController {
  private vm: CaseVM = { load: { state: 'loading', message: '' }, ...EMPTY };
  private applicationId = '';
  private disposed = false;
  private readonly voucherIds = new AttemptIds();
  private readonly noticeIds = new AttemptIds();
  private settlement: SettlementProgress | null = null;
  private offer: SettlementOffer | null = null;
  private settlementWindow: { from: string; to: string } | undefined;

  constructor(private readonly render: (vm: CaseVM) => void) {}

  /** Loads the case, its result (or when it will be ready) and its audit trail. */
  async start(applicationId: string | null): Promise<void> {
    this.applicationId = applicationId ?? '';
    this.vm = { load: { state: 'loading', message: '' }, ...EMPTY };
    this.emit();
    if (!applicationId) {
      this.vm = { ...this.vm, load: { state: 'error', message: '缺少申请编号，请从“积分查询”打开' } };
      return this.emit();
    }
    try {
      if (!(await ensurePrivacy(pageUrl('case', { applicationId })))) {
        this.vm = { ...this.vm, load: { state: 'redirect', message: '请先阅读并同意《个人信息保护指引》' } };
        return this.emit();
      }
      // The round's settlement window dates the 落户申请 step (the current round only: it is the one cached).
      const [app, cur] = await Promise.all([getApplication(applicationId), currentRound().catch(() => null)]);
      this.settlementWindow = cur && cur.round && cur.round.id === app.roundId ? cur.round.settlement : undefined;
      await this.loadSettlement(app);
      this.show(app);
    } catch (e) {
      this.vm = { ...this.vm, load: { state: 'error', message: errorText(e) } };
      return this.emit();
    }
    this.emit();
    await Promise.all([this.loadResult(), this.loadAudit(), this.loadDispute()]);
  }

  /** 重试 / 刷新. */
  async retry(): Promise<void> {
    await this.start(this.applicationId || null);
  }

  /**
   * The settlement application of a confirmed case, or (none yet) whether the person may apply now; a failure of
   * either leaves the points progress as it is (the settlement page says why when opened).
   */
  private async loadSettlement(app: ApplicationView): Promise<void> {
    this.settlement = null;
    this.offer = null;
    if (app.status !== 'confirmed') return;
    try {
      this.settlement = await getSettlement(app.applicationId);
      if (!this.settlement) this.offer = { eligible: (await settlementEligibility(app.applicationId)).eligible };
    } catch {
      this.offer = null;
    }
  }

  private show(app: ApplicationView): void {
    const corrections = app.tasks
      .filter((t) => t.status === 'returned')
      .map((t) => `${t.indicatorName}：${t.missing ?? '请补正'}`);
    this.vm = {
      ...this.vm,
      load: { state: 'ready', message: '' },
      head: {
        name: app.person.name,
        idText: maskIdCard(app.person.idNumber),
        status: app.status,
        statusLabel: app.statusLabel,
        receiptNumber: app.receipt ? app.receipt.number : '',
        actingText: app.actingAs === 'agent' ? '您是代办人' : '本人申请',
        declaredTotal: app.declaredTotal,
      },
      timeline: app.timeline ? timelineRows(app.timeline, app.status === 'published') : [],
      result:
        app.status === 'draft'
          ? { state: 'none', message: '申请提交并受理后，这里显示审核结果。', view: null }
          : { state: 'loading', message: '', view: null },
      tasks: taskLines(app),
      corrections,
      progress: progressView({
        ...app,
        corrections: corrections.length,
        settlement: this.settlement,
        settlementOffer: this.offer,
        settlementWindow: this.settlementWindow,
      }),
      dispute: app.dispute ? { state: 'loading', message: '', view: null } : { state: 'none', message: '', view: null },
      voucher: app.actions.includes('issueVoucher') ? { state: 'idle', message: '' } : null,
    };
  }

  private async loadResult(): Promise<void> {
    if (this.vm.result.state !== 'loading') return;
    try {
      const res = await getResult(this.applicationId);
      this.vm = {
        ...this.vm,
        result: res.published
          ? { state: 'ready', message: '', view: resultView(res) }
          : { state: 'notyet', message: '结果尚未公布', view: null },
      };
    } catch (e) {
      const notYet = e instanceof ApiError && e.code === 'NOT_YET';
      this.vm = { ...this.vm, result: { state: notYet ? 'notyet' : 'error', message: errorText(e), view: null } };
    }
    this.emit();
  }

  private async loadDispute(): Promise<void> {
    if (this.vm.dispute.state !== 'loading') return;
    try {
      const res = await getDispute(this.applicationId);
      this.vm = {
        ...this.vm,
        dispute: res.dispute
          ? { state: 'ready', message: '', view: outcomeView(res.dispute) }
          : { state: 'none', message: '', view: null },
      };
    } catch (e) {
      this.vm = { ...this.vm, dispute: { state: 'error', message: errorText(e), view: null } };
    }
    this.emit();
  }

  /** Loads (or reloads) the audit trail. */
  async loadAudit(): Promise<void> {
    this.vm = { ...this.vm, audit: { state: 'loading', message: '', lines: [] } };
    this.emit();
    try {
      const lines = auditLines(await getAudit(this.applicationId));
      this.vm = {
        ...this.vm,
        audit: { state: lines.length ? 'ready' : 'empty', message: lines.length ? '' : '还没有办理记录', lines },
      };
    } catch (e) {
      this.vm = { ...this.vm, audit: { state: 'error', message: errorText(e), lines: [] } };
    }
    this.emit();
  }

  /**
   * One of the progress buttons (继续填写, 去补正, 提出异议, 申请积分落户, 查看准入通知书): only those the server's answers
   * offered; a button without a page opens the notice here.
   */
  act(id: string): void {
    const b = this.vm.progress ? this.vm.progress.buttons.find((x) => x.id === id) : undefined;
    if (b && b.url) void wx.navigateTo({ url: b.url });
    else if (b && b.id === 'notice') void this.openNotice();
  }

  /** 查看准入通知书: fetch (the first time: issue) the PDF, download and open it. */
  async openNotice(): Promise<void> {
    if (this.vm.notice && this.vm.notice.state === 'working') return;
    const requestId = this.noticeIds.idFor(this.applicationId);
    this.vm = { ...this.vm, notice: { state: 'working', message: '' } };
    this.emit();
    try {
      const res = await openNotice(this.applicationId, requestId);
      this.noticeIds.done();
      this.vm = {
        ...this.vm,
        notice: { state: 'done', message: `通知书编号 ${res.number}，有效期至 ${dateText(res.validUntil)}` },
      };
    } catch (e) {
      this.vm = { ...this.vm, notice: { state: 'error', message: errorText(e) } };
    }
    this.emit();
  }

  /** 打印积分凭证: issue, download and open the PDF (the menu saves, forwards or prints it). */
  async printVoucher(): Promise<void> {
    if (!this.vm.voucher || this.vm.voucher.state === 'working') return;
    const requestId = this.voucherIds.idFor(this.applicationId);
    this.vm = { ...this.vm, voucher: { state: 'working', message: '' } };
    this.emit();
    try {
      const res = await printVoucher(this.applicationId, requestId);
      this.voucherIds.done();
      this.vm = { ...this.vm, voucher: { state: 'done', message: `凭证编号 ${res.number}` } };
    } catch (e) {
      this.vm = { ...this.vm, voucher: { state: 'error', message: errorText(e) } };
    }
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): CaseVM {
    return this.vm;
  }

  private emit(): void {
    if (!this.disposed) this.render(this.vm);
  }
}
