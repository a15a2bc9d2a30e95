/** 阅卷工作台: the task queue. A thin page over its controller. */
import { ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { QueueController } from './controller';

controllerPage(
  (render) => new QueueController(render),
  (ctl) => ({
    onLoad() {
      void ctl(this)?.start();
    },
    /** Back from a decision: the queue has changed. */
    onShow() {
      const c = ctl(this);
      if (c && c.viewModel().load.state !== 'loading' && c.viewModel().department) {
        void c.reload();
        void c.loadRechecks();
      }
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onFilter(e: Evt) {
      const id = str(ds(e).id);
      void ctl(this)?.setFilter(id === 'all' ? '' : id);
    },
    onOpen(e: Evt) {
      ctl(this)?.open(str(ds(e).id));
    },
    onOpenRecheck(e: Evt) {
      ctl(this)?.openRecheck(str(ds(e).id));
    },
    onMore() {
      void ctl(this)?.loadMore();
    },
  }),
);
