/** 个人信息保护指引 and 我的身份. A thin page: events go to the controller, its view model is diffed into setData. */
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerPage } from '../../../utils/controller-page';
import { PrivacyController } from './controller';

controllerPage(
  (render) => new PrivacyController(render),
  (ctl) => ({
    onLoad(query: Record<string, string | undefined>) {
      ctl(this)?.listen();
      void ctl(this)?.start(queryParam(query, 'next'));
    },
    onRetry() {
      void ctl(this)?.retry();
    },
    onDecline() {
      ctl(this)?.decline();
    },
    onOpenContract() {
      ctl(this)?.openContract();
    },
    onAccept() {
      void ctl(this)?.acceptNotice();
    },
    onContinue() {
      ctl(this)?.continueToNext();
    },
    onEditIdentity() {
      ctl(this)?.editIdentity();
    },
    onIdentityInput(e: Evt) {
      ctl(this)?.setIdentityField(str(ds(e).key), str(detailValue(e)));
    },
    onSaveIdentity() {
      void ctl(this)?.saveIdentity();
    },
    onRetryIdentity() {
      void ctl(this)?.loadIdentity();
    },
  }),
);
