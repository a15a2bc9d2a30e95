/**
 * The file storages of materials on their own: the local one's signed URLs and path rules, the CloudBase one over a
 * stand-in for wx-server-sdk's storage calls, and the check of a file's type by its first bytes.
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createCloudFileStorage, createLocalFileStorage, isStoragePath, sniffMime } from '../../cloudfunctions/_core/files';
import { FILES } from './cases-helpers';

const NOW = new Date('2021-10-08T01:00:00.000Z');

describe('local file storage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hz-fs-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('should sign a URL for one method, one path and an expiry, and accept nothing else', async () => {
    const s = createLocalFileStorage({ root: dir, baseUrl: 'http://127.0.0.1:9/', secret: 'k' });
    const target = s.uploadTarget('materials/app_1/tk_1.pdf', new Date(NOW.getTime() + 60_000));
    if (target.kind !== 'local') throw new Error('expected a local upload');
    const u = new URL(target.url);
    expect(u.origin + u.pathname).toBe('http://127.0.0.1:9/files/materials/app_1/tk_1.pdf');
    const exp = u.searchParams.get('exp');
    const sig = u.searchParams.get('sig');
    expect(s.verify('PUT', 'materials/app_1/tk_1.pdf', exp, sig, NOW)).toBe(true);
    expect(s.verify('GET', 'materials/app_1/tk_1.pdf', exp, sig, NOW)).toBe(false);
    expect(s.verify('PUT', 'materials/app_1/tk_2.pdf', exp, sig, NOW)).toBe(false);
    expect(s.verify('PUT', 'materials/app_1/tk_1.pdf', String(Number(exp) + 1), sig, NOW)).toBe(false);
    expect(s.verify('PUT', 'materials/app_1/tk_1.pdf', exp, sig, new Date(NOW.getTime() + 61_000))).toBe(false);
    const other = createLocalFileStorage({ root: dir, baseUrl: 'http://x', secret: 'other' });
    expect(other.verify('PUT', 'materials/app_1/tk_1.pdf', exp, sig, NOW)).toBe(false);
  });

  it('should keep files under its folder: no "..", no absolute paths; read at most max + 1 bytes', async () => {
    for (const bad of ['../etc/passwd', '/abs', 'a/../b', 'a//b', '', 'a/b\\c']) expect(isStoragePath(bad)).toBe(false);
    const s = createLocalFileStorage({ root: dir, baseUrl: 'http://x' });
    await expect(s.write('../escape.pdf', FILES.pdf)).rejects.toThrow();
    await s.write('materials/a/b.pdf', FILES.pdf);
    expect((await s.read('materials/a/b.pdf', 1000))?.equals(FILES.pdf)).toBe(true);
    expect((await s.read('materials/a/b.pdf', 4))?.length).toBe(5);
    expect(await s.read('materials/a/none.pdf', 10)).toBeNull();
    expect(s.resolve('materials/a/b.pdf', 'materials/a/b.pdf')).toBe('materials/a/b.pdf');
    expect(s.resolve('materials/a/b.pdf', 'materials/a/c.pdf')).toBeNull();
  });
});

describe('CloudBase file storage', () => {
  const calls: unknown[] = [];
  const storage = createCloudFileStorage({
    downloadFile: async ({ fileID }) => {
      if (fileID.endsWith('missing.pdf')) throw new Error('STORAGE_FILE_NONEXIST');
      return { fileContent: FILES.pdf };
    },
    getTempFileURL: async ({ fileList }) => {
      calls.push(fileList);
      return { fileList: fileList.map((f) => ({ fileID: f.fileID, tempFileURL: `https://tmp.example/${f.fileID.slice(8)}?sign=x`, status: f.fileID.includes('bad') ? 1 : 0 })) };
    },
  });

  it('should name a cloudPath for uploads and accept only the fileID of that path', () => {
    expect(storage.uploadTarget('materials/app_1/tk_1.png', NOW)).toEqual({ kind: 'cloud', cloudPath: 'materials/app_1/tk_1.png' });
    expect(storage.resolve('materials/app_1/tk_1.png', 'cloud://prod-1a2b.7072-prod-1a2b-1300000000/materials/app_1/tk_1.png')).toBe(
      'cloud://prod-1a2b.7072-prod-1a2b-1300000000/materials/app_1/tk_1.png',
    );
    expect(storage.resolve('materials/app_1/tk_1.png', 'cloud://env/materials/app_1/tk_2.png')).toBeNull();
    expect(storage.resolve('materials/app_1/tk_1.png', 'https://evil/materials/app_1/tk_1.png')).toBeNull();
  });

  it('should read a file (null when missing) and ask for links with a maxAge of the remaining seconds', async () => {
    expect(await storage.read('cloud://env/materials/a.pdf', 100)).toEqual(FILES.pdf);
    expect(await storage.read('cloud://env/materials/missing.pdf', 100)).toBeNull();
    const url = await storage.link('cloud://env/materials/a.pdf', new Date(Date.now() + 600_000));
    expect(url).toMatch(/^https:\/\/tmp\.example\//);
    const maxAge = (calls[0] as { maxAge: number }[])[0]?.maxAge ?? 0;
    expect(maxAge).toBeGreaterThan(590);
    expect(maxAge).toBeLessThanOrEqual(600);
    await expect(storage.link('cloud://env/materials/bad.pdf', new Date(Date.now() + 60_000))).rejects.toThrow();
  });
});

describe('file type by first bytes', () => {
  it('should recognise JPEG, PNG and PDF, and nothing else whatever the name', () => {
    expect(sniffMime(FILES.jpeg)).toBe('image/jpeg');
    expect(sniffMime(FILES.png)).toBe('image/png');
    expect(sniffMime(FILES.pdf)).toBe('application/pdf');
    expect(sniffMime(FILES.exe)).toBeNull();
    expect(sniffMime(FILES.zip)).toBeNull();
    expect(sniffMime(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(sniffMime(Buffer.alloc(0))).toBeNull();
  });
});
