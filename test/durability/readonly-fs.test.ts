/**
 * Acknowledged means durable: the local cloud runs on a loop-mounted ext4 image (`errors=remount-ro`), takes drafts,
 * draft updates and material uploads from several callers, and mid-run the filesystem fails (ext4's
 * `trigger_fs_error`: the journal aborts and the fs turns read-only, as on a disk error or a power cut). After
 * unmounting, fsck and mounting again, every write that was answered ok is there, at its latest acknowledged
 * version, and every attached material's file has the bytes its sha256 says; the shutdown refuses to say
 * "written to disk". Needs root and loop devices (CI runs as root); anywhere else it is skipped with the reason.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { openSqliteStore } from '../../cloudfunctions/_core/store';
import { FILES_DIR } from '../../scripts/local-cloud/files';
import { DATA_FILE, startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { callFn, request } from '../local-cloud/http';
import { FILES, idFor, identityOf, OCT_08, profileOf } from '../cloudfunctions/cases-helpers';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Why this machine cannot run the test (null: it can). */
function cannotMount(): string | null {
  if (process.platform !== 'linux') return `not Linux (${process.platform})`;
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return 'not root (mounting a loop image needs root)';
  if (!fs.existsSync('/dev/loop-control')) return 'no loop devices (/dev/loop-control missing)';
  for (const tool of ['mkfs.ext4', 'mount', 'umount', 'findmnt', 'e2fsck']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      return `${tool} is not installed (apt-get install e2fsprogs mount util-linux)`;
  }
  return null;
}

const reason = cannotMount();
if (reason) console.warn(`read-only filesystem durability test skipped: ${reason}`);
const describeRoot = reason ? describe.skip : describe;

jest.setTimeout(120_000);

