/**
 * CloudBase storage (production): the client uploads with `wx.cloud.uploadFile({ cloudPath })` to the path the
 * ticket names; the function downloads the file to check it and hands out `getTempFileURL` links with a `maxAge`.
 * Storage rules must keep files private to the functions (deploy/README.md).
 *
 * Sealing: the storage rule lets a client overwrite files it created, so an upload stays writable by its uploader.
 * `seal` therefore writes the checked bytes themselves (not the upload, which could change meanwhile) under
 * `sealed/<cloudPath>` with the server SDK, a file whose creator is no client, and deletes the upload; the material
 * keeps the sealed file id with its SHA-256, and `link` downloads the file and compares the hash before every link.
 */
import { createHash } from 'crypto';
import { SealBrokenError, type FileStorage, type UploadTarget } from './types';
import { isStoragePath } from './local';

/** The folder of sealed materials: written only by the functions. */
export const SEALED_PREFIX = 'sealed/';

/** The part of wx-server-sdk's `cloud` the storage uses. */
export interface CloudStorageLike {
  downloadFile(options: { fileID: string }): Promise<{ fileContent: Buffer }>;
  getTempFileURL(options: { fileList: { fileID: string; maxAge: number }[] }): Promise<{
    fileList: { fileID: string; tempFileURL: string; status: number; errMsg?: string }[];
  }>;
  uploadFile(options: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>;
  deleteFile(options: {
    fileList: string[];
  }): Promise<{ fileList: { fileID: string; status: number; errMsg?: string }[] }>;
}

const FILE_ID_RE = /^cloud:\/\/[A-Za-z0-9._-]+\/(.+)$/;

/** Creates the CloudBase storage over `cloud` (wx-server-sdk after `cloud.init`). */
export function createCloudFileStorage(cloud: CloudStorageLike): FileStorage {
  const download = async (fileId: string): Promise<Buffer | null> => {
    try {
      return (await cloud.downloadFile({ fileID: fileId })).fileContent;
    } catch {
      return null;
    }
  };
  return {
    kind: 'cloud',
    uploadTarget(p: string): UploadTarget {
      if (!isStoragePath(p) || p.startsWith(SEALED_PREFIX)) throw new Error('invalid storage path');
      return { kind: 'cloud', cloudPath: p };
    },
    resolve(p: string, fileId: string): string | null {
      // uploadFile answers `cloud://<env>.<bucket>/<cloudPath>`: the same path in this environment's bucket.
      const m = FILE_ID_RE.exec(fileId);
      return m && m[1] === p && isStoragePath(p) && !p.startsWith(SEALED_PREFIX) ? fileId : null;
    },
    async read(fileId: string, maxBytes: number): Promise<Buffer | null> {
      const fileContent = await download(fileId);
      // missing or unreadable: the caller refuses the upload as INVALID_FILE
      if (!fileContent) return null;
      return fileContent.length > maxBytes ? fileContent.subarray(0, maxBytes + 1) : fileContent;
    },
    async seal(fileId: string, bytes: Buffer, sha256: string): Promise<string> {
      const m = FILE_ID_RE.exec(fileId);
      if (!m || !m[1]) throw new Error('not a CloudBase file id');
      if (createHash('sha256').update(bytes).digest('hex') !== sha256) throw new SealBrokenError(fileId);
      const { fileID } = await cloud.uploadFile({ cloudPath: `${SEALED_PREFIX}${m[1]}`, fileContent: bytes });
      if (!fileID) throw new Error('uploadFile returned no fileID');
      // The upload itself is no longer needed (and stays writable by its uploader): remove it. A failure here
      // leaves only an unused file behind, never a writable material.
      await cloud.deleteFile({ fileList: [fileId] }).catch(() => undefined);
      return fileID;
    },
    async saveGenerated(p: string, bytes: Buffer): Promise<string> {
      if (!isStoragePath(p)) throw new Error('invalid storage path');
      // Under sealed/: written by the server SDK, so no client (the storage rule's creator) may overwrite it.
      const { fileID } = await cloud.uploadFile({ cloudPath: `${SEALED_PREFIX}${p}`, fileContent: bytes });
      if (!fileID) throw new Error('uploadFile returned no fileID');
      return fileID;
    },
    async link(fileId: string, expiresAt: Date, sha256: string): Promise<string> {
      const bytes = await download(fileId);
      if (!bytes || createHash('sha256').update(bytes).digest('hex') !== sha256) throw new SealBrokenError(fileId);
      const maxAge = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
      const { fileList } = await cloud.getTempFileURL({ fileList: [{ fileID: fileId, maxAge }] });
      const f = fileList[0];
      if (!f || f.status !== 0 || !f.tempFileURL) throw new Error('getTempFileURL failed');
      return f.tempFileURL;
    },
  };
}
