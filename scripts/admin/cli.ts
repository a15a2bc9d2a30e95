/**
 * The administrator CLI (`npm run admin -- <命令>`): roles, rounds, policy versions, holiday tables, fraud findings,
 * the scheduler and the overdue report, through the admin function's own handlers acting as the system
 * administrator (`createSystemAdmin`; every change audited with actor `cli:<os user>`). That is how the first
 * administrator is granted. Works on the local cloud's SQLite file (default) or, with `--store cloudbase`, on a
 * CloudBase environment through `@cloudbase/node-sdk`.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AdminApi, Envelope, ErrEnvelope } from '../../shared/contracts';
import { formatChineseDate, isISODate } from '../../shared/dates';
import { districtName, HANGZHOU_DISTRICTS, type DistrictCode } from '../../shared/application/districts';
import { createSystemAdmin } from '../../cloudfunctions/admin/handlers';
import { createCloudBaseStore, type CloudBaseDbLike } from '../../cloudfunctions/_core/store/cloudbase';
import { openSqliteStore } from '../../cloudfunctions/_core/store/sqlite';
import type { Store } from '../../cloudfunctions/_core/store/types';
import { REPO_ROOT } from '../build/paths';
import { displayWidth } from '../cli/format';
import { DATA_FILE } from '../local-cloud/server';
import { connectCloudBase } from './cloudbase';

/** Exit codes: 0 done, 1 refused or failed, 2 wrong usage. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The local cloud's SQLite file: `$LOCAL_CLOUD_DATA_DIR/local-cloud.sqlite`, by default `.data/local-cloud.sqlite`. */
export function defaultSqlitePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(path.resolve(env.LOCAL_CLOUD_DATA_DIR || path.join(REPO_ROOT, '.data')), DATA_FILE);
}

export const USAGE = `杭州居住证积分 · 管理员命令行

用法：npm run admin -- <命令> [参数] [--store sqlite:<文件> | --store cloudbase] [--json]

角色
  grant-role <openid> reviewer --department <部门>   授予阅卷人员角色（部门须为政策数据中的部门，如 市公安局）
  grant-role <openid> admin                           授予管理员角色（首位管理员即用此命令授予）
  grant-role <openid> reviewer --district <区>       授予区积分受理点人员角色（核验委托，如 --district 西湖区）
  revoke-role <openid> reviewer [--department <部门>] 撤销阅卷人员角色
  revoke-role <openid> reviewer --district <区>      撤销区积分受理点人员角色
  revoke-role <openid> admin                          撤销管理员角色（不能撤销最后一位管理员）
  roles                                               列出全部角色
年度与政策
  rounds                                              列出年度（内置、按规则生成、管理员设置）
  round-put <年度.json>                               设置某一年度（管理员覆盖）
  policies                                            列出政策版本
  policy-publish <政策版本.json>                      发布新的政策版本（发布后不可修改）
  holiday-put <节假日表.json>                         录入某一年的节假日安排
其他
  fraud-add <身份证号码> <认定日期> [--note <说明>]   记录弄虚作假认定（5 年内不得申请积分）
  scheduler-run [--today YYYY-MM-DD]                  立即公布到期结果并统计超期案件
  overdue [--limit N] [--today YYYY-MM-DD]            列出超过结果日期仍未阅完的案件

选项
  --store sqlite:<文件>   本地云的 SQLite 文件（默认 .data/local-cloud.sqlite，本地云运行时也可使用）
  --store cloudbase       云开发环境：需要环境变量 TCB_ENV、TCB_SECRET_ID、TCB_SECRET_KEY
  --json                  以 JSON 输出结果
  --help                  显示本说明

操作以系统管理员身份执行，审计记录中的操作人为 cli:<当前系统用户>。`;

/** What the CLI uses from its surroundings (tests replace them). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  env: NodeJS.ProcessEnv;
  /** The clock (default: now). `--today` overrides it for scheduler-run and overdue. */
  now?: () => Date;
  /** The operator's name for the audit (default: the OS user). */
  user?: string;
  /** How `--store cloudbase` connects (default: `@cloudbase/node-sdk` with TCB_* variables). */
  connect?: (env: NodeJS.ProcessEnv) => CloudBaseDbLike;
}

