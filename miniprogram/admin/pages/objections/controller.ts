/**
 * 公示异议 of one round, for administrators: who is objected to (their place on the list), the objection as written,
 * the objector's contact and when it came; open ones first. Reading the contacts is audited by the function.
 */
import type { ObjectionView } from '../../../../shared';
import { errorText } from '../../../services/api';
import { beijingDateTime } from '../../../utils/format';
import { listObjections } from '../../services/admin';

/** One objection as the page shows it. */
export interface ObjectionLine {
  id: string;
  status: string;
  statusLabel: string;
  /** `第 2 名 李* 西湖区 140 分` (and `已取消准入` once removed). */
  about: string;
  reason: string;
  /** `联系方式：0571-88886666（王先生） · 2022年3月11日 10:00 提交`. */
  from: string;
  resolution: string;
}

/** Everything the page renders. */
export interface ObjectionsVM {
  load: { state: 'loading' | 'ready' | 'empty' | 'error'; message: string };
  filters: { id: string; title: string; current: boolean }[];
  items: ObjectionLine[];
}

const FILTERS = [
  { id: 'open', title: '待处理' },
  { id: 'upheld', title: '异议成立' },
  { id: 'dismissed', title: '异议不成立' },
  { id: '', title: '全部' },
] as const;
type Filter = (typeof FILTERS)[number]['id'];

/** An objection as a line. */
export function objectionLine(o: ObjectionView): ObjectionLine {
  const e = o.entry;
  const about = e.maskedName
    ? `第 ${e.rank} 名 ${e.maskedName} ${e.districtName} ${e.total} 分${o.listed ? '' : '（已不在名单中）'}`
    : '名单中的这一条已不存在';
  return {
    id: o.id,
    status: o.status,
    statusLabel: o.statusLabel,
    about,
    reason: o.reason,
    from: `联系方式：${o.contact}${o.contactName ? `（${o.contactName}）` : ''} · ${beijingDateTime(o.submittedAt)} 提交`,
    resolution: o.resolution
      ? `${beijingDateTime(o.resolution.at)} 处理：${o.resolution.outcome === 'upheld' ? '异议成立' : '异议不成立'}，${o.resolution.reason}`
      : '',
  };
}

/** The controller of the objections page. */
export class ObjectionsController {
  protected roundId = '';
  protected filter: Filter = 'open';
  protected objections: ObjectionView[] = [];
  protected load: ObjectionsVM['load'] = { state: 'loading', message: '' };
  private disposed = false;

  constructor(protected readonly render: (vm: ObjectionsVM) => void) {}

  /** Loads the round's objections of the current filter. */
  async start(roundId: string | null): Promise<void> {
    this.roundId = roundId ?? '';
    await this.reload();
  }

  /** Reloads the list. */
  async reload(): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.emit();
    if (!this.roundId) {
      this.load = { state: 'error', message: '缺少年度，请从管理工作台打开' };
      return this.emit();
    }
    try {
      this.objections = (await listObjections(this.roundId, this.filter || undefined)).objections;
      this.load = this.objections.length
        ? { state: 'ready', message: '' }
        : { state: 'empty', message: this.filter === 'open' ? '没有待处理的公示异议' : '没有公示异议' };
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
    await this.reload();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): ObjectionsVM {
    return {
      load: this.load,
      filters: FILTERS.map((f) => ({ id: f.id, title: f.title, current: f.id === this.filter })),
      items: this.objections.map(objectionLine),
    };
  }

  protected emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
