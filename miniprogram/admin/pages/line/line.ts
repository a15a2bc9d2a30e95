/** 落户分数线与公示. A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { LineController } from './controller';

controllerPage(
  (render) => new LineController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'roundId'));
    },
    onQuota(e: Evt) {
      ctl(this)?.setQuotaText(str(detailValue(e)));
    },
    onRule(e: Evt) {
      ctl(this)?.setRule(str(ds(e).value));
    },
    onSaveQuota() {
      void ctl(this)?.saveQuota();
    },
    onDays(e: Evt) {
      ctl(this)?.setDaysText(str(detailValue(e)));
    },
    onSaveDays() {
      void ctl(this)?.saveDays();
    },
    onPreview() {
      void ctl(this)?.preview();
    },
    onAskPublish() {
      ctl(this)?.askPublish();
    },
    onCancelPublish() {
      ctl(this)?.cancelPublish();
    },
    onPublish() {
      void ctl(this)?.publish();
    },
  }),
);
