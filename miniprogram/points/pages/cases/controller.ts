/** 积分查询: my applications and those of the people I act for (application.list). */
import type { ApplicationSummary } from '../../../../shared';
import { errorText } from '../../../services/api';
import { listApplications } from '../../../services/cases';
import { ensurePrivacy } from '../../../services/privacy';
import { pageUrl } from '../../../routes';
import { beijingDateTime, dateText } from '../../../utils/format';

/** One application in the list. */
export interface CaseItemView {
  applicationId: string;
  title: string;
  status: string;
  statusText: string;
  /** `回执 JF2021-… · 预计 2021年11月5日可查询结果`, or the last change for drafts. */
  meta: string;
  actingText: string;
}

/** Everything the page renders. */
export interface CasesVM {
  load: { state: 'loading' | 'ready' | 'empty' | 'error' | 'redirect'; message: string };
  items: CaseItemView[];
}

/** One summary as a list item. */
export function caseItem(a: ApplicationSummary): CaseItemView {
  const parts: string[] = [`${a.roundId} 年度`];
  if (a.receiptNumber) parts.push(`回执 ${a.receiptNumber}`);
  if (a.resultDate)
    parts.push(
      a.status === 'published'
        ? `结果已于 ${dateText(a.resultDate)}起可查`
        : `预计 ${dateText(a.resultDate)}可查询结果`,
    );
  else parts.push(`更新于 ${beijingDateTime(a.updatedAt)}`);
  return {
    applicationId: a.applicationId,
    title: `${a.name}（${a.idNumberMasked}）`,
    status: a.status,
    statusText: a.statusLabel,
    meta: parts.join(' · '),
    actingText: a.actingAs === 'agent' ? '代办' : '本人',
  };
}

/** The controller of the list. */
export class CasesController {
  private vm: CasesVM = { load: { state: 'loading', message: '' }, items: [] };
  private disposed = false;

  constructor(private readonly render: (vm: CasesVM) => void) {}

  /** Loads the list. */
  async start(): Promise<void> {
    this.vm = { load: { state: 'loading', message: '' }, items: this.vm.items };
    this.emit();
    try {
      if (!(await ensurePrivacy(pageUrl('cases')))) {
        this.vm = { load: { state: 'redirect', message: '请先阅读并同意《个人信息保护指引》' }, items: [] };
        return this.emit();
      }
      const items = (await listApplications()).map(caseItem);
      this.vm = {
        load: items.length ? { state: 'ready', message: '' } : { state: 'empty', message: '还没有积分申请' },
        items,
      };
    } catch (e) {
      this.vm = { load: { state: 'error', message: errorText(e) }, items: [] };
    }
    this.emit();
  }

  /** Opens a case. */
  open(applicationId: string): void {
    if (this.vm.items.some((i) => i.applicationId === applicationId))
      void wx.navigateTo({ url: pageUrl('case', { applicationId }) });
  }

  /** 去申请. */
  apply(): void {
    void wx.navigateTo({ url: pageUrl('apply') });
  }

  /** Stops rendering. */
  dispose(): void {
    this.disposed = true;
  }

  /** The view model. */
  viewModel(): CasesVM {
    return this.vm;
  }

  private emit(): void {
    if (!this.disposed) this.render(this.vm);
  }
}
