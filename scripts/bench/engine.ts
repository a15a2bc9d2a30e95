/**
 * Engine benchmark: profiles validated (parseProfile) and scored (score, hints included) per second on one core,
 * over the example profiles. A benchmark, not a test: it prints numbers and never fails.
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

function measure(label: string, fn: () => void, seconds: number): number {
  const deadline = Date.now() + seconds * 1000;
  let n = 0;
  const t0 = process.hrtime.bigint();
  while (Date.now() < deadline) {
    for (let i = 0; i < 500; i++) fn();
    n += 500;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const rate = n / secs;
  if (label) process.stdout.write('');
  return rate;
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
export async function benchEngine(seconds = 1): Promise<Record<string, string | number>> {
  const { findPolicy, parseProfile, ROUND_2021, score } = loadShippedEngine();
  const policy = findPolicy('hz-2021');
  if (!policy) throw new Error('hz-2021 missing');
  const docs = EXAMPLES.map(
    (f) => JSON.parse(fs.readFileSync(path.join(__dirname, '../../examples', f), 'utf8')) as unknown,
  );
  let k = 0;
  // Warm-up so the JIT has compiled the hot paths before we time them.
  measure(
    '',
    () => {
      const r = parseProfile(docs[k++ % docs.length]);
      if (r.ok) score(r.profile, policy, ROUND_2021);
    },
    0.5,
  );
  // Three trials each, median reported: the machine is a shared VM and single trials swing by ±20 %.
  const trials = (fn: () => void): number => {
    const xs = [measure('', fn, seconds), measure('', fn, seconds), measure('', fn, seconds)].sort((a, b) => a - b);
    return xs[1];
  };
  const full = trials(() => {
    const r = parseProfile(docs[k++ % docs.length]);
    if (!r.ok) throw new Error('example invalid');
    score(r.profile, policy, ROUND_2021);
  });
  const parsed = docs.map((d) => {
    const r = parseProfile(d);
    if (!r.ok) throw new Error('example invalid');
    return r.profile;
  });
  const scoreOnly = trials(() => {
    score(parsed[k++ % parsed.length], policy, ROUND_2021);
  });
  const validateOnly = trials(() => {
    parseProfile(docs[k++ % docs.length]);
  });
  // 499 overlapping pension-only spells beside one medical spell (the most a profile may list): coverage of the unpaired insurance must stay linear,
  // so scoring this costs a small multiple of an ordinary profile, not hundreds of times as much.
  const zhangWei = parsed[0];
  const overlapping = parseProfile(overlappingSpells(docs[0], 499));
  if (!overlapping.ok) throw new Error('overlapping-spells profile invalid');
  const overlapProfile = overlapping.profile;
  const zhangRate = trials(() => {
    score(zhangWei, policy, ROUND_2021);
  });
  const overlapRate = trials(() => {
    score(overlapProfile, policy, ROUND_2021);
  });
  // Validate + score ÷ JSON.parse of the same text: what the engine costs beside the cheapest thing any request does.
  const texts = EXAMPLES.map((f) => fs.readFileSync(path.join(__dirname, '../../examples', f), 'utf8'));
  const vsParse = (text: string): number => {
    const doc = JSON.parse(text) as unknown;
    const parseRate = trials(() => {
      JSON.parse(text);
    });
    const engineRate = trials(() => {
      const r = parseProfile(doc);
      if (!r.ok) throw new Error('example invalid');
      score(r.profile, policy, ROUND_2021);
    });
    return parseRate / engineRate;
  };
  const half = parseProfile(overlappingSpells(docs[0], 249));
  if (!half.ok) throw new Error('overlapping-spells profile invalid');
  const halfProfile = half.profile;
  const halfRate = trials(() => {
    score(halfProfile, policy, ROUND_2021);
  });
  return {
    ratioValidateScoreVsParseZhangWei: vsParse(texts[0] as string),
    ratioValidateScoreVsParseMinimal: vsParse(texts[2] as string),
    ratioOverlap500VsZhangWei: zhangRate / overlapRate,
    ratioOverlap500Vs250: halfRate / overlapRate,
    'engine: validate+score profiles/s (target ≥ 50000)': Math.round(full),
    'engine: score only profiles/s': Math.round(scoreOnly),
    'engine: validate only profiles/s': Math.round(validateOnly),
    'engine: 500 overlapping single-insurance spells, time per score vs zhang-wei (×)': (
      zhangRate / overlapRate
    ).toFixed(1),
  };
}

if (isMain(__filename)) {
  benchEngine().then((r) => {
    // --json: one line for the bench orchestrator, which runs this in a fresh process of its own.
    if (process.argv.includes('--json')) console.log(JSON.stringify(r));
    else for (const [k, v] of Object.entries(r)) console.log(`${k}: ${v}`);
  });
}
