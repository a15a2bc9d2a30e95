/**
 * Bodies the local cloud refuses without processing them, over real HTTP on 127.0.0.1: an oversized body is always
 * answered with the PAYLOAD_TOO_LARGE envelope (never a connection reset), and a body that is not application/json
 * gets a 415 UNSUPPORTED_MEDIA_TYPE envelope. The store is unchanged after each refusal.
 */
import { spawn } from 'node:child_process';
import { openSqliteStore, type SqliteStore } from '../../cloudfunctions/_core/store';
import { startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server';
import { ERROR_MESSAGES } from '../../shared/contracts';
import { request } from './http';

jest.setTimeout(60_000);

const NOW = () => new Date('2021-10-10T02:00:00Z');
let store: SqliteStore;
let cloud: LocalCloud;

beforeEach(async () => {
  store = openSqliteStore(':memory:');
  cloud = await startLocalCloud({ port: 0, store, now: NOW, schedulerIntervalMs: 0 });
});
afterEach(async () => {
  await cloud.close();
  store.close();
});

/** A draft.save whose title makes the body `bytes` long (valid JSON, so only its size is wrong). */
function bigSave(bytes: number): Buffer {
  const head = '{"action":"draft.save","requestId":"req-big-000001","payload":{"title":"';
  const tail = '","profile":{}}}';
  return Buffer.from(head + 'x'.repeat(bytes - head.length - tail.length) + tail);
}
/**
 * Posts a 5 MB body `attempts` times from another process (in-process clients read the answer before the reset
 * arrives and hide the race) and resolves with each attempt's status and body, or its socket error.
 */
function postOversizedFromAnotherProcess(
  url: string,
  attempts: number,
  chunked: boolean,
): Promise<{ status?: number; text?: string; error?: string }[]> {
  const script = `
    const http = require('node:http');
    const body = Buffer.from('{"action":"draft.save","requestId":"req-big-000001","payload":{"title":"' + 'x'.repeat(5 * 1024 * 1024) + '"}}');
    const once = () => new Promise((resolve) => {
      const headers = { 'content-type': 'application/json', 'x-wx-openid': 'person-a' };
      if (!${chunked}) headers['content-length'] = String(body.length);
      const req = http.request(${JSON.stringify(url)}, { method: 'POST', agent: false, headers });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode, text }));
        res.on('error', (e) => resolve({ error: e.code || e.message }));
      });
      req.on('error', (e) => resolve({ error: e.code || e.message }));
      if (${chunked}) { for (let i = 0; i < body.length; i += 16384) req.write(body.subarray(i, i + 16384)); req.end(); } else req.end(body);
    });
    (async () => { const out = []; for (let i = 0; i < ${attempts}; i++) out.push(await once()); process.stdout.write(JSON.stringify(out)); })();
  `;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(out) as { status?: number; text?: string; error?: string }[]));
  });
}
const TOO_LARGE = { ok: false, code: 'PAYLOAD_TOO_LARGE', message: ERROR_MESSAGES.PAYLOAD_TOO_LARGE };
const NOT_JSON = { ok: false, code: 'UNSUPPORTED_MEDIA_TYPE', message: ERROR_MESSAGES.UNSUPPORTED_MEDIA_TYPE };

describe('local cloud: bodies refused unread', () => {
  it.each([
    ['chunked', true],
    ['with a declared length', false],
  ])(
    'should answer a 5 MB body sent %s with the PAYLOAD_TOO_LARGE envelope on every attempt, never a reset',
    async (_how, chunked) => {
      const before = JSON.stringify(store.dump());
      const replies = await postOversizedFromAnotherProcess(`${cloud.url}/fn/applicant`, 10, chunked);
      expect(replies).toHaveLength(10);
      for (const [attempt, r] of replies.entries()) {
        expect({ attempt, status: r.status, error: r.error, json: r.text && JSON.parse(r.text) }).toEqual({
          attempt,
          status: 413,
          error: undefined,
          json: TOO_LARGE,
        });
      }
      expect(JSON.stringify(store.dump())).toBe(before);
    },
  );

  it('should answer in-process 5 MB bodies too, and keep serving afterwards', async () => {
    const body = bigSave(5 * 1024 * 1024);
    for (const chunked of [true, false]) {
      const r = await request(cloud.url, 'POST', '/fn/applicant', body, { 'x-wx-openid': 'person-a' }, { chunked });
      expect({ status: r.status, json: r.json, connection: r.headers.connection }).toEqual({
        status: 413,
        json: TOO_LARGE,
        connection: 'close',
      });
    }
    expect((await request(cloud.url, 'GET', '/health')).status).toBe(200);
  });

  it('should refuse a body that is not application/json with a 415 envelope, without running the function', async () => {
    const save = JSON.stringify({
      action: 'draft.save',
      requestId: 'req-text-00001',
      payload: { title: '张伟的测算', profile: {} },
    });
    const before = JSON.stringify(store.dump());
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonp',
      'text/json',
    ]) {
      const r = await request(cloud.url, 'POST', '/fn/applicant', save, {
        'x-wx-openid': 'person-a',
        'content-type': type,
      });
      expect({ type, status: r.status, json: r.json }).toEqual({ type, status: 415, json: NOT_JSON });
    }
    // No content type at all is not JSON either.
    const bare = await new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      void import('node:http').then((http) => {
        const req = http.request(
          `${cloud.url}/fn/applicant`,
          {
            method: 'POST',
            agent: false,
            headers: { 'x-wx-openid': 'person-a', 'content-length': String(Buffer.byteLength(save)) },
          },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString('utf8')));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
          },
        );
        req.on('error', reject);
        req.end(save);
      });
    });
    expect(bare).toEqual({ status: 415, json: NOT_JSON });
    expect(JSON.stringify(store.dump())).toBe(before);
    expect(NOT_JSON.message).toBe('请求内容须为 JSON（content-type: application/json）');
  });

  it('should accept application/json with a charset, in any letter case', async () => {
    const list = { action: 'draft.list' };
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      const r = await request(cloud.url, 'POST', '/fn/applicant', list, {
        'x-wx-openid': 'person-a',
        'content-type': type,
      });
      expect({ type, status: r.status, ok: r.json.ok }).toEqual({ type, status: 200, ok: true });
    }
  });
});
