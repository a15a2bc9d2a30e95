/** 受理回执. A thin page over its controller. */
import { queryParam } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { ReceiptController } from './controller';

controllerPage(
  (render) => new ReceiptController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'applicationId'));
    },
    onRetry() {
      void ctl(this)?.retry();
    },
    onOpenCase() {
      ctl(this)?.openCase();
    },
  }),
);
