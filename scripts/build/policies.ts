/**
 * The built-in policy versions in function bundles: `shared/policy/versions/*.json` are two large documents that say
 * mostly the same thing (the 2024 version restates the 2021 one with a few changes), 33 KB of object literals in
 * every function. Bundles carry them as one deflated text instead (about 8 KB in base64), inflated and parsed once
 * when the policy module loads — JSON.parse of the same text, so every version is the same plain data as the file's.
 * The mini program keeps the plain files: it has no zlib.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as esbuild from 'esbuild';
import { PACKED_JSON_IMPORT, packedJsonExpression } from './packed-json';

/** A version file as shared/policy/index.ts imports it. */
const VERSION_JSON = /[\\/]shared[\\/]policy[\\/]versions[\\/]([^\\/]+\.json)$/;
/** The module every version file's stand-in imports: all versions in one deflated text. */
const ALL_VERSIONS = 'policy-versions:all';

/** Every `*.json` of `dir` by file name, in name order, parsed. */
export function readVersionFiles(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    out[name] = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
  }
  return out;
}

/** esbuild plugin for function bundles: each version file becomes its entry of one deflated text. */
export function packPolicyVersions(): esbuild.Plugin {
  return {
    name: 'pack-policy-versions',
    setup(b) {
      b.onLoad({ filter: VERSION_JSON }, (args) => ({
        contents:
          `import { versions } from ${JSON.stringify(ALL_VERSIONS)};\n` +
          `export default versions[${JSON.stringify(path.basename(args.path))}];\n`,
        loader: 'js',
        resolveDir: path.dirname(args.path),
        // The stand-in reads the whole folder: a change to any version file rebuilds it.
        watchDirs: [path.dirname(args.path)],
      }));
      b.onResolve({ filter: /^policy-versions:all$/ }, (args) => ({
        path: args.resolveDir,
        namespace: 'policy-versions',
      }));
      b.onLoad({ filter: /.*/, namespace: 'policy-versions' }, (args) => {
        const files = readVersionFiles(args.path);
        return {
          contents: `${PACKED_JSON_IMPORT}\nexport const versions = ${packedJsonExpression(files)};\n`,
          loader: 'js',
          watchFiles: Object.keys(files).map((n) => path.join(args.path, n)),
        };
      });
    },
  };
}
