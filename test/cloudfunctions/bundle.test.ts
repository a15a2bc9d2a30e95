/** The production entry's import graph: what a deployed function would carry. */
import { build } from 'esbuild';
import { resolve } from 'path';

describe('applicant production bundle', () => {
  it('should not import better-sqlite3 (a native module the cloud does not have) and should import wx-server-sdk', async () => {
    const result = await build({
      entryPoints: [resolve(__dirname, '../../cloudfunctions/applicant/index.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      metafile: true,
      logLevel: 'silent',
      external: ['wx-server-sdk', 'better-sqlite3'],
    });
    const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
    expect(imports).toContain('wx-server-sdk');
    expect(imports).not.toContain('better-sqlite3');
    const text = result.outputFiles[0]?.text ?? '';
    expect(text).toMatch(/exports\.main|main:/);
  });
});
