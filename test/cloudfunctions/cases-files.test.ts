/**
 * The file storages of materials on their own: the local one's signed URLs and path rules, the CloudBase one over a
 * stand-in for wx-server-sdk's storage calls, and the check of a file's type by its first bytes.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { createHash } from 'crypto';
import {
  createCloudFileStorage,
  createLocalFileStorage,
  isStoragePath,
  SEALED_PREFIX,
  SealBrokenError,
  sniffMime,
  UNATTACHED_FILE_TTL_MS,
} from '../../cloudfunctions/_core/files';
import storageRules from '../../cloudfunctions/_core/deploy/storage-rules.json';
import { FakeCloudBucket } from '../store/cloudbase-storage-fake';
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

describe('local file storage: written once, sealed, durable key, swept', () => {
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hz-fs-seal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const fileAt = (p: string) => join(dir, 'files', ...p.split('/'));

  it('should refuse a second write to a path, before and after the seal, and keep the first bytes', async () => {
    const s = createLocalFileStorage({ root: join(dir, 'files'), baseUrl: 'http://x', secret: 'k' });
    await s.write('materials/app_1/tk_1.pdf', FILES.pdf);
    expect(await s.stored('materials/app_1/tk_1.pdf')).toEqual({ sealed: false });
    await expect(s.write('materials/app_1/tk_1.pdf', Buffer.from('<html>'))).rejects.toMatchObject({
      name: 'StoredOnceError',
      sealed: false,
    });
    expect(await s.seal('materials/app_1/tk_1.pdf', FILES.pdf, sha(FILES.pdf))).toBe('materials/app_1/tk_1.pdf');
    expect(statSync(fileAt('materials/app_1/tk_1.pdf')).mode & 0o777).toBe(0o444);
    await expect(s.write('materials/app_1/tk_1.pdf', Buffer.from('<html>'))).rejects.toMatchObject({
      name: 'StoredOnceError',
      sealed: true,
    });
    expect(readFileSync(fileAt('materials/app_1/tk_1.pdf')).equals(FILES.pdf)).toBe(true);
    expect(readdirSync(join(dir, 'files', 'materials', 'app_1'))).toEqual(['tk_1.pdf']); // no leftover .part
  });

  it('should hand out a link only while the bytes hash to the recorded value', async () => {
    const s = createLocalFileStorage({ root: join(dir, 'files'), baseUrl: 'http://x', secret: 'k' });
    await s.write('materials/a/b.pdf', FILES.pdf);
    await s.seal('materials/a/b.pdf', FILES.pdf, sha(FILES.pdf));
    expect(await s.link('materials/a/b.pdf', new Date(NOW.getTime() + 60_000), sha(FILES.pdf))).toMatch(
      /^http:\/\/x\/files\/materials\/a\/b\.pdf\?/,
    );
    chmodSync(fileAt('materials/a/b.pdf'), 0o644);
    writeFileSync(fileAt('materials/a/b.pdf'), '<html>swapped on disk</html>');
    await expect(s.link('materials/a/b.pdf', new Date(NOW.getTime() + 60_000), sha(FILES.pdf))).rejects.toBeInstanceOf(
      SealBrokenError,
    );
    await expect(
      s.link('materials/a/none.pdf', new Date(NOW.getTime() + 60_000), sha(FILES.pdf)),
    ).rejects.toBeInstanceOf(SealBrokenError);
  });

  it('should create the signing key once, owner-only, and sign links another instance over the same folder accepts', () => {
    const keyFile = join(dir, 'file-signing.key');
    const first = createLocalFileStorage({ root: join(dir, 'files'), baseUrl: 'http://x', keyFile });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readFileSync(keyFile);
    expect(key.length).toBeGreaterThanOrEqual(32);
    const target = first.uploadTarget('materials/a/tk_9.pdf', new Date(NOW.getTime() + 60_000));
    if (target.kind !== 'local') throw new Error('expected a local upload');
    const u = new URL(target.url);
    const second = createLocalFileStorage({ root: join(dir, 'files'), baseUrl: 'http://y', keyFile });
    expect(readFileSync(keyFile).equals(key)).toBe(true);
    expect(
      second.verify('PUT', 'materials/a/tk_9.pdf', u.searchParams.get('exp'), u.searchParams.get('sig'), NOW),
    ).toBe(true);
    const elsewhere = createLocalFileStorage({
      root: join(dir, 'files'),
      baseUrl: 'http://y',
      keyFile: join(dir, 'other.key'),
    });
    expect(
      elsewhere.verify('PUT', 'materials/a/tk_9.pdf', u.searchParams.get('exp'), u.searchParams.get('sig'), NOW),
    ).toBe(false);
  });

  it('should sweep *.part files and never-attached uploads a day old, not before, and never a sealed file', async () => {
    const s = createLocalFileStorage({ root: join(dir, 'files'), baseUrl: 'http://x', secret: 'k' });
    await s.write('materials/app_1/open.pdf', FILES.pdf);
    await s.write('materials/app_1/sealed.pdf', FILES.pdf);
    await s.seal('materials/app_1/sealed.pdf', FILES.pdf, sha(FILES.pdf));
    writeFileSync(fileAt('materials/app_1/open.pdf') + '.1a2b3c.part', 'half an upload', { mode: 0o600 });
    writeFileSync(fileAt('materials/app_1/legacy.pdf'), FILES.pdf, { mode: 0o644 }); // attached before sealing existed
    const written = new Date('2021-10-08T01:00:00.000Z');
    for (const f of readdirSync(join(dir, 'files', 'materials', 'app_1')))
      utimesSync(join(dir, 'files', 'materials', 'app_1', f), written, written);
    const ls = () => readdirSync(join(dir, 'files', 'materials', 'app_1')).sort();
    const all = ['legacy.pdf', 'open.pdf', 'open.pdf.1a2b3c.part', 'sealed.pdf'];

    expect(UNATTACHED_FILE_TTL_MS).toBe(24 * 60 * 60 * 1000);
    expect(await s.sweep(new Date(written.getTime() + UNATTACHED_FILE_TTL_MS - 1000))).toEqual({
      parts: 0,
      unattached: 0,
    });
    expect(ls()).toEqual(all);
    expect(await s.sweep(new Date(written.getTime() + UNATTACHED_FILE_TTL_MS + 1000))).toEqual({
      parts: 1,
      unattached: 1,
    });
    expect(ls()).toEqual(['legacy.pdf', 'sealed.pdf']);
    expect(readFileSync(fileAt('materials/app_1/sealed.pdf')).equals(FILES.pdf)).toBe(true);
  });
});

describe('CloudBase file storage', () => {
  const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  let bucket: FakeCloudBucket;
  let storage: ReturnType<typeof createCloudFileStorage>;
  beforeEach(() => {
    bucket = new FakeCloudBucket();
    storage = createCloudFileStorage(bucket.server);
  });

  it('should emulate the deployed storage rule (a client writes only files it created)', () => {
    expect(storageRules.write).toBe('resource.openid == auth.openid');
    expect(storageRules.read).toBe(false);
  });

  it('should name a cloudPath for uploads and accept only the fileID of that path', () => {
    expect(storage.uploadTarget('materials/app_1/tk_1.png', NOW)).toEqual({
      kind: 'cloud',
      cloudPath: 'materials/app_1/tk_1.png',
    });
    expect(
      storage.resolve(
        'materials/app_1/tk_1.png',
        'cloud://prod-1a2b.7072-prod-1a2b-1300000000/materials/app_1/tk_1.png',
      ),
    ).toBe('cloud://prod-1a2b.7072-prod-1a2b-1300000000/materials/app_1/tk_1.png');
    expect(storage.resolve('materials/app_1/tk_1.png', 'cloud://env/materials/app_1/tk_2.png')).toBeNull();
    expect(storage.resolve('materials/app_1/tk_1.png', 'https://evil/materials/app_1/tk_1.png')).toBeNull();
    expect(() => storage.uploadTarget(`${SEALED_PREFIX}materials/app_1/tk_1.png`, NOW)).toThrow();
  });

  it('should read a file (null when missing) and ask for links with a maxAge of the remaining seconds', async () => {
    bucket.clientUpload('alice', 'materials/a.pdf', FILES.pdf);
    expect(await storage.read(bucket.fileIdOf('materials/a.pdf'), 100)).toEqual(FILES.pdf);
    expect(await storage.read(bucket.fileIdOf('materials/missing.pdf'), 100)).toBeNull();
    const url = await storage.link(bucket.fileIdOf('materials/a.pdf'), new Date(Date.now() + 600_000), sha(FILES.pdf));
    expect(url).toMatch(/^https:\/\/tmp\.example\//);
    const maxAge = Number(new URL(url).searchParams.get('maxAge'));
    expect(maxAge).toBeGreaterThan(590);
    expect(maxAge).toBeLessThanOrEqual(600);
    const failing = createCloudFileStorage({
      ...bucket.server,
      getTempFileURL: async ({ fileList }) => ({
        fileList: fileList.map((f) => ({ fileID: f.fileID, tempFileURL: '', status: 1 })),
      }),
    });
    await expect(
      failing.link(bucket.fileIdOf('materials/a.pdf'), new Date(Date.now() + 60_000), sha(FILES.pdf)),
    ).rejects.toThrow('getTempFileURL failed');
  });

  it('should seal the checked bytes under sealed/ where the uploader can no longer write, and delete the upload', async () => {
    const upload = bucket.clientUpload('alice', 'materials/app_1/tk_1.pdf', FILES.pdf);
    const bytes = (await storage.read(upload.fileID, 1000)) as Buffer;
    // The uploader overwrites the upload after it was read and checked: the seal keeps what was checked.
    bucket.clientUpload('alice', 'materials/app_1/tk_1.pdf', Buffer.from('<html>replaced</html>'));
    const sealed = await storage.seal(upload.fileID, bytes, sha(FILES.pdf));
    expect(sealed).toBe(bucket.fileIdOf(`${SEALED_PREFIX}materials/app_1/tk_1.pdf`));
    expect(bucket.objects.get(`${SEALED_PREFIX}materials/app_1/tk_1.pdf`)).toEqual({ bytes: FILES.pdf, openid: null });
    expect(bucket.objects.has('materials/app_1/tk_1.pdf')).toBe(false);
    expect(() =>
      bucket.clientUpload('alice', `${SEALED_PREFIX}materials/app_1/tk_1.pdf`, Buffer.from('<html>')),
    ).toThrow(/storage rule/);
    expect(await storage.link(sealed, new Date(Date.now() + 60_000), sha(FILES.pdf))).toMatch(
      /^https:\/\/tmp\.example\/sealed\//,
    );
    // Bytes that are not the checked ones are never sealed.
    await expect(storage.seal(upload.fileID, FILES.png, sha(FILES.pdf))).rejects.toBeInstanceOf(SealBrokenError);
  });

  it('should refuse a link when the stored bytes no longer match the recorded hash, or the file is gone', async () => {
    bucket.objects.set(`${SEALED_PREFIX}materials/a.pdf`, { bytes: Buffer.from('<html>swapped</html>'), openid: null });
    await expect(
      storage.link(bucket.fileIdOf(`${SEALED_PREFIX}materials/a.pdf`), new Date(Date.now() + 60_000), sha(FILES.pdf)),
    ).rejects.toBeInstanceOf(SealBrokenError);
    await expect(
      storage.link(
        bucket.fileIdOf(`${SEALED_PREFIX}materials/gone.pdf`),
        new Date(Date.now() + 60_000),
        sha(FILES.pdf),
      ),
    ).rejects.toBeInstanceOf(SealBrokenError);
    expect(bucket.calls.filter((c) => c.startsWith('getTempFileURL'))).toEqual([]);
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
