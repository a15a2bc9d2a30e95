/** 委托申请. A thin page over its controller. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { AgentController } from './controller';

controllerPage(
  (render) => new AgentController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'tab'));
    },
    /** Back from applying for someone: their case status may have changed. */
    onShow() {
      const c = ctl(this);
      if (c && c.viewModel().load.state === 'ready') void c.refresh();
    },
    onRetry() {
      void ctl(this)?.start(null);
    },
    onTab(e: Evt) {
      ctl(this)?.setTab(str(ds(e).id));
    },
    onKind(e: Evt) {
      ctl(this)?.setKind(detailValue(e));
    },
    onField(e: Evt) {
      ctl(this)?.setField(str(ds(e).key), str(detailValue(e)));
    },
    onChoice(e: Evt) {
      ctl(this)?.setChoice(str(ds(e).which), detailValue(e));
    },
    onScope(e: Evt) {
      ctl(this)?.toggleScope(str(ds(e).scope));
    },
    onCreate() {
      void ctl(this)?.create();
    },
    onUploadPhotos(e: Evt) {
      void ctl(this)?.uploadPhotos(str(ds(e).id));
    },
    onUploadPdfs(e: Evt) {
      void ctl(this)?.uploadPdfs(str(ds(e).id));
    },
    onViewFile(e: Evt) {
      const d = ds(e);
      void ctl(this)?.viewFile(str(d.id), str(d.material));
    },
    onApply(e: Evt) {
      ctl(this)?.apply(str(ds(e).id));
    },
    onQuery(e: Evt) {
      ctl(this)?.query(str(ds(e).id));
    },
    onConfirm(e: Evt) {
      void ctl(this)?.confirm(str(ds(e).id));
    },
    onRevoke(e: Evt) {
      const d = ds(e);
      void ctl(this)?.revoke(str(d.id), d.sure === true || d.sure === 'true');
    },
    onCancelRevoke() {
      ctl(this)?.cancelRevoke();
    },
    onTrail() {
      void ctl(this)?.loadTrail();
    },
  }),
);
