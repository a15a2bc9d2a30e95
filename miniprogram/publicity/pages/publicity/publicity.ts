/** 积分落户公示 (public). A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { PublicityController } from './controller';

controllerPage(
  (render) => new PublicityController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'roundId'));
    },
    onRetry() {
      void ctl(this)?.start(null);
    },
    onMore() {
      void ctl(this)?.loadMore();
    },
    onReachBottom() {
      void ctl(this)?.loadMore();
    },
    onObject(e: Evt) {
      ctl(this)?.object(str(ds(e).id));
    },
    onCloseForm() {
      ctl(this)?.closeForm();
    },
    onField(e: Evt) {
      ctl(this)?.setField(str(ds(e).key), str(detailValue(e)));
    },
    onSubmit() {
      void ctl(this)?.submit();
    },
  }),
);
