/** 积分落户申请. A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { SettleController } from './controller';

controllerPage(
  (render) => new SettleController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'applicationId'));
    },
    onRetry() {
      void ctl(this)?.retry();
    },
    onStageTap(e: Evt) {
      void ctl(this)?.goStage(str(ds(e).id));
    },
    onDistrict(e: Evt) {
      ctl(this)?.setDistrict(Number(detailValue(e)));
    },
    onAddress(e: Evt) {
      ctl(this)?.setAddress(str(detailValue(e)));
    },
    onProof(e: Evt) {
      void ctl(this)?.setProof(str(ds(e).kind));
    },
    onAddMember(e: Evt) {
      void ctl(this)?.addMember(str(ds(e).relation));
    },
    onRemoveMember(e: Evt) {
      void ctl(this)?.removeMember(Number(ds(e).index));
    },
    onMember(e: Evt) {
      ctl(this)?.setMember(Number(ds(e).index), str(ds(e).key), str(detailValue(e)));
    },
    onDeclaration(e: Evt) {
      ctl(this)?.toggleDeclaration(str(ds(e).key));
    },
    onSave() {
      void ctl(this)?.save();
    },
    onAddPhotos(e: Evt) {
      void ctl(this)?.addPhotos(str(ds(e).key));
    },
    onAddPdfs(e: Evt) {
      void ctl(this)?.addPdfs(str(ds(e).key));
    },
    onRemoveFile(e: Evt) {
      void ctl(this)?.removeFile(str(ds(e).id));
    },
    onViewFile(e: Evt) {
      void ctl(this)?.viewFile(str(ds(e).id));
    },
    onPledge() {
      ctl(this)?.togglePledge();
    },
    onSubmit() {
      void ctl(this)?.submit();
    },
    onOpenCase() {
      ctl(this)?.openCase();
    },
  }),
);
