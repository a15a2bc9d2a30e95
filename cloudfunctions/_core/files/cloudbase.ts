/**
 * CloudBase storage (production): the client uploads with `wx.cloud.uploadFile({ cloudPath })` to the path the
 * ticket names; the function downloads the file to check it and hands out `getTempFileURL` links with a `maxAge`.
 * Storage rules must keep files private to the functions (deploy/README.md).
 */
import type { FileStorage, UploadTarget } from './types';
import { isStoragePath } from './local';

/** The part of wx-server-sdk's `cloud` the storage uses. */
export interface CloudStorageLike {
  downloadFile(options: { fileID: string }): Promise<{ fileContent: Buffer }>;
  getTempFileURL(options: { fileList: { fileID: string; maxAge: number }[] }): Promise<{
    fileList: { fileID: string; tempFileURL: string; status: number; errMsg?: string }[];
  }>;
}

/** Creates the CloudBase storage over `cloud` (wx-server-sdk after `cloud.init`). */
export function createCloudFileStorage(cloud: CloudStorageLike): FileStorage {
  return {
    kind: 'cloud',
    uploadTarget(p: string): UploadTarget {
      if (!isStoragePath(p)) throw new Error('invalid storage path');
      return { kind: 'cloud', cloudPath: p };
    },
    resolve(p: string, fileId: string): string | null {
      // uploadFile answers `cloud://<env>.<bucket>/<cloudPath>`: the same path in this environment's bucket.
      const m = /^cloud:\/\/[A-Za-z0-9._-]+\/(.+)$/.exec(fileId);
      return m && m[1] === p && isStoragePath(p) ? fileId : null;
    },
    async read(fileId: string, maxBytes: number): Promise<Buffer | null> {
      try {
        const { fileContent } = await cloud.downloadFile({ fileID: fileId });
        return fileContent.length > maxBytes ? fileContent.subarray(0, maxBytes + 1) : fileContent;
      } catch {
        return null; // missing or unreadable: the caller refuses the upload as INVALID_FILE
      }
    },
    async link(fileId: string, expiresAt: Date): Promise<string> {
      const maxAge = Math.max(1, Math.floor((expiresAt.getTime() - Date.now()) / 1000));
      const { fileList } = await cloud.getTempFileURL({ fileList: [{ fileID: fileId, maxAge }] });
      const f = fileList[0];
      if (!f || f.status !== 0 || !f.tempFileURL) throw new Error('getTempFileURL failed');
      return f.tempFileURL;
    },
  };
}