describeRoot('acknowledged writes on a filesystem that turns read-only', () => {
  let work: string;
  let image: string;
  let mnt: string;
  const mounted = (): boolean => spawnSync('findmnt', ['-n', mnt]).status === 0;
  const mount = (): void => {
    execFileSync('mount', ['-o', 'loop,errors=remount-ro', image, mnt]);
  };
  const unmount = (): void => {
    for (let i = 0; i < 20 && mounted(); i++) {
      if (spawnSync('umount', [mnt]).status === 0) return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100); // still busy: wait 100 ms
    }
    if (mounted()) execFileSync('umount', ['-l', mnt]);
  };

  beforeAll(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-rofs-'));
    image = path.join(work, 'disk.img');
    mnt = path.join(work, 'mnt');
    fs.mkdirSync(mnt);
    fs.writeFileSync(image, '');
    fs.truncateSync(image, 96 * 1024 * 1024);
    execFileSync('mkfs.ext4', ['-q', '-F', image]);
    mount();
  });
  afterAll(() => {
    if (!work) return;
    unmount();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('should keep every acknowledged draft, update and material file after the disk fails mid-run', async () => {
    const source = execFileSync('findmnt', ['-n', '-o', 'SOURCE', mnt], { encoding: 'utf8' }).trim();
    const trigger = `/sys/fs/ext4/${path.basename(source)}/trigger_fs_error`;
    expect(fs.existsSync(trigger)).toBe(true);

    const dataDir = path.join(mnt, 'data');
    const errors: string[] = [];
    const cloud: LocalCloud = await startLocalCloud({
      port: 0,
      dataDir,
      now: () => OCT_08,
      schedulerIntervalMs: 0,
      errorLog: (l) => errors.push(l),
    });
    let seq = 0;
    const fn = async (openid: string, action: string, payload: unknown) => {
      try {
        return (
          await callFn(
            cloud.url,
            'applicant',
            { action, payload, requestId: `req-ro-${String(++seq).padStart(8, '0')}` },
            openid,
          )
        ).json as {
          ok: boolean;
          data?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
        };
      } catch {
        return { ok: false };
      }
    };

    // What was answered ok: drafts (latest acknowledged title of each) and attached materials (their bytes' hash).
    const drafts = new Map<string, { owner: string; title: string }>();
    const materials: { materialId: string; fileId: string; sha256: string }[] = [];
    let failedAt: number | null = null;
    let acknowledgedAfterFailure = 0;

    const WORKERS = 4;
    const workers = Array.from({ length: WORKERS }, async (_x, w) => {
      const openid = `ro-worker-${w}`;
      const idNumber = idFor('1987-05-12', String(100 + w));
      await fn(openid, 'privacy.accept', { version: PRIVACY_NOTICE_VERSION });
      const saved = await fn(openid, 'application.save', {
        identity: identityOf(idNumber),
        profile: profileOf(idNumber),
      });
      if (!saved.ok) throw new Error(`set-up failed for ${openid}`);
      const applicationId = saved.data.application.applicationId as string;
      const keys = saved.data.application.missing as string[];
      const perKey = new Map<string, number>();
      const own = await fn(openid, 'draft.save', { title: '第0版', profile: profileOf(idNumber) });
      if (!own.ok) throw new Error(`set-up failed for ${openid}`);
      const draftId = own.data.draft.draftId as string;
      drafts.set(draftId, { owner: openid, title: '第0版' });
      let created = 0;
      let refusedSinceFailure = 0;
      const ok = (r: { ok: boolean }): boolean => {
        if (!r.ok && failedAt !== null) refusedSinceFailure++;
        return r.ok;
      };
      /** Step: one more material for a key under its quota (ticket, bytes over HTTP, attach); true if acknowledged. */
      const attachOne = async (i: number): Promise<boolean> => {
        const key = keys.find((k) => (perKey.get(k) ?? 0) < 10);
        if (!key) return false;
        const bytes = Buffer.concat([FILES.pdf, Buffer.from(`%${openid} ${i}\n`)]);
        const t = await fn(openid, 'material.ticket', {
          target: { applicationId, key },
          fileName: `材料${i}.pdf`,
          mime: 'application/pdf',
          size: bytes.length,
        });
        if (!ok(t)) return false;
        const u = new URL(t.data.upload.url as string);
        const put = await request(cloud.url, 'PUT', `${u.pathname}${u.search}`, bytes, {
          'content-type': 'application/pdf',
        }).catch(() => null);
        if (!put || put.status !== 200) {
          if (failedAt !== null) refusedSinceFailure++;
          return false;
        }
        const fileId = u.pathname.replace(/^\/files\//, '');
        const a = await fn(openid, 'material.attach', { ticketId: t.data.ticketId, fileId });
        if (!ok(a)) return false;
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
        materials.push({ materialId: a.data.material.materialId, fileId, sha256: sha(bytes) });
        return true;
      };
      /** Step: the worker's own draft saved under a new title; true if acknowledged. */
      const resaveOwn = async (i: number): Promise<boolean> => {
        const title = `第${i}版`;
        const r = await fn(openid, 'draft.save', { draftId, title, profile: profileOf(idNumber) });
        if (!ok(r)) return false;
        drafts.set(draftId, { owner: openid, title });
        return true;
      };
      /** Step: a new draft; true if acknowledged. */
      const createDraft = async (i: number): Promise<boolean> => {
        const title = `新草稿${i}`;
        const r = await fn(openid, 'draft.save', { title, profile: profileOf(idNumber) });
        if (!ok(r)) return false;
        created++;
        drafts.set(r.data.draft.draftId as string, { owner: openid, title });
        return true;
      };
      for (let i = 1; ; i++) {
        // The disk is gone: stop once it has refused this worker a few times (or after 20 s, however slow).
        if (failedAt !== null && (refusedSinceFailure >= 3 || Date.now() - failedAt > 20_000)) return;
        const op = i % 3;
        const acknowledged =
          op === 0 ? await attachOne(i) : op === 1 || created >= 40 ? await resaveOwn(i) : await createDraft(i);
        if (acknowledged && failedAt !== null) acknowledgedAfterFailure++;
      }
    });

    // Let writes run well inside ext4's 5-second journal commit, then fail the disk while they are in flight.
    // On a loaded machine writes are slower: wait for enough acknowledged work too (bounded at 60 s).
    const started = Date.now();
    while (
      Date.now() - started < 60_000 &&
      (Date.now() - started < 2500 || drafts.size <= 24 || materials.length <= 8)
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    fs.writeFileSync(trigger, '1');
    failedAt = Date.now();
    await Promise.all(workers);
    // The disk refuses every write now, and says so.
    const after = await fn('ro-worker-0', 'draft.save', {
      title: '故障之后',
      profile: profileOf(idFor('1987-05-12', '100')),
    });
    expect(after).toMatchObject({ ok: false, code: 'INTERNAL' });
    expect(
      fs
        .readFileSync('/proc/mounts', 'utf8')
        .split('\n')
        .find((l) => l.includes(` ${mnt} `)),
    ).toMatch(/\bro\b|emergency_ro/);
    // Nothing may claim to be written now (the final checkpoint hits the read-only disk).
    const closed = await cloud.close().then(
      () => 'closed as written',
      (e: Error) => e.message,
    );
    expect({ closed, errors: errors.slice(0, 3) }).toEqual({
      closed: expect.not.stringMatching(/^closed as written$/),
      errors: expect.anything(),
    });

    const acknowledged = { drafts: drafts.size, materials: materials.length };
    expect(acknowledged.drafts).toBeGreaterThan(20);
    expect(acknowledged.materials).toBeGreaterThan(5);

    // Power back: unmount, check the filesystem (replays the journal), mount, and look.
    unmount();
    const fsck = spawnSync('e2fsck', ['-fy', image], { encoding: 'utf8' });
    expect([0, 1, 2]).toContain(fsck.status);
    mount();
    const store = openSqliteStore(path.join(dataDir, DATA_FILE));
    try {
      const lostDrafts: string[] = [];
      for (const [id, d] of drafts) {
        const got = await store.getDraft(d.owner, id);
        if (!got) lostDrafts.push(`${id} missing`);
        else if (got.title !== d.title) lostDrafts.push(`${id} rolled back: ${got.title} instead of ${d.title}`);
      }
      const lostMaterials: string[] = [];
      for (const m of materials) {
        const rec = await store.getMaterial(m.materialId);
        if (!rec || rec.sha256 !== m.sha256) {
          lostMaterials.push(`${m.materialId} record missing`);
          continue;
        }
        const file = path.join(dataDir, FILES_DIR, ...m.fileId.split('/'));
        const bytes = fs.existsSync(file) ? fs.readFileSync(file) : null;
        if (!bytes || sha(bytes) !== m.sha256)
          lostMaterials.push(`${m.fileId} ${bytes ? `${bytes.length} wrong bytes` : 'missing'}`);
      }
      console.log(
        `read-only fs: ${acknowledged.drafts} drafts and ${acknowledged.materials} materials acknowledged (${acknowledgedAfterFailure} after the failure); ` +
          `lost or rolled back: ${lostDrafts.length} drafts, ${lostMaterials.length} material files`,
      );
      expect({ lostDrafts, lostMaterials }).toEqual({ lostDrafts: [], lostMaterials: [] });
    } finally {
      store.close();
    }
  });
});
