/**
 * The admin function (管理): roles (reviewers of one department or of one district's acceptance point, administrators), rounds, policy versions, holiday
 * tables, fraud findings, the scheduler's publishing run and the overdue report. Every action is FORBIDDEN unless
 * the caller holds the admin role. The administrator CLI (scripts/admin.ts) serves the same handlers as a system
 * administrator ({@link createSystemAdmin}, audited with actor `cli:<user>`), which is how the first admin is
 * granted; that variant is never registered as a cloud function. Pure of wx-server-sdk (see index.ts).
 */
import { createHash } from 'crypto';
import { ADMIN_ACTIONS, type AdminApi, type OverdueRes, type RoleLine } from '../../shared/contracts';
import { beijingDate, isISODate } from '../../shared/dates';
import { fraudBarUntil } from '../../shared/application/identity';
import { districtName, HANGZHOU_DISTRICTS, type DistrictCode } from '../../shared/application/districts';
import { parseIdCard } from '../../shared/identity';
import { APPLICATION, can, sourcesOf, transition } from '../../shared/lifecycle';
import {
  BUILTIN_POLICIES,
  DEPARTMENT_NAME_RE,
  findPolicy,
  parsePolicyVersion,
  policyDepartments,
} from '../../shared/policy';
import { RoundError, RoundSchema, type Round } from '../../shared/rounds';
import {
  asRead,
  isUndecided,
  loadPolicies,
  loadRoundState,
  personKeyOf,
  roundsOf,
  roundsUntilYear,
} from '../_core/cases';
import { retireVouchers } from '../_core/documents';
import { runPublish } from '../_core/publishing';
import { publishHandlers } from './settlement-publish';
import { lineHandlers } from './settlement-line';
import { roleLines } from '../_core/roles';
import { AppError, defineFunction, zodFields, type FunctionHandler, type Handlers } from '../_core/runtime';
import type { FraudFinding, RoleRecord } from '../_core/store/types';

/** Chinese names of the payload fields, for INVALID_INPUT. */
const FIELD_LABELS: Record<string, string> = {
  openid: '用户 openid',
  role: '角色',
  department: '部门',
  district: '所属区',
  round: '年度设置',
  policy: '政策版本',
  table: '节假日表',
  limit: '条数',
  idNumber: '身份证号码',
  date: '认定日期',
  note: '说明',
  roundId: '年度',
  quota: '落户名额',
  tieRule: '同分处理规则',
  workingDays: '公示天数',
  candidates: '候选分数线',
  bucketPoints: '分组宽度',
  objectionId: '异议编号',
  outcome: '处理结果',
  reason: '处理理由',
  status: '状态',
  after: '翻页位置',
};

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The audit target from the raw payload (identifiers only, never free text or ID numbers). */
function targetOf(action: string, payload: unknown): string {
  const p = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  if (action.startsWith('role.') && typeof p.openid === 'string')
    return ID_RE.test(p.openid) ? `role:${p.openid}` : 'role:?';
  return `admin:${action}`;
}

export { policyDepartments };

function invalid(path: string, message: string): AppError {
  const head = path.split('.')[0] as string;
  return new AppError('INVALID_INPUT', message, [{ path, field: FIELD_LABELS[head] ?? head, message }]);
}

/**
 * The district of a district acceptance point role, given by code (`xihu`) or Chinese name (`西湖区`): urban
 * Hangzhou only (the points process is for permits issued there).
 */
export function districtOfInput(input: string): DistrictCode {
  const v = input.trim();
  const d = HANGZHOU_DISTRICTS.find((x) => x.code === v || x.name === v);
  const urban = HANGZHOU_DISTRICTS.filter((x) => x.urban).map((x) => x.name);
  if (!d || !d.urban) throw invalid('district', `没有“${v}”这个市区，可选：${urban.join('、')}`);
  return d.code;
}

/** A role line for `role.list`. */
function roleLine(r: RoleRecord): RoleLine {
  const line: RoleLine = { openid: r.openid, role: r.role, grantedBy: r.grantedBy, grantedAt: r.grantedAt };
  if (r.department) line.department = r.department;
  if (r.district) line.district = r.district;
  return line;
}

/**
 * The department or district of a role to grant, checked: a district acceptance point is a reviewer with a district
 * and no department; a department reviewer's department must be one of the policy data; an admin has neither.
 */
