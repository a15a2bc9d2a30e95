/**
 * 全流程生命周期: every state a case, a review task, a dispute, a document or a settlement application can be in, and
 * every transition between them, for the whole process of lifecycle.md:
 *
 *   积分申请 draft → submitted ⇄ correction → decided → published ─┬─ (no dispute by the 7th working day) → confirmed
 *                                                                  └─ disputed → (复核 decided) → confirmed
 *   confirmed → 积分有效凭证 (a document) → 积分落户申请 → admitted / not admitted → 准入通知书 → settled / expired
 *
 * The server changes a record's state only through `transition()` of the machine below, with a conditional write
 * (the record must still be in the state it was read in); views carry `allowedEvents()` for the caller.
 * Machines for steps not built yet are declared here too, so the process is read in one place.
 */
import { districtName, type DistrictCode } from '../application/districts';
import { formatChineseDate, type ISODate } from '../dates';
import { defineMachine, type Actor } from './machine';

/** What an application's guards look at: today (server time) and the case's dates. */
export interface ApplicationCtx {
  today: ISODate;
  /** The last day a dispute may be raised (7th working day after the result), once published. */
  disputeDeadline?: ISODate;
  /** The first day the 积分有效凭证 may be printed (7th working day after the result), once published. */
  voucherFrom?: ISODate;
}

/** Why a voucher cannot be printed from a state other than confirmed. */
function voucherRefusal(from: string): string | null {
  if (from === 'published') return '异议期尚未结束，积分确认后才能打印积分有效凭证';
  if (from === 'disputed') return '异议正在处理中，复核结果公布、积分确认后才能打印积分有效凭证';
  if (from === 'voided') return '积分已作废，不能打印积分有效凭证';
  return '积分结果确认后才能打印积分有效凭证';
}

const AGENT_OR_SELF: readonly Actor[] = ['self', 'agent'];

/** 积分申请 (the case): from draft to confirmed points. */
export const APPLICATION = defineMachine({
  name: '申请',
  states: {
    draft: { label: '草稿' },
    submitted: { label: '已受理，部门审核中' },
    correction: { label: '待补正' },
    decided: { label: '审核完成，等待结果公布' },
    published: { label: '结果已公布' },
    disputed: { label: '异议处理中' },
    confirmed: { label: '积分已确认' },
    voided: { label: '积分已作废', final: true },
  },
  events: {
    save: { label: '修改申请', from: ['draft', 'correction'], by: AGENT_OR_SELF },
    attach: { label: '上传或删除材料', from: ['draft', 'correction'], by: AGENT_OR_SELF },
    submit: { label: '提交申请', from: ['draft'], to: 'submitted', by: AGENT_OR_SELF },
    resubmit: { label: '补正后重新提交', from: ['correction'], to: 'submitted', by: AGENT_OR_SELF },
    review: {
      label: '处理阅卷任务',
      from: ['submitted', 'correction'],
      by: ['reviewer'],
      refusal: () => '这份申请已阅卷完成，不能再处理其中的任务',
    },
    returnForCorrection: {
      label: '退回补正',
      from: ['submitted', 'correction'],
      to: 'correction',
      by: ['reviewer', 'system'],
    },
    decide: { label: '完成阅卷', from: ['submitted'], to: 'decided', by: ['system'] },
    publish: { label: '公布结果', from: ['decided'], to: 'published', by: ['system', 'admin'] },
    dispute: {
      label: '提出异议',
      from: ['published'],
      to: 'disputed',
      by: AGENT_OR_SELF,
      guard: (c: ApplicationCtx) =>
        c.disputeDeadline && c.today > c.disputeDeadline
          ? `异议期已于${formatChineseDate(c.disputeDeadline)}结束（结果公布后第 7 个工作日），逾期视为确认分值`
          : null,
    },
    confirm: {
      label: '确认积分',
      from: ['published'],
      to: 'confirmed',
      by: ['system'],
      guard: (c: ApplicationCtx) =>
        !c.disputeDeadline || c.today <= c.disputeDeadline ? '异议期尚未结束，积分还不能确认' : null,
    },
    publishRevised: { label: '公布复核结果', from: ['disputed'], to: 'confirmed', by: ['system'] },
    issueVoucher: {
      label: '打印积分凭证',
      from: ['confirmed'],
      by: AGENT_OR_SELF,
      refusal: voucherRefusal,
      guard: (c: ApplicationCtx) =>
        c.voucherFrom && c.today < c.voucherFrom ? `积分有效凭证自${c.voucherFrom}起可以打印` : null,
    },
    void: { label: '作废积分', from: ['decided', 'published', 'disputed', 'confirmed'], to: 'voided', by: ['admin'] },
  },
});

