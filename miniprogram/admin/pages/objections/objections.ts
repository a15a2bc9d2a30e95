/** 公示异议. A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { ObjectionsController } from './controller';

controllerPage(
  (render) => new ObjectionsController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'roundId'));
    },
    onFilter(e: Evt) {
      void ctl(this)?.setFilter(str(ds(e).id));
    },
    onChoose(e: Evt) {
      ctl(this)?.choose(str(ds(e).id), str(ds(e).outcome));
    },
    onReason(e: Evt) {
      ctl(this)?.setReason(str(detailValue(e)));
    },
    onCancel() {
      ctl(this)?.cancel();
    },
    onResolve() {
      void ctl(this)?.resolve();
    },
  }),
);
