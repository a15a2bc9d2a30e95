/**
 * 申请材料 through the applicant function: uploads checked by their bytes (never by the claimed type), private
 * materials readable only through short-lived links for the person, their active agents and (through the reviewer
 * function) the reviewers of the department whose task the material proves,
 * the FAQ's reuse of verified materials, and the local cloud's signed file routes (upload, link expiry).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { MATERIAL_NOT_FOUND, personKeyOf, taskIdOf } from '../../cloudfunctions/_core/cases';
import { reviewer } from '../../cloudfunctions/reviewer/handlers';
import {
  openSqliteStore,
  type ApplicationRecord,
  type MaterialRecord,
  type TaskRecord,
} from '../../cloudfunctions/_core/store';
import { startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server';
import { localFileStorage } from '../../scripts/local-cloud/files';
import { MATERIAL_MAX_BYTES } from '../../shared/application';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { callFn, request } from '../local-cloud/http';
import { CHINESE, data, STORES, type StoreHarness } from './harness';
import {
  acceptPrivacy,
  FILES,
  idFor,
  identityOf,
  OCT_08,
  pathOfUpload,
  profileOf,
  startApplication,
  upload,
  uploadAllMissing,
  world,
  ZHANG_ID,
  type World,
} from './cases-helpers';

const USCC = '91350100M000100Y43';

describe.each(STORES)('materials on %s', (_name, make) => {
  let h: StoreHarness;
  let w: World;
  let appId: string;
  beforeEach(async () => {
    h = make();
    w = world(h.store);
    appId = await startApplication(w, 'alice');
  });
  afterEach(() => {
    w.close();
    h.close();
  });

  const B2 = () => ({ applicationId: appId, key: 'B2:education.0' });

  async function refusedUnchanged(run: () => Promise<unknown>, code: string): Promise<{ message: string }> {
    const before = h.businessDump();
    const env = (await run()) as { ok: boolean; code?: string; message: string };
    expect(env).toMatchObject({ ok: false, code });
    expect(env.message).toMatch(CHINESE);
    expect(h.businessDump()).toBe(before);
    return env;
  }

  it('should attach genuine JPEG, PNG and PDF files with their size and hash, keyed to the checklist line', async () => {
    for (const [i, kind] of (['jpeg', 'png', 'pdf'] as const).entries()) {
      w.clock.now = new Date(OCT_08.getTime() + i * 1000);
      const m = data(await upload(w, 'alice', B2(), kind)).material;
      expect(m).toMatchObject({ key: 'B2:education.0', size: FILES[kind].length, reused: false });
    }
    const line = (await w.ok('alice', 'application.get', { applicationId: appId })).application.checklist.find(
      (l: { key: string }) => l.key === 'B2:education.0',
    );
    expect(line.state).toBe('attached');
    expect(line.materials.map((m: { mime: string }) => m.mime)).toEqual(['image/jpeg', 'image/png', 'application/pdf']);
  });

  it('should refuse an oversized or wrong-type upload at the ticket', async () => {
    await refusedUnchanged(
      () =>
        w.call('alice', 'material.ticket', {
          target: B2(),
          fileName: 'big.pdf',
          mime: 'application/pdf',
          size: MATERIAL_MAX_BYTES + 1,
        }),
      'INVALID_INPUT',
    );
    await refusedUnchanged(
      () => w.call('alice', 'material.ticket', { target: B2(), fileName: 'a.zip', mime: 'application/zip', size: 100 }),
      'INVALID_INPUT',
    );
    await refusedUnchanged(
      () =>
        w.call('alice', 'material.ticket', {
          target: { applicationId: appId, key: 'Z9' },
          fileName: 'a.pdf',
          mime: 'application/pdf',
          size: 100,
        }),
      'INVALID_INPUT',
    );
  });

  it('should refuse on attach a PNG ticket whose bytes are an .exe or a zip, or whose size differs (INVALID_FILE)', async () => {
    for (const bytes of [FILES.exe, FILES.zip]) {
      const ticket = await w.ok('alice', 'material.ticket', {
        target: B2(),
        fileName: '照片.png',
        mime: 'image/png',
        size: bytes.length,
      });
      await w.files.write(pathOfUpload(ticket.upload.url), bytes);
      const env = await refusedUnchanged(
        () =>
          w.call('alice', 'material.attach', { ticketId: ticket.ticketId, fileId: pathOfUpload(ticket.upload.url) }),
        'INVALID_FILE',
      );
      expect(env.message).toMatch(/PNG/);
    }
    const ticket = await w.ok('alice', 'material.ticket', {
      target: B2(),
      fileName: 'a.pdf',
      mime: 'application/pdf',
      size: FILES.pdf.length + 5,
    });
    await w.files.write(pathOfUpload(ticket.upload.url), FILES.pdf);
    await refusedUnchanged(
      () => w.call('alice', 'material.attach', { ticketId: ticket.ticketId, fileId: pathOfUpload(ticket.upload.url) }),
      'INVALID_FILE',
    );
  });

  it("should refuse a file that is not the ticket's, nothing uploaded, another person's ticket, a used or an expired ticket", async () => {
    const ticket = await w.ok('alice', 'material.ticket', {
      target: B2(),
      fileName: 'a.pdf',
      mime: 'application/pdf',
      size: FILES.pdf.length,
    });
    const path = pathOfUpload(ticket.upload.url);
    await refusedUnchanged(
      () => w.call('alice', 'material.attach', { ticketId: ticket.ticketId, fileId: path }),
      'INVALID_FILE',
    ); // nothing uploaded yet
    await w.files.write(path, FILES.pdf);
    await refusedUnchanged(
      () => w.call('alice', 'material.attach', { ticketId: ticket.ticketId, fileId: 'materials/other/file.pdf' }),
      'INVALID_FILE',
    );
    await acceptPrivacy(w, 'mallory');
    await refusedUnchanged(
      () => w.call('mallory', 'material.attach', { ticketId: ticket.ticketId, fileId: path }),
      'NOT_FOUND',
    );
    data(await w.call('alice', 'material.attach', { ticketId: ticket.ticketId, fileId: path }));
    await refusedUnchanged(
      () => w.call('alice', 'material.attach', { ticketId: ticket.ticketId, fileId: path }),
      'CONFLICT',
    );

    const late = await w.ok('alice', 'material.ticket', {
      target: B2(),
      fileName: 'b.pdf',
      mime: 'application/pdf',
      size: FILES.pdf.length,
    });
    await w.files.write(pathOfUpload(late.upload.url), FILES.pdf);
    w.clock.now = new Date(OCT_08.getTime() + 16 * 60_000);
    await refusedUnchanged(
      () => w.call('alice', 'material.attach', { ticketId: late.ticketId, fileId: pathOfUpload(late.upload.url) }),
      'INVALID_FILE',
    );
  });

  it('should remove a material of a draft, and refuse changes once the application is accepted', async () => {
    const m = data(await upload(w, 'alice', B2(), 'pdf')).material;
    data(await w.call('alice', 'material.remove', { materialId: m.materialId }));
    expect(await w.ok('alice', 'application.get', { applicationId: appId })).toMatchObject({
      application: { missing: expect.arrayContaining(['B2:education.0']) },
    });
    await uploadAllMissing(w, 'alice', appId);
    await w.ok('alice', 'application.submit', { applicationId: appId });
    const kept = (await w.ok('alice', 'application.get', { applicationId: appId })).application.checklist[0]
      .materials[0];
    await refusedUnchanged(() => w.call('alice', 'material.remove', { materialId: kept.materialId }), 'CONFLICT');
    await refusedUnchanged(
      () => w.call('alice', 'material.ticket', { target: B2(), fileName: 'a.pdf', mime: 'application/pdf', size: 10 }),
      'CONFLICT',
    );
  });

  it("should hand out ≤ 10-minute links to the person, a verified agent with query on a case under the entrustment and the reviewer of the material's department, and to nobody else", async () => {
    await uploadAllMissing(w, 'alice', appId);
    await w.ok('alice', 'application.submit', { applicationId: appId });
    const b2 = (await w.ok('alice', 'application.get', { applicationId: appId })).application.checklist.find(
      (l: { key: string }) => l.key === 'B2:education.0',
    );
    const materialId = b2.materials[0].materialId;

    const link = await w.ok('alice', 'material.link', { materialId });
    expect(new Date(link.expiresAt).getTime() - OCT_08.getTime()).toBe(10 * 60_000);
    expect(
      w.files.verify(
        'GET',
        new URL(link.url).pathname.slice('/files/'.length),
        new URL(link.url).searchParams.get('exp'),
        new URL(link.url).searchParams.get('sig'),
        OCT_08,
      ),
    ).toBe(true);

    // Reviewers read through their own function, and only the materials of their department's tasks: the diploma
    // (B2 → 市教育局) for 市教育局; 市公安局, which has tasks in this case (B1, D1–D3), gets nothing of it.
    await h.store.putRole({
      openid: 'edu',
      role: 'reviewer',
      department: '市教育局',
      grantedBy: 'admin',
      grantedAt: OCT_08.toISOString(),
    });
    await h.store.putRole({
      openid: 'police',
      role: 'reviewer',
      department: '市公安局',
      grantedBy: 'admin',
      grantedAt: OCT_08.toISOString(),
    });
    await h.store.putRole({
      openid: 'nowhere',
      role: 'reviewer',
      department: '市不存在局',
      grantedBy: 'admin',
      grantedAt: OCT_08.toISOString(),
    });
    const asReviewer = (openid: string, id: string) =>
      reviewer(
        { action: 'material.link', payload: { materialId: id } },
        { openid },
        { store: h.store, files: w.files, now: () => w.clock.now, log: () => undefined },
      );
    const reviewerLink = data(await asReviewer('edu', materialId)) as { url: string; expiresAt: string };
    expect(new Date(reviewerLink.expiresAt).getTime() - OCT_08.getTime()).toBe(10 * 60_000);
    expect(reviewerLink.url).toContain('/files/');
    // The person sees that read in their case's trail.
    expect((await w.ok('alice', 'case.audit', { applicationId: appId })).entries).toContainEqual({
      at: OCT_08.toISOString(),
      action: 'material.link',
      actor: 'reviewer',
      result: 'ok',
    });
    const missing = await w.call('nowhere', 'material.link', { materialId: 'm_missing' });
    expect(missing).toMatchObject({ ok: false, code: 'NOT_FOUND', message: MATERIAL_NOT_FOUND });
    const before = h.businessDump();
    const auditBefore = JSON.stringify((await h.store.listAudit({ target: `application:${appId}` })).entries);
    expect(await w.call('police', 'material.link', { materialId })).toEqual(missing);
    expect(await asReviewer('police', materialId)).toEqual(missing);
    expect(await asReviewer('police', 'm_missing')).toEqual(missing);
    expect(await w.call('edu', 'material.link', { materialId })).toEqual(missing); // not through the applicant function
    expect(await w.call('nowhere', 'material.link', { materialId })).toEqual(missing);
    expect(await w.call('mallory', 'material.link', { materialId })).toEqual(missing);
    expect(h.businessDump()).toBe(before);
    expect(JSON.stringify((await h.store.listAudit({ target: `application:${appId}` })).entries)).toBe(auditBefore);

    // An agent: with query scope once verified and the case is under the entrustment; refused after revocation.
    await acceptPrivacy(w, 'hr');
    const e = (
      await w.ok('hr', 'entrustment.create', {
        kind: 'employer',
        principal: { name: '张伟', idNumber: ZHANG_ID },
        agent: { name: '李经办', idNumber: idFor('1980-01-01') },
        employer: { uscc: USCC, name: '杭州某科技有限公司' },
        scope: ['query'],
        district: 'xihu',
      })
    ).entrustment;
    expect(await w.call('hr', 'material.link', { materialId })).toEqual(missing); // no letter yet
    data(await upload(w, 'hr', { entrustmentId: e.entrustmentId }, 'jpeg'));
    expect(await w.call('hr', 'material.link', { materialId })).toEqual(missing); // a letter verifies nothing
    await w.ok('alice', 'entrustment.confirm', { entrustmentId: e.entrustmentId });
    expect(await w.call('hr', 'material.link', { materialId })).toEqual(missing); // her own filing is not under it
    await w.ok('alice', 'entrustment.extend', { entrustmentId: e.entrustmentId, applicationId: appId });
    expect(data(await w.call('hr', 'material.link', { materialId })).url).toContain('/files/');
    await w.ok('alice', 'entrustment.revoke', { entrustmentId: e.entrustmentId });
    expect(await w.call('hr', 'material.link', { materialId })).toEqual(missing);
  });

  it('should carry over materials of an earlier verified application of the same year whose facts did not change', async () => {
    const personKey = personKeyOf(ZHANG_ID);
    const at = '2021-03-15T02:00:00.000Z';
    const earlier: ApplicationRecord = {
      id: 'app_earlier',
      roundId: '2021-H1',
      personKey,
      identity: identityOf(ZHANG_ID) as unknown as ApplicationRecord['identity'],
      profile: profileOf(ZHANG_ID),
      status: 'published',
      createdBy: 'alice',
      channel: 'online',
      acceptedOn: '2021-03-15',
      resultDate: '2021-04-13',
      subscriptions: [],
      createdAt: at,
      updatedAt: at,
    };
    const task = (indicatorId: string, status: TaskRecord['status']): TaskRecord => ({
      id: taskIdOf(earlier.id, indicatorId),
      applicationId: earlier.id,
      roundId: '2021-H1',
      receiptNumber: 'JF2021H1-0315-000001',
      indicatorId,
      indicatorName: indicatorId,
      department: '市教育局',
      status,
      declaredFacts: [],
      factRefs: [],
      acceptedOn: '2021-03-15',
      resultDate: '2021-04-13',
      history: [],
      createdAt: at,
      updatedAt: at,
    });
    const material = (id: string, key: string): MaterialRecord => ({
      id,
      applicationId: earlier.id,
      key,
      fileId: `materials/app_earlier/${id}.pdf`,
      fileName: `${id}.pdf`,
      mime: 'application/pdf',
      size: FILES.pdf.length,
      sha256: 'x',
      uploadedBy: 'alice',
      uploadedAt: at,
      reused: false,
    });
    await h.store.putApplication(earlier);
    await h.store.putTask(task('B2', 'confirmed'));
    await h.store.putTask(task('B3', 'rejected'));
    await h.store.putMaterial(material('m_edu', 'B2:education.0'));
    await h.store.putMaterial(material('m_title', 'B3:titles.0'));
    // The draft of beforeEach was saved before these existed: saving again carries them over.
    const saved = (
      await w.ok('alice', 'application.save', {
        applicationId: appId,
        identity: identityOf(ZHANG_ID),
        profile: profileOf(ZHANG_ID),
      })
    ).application;
    const line = (key: string) => saved.checklist.find((l: { key: string }) => l.key === key);
    expect(line('B2:education.0')).toMatchObject({
      state: 'reused',
      materials: [expect.objectContaining({ fileName: 'm_edu.pdf', reused: true })],
    });
    expect(line('B3:titles.0')?.state).toBe('missing'); // that claim was not confirmed

    // The education changes: the carried-over certificate no longer proves it and is dropped.
    const changed = profileOf(ZHANG_ID) as { education: { obtainedOn: string }[] };
    changed.education[0]!.obtainedOn = '2010-06-30';
    const again = (
      await w.ok('alice', 'application.save', {
        applicationId: appId,
        identity: identityOf(ZHANG_ID),
        profile: changed,
      })
    ).application;
    expect(again.checklist.find((l: { key: string }) => l.key === 'B2:education.0')).toMatchObject({
      state: 'missing',
      materials: [],
    });
  });
});

describe('local cloud file routes', () => {
  let dir: string;
  let cloud: LocalCloud;
  let now: Date;
  const store = () => openSqliteStore(':memory:');
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hz-lc-files-'));
    now = OCT_08;
    let base = '';
    cloud = await startLocalCloud({
      port: 0,
      store: store(),
      files: localFileStorage(dir, () => base),
      now: () => now,
      schedulerIntervalMs: 0,
      errorLog: () => undefined,
    });
    base = cloud.url;
  });
  afterEach(async () => {
    await cloud.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const fn = async (openid: string, action: string, payload: unknown, requestId?: string) =>
    (await callFn(cloud.url, 'applicant', { action, payload, ...(requestId ? { requestId } : {}) }, openid)).json;

  it('should take an upload by its signed PUT URL, serve the file through a link, and refuse the link once expired', async () => {
    expect((await fn('alice', 'privacy.accept', { version: PRIVACY_NOTICE_VERSION }, 'req-lc-000001')).ok).toBe(true);
    const saved = await fn(
      'alice',
      'application.save',
      { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) },
      'req-lc-000002',
    );
    const applicationId = saved.data.application.applicationId;
    const ticket = (
      await fn(
        'alice',
        'material.ticket',
        {
          target: { applicationId, key: 'B2:education.0' },
          fileName: '毕业证.pdf',
          mime: 'application/pdf',
          size: FILES.pdf.length,
        },
        'req-lc-000003',
      )
    ).data;
    const url = new URL(ticket.upload.url);
    expect(url.origin).toBe(cloud.url);

    // A forged signature, and the right URL used to read instead of write, are refused.
    expect(
      (await request(cloud.url, 'PUT', `${url.pathname}?exp=${url.searchParams.get('exp')}&sig=forged`, FILES.pdf))
        .status,
    ).toBe(403);
    expect((await request(cloud.url, 'GET', `${url.pathname}${url.search}`)).status).toBe(403);
    const put = await request(cloud.url, 'PUT', `${url.pathname}${url.search}`, FILES.pdf, {
      'content-type': 'application/pdf',
    });
    expect(put.status).toBe(200);

    const fileId = url.pathname.replace(/^\/files\//, '');
    const attached = await fn('alice', 'material.attach', { ticketId: ticket.ticketId, fileId }, 'req-lc-000004');
    expect(attached.ok).toBe(true);
    const link = (await fn('alice', 'material.link', { materialId: attached.data.material.materialId })).data;
    const l = new URL(link.url);
    const got = await request(cloud.url, 'GET', `${l.pathname}${l.search}`);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.text.startsWith('%PDF-')).toBe(true);

    now = new Date(OCT_08.getTime() + 10 * 60_000 + 1000);
    expect((await request(cloud.url, 'GET', `${l.pathname}${l.search}`)).status).toBe(403);
  });

  it('should refuse an upload over 10 MB and an expired upload URL', async () => {
    await fn('alice', 'privacy.accept', { version: PRIVACY_NOTICE_VERSION }, 'req-lc-000011');
    const saved = await fn(
      'alice',
      'application.save',
      { identity: identityOf(ZHANG_ID), profile: profileOf(ZHANG_ID) },
      'req-lc-000012',
    );
    const applicationId = saved.data.application.applicationId;
    const ticket = (
      await fn(
        'alice',
        'material.ticket',
        { target: { applicationId, key: 'B2:education.0' }, fileName: 'a.pdf', mime: 'application/pdf', size: 1000 },
        'req-lc-000013',
      )
    ).data;
    const url = new URL(ticket.upload.url);
    const big = Buffer.alloc(MATERIAL_MAX_BYTES + 1, 0x25);
    expect((await request(cloud.url, 'PUT', `${url.pathname}${url.search}`, big)).status).toBe(413);
    now = new Date(OCT_08.getTime() + 16 * 60_000);
    expect((await request(cloud.url, 'PUT', `${url.pathname}${url.search}`, FILES.pdf)).status).toBe(403);
  });
});
