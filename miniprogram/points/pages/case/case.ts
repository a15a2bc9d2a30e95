/** 积分查询 of one case. A thin page over its controller. */
import { queryParam } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { CaseController } from './controller';

controllerPage(
  (render) => new CaseController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'applicationId'));
    },
    /** Back from 补正: show the new state. */
    onShow() {
      const c = ctl(this);
      if (c && c.viewModel().load.state === 'ready') void c.retry();
    },
    onRetry() {
      void ctl(this)?.retry();
    },
    onRetryAudit() {
      void ctl(this)?.loadAudit();
    },
    onAction(e: { currentTarget: { dataset: Record<string, unknown> } }) {
      const id = e.currentTarget.dataset.id;
      if (typeof id === 'string') ctl(this)?.act(id);
    },
    onPrintVoucher() {
      void ctl(this)?.printVoucher();
    },
  }),
);
