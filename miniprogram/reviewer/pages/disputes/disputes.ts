/** 区积分办 · 异议. A thin page over its controller. */
import { detailValue, ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { DisputesController } from './controller';

controllerPage(
  (render) => new DisputesController(render),
  (ctl) => ({
    onLoad() {
      void ctl(this)?.start();
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onOpen(e: Evt) {
      void ctl(this)?.openDispute(str(ds(e).id));
    },
    onMissing(e: Evt) {
      ctl(this)?.setMissing(str(detailValue(e)));
    },
    onRegister() {
      void ctl(this)?.register();
    },
    onAsk() {
      void ctl(this)?.ask();
    },
    onOpenFile(e: Evt) {
      void ctl(this)?.openFile(str(ds(e).id));
    },
  }),
);
