/**
 * 区积分办 — disputes of the caller's district: the queue (open ones first, overdue re-reviews counted), one dispute
 * with each disputed indicator's reason and evidence, and what the office may do now from the dispute's `actions`:
 * 登记并转部门复核, or 退回补充证据 once with what is missing.
 */
import type { DistrictDisputeRes, DistrictDisputeSummary } from '../../../../shared';
import { ApiError, AttemptIds, errorText } from '../../../services/api';
import { openMaterialUrl } from '../../../services/materials';
import { outcomeView, type OutcomeView } from '../../../forms/dispute-outcome-view';
import { askEvidence, disputeQueue, registerDispute, reviewDispute } from '../../services/disputes';
import { dateText } from '../../../utils/format';

/** One dispute in the queue. */
export interface DisputeItemView {
  disputeId: string;
  head: string;
  status: string;
  statusText: string;
  meta: string;
  /** `2 项复核已超过期限` or ''. */
  overdueText: string;
}

/** The dispute opened. */
export interface OpenDisputeView {
  disputeId: string;
  person: string;
  outcome: OutcomeView;
  files: { materialId: string; fileName: string; line: string }[];
  canRegister: boolean;
  canAsk: boolean;
  missing: string;
}

/** Everything the page renders. */
export interface DisputesVM {
  load: { state: 'loading' | 'ready' | 'empty' | 'error' | 'forbidden'; message: string };
  title: string;
  items: DisputeItemView[];
  open: OpenDisputeView | null;
  op: { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };
}

/** A queue line. */
export function disputeItem(d: DistrictDisputeSummary): DisputeItemView {
  return {
    disputeId: d.disputeId,
    head: `${d.personName} · 回执 ${d.receiptNumber}`,
    status: d.status,
    statusText: d.statusLabel,
    meta: `${dateText(d.raisedOn)}提出 · ${d.indicators.map((i) => `${i.indicatorId} ${i.indicatorName}`).join('、')} · 已复核 ${d.decided}/${d.total}`,
    overdueText: d.overdueRechecks ? `${d.overdueRechecks} 项复核已超过期限` : '',
  };
}

type Detail = DistrictDisputeRes['dispute'];

/** The controller of the district office's dispute page. */
export class DisputesController {
  private vm: DisputesVM = {
    load: { state: 'loading', message: '' },
    title: '',
    items: [],
    open: null,
    op: { state: 'idle', message: '' },
  };
  private detail: Detail | null = null;
  private missing = '';
  private readonly ids = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: DisputesVM) => void) {}

  /** Loads the queue (FORBIDDEN → the page says who may use it). */
  async start(): Promise<void> {
    this.set({ load: { state: 'loading', message: '' } });
    try {
      const q = await disputeQueue();
      const items = q.disputes.map(disputeItem);
      this.set({
        title: `${q.districtName}积分办 · 异议（复核期限 ${q.recheckLimit} 个工作日）`,
        items,
        load: items.length ? { state: 'ready', message: '' } : { state: 'empty', message: '没有异议' },
      });
    } catch (e) {
      const forbidden = e instanceof ApiError && e.code === 'FORBIDDEN';
      this.set({ load: { state: forbidden ? 'forbidden' : 'error', message: errorText(e) } });
    }
  }

  /** Opens one dispute (the read of the person's data is audited by the function). */
  async openDispute(disputeId: string): Promise<void> {
    if (!this.vm.items.some((i) => i.disputeId === disputeId)) return;
    try {
      this.show(await reviewDispute(disputeId));
      this.set({ op: { state: 'idle', message: '' } });
    } catch (e) {
      this.set({ op: { state: 'error', message: errorText(e) } });
    }
  }

  /** What is missing, typed for 退回补充证据. */
  setMissing(v: string): void {
    this.missing = v;
    if (this.detail) this.show(this.detail);
  }

  /** 登记并转部门复核. */
  async register(): Promise<void> {
    const d = this.detail;
    if (!d || !d.actions.includes('register') || this.vm.op.state === 'saving') return;
    await this.act(
      () => registerDispute(d.disputeId, this.ids.idFor(`register:${d.disputeId}`)),
      '已登记，复核任务已转各部门',
    );
  }

  /** 退回补充证据 (once). */
  async ask(): Promise<void> {
    const d = this.detail;
    if (!d || !d.actions.includes('askEvidence') || this.vm.op.state === 'saving') return;
    const missing = this.missing.trim();
    if (!missing) return this.set({ op: { state: 'error', message: '请说明需要补充哪些证据' } });
    await this.act(
      () => askEvidence(d.disputeId, missing, this.ids.idFor(`ask:${d.disputeId}:${missing}`)),
      '已退回申请人补充证据',
    );
  }

  /** Opens one evidence file through its short-lived link. */
  async openFile(materialId: string): Promise<void> {
    const l = this.detail ? this.detail.links.find((x) => x.materialId === materialId) : undefined;
    if (!l) return;
    try {
      await openMaterialUrl(l.url, l.mime);
    } catch (e) {
      this.set({ op: { state: 'error', message: errorText(e) } });
    }
  }

  private async act(run: () => Promise<Detail>, done: string): Promise<void> {
    this.set({ op: { state: 'saving', message: '正在提交…' } });
    try {
      const d = await run();
      this.ids.done();
      this.show(d);
      this.set({ op: { state: 'saved', message: done } });
      const q = await disputeQueue();
      this.set({ items: q.disputes.map(disputeItem) });
    } catch (e) {
      this.set({ op: { state: 'error', message: errorText(e) } });
    }
  }

  private show(d: Detail): void {
    this.detail = d;
    this.set({
      open: {
        disputeId: d.disputeId,
        person: `${d.person.name}（${d.person.idNumberMasked}）`,
        outcome: outcomeView(d),
        files: d.lines.flatMap((l) =>
          l.evidence.map((m) => ({ materialId: m.materialId, fileName: m.fileName, line: l.indicatorId })),
        ),
        canRegister: d.actions.includes('register'),
        canAsk: d.actions.includes('askEvidence'),
        missing: this.missing,
      },
    });
  }

  private set(part: Partial<DisputesVM>): void {
    this.vm = { ...this.vm, ...part };
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): DisputesVM {
    return this.vm;
  }

  private emit(): void {
    if (!this.disposed) this.render(this.vm);
  }
}
