/**
 * The documents function: vouchers rendered per second from its built bundle (font loaded once, as a warm instance
 * does), the first voucher of a fresh instance, and its cold start as ratios — to a bare `node -e 0` and to the
 * applicant function's own code — so the numbers carry over between machines.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../build/paths';
import type { BuildResult } from '../build/index';
import type { FunctionCold } from './sizes';
import { benchIssue, type IssueBench } from './vouchers';

/** What the documents bench reports. */
export interface DocumentsBench {
  /** Vouchers rendered per second, one after another on one core. */
  vouchersPerSecond: number;
  vouchers: number;
  /** Mean PDF size of those vouchers. */
  meanBytes: number;
  /** First voucher of a fresh process after `require`: reading and parsing the 10.5 MB font, then rendering. */
  firstVoucherMs: number;
  /** Median time of `node -e 0` (process start-up, the floor of any cold start). */
  nodeStartMs: number;
  /** Median wall time of a fresh `node -e "require(bundle)"` (wx-server-sdk included). */
  coldStartMs: number;
  /** coldStartMs ÷ nodeStartMs. */
  coldStartVsNode: number;
  /** The documents bundle's own require time ÷ the applicant bundle's own (both after wx-server-sdk). */
  ownRequireVsApplicant: number | null;
}

const VOUCHER = {
  number: 'PZ2021-000123-01',
  name: '赵孟𫖯',
  idNumber: '330106199001011234',
  roundId: '2021',
  policyVersion: '2021.1',
  totalHalves: 321,
  categories: { basic: 240, bonus: 101, deduction: -20 },
  confirmedOn: '2021-12-01',
  issuedOn: '2021-12-13',
  verificationCode: '7K2MQ9XD4HBT0WZR',
};

function run(args: string[]): { ms: number; stdout: string } {
  const a = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {
    env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const ms = Number(process.hrtime.bigint() - a) / 1e6;
  if (r.status !== 0) throw new Error(`documents bench failed: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return { ms, stdout: r.stdout };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Runs the documents bench on a build that has the documents function; `null` when it has none. */
export function benchDocuments(built: BuildResult, fns: FunctionCold[], seconds = 3, runs = 5): DocumentsBench | null {
  const fn = built.functions.find((f) => f.name === 'documents');
  if (!fn) return null;
  const file = JSON.stringify(path.join(fn.dir, 'index.js'));
  const child = `
    const now = () => Number(process.hrtime.bigint()) / 1e6;
    const m = require(${file});
    const data = ${JSON.stringify(VOUCHER)};
    (async () => {
      const a = now();
      const font = m.loadFont();
      await m.renderVoucher(data, { font });
      const first = now() - a;
      const end = now() + ${seconds * 1000};
      let n = 0, bytes = 0;
      const b = now();
      while (now() < end) { bytes += (await m.renderVoucher(data, { font })).length; n++; }
      console.log(JSON.stringify({ first, n, bytes, ms: now() - b }));
    })();`;
  const r = JSON.parse(run(['-e', child]).stdout.trim()) as { first: number; n: number; bytes: number; ms: number };
  const node: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(run(['-e', '0']).ms);
    cold.push(run(['-e', `require(${file})`]).ms);
  }
  const nodeStartMs = median(node);
  const coldStartMs = median(cold);
  const own = fns.find((f) => f.name === 'documents')?.ownRequireMs;
  const applicant = fns.find((f) => f.name === 'applicant')?.ownRequireMs;
  return {
    vouchersPerSecond: (r.n / r.ms) * 1000,
    vouchers: r.n,
    meanBytes: r.n ? r.bytes / r.n : 0,
    firstVoucherMs: r.first,
    nodeStartMs,
    coldStartMs,
    coldStartVsNode: coldStartMs / nodeStartMs,
    ownRequireVsApplicant: own !== undefined && applicant ? own / applicant : null,
  };
}

/** The bench table's rows for the documents function. */
export function documentsRows(docs: DocumentsBench | null): [string, string, string, ''][] {
  if (!docs) return [['documents 函数', '（构建结果中没有）', '', '']];
  const ms = (n: number): string => `${n.toFixed(n < 10 ? 2 : 1)} ms`;
  const rows: [string, string, string, ''][] = [
    [
      '凭证渲染（documents 打包结果，单核串行）',
      `${docs.vouchersPerSecond.toFixed(1)} 份/秒（均 ${(docs.meanBytes / 1024).toFixed(1)} KB）`,
      '',
      '',
    ],
    ['  新实例首份凭证（读取并解析字体 + 渲染）', ms(docs.firstVoucherMs), '', ''],
    [
      '  documents 冷启动 ÷ node -e 0',
      `${docs.coldStartVsNode.toFixed(2)}×（${ms(docs.coldStartMs)} / ${ms(docs.nodeStartMs)}）`,
      '',
      '',
    ],
  ];
  if (docs.ownRequireVsApplicant !== null) {
    rows.push(['  documents 本函数代码 require ÷ applicant', `${docs.ownRequireVsApplicant.toFixed(2)}×`, '', '']);
  }
  return rows;
}

/** The rows of vouchers issued through the function, beside the render figure. */
export function issueRows(issue: IssueBench): [string, string, string, ''][] {
  return [
    [
      `凭证出具（documents 函数：渲染 + 私有存储 + 数据库，${issue.vouchers} 份）`,
      `${issue.issuedPerSecond.toFixed(1)} 份/秒`,
      '',
      '',
    ],
    ['  同一凭证再次出具（已存文件，新链接）', `${issue.reissuedPerSecond.toFixed(1)} 次/秒`, '', ''],
  ];
}

/** The bench's documents section: skipped with `--skip-documents`, else measured and turned into rows. */
export async function documentsSection(
  args: string[],
  built: BuildResult,
  fns: FunctionCold[],
  runs: number,
  progress: (line: string) => void,
): Promise<{
  result: (DocumentsBench & { issue: IssueBench }) | DocumentsBench | null;
  rows: [string, string, string, ''][];
}> {
  if (args.includes('--skip-documents')) return { result: null, rows: [] };
  progress('documents: vouchers per second, cold start…');
  const result = benchDocuments(built, fns, 3, runs);
  progress('documents: vouchers issued per second through the function…');
  const issue = await benchIssue(200);
  return { result: result ? { ...result, issue } : result, rows: [...documentsRows(result), ...issueRows(issue)] };
}
