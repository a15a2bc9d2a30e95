/**
 * 落户分数线与公示 of one round, for administrators: the quota and the rule for ties at the line (quota rounds), the
 * publicity length, the preview (the line the quota implies, how many each candidate line admits, a histogram of
 * totals), publishing the line behind a confirm step that says it is final, and — once published — what the line
 * decided and the publicity window. Every value shows where it comes from (set by an administrator, or the rule
 * data's default); what may be done comes only from the line's `actions`.
 */
import { TIE_RULES, type LinePreviewRes, type LineRes, type TieRule } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { errorWithFields } from '../../../utils/errors';
import { beijingDateTime, dateText } from '../../../utils/format';
import { getLine, previewLine, publishLine, setPublicityDays, setQuota } from '../../services/admin';
import { histogram, type HistogramView } from './histogram';

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
  /** 预览: what the quota implies, before anything is written. */
  preview: {
    op: Op;
    summary: string;
    counts: string[];
    candidates: { key: string; text: string }[];
    histogram: HistogramView | null;
  };
  /** 公布分数线: offered when the line's actions allow it; `confirming` shows the final warning and its button. */
  publish: { can: boolean; confirming: boolean; op: Op };
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
  private previewRes: LinePreviewRes | null = null;
  private previewOp: Op = { state: 'idle', message: '' };
  private confirming = false;
  private publishOp: Op = { state: 'idle', message: '' };
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

  /** 预览分数线: with the quota as typed when it is a number, else the stored one. */
  async preview(): Promise<void> {
    if (!this.line || this.previewOp.state === 'saving') return;
    const typed = /^\d{1,7}$/.test(this.quota) && Number(this.quota) > 0 ? Number(this.quota) : undefined;
    this.previewOp = { state: 'saving', message: '正在计算…' };
    this.emit();
    try {
      this.previewRes = await previewLine(this.roundId, this.line.quotaMode === 'quota' ? typed : undefined);
      this.previewOp = { state: 'idle', message: '' };
    } catch (e) {
      this.previewRes = null;
      this.previewOp = { state: 'error', message: errorWithFields(e) };
    }
    this.emit();
  }

  /** 公布分数线: first the confirm step, which says the line is final. */
  askPublish(): void {
    if (!this.line || !this.line.actions.includes('publish')) return;
    this.confirming = true;
    this.publishOp = { state: 'idle', message: '' };
    this.emit();
  }

  /** 取消 at the confirm step: nothing is published. */
  cancelPublish(): void {
    this.confirming = false;
    this.emit();
  }

  /** 确认公布: the line becomes final; the admitted list is written and published. */
  async publish(): Promise<void> {
    if (!this.line || !this.confirming || this.publishOp.state === 'saving') return;
    this.publishOp = { state: 'saving', message: '正在公布，请不要离开本页…' };
    this.emit();
    try {
      const res = await publishLine(this.roundId);
      this.adopt(res);
      this.confirming = false;
      this.publishOp = res.done
        ? { state: 'saved', message: '已公布：分数线为最终结果，准入名单已进入公示' }
        : { state: 'error', message: '分数线已确定，名单还在写入中，请稍后刷新本页继续' };
    } catch (e) {
      this.publishOp = { state: 'error', message: errorWithFields(e) };
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
        preview: { op: this.previewOp, summary: '', counts: [], candidates: [], histogram: null },
        publish: { can: false, confirming: false, op: this.publishOp },
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
      preview: { op: this.previewOp, ...previewView(this.previewRes) },
      publish: { can: l.actions.includes('publish'), confirming: this.confirming, op: this.publishOp },
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

/** The preview in words: the decision, the counts, each candidate line, the histogram. */
export function previewView(p: LinePreviewRes | null): Omit<LineVM['preview'], 'op'> {
  if (!p) return { summary: '', counts: [], candidates: [], histogram: null };
  const d = p.decision;
  const counts = [
    `参与排序 ${p.ranked} 人（已审核通过的落户申请）`,
    `准入 ${d.admitted} 人，未准入 ${d.notAdmitted} 人`,
  ];
  if (d.line !== null) counts.push(`与分数线同分 ${d.atLine} 人${d.overQuota ? `，超出名额 ${d.overQuota} 人` : ''}`);
  if (p.belowQualifying) counts.push(`未达到 ${d.qualifying} 分的 ${p.belowQualifying} 人不参与准入`);
  return {
    summary: d.summary,
    counts,
    candidates: p.candidates.map((c) => ({
      key: c.line,
      text: `分数线 ${c.line} 分：准入 ${c.admitted} 人（其中同分 ${c.atLine} 人${c.overQuota ? `，超出名额 ${c.overQuota} 人` : ''}）`,
    })),
    histogram: histogram(p.histogram, d.line),
  };
}
