/**
 * The local cloud's file storage: files in a folder (`.data/files/`), uploads by an HMAC-signed PUT URL and reads
 * by an HMAC-signed GET URL, both served by the local cloud (scripts/local-cloud/files.ts) and both expiring.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'crypto';
import fs from 'fs';
import path from 'path';
import type { FileStorage, UploadTarget } from './types';

/** A storage path: slash-separated segments of letters, digits, `_`, `-`, `.` (no `..`, no leading slash). */
const PATH_RE = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** True when `p` is a storage path the local storage accepts. */
export function isStoragePath(p: string): boolean {
  return p.length <= 300 && PATH_RE.test(p);
}

/** The local storage: the {@link FileStorage} plus what the local cloud's file routes need. */
export interface LocalFileStorage extends FileStorage {
  readonly kind: 'local';
  /** The folder holding the files. */
  readonly root: string;
  /** Whether a signed request (`op` PUT or GET on `path`, expiring at `exp` ms) is genuine and not expired at `now`. */
  verify(op: 'PUT' | 'GET', path: string, exp: string | null, sig: string | null, now: Date): boolean;
  /** Stores bytes at `path` (replacing a previous upload of the same ticket). */
  write(path: string, bytes: Buffer): Promise<void>;
}

/** Options of {@link createLocalFileStorage}. */
export interface LocalFileStorageOptions {
  /** Folder for the files (created when needed). */
  root: string;
  /** The local cloud's address, e.g. `http://127.0.0.1:8787` (a function when the port is known only later). */
  baseUrl: string | (() => string);
  /** HMAC key; default a random one per process (links then die with the process, which is fine locally). */
  secret?: Buffer | string;
}

function sign(secret: Buffer, op: string, p: string, exp: string): string {
  return createHmac('sha256', secret).update(`${op}\n${p}\n${exp}`).digest('base64url');
}

/** Creates the local storage. */
export function createLocalFileStorage(opts: LocalFileStorageOptions): LocalFileStorage {
  const root = path.resolve(opts.root);
  const secret = opts.secret === undefined ? randomBytes(32) : Buffer.from(opts.secret);
  const base = (): string => (typeof opts.baseUrl === 'function' ? opts.baseUrl() : opts.baseUrl).replace(/\/+$/, '');
  const fileOf = (p: string): string => {
    if (!isStoragePath(p)) throw new Error('invalid storage path');
    return path.join(root, ...p.split('/'));
  };
  const url = (op: 'PUT' | 'GET', p: string, expiresAt: Date): string => {
    if (!isStoragePath(p)) throw new Error('invalid storage path');
    const exp = String(expiresAt.getTime());
    return `${base()}/files/${p}?exp=${exp}&sig=${sign(secret, op, p, exp)}`;
  };

  return {
    kind: 'local',
    root,
    uploadTarget(p: string, expiresAt: Date): UploadTarget {
      return { kind: 'local', url: url('PUT', p, expiresAt) };
    },
    resolve(p: string, fileId: string): string | null {
      // Locally the file id is the path itself: the client echoes the ticket's path.
      return isStoragePath(p) && fileId === p ? p : null;
    },
    async read(fileId: string, maxBytes: number): Promise<Buffer | null> {
      if (!isStoragePath(fileId)) return null;
      let fh: fs.promises.FileHandle;
      try {
        fh = await fs.promises.open(fileOf(fileId), 'r');
      } catch {
        return null;
      }
      try {
        const buf = Buffer.alloc(maxBytes + 1);
        let off = 0;
        while (off < buf.length) {
          const { bytesRead } = await fh.read(buf, off, buf.length - off, off);
          if (bytesRead === 0) break;
          off += bytesRead;
        }
        return buf.subarray(0, off);
      } finally {
        await fh.close();
      }
    },
    async link(fileId: string, expiresAt: Date): Promise<string> {
      return url('GET', fileId, expiresAt);
    },
    verify(op, p, exp, sig, now) {
      if (!exp || !sig || !/^\d{1,15}$/.test(exp) || !isStoragePath(p)) return false;
      if (Number(exp) < now.getTime()) return false;
      const want = Buffer.from(sign(secret, op, p, exp));
      const got = Buffer.from(sig);
      return want.length === got.length && timingSafeEqual(want, got);
    },
    async write(p: string, bytes: Buffer): Promise<void> {
      const file = fileOf(p);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a reader never sees half a file.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.part`;
      await fs.promises.writeFile(tmp, bytes);
      await fs.promises.rename(tmp, file);
    },
  };
}
