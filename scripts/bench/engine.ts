/**
 * Engine benchmark: profiles validated (parseProfile) and scored (score, hints included) per second on one core,
 * over the example profiles, as ratios to JSON.parse of the same text and to an ordinary profile, each side measured
 * in turn within the same run. A benchmark, not a test: it prints numbers and never fails.
 */
import fs from 'fs';
import path from 'path';
import os from 'os';
import { buildSync } from 'esbuild';
import { isMain } from '../cli/is-main';

type Shared = typeof import('../../shared');

/**
 * The engine as it ships: bundled by esbuild like the cloud functions and the client (tsx's on-the-fly transform adds
 * keep-names wrappers and export getters to every call, which would measure the dev loader, not the engine).
 */
function loadShippedEngine(): Shared {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-engine-')), 'shared.js');
  buildSync({
    entryPoints: [path.join(__dirname, '../../shared/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node16',
    outfile: out,
    logLevel: 'error',
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(out) as Shared;
}

const EXAMPLES = ['zhang-wei-2021.json', 'li-na-2024.json', 'wang-fang-minimal.json'];

/** Calls per second of `fn` over about `ms` milliseconds, in batches of 50 (the clock is read between batches). */
function rateOver(fn: () => void, ms: number): number {
  const t0 = process.hrtime.bigint();
  const end = t0 + BigInt(Math.round(ms * 1e6));
  let n = 0;
  for (;;) {
    for (let i = 0; i < 50; i++) fn();
    n += 50;
    const now = process.hrtime.bigint();
    if (now >= end) return n / (Number(now - t0) / 1e9);
  }
}

/**
 * The best rate of each function over many short trials taken in turn. The machine is shared: another process
 * only ever slows a trial down, so the fastest trial is the least disturbed estimate, and interleaving the trials
 * makes both sides of a ratio see the same machine.
 */
function fastest<K extends string>(fns: Record<K, () => void>, rounds = 30, ms = 40): Record<K, number> {
  const keys = Object.keys(fns) as K[];
  const best = {} as Record<K, number>;
  for (const k of keys) {
    rateOver(fns[k], 150); // warm-up: the JIT compiles the hot paths before anything is timed
    best[k] = 0;
  }
  for (let r = 0; r < rounds; r++) for (const k of keys) best[k] = Math.max(best[k], rateOver(fns[k], ms));
  return best;
}

/** The example with its social insurance replaced by `n` overlapping pension-only spells and one medical spell. */
function overlappingSpells(doc: unknown, n: number): unknown {
  const spells = Array.from({ length: n }, (_, i) => ({
    from: `${2000 + (i % 10)}-01`,
    to: '2021-09',
    pension: true,
    medical: false,
  }));
  return {
    ...(doc as Record<string, unknown>),
    socialInsurance: [...spells, { from: '2005-01', to: '2021-09', pension: false, medical: true }],
  };
}

/** Runs the engine benchmark; returns named numbers for the report. */
export async function benchEngine(): Promise<Record<string, string | number>> {
  const { createCalendar, findPolicy, parseProfile, ROUND_2021, score } = loadShippedEngine();
  const policy = findPolicy('hz-2021');
  if (!policy) throw new Error('hz-2021 missing');
  const texts = EXAMPLES.map((f) => fs.readFileSync(path.join(__dirname, '../../examples', f), 'utf8'));
  const docs = texts.map((t) => JSON.parse(t) as unknown);
  const parsed = docs.map((d) => {
    const r = parseProfile(d);
    if (!r.ok) throw new Error('example invalid');
    return r.profile;
  });
  const validateScore = (doc: unknown) => () => {
    const r = parseProfile(doc);
    if (!r.ok) throw new Error('example invalid');
    score(r.profile, policy, ROUND_2021);
  };
  // 499 overlapping pension-only spells beside one medical spell (the most a profile may list): coverage of the
  // unpaired insurance must stay linear, so scoring this costs a small multiple of an ordinary profile.
  const spells = (n: number) => {
    const r = parseProfile(overlappingSpells(docs[0], n));
    if (!r.ok) throw new Error('overlapping-spells profile invalid');
    return r.profile;
  };
  const [zhangWei, minimal] = [parsed[0], parsed[2]];
  const [s500, s250] = [spells(499), spells(249)];
  let k = 0;
  const r = fastest({
    // Validate + score ÷ JSON.parse of the same text: what the engine costs beside the cheapest thing any request does.
    parseZhangWei: () => void JSON.parse(texts[0]),
    engineZhangWei: validateScore(docs[0]),
    parseMinimal: () => void JSON.parse(texts[2]),
    engineMinimal: validateScore(docs[2]),
    scoreZhangWei: () => void score(zhangWei, policy, ROUND_2021),
    score500: () => void score(s500, policy, ROUND_2021),
    score250: () => void score(s250, policy, ROUND_2021),
    validateAll: () => void parseProfile(docs[k++ % docs.length]),
    scoreAll: () => void score(parsed[k++ % parsed.length], policy, ROUND_2021),
    scoreMinimal: () => void score(minimal, policy, ROUND_2021),
  });
  // A deadline 30 working days on (补正, 异议 windows), as every submission computes: best of a few short trials.
  const calendar = createCalendar();
  let addWorkdaysRate = 0;
  for (let t = 0; t < 5; t++) {
    addWorkdaysRate = Math.max(
      addWorkdaysRate,
      rateOver(() => void calendar.addWorkdays('2021-09-28', 30), 100),
    );
  }
  return {
    calendarAddWorkdays30Us: 1e6 / addWorkdaysRate,
    ratioValidateScoreVsParseZhangWei: r.parseZhangWei / r.engineZhangWei,
    ratioValidateScoreVsParseMinimal: r.parseMinimal / r.engineMinimal,
    ratioOverlap500VsZhangWei: r.scoreZhangWei / r.score500,
    ratioOverlap500Vs250: r.score250 / r.score500,
    'engine: JSON.parse zhang-wei text /s': Math.round(r.parseZhangWei),
    'engine: validate+score zhang-wei /s': Math.round(r.engineZhangWei),
    'engine: score only zhang-wei /s': Math.round(r.scoreZhangWei),
    'engine: score only minimal profile /s': Math.round(r.scoreMinimal),
    'engine: validate only, 3 examples in turn /s': Math.round(r.validateAll),
    'engine: score only, 3 examples in turn /s': Math.round(r.scoreAll),
  };
}

if (isMain(__filename)) {
  benchEngine().then((r) => {
    // --json: one line for the bench orchestrator, which runs this in a fresh process of its own.
    if (process.argv.includes('--json')) console.log(JSON.stringify(r));
    else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
  });
}