/** An application state. */
export type ApplicationState = keyof typeof APPLICATION.states;

/** States whose result has been published and can be read (积分查询): published, under dispute, confirmed. */
export const RESULT_STATES: readonly ApplicationState[] = ['published', 'disputed', 'confirmed'];

/**
 * Whether a case is still in progress: one per person and round, continued rather than filed anew. A published,
 * confirmed or voided case is done; a disputed one is not (its re-review is pending).
 */
export function isInProgress(s: ApplicationState): boolean {
  return s !== 'published' && s !== 'confirmed' && s !== 'voided';
}
/** An application event. */
export type ApplicationEvent = keyof typeof APPLICATION.events;

/** Why a decided or returned task cannot be decided again. */
function taskDecided(from: string, label: string): string {
  const why = from === 'returned' ? '已退回补正，等待申请人补正后重新提交' : `已处理（${label}）`;
  return `这项阅卷任务${why}，不能再次处理`;
}

/** 阅卷任务: one indicator of one case, decided by its department. */
export const TASK = defineMachine({
  name: '阅卷任务',
  states: {
    pending: { label: '待阅卷' },
    confirmed: { label: '已确认' },
    corrected: { label: '已核减/更正' },
    rejected: { label: '不予认定' },
    returned: { label: '退回补正' },
  },
  events: {
    confirm: { label: '确认', from: ['pending'], to: 'confirmed', by: ['reviewer'], refusal: taskDecided },
    correct: { label: '更正', from: ['pending'], to: 'corrected', by: ['reviewer'], refusal: taskDecided },
    reject: { label: '不予认定', from: ['pending'], to: 'rejected', by: ['reviewer'], refusal: taskDecided },
    return: { label: '退回补正', from: ['pending'], to: 'returned', by: ['reviewer'], refusal: taskDecided },
    resubmit: { label: '补正后重新提交', from: ['returned'], to: 'pending', by: ['self', 'agent', 'system'] },
  },
});
/** A task state. */
export type TaskState = keyof typeof TASK.states;
/** A task event. */
export type TaskEvent = keyof typeof TASK.events;

/** What an entrustment's guards look at: who it names as agent and which acceptance point verifies it. */
export interface EntrustmentCtx {
  kind: 'employer' | 'relative';
  district: DistrictCode;
}

/**
 * 委托申请: an entrustment grants nothing until verified — an employer's by the principal confirming it in their own
 * account (`self`) or by the district acceptance point, a relative's only by the acceptance point. It starts awaiting
 * the principal or the district (chosen when it is created); the principal or the agent may revoke it while it
 * stands; the principal may put one of their own applications under it (`extend`) while it is not closed.
 */
