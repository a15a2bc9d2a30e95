/**
 * The 积分测算 page's state and behaviour, free of the page API: the page hands every event to this controller and
 * renders the view model it emits. Scoring happens here, in the client, with the shared engine — on every change,
 * against the round and policy fetched once from `round.current`.
 */
import {
  parseProfile,
  score,
  type DraftSummary,
  type FieldError,
  type PolicyVersion,
  type Round,
  type RoundCurrentRes,
  type ScoreSheet,
} from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { errorWithFields } from '../../../utils/errors';
import { beijingDateTime, dateText } from '../../../utils/format';
import { getDraft, listDrafts, removeDraft, saveDraft } from '../../../services/drafts';
import { currentRound } from '../../../services/round';
import {
  acceptPrivacy,
  agreeWithWechat,
  answerPrivacyNeed,
  isPrivacyAccepted,
  listenForPrivacyNeeds,
} from '../../../services/privacy';
import {
  addEntry,
  boolValue,
  emptyProfile,
  entryAt,
  ENTRIES_PER_PAGE,
  entryPageCount,
  errorCountsByStep,
  normalizeDraft,
  removeEntry,
  restoreEntry,
  sectionSpec,
  sectionView,
  setField,
  unplacedErrors,
  type ProfileDraft,
  type SectionView,
} from '../../../forms/form-model';
import { RESULT_STEP, STEPS } from '../../../forms/form-spec';
import { factPageCount, sheetView, verdictView, type FactPages, type SheetView } from './sheet-view';
import { askToDelete, NO_CONFIRM, type ConfirmView, type UndoView } from '../../../forms/confirm-view';

/** Why a draft is not saved yet. */
export const NEEDS_CONSENT =
  '保存草稿会把填写的信息（含身份证号码）存到服务器，请先阅读并同意《个人信息保护指引》；测算本身不需要同意，也不会保存';

/** What 不同意 leaves the person with. */
export const CONSENT_DECLINED = '您没有同意，草稿没有保存，也不会记录任何个人信息。测算仍可继续使用。';

/** The privacy question asked before the first save: once, answered here (WeChat's own request included). */
export interface ConsentView {
  open: boolean;
  state: 'idle' | 'saving' | 'error';
  message: string;
}

/** Where the result leads: 去申请 while applications are accepted, else when they are. */
export interface ApplyLeadView {
  canApply: boolean;
  text: string;
}

/** The result's way on, from the round's phase (`round.current`, the server's today). */
export function applyLead(cur: Pick<RoundCurrentRes, 'round' | 'phase' | 'next'>): ApplyLeadView | null {
  const r = cur.round;
  if (!r) return null;
  const window = `${dateText(r.application.from)}至${dateText(r.application.to)}`;
  if (cur.phase === 'application')
    return { canApply: true, text: `${r.name}积分申请正在受理（${window}），可以去申请` };
  if (cur.phase === 'before-application')
    return { canApply: false, text: `${r.name}积分申请将于${dateText(r.application.from)}开始受理（${window}）` };
  const next = cur.next && cur.next.phase === 'application' ? `，下一次${dateText(cur.next.from)}起受理` : '';
  return {
    canApply: false,
    text: `${r.name}积分申请已于${dateText(r.application.to)}截止${next || '，下一年度的受理时间以公布为准'}`,
  };
}

/** The page's load state (the round and policy). */
export interface LoadView {
  state: 'loading' | 'ready' | 'empty' | 'error';
  message: string;
}

/** One chip of the step bar. */
export interface StepChipView {
  index: number;
  /** 1-based, as shown. */
  no: number;
  title: string;
  current: boolean;
  /** `2 处待改`, or ''. */
  badge: string;
}

/** The live total on every step. */
export interface SummaryView {
  /** none: no valid profile yet; fresh: the sheet of what is typed; stale: the last valid sheet, kept while errors exist. */
  state: 'none' | 'fresh' | 'stale';
  total: string;
  reaches: boolean;
  /** 一票否决: the verdict line reads as a refusal. */
  vetoed: boolean;
  /** The verdict or what is missing, in words. */
  text: string;
  icon: string;
  /** Why the total is not current, or ''. */
  staleText: string;
}

