/**
 * 落户分数线与公示 of one round, for administrators: the quota and the rule for ties at the line (quota rounds), the
 * publicity length, and — once published — what the line decided and the publicity window. Every value shows where it
 * comes from (set by an administrator, or the rule data's default); what may be changed comes only from the line's
 * `actions`.
 */
import { TIE_RULES, type LineRes, type TieRule } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { errorWithFields } from '../../../utils/errors';
import { beijingDateTime, dateText } from '../../../utils/format';
import { getLine, setPublicityDays, setQuota } from '../../services/admin';

/** An operation's state. */
export interface Op {
  state: 'idle' | 'saving' | 'saved' | 'error';
  message: string;
}

/** Everything the page renders. */
export interface LineVM {
  load: { state: 'loading' | 'ready' | 'error'; message: string };
  head: { roundName: string; modeText: string; statusLabel: string } | null;
  /** Quota rounds before publishing: the quota and tie rule form; null otherwise. */
  quota: {
    editable: boolean;
    value: string;
    rules: { value: TieRule; label: string; text: string; current: boolean }[];
    sourceText: string;
    op: Op;
  } | null;
  publicity: { editable: boolean; value: string; sourceText: string; op: Op };
  /** Once published: the decision in one sentence, the window, how many were moved. */
  published: { summary: string; lines: string[] } | null;
}

const RULES = Object.keys(TIE_RULES) as TieRule[];

function setByText(v: LineRes['tieRule'] | LineRes['publicityWorkingDays'], what: string): string {
  return v.setBy === 'admin' ? `${what}由管理员设置` : `${what}为默认值（政策未作规定，可按本年度情况修改）`;
}

/** The controller of the line page. */
export class LineController {
  private roundId = '';
  private line: LineRes | null = null;
  private load: LineVM['load'] = { state: 'loading', message: '' };
  private quota = '';
  private rule: TieRule = 'admitAllAtLine';
  private days = '';
  private quotaOp: Op = { state: 'idle', message: '' };
  private daysOp: Op = { state: 'idle', message: '' };
  private readonly quotaIds = new AttemptIds();
  private readonly daysIds = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: LineVM) => void) {}

  /** Loads the round's line. */
  async start(roundId: string | null): Promise<void> {
    this.roundId = roundId ?? '';
    this.load = { state: 'loading', message: '' };
    this.emit();
    if (!roundId) {
      this.load = { state: 'error', message: '缺少年度，请从管理工作台打开' };
      return this.emit();
    }
    try {
      this.adopt(await getLine(roundId));
      this.load = { state: 'ready', message: '' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  private adopt(l: LineRes): void {
    this.line = l;
    this.quota = l.quota === null ? '' : String(l.quota);
    this.rule = l.tieRule.value;
    this.days = String(l.publicityWorkingDays.value);
  }

  /** The quota as typed. */
  setQuotaText(v: string): void {
    this.quota = v.trim();
    this.quotaOp = { state: 'idle', message: '' };
    this.emit();
  }

  /** The tie rule picked. */
  setRule(v: string): void {
    if (!RULES.includes(v as TieRule)) return;
    this.rule = v as TieRule;
    this.quotaOp = { state: 'idle', message: '' };
    this.emit();
  }

  /** The publicity length as typed. */
  setDaysText(v: string): void {
    this.days = v.trim();
    this.daysOp = { state: 'idle', message: '' };
    this.emit();
  }

  /** 保存名额. */
  async saveQuota(): Promise<void> {
    if (!this.line || !this.line.actions.includes('setQuota') || this.quotaOp.state === 'saving') return;
    if (!/^\d{1,7}$/.test(this.quota) || Number(this.quota) < 1) {
      this.quotaOp = { state: 'error', message: '落户名额请填写正整数' };
      return this.emit();
    }
    this.quotaOp = { state: 'saving', message: '正在保存…' };
    this.emit();
    try {
      const key = `${this.quota}:${this.rule}`;
      this.adopt(await setQuota(this.roundId, Number(this.quota), this.rule, this.quotaIds.idFor(key)));
      this.quotaIds.done();
      this.quotaOp = { state: 'saved', message: `已保存：名额 ${this.quota} 名，${TIE_RULES[this.rule].label}` };
    } catch (e) {
      this.quotaOp = { state: 'error', message: errorWithFields(e) };
    }
    this.emit();
  }

  /** 保存公示期. */
  async saveDays(): Promise<void> {
    if (!this.line || !this.line.actions.includes('setPublicity') || this.daysOp.state === 'saving') return;
    if (!/^\d{1,2}$/.test(this.days) || Number(this.days) < 1) {
      this.daysOp = { state: 'error', message: '公示期请填写工作日数（正整数）' };
      return this.emit();
    }
    this.daysOp = { state: 'saving', message: '正在保存…' };
    this.emit();
    try {
      this.adopt(await setPublicityDays(this.roundId, Number(this.days), this.daysIds.idFor(this.days)));
      this.daysIds.done();
      this.daysOp = { state: 'saved', message: `已保存：公示 ${this.days} 个工作日` };
    } catch (e) {
      this.daysOp = { state: 'error', message: errorWithFields(e) };
    }
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): LineVM {
    const l = this.line;
    if (!l) {
      return {
        load: this.load,
        head: null,
        quota: null,
        publicity: { editable: false, value: '', sourceText: '', op: this.daysOp },
        published: null,
      };
    }
    return {
      load: this.load,
      head: {
        roundName: l.roundName,
        modeText: l.quotaMode === 'quota' ? '按名额确定落户分数线' : '不设名额：积分满 100 分即准入',
        statusLabel: l.statusLabel,
      },
      quota:
        l.quotaMode === 'quota'
          ? {
              editable: l.actions.includes('setQuota'),
              value: this.quota,
              rules: RULES.map((r) => ({ value: r, ...TIE_RULES[r], current: r === this.rule })),
              sourceText: setByText(l.tieRule, '同分处理规则'),
              op: this.quotaOp,
            }
          : null,
      publicity: {
        editable: l.actions.includes('setPublicity'),
        value: this.days,
        sourceText: setByText(l.publicityWorkingDays, '公示期'),
        op: this.daysOp,
      },
      published: publishedView(l),
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}

/** What publishing decided, once it has. */
export function publishedView(l: LineRes): LineVM['published'] {
  if (!l.decision) return null;
  const lines: string[] = [];
  if (l.publishedAt) lines.push(`公布时间：${beijingDateTime(l.publishedAt)}`);
  if (l.publicity)
    lines.push(
      `公示期：${dateText(l.publicity.from)} 至 ${dateText(l.publicity.to)}（${l.publicity.workingDays} 个工作日）`,
    );
  if (l.publicity) lines.push(`准入通知书：${dateText(l.publicity.noticesOn)} 起签发`);
  lines.push(`准入 ${l.decision.admitted} 人，未准入 ${l.decision.notAdmitted} 人`);
  if (l.openObjections !== undefined) lines.push(`待处理的公示异议：${l.openObjections} 件`);
  return { summary: l.decision.summary, lines };
}
