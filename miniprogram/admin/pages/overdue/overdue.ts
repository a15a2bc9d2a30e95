/** 逾期案件与复核期限. A thin page over its controller. */
import { detailValue, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { OverdueController } from './controller';

controllerPage(
  (render) => new OverdueController(render),
  (ctl) => ({
    onLoad() {
      void ctl(this)?.start();
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onLimit(e: Evt) {
      ctl(this)?.setLimit(str(detailValue(e)));
    },
    onSaveLimit() {
      void ctl(this)?.saveLimit();
    },
  }),
);