function grantScope(
  payload: { role: RoleRecord['role']; department?: string | undefined; district?: string | undefined },
  policies: Parameters<typeof policyDepartments>[0],
): { department: string | undefined; district: DistrictCode | undefined } {
  const department = payload.department?.trim();
  const district = payload.district === undefined ? undefined : districtOfInput(payload.district);
  if (district !== undefined && (payload.role !== 'reviewer' || department)) {
    throw invalid('district', '受理点角色是某个区的审核人员角色：请用 reviewer 并只填写所属区（不填部门）');
  }
  if (payload.role === 'reviewer' && district === undefined) {
    if (!department) throw invalid('department', '阅卷人员须指定所属部门（或区积分受理点人员指定所属区）');
    const known = policyDepartments(policies);
    // The typed name is echoed only when it looks like a department (never a control sequence or markup).
    const named = DEPARTMENT_NAME_RE.test(department) ? `“${department}”` : '这个部门';
    if (!known.includes(department)) throw invalid('department', `政策数据中没有${named}，可选：${known.join('、')}`);
  } else if (payload.role === 'admin' && department) {
    throw invalid('department', '管理员角色不属于任何部门，请不要填写部门');
  }
  return { department, district };
}

/**
 * The roles a grant replaces: a reviewer belongs to one department (or one district's acceptance point), so granting
 * another replaces the earlier one.
 */
function replacedBy(existing: readonly RoleRecord[], record: RoleRecord): RoleRecord[] {
  if (record.role !== 'reviewer') return [];
  if (record.district !== undefined) {
    return existing.filter((r) => r.role === 'reviewer' && r.district !== undefined && r.district !== record.district);
  }
  return existing.filter(
    (r) => r.role === 'reviewer' && r.department !== undefined && r.department !== record.department,
  );
}

