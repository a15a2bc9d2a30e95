/** The icon stylesheet the build ships: only the rules of icons the client or TDesign can name, every one of those. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pruneIconRules, sourceWords, wordsOf } from '../../scripts/build/icons';

const CSS = [
  '.t-icon{font-family:t!important;}',
  ".t-icon-add:before{content:'\\E00D';}",
  ".t-icon-qrcode:before{content:'\\E1A0';}",
  ".t-icon-chevron-left:before{content:'\\E0A1';}",
  ".t-icon-chevron-right:before{content:'\\E0A2';}",
  ".t-icon-zoom-in:before{content:'\\E300';}",
  '',
].join('\n');

describe('icon stylesheet pruning', () => {
  it('should keep the rules of named icons, of names built from a prefix, and everything that is not an icon rule', () => {
    const out = pruneIconRules(CSS, new Set(['qrcode', 'chevron-', 'view']));
    expect(out).toContain('.t-icon{font-family:t!important;}');
    expect(out).toContain('.t-icon-qrcode:before');
    expect(out).toContain('.t-icon-chevron-left:before');
    expect(out).toContain('.t-icon-chevron-right:before');
    expect(out).not.toContain('.t-icon-add:before');
    expect(out).not.toContain('.t-icon-zoom-in:before');
  });

  it('should read the words of wxml, wxs, ts, js and json files and skip node_modules', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'icons-'));
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'a.wxml'), '<t-icon name="qrcode" />');
    fs.writeFileSync(path.join(dir, 'b.ts'), "const i = 'file-pdf';");
    fs.writeFileSync(path.join(dir, 'c.wxss'), '.x{} /* zoom-in */');
    fs.writeFileSync(path.join(dir, 'node_modules', 'd.js'), "'add'");
    const words = sourceWords([dir]);
    expect(words.has('qrcode')).toBe(true);
    expect(words.has('file-pdf')).toBe(true);
    expect(words.has('zoom-in')).toBe(false);
    expect(words.has('add')).toBe(false);
    expect(wordsOf([path.join(dir, 'node_modules', 'd.js')]).has('add')).toBe(true);
  });

  it('should keep every icon the mini program names in its templates', () => {
    const root = path.resolve(__dirname, '../../miniprogram');
    const words = sourceWords([root]);
    const css = fs.readFileSync(
      path.resolve(__dirname, '../../node_modules/tdesign-miniprogram/miniprogram_dist/icon/icon.wxss'),
      'utf8',
    );
    const out = pruneIconRules(css, words);
    for (const name of ['qrcode', 'rollback', 'delete', 'camera', 'file-pdf', 'view-list']) {
      expect(out).toContain(`.t-icon-${name}:before`);
    }
    expect(Buffer.byteLength(out)).toBeLessThan(Buffer.byteLength(css) / 4);
  });
});
