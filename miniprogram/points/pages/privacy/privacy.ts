/** 个人信息保护指引 and 我的身份. A thin page: events go to the controller, its view model is diffed into setData. */
import { careBehavior } from '../../../behaviors/care';
import { detailValue, ds, queryParam, str, type Evt } from '../../../utils/events';
import { controllerOf, mount, unmount } from '../../../utils/mount';
import { PrivacyController } from './controller';

const initial = new PrivacyController(() => undefined).viewModel();
const ctl = (page: object) => controllerOf<PrivacyController>(page);

Component({
  behaviors: [careBehavior],
  data: initial as unknown as Record<string, unknown>,
  lifetimes: {
    attached() {
      mount(this, initial, (render) => new PrivacyController(render));
    },
    detached() {
      unmount(this);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'next'));
    },
    onRetry() {
      void ctl(this)?.retry();
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
  },
});