/** The admin function's handlers; the runtime lets only administrators (or the system administrator) reach them. */
function adminHandlers(): Handlers<typeof ADMIN_ACTIONS, AdminApi> {
  return {
    async 'role.grant'(payload, ctx) {
      const [existing, policies] = await Promise.all([ctx.store.listRolesOf(payload.openid), loadPolicies(ctx.store)]);
      const { department, district } = grantScope(payload, policies);
      const record: RoleRecord = {
        openid: payload.openid,
        role: payload.role,
        grantedBy: ctx.caller.openid,
        grantedAt: ctx.now.toISOString(),
      };
      if (district !== undefined) record.district = district;
      else if (payload.role === 'reviewer') record.department = department;
      const replaced = replacedBy(existing, record);
      for (const r of replaced) await ctx.store.removeRole(r.openid, r.role, r.department, r.district);
      await ctx.store.putRole(record);
      const sameRole = (r: RoleRecord): boolean =>
        r.role === record.role &&
        (r.department ?? '') === (record.department ?? '') &&
        (r.district ?? '') === (record.district ?? '');
      return { roles: roleLines([...existing.filter((r) => !sameRole(r) && !replaced.includes(r)), record]) };
    },

    async 'role.revoke'(payload, ctx) {
      const department = payload.department?.trim();
      const district = payload.district === undefined ? undefined : districtOfInput(payload.district);
      const [existing, all] = await Promise.all([ctx.store.listRolesOf(payload.openid), ctx.store.listRoles()]);
      const matching = existing.filter(
        (r) =>
          r.role === payload.role &&
          (!department || r.department === department) &&
          (district === undefined || r.district === district),
      );
      if (matching.length === 0) {
        const what = district !== undefined ? `${districtName(district)}积分受理点` : (department ?? '');
        throw new AppError(
          'NOT_FOUND',
          what ? `该用户没有${what}的${payload.role === 'reviewer' ? '审核' : '管理员'}角色` : '该用户没有这个角色',
        );
      }
      if (payload.role === 'admin' && all.filter((r) => r.role === 'admin').length <= 1) {
        throw new AppError('CONFLICT', '这是最后一位管理员，不能撤销；请先授予另一位管理员');
      }
      for (const r of matching) await ctx.store.removeRole(r.openid, r.role, r.department, r.district);
      return { roles: roleLines(existing.filter((r) => !matching.includes(r))) };
    },

    async 'role.list'(_payload, ctx) {
      return { roles: (await ctx.store.listRoles()).map(roleLine) };
    },

    async 'fraud.add'(payload, ctx) {
      const id = parseIdCard(payload.idNumber);
      if (!id.ok) throw invalid('idNumber', id.message);
      if (!isISODate(payload.date)) throw invalid('date', '认定日期不是有效日期（YYYY-MM-DD）');
      if (payload.date > beijingDate(ctx.now)) throw invalid('date', '认定日期不能晚于今天');
      const personKey = personKeyOf(id.value.id);
      const finding: FraudFinding = {
        // Deterministic per person and day: recording the same finding twice keeps one.
        id: `f_${createHash('sha256').update(`${personKey}\n${payload.date}`).digest('hex').slice(0, 24)}`,
        personKey,
        date: payload.date,
        note: payload.note,
        recordedBy: ctx.caller.openid,
        recordedAt: ctx.now.toISOString(),
      };
      ctx.setTarget(`person:${personKey}`);
      // Falsified materials void the points gained (lifecycle.md, Fraud): every case of the person with points not yet
      // void goes to `voided` through the lifecycle, and its issued vouchers are revoked, in this transaction.
      const today = beijingDate(ctx.now);
      const cases = (await ctx.store.listApplicationsByPerson(personKey)).filter((a) =>
        can(APPLICATION, a.status, 'void', 'admin', { today }),
      );
      const vouchers = (await Promise.all(cases.map((a) => ctx.store.listDocumentsByApplication(a.id)))).flat();
      const at = ctx.now.toISOString();
      await ctx.store.putFraudFinding(finding);
      for (const a of cases) {
        const status = transition(APPLICATION, a.status, 'void', 'admin', { today });
        await ctx.store.putApplication({ ...a, status, updatedAt: at }, asRead(a));
      }
      await retireVouchers(ctx.store, vouchers, { event: 'revoke' }, at);
      return { findingId: finding.id, barredUntil: fraudBarUntil(payload.date) };
    },

    async 'round.list'(_payload, ctx) {
      return { rounds: (await loadRoundState(ctx.store, ctx.now)).rounds };
    },

    async 'round.put'(payload, ctx) {
      const raw =
        payload.round && typeof payload.round === 'object'
          ? { ...(payload.round as object), source: 'admin' }
          : payload.round;
      const parsed = RoundSchema.safeParse(raw);
      if (!parsed.success) {
        const fields = zodFields(parsed.error.issues).map((f) => ({
          ...f,
          path: f.path ? `round.${f.path}` : 'round',
          field: FIELD_LABELS.round as string,
        }));
        throw new AppError('INVALID_INPUT', `年度设置有误：${fields.map((f) => f.message).join('；')}`, fields);
      }
      const round: Round = parsed.data;
      const [overrides, policies] = await Promise.all([ctx.store.listRoundOverrides(), loadPolicies(ctx.store)]);
      if (round.id !== String(round.year)) throw invalid('round.id', `年度编号应为年份“${round.year}”`);
      try {
        // The whole sequence of rounds must stay consistent with the new one in it.
        const others = overrides.filter((o) => o.year !== round.year);
        roundsOf(policies, [...others, round], Math.max(roundsUntilYear(beijingDate(ctx.now)), round.year));
      } catch (e) {
        if (e instanceof RoundError) {
          throw new AppError(
            'INVALID_INPUT',
            e.message,
            e.problems.map((message) => ({ path: 'round', field: FIELD_LABELS.round as string, message })),
          );
        }
        throw e;
      }
      ctx.setTarget(`round:${round.year}`);
      await ctx.store.putRoundOverride(round);
      return { round };
    },

    async 'policy.list'(_payload, ctx) {
      const policies = await loadPolicies(ctx.store);
      return { policies: policies.map((policy) => ({ policy, builtin: BUILTIN_POLICIES.includes(policy) })) };
    },

    async 'policy.publish'(payload, ctx) {
      const parsed = parsePolicyVersion(payload.policy);
      if (!parsed.ok) {
        const fields = parsed.errors.map((e) => ({
          path: e.path ? `policy.${e.path}` : 'policy',
          field: FIELD_LABELS.policy as string,
          message: e.path ? `${e.path}：${e.message}` : e.message,
        }));
        throw new AppError(
          'INVALID_INPUT',
          `政策版本有 ${fields.length} 处错误：${fields
            .slice(0, 5)
            .map((f) => f.message)
            .join('；')}`,
          fields,
        );
      }
      const policy = parsed.policy;
      ctx.setTarget(`policy:${policy.id}`);
      if (findPolicy(policy.id))
        throw new AppError('CONFLICT', `${policy.id} 是内置政策版本，不能重新发布；请换一个版本号`);
      const published = await ctx.store.listPolicyVersions();
      if (published.some((p) => p.policy.id === policy.id)) {
        throw new AppError('CONFLICT', `政策版本 ${policy.id} 已发布；已发布的版本不可修改，请换一个版本号`);
      }
      await ctx.store.publishPolicyVersion({
        policy,
        publishedAt: ctx.now.toISOString(),
        publishedBy: ctx.caller.openid,
      });
      return { policyId: policy.id };
    },

    async 'holiday.put'(payload, ctx) {
      ctx.setTarget(`holidays:${payload.table.year}`);
      await ctx.store.putHolidayTable(payload.table);
      return { year: payload.table.year };
    },

    async 'scheduler.run'(_payload, ctx) {
      // A bulk action (see ADMIN_ACTIONS): publishing runs in batches on the store.
      return runPublish(ctx.store, ctx.deps.now, { actor: ctx.caller.openid, fn: 'admin', action: 'scheduler.run' });
    },

    async 'case.overdue'(payload, ctx) {
      const today = beijingDate(ctx.now);
      const cases: OverdueRes['cases'] = [];
      let after: string | undefined;
      // Cases past their result date still under review or in correction, oldest first (the last decision settles a
      // case with the decision, so one left with every task decided is data written outside the functions: skipped).
      while (cases.length < payload.limit) {
        const page = await ctx.store.listApplicationsByStatus({
          statuses: [...sourcesOf(APPLICATION, 'review')],
          resultDateTo: today,
          limit: Math.min(1000, payload.limit * 2),
          ...(after ? { after } : {}),
        });
        for (const app of page.applications) {
          const pending = (await ctx.store.listTasksByApplication(app.id)).filter(isUndecided);
          if (pending.length === 0) continue;
          cases.push({
            applicationId: app.id,
            receiptNumber: app.receipt?.number ?? '',
            resultDate: app.resultDate ?? '',
            pendingTasks: pending.map((t) => ({ indicatorId: t.indicatorId, department: t.department })),
          });
          if (cases.length >= payload.limit) break;
        }
        after = page.next;
        if (!after) break;
      }
      // 复核 tasks past the administrator's working-day limit, beside the overdue first reviews.
      const rechecks = (await ctx.store.listOverdueRechecks(today, payload.limit)).map((r) => ({
        recheckId: r.id,
        disputeId: r.disputeId,
        applicationId: r.applicationId,
        receiptNumber: r.receiptNumber,
        indicatorId: r.indicatorId,
        department: r.department,
        dueOn: r.dueOn,
      }));
      return { cases, rechecks };
    },

    async 'recheck.limit'(payload, ctx) {
      // Stored as data with its confidence: the sources name no limit, 10 working days is an inference [I].
      await ctx.store.putRecheckLimit({
        workingDays: payload.workingDays,
        confidence: 'I',
        setBy: ctx.caller.openid,
        setAt: ctx.now.toISOString(),
      });
      ctx.setTarget('setting:recheck-limit');
      return { workingDays: payload.workingDays, confidence: 'I' as const };
    },
    // 落户分数线、公示与异议 (settlement-line.ts).
    ...lineHandlers(),
    ...publishHandlers(),
  };
}

const handlers = adminHandlers();

/** The admin function: every action requires the caller's admin role (declared in ADMIN_ACTIONS). */
export const admin: FunctionHandler = defineFunction<typeof ADMIN_ACTIONS, AdminApi>({
  name: 'admin',
  actions: ADMIN_ACTIONS,
  handlers,
  fieldLabels: FIELD_LABELS,
  targetOf,
});

/**
 * The same actions for the administrator CLI, acting as the system administrator (no role needed: the caller is
 * marked as a system caller, which the admin access admits). Only the CLI creates it, with a caller id of the form
 * `cli:<user>`; it is never registered or deployed as a cloud function.
 */
export function createSystemAdmin(): FunctionHandler {
  return (event, caller, deps) => admin(event, { ...caller, system: true }, deps);
}
