/**
 * 积分测算 from the command line, for people who are not developers:
 *   npm run score -- examples/zhang-wei-2021.json [--round 2021] [--policy hz-2021] [--today 2021-10-08] [--json] [--all]
 * Prints the sheet as a Chinese table (or JSON); exits 2 with the field errors on bad input, 1 on other problems.
 */
import fs from 'fs';
import { BUILTIN_POLICIES, beijingDate, buildRounds, findPolicy, isISODate, parseProfile, roundPhase, score, type Round } from '../shared';
import { formatSheet } from './cli/format';
import { isMain } from './cli/is-main';

interface Args {
  file?: string;
  round?: string;
  policy?: string;
  today?: string;
  json: boolean;
  all: boolean;
}

const USAGE = '用法：npm run score -- <申报信息.json> [--round 2021] [--policy hz-2021] [--today YYYY-MM-DD] [--json] [--all]';

function parseArgs(argv: string[]): Args {
  const a: Args = { json: false, all: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--json') a.json = true;
    else if (k === '--all') a.all = true;
    else if (k === '--round' || k === '--policy' || k === '--today') {
      const v = argv[++i];
      if (!v) throw new Error(`${k} 后面需要一个值\n${USAGE}`);
      a[k.slice(2) as 'round' | 'policy' | 'today'] = v;
    } else if (k === '--help' || k === '-h') throw new Error(USAGE);
    else if (k.startsWith('--')) throw new Error(`不认识的选项 ${k}\n${USAGE}`);
    else a.file = k;
  }
  if (!a.file) throw new Error(USAGE);
  return a;
}

/** Runs the CLI; returns the exit code. Exported for tests. */
export function run(argv: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error, now: Date = new Date()): number {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    err((e as Error).message);
    return 1;
  }
  if (args.today && !isISODate(args.today)) {
    err(`--today 应为有效日期 YYYY-MM-DD：${args.today}`);
    return 1;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(args.file as string, 'utf8'));
  } catch (e) {
    err(`无法读取 ${args.file}：${(e as Error).message}`);
    return 1;
  }
  const parsed = parseProfile(raw);
  if (!parsed.ok) {
    err(`申报信息有 ${parsed.errors.length} 处需要修改：`);
    for (const e of parsed.errors) err(`  · ${e.field}（${e.path}）：${e.message}`);
    return 2;
  }
  const today = args.today ?? beijingDate(now);
  const refs = BUILTIN_POLICIES.map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom }));
  const untilYear = Math.max(Number(today.slice(0, 4)) + 1, args.round ? Number(args.round) || 0 : 0);
  const rounds = buildRounds({ untilYear, policies: refs });
  let round: Round | undefined | null;
  if (args.round) {
    round = rounds.find((r) => r.id === args.round);
    if (!round) {
      err(`没有 ${args.round} 年度；可选：${rounds.map((r) => r.id).join('、')}`);
      return 1;
    }
  } else round = roundPhase(today, rounds).round;
  if (!round) {
    err('当前没有积分年度，请用 --round 指定');
    return 1;
  }
  const policyId = args.policy ?? round.policyVersion;
  const policy = findPolicy(policyId);
  if (!policy) {
    err(`没有政策版本 ${policyId}；可选：${BUILTIN_POLICIES.map((p) => p.id).join('、')}`);
    return 1;
  }
  const sheet = score(parsed.profile, policy, round);
  out(args.json ? JSON.stringify(sheet, null, 2) : formatSheet(sheet, { all: args.all }));
  return 0;
}

if (isMain(__filename)) process.exitCode = run(process.argv.slice(2));
