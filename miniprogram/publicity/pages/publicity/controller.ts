/**
 * 积分落户公示: the admitted list of the latest published round (or the one named) — rank, masked name, masked ID
 * number, district, total — a page at a time, with the line, how ties were settled and the publicity window; and,
 * during publicity, an objection to one person on it with a contact. Open to anyone, without login.
 */
import type { PublicityEntryView, PublicityListRes } from '../../../../shared';
import { AttemptIds, errorText } from '../../../services/api';
import { errorWithFields } from '../../../utils/errors';
import { dateText } from '../../../utils/format';
import { publicityPage, submitObjection } from '../../services/publicity';

/** One person on the list as a line. */
export interface EntryLine {
  entryId: string;
  rank: string;
  name: string;
  idNumber: string;
  district: string;
  total: string;
}

/** The head of the list. */
export interface PublicityHead {
  roundName: string;
  statusLabel: string;
  /** `落户分数线 140 分` or `本年度不设名额：积分满 100 分即准入`. */
  lineText: string;
  summary: string;
  tieRule: string;
  /** `公示期：2022年3月10日 至 2022年3月16日（5 个工作日）`. */
  windowText: string;
  objectionsOpen: boolean;
  /** Whether and how objections are received now, in words. */
  objectionsNote: string;
  /** `共 3 人`. */
  count: string;
}

/** The objection form. */
export interface ObjectionForm {
  /** The entry objected to, in words (`第 2 名 李* 滨江区 140 分`). */
  target: string;
  reason: string;
  contact: string;
  contactName: string;
  op: { state: 'idle' | 'saving' | 'saved' | 'error'; message: string };
  /** 取消 before sending, 关闭 after. */
  closeLabel: string;
}

/** Everything the page renders. */
export interface PublicityVM {
  load: { state: 'loading' | 'ready' | 'empty' | 'error'; message: string };
  head: PublicityHead | null;
  entries: EntryLine[];
  more: { has: boolean; state: 'idle' | 'loading' | 'error'; message: string };
  form: ObjectionForm | null;
}

function entryLine(e: PublicityEntryView): EntryLine {
  return {
    entryId: e.entryId,
    rank: `第 ${e.rank} 名`,
    name: e.name,
    idNumber: e.idNumber,
    district: e.districtName,
    total: `${e.total} 分`,
  };
}

function headOf(res: PublicityListRes): PublicityHead | null {
  if (!res.round) return null;
  const p = res.publicity;
  return {
    roundName: res.round.name,
    statusLabel: res.statusLabel ?? '',
    lineText:
      res.round.quotaMode === 'none' || !res.line
        ? '本年度不设落户名额：积分满 100 分即准入'
        : `本年度落户分数线 ${res.line} 分`,
    summary: res.summary ?? '',
    tieRule: res.tieRule ? `同分处理：${res.tieRule.label}（${res.tieRule.text}）` : '',
    windowText: p ? `公示期：${dateText(p.from)} 至 ${dateText(p.to)}（${p.workingDays} 个工作日）` : '',
    objectionsOpen: !!p && p.objectionsOpen,
    objectionsNote:
      p && p.objectionsOpen
        ? '公示期内，任何人都可以对名单中的人员提出异议，请留下联系方式以便核实。'
        : '公示期已结束，不再受理异议。',
    count: `共 ${res.total} 人`,
  };
}

/** The controller of the publicity page. */
export class PublicityController {
  private roundId: string | undefined;
  private res: PublicityListRes | null = null;
  private entries: PublicityEntryView[] = [];
  private next: string | undefined;
  private load: PublicityVM['load'] = { state: 'loading', message: '' };
  private more: PublicityVM['more'] = { has: false, state: 'idle', message: '' };
  private form: (Omit<ObjectionForm, 'target' | 'closeLabel'> & { entryId: string }) | null = null;
  private readonly ids = new AttemptIds();
  private disposed = false;

  constructor(private readonly render: (vm: PublicityVM) => void) {}

  /** Loads the first page (of `roundId`, else the latest published round). */
  async start(roundId: string | null): Promise<void> {
    this.roundId = roundId ?? undefined;
    this.load = { state: 'loading', message: '' };
    this.emit();
    try {
      const res = await publicityPage(this.roundId);
      this.res = res;
      this.entries = res.entries;
      this.next = res.next;
      this.load = res.round
        ? { state: 'ready', message: '' }
        : { state: 'empty', message: '目前没有正在公示或已公示的积分落户名单' };
    } catch (e) {
      this.load = { state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** 加载更多: the next page. */
  async loadMore(): Promise<void> {
    if (!this.res || !this.res.round || !this.next || this.more.state === 'loading') return;
    this.more = { has: true, state: 'loading', message: '' };
    this.emit();
    try {
      const res = await publicityPage(this.res.round.id, this.next);
      this.entries = [...this.entries, ...res.entries];
      this.next = res.next;
      this.more = { has: !!res.next, state: 'idle', message: '' };
    } catch (e) {
      this.more = { has: true, state: 'error', message: errorText(e) };
    }
    this.emit();
  }

  /** 提出异议 about one person: opens the form (only during publicity). */
  object(entryId: string): void {
    const p = this.res && this.res.publicity;
    if (!p || !p.objectionsOpen || !this.entries.some((e) => e.entryId === entryId)) return;
    this.form = { entryId, reason: '', contact: '', contactName: '', op: { state: 'idle', message: '' } };
    this.emit();
  }

  /** 取消. */
  closeForm(): void {
    this.form = null;
    this.emit();
  }

  /** A field of the form as typed. */
  setField(key: string, value: string): void {
    if (!this.form || (key !== 'reason' && key !== 'contact' && key !== 'contactName')) return;
    this.form = { ...this.form, [key]: value };
    this.emit();
  }

  /** 提交异议. */
  async submit(): Promise<void> {
    const f = this.form;
    const round = this.res && this.res.round;
    if (!f || !round || f.op.state === 'saving' || f.op.state === 'saved') return;
    if (f.reason.trim().length < 10) return this.formOp('error', '异议内容至少 10 个字，请写明事实和理由');
    if (!f.contact.trim()) return this.formOp('error', '请留下联系方式（手机、电话或电子邮箱），以便核实情况');
    const req = {
      roundId: round.id,
      entryId: f.entryId,
      reason: f.reason.trim(),
      contact: f.contact.trim(),
      ...(f.contactName.trim() ? { contactName: f.contactName.trim() } : {}),
    };
    this.formOp('saving', '正在提交…');
    try {
      const res = await submitObjection(req, this.ids.idFor(JSON.stringify(req)));
      this.ids.done();
      this.formOp('saved', res.message);
    } catch (e) {
      this.formOp('error', errorWithFields(e));
    }
  }

  private formOp(state: ObjectionForm['op']['state'], message: string): void {
    if (!this.form) return;
    this.form = { ...this.form, op: { state, message } };
    this.emit();
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): PublicityVM {
    const f = this.form;
    const target = f ? this.entries.find((e) => e.entryId === f.entryId) : undefined;
    return {
      load: this.load,
      head: this.res ? headOf(this.res) : null,
      entries: this.entries.map(entryLine),
      more: { ...this.more, has: !!this.next },
      form:
        f && target
          ? {
              target: `第 ${target.rank} 名 ${target.name} ${target.districtName} ${target.total} 分`,
              reason: f.reason,
              contact: f.contact,
              contactName: f.contactName,
              op: f.op,
              closeLabel: f.op.state === 'saved' ? '关闭' : '取消',
            }
          : null,
    };
  }

  private emit(): void {
    if (!this.disposed) this.render(this.viewModel());
  }
}
