/** 复核 of one disputed indicator. A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { RecheckController } from './controller';

controllerPage(
  (render) => new RecheckController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'recheckId'));
    },
    onChoose(e: Evt) {
      ctl(this)?.choose(str(ds(e).value));
    },
    onAnswer(e: Evt) {
      ctl(this)?.setAnswer(str(detailValue(e)));
    },
    onOpenFile(e: Evt) {
      void ctl(this)?.openFile(str(ds(e).id));
    },
    onDecide() {
      void ctl(this)?.decide();
    },
  }),
);
