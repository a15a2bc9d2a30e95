/**
 * 积分测算. A thin page: lifecycle and events go to the controller; what it renders is diffed against the last render
 * and only the changes are sent with setData.
 */
import { detailValue, ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { SimulateController, type PageQuery } from './controller';

controllerPage(
  (render) => new SimulateController(render),
  (ctl) => ({
    /** Page query: `?panel=drafts` or `?draftId=…`. */
    onLoad(query: PageQuery) {
      void ctl(this)?.applyQuery(query || {});
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onStepTap(e: Evt) {
      ctl(this)?.goStep(Number(ds(e).index));
    },
    onNext() {
      ctl(this)?.next();
    },
    onPrev() {
      ctl(this)?.prev();
    },
    onFieldChange(e: Evt) {
      const d = ds(e);
      ctl(this)?.changeField(str(d.section), Number(d.index), str(d.key), detailValue(e));
    },
    /** A tap on a yes/no row anywhere but the switch. */
    onToggleField(e: Evt) {
      const d = ds(e);
      ctl(this)?.toggleField(str(d.section), Number(d.index), str(d.key));
    },
    /** Stops a tap on the switch from also reaching its row. */
    onNoop() {
      return undefined;
    },
    onAddEntry(e: Evt) {
      ctl(this)?.addEntry(str(ds(e).section));
    },
    onRemoveEntry(e: Evt) {
      const d = ds(e);
      ctl(this)?.removeEntry(str(d.section), Number(d.index));
    },
    onReset() {
      ctl(this)?.reset();
    },
    onTitleChange(e: Evt) {
      ctl(this)?.setTitle(str(detailValue(e)));
    },
    onSave() {
      void ctl(this)?.save();
    },
    onToggleDrafts() {
      void ctl(this)?.toggleDrafts();
    },
    onRetryDrafts() {
      void ctl(this)?.refreshDrafts();
    },
    onOpenDraft(e: Evt) {
      void ctl(this)?.openDraft(str(ds(e).id));
    },
    onRemoveDraft(e: Evt) {
      void ctl(this)?.removeDraft(str(ds(e).id));
    },
  }),
  {
    // Starts loading on attach, as before; onLoad then applies the page query.
    attached(c) {
      void c.start();
    },
  },
);