export const ENTRUSTMENT = defineMachine({
  name: '委托',
  states: {
    'awaiting-principal': { label: '待委托人确认' },
    'awaiting-district': { label: '待受理点核验' },
    active: { label: '已生效' },
    rejected: { label: '未通过核验', final: true },
    revoked: { label: '已撤销', final: true },
  },
  events: {
    confirm: {
      label: '确认委托',
      from: ['awaiting-principal', 'awaiting-district'],
      to: 'active',
      by: ['self'],
      refusal: (from) =>
        from === 'revoked'
          ? '该委托已撤销，不能确认'
          : from === 'rejected'
            ? '该委托未通过受理点核验，不能确认；如需委托请由代办人重新建立'
            : null,
      guard: (c: EntrustmentCtx) =>
        c.kind === 'employer'
          ? null
          : `近亲属代办须由${districtName(c.district)}积分受理点核对关系证明后生效，不能由本人在小程序中确认`,
    },
    verify: {
      label: '核验通过',
      from: ['awaiting-district'],
      to: 'active',
      by: ['district'],
      refusal: districtRefusal,
    },
    reject: {
      label: '不予核验',
      from: ['awaiting-district'],
      to: 'rejected',
      by: ['district'],
      refusal: districtRefusal,
    },
    revoke: {
      label: '撤销委托',
      from: ['awaiting-principal', 'awaiting-district', 'active'],
      to: 'revoked',
      by: AGENT_OR_SELF,
      refusal: (from) => (from === 'revoked' ? '该委托已经撤销' : null),
    },
    extend: {
      label: '交由代办人办理申请',
      from: ['awaiting-principal', 'awaiting-district', 'active'],
      by: ['self'],
      refusal: (_from, label) => `该委托${label}，不能再交由代办人办理`,
    },
  },
});
/** An entrustment state. */
export type EntrustmentState = keyof typeof ENTRUSTMENT.states;
/** An entrustment event. */
export type EntrustmentEvent = keyof typeof ENTRUSTMENT.events;

/** Why the acceptance point cannot verify or reject an entrustment that is not awaiting it. */
function districtRefusal(from: string, label: string): string {
  return from === 'awaiting-principal'
    ? '该委托选择由委托人本人在小程序中确认，不在受理点核验队列中'
    : `该委托${label}，不能再核验`;
}

/** What a dispute's guards look at: whether the district office already returned it for evidence (once only). */
export interface DisputeCtx {
  evidenceAsked: boolean;
}

/** Why the district office cannot register or return a dispute that is no longer awaiting it. */
function disputeHandled(from: string, label: string): string {
  return from === 'returned' ? '该异议已退回补充证据，等待申请人补充后重新提交' : `该异议${label}，不能再次登记或退回`;
}

/** 异议: one per case, received by the district points office, re-reviewed indicator by indicator. */
export const DISPUTE = defineMachine({
  name: '异议',
  states: {
    raised: { label: '已提出，待区积分办登记' },
    returned: { label: '待补充证据' },
    reviewing: { label: '复核中' },
    decided: { label: '复核完成', final: true },
  },
  events: {
    register: {
      label: '登记并转部门复核',
      from: ['raised'],
      to: 'reviewing',
      by: ['district'],
      refusal: disputeHandled,
    },
    askEvidence: {
      label: '退回补充证据',
      from: ['raised'],
      to: 'returned',
      by: ['district'],
      refusal: disputeHandled,
      guard: (c: DisputeCtx) =>
        c.evidenceAsked ? '该异议已退回补充过一次证据，不能再次退回，请登记并转部门复核' : null,
    },
    resubmit: {
      label: '补充证据后重新提交',
      from: ['returned'],
      to: 'raised',
      by: AGENT_OR_SELF,
      refusal: () => '区积分办没有要求补充证据，不能重新提交',
    },
    conclude: { label: '公布复核结果', from: ['reviewing'], to: 'decided', by: ['system'] },
  },
});
/** A dispute state. */
export type DisputeState = keyof typeof DISPUTE.states;
/** A dispute event. */
export type DisputeEvent = keyof typeof DISPUTE.events;

/** Why a decided re-review cannot be decided again (the re-review is final). */
function recheckDecided(_from: string, label: string): string {
  return `这项复核已处理（${label}），复核结论为最终结论，不能再次处理`;
}

/** 复核任务: one disputed indicator, decided by its department (kept apart from first review tasks). */
export const RECHECK = defineMachine({
  name: '复核任务',
  states: {
    pending: { label: '待复核' },
    upheld: { label: '维持原结果', final: true },
    revised: { label: '已更正', final: true },
  },
  events: {
    uphold: { label: '维持', from: ['pending'], to: 'upheld', by: ['reviewer'], refusal: recheckDecided },
    revise: { label: '更正', from: ['pending'], to: 'revised', by: ['reviewer'], refusal: recheckDecided },
  },
});