/** One saved draft in the list. */
export interface DraftItemView {
  draftId: string;
  title: string;
  updatedText: string;
  totalText: string;
  /** The draft being edited. */
  current: boolean;
}

/** The 我的草稿 panel. */
export interface DraftsView {
  open: boolean;
  state: 'idle' | 'loading' | 'ready' | 'empty' | 'error';
  /** Error of the list or of an action on it, or ''. */
  message: string;
  items: DraftItemView[];
}

/** The 保存草稿 form. */
export interface SaveView {
  title: string;
  state: 'idle' | 'saving' | 'saved' | 'error';
  message: string;
}

/** Everything the page renders. */
export interface SimulateVM {
  load: LoadView;
  /** The round scored against: `2021 年度（过渡轮次） · 计分截止日 2021-10-01`. */
  roundText: string;
  steps: StepChipView[];
  stepIndex: number;
  stepTitle: string;
  isFirst: boolean;
  isResult: boolean;
  sections: SectionView[];
  summary: SummaryView;
  /** The full sheet, only on the result step (it is the largest part of the view). */
  sheet: SheetView | null;
  /** Errors that belong to no step, shown on the result step. */
  otherErrors: string[];
  drafts: DraftsView;
  save: SaveView;
  consent: ConsentView;
  /** On the result step: 去申请, or when applications are accepted. */
  applyLead: ApplyLeadView | null;
  /** 删除草稿 asks first. */
  confirm: ConfirmView;
  /** An entry just removed, with 撤销; null otherwise. */
  entryUndo: UndoView | null;
}

/** Query parameters the page accepts (`?panel=drafts`, `?draftId=…`), as WeChat passes them. */
export type PageQuery = Record<string, string | undefined>;

/** Beijing time for display (kept here too for existing importers). */
export { beijingDateTime };

/** The controller of one page instance. */
export class SimulateController {
  private profile: ProfileDraft = emptyProfile();
  private ctx: { round: Round; policy: PolicyVersion } | null = null;
  private lead: ApplyLeadView | null = null;
  private load: LoadView = { state: 'loading', message: '' };
  private step = 0;
  private readonly touched = new Set<string>();
  private readonly revealed = new Set<string>();
  private errors: FieldError[] = [];
  private sheet: ScoreSheet | null = null;
  private sheetVM: { of: ScoreSheet; pages: FactPages; view: SheetView } | null = null;
  /** The page of facts each line of the result shows (a new sheet starts every line on its first page). */
  private factPages: FactPages = {};
  /** The page of entries each long list of the form shows (form-model's ENTRIES_PER_PAGE at a time). */
  private entryPages: Record<string, number> = {};
  private stale = false;
  private draftId: string | undefined;
  private drafts: DraftsView = { open: false, state: 'idle', message: '', items: [] };
  private draftList: DraftSummary[] = [];
  private saveState: SaveView = { title: '', state: 'idle', message: '' };
  private readonly saveIds = new AttemptIds();
  private readonly removeIds = new AttemptIds();
  private readonly consentIds = new AttemptIds();
  private consent: ConsentView = { open: false, state: 'idle', message: '' };
  private confirm: ConfirmView = NO_CONFIRM;
  private removed: { section: string; index: number; entry: unknown; text: string } | null = null;
  private pendingQuery: PageQuery | null = null;
  private disposed = false;

  constructor(private readonly render: (vm: SimulateVM) => void) {}

  /** Loads the round and policy, then applies the page query if one came first. */
  async start(): Promise<void> {
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      const cur = await currentRound();
      if (!cur.round || !cur.policy) {
        this.load = { state: 'empty', message: '当前没有可用的积分年度，暂时无法测算' };
      } else {
        this.ctx = { round: cur.round, policy: cur.policy };
        this.lead = applyLead(cur);
        this.load = { state: 'ready', message: '' };
        this.evaluate();
      }
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
    if (this.ctx && this.pendingQuery) {
      const q = this.pendingQuery;
      this.pendingQuery = null;
      await this.applyQuery(q);
    }
  }