/** A usage error: printed with a hint, exit 2. */
class UsageError extends Error {}

interface Parsed {
  command: string;
  args: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set(['--store', '--department', '--district', '--today', '--limit', '--note']);
const BOOL_FLAGS = new Set(['--json', '--help', '-h']);

function parse(argv: string[]): Parsed {
  const args: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (VALUE_FLAGS.has(a)) {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} 后面需要一个值`);
      flags.set(a, v);
    } else if (BOOL_FLAGS.has(a)) flags.set(a === '-h' ? '--help' : a, true);
    else if (a.startsWith('--')) throw new UsageError(`不认识的选项 ${a}`);
    else args.push(a);
  }
  const [command = '', ...rest] = args;
  return { command, args: rest, flags };
}

/** The audit actor of this operator: `cli:<user>` with only safe characters. */
export function cliActor(user?: string): string {
  let name = user;
  if (!name) {
    try {
      name = os.userInfo().username;
    } catch {
      name = process.env.USER || 'unknown';
    }
  }
  return `cli:${(name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'unknown').slice(0, 40)}`;
}

function readJsonFile(file: string | undefined, what: string): unknown {
  if (!file) throw new UsageError(`请给出${what}文件`);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliFailure(
      `无法读取 ${file}：${(e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new CliFailure(`${file} 不是合法的 JSON：${(e as Error).message}`);
  }
}

/** A failure that is not a usage error (exit 1). */
class CliFailure extends Error {}

function openStore(spec: string, io: CliIo): { store: Store; close(): void; label: string } {
  if (spec === 'cloudbase') {
    const db = (io.connect ?? connectCloudBase)(io.env);
    return {
      store: createCloudBaseStore(db),
      close: () => undefined,
      label: `云开发环境 ${io.env.TCB_ENV ?? ''}`.trim(),
    };
  }
  if (!spec.startsWith('sqlite:') || spec.length <= 'sqlite:'.length) {
    throw new UsageError(`--store 应为 sqlite:<文件> 或 cloudbase，收到 ${spec}`);
  }
  const file = path.resolve(spec.slice('sqlite:'.length));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const store = openSqliteStore(file);
  return { store, close: () => store.close(), label: `SQLite ${path.relative(process.cwd(), file) || file}` };
}

const ROLE_LABEL: Record<string, string> = { reviewer: '阅卷人员', admin: '管理员' };

function roleText(r: { role: string; department?: string; district?: string }): string {
  if (r.department) return `${ROLE_LABEL[r.role] ?? r.role}（${r.department}）`;
  if (r.district) {
    const d = HANGZHOU_DISTRICTS.find((x) => x.code === r.district || x.name === r.district);
    return `区积分受理点人员（${d ? d.name : r.district}）`;
  }
  return ROLE_LABEL[r.role] ?? r.role;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** A plain-text table with CJK-aware column widths. */
export function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, c) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[c] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => pad(c, widths[i] as number))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The refusal of the admin function, in Chinese, with its field problems. */
function refusal(env: ErrEnvelope): string[] {
  const lines = [`失败（${env.code}）：${env.message}`];
  for (const f of env.fields ?? [])
    if (f.message !== env.message) lines.push(`  · ${f.path ? `${f.path}：` : ''}${f.message}`);
  return lines;
}

function todayFlag(flags: Parsed['flags']): string | undefined {
  const v = flags.get('--today');
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !isISODate(v))
    throw new UsageError(`--today 应为有效日期 YYYY-MM-DD，收到 ${String(v)}`);
  return v;
}

/** Noon in Beijing of a day: safely inside that Beijing date whatever the machine's time zone. */
function noonOf(day: string): Date {
  return new Date(`${day}T04:00:00.000Z`);
}

type Call = <A extends keyof AdminApi>(action: A, payload: AdminApi[A]['req']) => Promise<Envelope<AdminApi[A]['res']>>;

/** Prints an ok envelope's data (as JSON with `--json`, else as text lines) and passes the envelope on. */
type Show = <T>(env: Envelope<T>, text: (data: T) => string[]) => Envelope<T>;

