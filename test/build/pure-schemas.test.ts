/**
 * Schema-building calls marked pure for the function bundles (scripts/build/zod.ts): the marks go before each zod/mini
 * factory call and each `checked(...)`, never into a string or a comment and never before `z.config`, and with them a
 * bundle drops the schemas nothing in it uses while keeping the ones it does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { annotateSchemaBuilders, pureSchemaBuilders } from '../../scripts/build/zod';

const ROOT = path.resolve(__dirname, '..', '..');
const PURE = '/* @__PURE__ */ ';

describe('pure schema builders', () => {
  it('should mark zod/mini factories (nested, iso, coerce) and checked(), leaving strings, comments, z.config and other calls alone', () => {
    const src = [
      "import * as z from 'zod/mini';",
      'z.config(z.locales.zhCN());',
      '// z.string() in a comment',
      "const a = checked(z.string({ error: 'z.string() 应为文字' }), z.minLength(1));",
      'const b = z.iso.date();',
      'const c = z.coerce.number();',
      'const d = other(z.object({ x: a }));',
    ].join('\n');
    expect(annotateSchemaBuilders('x.ts', src).split('\n')).toEqual([
      "import * as z from 'zod/mini';",
      'z.config(z.locales.zhCN());',
      '// z.string() in a comment',
      `const a = ${PURE}checked(${PURE}z.string({ error: 'z.string() 应为文字' }), ${PURE}z.minLength(1));`,
      `const b = ${PURE}z.iso.date();`,
      `const c = ${PURE}z.coerce.number();`,
      `const d = other(${PURE}z.object({ x: a }));`,
    ]);
  });

  it('should drop an unused schema from a bundle and keep a used one with its checks and the Chinese messages', async () => {
    // Its own "shared" folder outside the repository, importing the project's zod-zh and checked() by path.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pure-shared-'));
    try {
      const zh = path.join(ROOT, 'shared', 'zod-zh.ts');
      const check = path.join(ROOT, 'shared', 'zod-check.ts');
      fs.writeFileSync(
        path.join(dir, 'schemas.ts'),
        "import * as z from 'zod/mini';\n" +
          `import '${zh}';\n` +
          `import { checked } from '${check}';\n` +
          "export const Used = z.strictObject({ title: checked(z.string(), z.minLength(2, '至少两个字')) });\n" +
          "export const Unused = z.strictObject({ note: checked(z.string(), z.maxLength(3, '未使用的模式')) });\n",
      );
      fs.writeFileSync(
        path.join(dir, 'entry.ts'),
        "import { Used } from './schemas';\n" +
          'export const short = Used.safeParse({ title: "a" }).error?.issues[0]?.message;\n' +
          'export const wrongType = Used.safeParse({ title: 5 }).error?.issues[0]?.message;\n',
      );
      const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pure-out-'));
      const outfile = path.join(outDir, 'out.js');
      await esbuild.build({
        entryPoints: [path.join(dir, 'entry.ts')],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        logLevel: 'silent',
        charset: 'utf8',
        nodePaths: [path.join(ROOT, 'node_modules')],
        plugins: [pureSchemaBuilders({ shared: dir })],
      });
      const text = fs.readFileSync(outfile, 'utf8');
      expect(text).not.toContain('未使用的模式');
      expect(text).toContain('至少两个字');
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require(outfile) as { short: string; wrongType: string };
      expect(m.short).toBe('至少两个字');
      expect(m.wrongType).toBe('无效输入：期望 string，实际接收 数字');
      fs.rmSync(outDir, { recursive: true, force: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
