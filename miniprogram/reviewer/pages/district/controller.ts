/**
 * 区积分受理点 — verification of entrustments: those awaiting the caller's district, each with both people (full ID
 * numbers, to compare with the cards), the age the ID number gives, and the letter / proof to open; 核验通过 puts
 * it in force, 不予核验 needs a reason. The function checks every right and rule again (a minor's age included).
 */
import { ENTRUSTMENT_SCOPES, type DistrictEntrustmentView } from '../../../../shared';
import { ApiError, AttemptIds, errorText } from '../../../services/api';
import { openMaterialUrl } from '../../../services/materials';
import { districtQueue, rejectEntrustment, reviewEntrustment, verifyEntrustment } from '../../services/district';

/** One entrustment as the acceptance point checks it. */
export interface DistrictItemView {
  entrustmentId: string;
  head: string;
  kindText: string;
  principalText: string;
  agentText: string;
  scopeText: string;
  /** For a minor whose age the ID number does not support: why it cannot be activated. */
  ageProblem: string;
  files: { materialId: string; fileName: string }[];
  reason: string;
  op: { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };
}

/** Everything the page renders. */
export interface DistrictVM {
  load: { state: 'loading' | 'ready' | 'empty' | 'error' | 'forbidden'; message: string };
  title: string;
  items: DistrictItemView[];
}

function kindText(e: DistrictEntrustmentView): string {
  if (e.kind === 'employer')
    return `用人单位代办：${e.employer?.name ?? ''}（${e.employer?.uscc ?? ''}）· 核对签字的书面委托书和双方身份证`;
  return `近亲属代办：${[e.relationship, e.reason].filter(Boolean).join(' · ')} · 核对关系证明和双方身份证`;
}

/** The controller of the district acceptance point's page. */
export class DistrictController {
  private load: DistrictVM['load'] = { state: 'loading', message: '' };
  private title = '';
  private list: DistrictEntrustmentView[] = [];
  private reasons: Record<string, string> = {};
  private ops: Record<string, DistrictItemView['op']> = {};
  private readonly ids = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: DistrictVM) => void) {}

  /** Loads the queue of the caller's district (FORBIDDEN → the page says who may use it). */
  async start(): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      const q = await districtQueue();
      this.title = `${q.districtName}积分受理点 · 待核验的委托`;
      this.list = q.entrustments;
      this.load = this.list.length ? { state: 'ready', message: '' } : { state: 'empty', message: '没有待核验的委托' };
    } catch (e) {
      this.load = {
        state: e instanceof ApiError && e.code === 'FORBIDDEN' ? 'forbidden' : 'error',
        message: errorText(e),
      };
    }
    this.emit();
  }

  /** The reason typed for 不予核验. */
  setReason(entrustmentId: string, reason: string): void {
    this.reasons = { ...this.reasons, [entrustmentId]: reason };
    this.emit();
  }

  /** Opens one letter / proof through a fresh short-lived link (the read is audited). */
  async openFile(entrustmentId: string, materialId: string): Promise<void> {
    try {
      const e = await reviewEntrustment(entrustmentId);
      const link = e.links.find((l) => l.materialId === materialId);
      const m = e.materials.find((x) => x.materialId === materialId);
      if (link && m) await openMaterialUrl(link.url, m.mime);
    } catch (err) {
      this.setOp(entrustmentId, { state: 'error', message: errorText(err) });
    }
  }

  /** 核验通过. */
  async verify(entrustmentId: string): Promise<void> {
    await this.act(
      entrustmentId,
      () => verifyEntrustment(entrustmentId, this.ids.idFor(`verify:${entrustmentId}`)),
      '已核验，委托生效',
    );
  }

  /** 不予核验 (with the typed reason). */
  async reject(entrustmentId: string): Promise<void> {
    const reason = (this.reasons[entrustmentId] ?? '').trim();
    if (!reason) return this.setOp(entrustmentId, { state: 'error', message: '请说明不予核验的原因' });
    await this.act(
      entrustmentId,
      () => rejectEntrustment(entrustmentId, reason, this.ids.idFor(`reject:${entrustmentId}:${reason}`)),
      '已不予核验',
    );
  }

  private async act(entrustmentId: string, run: () => Promise<unknown>, done: string): Promise<void> {
    this.setOp(entrustmentId, { state: 'saving', message: '' });
    try {
      await run();
      this.ids.done();
      this.list = this.list.filter((e) => e.entrustmentId !== entrustmentId);
      this.setOp(entrustmentId, { state: 'saved', message: done });
      if (!this.list.length) this.load = { state: 'empty', message: `${done}。没有其他待核验的委托` };
      this.emit();
    } catch (e) {
      this.setOp(entrustmentId, { state: 'error', message: errorText(e) });
    }
  }

  private setOp(id: string, op: DistrictItemView['op']): void {
    this.ops = { ...this.ops, [id]: op };
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): DistrictVM {
    return {
      load: this.load,
      title: this.title,
      items: this.list.map((e) => ({
        entrustmentId: e.entrustmentId,
        head: `${e.principal.name} ← ${e.agent.name}`,
        kindText: kindText(e),
        principalText: `委托人 ${e.principal.name} · 身份证 ${e.principal.idNumber}${e.principal.ageToday === null ? '' : ` · ${e.principal.ageToday} 周岁`}`,
        agentText: `代办人 ${e.agent.name} · 身份证 ${e.agent.idNumber}`,
        scopeText: `委托事项：${e.scope.map((s) => ENTRUSTMENT_SCOPES[s]).join('、')}`,
        ageProblem: e.ageProblem ?? '',
        files: e.materials.map((m) => ({ materialId: m.materialId, fileName: m.fileName })),
        reason: this.reasons[e.entrustmentId] ?? '',
        op: this.ops[e.entrustmentId] ?? { state: 'idle', message: '' },
      })),
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
