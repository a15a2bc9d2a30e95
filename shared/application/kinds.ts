/**
 * The small closed vocabularies of cases, each named once with its Chinese label (conventions P11): contracts,
 * functions, store records and pages take their unions from here.
 */

/**
 * Subscribe messages (订阅消息) an applicant may accept on the submit tap (result, correction), the dispute tap, or the
 * settlement submit and resubmit taps (settlement: each step of 积分落户, and a removal from the publicity list with its reason).
 */
export const SUBSCRIPTION_KINDS = {
  result: '积分结果公布',
  correction: '需要补正材料',
  dispute: '异议复核结果',
  settlement: '落户办理进度',
} as const;
/** A subscribe-message kind, as recorded on the application and in the outbox. */
export type SubscriptionKind = keyof typeof SUBSCRIPTION_KINDS;
/** The kinds as a tuple (zod enums). */
export const SUBSCRIPTION_KIND_LIST = Object.keys(SUBSCRIPTION_KINDS) as [SubscriptionKind, ...SubscriptionKind[]];

/** Roles an administrator grants. */
export const ROLE_KINDS = { reviewer: '阅卷人员', admin: '管理员' } as const;
/** A granted role. */
export type RoleKind = keyof typeof ROLE_KINDS;
/** The roles as a tuple (zod enums). */
export const ROLE_KIND_LIST = Object.keys(ROLE_KINDS) as [RoleKind, ...RoleKind[]];

/** Who may act for a person (委托申请). */
export const ENTRUSTMENT_KINDS = { employer: '用人单位', relative: '监护人或近亲属' } as const;
/** An entrustment kind. */
export type EntrustmentKind = keyof typeof ENTRUSTMENT_KINDS;

/** How the caller relates to a case they see: the person, or an agent acting for them. */
export const ACTING_AS = { self: '本人', agent: '代办人' } as const;
/** The caller's standing on a case. */
export type ActingAs = keyof typeof ACTING_AS;

/** Who did something to a case, as its owner's trail shows it. */
export const TRAIL_ACTORS = {
  self: '本人',
  agent: '代办人',
  reviewer: '阅卷人员',
  admin: '管理员',
  system: '系统',
} as const;
/** An actor of a case's trail. */
export type TrailActor = keyof typeof TRAIL_ACTORS;