/** A re-review task state. */
export type RecheckState = keyof typeof RECHECK.states;
/** A re-review task event. */
export type RecheckEvent = keyof typeof RECHECK.events;

/** 积分有效凭证 and 积分落户准入通知书: issued documents, verifiable until superseded, revoked or expired. */
export const DOCUMENT = defineMachine({
  name: '凭证',
  states: {
    issued: { label: '有效' },
    superseded: { label: '已被新凭证取代', final: true },
    revoked: { label: '已撤销', final: true },
    used: { label: '已使用（已落户）', final: true },
    expired: { label: '已过期', final: true },
  },
  events: {
    supersede: { label: '以新凭证取代', from: ['issued'], to: 'superseded', by: ['system'] },
    revoke: { label: '撤销', from: ['issued'], to: 'revoked', by: ['admin', 'system'] },
    use: { label: '落户办结', from: ['issued'], to: 'used', by: ['reviewer'] },
    expire: { label: '过期', from: ['issued'], to: 'expired', by: ['system'] },
  },
});

/** What a settlement application's guards look at (absent where no guard needs it). */
export interface SettlementCtx {
  today: ISODate;
  /** The admission notice's last valid day, once noticed. */
  noticeValidUntil?: ISODate;
}

/** Why 落户办结 cannot be recorded on a notice past its last valid day. */
function noticeLapsed(c: SettlementCtx | undefined): string | null {
  return c?.noticeValidUntil && c.today > c.noticeValidUntil
    ? `准入通知书有效期至${formatChineseDate(c.noticeValidUntil)}，已过期，不能再办理落户`
    : null;
}

/** 积分落户申请: from the application in the settlement window to settled or expired. */
export const SETTLEMENT = defineMachine({
  name: '落户申请',
  states: {
    draft: { label: '草稿' },
    submitted: { label: '已受理，审核中' },
    correction: { label: '待补正' },
    verified: { label: '审核通过，等待分数线' },
    rejected: { label: '审核未通过', final: true },
    admitted: { label: '拟准入，公示中' },
    notAdmitted: { label: '未达到分数线', final: true },
    removed: { label: '公示后取消', final: true },
    noticed: { label: '已发准入通知书' },
    settled: { label: '已落户', final: true },
    expired: { label: '通知书已过期', final: true },
  },
  events: {
    save: { label: '修改申请', from: ['draft', 'correction'], by: AGENT_OR_SELF },
    attach: { label: '上传或删除材料', from: ['draft', 'correction'], by: AGENT_OR_SELF },
    submit: { label: '提交落户申请', from: ['draft'], to: 'submitted', by: AGENT_OR_SELF },
    returnForCorrection: { label: '退回补正', from: ['submitted'], to: 'correction', by: ['reviewer'] },
    resubmit: { label: '补正后重新提交', from: ['correction'], to: 'submitted', by: AGENT_OR_SELF },
    verify: { label: '审核通过', from: ['submitted'], to: 'verified', by: ['reviewer'] },
    reject: { label: '审核不通过', from: ['submitted'], to: 'rejected', by: ['reviewer'] },
    admit: { label: '准入', from: ['verified'], to: 'admitted', by: ['system', 'admin'] },
    notAdmit: { label: '未准入', from: ['verified'], to: 'notAdmitted', by: ['system', 'admin'] },
    remove: { label: '公示异议成立，取消准入', from: ['admitted'], to: 'removed', by: ['admin'] },
    issueNotice: { label: '签发准入通知书', from: ['admitted'], to: 'noticed', by: ['system', 'admin'] },
    settle: { label: '落户办结', from: ['noticed'], to: 'settled', by: ['reviewer'], guard: noticeLapsed },
    expire: {
      label: '通知书过期',
      from: ['noticed'],
      to: 'expired',
      by: ['system'],
      guard: (c: SettlementCtx | undefined) =>
        c?.noticeValidUntil && c.today <= c.noticeValidUntil ? '准入通知书仍在有效期内' : null,
    },
  },
});

