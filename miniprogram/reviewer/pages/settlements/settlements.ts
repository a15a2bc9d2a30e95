/** 落户审核 queue. A thin page over its controller. */
import { ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { SettlementsController } from './controller';

controllerPage(
  (render) => new SettlementsController(render),
  (ctl) => ({
    onLoad() {
      void ctl(this)?.start();
    },
    /** Back from a review: the decided application has left the list. */
    onShow() {
      const c = ctl(this);
      if (c && c.viewModel().load.state !== 'loading') void c.start();
    },
    onFilter(e: Evt) {
      void ctl(this)?.setFilter(str(ds(e).id));
    },
    onMore() {
      void ctl(this)?.more();
    },
    onOpen(e: Evt) {
      ctl(this)?.open(str(ds(e).url));
    },
  }),
);
