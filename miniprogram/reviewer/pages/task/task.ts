/** 阅卷 of one task. A thin page over its controller; the correction editor reuses the profile form template. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { TaskController } from './controller';

controllerPage(
  (render) => new TaskController(render),
  (ctl) => ({
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
    // The correction editor (forms/profile-form.wxml).
    onFieldChange(e: Evt) {
      const d = ds(e);
      ctl(this)?.changeFact(str(d.section), Number(d.index), str(d.key), detailValue(e));
    },
    onToggleField(e: Evt) {
      const d = ds(e);
      ctl(this)?.toggleFact(str(d.section), Number(d.index), str(d.key));
    },
    onNoop() {
      return undefined;
    },
    onAddEntry(e: Evt) {
      ctl(this)?.addFact(str(ds(e).section));
    },
    onRemoveEntry(e: Evt) {
      const d = ds(e);
      ctl(this)?.removeFact(str(d.section), Number(d.index));
    },
  }),
);
