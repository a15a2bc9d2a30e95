/**
 * The built-in policy versions as function bundles carry them: one deflated text, inflated when the policy module
 * loads, must give back exactly the JSON files (every field, in the same key order), so a bundled function scores and
 * answers with the same policies the tests run unbundled.
 */
/** @jest-environment node */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { packJson, unpackJson } from '../../scripts/build/packed-json';
import { packPolicyVersions, readVersionFiles } from '../../scripts/build/policies';

const ROOT = path.resolve(__dirname, '..', '..');
const VERSIONS = path.join(ROOT, 'shared', 'policy', 'versions');

describe('built-in policy versions in function bundles', () => {
  it('should give back every version file exactly, through the bundled shared/policy module', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policies-'));
    try {
      const entry = path.join(dir, 'entry.ts');
      fs.writeFileSync(
        entry,
        `export { BUILTIN_POLICIES, findPolicy } from ${JSON.stringify(path.join(ROOT, 'shared', 'policy'))};\n`,
      );
      const out = path.join(dir, 'out.js');
      const plain = path.join(dir, 'plain.js');
      const options: esbuild.BuildOptions = {
        entryPoints: [entry],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node16',
        minify: true,
        charset: 'utf8',
        nodePaths: [path.join(ROOT, 'node_modules')],
        logLevel: 'silent',
      };
      await esbuild.build({ ...options, outfile: out, plugins: [packPolicyVersions()] });
      await esbuild.build({ ...options, outfile: plain });
      /* eslint-disable @typescript-eslint/no-require-imports */
      const bundled = require(out) as { BUILTIN_POLICIES: { id: string }[]; findPolicy: (id: string) => unknown };
      const files = fs.readdirSync(VERSIONS).filter((n) => n.endsWith('.json'));
      expect(files.length).toBeGreaterThanOrEqual(2);
      const texts = files.map((n) => JSON.stringify(JSON.parse(fs.readFileSync(path.join(VERSIONS, n), 'utf8'))));
      expect(bundled.BUILTIN_POLICIES.map((p) => JSON.stringify(p)).sort()).toEqual([...texts].sort());
      expect(bundled.findPolicy(bundled.BUILTIN_POLICIES[0].id)).toBe(bundled.BUILTIN_POLICIES[0]);
      // Smaller than the object literals it replaces by more than 20 KB.
      expect(fs.statSync(plain).size - fs.statSync(out).size).toBeGreaterThan(20 * 1024);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should pack and unpack any set of versions without changing a character', () => {
    const files = readVersionFiles(VERSIONS);
    expect(Object.keys(files).sort()).toEqual(
      fs
        .readdirSync(VERSIONS)
        .filter((n) => n.endsWith('.json'))
        .sort(),
    );
    expect(JSON.stringify(unpackJson(packJson(files)))).toBe(JSON.stringify(files));
    const odd = { 'a.json': { 名称: '积分', n: [1.5, 0.25, null, '"\\\n'] } };
    expect(unpackJson(packJson(odd))).toEqual(odd);
  });
});
