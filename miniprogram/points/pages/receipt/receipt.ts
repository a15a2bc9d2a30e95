/** 受理回执. A thin page over its controller. */
import { careBehavior } from '../../../behaviors/care';
import { queryParam } from '../../../utils/events';
import { controllerOf, mount, unmount } from '../../../utils/mount';
import { ReceiptController } from './controller';

const initial = new ReceiptController(() => undefined).viewModel();
const ctl = (page: object) => controllerOf<ReceiptController>(page);

Component({
  behaviors: [careBehavior],
  data: initial as unknown as Record<string, unknown>,
  lifetimes: {
    attached() {
      mount(this, initial, (render) => new ReceiptController(render));
    },
    detached() {
      unmount(this);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'applicationId'));
    },
    onRetry() {
      void ctl(this)?.retry();
    },
    onOpenCase() {
      ctl(this)?.openCase();
    },
  },
});
