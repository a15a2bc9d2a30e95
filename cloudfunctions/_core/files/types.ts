/**
 * Private file storage for materials. Uploads never go through a function's request body: a ticket names where the
 * client uploads (a signed PUT URL on the local cloud, a `cloudPath` for `wx.cloud.uploadFile` in CloudBase), the
 * function then reads the stored bytes back to check them, and only short-lived links let anyone read a file.
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
  /** A link that reads the file until `expiresAt` (callers keep it ≤ 10 minutes). */
  link(fileId: string, expiresAt: Date): Promise<string>;
}

/** Longest life of a read link (`material.link`). */
export const LINK_TTL_MS = 10 * 60 * 1000;
/** Life of an upload ticket. */
export const TICKET_TTL_MS = 15 * 60 * 1000;
