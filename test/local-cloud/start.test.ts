/**
 * `npm start` as a process: it prints where it listens, serves, and on SIGINT finishes, closes the store and exits 0
 * with the committed write on disk.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalCloud } from '../../scripts/local-cloud/server';
import { PRIVACY_NOTICE_VERSION } from '../../shared/contracts';
import { callFn } from './http';

const ROOT = path.resolve(__dirname, '..', '..');

/** Resolves with the URL the process prints once its banner is complete, or rejects with its output when it exits first. */
function waitForUrl(child: ChildProcess, output: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output.text += chunk.toString('utf8');
      const m = /本地云已启动：(http:\/\/127\.0\.0\.1:\d+)/.exec(output.text);
      // The start banner ends with the Ctrl-C hint.
      if (m && output.text.includes('按 Ctrl-C 停止')) resolve(m[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output.text += c.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output.text}`)));
  });
}

describe('npm start (local cloud process)', () => {
  it('should serve, then on SIGINT exit 0 without losing a committed write', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'start-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', '--no-build', '--quiet'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LOCAL_CLOUD_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    try {
      const url = await waitForUrl(child, output);
      expect(output.text).toContain('x-wx-openid');
      expect(output.text).toContain(path.join(dataDir, 'local-cloud.sqlite'));
      expect(output.text).toMatch(/curl -s http:\/\/127\.0\.0\.1:\d+\/fn\/applicant/);

      const consent = await callFn(
        url,
        'applicant',
        { action: 'privacy.accept', requestId: 'start-test-0000', payload: { version: PRIVACY_NOTICE_VERSION } },
        'person-a',
      );
      expect(consent.json.ok).toBe(true);
      const saved = await callFn(
        url,
        'applicant',
        { action: 'draft.save', requestId: 'start-test-0001', payload: { title: '进程测试', profile: {} } },
        'person-a',
      );
      expect(saved.json.ok).toBe(true);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output.text).toContain('本地云已关闭');

      const again = await startLocalCloud({ port: 0, dataDir });
      try {
        const list = await callFn(again.url, 'applicant', { action: 'draft.list' }, 'person-a');
        expect(list.json.data.drafts.map((d: { title: string }) => d.title)).toEqual(['进程测试']);
      } finally {
        await again.close();
      }
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});
