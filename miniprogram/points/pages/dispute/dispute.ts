/** 提出异议. A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { DisputeController } from './controller';

controllerPage(
  (render) => new DisputeController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'applicationId'));
    },
    onToggle(e: Evt) {
      ctl(this)?.toggle(str(ds(e).id));
    },
    onReason(e: Evt) {
      ctl(this)?.reason(str(ds(e).id), str(detailValue(e)));
    },
    onPhoto(e: Evt) {
      void ctl(this)?.attach(str(ds(e).id), 'photo');
    },
    onPdf(e: Evt) {
      void ctl(this)?.attach(str(ds(e).id), 'pdf');
    },
    onNext() {
      ctl(this)?.next();
    },
    onBack() {
      ctl(this)?.back();
    },
    onSubmit() {
      void ctl(this)?.submit();
    },
    onResubmit() {
      void ctl(this)?.resubmit();
    },
  }),
);
