/**
 * One round's settings as an administrator changes them: the points application and settlement windows (dates picked,
 * never typed) and how settlement admits (quota line or 100 points); the publicity length belongs to the round's line
 * (line page). The admin function checks the whole sequence of rounds and answers every problem in words; nothing is
 * saved then.
 */
import type { Round } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { dateText } from '../../../utils/format';
import { listRounds, putRound } from '../../services/admin';
import { QUOTA_MODE_TEXT } from '../workspace/workspace-view';

/** A date of the round the administrator can change. */
export type DateKey = 'application.from' | 'application.to' | 'settlement.from' | 'settlement.to';

const DATE_FIELDS: { key: DateKey; label: string }[] = [
  { key: 'application.from', label: '积分申请开始' },
  { key: 'application.to', label: '积分申请截止' },
  { key: 'settlement.from', label: '积分落户申请开始' },
  { key: 'settlement.to', label: '积分落户申请截止' },
];

/** Everything the page renders. */
export interface RoundVM {
  load: { state: 'loading' | 'ready' | 'error'; message: string };
  name: string;
  dates: { key: DateKey; label: string; value: string; text: string }[];
  quota: { value: Round['quotaMode']; label: string; current: boolean }[];
  changed: boolean;
  op: { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };
}

function dateOf(r: Round, key: DateKey): string {
  const [w, end] = key.split('.') as ['application' | 'settlement', 'from' | 'to'];
  return r[w][end];
}

function withDate(r: Round, key: DateKey, value: string): Round {
  const [w, end] = key.split('.') as ['application' | 'settlement', 'from' | 'to'];
  return { ...r, [w]: { ...r[w], [end]: value } };
}

/** The controller of a round's editor. */
export class RoundController {
  private saved: Round | null = null;
  private draft: Round | null = null;
  private load: RoundVM['load'] = { state: 'loading', message: '' };
  private op: RoundVM['op'] = { state: 'idle', message: '' };
  private readonly ids = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: RoundVM) => void) {}

  /** Loads the round of `year`. */
  async start(year: string | null): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      const round = (await listRounds()).find((r) => String(r.year) === year);
      if (!round) {
        this.load = { state: 'error', message: year ? `没有${year}年度的设置` : '缺少年度，请从管理工作台打开' };
      } else {
        this.saved = round;
        this.draft = round;
        this.load = { state: 'ready', message: '' };
      }
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** A date picked for one of the windows. */
  setDate(key: string, value: string): void {
    const f = DATE_FIELDS.find((x) => x.key === key);
    if (!this.draft || !f || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
    this.draft = withDate(this.draft, f.key, value);
    this.op = { state: 'idle', message: '' };
    this.emit();
  }

  /** 按名额 / 不设名额. */
  setQuotaMode(value: string): void {
    if (!this.draft || (value !== 'quota' && value !== 'none')) return;
    this.draft = { ...this.draft, quotaMode: value };
    this.op = { state: 'idle', message: '' };
    this.emit();
  }

  /** 保存: the whole round goes to the server, which checks it against every other round. */
  async save(): Promise<void> {
    if (!this.draft || this.op.state === 'saving') return;
    const round: Round = this.draft;
    this.op = { state: 'saving', message: '正在保存…' };
    this.emit();
    try {
      const saved = await putRound(round, this.ids.idFor(JSON.stringify(round)));
      this.ids.done();
      this.saved = saved;
      this.draft = saved;
      this.op = { state: 'saved', message: '已保存' };
    } catch (e) {
      this.op = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): RoundVM {
    const r = this.draft;
    if (!r) {
      return { load: this.load, name: '', dates: [], quota: [], changed: false, op: this.op };
    }
    return {
      load: this.load,
      name: r.name,
      dates: DATE_FIELDS.map((f) => ({ ...f, value: dateOf(r, f.key), text: dateText(dateOf(r, f.key)) })),
      quota: (['quota', 'none'] as const).map((m) => ({
        value: m,
        label: QUOTA_MODE_TEXT[m],
        current: r.quotaMode === m,
      })),
      changed: r !== this.saved,
      op: this.op,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
