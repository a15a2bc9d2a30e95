/** 落户审核 of one application. A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { SettlementReviewController } from './controller';

controllerPage(
  (render) => new SettlementReviewController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'settlementId'));
    },
    onChoose(e: Evt) {
      ctl(this)?.choose(str(ds(e).value));
    },
    onReason(e: Evt) {
      ctl(this)?.setReason(str(detailValue(e)));
    },
    onMissing(e: Evt) {
      ctl(this)?.setMissing(str(detailValue(e)));
    },
    onSurrendered() {
      ctl(this)?.toggleSurrendered();
    },
    onOpenFile(e: Evt) {
      void ctl(this)?.openFile(str(ds(e).id));
    },
    onDecide() {
      void ctl(this)?.decide();
    },
  }),
);
