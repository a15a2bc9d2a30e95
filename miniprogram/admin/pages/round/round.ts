/** 年度设置 of one round. A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { RoundController } from './controller';

controllerPage(
  (render) => new RoundController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'year'));
    },
    onDate(e: Evt) {
      ctl(this)?.setDate(str(ds(e).key), str(detailValue(e)));
    },
    onQuota(e: Evt) {
      ctl(this)?.setQuotaMode(str(ds(e).value));
    },
    onSave() {
      void ctl(this)?.save();
    },
  }),
);
