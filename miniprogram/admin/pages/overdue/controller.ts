/**
 * 逾期案件: cases past their result date with departments still reviewing, and 复核 tasks past the limit; and the
 * 复核 limit itself (working days a department has for a re-review), which an administrator sets here.
 */
import type { OverdueRes } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { dateText } from '../../../utils/format';
import { overdueCases, setRecheckLimit } from '../../services/admin';

/** One overdue case or 复核 task as a line. */
export interface OverdueLine {
  key: string;
  title: string;
  text: string;
}

/** Everything the page renders. */
export interface OverdueVM {
  load: { state: 'loading' | 'ready' | 'error'; message: string };
  cases: OverdueLine[];
  rechecks: OverdueLine[];
  limit: string;
  op: { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };
}

/** The lines of a `case.overdue` answer. */
export function overdueLines(res: OverdueRes): { cases: OverdueLine[]; rechecks: OverdueLine[] } {
  return {
    cases: res.cases.map((c) => ({
      key: c.applicationId,
      title: `回执 ${c.receiptNumber}`,
      text: `应于 ${dateText(c.resultDate)} 出结果，仍在审核：${[...new Set(c.pendingTasks.map((t) => t.department))].join('、')}`,
    })),
    rechecks: (res.rechecks ?? []).map((r) => ({
      key: r.recheckId,
      title: `回执 ${r.receiptNumber}`,
      text: `${r.department}的复核应于 ${dateText(r.dueOn)} 前完成`,
    })),
  };
}

/** The controller of the overdue page. */
export class OverdueController {
  private vm: OverdueVM = {
    load: { state: 'loading', message: '' },
    cases: [],
    rechecks: [],
    limit: '',
    op: { state: 'idle', message: '' },
  };
  private readonly ids = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: OverdueVM) => void) {}

  /** Loads the overdue report. */
  async start(): Promise<void> {
    this.vm = { ...this.vm, load: { state: 'loading', message: '' } };
    this.emit();
    try {
      this.vm = { ...this.vm, load: { state: 'ready', message: '' }, ...overdueLines(await overdueCases()) };
    } catch (e) {
      this.vm = { ...this.vm, load: { state: 'error', message: errorText(e) }, cases: [], rechecks: [] };
    }
    this.emit();
  }

  /** The limit as typed. */
  setLimit(v: string): void {
    this.vm = { ...this.vm, limit: v.trim(), op: { state: 'idle', message: '' } };
    this.emit();
  }

  /** 保存复核期限, then the report again (what counts as overdue changed). */
  async saveLimit(): Promise<void> {
    if (this.vm.op.state === 'saving') return;
    const v = this.vm.limit;
    if (!/^\d{1,2}$/.test(v) || Number(v) < 1 || Number(v) > 60) {
      this.vm = { ...this.vm, op: { state: 'error', message: '复核期限请填写 1 到 60 之间的工作日数' } };
      return this.emit();
    }
    this.vm = { ...this.vm, op: { state: 'saving', message: '正在保存…' } };
    this.emit();
    try {
      const res = await setRecheckLimit(Number(v), this.ids.idFor(v));
      this.ids.done();
      this.vm = { ...this.vm, op: { state: 'saved', message: `复核期限已设为 ${res.workingDays} 个工作日` } };
    } catch (e) {
      this.vm = { ...this.vm, op: { state: 'error', message: errorText(e) } };
      return this.emit();
    }
    this.emit();
    await this.start();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): OverdueVM {
    return this.vm;
  }

  private emit(): void {
    if (!this.disposed) this.render(this.vm);
  }
}
