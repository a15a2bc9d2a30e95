/** 积分查询 list. A thin page over its controller. */
import { ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { CasesController } from './controller';

controllerPage(
  (render) => new CasesController(render),
  (ctl) => ({
    onLoad() {
      void ctl(this)?.start();
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onOpen(e: Evt) {
      ctl(this)?.open(str(ds(e).id));
    },
    onApply() {
      ctl(this)?.apply();
    },
  }),
);
