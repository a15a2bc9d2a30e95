/**
 * An in-memory CloudBase storage bucket for tests: the server SDK's calls the CloudBase file storage uses, and the
 * client's `wx.cloud.uploadFile` under the deployed storage rule (`resource.openid == auth.openid`: a client may
 * create a file, and overwrite only a file it created; the server SDK is not bound by the rule).
 */
import type { CloudStorageLike } from '../../cloudfunctions/_core/files';

/** One stored object: its bytes and the openid of its creator (null: written by the server SDK). */
export interface FakeObject {
  bytes: Buffer;
  openid: string | null;
}

/** The bucket, its server-side API (`server`) and the client's upload. */
export class FakeCloudBucket {
  /** Objects by cloudPath. */
  readonly objects = new Map<string, FakeObject>();
  /** Server calls made, in order (`uploadFile <path>`, `deleteFile <path>`, …). */
  readonly calls: string[] = [];
  constructor(readonly env = 'prod-1a2b.7072-prod-1a2b-1300000000') {}

  /** The fileID CloudBase answers for a path. */
  fileIdOf(cloudPath: string): string {
    return `cloud://${this.env}/${cloudPath}`;
  }

  private pathOf(fileID: string): string {
    const prefix = `cloud://${this.env}/`;
    if (!fileID.startsWith(prefix)) throw new Error('STORAGE_FILE_NONEXIST');
    return fileID.slice(prefix.length);
  }

  /** `wx.cloud.uploadFile` by `openid`: refused (as the rule refuses) when the path holds another creator's file. */
  clientUpload(openid: string, cloudPath: string, bytes: Buffer): { fileID: string } {
    const existing = this.objects.get(cloudPath);
    if (existing && existing.openid !== openid) throw new Error('permission denied by storage rule');
    this.objects.set(cloudPath, { bytes: Buffer.from(bytes), openid });
    return { fileID: this.fileIdOf(cloudPath) };
  }

  /** The server SDK over this bucket. */
  readonly server: CloudStorageLike = {
    downloadFile: async ({ fileID }) => {
      this.calls.push(`downloadFile ${fileID}`);
      const o = this.objects.get(this.pathOf(fileID));
      if (!o) throw new Error('STORAGE_FILE_NONEXIST');
      return { fileContent: Buffer.from(o.bytes) };
    },
    getTempFileURL: async ({ fileList }) => {
      this.calls.push(`getTempFileURL ${fileList.map((f) => f.fileID).join(',')}`);
      return {
        fileList: fileList.map((f) => {
          const exists = this.objects.has(this.pathOf(f.fileID));
          return {
            fileID: f.fileID,
            tempFileURL: exists ? `https://tmp.example/${this.pathOf(f.fileID)}?maxAge=${f.maxAge}` : '',
            status: exists ? 0 : 1,
          };
        }),
      };
    },
    uploadFile: async ({ cloudPath, fileContent }) => {
      this.calls.push(`uploadFile ${cloudPath}`);
      this.objects.set(cloudPath, { bytes: Buffer.from(fileContent), openid: null });
      return { fileID: this.fileIdOf(cloudPath) };
    },
    deleteFile: async ({ fileList }) => {
      this.calls.push(`deleteFile ${fileList.join(',')}`);
      return { fileList: fileList.map((id) => ({ fileID: id, status: this.objects.delete(this.pathOf(id)) ? 0 : 1 })) };
    },
  };
}
