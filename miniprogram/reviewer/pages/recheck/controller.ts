/**
 * 复核 of one disputed indicator by its department: the first review (what was published), the applicant's reason and
 * new evidence, and the decision — 维持 (uphold) or 更正 (revise: the declared facts are taken as re-verified, and
 * the function's engine computes the points; never a typed number) — both with a reason the applicant reads. The
 * choices come only from the task's `actions`.
 */
import type { PolicyVersion, RecheckDetail } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { openMaterialUrl } from '../../../services/materials';
import { currentRound } from '../../../services/round';
import { factsView, sectionFor, type FactView } from '../task/facts-view';
import { decideRecheck, getRecheck, type RecheckDecision } from '../../services/disputes';
import { dateText } from '../../../utils/format';

/** A decision choice. */
export type RecheckChoice = 'uphold' | 'revise';

const CHOICES: { value: RecheckChoice; label: string }[] = [
  { value: 'uphold', label: '维持原结果' },
  { value: 'revise', label: '更正：按申报的事实认定' },
];

/** Everything the page renders. */
export interface RecheckVM {
  load: { state: 'loading' | 'ready' | 'error'; message: string };
  head: { title: string; kindLabel: string; status: string; statusText: string; due: string; overdue: boolean } | null;
  first: { text: string; points: string; note: string };
  declared: FactView[];
  verified: FactView[];
  reason: string;
  evidence: { materialId: string; fileName: string }[];
  choices: { value: RecheckChoice; label: string; current: boolean }[];
  answer: string;
  /** `已复核：维持原结果` once decided, with the department's reason. */
  closed: string;
  op: { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };
}

const EMPTY: RecheckVM = {
  load: { state: 'loading', message: '' },
  head: null,
  first: { text: '', points: '', note: '' },
  declared: [],
  verified: [],
  reason: '',
  evidence: [],
  choices: [],
  answer: '',
  closed: '',
  op: { state: 'idle', message: '' },
};

/** The controller of one 复核 task. */
export class RecheckController {
  private task: RecheckDetail | null = null;
  private policy: PolicyVersion | null = null;
  private choice: RecheckChoice | null = null;
  private answer = '';
  private op: RecheckVM['op'] = { state: 'idle', message: '' };
  private load: RecheckVM['load'] = { state: 'loading', message: '' };
  private readonly ids = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: RecheckVM) => void) {}

  /** Loads the task (and the round's policy for the facts' labels; without it the facts are listed as they are). */
  async start(recheckId: string | null): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.emit();
    if (!recheckId) {
      this.load = { state: 'error', message: '缺少复核任务编号，请从阅卷工作台打开' };
      return this.emit();
    }
    try {
      const [task, round] = await Promise.all([getRecheck(recheckId), currentRound().catch(() => null)]);
      this.task = task;
      this.policy = round ? round.policy : null;
      this.load = { state: 'ready', message: '' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Picks uphold / revise (only those the task's actions allow). */
  choose(value: string): void {
    const t = this.task;
    if (!t || !t.actions.some((a) => a === value)) return;
    this.choice = value as RecheckChoice;
    this.emit();
  }

  /** The department's reason. */
  setAnswer(v: string): void {
    this.answer = v;
    this.emit();
  }

  /** Opens one evidence file through its short-lived link. */
  async openFile(materialId: string): Promise<void> {
    const m = this.task ? this.task.evidence.find((x) => x.materialId === materialId) : undefined;
    if (!m) return;
    try {
      await openMaterialUrl(m.url, m.mime);
    } catch (e) {
      this.op = { state: 'error', message: errorText(e) };
      this.emit();
    }
  }

  /** 提交复核结论. */
  async decide(): Promise<void> {
    const t = this.task;
    if (!t || this.op.state === 'saving') return;
    const reason = this.answer.trim();
    if (!this.choice) return this.fail('请选择复核结论');
    if (!reason) return this.fail(this.choice === 'uphold' ? '维持原结果时请说明理由' : '更正时请说明理由');
    const d: RecheckDecision =
      this.choice === 'uphold'
        ? { recheckId: t.recheckId, decision: 'uphold', reason }
        : { recheckId: t.recheckId, decision: 'revise', reason, facts: t.declaredFacts };
    this.op = { state: 'saving', message: '正在提交…' };
    this.emit();
    try {
      this.task = await decideRecheck(d, this.ids.idFor(JSON.stringify(d)));
      this.ids.done();
      this.op = { state: 'saved', message: '已提交复核结论' };
    } catch (e) {
      this.op = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  private fail(message: string): void {
    this.op = { state: 'error', message };
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): RecheckVM {
    const t = this.task;
    if (!t) return { ...EMPTY, load: this.load };
    const spec = sectionFor(t.indicatorId, [], this.policy);
    const decided = t.status !== 'pending';
    return {
      load: this.load,
      head: {
        title: `${t.indicatorId} ${t.indicatorName}`,
        kindLabel: t.kindLabel,
        status: t.overdue ? 'overdue' : t.status,
        statusText: t.statusLabel,
        due: `回执 ${t.receiptNumber} · 复核期限 ${dateText(t.dueOn)}`,
        overdue: t.overdue,
      },
      first: {
        text: `首次阅卷：${t.firstDecision.statusLabel}`,
        points: `公布的核定分 ${t.pointsBefore} 分`,
        note: t.firstDecision.note ? `首次阅卷意见：${t.firstDecision.note}` : '',
      },
      declared: factsView(t.declaredFacts, spec, this.policy),
      verified: factsView(t.verifiedFacts, spec, this.policy),
      reason: `申请人的异议理由：${t.reason}`,
      evidence: t.evidence.map((m) => ({ materialId: m.materialId, fileName: m.fileName })),
      choices: CHOICES.filter((c) => t.actions.some((a) => a === c.value)).map((c) => ({
        ...c,
        current: c.value === this.choice,
      })),
      answer: this.answer,
      closed: decided ? `已复核：${t.statusLabel}${t.decision ? `（${t.decision.reason}）` : ''}` : '',
      op: this.op,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
