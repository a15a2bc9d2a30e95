/**
 * 落户审核 — the household-registration window's queue (市公安局): the round's settlement applications in one status,
 * oldest submission first; tap one to review it.
 */
import type { SettlementSummary } from '../../../../shared';
import { errorText } from '../../../services/api';
import { pageUrl } from '../../../routes';
import { beijingDateTime } from '../../../utils/format';
import { settlementQueue, type SettlementFilter } from '../../services/settlements';

/** One application in the queue. */
export interface SettlementItemView {
  settlementId: string;
  head: string;
  meta: string;
  status: string;
  statusText: string;
  url: string;
}

/** Everything the page renders. */
export interface SettlementsVM {
  load: { state: 'loading' | 'ready' | 'empty' | 'error'; message: string };
  filters: { id: SettlementFilter; title: string; current: boolean }[];
  items: SettlementItemView[];
  more: boolean;
}

const FILTERS: { id: SettlementFilter; title: string }[] = [
  { id: 'submitted', title: '待审核' },
  { id: 'correction', title: '待补正' },
  { id: 'verified', title: '审核通过' },
  { id: 'noticed', title: '待办结落户' },
  { id: 'settled', title: '已落户' },
];

/** An application as a queue item. */
export function settlementItem(s: SettlementSummary): SettlementItemView {
  const parts = [s.receiptNumber ? `回执 ${s.receiptNumber}` : '', s.total ? `确认积分 ${s.total} 分` : ''];
  if (s.districtLabel) parts.push(s.districtLabel);
  if (s.submittedAt) parts.push(`提交于 ${beijingDateTime(s.submittedAt)}`);
  return {
    settlementId: s.settlementId,
    head: s.name,
    meta: parts.filter(Boolean).join(' · '),
    status: s.status,
    statusText: s.statusLabel,
    url: pageUrl('reviewerSettlement', { settlementId: s.settlementId }),
  };
}

/** The controller of the queue page. */
export class SettlementsController {
  private filter: SettlementFilter = 'submitted';
  private items: SettlementItemView[] = [];
  private next: string | undefined;
  private load: SettlementsVM['load'] = { state: 'loading', message: '' };
  private disposed = false;

  constructor(private readonly render: (vm: SettlementsVM) => void) {}

  /** Loads the queue for the current filter. */
  async start(): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.items = [];
    this.emit();
    try {
      const res = await settlementQueue(this.filter);
      this.items = res.settlements.map(settlementItem);
      this.next = res.next;
      this.load = this.items.length
        ? { state: 'ready', message: '' }
        : { state: 'empty', message: '没有这个状态的落户申请' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Another status. */
  async setFilter(id: string): Promise<void> {
    const f = FILTERS.find((x) => x.id === id);
    if (!f || f.id === this.filter) return;
    this.filter = f.id;
    await this.start();
  }

  /** 加载更多. */
  async more(): Promise<void> {
    if (!this.next) return;
    try {
      const res = await settlementQueue(this.filter, this.next);
      this.items = [...this.items, ...res.settlements.map(settlementItem)];
      this.next = res.next;
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Opens an application of the list. */
  open(url: string): void {
    if (this.items.some((i) => i.url === url)) void wx.navigateTo({ url });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): SettlementsVM {
    return {
      load: this.load,
      filters: FILTERS.map((f) => ({ ...f, current: f.id === this.filter })),
      items: this.items,
      more: !!this.next,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
