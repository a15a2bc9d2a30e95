/** 积分管理 home: the current round and the entries available. */
import type { AppOption } from '../../app';
import { careBehavior } from '../../behaviors/care';
import { errorText } from '../../services/api';
import { getDevOpenid } from '../../services/dev-identity';
import { currentRound } from '../../services/round';
import { reviewerDepartments, whoami } from '../../services/roles';
import { entriesFor, HOME_ENTRIES } from './entries';
import { LOADING_ROUND, roundView, type RoundView } from './home-view';

Component({
  behaviors: [careBehavior],
  data: {
    round: LOADING_ROUND as RoundView,
    entries: entriesFor(false),
    /** The local dev identity, shown only against the local cloud. */
    devIdentity: '',
  },
  lifetimes: {
    attached() {
      const app = getApp<AppOption>();
      if (app && app.globalData && app.globalData.apiMode === 'local') this.setData({ devIdentity: getDevOpenid() });
      void this.loadRound();
      void this.loadRoles();
    },
  },
  methods: {
    async loadRound() {
      this.setData({ round: LOADING_ROUND });
      try {
        this.setData({ round: roundView(await currentRound()) });
      } catch (e) {
        this.setData({ round: { ...LOADING_ROUND, state: 'error', message: errorText(e) } });
      }
    },
    /** 阅卷工作台 joins the entries for reviewers; any failure just leaves it out (applicants never need it). */
    async loadRoles() {
      try {
        if (reviewerDepartments(await whoami()).length) this.setData({ entries: entriesFor(true) });
      } catch {
        // Not a reviewer, or the reviewer function is unreachable: the applicant entries stay as they are.
      }
    },
    onRetry() {
      void this.loadRound();
    },
    onEntryTap(e: { currentTarget: { dataset: Record<string, unknown> } }) {
      const url = e.currentTarget.dataset.url;
      if (typeof url === 'string' && HOME_ENTRIES.some((x) => x.url === url)) void wx.navigateTo({ url });
    },
  },
});
