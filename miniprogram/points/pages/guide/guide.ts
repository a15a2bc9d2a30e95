/** 办事指南: built from the current round's policy table (guide-view.ts), plus the official answers and the hotline. */
import { careBehavior } from '../../../behaviors/care';
import { errorText } from '../../../services/api';
import { currentRound } from '../../../services/round';
import { guideView } from './guide-view';

Component({
  behaviors: [careBehavior],
  data: { load: { state: 'loading', message: '' }, guide: null as ReturnType<typeof guideView> | null },
  lifetimes: {
    attached() {
      void this.load();
    },
  },
  methods: {
    async load() {
      this.setData({ load: { state: 'loading', message: '' } });
      try {
        this.setData({ guide: guideView(await currentRound()), load: { state: 'ready', message: '' } });
      } catch (e) {
        this.setData({ load: { state: 'error', message: errorText(e) } });
      }
    },
    onRetry() {
      void this.load();
    },
    onCall() {
      void wx.makePhoneCall({ phoneNumber: '12345' });
    },
  },
});
