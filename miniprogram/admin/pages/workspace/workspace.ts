/** 管理工作台. A thin page over its controller. */
import { ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { WorkspaceController } from './controller';

controllerPage(
  (render) => new WorkspaceController(render),
  (ctl) => ({
    onLoad() {
      void ctl(this)?.start();
    },
    /** Back from a round's editor: show what was saved. */
    onShow() {
      const c = ctl(this);
      if (c && c.viewModel().load.state === 'ready') void c.start();
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onOpen(e: Evt) {
      ctl(this)?.open(str(ds(e).url));
    },
  }),
);
