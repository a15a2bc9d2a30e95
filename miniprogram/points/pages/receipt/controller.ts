/**
 * 受理回执: the numbered receipt of an accepted application (number, name, masked ID number, permit, mobile, date,
 * channel, every material received keyed to its indicator) and the dates that follow from acceptance.
 */
import type { ApplicationView, CaseTimeline } from '../../../../shared';
import { dateText } from '../../../utils/format';
import { errorText } from '../../../services/api';
import { getApplication } from '../../../services/cases';
import { pageUrl } from '../../../routes';
import { ensurePrivacy } from '../../../services/privacy';
import { timelineRows, type TimelineRow } from '../case/case-view';

/** Page load state. */
export interface LoadView {
  state: 'loading' | 'ready' | 'empty' | 'error' | 'redirect';
  message: string;
}

/** The receipt as shown. */
export interface ReceiptVM {
  load: LoadView;
  applicationId: string;
  number: string;
  lines: { k: string; v: string }[];
  /** Materials received, grouped by what they prove. */
  materials: { head: string; files: string[] }[];
  timeline: TimelineRow[];
}

const EMPTY: Omit<ReceiptVM, 'load'> = { applicationId: '', number: '', lines: [], materials: [], timeline: [] };

/** The timeline's dates in the one display format (2021年11月4日). */
function timelineInWords(t: CaseTimeline): CaseTimeline {
  return {
    accepted: dateText(t.accepted),
    resultDate: dateText(t.resultDate),
    disputeDeadline: dateText(t.disputeDeadline),
    voucherFrom: dateText(t.voucherFrom),
  };
}

/** The receipt part of an application view (null when not accepted yet). */
export function receiptView(app: ApplicationView): Omit<ReceiptVM, 'load'> | null {
  const r = app.receipt;
  if (!r) return null;
  const groups = new Map<string, { head: string; files: string[] }>();
  for (const m of r.materials) {
    // The material's own words: the indicator's code (B2) means nothing to an applicant.
    const head = m.indicatorId ? m.label : `委托材料 · ${m.label}`;
    const g = groups.get(m.key) ?? { head, files: [] };
    g.files.push(m.fileName);
    groups.set(m.key, g);
  }
  return {
    applicationId: app.applicationId,
    number: r.number,
    lines: [
      { k: '回执编号', v: r.number },
      { k: '申请人', v: r.name },
      { k: '身份证号码', v: r.idNumberMasked },
      { k: '居住证号码', v: r.permitNumber },
      { k: '手机号码', v: r.mobile },
      { k: '受理日期', v: dateText(r.acceptedOn) },
      { k: '受理渠道', v: r.channelLabel },
    ],
    materials: [...groups.values()],
    timeline: app.timeline ? timelineRows(timelineInWords(app.timeline), app.status === 'published') : [],
  };
}

/** The controller of the receipt page. */
export class ReceiptController {
  private vm: ReceiptVM = { load: { state: 'loading', message: '' }, ...EMPTY };
  private applicationId = '';
  private disposed = false;

  constructor(private readonly render: (vm: ReceiptVM) => void) {}

  /** Loads the receipt of `applicationId`. */
  async start(applicationId: string | null): Promise<void> {
    this.applicationId = applicationId ?? '';
    this.vm = { load: { state: 'loading', message: '' }, ...EMPTY };
    this.emit();
    if (!applicationId) {
      this.vm = { load: { state: 'error', message: '缺少申请编号，请从“积分查询”打开' }, ...EMPTY };
      return this.emit();
    }
    try {
      if (!(await ensurePrivacy(pageUrl('receipt', { applicationId })))) {
        this.vm = { load: { state: 'redirect', message: '请先阅读并同意《个人信息保护指引》' }, ...EMPTY };
        return this.emit();
      }
      const view = receiptView(await getApplication(applicationId));
      this.vm = view
        ? { load: { state: 'ready', message: '' }, ...view }
        : { load: { state: 'empty', message: '这份申请还没有提交，没有受理回执' }, ...EMPTY, applicationId };
    } catch (e) {
      this.vm = { load: { state: 'error', message: errorText(e) }, ...EMPTY };
    }
    this.emit();
  }

  /** 重试. */
  async retry(): Promise<void> {
    await this.start(this.applicationId || null);
  }

  /** 查看办理进度. */
  openCase(): void {
    if (this.vm.applicationId) void wx.redirectTo({ url: pageUrl('case', { applicationId: this.vm.applicationId }) });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): ReceiptVM {
    return this.vm;
  }

  private emit(): void {
    if (!this.disposed) this.render(this.vm);
  }
}
