/**
 * 积分测算. A thin page: lifecycle and events go to the controller; what it renders is diffed against the last render
 * and only the changes are sent with setData.
 */
import { detailValue, ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { profileFormHandlers } from '../../../forms/profile-form-events';
import { SimulateController, type PageQuery } from './controller';
import { PAGES } from '../../../routes';
import { openPrivacyContract } from '../../../services/privacy';

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
    onConsentAgree() {
      void ctl(this)?.agreeAndSave();
    },
    onConsentDecline() {
      ctl(this)?.declineConsent();
    },
    onOpenContract() {
      openPrivacyContract();
    },
    /** 去申请 from the result (the apply page offers to import a saved 测算). */
    onGoApply() {
      void wx.navigateTo({ url: PAGES.apply });
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
      ctl(this)?.askRemoveDraft(str(ds(e).id));
    },
    onConfirmRemove() {
      void ctl(this)?.confirmRemove();
    },
    onCancelRemove() {
      ctl(this)?.cancelRemove();
    },
  }),
  {
    // Starts loading on attach, as before; onLoad then applies the page query.
    attached(c) {
      c.listenForPrivacy();
      void c.start();
    },
  },
);
