/**
 * 积分测算 from the command line, for people who are not developers:
 *   npm run score -- examples/zhang-wei-2021.json [--round 2021] [--policy hz-2021] [--today 2021-10-08] [--json] [--all]
 * Prints the sheet as a Chinese table (or JSON); exits 2 with the field errors on bad input, 1 on other problems.
 */
import fs from 'fs';
import {
  BUILTIN_POLICIES,
  beijingDate,
  buildRounds,
  findPolicy,
  isISODate,
  parseProfile,
  roundPhase,
  score,
  type PolicyVersion,
  type Profile,
  type Round,
} from '../shared';
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

const USAGE =
  '用法：npm run score -- <申报信息.json> [--round 2021] [--policy hz-2021] [--today YYYY-MM-DD] [--json] [--all]';

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

/** Stops the CLI with an exit code; the lines go to stderr. */
class Stop {
  constructor(
    readonly code: number,
    readonly lines: string[],
  ) {}
}

/** The command line, or a stop with the usage problem. */
function readArgs(argv: string[]): Args {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    throw new Stop(1, [(e as Error).message]);
  }
  if (args.today && !isISODate(args.today)) throw new Stop(1, [`--today 应为有效日期 YYYY-MM-DD：${args.today}`]);
  return args;
}

/** The profile in `file`; exit 1 when it cannot be read, 2 with every field error when it is not valid. */
function readProfile(file: string): Profile {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Stop(1, [`无法读取 ${file}：${(e as Error).message}`]);
  }
  const parsed = parseProfile(raw);
  if (!parsed.ok) {
    throw new Stop(2, [
      `申报信息有 ${parsed.errors.length} 处需要修改：`,
      ...parsed.errors.map((e) => `  · ${e.field}（${e.path}）：${e.message}`),
    ]);
  }
  return parsed.profile;
}

/** The round asked for with `--round`, else the one open (or next) on `today`. */
function pickRound(args: Args, today: string): Round {
  const refs = BUILTIN_POLICIES.map((p) => ({ id: p.id, effectiveFrom: p.effectiveFrom }));
  const untilYear = Math.max(Number(today.slice(0, 4)) + 1, args.round ? Number(args.round) || 0 : 0);
  const rounds = buildRounds({ untilYear, policies: refs });
  if (args.round) {
    const round = rounds.find((r) => r.id === args.round);
    if (!round) throw new Stop(1, [`没有 ${args.round} 年度；可选：${rounds.map((r) => r.id).join('、')}`]);
    return round;
  }
  const round = roundPhase(today, rounds).round;
  if (!round) throw new Stop(1, ['当前没有积分年度，请用 --round 指定']);
  return round;
}

/** The policy asked for with `--policy`, else the round's. */
function pickPolicy(args: Args, round: Round): PolicyVersion {
  const policyId = args.policy ?? round.policyVersion;
  const policy = findPolicy(policyId);
  if (!policy) throw new Stop(1, [`没有政策版本 ${policyId}；可选：${BUILTIN_POLICIES.map((p) => p.id).join('、')}`]);
  return policy;
}

/** Runs the CLI; returns the exit code. Exported for tests. */
export function run(
  argv: string[],
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
  now: Date = new Date(),
): number {
  try {
    const args = readArgs(argv);
    const profile = readProfile(args.file as string);
    const today = args.today ?? beijingDate(now);
    const round = pickRound(args, today);
    const sheet = score(profile, pickPolicy(args, round), round);
    out(args.json ? JSON.stringify(sheet, null, 2) : formatSheet(sheet, { all: args.all }));
    return 0;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    e.lines.forEach((l) => err(l));
    return e.code;
  }
}

if (isMain(__filename)) process.exitCode = run(process.argv.slice(2));
