/**
 * The local cloud's file routes, standing in for CloudBase storage (materials):
 *
 *   PUT /files/<path>?exp=…&sig=…   the bytes of one upload, to the path a `material.ticket` named (≤ 10 MB)
 *   GET /files/<path>?exp=…&sig=…   a file, through a link `material.link` handed out (≤ 10 minutes)
 *
 * Both URLs are HMAC-signed by the local FileStorage (cloudfunctions/_core/files/local.ts) for one method, one path and
 * an expiry; anything else is refused with 403, so materials stay private to those the functions allow. A path takes
 * one upload: a second PUT (the same ticket replayed, or after attach sealed the file) is refused with 409.
 */
import type http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { MATERIAL_MAX_BYTES } from '../../shared/application';
import { fail, ok, type Envelope } from '../../shared/contracts';
import {
  createLocalFileStorage,
  sniffMime,
  StoredOnceError,
  type LocalFileStorage,
} from '../../cloudfunctions/_core/files';

/** The folder of uploaded files inside the local cloud's data folder. */
export const FILES_DIR = 'files';
/** The key that signs upload and read links, beside the files (created once, mode 0600), so links outlive a restart. */
export const SIGNING_KEY_FILE = 'file-signing.key';

/** The local storage of a data folder, its links pointing at the local cloud's address (known once it listens). */
export function localFileStorage(dataDir: string, baseUrl: () => string): LocalFileStorage {
  const dir = path.resolve(dataDir);
  return createLocalFileStorage({
    root: path.join(dir, FILES_DIR),
    baseUrl,
    keyFile: path.join(dir, SIGNING_KEY_FILE),
  });
}

/** The refusal of a second upload to a path (every upload path is written once). */
function storedOnce(sealed: boolean): Envelope<unknown> {
  return sealed
    ? fail('CONFLICT', '这份材料已经提交核验，不能替换；如需更换，请删除后重新上传')
    : fail('CONFLICT', '这个上传地址已经用过，不能再次上传；请重新选择文件上传');
}

function sendJson(res: http.ServerResponse, status: number, body: Envelope<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** Reads at most `limit` bytes; null when the body is larger (the rest is not kept). */
function readLimited(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      resolve(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/**
 * Answers a request under `/files/` and returns true; returns false for any other path. `now` is the local cloud's
 * clock (the same the functions use), so tests can move past a link's expiry.
 */
export async function handleFileRequest(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  storage: LocalFileStorage,
  now: () => Date,
): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://local');
  if (!url.pathname.startsWith('/files/')) return false;
  const p = url.pathname.slice('/files/'.length);
  const exp = url.searchParams.get('exp');
  const sig = url.searchParams.get('sig');

  if (req.method === 'PUT') {
    if (!storage.verify('PUT', p, exp, sig, now())) {
      req.resume();
      sendJson(res, 403, fail('FORBIDDEN', '上传地址无效或已过期，请重新上传'));
      return true;
    }
    const already = await storage.stored(p);
    if (already) {
      req.resume();
      sendJson(res, 409, storedOnce(already.sealed));
      return true;
    }
    const body = await readLimited(req, MATERIAL_MAX_BYTES);
    if (body === null) {
      res.setHeader('connection', 'close');
      sendJson(res, 413, fail('INVALID_FILE', '文件不能超过 10 MB'));
      return true;
    }
    try {
      // Answers 200 only once the bytes and their folder are on disk (write fsyncs both).
      await storage.write(p, body);
    } catch (e) {
      if (!(e instanceof StoredOnceError)) throw e;
      sendJson(res, 409, storedOnce(e.sealed)); // a racing upload to the same path won
      return true;
    }
    sendJson(res, 200, ok({ fileId: p, size: body.length }));
    return true;
  }

  if (req.method === 'GET' || req.method === 'HEAD') {
    if (!storage.verify('GET', p, exp, sig, now())) {
      sendJson(res, 403, fail('FORBIDDEN', '链接无效或已过期，请重新打开材料'));
      return true;
    }
    let bytes: Buffer;
    try {
      bytes = await fs.promises.readFile(path.join(storage.root, ...p.split('/')));
    } catch {
      sendJson(res, 404, fail('NOT_FOUND', '文件不存在'));
      return true;
    }
    res.writeHead(200, {
      'content-type': sniffMime(bytes) ?? 'application/octet-stream',
      'content-length': bytes.length,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-disposition': 'inline',
    });
    res.end(req.method === 'HEAD' ? undefined : bytes);
    return true;
  }

  res.setHeader('allow', 'GET, HEAD, PUT');
  sendJson(res, 405, fail('BAD_REQUEST', '文件地址只接受 GET 或 PUT'));
  return true;
}