  /** Handles `onLoad(query)`: `panel=drafts` opens 我的草稿, `draftId` opens that draft. */
  async applyQuery(query: PageQuery): Promise<void> {
    if (!this.ctx) {
      this.pendingQuery = query;
      return;
    }
    const draftId = typeof query.draftId === 'string' && query.draftId ? query.draftId : null;
    if (draftId) await this.openDraft(draftId);
    else if (query.panel === 'drafts') await this.toggleDrafts(true);
  }

  /** Stops rendering (the page is gone; late answers are dropped). */
  dispose(): void {
    this.disposed = true;
  }

  // ---- form ----

  /** Goes to a step; leaving a step reveals its errors. */
  goStep(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= STEPS.length || index === this.step) return;
    for (const s of STEPS[this.step].sections) this.revealed.add(s.key);
    this.step = index;
    this.removed = null;
    this.emit();
  }

  /** Next step. */
  next(): void {
    this.goStep(this.step + 1);
  }

  /** Previous step. */
  prev(): void {
    this.goStep(this.step - 1);
  }

  /** An input changed. */
  changeField(section: string, index: number, key: string, raw: unknown): void {
    if (!setField(this.profile, section, index, key, raw)) return;
    this.removed = null;
    this.touched.add(
      section === 'person' || section === 'marrowDonation' ? `${section}.${key}` : `${section}.${index}.${key}`,
    );
    this.changed();
  }

  /** Flips a yes/no field (a tap on its row). */
  toggleField(section: string, index: number, key: string): void {
    const current = boolValue(this.profile, section, index, key);
    if (current !== null) this.changeField(section, index, key, !current);
  }

  /** 添加一条. */
  addEntry(section: string): void {
    const index = addEntry(this.profile, section);
    if (index < 0) return;
    this.removed = null;
    // The new entry is on the last page: show it.
    this.entryPages[section] = Math.floor(index / ENTRIES_PER_PAGE);
    this.changed();
  }

  /** 上一页 / 下一页 of a long list of the form (`delta` −1 or +1); out of range, nothing happens. */
  turnEntryPage(section: string, delta: number): void {
    if (!Number.isInteger(delta)) return;
    const pages = entryPageCount(this.profile, section);
    const current = Math.min(this.entryPages[section] ?? 0, pages - 1);
    const page = current + delta;
    if (page < 0 || page >= pages) return;
    this.entryPages[section] = page;
    this.emit();
  }

  /** 删除 an entry, with 撤销 until the next change. Touched marks of the list are dropped: indexes shift. */
  removeEntry(section: string, index: number): void {
    const entry = entryAt(this.profile, section, index);
    if (!removeEntry(this.profile, section, index)) return;
    const spec = sectionSpec(section);
    const name = spec && spec.kind === 'list' ? spec.itemName : '';
    this.removed = { section, index, entry, text: `已删除${name} ${index + 1}` };
    for (const p of [...this.touched]) if (p.startsWith(`${section}.`)) this.touched.delete(p);
    this.revealed.add(section);
    this.changed();
  }

  /** 撤销: puts the entry just removed back where it was. */
  undoRemove(): void {
    const r = this.removed;
    if (!r || !restoreEntry(this.profile, r.section, r.index, r.entry)) return;
    this.removed = null;
    // The restored entry is shown where it was.
    this.entryPages[r.section] = Math.floor(r.index / ENTRIES_PER_PAGE);
    this.changed();
  }

  /** Starts over with an empty profile (a new, unsaved draft). */
  reset(): void {
    this.profile = emptyProfile();
    this.removed = null;
    this.touched.clear();
    this.entryPages = {};
    this.revealed.clear();
    this.sheet = null;
    this.draftId = undefined;
    this.saveState = { title: '', state: 'idle', message: '' };
    this.step = 0;
    this.changed();
  }

  private changed(): void {
    if (this.saveState.state === 'saved') this.saveState = { ...this.saveState, state: 'idle', message: '' };
    this.evaluate();
    this.emit();
  }

  /** parseProfile → score. An invalid profile keeps the last valid sheet, marked stale. */
  private evaluate(): void {
    if (!this.ctx) return;
    const r = parseProfile(this.profile);
    if (!r.ok) {
      this.errors = r.errors;
      this.stale = this.sheet !== null;
      return;
    }
    try {
      this.sheet = score(r.profile, this.ctx.policy, this.ctx.round);
      this.errors = [];
      this.stale = false;
    } catch (e) {
      // A bug in the engine must not blank the page: say so, and keep the last sheet.
      this.errors = [{ path: '', field: '测算', message: `无法计算：${e instanceof Error ? e.message : String(e)}` }];
      this.stale = this.sheet !== null;
    }
  }

  // ---- the profile, for pages that embed this form (积分申请) ----

  /** Fills the form with a profile from elsewhere (an application being resumed) and shows all its errors. */
  loadProfile(profile: Record<string, unknown>): void {
    this.profile = normalizeDraft(profile);
    this.removed = null;
    this.touched.clear();
    this.entryPages = {};
    for (const s of STEPS) for (const sec of s.sections) this.revealed.add(sec.key);
    this.sheet = null;
    this.draftId = undefined;
    this.step = 0;
    this.changed();
  }

  /** A copy of the profile as typed (it may be invalid). */
  profileSnapshot(): Record<string, unknown> {
    return JSON.parse(JSON.stringify(this.profile)) as Record<string, unknown>;
  }

  /** Problems of the profile as typed (all of them, shown or not); empty when it is valid. */
  profileErrors(): readonly FieldError[] {
    return this.errors;
  }

  /** Reveals every section's errors (before a save that the errors would refuse). */
  revealAll(): void {
    for (const s of STEPS) for (const sec of s.sections) this.revealed.add(sec.key);
    this.emit();
  }

  /** The round and policy the form scores against, once loaded. */
  context(): { round: Round; policy: PolicyVersion } | null {
    return this.ctx;
  }

  // ---- drafts ----

  /** The draft title input. */
  setTitle(title: string): void {
    this.saveState = { title, state: this.saveState.state === 'saving' ? 'saving' : 'idle', message: '' };
    this.emit();
  }

  /** 保存草稿: creates the draft, or overwrites the one being edited. A retry of a failed attempt reuses its requestId. */
  async save(): Promise<void> {
    if (this.saveState.state === 'saving') return;
    const title = this.saveState.title.trim();
    if (!title) {
      this.saveState = { ...this.saveState, state: 'error', message: '请填写草稿名称' };
      return this.emit();
    }
    // Testing needs no consent, but a draft keeps the ID number and records on the server: only after consent,
    // asked here, once, before the first save.
    try {
      if (!(await isPrivacyAccepted())) {
        this.saveState = { ...this.saveState, state: 'idle', message: '' };
        this.consent = { open: true, state: 'idle', message: NEEDS_CONSENT };
        return this.emit();
      }
    } catch (e) {
      this.saveState = { ...this.saveState, state: 'error', message: errorText(e) };
      return this.emit();
    }
    const input = { title, profile: this.profile, ...(this.draftId ? { draftId: this.draftId } : {}) };
    const requestId = this.saveIds.idFor(JSON.stringify(input));
    this.saveState = { ...this.saveState, state: 'saving', message: '' };
    this.emit();
    try {
      const saved = await saveDraft(input, requestId);
      this.saveIds.done();
      this.draftId = saved.draftId;
      this.saveState = { title: saved.title, state: 'saved', message: `已保存“${saved.title}”` };
      if (this.drafts.open) await this.refreshDrafts();
    } catch (e) {
      this.saveState = { ...this.saveState, state: 'error', message: errorWithFields(e) };
    }
    this.emit();
  }

  /** Holds WeChat's own privacy requests for this page's question (so WeChat's popup does not ask a second time). */
  listenForPrivacy(): void {
    listenForPrivacyNeeds(() => {
      this.consent = { open: true, state: 'idle', message: NEEDS_CONSENT };
      this.emit();
    });
  }

  /** 同意并保存: WeChat's agreement (its pending request answered, or asked once), the server's record, then the save. */
  async agreeAndSave(): Promise<void> {
    if (this.consent.state === 'saving') return;
    this.consent = { ...this.consent, state: 'saving' };
    this.emit();
    if (!(await agreeWithWechat('consent-agree'))) {
      this.consent = { open: true, state: 'error', message: '您没有同意微信的隐私授权，草稿没有保存' };
      return this.emit();
    }
    try {
      await acceptPrivacy(this.consentIds.idFor('privacy'));
      this.consentIds.done();
    } catch (e) {
      this.consent = { open: true, state: 'error', message: errorText(e) };
      return this.emit();
    }
    this.consent = { open: false, state: 'idle', message: '' };
    await this.save();
  }

  /** 不同意: WeChat's pending request is declined, nothing is recorded or saved, testing goes on. */
  declineConsent(): void {
    answerPrivacyNeed(false);
    this.consent = { open: false, state: 'idle', message: '' };
    this.saveState = { ...this.saveState, state: 'error', message: CONSENT_DECLINED };
    this.emit();
  }

  /** Opens or closes 我的草稿; opening (re)loads the list. */
  async toggleDrafts(open = !this.drafts.open): Promise<void> {
    this.drafts = { ...this.drafts, open };
    if (open) await this.refreshDrafts();
    else this.emit();
  }

  /** Loads the caller's drafts. */
  async refreshDrafts(): Promise<void> {
    this.drafts = { ...this.drafts, state: 'loading', message: '' };
    this.emit();
    try {
      this.draftList = await listDrafts();
      this.drafts = { ...this.drafts, state: this.draftList.length ? 'ready' : 'empty', message: '' };
    } catch (e) {
      this.drafts = { ...this.drafts, state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** Fills the form with a saved draft and shows all its errors. */
  async openDraft(draftId: string): Promise<void> {
    try {
      const d = await getDraft(draftId);
      this.profile = normalizeDraft(d.profile);
      this.removed = null;
      this.draftId = d.draftId;
      this.touched.clear();
      this.entryPages = {};
      for (const s of STEPS) for (const sec of s.sections) this.revealed.add(sec.key);
      this.sheet = null;
      this.saveState = { title: d.title, state: 'idle', message: '' };
      this.drafts = { ...this.drafts, open: false, message: '' };
      this.step = 0;
      this.evaluate();
    } catch (e) {
      this.drafts = { ...this.drafts, open: true, message: errorText(e) };
    }
    this.emit();
  }

  /** 删除 on a draft: asks first, naming it (a deleted draft cannot be restored). */
  askRemoveDraft(draftId: string): void {
    const d = this.draftList.find((x) => x.draftId === draftId);
    if (!d) return;
    this.confirm = askToDelete(draftId, '删除草稿', `删除“${d.title}”后不能恢复。正在填写的内容不受影响。`);
    this.emit();
  }

  /** The dialog's 删除: deletes the draft it asked about. */
  async confirmRemove(): Promise<void> {
    const target = this.confirm.target;
    this.confirm = NO_CONFIRM;
    if (target) await this.removeDraft(target);
    else this.emit();
  }

  /** The dialog's 取消: nothing is deleted. */
  cancelRemove(): void {
    this.confirm = NO_CONFIRM;
    this.emit();
  }

  /** Deletes a draft; the one being edited stays in the form, as a new unsaved draft. */
  async removeDraft(draftId: string): Promise<void> {
    try {
      await removeDraft(draftId, this.removeIds.idFor(draftId));
      this.removeIds.done();
      if (this.draftId === draftId) this.draftId = undefined;
      this.draftList = this.draftList.filter((d) => d.draftId !== draftId);
      this.drafts = { ...this.drafts, state: this.draftList.length ? 'ready' : 'empty', message: '' };
    } catch (e) {
      this.drafts = { ...this.drafts, message: errorText(e) };
    }
    this.emit();
  }

  // ---- view ----

  private summary(): SummaryView {
    const n = this.errors.length;
    if (!this.sheet) {
      return {
        state: 'none',
        total: '',
        reaches: false,
        vetoed: false,
        text: n ? `还有 ${n} 处需要填写或改正，填好后显示分数` : '正在计算',
        icon: 'info-circle',
        staleText: '',
      };
    }
    const v = verdictView(this.sheet);
    return {
      state: this.stale ? 'stale' : 'fresh',
      total: v.total,
      reaches: v.reaches,
      vetoed: v.kind === 'vetoed',
      text: v.text,
      icon: v.icon,
      staleText: this.stale ? `分数未更新：还有 ${n} 处需要改正，显示的是上次的结果` : '',
    };
  }

  private currentSheetView(): SheetView | null {
    if (!this.sheet) return null;
    if (this.sheetVM?.of !== this.sheet) this.factPages = {};
    if (!this.sheetVM || this.sheetVM.of !== this.sheet || this.sheetVM.pages !== this.factPages)
      this.sheetVM = { of: this.sheet, pages: this.factPages, view: sheetView(this.sheet, this.factPages) };
    return this.sheetVM.view;
  }

  /** 上一页 / 下一页 of a line's facts on the result step (`delta` −1 or +1); out of range, nothing happens. */
  turnFactPage(lineId: string, delta: number): void {
    const line = this.sheet?.lines.find((l) => l.id === lineId);
    if (!line || !Number.isInteger(delta)) return;
    const page = (Object.prototype.hasOwnProperty.call(this.factPages, lineId) ? this.factPages[lineId] : 0) + delta;
    if (page < 0 || page >= factPageCount(line)) return;
    this.factPages = { ...this.factPages, [lineId]: page };
    this.emit();
  }

  /** The lines of the current sheet that count, `{ name, points }` (the apply page's summary before submit). */
  countedLines(): { name: string; points: string }[] {
    const view = this.currentSheetView();
    if (!view) return [];
    return view.groups
      .flatMap((g) => g.lines)
      .filter((l) => l.points !== '0')
      .map((l) => ({ name: l.name, points: l.points }));
  }

  /** The full view model. */
  viewModel(): SimulateVM {
    const counts = errorCountsByStep(this.errors);
    const isResult = this.step === RESULT_STEP;
    const policy = this.ctx ? this.ctx.policy : null;
    return {
      load: this.load,
      roundText: this.ctx ? `${this.ctx.round.name} · 计分截止日 ${dateText(this.ctx.round.cutoff)}` : '',
      steps: STEPS.map((s, i) => ({
        index: i,
        no: i + 1,
        title: s.title,
        current: i === this.step,
        badge: counts[i] ? `${counts[i]} 处待改` : '',
      })),
      stepIndex: this.step,
      stepTitle: STEPS[this.step].title,
      isFirst: this.step === 0,
      isResult,
      sections: STEPS[this.step].sections.map((s) =>
        sectionView(
          s,
          this.profile,
          this.errors,
          { touched: this.touched, revealed: this.revealed },
          policy,
          this.entryPages[s.key] ?? 0,
        ),
      ),
      summary: this.summary(),
      sheet: isResult ? this.currentSheetView() : null,
      otherErrors: isResult ? unplacedErrors(this.errors) : [],
      drafts: {
        ...this.drafts,
        items: this.drafts.open
          ? this.draftList.map((d) => ({
              draftId: d.draftId,
              title: d.title,
              updatedText: `更新于 ${beijingDateTime(d.updatedAt)}`,
              totalText: d.total === null ? '信息未填完整，暂无分数' : `测算 ${d.total} 分`,
              current: d.draftId === this.draftId,
            }))
          : [],
      },
      save: this.saveState,
      consent: this.consent,
      applyLead: isResult ? this.lead : null,
      confirm: this.confirm,
      entryUndo: this.removed ? { section: this.removed.section, text: this.removed.text } : null,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