/** What a command gets: the parsed command line, the admin function and the printer. */
interface CommandContext {
  p: Parsed;
  call: Call;
  show: Show;
}

/** One CLI command: builds its request, calls the admin function and prints the answer. */
type Command = (ctx: CommandContext) => Promise<Envelope<unknown>>;

/** The department or district acceptance point of a role, for the roles table. */
function roleUnit(r: { department?: string; district?: DistrictCode }): string {
  return r.department ?? (r.district ? `${districtName(r.district)}积分受理点` : '—');
}

/** `grant-role` / `revoke-role <openid> reviewer|admin [--department <部门> | --district <区>]`. */
const roleChange: Command = async ({ p, call, show }) => {
  const [openid, role] = p.args;
  if (!openid || (role !== 'reviewer' && role !== 'admin')) {
    throw new UsageError(`用法：${p.command} <openid> reviewer|admin [--department <部门> | --district <区>]`);
  }
  const department = p.flags.get('--department');
  const district = p.flags.get('--district');
  const req: AdminApi['role.grant']['req'] = { openid, role };
  if (typeof department === 'string') req.department = department;
  if (typeof district === 'string') req.district = district;
  const grant = p.command === 'grant-role';
  return show(await call(grant ? 'role.grant' : 'role.revoke', req), (d) => [
    `已${grant ? '授予' : '撤销'} ${openid} 的${roleText(req)}角色。`,
    `该用户现有角色：${d.roles.length ? d.roles.map(roleText).join('、') : '无'}`,
  ]);
};

const listRoles: Command = async ({ call, show }) =>
  show(await call('role.list', {}), (d) =>
    d.roles.length
      ? table(
          ['openid', '角色', '部门 / 受理点', '授予人', '授予时间'],
          d.roles.map((r) => [r.openid, ROLE_LABEL[r.role] ?? r.role, roleUnit(r), r.grantedBy, r.grantedAt]),
        )
      : ['还没有任何角色。授予首位管理员：npm run admin -- grant-role <openid> admin'],
  );

const listRounds: Command = async ({ call, show }) =>
  show(await call('round.list', {}), (d) =>
    table(
      ['年度', '名称', '政策版本', '积分申请', '计分截止日', '积分落户申请', '来源'],
      d.rounds.map((r) => [
        r.id,
        r.name,
        r.policyVersion,
        `${r.application.from} 至 ${r.application.to}`,
        r.cutoff,
        `${r.settlement.from} 至 ${r.settlement.to}`,
        { builtin: '内置', generated: '按规则生成', admin: '管理员设置' }[r.source],
      ]),
    ),
  );

const putRound: Command = async ({ p, call, show }) => {
  const round = readJsonFile(p.args[0], '年度设置');
  return show(await call('round.put', { round }), (d) => [
    `已设置 ${d.round.name}（${d.round.id}）：积分申请 ${d.round.application.from} 至 ${d.round.application.to}，政策版本 ${d.round.policyVersion}。`,
  ]);
};

const listPolicies: Command = async ({ call, show }) =>
  show(await call('policy.list', {}), (d) =>
    table(
      ['版本', '名称', '生效日', '指标数', '来源'],
      d.policies.map((x) => [
        x.policy.id,
        x.policy.name,
        x.policy.effectiveFrom,
        String(x.policy.indicators.length),
        x.builtin ? '内置' : '已发布',
      ]),
    ),
  );

const publishPolicy: Command = async ({ p, call, show }) => {
  const policy = readJsonFile(p.args[0], '政策版本');
  return show(await call('policy.publish', { policy }), (d) => [`已发布政策版本 ${d.policyId}（发布后不可修改）。`]);
};

const putHolidays: Command = async ({ p, call, show }) => {
  const table = readJsonFile(p.args[0], '节假日表');
  return show(await call('holiday.put', { table: table as AdminApi['holiday.put']['req']['table'] }), (d) => [
    `已录入 ${d.year} 年节假日安排。`,
  ]);
};

