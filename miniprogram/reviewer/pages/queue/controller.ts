/**
 * 阅卷工作台 — the task queue: the reviewer's department's tasks, oldest result date first, filtered by status; a task
 * past its result date and still pending says so in words.
 */
import { TASK_STATUSES, type RecheckSummary, type TaskSummary } from '../../../../shared';
import { errorText } from '../../../services/api';
import { pageUrl } from '../../../routes';
import { reviewerDepartments, whoami } from '../../../services/roles';
import { listTasks, type TaskFilter } from '../../services/tasks';
import { listRechecks } from '../../services/disputes';
import { dateText } from '../../../utils/format';

/** A 复核 task in the queue: marked as such, listed apart from first review tasks. */
export interface RecheckItemView {
  recheckId: string;
  head: string;
  kindLabel: string;
  status: string;
  statusText: string;
  meta: string;
  /** `已超过复核期限（2021-12-01）` or ''. */
  overdueText: string;
}

/** A 复核 task as a queue item. */
export function recheckItem(r: RecheckSummary): RecheckItemView {
  return {
    recheckId: r.recheckId,
    head: `${r.indicatorId} ${r.indicatorName}`,
    kindLabel: r.kindLabel,
    status: r.overdue ? 'overdue' : r.status,
    statusText: r.statusLabel,
    meta: `回执 ${r.receiptNumber} · 复核期限 ${dateText(r.dueOn)}`,
    overdueText: r.overdue ? `已超过复核期限（${dateText(r.dueOn)}）仍未复核` : '',
  };
}

/** One task in the queue. */
export interface QueueItemView {
  taskId: string;
  head: string;
  receipt: string;
  status: string;
  statusText: string;
  dates: string;
  /** `已超过结果日期（2021-11-05）仍未阅卷` or ''. */
  overdueText: string;
}

/** Everything the page renders. */
export interface QueueVM {
  load: { state: 'loading' | 'ready' | 'empty' | 'error' | 'forbidden'; message: string };
  department: string;
  filters: { id: string; title: string; current: boolean }[];
  items: QueueItemView[];
  more: { has: boolean; state: 'idle' | 'loading' | 'error'; message: string };
  /** Pending 复核 tasks of the department (异议), apart from the first review tasks. */
  rechecks: RecheckItemView[];
}

const FILTERS: { id: TaskFilter; title: string }[] = [
  { id: 'pending', title: TASK_STATUSES.pending },
  { id: 'returned', title: TASK_STATUSES.returned },
  { id: 'confirmed', title: TASK_STATUSES.confirmed },
  { id: 'corrected', title: TASK_STATUSES.corrected },
  { id: 'rejected', title: TASK_STATUSES.rejected },
  { id: '', title: '全部' },
];

/** A task as a queue item. */
export function queueItem(t: TaskSummary): QueueItemView {
  return {
    taskId: t.taskId,
    head: `${t.indicatorId} ${t.indicatorName}`,
    receipt: `回执 ${t.receiptNumber}`,
    status: t.overdue ? 'overdue' : t.status,
    statusText: t.statusLabel,
    dates: `受理 ${dateText(t.acceptedOn)} · 结果日 ${dateText(t.resultDate)}`,
    overdueText: t.overdue ? `已超过结果日期（${dateText(t.resultDate)}）仍未阅卷` : '',
  };
}

/** The controller of the queue page. */
export class QueueController {
  private load: QueueVM['load'] = { state: 'loading', message: '' };
  private department = '';
  private filter: TaskFilter = 'pending';
  private tasks: TaskSummary[] = [];
  private next: string | undefined;
  private more: QueueVM['more'] = { has: false, state: 'idle', message: '' };
  private rechecks: RecheckSummary[] = [];
  private disposed = false;

  constructor(private readonly render: (vm: QueueVM) => void) {}

  /** Checks the role, then loads the first page. */
  async start(): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      const departments = reviewerDepartments(await whoami());
      if (!departments.length) {
        this.load = { state: 'forbidden', message: '您没有阅卷权限。阅卷人员由管理员授予角色并指定所属部门。' };
        return this.emit();
      }
      await Promise.all([this.reload(), this.loadRechecks()]);
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
      this.emit();
    }
  }

  /** Loads the first page of the current filter. */
  async reload(): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      const page = await listTasks(this.filter, undefined);
      this.department = page.department;
      this.tasks = page.tasks;
      this.next = page.next;
      this.more = { has: !!page.next, state: 'idle', message: '' };
      this.load = page.tasks.length ? { state: 'ready', message: '' } : { state: 'empty', message: this.emptyText() };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** The department's pending 复核 tasks; a failure leaves the first review queue as it is. */
  async loadRechecks(): Promise<void> {
    try {
      this.rechecks = (await listRechecks('pending')).rechecks;
    } catch {
      this.rechecks = [];
    }
    this.emit();
  }

  /** Opens a 复核 task. */
  openRecheck(recheckId: string): void {
    if (this.rechecks.some((r) => r.recheckId === recheckId))
      void wx.navigateTo({ url: pageUrl('reviewerRecheck', { recheckId }) });
  }

  private emptyText(): string {
    const f = FILTERS.find((x) => x.id === this.filter);
    return this.filter ? `没有“${f ? f.title : ''}”的任务` : '本部门还没有阅卷任务';
  }

  /** 加载更多. */
  async loadMore(): Promise<void> {
    if (!this.next || this.more.state === 'loading') return;
    this.more = { ...this.more, state: 'loading', message: '' };
    this.emit();
    try {
      const page = await listTasks(this.filter, this.next);
      this.tasks = [...this.tasks, ...page.tasks];
      this.next = page.next;
      this.more = { has: !!page.next, state: 'idle', message: '' };
    } catch (e) {
      this.more = { ...this.more, state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Picks a filter. */
  async setFilter(id: string): Promise<void> {
    const f = FILTERS.find((x) => x.id === id);
    if (!f || f.id === this.filter) return;
    this.filter = f.id;
    await this.reload();
  }

  /** Opens a task. */
  open(taskId: string): void {
    if (this.tasks.some((t) => t.taskId === taskId)) void wx.navigateTo({ url: pageUrl('reviewerTask', { taskId }) });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): QueueVM {
    return {
      load: this.load,
      department: this.department,
      filters: FILTERS.map((f) => ({ id: f.id || 'all', title: f.title, current: f.id === this.filter })),
      items: this.tasks.map(queueItem),
      more: this.more,
      rechecks: this.rechecks.map(recheckItem),
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
