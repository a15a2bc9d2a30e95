/**
 * Materials are immutable once attached, and links survive a restart: a second PUT to an upload path is refused by
 * the local cloud (before and after attach), an upload link and a replayed `material.ticket` keep working after the
 * local cloud restarts over the same data folder, the CloudBase storage seals the checked bytes out of the uploader's
 * reach and refuses a link whose bytes no longer match, and the local scheduler sweeps what was never attached.
 * After every refusal the store and the files are as they were.
 */
import { createHash } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createCloudFileStorage, SEALED_PREFIX, UNATTACHED_FILE_TTL_MS } from '../../cloudfunctions/_core/files';
import { MATERIAL_SEAL_BROKEN } from '../../cloudfunctions/_core/cases';
import { openSqliteStore } from '../../cloudfunctions/_core/store';
import { applicant } from '../../cloudfunctions/applicant/handlers';
import type { FunctionHandler } from '../../cloudfunctions/registry';
import { FILES_DIR, localFileStorage } from '../../scripts/local-cloud/files';
import { DATA_FILE, startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server';
import { startLocalScheduler } from '../../scripts/local-cloud/scheduler';
import { PRIVACY_NOTICE_VERSION, ok, type ApplicantApi, type Envelope } from '../../shared/contracts';
import { callFn, request } from '../local-cloud/http';
import { FakeCloudBucket } from '../store/cloudbase-storage-fake';
import { CHINESE, data, STORES, type ResOf } from './harness';
import { FILES, identityOf, OCT_08, profileOf, ZHANG_ID } from './cases-helpers';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const HTML = Buffer.from('<html><body>这不是学历证书</body></html>');

/** Every file under `dir` (relative path → sha256 and mode), to compare before and after a refusal. */
function filesState(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    if (!fs.existsSync(d)) return;
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else
        out[path.relative(dir, full)] = `${sha(fs.readFileSync(full))} ${(fs.statSync(full).mode & 0o777).toString(8)}`;
    }
  };
  walk(dir);
  return out;
}

