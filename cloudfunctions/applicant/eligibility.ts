/**
 * `application.eligibility`: the apply page asks when it opens, so a person learns that the window is closed (or that
 * today is not a working day, or that a fraud finding bars them) before filling anything in, not at submit. Read-only.
 */
import { fraudBarRefusal } from '../../shared/application/identity';
import { isAcceptingOn } from '../../shared/rounds';
import { loadCalendar, loadRoundState } from '../_core/cases';
import type { HandlersOf } from './actions';

export const eligibilityHandlers: HandlersOf<'application.eligibility'> = {
  async 'application.eligibility'(_payload, ctx) {
    const state = await loadRoundState(ctx.store, ctx.now);
    const today = state.today;
    const round = state.current;
    let accepting = { ok: false, code: 'NO_OPEN_ROUND', message: '本年度积分申请尚未开始，请留意积分管理首页的安排' };
    if (round) {
      const check = isAcceptingOn(round, today, await loadCalendar(ctx.store));
      accepting = check.ok
        ? { ok: true, code: '', message: '' }
        : { ok: false, code: check.code, message: check.message };
    }
    // The caller's own record only: an agent learns the principal's standing at submit, from the reviewers' rules.
    const mine = await ctx.store.getIdentity(ctx.caller.openid);
    const findings = mine ? (await ctx.store.listFraudFindings(mine.personKey)).map((f) => f.date) : [];
    const bar = fraudBarRefusal(findings, today);
    const refusals = bar ? [bar] : [];
    return {
      today,
      accepting: accepting.ok,
      canPrepare: !!round && (state.phase === 'application' || state.phase === 'before-application'),
      code: accepting.code,
      message: accepting.message,
      refusals: refusals.map((r) => ({ code: r.code, message: r.message })),
    };
  },
};
