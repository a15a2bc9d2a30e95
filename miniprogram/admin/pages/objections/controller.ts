/**
 * 公示异议 of one round, for administrators: who is objected to (their place on the list), the objection as written,
 * the objector's contact and when it came; and resolving one — 异议成立 (the person leaves the list and is told the
 * reason) or 异议不成立 — with a reason, only as the objection's `actions` allow. Reading the contacts is audited by
 * the function.
 */
import type { ObjectionView } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { errorWithFields } from '../../../utils/errors';
import { beijingDateTime } from '../../../utils/format';
import { listObjections, resolveObjection } from '../../services/admin';

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
  /** The outcomes the administrator may pick now (from the objection's actions). */
  outcomes: { value: 'uphold' | 'dismiss'; label: string }[];
}

/** The resolve form of one objection. */
export interface ResolveForm {
  id: string;
  outcome: 'uphold' | 'dismiss';
  /** `异议成立：该申请人将从公示名单中取消准入，并收到以下理由` … */
  heading: string;
  reason: string;
  op: { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };
}

/** Everything the page renders. */
export interface ObjectionsVM {
  load: { state: 'loading' | 'ready' | 'empty' | 'error'; message: string };
  filters: { id: string; title: string; current: boolean }[];
  items: ObjectionLine[];
  form: ResolveForm | null;
}

const OUTCOMES = [
  { value: 'uphold', label: '异议成立' },
  { value: 'dismiss', label: '异议不成立' },
] as const;

const HEADINGS = {
  uphold: '异议成立：该申请人将被取消准入、移出公示名单，并收到下面填写的理由',
  dismiss: '异议不成立：该申请人留在名单中，理由随异议存档',
};

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
    outcomes: OUTCOMES.filter((x) => o.actions.includes(x.value)).map((x) => ({ ...x })),
  };
}

/** The controller of the objections page. */
export class ObjectionsController {
  protected roundId = '';
  protected filter: Filter = 'open';
  protected objections: ObjectionView[] = [];
  protected load: ObjectionsVM['load'] = { state: 'loading', message: '' };
  private form: ResolveForm | null = null;
  private readonly ids = new AttemptIds();
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

  /** 异议成立 / 异议不成立 on one objection: opens its form (only an outcome its actions allow). */
  choose(id: string, outcome: string): void {
    const o = this.objections.find((x) => x.id === id);
    const pick = OUTCOMES.find((x) => x.value === outcome);
    if (!o || !pick || !o.actions.includes(pick.value)) return;
    this.form = {
      id,
      outcome: pick.value,
      heading: HEADINGS[pick.value],
      reason: '',
      op: { state: 'idle', message: '' },
    };
    this.emit();
  }

  /** The reason as typed. */
  setReason(v: string): void {
    if (!this.form) return;
    this.form = { ...this.form, reason: v };
    this.emit();
  }

  /** 取消. */
  cancel(): void {
    this.form = null;
    this.emit();
  }

  /** 确认处理. */
  async resolve(): Promise<void> {
    const f = this.form;
    if (!f || f.op.state === 'saving') return;
    const reason = f.reason.trim();
    if (reason.length < 4) return this.formOp('error', '处理理由至少 4 个字');
    this.formOp('saving', '正在提交…');
    try {
      const res = await resolveObjection(f.id, f.outcome, reason, this.ids.idFor(`${f.id}:${f.outcome}:${reason}`));
      this.ids.done();
      this.objections = this.objections.map((o) => (o.id === f.id ? res.objection : o));
      this.formOp('saved', res.removed ? '已处理：异议成立，该申请人已移出公示名单并收到通知' : '已处理：异议不成立');
    } catch (e) {
      this.formOp('error', errorWithFields(e));
    }
  }

  private formOp(state: ResolveForm['op']['state'], message: string): void {
    if (!this.form) return;
    this.form = { ...this.form, op: { state, message } };
    this.emit();
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
      form: this.form,
    };
  }

  protected emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
