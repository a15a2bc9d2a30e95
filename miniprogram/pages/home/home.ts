/** 积分管理 home: the current round and the entries available. */
import type { AppOption } from '../../app';
import { careBehavior } from '../../behaviors/care';
import { errorText } from '../../services/api';
import { getDevOpenid } from '../../services/dev-identity';
import { caseSettlement, listApplications } from '../../services/cases';
import { currentRound } from '../../services/round';
import { isAdmin, reviewerDepartments, reviewerDistricts, whoami } from '../../services/roles';
import { entriesFor, HOME_ENTRIES } from './entries';
import { LOADING_ROUND, roundView, type RoundView } from './home-view';
import { todosOf, type SettlementTodoSource, type TodoView } from './todos-view';

/** Confirmed cases read at most this many settlement applications on launch (one per round is the rule). */
const SETTLEMENT_READS = 5;

/** The settlement application of each confirmed case (the newest few), by case id; a failed read counts as none. */
async function settlementsOf(
  apps: readonly { applicationId: string; status: string }[],
): Promise<Record<string, SettlementTodoSource | null>> {
  const confirmed = apps.filter((a) => a.status === 'confirmed').slice(0, SETTLEMENT_READS);
  const found = await Promise.all(confirmed.map((a) => caseSettlement(a.applicationId).catch(() => null)));
  const out: Record<string, SettlementTodoSource | null> = {};
  confirmed.forEach((a, i) => (out[a.applicationId] = found[i]));
  return out;
}

Component({
  behaviors: [careBehavior],
  data: {
    round: LOADING_ROUND as RoundView,
    entries: entriesFor(false),
    /** 待办: what the caller's cases ask of them now. */
    todos: [] as TodoView[],
    /** The local dev identity, shown only against the local cloud. */
    devIdentity: '',
  },
  lifetimes: {
    attached() {
      const app = getApp<AppOption>();
      if (app && app.globalData && app.globalData.apiMode === 'local') this.setData({ devIdentity: getDevOpenid() });
      void this.loadRound();
      void this.loadRoles();
      void this.loadTodos();
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
    /**
     * 阅卷工作台 joins the entries for reviewers, 落户审核 for the settlement department's, 管理工作台 for
     * administrators; any failure just leaves them out (applicants never need them).
     */
    async loadRoles() {
      try {
        const roles = await whoami();
        const departments = reviewerDepartments(roles);
        const district = reviewerDistricts(roles).length > 0;
        const admin = isAdmin(roles);
        // 落户审核: the department the policy data names for settlement applications (户籍窗口).
        const cur = departments.length ? await currentRound().catch(() => null) : null;
        const settling =
          !!cur && !!cur.policy?.settlement && departments.includes(cur.policy.settlement.department.name);
        if (departments.length || district || admin)
          this.setData({ entries: entriesFor(departments.length > 0, district, admin, settling) });
      } catch {
        // Not a reviewer, or the reviewer function is unreachable: the applicant entries stay as they are.
      }
    },
    /**
     * 待办 from the caller's cases and, for confirmed ones, their settlement applications; any failure leaves the list
     * empty (the entries still lead to 积分查询), a failed settlement read leaves that case's own to-do.
     */
    async loadTodos() {
      try {
        const apps = await listApplications();
        this.setData({ todos: todosOf(apps, await settlementsOf(apps)) });
      } catch {
        // No cases reachable now: nothing to do is shown rather than an error on the launch page.
      }
    },
    onTodoTap(e: { currentTarget: { dataset: Record<string, unknown> } }) {
      const url = e.currentTarget.dataset.url;
      const todos = this.data.todos as TodoView[];
      if (typeof url === 'string' && todos.some((t) => t.url === url)) void wx.navigateTo({ url });
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
