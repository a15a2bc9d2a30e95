/** 阅卷工作台: the task queue. A thin page over its controller. */
import { careBehavior } from '../../../behaviors/care';
import { ds, str, type Evt } from '../../../utils/events';
import { controllerOf, mount, unmount } from '../../../utils/mount';
import { QueueController } from './controller';

const initial = new QueueController(() => undefined).viewModel();
const ctl = (page: object) => controllerOf<QueueController>(page);

Component({
  behaviors: [careBehavior],
  data: initial as unknown as Record<string, unknown>,
  lifetimes: {
    attached() {
      mount(this, initial, (render) => new QueueController(render));
    },
    detached() {
      unmount(this);
    },
  },
  methods: {
    onLoad() {
      void ctl(this)?.start();
    },
    /** Back from a decision: the queue has changed. */
    onShow() {
      const c = ctl(this);
      if (c && c.viewModel().load.state !== 'loading' && c.viewModel().department) void c.reload();
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
    onMore() {
      void ctl(this)?.loadMore();
    },
  },
});
