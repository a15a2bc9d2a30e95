/**
 * The local cloud's file storage: files in a folder (`.data/files/`), uploads by an HMAC-signed PUT URL and reads
 * by an HMAC-signed GET URL, both served by the local cloud (scripts/local-cloud/files.ts) and both expiring.
 *
 * Immutable and durable: a path is written once (a second write is refused, whoever signs it), every write is
 * fsynced with its folder before it is acknowledged, and `seal` turns an attached upload read-only (mode 0444) so the
 * periodic `sweep` can tell it from an upload that was never attached (mode 0600). The signing key lives in the data
 * folder (`keyFile`), so links survive a restart until they expire.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';
import fs from 'fs';
import path from 'path';
import { SealBrokenError, UNATTACHED_FILE_TTL_MS, type FileStorage, type UploadTarget } from './types';

/** A storage path: slash-separated segments of letters, digits, `_`, `-`, `.` (no `..`, no leading slash). */
const PATH_RE = /^(?!.*\.\.)[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

/** Mode of an upload not yet attached (owner read/write) and of a sealed one (read-only for everyone). */
const OPEN_MODE = 0o600;
const SEALED_MODE = 0o444;
/** Bytes of a signing key. */
const KEY_BYTES = 32;

/** True when `p` is a storage path the local storage accepts. */
export function isStoragePath(p: string): boolean {
  return p.length <= 300 && PATH_RE.test(p);
}

/** A second write to a path that already holds a file (uploads are written once; `sealed`: attached already). */
export class StoredOnceError extends Error {
  constructor(
    readonly path: string,
    readonly sealed: boolean,
  ) {
    super(`storage path already written: ${path}`);
    this.name = 'StoredOnceError';
  }
}

/** What one {@link LocalFileStorage.sweep} removed. */
export interface SweepResult {
  /** Leftovers of uploads that broke off mid-write (`*.part`). */
  parts: number;
  /** Uploads never attached (never sealed). */
  unattached: number;
}

/** The local storage: the {@link FileStorage} plus what the local cloud's file routes need. */
export interface LocalFileStorage extends FileStorage {
  readonly kind: 'local';
  /** The folder holding the files. */
  readonly root: string;
  /** Whether a signed request (`op` PUT or GET on `path`, expiring at `exp` ms) is genuine and not expired at `now`. */
  verify(op: 'PUT' | 'GET', path: string, exp: string | null, sig: string | null, now: Date): boolean;
  /** Whether `path` holds a file already, and whether it is sealed; null when empty. */
  stored(path: string): Promise<{ sealed: boolean } | null>;
  /**
   * Stores bytes at `path`, durably (file and folder fsynced) before it resolves. A path is written once: a second
   * write rejects with {@link StoredOnceError} and leaves the first file as it was.
   */
  write(path: string, bytes: Buffer): Promise<void>;
  /**
   * Removes `*.part` files and never-attached uploads last modified at least `ttlMs` (default
   * {@link UNATTACHED_FILE_TTL_MS}) before `now`. Sealed files are never removed.
   */
  sweep(now: Date, ttlMs?: number): Promise<SweepResult>;
}

/** Options of {@link createLocalFileStorage}. */
export interface LocalFileStorageOptions {
  /** Folder for the files (created when needed). */
  root: string;
  /** The local cloud's address, e.g. `http://127.0.0.1:8787` (a function when the port is known only later). */
  baseUrl: string | (() => string);
  /** HMAC key. Give this or `keyFile`; with neither, a random key per process (links die with it: tests only). */
  secret?: Buffer | string;
  /** File holding the HMAC key, created once (mode 0600) when missing, so links survive restarts. */
  keyFile?: string;
}

function sign(secret: Buffer, op: string, p: string, exp: string): string {
  return createHmac('sha256', secret).update(`${op}\n${p}\n${exp}`).digest('base64url');
}

/** fsync of a folder, so a file's name (a create, a rename, a link) survives a power cut as well as its bytes. */
async function fsyncDir(dir: string): Promise<void> {
  const fh = await fs.promises.open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function fsyncDirSync(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** mkdir -p whose new folders are durable too (each new folder's parent is fsynced). */
async function mkdirDurable(dir: string): Promise<void> {
  const first = await fs.promises.mkdir(dir, { recursive: true });
  if (first === undefined) return; // existed already
  // `first` is the topmost folder created: fsync its parent and every folder created below it.
  for (let d = dir; ; d = path.dirname(d)) {
    await fsyncDir(path.dirname(d));
    if (d === first || path.dirname(d) === d) break;
  }
}

/**
 * The key in `file`, creating it once (random, mode 0600, fsynced with its folder) when missing; a key file readable
 * by others is narrowed to 0600.
 */
export function loadOrCreateKey(file: string): Buffer {
  const read = (): Buffer => {
    const key = fs.readFileSync(file);
    if (key.length < KEY_BYTES) throw new Error(`signing key file ${file} is damaged (${key.length} bytes)`);
    if ((fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
    return key;
  };
  if (fs.existsSync(file)) return read();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return read(); // another process created it just now
    throw e;
  }
  const key = randomBytes(KEY_BYTES);
  try {
    fs.writeSync(fd, key);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fsyncDirSync(path.dirname(file));
  return key;
}

/** Creates the local storage. */
export function createLocalFileStorage(opts: LocalFileStorageOptions): LocalFileStorage {
  const root = path.resolve(opts.root);
  const secret =
    opts.secret !== undefined
      ? Buffer.from(opts.secret)
      : opts.keyFile
        ? loadOrCreateKey(opts.keyFile)
        : randomBytes(KEY_BYTES);
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
  const stored = async (p: string): Promise<{ sealed: boolean } | null> => {
    try {
      const st = await fs.promises.stat(fileOf(p));
      return { sealed: (st.mode & 0o222) === 0 };
    } catch {
      return null;
    }
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
    async seal(fileId: string, bytes: Buffer, sha256: string): Promise<string> {
      const file = fileOf(fileId);
      // The path is written once, so the checked bytes are the stored ones; say so rather than assume it.
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new SealBrokenError(fileId);
      await fs.promises.chmod(file, SEALED_MODE);
      const fh = await fs.promises.open(file, 'r');
      try {
        await fh.sync(); // the new mode (the seal) is the inode's: its fsync makes it durable (the name already is)
      } finally {
        await fh.close();
      }
      return fileId;
    },
    async saveGenerated(p: string, bytes: Buffer): Promise<string> {
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      try {
        await this.write(p, bytes);
      } catch (e) {
        if (!(e instanceof StoredOnceError)) throw e;
        // Written before (a retry): the same bytes are fine, other bytes at a generated path are a bug upstream.
        const prior = await fs.promises.readFile(fileOf(p));
        if (createHash('sha256').update(prior).digest('hex') !== sha256) throw e;
        return p;
      }
      return this.seal(p, bytes, sha256);
    },
    async link(fileId: string, expiresAt: Date, sha256: string): Promise<string> {
      let bytes: Buffer;
      try {
        bytes = await fs.promises.readFile(fileOf(fileId));
      } catch {
        throw new SealBrokenError(fileId);
      }
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new SealBrokenError(fileId);
      return url('GET', fileId, expiresAt);
    },
    verify(op, p, exp, sig, now) {
      if (!exp || !sig || !/^\d{1,15}$/.test(exp) || !isStoragePath(p)) return false;
      if (Number(exp) < now.getTime()) return false;
      const want = Buffer.from(sign(secret, op, p, exp));
      const got = Buffer.from(sig);
      return want.length === got.length && timingSafeEqual(want, got);
    },
    stored,
    async write(p: string, bytes: Buffer): Promise<void> {
      const file = fileOf(p);
      const already = await stored(p);
      if (already) throw new StoredOnceError(p, already.sealed);
      const dir = path.dirname(file);
      await mkdirDurable(dir);
      // Write a private temporary file, fsync it, then link it to its name: link (unlike rename) never replaces a
      // file, so two racing writes of one path leave the first one, and a reader never sees half a file.
      const tmp = `${file}.${randomBytes(6).toString('hex')}.part`;
      try {
        const fh = await fs.promises.open(tmp, 'wx', OPEN_MODE);
        try {
          await fh.writeFile(bytes);
          await fh.sync();
        } finally {
          await fh.close();
        }
        try {
          await fs.promises.link(tmp, file);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST')
            throw new StoredOnceError(p, (await stored(p))?.sealed ?? false);
          throw e;
        }
      } finally {
        await fs.promises.unlink(tmp).catch(() => undefined);
      }
      await fsyncDir(dir);
    },
    async sweep(now: Date, ttlMs = UNATTACHED_FILE_TTL_MS): Promise<SweepResult> {
      const result: SweepResult = { parts: 0, unattached: 0 };
      const cutoff = now.getTime() - ttlMs;
      const walk = async (dir: string): Promise<void> => {
        let entries: fs.Dirent[];
        try {
          entries = await fs.promises.readdir(dir, { withFileTypes: true });
        } catch {
          return; // no folder yet, or removed meanwhile
        }
        let removed = false;
        for (const ent of entries) {
          const full = path.join(dir, ent.name);
          if (ent.isDirectory()) {
            await walk(full);
            continue;
          }
          if (!ent.isFile()) continue;
          const st = await fs.promises.stat(full).catch(() => null);
          if (!st || st.mtimeMs > cutoff) continue;
          const part = ent.name.endsWith('.part');
          // Only an upload written by `write` and never sealed (exactly 0600): anything else (sealed, or a file from
          // before uploads were sealed) is kept.
          if (!part && (st.mode & 0o777) !== OPEN_MODE) continue;
          await fs.promises.unlink(full).catch(() => undefined);
          removed = true;
          if (part) result.parts++;
          else result.unattached++;
        }
        if (removed) await fsyncDir(dir);
      };
      await walk(root);
      return result;
    },
  };
}
