/**
 * The local cloud's bundle (scripts/local-cloud/bundle.ts: what `npm start` and the benchmarks serve) answers exactly
 * as the sources do: the same status, headers and body bytes for every request of a session that covers scoring,
 * refusals, writes and transport errors, each request sent twice (the second one meets the caches).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadLocalCloud } from '../../scripts/local-cloud/bundle';
import { buildLocalCloud } from '../../scripts/local-cloud/bundle-build';
import { startLocalCloud, type LocalCloud } from '../../scripts/local-cloud/server';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { request, type Reply } from './http';

const ROOT = path.resolve(__dirname, '..', '..');
/** 2021-10-10 10:00 in Beijing: inside the 2021 round. */
const NOW = () => new Date('2021-10-10T02:00:00Z');

function example(name: string): unknown {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8')) as unknown;
}

/** One request of the session: method, path, body (object → JSON), headers. */
interface Step {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

const A = { 'x-wx-openid': 'bundle-a' };
const B = { 'x-wx-openid': 'bundle-b' };
const fn = (body: unknown, headers: Record<string, string> = A): Step => ({
  method: 'POST',
  path: '/fn/applicant',
  body,
  headers,
});

const SESSION: Step[] = [
  { method: 'GET', path: '/health' },
  fn({ action: 'simulate', payload: { roundId: '2021', profile: example('zhang-wei-2021') } }),
  fn({ action: 'privacy.accept', requestId: 'bundle-0001', payload: { version: PRIVACY_NOTICE_VERSION } }),
  fn({ action: 'round.current' }),
  ...['zhang-wei-2021', 'wang-fang-minimal', 'li-na-2024', 'invalid'].map((name) =>
    fn({ action: 'simulate', payload: { roundId: '2021', profile: example(name) } }),
  ),
  fn({ action: 'simulate', payload: { profile: example('wang-fang-minimal') } }),
  fn({ action: 'simulate', payload: { roundId: '1999', profile: example('wang-fang-minimal') } }),
  fn({ action: 'simulate', payload: { roundId: '2021', profile: example('zhang-wei-2021') } }, B),
  fn({ action: 'simulate', payload: { roundId: '2021', profile: example('zhang-wei-2021') } }, {}),
  fn({ action: 'simulate', payload: { roundId: '2021', profile: example('zhang-wei-2021') } }, { 'x-wx-openid': '!' }),
  fn({
    action: 'draft.save',
    requestId: 'bundle-0002',
    payload: { title: '草稿', profile: example('zhang-wei-2021') },
  }),
  fn({ action: 'draft.list' }),
  fn({ action: 'no.such.action' }),
  fn('{"action":'),
  { method: 'POST', path: '/fn/applicant', body: '{}', headers: { ...A, 'content-type': 'text/plain' } },
  { method: 'GET', path: '/fn/applicant', headers: A },
  { method: 'POST', path: '/fn/nobody', body: {}, headers: A },
  { method: 'POST', path: '/nowhere?x=1', body: {}, headers: A },
];

/** What must be equal: status, headers but the date, and the body's bytes. */
function comparable(r: Reply): { status: number; headers: Record<string, unknown>; text: string } {
  const { date: _date, ...headers } = r.headers;
  return { status: r.status, headers, text: r.text };
}

let dirs: string[] = [];
let clouds: LocalCloud[] = [];

afterEach(async () => {
  for (const c of clouds) await c.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  clouds = [];
  dirs = [];
});

async function start(starter: typeof startLocalCloud): Promise<LocalCloud> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
  dirs.push(dataDir);
  const cloud = await starter({ port: 0, dataDir, now: NOW, schedulerIntervalMs: 0 });
  clouds.push(cloud);
  return cloud;
}

describe('local cloud bundle', () => {
  it('should answer every request of a session byte for byte as the sources do', async () => {
    const bundled = await loadLocalCloud();
    const fromSources = await start(startLocalCloud);
    const fromBundle = await start(bundled.startLocalCloud);
    let scored = 0;
    for (const step of SESSION) {
      for (let i = 0; i < 2; i++) {
        const [a, b] = [fromSources, fromBundle].map((c) =>
          request(c.url, step.method, step.path, step.body, step.headers),
        );
        const [ra, rb] = [await a, await b] as [Reply, Reply];
        expect(comparable(rb)).toEqual(comparable(ra));
        if (ra.json?.data?.sheet) scored++;
      }
    }
    // The session did score (a refusal everywhere would compare equal too).
    expect(scored).toBeGreaterThanOrEqual(8);
  });

  it('should build in a child process, so the server’s process never loads the TypeScript compiler', () => {
    const script =
      "require('./scripts/local-cloud/bundle').loadLocalCloud().then((m) => console.log(typeof m.startLocalCloud, " +
      "Object.keys(require.cache).some((k) => k.includes('/node_modules/typescript/'))))";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(out.trim()).toBe('function false');
  });

  it('should write a build once, named by its content, and load the same module for the same sources', async () => {
    const first = await buildLocalCloud();
    const second = await buildLocalCloud();
    expect(second).toBe(first);
    expect(path.basename(first)).toMatch(/^server-[0-9a-f]{16}\.js$/);
    expect(fs.readFileSync(first, 'utf8')).not.toContain('__name(');
    expect(await loadLocalCloud()).toBe(await loadLocalCloud());
  });
});
