/**
 * The local cloud remembers which request paths name which function (server.ts, `served`): a remembered path must
 * answer as a fresh one, follow the table of functions when it changes, and stop remembering at its bound without
 * answering differently.
 */
import { startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server';
import type { FunctionHandler } from '../../cloudfunctions/registry';
import { openSqliteStore } from '../../cloudfunctions/_core/store';
import { ok } from '../../shared/contracts';
import { request } from './http';

const store = openSqliteStore(':memory:');
afterAll(() => store.close());

let cloud: LocalCloud;
afterEach(async () => {
  await cloud.close();
});

/** A function that answers with its own name. */
const named =
  (name: string): FunctionHandler =>
  async () =>
    ok({ name });

describe('local cloud paths', () => {
  it('should answer a remembered path as it answered it the first time, spelt plainly or escaped', async () => {
    cloud = await startLocalCloud({ port: 0, store, functions: { echo: named('echo') }, schedulerIntervalMs: 0 });
    for (const path of ['/fn/echo', '/fn/%65cho', '/fn/echo?x=1', '/fn/%65cho?x=1']) {
      for (let i = 0; i < 3; i++) {
        const r = await request(cloud.url, 'POST', path, {});
        expect(r.status).toBe(200);
        expect(r.json).toEqual({ ok: true, data: { name: 'echo' } });
      }
      const get = await request(cloud.url, 'GET', path);
      expect(get.status).toBe(405);
    }
  });

  it('should follow the table of functions: a remembered path whose function is gone answers UNKNOWN_FUNCTION', async () => {
    const functions: Record<string, FunctionHandler> = { echo: named('echo') };
    cloud = await startLocalCloud({ port: 0, store, functions, schedulerIntervalMs: 0 });
    expect((await request(cloud.url, 'POST', '/fn/echo', {})).status).toBe(200);
    delete functions.echo;
    const gone = await request(cloud.url, 'POST', '/fn/echo', {});
    expect(gone.status).toBe(404);
    expect(gone.json.code).toBe('UNKNOWN_FUNCTION');
    functions.echo = named('again');
    expect((await request(cloud.url, 'POST', '/fn/echo', {})).json.data).toEqual({ name: 'again' });
  });

  it('should answer past its bound of remembered paths as before it', async () => {
    const name = 'abcdefg';
    cloud = await startLocalCloud({ port: 0, store, functions: { [name]: named(name) }, schedulerIntervalMs: 0 });
    // Each letter plain or %-escaped: 128 spellings of the one name, twice the bound.
    const spell = (bits: number): string =>
      [...name].map((ch, k) => (bits & (1 << k) ? `%${ch.charCodeAt(0).toString(16)}` : ch)).join('');
    const paths = Array.from({ length: 2 ** name.length }, (_, bits) => `/fn/${spell(bits)}`);
    expect(new Set(paths).size).toBe(128);
    for (const p of [...paths, ...paths]) {
      const r = await request(cloud.url, 'POST', p, {});
      expect(r.json).toEqual({ ok: true, data: { name } });
    }
    expect((await request(cloud.url, 'POST', '/fn/abcdefh', {})).json.code).toBe('UNKNOWN_FUNCTION');
  });
});
