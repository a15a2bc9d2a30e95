/** 区积分受理点: verification of entrustments. A thin page over its controller. */
import { detailValue, ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { DistrictController } from './controller';

controllerPage(
  (render) => new DistrictController(render),
  (ctl) => ({
    onLoad() {
      void ctl(this)?.start();
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onReason(e: Evt) {
      ctl(this)?.setReason(str(ds(e).id), str(detailValue(e)));
    },
    onOpenFile(e: Evt) {
      const d = ds(e);
      void ctl(this)?.openFile(str(d.id), str(d.material));
    },
    onVerify(e: Evt) {
      void ctl(this)?.verify(str(ds(e).id));
    },
    onReject(e: Evt) {
      void ctl(this)?.reject(str(ds(e).id));
    },
  }),
);
