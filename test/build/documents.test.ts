/**
 * The documents function as CloudBase gets it: pdfkit, fontkit and qrcode bundled into its index.js, the font and
 * its licence beside it, nothing but wx-server-sdk to install; and no other function carrying any of that.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type BuildResult } from '../../scripts/build/index';
import { DOCUMENTS_FUNCTION, FUNCTION_ASSETS } from '../../scripts/build/functions';

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');

describe('build of the documents function', () => {
  let out: string;
  let result: BuildResult;
  let dir: string;

  beforeAll(async () => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), 'build-documents-'));
    result = await build({ outDir: out, apiMode: 'cloud' });
    dir = path.join(out, 'cloudfunctions', DOCUMENTS_FUNCTION);
  }, 60_000);

  afterAll(() => {
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('should copy the font and its OFL licence into the function folder, byte for byte', () => {
    expect(fs.readdirSync(dir).sort()).toEqual(
      ['NotoSansSC-Regular.ttf', 'OFL-NotoSansSC.txt', 'config.json', 'index.js', 'package.json'].sort(),
    );
    for (const a of FUNCTION_ASSETS[DOCUMENTS_FUNCTION]) {
      expect(fs.readFileSync(path.join(dir, a.to)).equals(fs.readFileSync(path.join(NODE_MODULES, a.from)))).toBe(true);
    }
    expect(fs.readFileSync(path.join(dir, 'OFL-NotoSansSC.txt'), 'utf8')).toContain(
      'SIL OPEN FONT LICENSE Version 1.1',
    );
  });

  it('should bundle pdfkit and qrcode so the cloud installs only wx-server-sdk', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(Object.keys(pkg.dependencies)).toEqual(['wx-server-sdk']);
    const js = fs.readFileSync(path.join(dir, 'index.js'), 'utf8');
    expect(js).toContain('node_modules/pdfkit/');
    expect(js).toContain('node_modules/qrcode/');
    const documents = result.functions.find((f) => f.name === DOCUMENTS_FUNCTION);
    expect(documents?.packages).toEqual(expect.arrayContaining(['pdfkit', 'fontkit', 'qrcode']));
  });

  it('should keep pdfkit, fontkit, qrcode and the font out of every other function', () => {
    const others = result.functions.filter((f) => f.name !== DOCUMENTS_FUNCTION);
    expect(others.map((f) => f.name)).toEqual(expect.arrayContaining(['applicant', 'reviewer']));
    for (const f of others) {
      const js = fs.readFileSync(path.join(f.dir, f.bundleFile), 'utf8');
      expect([f.name, /node_modules\/(pdfkit|fontkit|qrcode)\//.test(js)]).toEqual([f.name, false]);
      // The other bundles are minified (no path comments): what esbuild bundled is the evidence.
      expect([f.name, f.packages.filter((p) => ['pdfkit', 'fontkit', 'qrcode'].includes(p))]).toEqual([f.name, []]);
      expect([f.name, fs.readdirSync(f.dir).filter((n) => /\.(ttf|otf|ttc)$|OFL/.test(n))]).toEqual([f.name, []]);
      // A lean function: the documents bundle is megabytes, the others a fraction of one.
      expect(f.bundleBytes).toBeLessThan(1.5 * 1024 * 1024);
    }
  });

  it('should render a voucher from the built bundle in plain Node, with the font beside it', () => {
    const file = path.join(dir, 'index.js');
    const code = `
      const m = require(${JSON.stringify(file)});
      m.renderVoucher({ number: 'PZ2021-000123-01', name: '赵孟𫖯', idNumber: '330106199001011234', roundId: '2021',
        policyVersion: '2021.1', totalHalves: 321, categories: { basic: 240, bonus: 101, deduction: -20 },
        confirmedOn: '2021-12-01', issuedOn: '2021-12-13', verificationCode: '7K2MQ9XD4HBT0WZR' },
        { font: m.loadFont() })
        .then((pdf) => console.log(m.defaultFontPath(), pdf.length, pdf.subarray(0, 5).toString()));`;
    // NODE_PATH: CloudBase installs wx-server-sdk beside the bundle; nothing else may be needed.
    const r = spawnSync(process.execPath, ['-e', code], {
      env: { ...process.env, NODE_PATH: NODE_MODULES },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.stderr).toBe('');
    const [fontPath, bytes, magic] = r.stdout.trim().split(' ');
    expect(fontPath).toBe(path.join(dir, 'NotoSansSC-Regular.ttf'));
    expect(Number(bytes)).toBeGreaterThan(5_000);
    expect(Number(bytes)).toBeLessThanOrEqual(100 * 1024);
    expect(magic).toBe('%PDF-');
  });
});
