/** 管理: the admin function's roles, rounds, policy versions, holiday tables, fraud findings and overdue report. */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { ISODate } from '../dates';
import { HolidayTableSchema } from '../calendar';
import type { DistrictCode } from '../application/districts';
import { ROLE_KIND_LIST, type RoleKind } from '../application/kinds';
import type { OverdueRecheck } from './disputes';

/** `role.grant` / `role.revoke` (mutations). */
export const RoleReq = z.strictObject({
  /** A WeChat openid: letters, digits, `_` and `-` (never blank, never padded). */
  openid: checked(
    z.string({ error: '请填写用户 openid' }),
    z.regex(/^[A-Za-z0-9_-]{1,64}$/, '用户 openid 应为 1–64 位字母、数字、下划线或短横线'),
  ),
  role: z.enum(ROLE_KIND_LIST, { error: '角色只能是 reviewer（阅卷人员）或 admin（管理员）' }),
  /** Required for reviewers: one department (as named in the policy data; the handler checks the list). */
  department: z.optional(
    checked(z.string(), z.trim(), z.minLength(1, '请填写部门'), z.maxLength(40, '部门名称不超过 40 字')),
  ),
  /** Reviewers of a district acceptance point (区积分受理点): an urban district, by code or Chinese name (西湖区). */
  district: z.optional(checked(z.string(), z.trim(), z.minLength(1, '请填写区'), z.maxLength(20, '区名不超过 20 字'))),
});
/** `round.put` (mutation): an administrator's override of one year's round. */
export const RoundPutReq = z.strictObject({ round: z.unknown() });
/** `policy.publish` (mutation): a new policy version as data. */
export const PolicyPublishReq = z.strictObject({ policy: z.unknown() });
/** `holiday.put` (mutation): a holiday table for a year the calendar data does not cover. */
export const HolidayPutReq = z.strictObject({ table: HolidayTableSchema });
/** `case.overdue`: cases past their result date with undecided tasks. */
export const OverdueReq = z.strictObject({
  limit: z._default(checked(z.number(), z.int(), z.gte(1), z.lte(1000)), 100),
});
/** Response of `case.overdue`. */
export interface OverdueRes {
  cases: {
    applicationId: string;
    receiptNumber: string;
    resultDate: ISODate;
    pendingTasks: { indicatorId: string; department: string }[];
  }[];
  /** 复核 tasks past the administrator's working-day limit and still pending. */
  rechecks?: OverdueRecheck[];
}
/** `fraud.add` (mutation): record a finding of falsified materials (G8: no new application for 5 years). */
export const FraudAddReq = z.strictObject({
  idNumber: checked(z.string({ error: '请填写身份证号码' }), z.minLength(1, '请填写身份证号码'), z.maxLength(20)),
  date: checked(z.string({ error: '请填写认定日期' }), z.regex(/^\d{4}-\d{2}-\d{2}$/, '认定日期格式应为 YYYY-MM-DD')),
  note: checked(z.string(), z.trim(), z.minLength(1, '请说明认定依据'), z.maxLength(200, '说明不超过 200 字')),
});
/** A role as administrators list it. */
export interface RoleLine {
  openid: string;
  role: RoleKind;
  department?: string;
  district?: DistrictCode;
  grantedBy: string;
  grantedAt: string;
}
