/** 阅卷 of one task. A thin page over its controller; the correction editor reuses the profile form template. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { profileFormHandlers } from '../../../forms/profile-form-events';
import { TaskController } from './controller';

controllerPage(
  (render) => new TaskController(render),
  (ctl) => ({
    // The correction editor (forms/profile-form.wxml).
    ...profileFormHandlers(ctl),
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'taskId'));
    },
    onRetry() {
      void ctl(this)?.retry();
    },
    onChoose(e: Evt) {
      ctl(this)?.choose(detailValue(e));
    },
    onNote(e: Evt) {
      ctl(this)?.setNote(str(detailValue(e)));
    },
    onMissing(e: Evt) {
      ctl(this)?.setMissing(str(detailValue(e)));
    },
    onSubmit() {
      void ctl(this)?.submit();
    },
    onOpenMaterial(e: Evt) {
      void ctl(this)?.openMaterial(str(ds(e).id));
    },
    onBack() {
      ctl(this)?.back();
    },
  }),
);
