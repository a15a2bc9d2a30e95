/**
 * The local cloud over real HTTP on 127.0.0.1 (port 0, a temp data folder): the same handlers as production, identity
 * from the header, envelope errors for transport problems, data that survives restarts and a graceful close.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud, DATA_FILE, type LocalCloud } from '../../scripts/local-cloud/server';
import { ok, PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { callFn, request } from './http';
import { expandSheet } from '../../shared/contracts';
import { findPolicy } from '../../shared/policy';

const ROOT = path.resolve(__dirname, '..', '..');
const PROFILE = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'zhang-wei-2021.json'), 'utf8')) as Record<
  string,
  unknown
>;
/** 2021-10-10 10:00 in Beijing: inside the 2021 round. */
const NOW = () => new Date('2021-10-10T02:00:00Z');

let dataDir: string;
let cloud: LocalCloud;

beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-'));
  cloud = await startLocalCloud({ port: 0, dataDir, now: NOW });
});

afterEach(async () => {
  await cloud.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

let seq = 0;
/** Accepts the privacy notice as `openid` (drafts and ID numbers are taken only after it). */
function consent(base: string, openid: string) {
  seq += 1;
  return callFn(
    base,
    'applicant',
    { action: 'privacy.accept', requestId: `req-${Date.now()}-${seq}`, payload: { version: PRIVACY_NOTICE_VERSION } },
    openid,
  );
}

async function saveDraft(base: string, openid: string, title: string) {
  await consent(base, openid);
  seq += 1;
  return callFn(
    base,
    'applicant',
    { action: 'draft.save', requestId: `req-${Date.now()}-${seq}`, payload: { title, profile: PROFILE } },
    openid,
  );
}

/** A response body must never carry a stack trace or a source path. */
function expectNoStack(text: string): void {
  expect(text).not.toMatch(/\n\s+at |\.ts:\d+|node_modules|Error:/);
}

describe('local cloud', () => {
  it('should listen on loopback only and answer health with the served functions', async () => {
    expect(cloud.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const r = await request(cloud.url, 'GET', '/health');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true, data: { status: 'ok', functions: expect.arrayContaining(['applicant']) } });
  });

  it('should create its SQLite file in the data folder on first run', () => {
    expect(cloud.dataFile).toBe(path.join(dataDir, DATA_FILE));
    expect(fs.existsSync(path.join(dataDir, DATA_FILE))).toBe(true);
  });

  it('should score the example profile with the 2021 round and return its sheet', async () => {
    await consent(cloud.url, 'dev-applicant-1');
    const r = await callFn(
      cloud.url,
      'applicant',
      { action: 'simulate', payload: { profile: PROFILE, roundId: '2021' } },
      'dev-applicant-1',
    );
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
    const policy = findPolicy('hz-2021');
    if (!policy) throw new Error('hz-2021 missing');
    expect(expandSheet(r.json.data.sheet, policy).total).toBe('202');
  });

  it('should take the caller from the x-wx-openid header, so two people see only their own drafts', async () => {
    const saved = await saveDraft(cloud.url, 'person-a', '张伟的草稿');
    expect(saved.json.ok).toBe(true);
    const draftId = saved.json.data.draft.draftId as string;

    const listA = await callFn(cloud.url, 'applicant', { action: 'draft.list' }, 'person-a');
    const listB = await callFn(cloud.url, 'applicant', { action: 'draft.list' }, 'person-b');
    expect(listA.json.data.drafts.map((d: { draftId: string }) => d.draftId)).toEqual([draftId]);
    expect(listB.json.data.drafts).toEqual([]);

    const stolen = await callFn(cloud.url, 'applicant', { action: 'draft.get', payload: { draftId } }, 'person-b');
    expect(stolen.json).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  it('should answer UNAUTHENTICATED without the header and BAD_REQUEST for a malformed one', async () => {
    const none = await callFn(cloud.url, 'applicant', { action: 'draft.list' }, null);
    expect(none.status).toBe(200);
    expect(none.json).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });

    const bad = await request(
      cloud.url,
      'POST',
      '/fn/applicant',
      { action: 'draft.list' },
      { 'x-wx-openid': 'a b/../c' },
    );
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
  });

  it('should answer bad JSON with a BAD_REQUEST envelope and no stack trace', async () => {
    const r = await request(cloud.url, 'POST', '/fn/applicant', '{"action": "simulate", ', { 'x-wx-openid': 'a' });
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ ok: false, code: 'BAD_REQUEST', message: expect.any(String) });
    expectNoStack(r.text);
  });

  it('should refuse a 150 KB body with PAYLOAD_TOO_LARGE, whether or not it declares its length', async () => {
    const big = JSON.stringify({ action: 'simulate', payload: { profile: { pad: 'x'.repeat(150 * 1024) } } });
    for (const chunked of [false, true]) {
      const r = await request(cloud.url, 'POST', '/fn/applicant', big, { 'x-wx-openid': 'a' }, { chunked });
      expect(r.status).toBe(413);
      expect(r.json).toMatchObject({ ok: false, code: 'PAYLOAD_TOO_LARGE' });
      expectNoStack(r.text);
    }
    // The server is still fine afterwards.
    expect((await request(cloud.url, 'GET', '/health')).status).toBe(200);
  });

  it('should accept a body just under the 100 KB limit (the function then judges it)', async () => {
    const body = JSON.stringify({ action: 'draft.list', payload: {} });
    const padded = body.slice(0, -1) + ' '.repeat(100 * 1024 - body.length - 1) + '}';
    expect(Buffer.byteLength(padded)).toBe(100 * 1024 - 1);
    const r = await request(cloud.url, 'POST', '/fn/applicant', padded, { 'x-wx-openid': 'a' });
    expect(r.status).toBe(200);
    expect(r.json.ok).toBe(true);
  });

  it('should answer an unknown function with UNKNOWN_FUNCTION, including names of Object.prototype', async () => {
    for (const name of ['nope', '__proto__', 'constructor', '%E0%A4%A']) {
      const r = await callFn(cloud.url, name, { action: 'x' }, 'a');
      expect(r.status).toBe(404);
      expect(r.json).toMatchObject({ ok: false, code: 'UNKNOWN_FUNCTION' });
    }
  });

  it('should answer a wrong path or method with an envelope', async () => {
    const path404 = await request(cloud.url, 'GET', '/index.html');
    expect(path404.status).toBe(404);
    expect(path404.json).toMatchObject({ ok: false, code: 'BAD_REQUEST' });

    const get = await request(cloud.url, 'GET', '/fn/applicant');
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(get.json).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expectNoStack(get.text);
  });

  it('should pass an unknown action through to the function, which answers UNKNOWN_ACTION', async () => {
    const r = await callFn(cloud.url, 'applicant', { action: 'launch.rocket' }, 'a');
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: false, code: 'UNKNOWN_ACTION' });
  });

  it('should answer INTERNAL without the error text when a function itself throws', async () => {
    const logged: string[] = [];
    const other = await startLocalCloud({
      port: 0,
      dataDir,
      functions: {
        boom: async () => {
          throw new Error('secret detail at /srv/x.ts:1');
        },
      },
      errorLog: (line) => logged.push(line),
    });
    try {
      const r = await callFn(other.url, 'boom', { action: 'x' }, 'a');
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ ok: false, code: 'INTERNAL', message: expect.any(String) });
      expect(r.text).not.toContain('secret');
      expect(logged.join('\n')).toContain('secret detail');
    } finally {
      await other.close();
    }
  });

  it('should keep the data across a restart on the same folder', async () => {
    const saved = await saveDraft(cloud.url, 'person-a', '重启前');
    expect(saved.json.ok).toBe(true);
    await cloud.close();

    cloud = await startLocalCloud({ port: 0, dataDir, now: NOW });
    const list = await callFn(cloud.url, 'applicant', { action: 'draft.list' }, 'person-a');
    expect(list.json.data.drafts.map((d: { title: string }) => d.title)).toEqual(['重启前']);
  });

  it('should finish an in-flight write when closed, refuse new connections, and keep the write', async () => {
    await consent(cloud.url, 'person-a');
    const body = Buffer.from(
      JSON.stringify({
        action: 'draft.save',
        requestId: 'inflight-0001',
        payload: { title: '关闭时的草稿', profile: PROFILE },
      }),
    );
    // Send the headers and half the body, so the request is in flight when close() starts.
    const reply = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(`${cloud.url}/fn/applicant`, {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': String(body.length),
          'x-wx-openid': 'person-a',
        },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, body.length >> 1));
      const waitInFlight = (): void => {
        if (cloud.inFlight() > 0) {
          closing = cloud.close();
          // Let close() stop the listener, then send the rest of the body.
          setTimeout(() => req.end(body.subarray(body.length >> 1)), 50);
        } else {
          setTimeout(waitInFlight, 5);
        }
      };
      waitInFlight();
    });
    let closing: Promise<void> | undefined;

    const r = await reply;
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ ok: true, data: { draft: { title: '关闭时的草稿' } } });
    await closing;
    await expect(request(cloud.url, 'GET', '/health')).rejects.toThrow(/ECONNREFUSED/);

    cloud = await startLocalCloud({ port: 0, dataDir, now: NOW });
    const list = await callFn(cloud.url, 'applicant', { action: 'draft.list' }, 'person-a');
    expect(list.json.data.drafts.map((d: { title: string }) => d.title)).toEqual(['关闭时的草稿']);
  });

  it('should close idle keep-alive connections promptly instead of waiting for them', async () => {
    const agent = new http.Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${cloud.url}/health`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        })
        .on('error', reject);
    });
    const t0 = Date.now();
    await cloud.close();
    expect(Date.now() - t0).toBeLessThan(1000);
    agent.destroy();
  });
});

describe('local cloud answering many callers in one turn of the event loop', () => {
  it('should give each of 40 callers answered in the same turn their own answer, on their own connection', async () => {
    // The function holds every request until all 40 have arrived, then answers them all at once: the 40 answers are
    // written together in one check phase, and none may go to another caller's connection.
    const n = 40;
    let arrived = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-cloud-turn-'));
    const held = await startLocalCloud({
      port: 0,
      dataDir: dir,
      now: NOW,
      schedulerIntervalMs: 0,
      functions: {
        echo: async (_event, caller) => {
          if (++arrived === n) release();
          await gate;
          return ok({ who: caller.openid });
        },
      },
    });
    try {
      const callers = Array.from({ length: n }, (_, i) => `caller-${i}`);
      // One connection each (the helper's agent: false), all held open until the last request is in.
      const answers = await Promise.all(callers.map((who) => callFn(held.url, 'echo', { action: 'echo' }, who)));
      expect(arrived).toBe(n);
      answers.forEach((a, i) => {
        expect(a.status).toBe(200);
        expect(a.json).toMatchObject({ ok: true, data: { who: callers[i] } });
      });
    } finally {
      await held.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