describe('local cloud: an upload path takes one upload', () => {
  let dataDir: string;
  let cloud: LocalCloud;
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-sealed-'));
    cloud = await startLocalCloud({
      port: 0,
      dataDir,
      now: () => OCT_08,
      schedulerIntervalMs: 0,
      errorLog: () => undefined,
    });
  });
  afterEach(async () => {
    await cloud.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let seq = 0;
  const fn = async (
    c: LocalCloud,
    openid: string,
    action: string,
    payload: unknown,
    requestId = `req-seal-${String(++seq).padStart(6, '0')}`,
  ) => (await callFn(c.url, 'applicant', { action, payload, requestId }, openid)).json;
  const dump = (): string => {
    const s = openSqliteStore(path.join(dataDir, DATA_FILE));
    try {
      return JSON.stringify(s.dump());
    } finally {
      s.close();
    }
  };
  const put = (base: string, uploadUrl: string, bytes: Buffer) => {
    const u = new URL(uploadUrl);
    return request(base, 'PUT', `${u.pathname}${u.search}`, bytes, { 'content-type': 'application/octet-stream' });
  };

  it('should refuse a second PUT to a used upload URL, before and after attach and submit, keeping the original bytes and hash', async () => {
    await fn(cloud, 'alice', 'privacy.accept', { version: PRIVACY_NOTICE_VERSION });
    const applicationId = (
      await fn(cloud, 'alice', 'application.save', { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) })
    ).data.application.applicationId;
    const missing = (await fn(cloud, 'alice', 'application.get', { applicationId })).data.application
      .missing as string[];
    let b2: { url: string; fileId: string; materialId: string } | null = null;
    for (const key of missing) {
      const ticket = (
        await fn(cloud, 'alice', 'material.ticket', {
          target: { applicationId, key },
          fileName: '学历证书.pdf',
          mime: 'application/pdf',
          size: FILES.pdf.length,
        })
      ).data;
      expect((await put(cloud.url, ticket.upload.url, FILES.pdf)).status).toBe(200);
      const fileId = new URL(ticket.upload.url).pathname.replace(/^\/files\//, '');
      if (key === 'B2:education.0') {
        // The same upload replayed before attach: refused, the first bytes stay.
        const before = filesState(path.join(dataDir, FILES_DIR));
        const again = await put(cloud.url, ticket.upload.url, HTML);
        expect(again.status).toBe(409);
        expect(again.json).toMatchObject({ ok: false, code: 'CONFLICT' });
        expect(again.json.message).toMatch(/已经用过/);
        expect(filesState(path.join(dataDir, FILES_DIR))).toEqual(before);
      }
      const m = (await fn(cloud, 'alice', 'material.attach', { ticketId: ticket.ticketId, fileId })).data.material;
      if (key === 'B2:education.0') b2 = { url: ticket.upload.url, fileId, materialId: m.materialId };
    }
    expect((await fn(cloud, 'alice', 'application.submit', { applicationId })).ok).toBe(true);
    if (!b2) throw new Error('no B2 line');

    const storeBefore = dump();
    const filesBefore = filesState(path.join(dataDir, FILES_DIR));
    expect(filesBefore[path.join(...b2.fileId.split('/'))]).toBe(`${sha(FILES.pdf)} 444`);
    const replaced = await put(cloud.url, b2.url, HTML); // inside the 15 minutes of the URL
    expect(replaced.status).toBe(409);
    expect(replaced.json).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(replaced.json.message).toMatch(CHINESE);
    expect(replaced.json.message).toMatch(/不能替换/);
    expect(dump()).toBe(storeBefore);
    expect(filesState(path.join(dataDir, FILES_DIR))).toEqual(filesBefore);

    // What the applicant (and a reviewer) opens is still the checked PDF.
    const link = (await fn(cloud, 'alice', 'material.link', { materialId: b2.materialId })).data;
    const l = new URL(link.url);
    const got = await request(cloud.url, 'GET', `${l.pathname}${l.search}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(sha(Buffer.from(got.text, 'latin1'))).toBe(sha(FILES.pdf));
  });

  it('should accept an upload link and a replayed material.ticket after the local cloud restarts over the same data folder', async () => {
    await fn(cloud, 'alice', 'privacy.accept', { version: PRIVACY_NOTICE_VERSION });
    const applicationId = (
      await fn(cloud, 'alice', 'application.save', { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) })
    ).data.application.applicationId;
    const ticketReq = {
      target: { applicationId, key: 'B2:education.0' },
      fileName: '学历证书.pdf',
      mime: 'application/pdf',
      size: FILES.pdf.length,
    };
    const ticket = (await fn(cloud, 'alice', 'material.ticket', ticketReq, 'req-seal-ticket-1')).data;

    await cloud.close();
    cloud = await startLocalCloud({
      port: 0,
      dataDir,
      now: () => new Date(OCT_08.getTime() + 5 * 60_000),
      schedulerIntervalMs: 0,
      errorLog: () => undefined,
    });
    // The client retries the ticket after the restart: the same answer, whose URL still works (10 minutes left).
    const replayed = (await fn(cloud, 'alice', 'material.ticket', ticketReq, 'req-seal-ticket-1')).data;
    expect(replayed).toEqual(ticket);
    const uploaded = await put(cloud.url, replayed.upload.url, FILES.pdf);
    expect(uploaded.status).toBe(200);
    const fileId = new URL(ticket.upload.url).pathname.replace(/^\/files\//, '');
    const attached = await fn(cloud, 'alice', 'material.attach', { ticketId: ticket.ticketId, fileId });
    expect(attached).toMatchObject({ ok: true, data: { material: { size: FILES.pdf.length } } });

    // A read link handed out before a restart opens after it too.
    const link = (await fn(cloud, 'alice', 'material.link', { materialId: attached.data.material.materialId })).data;
    await cloud.close();
    cloud = await startLocalCloud({
      port: 0,
      dataDir,
      now: () => new Date(OCT_08.getTime() + 6 * 60_000),
      schedulerIntervalMs: 0,
      errorLog: () => undefined,
    });
    const l = new URL(link.url);
    expect((await request(cloud.url, 'GET', `${l.pathname}${l.search}`)).status).toBe(200);
    expect(fs.statSync(path.join(dataDir, 'file-signing.key')).mode & 0o777).toBe(0o600);
  });
});

describe.each(STORES)('CloudBase storage through the applicant function on %s', (_name, make) => {
  it('should seal the checked bytes at attach and refuse a link whose stored bytes no longer match, changing nothing', async () => {
    const h = make();
    const bucket = new FakeCloudBucket();
    const files = createCloudFileStorage(bucket.server);
    let n = 0;
    const call = <A extends string>(action: A, payload: unknown) =>
      applicant(
        { action, payload, requestId: `req-cb-${String(++n).padStart(6, '0')}` },
        { openid: 'alice' },
        { store: h.store, files, now: () => OCT_08, log: () => undefined },
      ) as Promise<Envelope<ResOf<ApplicantApi, A>>>;
    data(await call('privacy.accept', { version: PRIVACY_NOTICE_VERSION }));
    const applicationId = data(
      await call('application.save', { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) }),
    ).application.applicationId;
    const ticket = data(
      await call('material.ticket', {
        target: { applicationId, key: 'B2:education.0' },
        fileName: '学历证书.pdf',
        mime: 'application/pdf',
        size: FILES.pdf.length,
      }),
    );
    expect(ticket.upload.kind).toBe('cloud');
    if (ticket.upload.kind !== 'cloud') throw new Error('expected a CloudBase upload ticket'); // narrows the type
    const uploaded = bucket.clientUpload('alice', ticket.upload.cloudPath, FILES.pdf);
    const m = data(await call('material.attach', { ticketId: ticket.ticketId, fileId: uploaded.fileID })).material;

    // The material points at the sealed copy; the uploader can write neither it nor (harmlessly) anything it reads.
    const sealedPath = `${SEALED_PREFIX}${ticket.upload.cloudPath}`;
    expect(bucket.objects.get(sealedPath)).toEqual({ bytes: FILES.pdf, openid: null });
    expect(bucket.objects.has(ticket.upload.cloudPath)).toBe(false);
    expect(() => bucket.clientUpload('alice', sealedPath, HTML)).toThrow(/storage rule/);
    bucket.clientUpload('alice', ticket.upload.cloudPath, HTML); // the old upload path: a new file nobody reads
    expect(data(await call('material.link', { materialId: m.materialId })).url).toContain(`/${sealedPath}?`);

    // The sealed bytes are changed behind the functions' back (console, a mis-set rule): no link, a clear refusal.
    bucket.objects.set(sealedPath, { bytes: HTML, openid: null });
    const storeBefore = h.businessDump();
    const objectsBefore = JSON.stringify([...bucket.objects]);
    const refused = await call('material.link', { materialId: m.materialId });
    expect(refused).toEqual({ ok: false, code: 'INVALID_FILE', message: MATERIAL_SEAL_BROKEN });
    expect(MATERIAL_SEAL_BROKEN).toMatch(CHINESE);
    expect(h.businessDump()).toBe(storeBefore);
    expect(JSON.stringify([...bucket.objects])).toBe(objectsBefore);
    h.close();
  });
});

describe('local scheduler: sweeping files never attached', () => {
  it('should remove *.part files and unattached uploads a day after they were written, not before, and keep sealed ones', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hz-sweep-'));
    try {
      const files = localFileStorage(dataDir, () => 'http://127.0.0.1:9');
      await files.write('materials/app_1/tk_open.pdf', FILES.pdf);
      await files.write('materials/app_1/tk_sealed.pdf', FILES.pdf);
      await files.seal('materials/app_1/tk_sealed.pdf', FILES.pdf, sha(FILES.pdf));
      const folder = path.join(dataDir, FILES_DIR, 'materials', 'app_1');
      fs.writeFileSync(path.join(folder, 'tk_killed.pdf.0a1b2c.part'), 'half', { mode: 0o600 });
      for (const f of fs.readdirSync(folder)) fs.utimesSync(path.join(folder, f), OCT_08, OCT_08);

      const clock = { now: new Date(OCT_08.getTime() + UNATTACHED_FILE_TTL_MS - 60_000) };
      const publish: FunctionHandler = async () => ok({ published: 0, overdue: 0 });
      const lines: string[] = [];
      const sched = startLocalScheduler(
        publish,
        { store: openSqliteStore(':memory:'), files, now: () => clock.now },
        0,
        (l) => lines.push(l),
      );
      await sched.runNow();
      expect(fs.readdirSync(folder).sort()).toEqual(['tk_killed.pdf.0a1b2c.part', 'tk_open.pdf', 'tk_sealed.pdf']);
      clock.now = new Date(OCT_08.getTime() + UNATTACHED_FILE_TTL_MS + 60_000);
      await sched.runNow();
      expect(fs.readdirSync(folder)).toEqual(['tk_sealed.pdf']);
      expect(lines).toEqual(['files sweep → 清理未完成的上传 1 个，未添加的文件 1 个']);
      await sched.stop();
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