/** A settlement application state. */
export type SettlementState = keyof typeof SETTLEMENT.states;
/** A settlement application event. */
export type SettlementEvent = keyof typeof SETTLEMENT.events;

/** What the line's guards look at: the round's quota mode and quota, the window, reviews still open, today. */
export interface SettlementLineCtx {
  today: ISODate;
  quotaMode: 'quota' | 'none';
  quota: number | null;
  /** The last day of the round's settlement window: the line is set only after it. */
  settlementTo: ISODate;
  /** Settlement applications of the round still under review (submitted or returned for correction). */
  underReview: number;
  /** The working day after the last publicity day (once published). */
  noticesOn?: ISODate;
}

/** Why a published line cannot be changed or published again. */
function lineFinal(from: string, label: string): string | null {
  return from === 'open' ? null : `本年度落户分数线已公布（${label}），为最终结果，不能再修改或再次公布`;
}

/**
 * 落户分数线与公示 of one round: an administrator sets the quota (quota rounds) and the publicity length, then
 * publishes — the line is final from then on; the admitted list is being written (`publishing`, resumable), then
 * public for the publicity period (`publicity`); on the working day after it the scheduler issues the notices and
 * closes the round once no objection is open (only the scheduler closes it).
 */
export const SETTLEMENT_LINE = defineMachine({
  name: '落户分数线',
  states: {
    open: { label: '未公布' },
    publishing: { label: '正在公布名单' },
    publicity: { label: '公示中' },
    closed: { label: '公示结束' },
  },
  events: {
    setQuota: {
      label: '设置落户名额',
      from: ['open'],
      by: ['admin'],
      refusal: lineFinal,
      guard: (c: SettlementLineCtx) =>
        c.quotaMode === 'none' ? '本年度不设落户名额（2023 年 7 月 31 日起积分满 100 分即可落户），无需设置名额' : null,
    },
    setPublicity: { label: '设置公示天数', from: ['open'], by: ['admin'], refusal: lineFinal },
    publish: {
      label: '公布落户分数线',
      from: ['open'],
      to: 'publishing',
      by: ['admin'],
      refusal: lineFinal,
      guard: (c: SettlementLineCtx) =>
        c.quotaMode === 'quota' && c.quota === null
          ? '请先设置本年度落户名额，再公布分数线'
          : c.today <= c.settlementTo
            ? `落户申请受理至${formatChineseDate(c.settlementTo)}，受理结束后才能公布分数线`
            : c.underReview > 0
              ? `还有 ${c.underReview} 份落户申请未审核完成，全部审核后才能公布分数线`
              : null,
    },
    list: { label: '公示准入名单', from: ['publishing'], to: 'publicity', by: ['admin', 'system'] },
    close: {
      label: '结束公示',
      from: ['publicity'],
      to: 'closed',
      by: ['system'],
      guard: (c: SettlementLineCtx) => (!c.noticesOn || c.today < c.noticesOn ? '公示期尚未结束，不能结束公示' : null),
    },
  },
});
/** A line state. */
export type SettlementLineState = keyof typeof SETTLEMENT_LINE.states;

/** 公示异议: anyone's objection to one person on the admitted list, resolved by an administrator. */
export const OBJECTION = defineMachine({
  name: '公示异议',
  states: {
    open: { label: '待处理' },
    upheld: { label: '异议成立，已取消准入', final: true },
    dismissed: { label: '异议不成立', final: true },
  },
  events: {
    uphold: {
      label: '异议成立',
      from: ['open'],
      to: 'upheld',
      by: ['admin'],
      refusal: (_from, label) => `该异议已处理（${label}），不能再次处理`,
    },
    dismiss: {
      label: '异议不成立',
      from: ['open'],
      to: 'dismissed',
      by: ['admin'],
      refusal: (_from, label) => `该异议已处理（${label}），不能再次处理`,
    },
  },
});
/** An objection state. */
export type ObjectionState = keyof typeof OBJECTION.states;
