/**
 * Private file storage for materials. Uploads never go through a function's request body: a ticket names where the
 * client uploads (a signed PUT URL on the local cloud, a `cloudPath` for `wx.cloud.uploadFile` in CloudBase), the
 * function then reads the stored bytes back to check them, and only short-lived links let anyone read a file.
 *
 * Materials are immutable once attached: every ticket names a fresh path that is written once, `material.attach`
 * checks the bytes and then seals them ({@link FileStorage.seal}) where no client can write, and every link is handed
 * out only after the stored bytes are checked against the SHA-256 recorded at attach.
 */

/** Where the client sends the bytes of one upload (the `upload` of `material.ticket`). */
export type UploadTarget = { kind: 'local'; url: string } | { kind: 'cloud'; cloudPath: string };

/** The storage the functions use (Deps.files). */
export interface FileStorage {
  /** `local` (folder served by the local cloud) or `cloud` (CloudBase storage). */
  readonly kind: 'local' | 'cloud';
  /** Where to upload a file that must end up at `path` (chosen by the server), valid until `expiresAt`. */
  uploadTarget(path: string, expiresAt: Date): UploadTarget;
  /**
   * The storage id of an upload the client reports (`fileId`, e.g. CloudBase's `cloud://…/<path>`) when it names the
   * file at `path`; null when it names anything else.
   */
  resolve(path: string, fileId: string): string | null;
  /** The stored bytes, at most `maxBytes + 1` of them (enough to tell a file that is too big); null when missing. */
  read(fileId: string, maxBytes: number): Promise<Buffer | null>;
  /**
   * Makes the checked upload `fileId` (whose bytes are `bytes`, SHA-256 `sha256`) immutable and durable before the
   * attach is acknowledged; returns the storage id of the sealed file (the one the material record keeps).
   */
  seal(fileId: string, bytes: Buffer, sha256: string): Promise<string>;
  /**
   * A link that reads the file until `expiresAt` (callers keep it ≤ 10 minutes), handed out only when the stored
   * bytes still hash to `sha256`; throws {@link SealBrokenError} when they do not (or the file is gone).
   */
  link(fileId: string, expiresAt: Date, sha256: string): Promise<string>;
  /**
   * Stores bytes the server made itself (a generated document) at `path`, where no client can write, durably before
   * it resolves; returns the storage id. Storing the same bytes at the same path again is not an error.
   */
  saveGenerated(path: string, bytes: Buffer): Promise<string>;
}

/** The stored bytes of a sealed material no longer match the SHA-256 recorded at attach (or are missing). */
export class SealBrokenError extends Error {
  constructor(readonly fileId: string) {
    super('stored file does not match its recorded sha256');
    this.name = 'SealBrokenError';
  }
}

/** How long an upload that was never attached (and a `*.part` of a broken upload) is kept: one day. */
export const UNATTACHED_FILE_TTL_MS = 24 * 60 * 60 * 1000;

/** Longest life of a read link (`material.link`). */
export const LINK_TTL_MS = 10 * 60 * 1000;
/** Life of an upload ticket. */
export const TICKET_TTL_MS = 15 * 60 * 1000;
