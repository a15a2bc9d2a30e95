/**
 * No function imports another: a file under `cloudfunctions/<fn>/` may import its own folder, `_core/` and `shared/`,
 * never another function's folder or the registry; `_core/` imports no function at all. Checked over every source
 * file's imports (static, re-exports, dynamic and `require`), as TypeScript itself reads them.
 */
import { readdirSync, readFileSync } from 'fs';
import { build } from 'esbuild';
import { dirname, join, relative, resolve, sep } from 'path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '../..');
const FUNCTIONS_DIR = join(ROOT, 'cloudfunctions');

/** Every .ts file under `dir`, relative to the repository root with `/` separators. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return d.name.endsWith('.ts') ? [relative(ROOT, p).split(sep).join('/')] : [];
  });
}

/**
 * The area of a path under `cloudfunctions/`: a function's folder name, `_core`, `registry` (the file that imports
 * them all) or null for anything outside `cloudfunctions/`.
 */
function areaOf(path: string): string | null {
  const parts = path.split('/');
  if (parts[0] !== 'cloudfunctions' || parts.length < 2) return null;
  return parts.length === 2 ? (parts[1] as string).replace(/\.ts$/, '') : (parts[1] as string);
}

/** Imports of one file that cross a boundary, as `importer → imported`. */
export function boundaryViolations(file: string, text: string): string[] {
  const from = areaOf(file);
  if (from === null || from === 'registry') return [];
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) =>
      relative(ROOT, resolve(ROOT, dirname(file), spec))
        .split(sep)
        .join('/'),
    )
    .filter((target) => {
      const to = areaOf(target);
      if (to === null || to === from) return false;
      // A function may use _core; _core may use nothing of the functions (nor the registry).
      return !(to === '_core' && from !== '_core');
    })
    .map((target) => `${file} → ${target}`);
}

describe('import boundaries of the cloud functions', () => {
  it('should find no file of a function importing another function, and no _core file importing a function', () => {
    const files = sources(FUNCTIONS_DIR);
    expect(files.length).toBeGreaterThan(30);
    const violations = files.flatMap((f) => boundaryViolations(f, readFileSync(join(ROOT, f), 'utf8')));
    expect(violations).toEqual([]);
  });

  it('should catch each kind of crossing: static, re-export, dynamic and require, from a function and from _core', () => {
    const src = [
      "import { roleLines } from '../reviewer/handlers';",
      "export { runPublish } from '../scheduler/publish';",
      "const m = import('../applicant/handlers');",
      "const r = require('../registry');",
      "import { AppError } from '../_core/runtime';",
      "import { score } from '../../shared/engine';",
      "import { own } from './roles';",
    ].join('\n');
    expect(boundaryViolations('cloudfunctions/admin/handlers.ts', src)).toEqual([
      'cloudfunctions/admin/handlers.ts → cloudfunctions/reviewer/handlers',
      'cloudfunctions/admin/handlers.ts → cloudfunctions/scheduler/publish',
      'cloudfunctions/admin/handlers.ts → cloudfunctions/applicant/handlers',
      'cloudfunctions/admin/handlers.ts → cloudfunctions/registry',
    ]);
    expect(
      boundaryViolations('cloudfunctions/_core/publishing.ts', "import { scheduler } from '../scheduler/handlers';"),
    ).toEqual(['cloudfunctions/_core/publishing.ts → cloudfunctions/scheduler/handlers']);
    expect(boundaryViolations('cloudfunctions/_core/roles.ts', "import { runtime } from './runtime';")).toEqual([]);
    // The registry imports every function: it lives outside _core and outside every function's folder.
    expect(boundaryViolations('cloudfunctions/registry.ts', "import { admin } from './admin/handlers';")).toEqual([]);
  });

  it("should keep the reviewer and scheduler functions' code out of the admin function's bundle", async () => {
    const result = await build({
      entryPoints: [join(FUNCTIONS_DIR, 'admin/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['wx-server-sdk', 'better-sqlite3', '@cloudbase/node-sdk'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs).toContain('cloudfunctions/admin/handlers.ts');
    expect(inputs).toContain('cloudfunctions/_core/publishing.ts');
    expect(inputs.filter((p) => /^cloudfunctions\/(reviewer|scheduler|applicant)\//.test(p))).toEqual([]);
  });
});
