/** 积分查询 list. A thin page over its controller. */
import { careBehavior } from '../../../behaviors/care';
import { ds, str, type Evt } from '../../../utils/events';
import { controllerOf, mount, unmount } from '../../../utils/mount';
import { CasesController } from './controller';

const initial = new CasesController(() => undefined).viewModel();
const ctl = (page: object) => controllerOf<CasesController>(page);

Component({
  behaviors: [careBehavior],
  data: initial as unknown as Record<string, unknown>,
  lifetimes: {
    attached() {
      mount(this, initial, (render) => new CasesController(render));
    },
    detached() {
      unmount(this);
    },
  },
  methods: {
    onLoad() {
      void ctl(this)?.start();
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onOpen(e: Evt) {
      ctl(this)?.open(str(ds(e).id));
    },
    onApply() {
      ctl(this)?.apply();
    },
  },
});
