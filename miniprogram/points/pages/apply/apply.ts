/** 积分申请. A thin page: events go to the controller (and its embedded 积分测算 form); the view is diffed into setData. */
import { detailValue, ds, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { profileFormHandlers } from '../../../forms/profile-form-events';
import { ApplyController, type ApplyQuery } from './controller';
import { PAGES } from '../../../routes';

controllerPage(
  (render) => new ApplyController(render),
  (ctl) => ({
    onLoad(query: ApplyQuery) {
      void ctl(this)?.start(query || {});
    },
    onRetry() {
      void ctl(this)?.retry();
    },
    // stages
    onStageTap(e: Evt) {
      void ctl(this)?.goStage(str(ds(e).id));
    },
    onNextStage() {
      void ctl(this)?.nextStage();
    },
    onPrevStage() {
      void ctl(this)?.prevStage();
    },
    // identity
    onIdentityChange(e: Evt) {
      ctl(this)?.setIdentityField(str(ds(e).key), detailValue(e));
    },
    // the profile form (forms/profile-form.wxml)
    ...profileFormHandlers((page) => ctl(page)?.form),
    onStepTap(e: Evt) {
      ctl(this)?.form.goStep(Number(ds(e).index));
    },
    onNextStep() {
      ctl(this)?.form.next();
    },
    onPrevStep() {
      ctl(this)?.form.prev();
    },
    onToggleDrafts() {
      void ctl(this)?.form.toggleDrafts();
    },
    onOpenDraft(e: Evt) {
      void ctl(this)?.form.openDraft(str(ds(e).id));
    },
    // materials
    onAddPhotos(e: Evt) {
      void ctl(this)?.addPhotos(str(ds(e).key));
    },
    onAddPdfs(e: Evt) {
      void ctl(this)?.addPdfs(str(ds(e).key));
    },
    onRemoveFile(e: Evt) {
      ctl(this)?.askRemoveFile(str(ds(e).id));
    },
    onConfirmRemove() {
      void ctl(this)?.confirmRemove();
    },
    onCancelRemove() {
      ctl(this)?.cancelRemove();
    },
    onViewFile(e: Evt) {
      void ctl(this)?.viewFile(str(ds(e).id));
    },
    // save / submit
    onSave() {
      void ctl(this)?.save();
    },
    onPledge() {
      ctl(this)?.togglePledge();
    },
    onGuide() {
      void wx.navigateTo({ url: PAGES.guide });
    },
    onSimulate() {
      void wx.navigateTo({ url: PAGES.simulate });
    },
    onSubmit() {
      void ctl(this)?.submit();
    },
    onOpenCase() {
      ctl(this)?.openCase();
    },
  }),
);
