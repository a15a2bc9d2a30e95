/** 积分查询 of one case. A thin page over its controller. */
import { careBehavior } from '../../../behaviors/care';
import { queryParam } from '../../../utils/events';
import { controllerOf, mount, unmount } from '../../../utils/mount';
import { CaseController } from './controller';

const initial = new CaseController(() => undefined).viewModel();
const ctl = (page: object) => controllerOf<CaseController>(page);

Component({
  behaviors: [careBehavior],
  data: initial as unknown as Record<string, unknown>,
  lifetimes: {
    attached() {
      mount(this, initial, (render) => new CaseController(render));
    },
    detached() {
      unmount(this);
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      void ctl(this)?.start(queryParam(query, 'applicationId'));
    },
    /** Back from 补正: show the new state. */
    onShow() {
      const c = ctl(this);
      if (c && c.viewModel().load.state === 'ready') void c.retry();
    },
    onRetry() {
      void ctl(this)?.retry();
    },
    onRetryAudit() {
      void ctl(this)?.loadAudit();
    },
    onAction() {
      ctl(this)?.act();
    },
  },
});