const addFraud: Command = async ({ p, call, show }) => {
  const [idNumber, date] = p.args;
  if (!idNumber || !date) throw new UsageError('用法：fraud-add <身份证号码> <认定日期 YYYY-MM-DD> [--note <说明>]');
  const note = p.flags.get('--note');
  return show(
    await call('fraud.add', { idNumber, date, note: typeof note === 'string' ? note : '管理员通过命令行录入' }),
    (d) => [`已记录弄虚作假认定（${d.findingId}）：${formatChineseDate(d.barredUntil)}前不得申请积分。`],
  );
};

const runScheduler: Command = async ({ call, show }) =>
  show(await call('scheduler.run', {}), (d) => [
    `${d.today}：公布结果 ${d.published} 件，记录订阅消息 ${d.notified} 条；超过结果日期仍未阅完 ${d.overdue} 件${d.settled ? `；补结 ${d.settled} 件` : ''}。`,
    ...(d.overdue ? ['查看超期案件：npm run admin -- overdue'] : []),
  ]);

const listOverdue: Command = async ({ p, call, show }) => {
  const limit = p.flags.get('--limit');
  const n = typeof limit === 'string' ? Number(limit) : 100;
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new UsageError('--limit 应为 1–1000 的整数');
  return show(await call('case.overdue', { limit: n }), (d) =>
    d.cases.length
      ? table(
          ['受理编号', '申请编号', '结果日期', '未阅完的指标'],
          d.cases.map((c) => [
            c.receiptNumber,
            c.applicationId,
            c.resultDate,
            c.pendingTasks.map((t) => `${t.indicatorId}（${t.department}）`).join('、'),
          ]),
        )
      : ['没有超期案件。'],
  );
};

/** The commands by name (a Map: `toString` and the like are not commands). */
const COMMANDS = new Map<string, Command>([
  ['grant-role', roleChange],
  ['revoke-role', roleChange],
  ['roles', listRoles],
  ['rounds', listRounds],
  ['round-put', putRound],
  ['policies', listPolicies],
  ['policy-publish', publishPolicy],
  ['holiday-put', putHolidays],
  ['fraud-add', addFraud],
  ['scheduler-run', runScheduler],
  ['overdue', listOverdue],
]);

/** Builds the request of a command, calls the admin function and prints its answer; returns the envelope. */
async function command(p: Parsed, call: Call, out: (l: string) => void, json: boolean): Promise<Envelope<unknown>> {
  const show: Show = (env, text) => {
    if (env.ok) (json ? [JSON.stringify(env.data, null, 2)] : text(env.data)).forEach((l) => out(l));
    return env;
  };
  const run = COMMANDS.get(p.command);
  if (!run) throw new UsageError(p.command ? `不认识的命令 ${p.command}` : '请给出一个命令');
  return run({ p, call, show });
}

/** Runs the CLI with `argv` (without node and script); resolves with the exit code. */
export async function runAdmin(argv: string[], io: CliIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parse(argv);
  } catch (e) {
    io.err(`${(e as Error).message}\n运行 npm run admin -- --help 查看用法`);
    return EXIT.usage;
  }
  if (parsed.flags.has('--help') || parsed.command === 'help') {
    io.out(USAGE);
    return EXIT.ok;
  }
  let opened: ReturnType<typeof openStore> | null = null;
  try {
    const today = todayFlag(parsed.flags);
    if (!parsed.command) throw new UsageError('请给出一个命令');
    const spec = parsed.flags.get('--store');
    opened = openStore(typeof spec === 'string' ? spec : `sqlite:${defaultSqlitePath(io.env)}`, io);
    const store = opened.store;
    const now = today ? () => noonOf(today) : (io.now ?? (() => new Date()));
    const actor = cliActor(io.user);
    const fn = createSystemAdmin();
    const call: Call = (action, payload) =>
      fn(
        { action, payload, requestId: `cli-${randomUUID()}` },
        { openid: actor },
        { store, now, log: (l) => io.err(l) },
      ) as never;
    const env = await command(parsed, call, io.out, parsed.flags.has('--json'));
    if (!env.ok) {
      refusal(env).forEach((l) => io.err(l));
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n运行 npm run admin -- --help 查看用法`);
      return EXIT.usage;
    }
    io.err(e instanceof CliFailure ? e.message : `出错了：${e instanceof Error ? e.message : String(e)}`);
    return EXIT.failed;
  } finally {
    opened?.close();
  }
}
