/**
 * 积分测算. A thin page: lifecycle and events go to the controller; what it renders is diffed against the last render
 * and only the changes are sent with setData.
 */
import { detailValue, ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { profileFormHandlers } from '../../../forms/profile-form-events';
import { SimulateController, type PageQuery } from './controller';
import { PAGES } from '../../../routes';

controllerPage(
  (render) => new SimulateController(render),
  (ctl) => ({
    ...profileFormHandlers(ctl),
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
    /** 上一页 / 下一页 of a line's facts (`data-id` the line, `data-delta` −1 or 1). */
    onFactPage(e: Evt) {
      ctl(this)?.turnFactPage(str(ds(e).id), Number(ds(e).delta));
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
    /** To the notice and back (navigateTo keeps what is typed here). */
    onOpenPrivacy() {
      void wx.navigateTo({ url: PAGES.privacy });
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
