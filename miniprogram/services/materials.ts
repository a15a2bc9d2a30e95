/**
 * 申请材料: choosing a photo (camera or album) or a PDF, checking it on the client (type, size — the server checks
 * again, by the bytes), and the upload: `material.ticket` says where, the bytes go straight to storage (never
 * through a function's request body), `material.attach` has the server verify and attach them.
 *
 * Where the bytes go depends on the ticket: the local cloud takes an HTTP PUT to a signed URL; CloudBase takes
 * `wx.cloud.uploadFile({ cloudPath })`.
 */
import type { MaterialLinkRes, MaterialTicketRes, MaterialView } from '../../shared';
import { MATERIAL_MAX_BYTES, type MaterialMime } from '../../shared/core';
import { ApiError, call, errorText, newRequestId, type ReqOf } from './api';

/** A file the user picked. */
export interface PickedFile {
  /** Local temp path. */
  path: string;
  name: string;
  size: number;
  /** From the extension; null when not an accepted type. */
  mime: MaterialMime | null;
}

/** Where a material goes: a checklist line of an application, or an entrustment's letter / proof. */
export type MaterialTarget = ReqOf<'applicant', 'material.ticket'>['target'];

const EXT_MIME: Record<string, MaterialMime> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
};

/** The accepted type of a file name, by its extension. */
export function mimeOf(name: string): MaterialMime | null {
  const m = /\.([A-Za-z0-9]+)$/.exec(name);
  return m ? (EXT_MIME[m[1].toLowerCase()] ?? null) : null;
}

/** `1.2 MB`, `350 KB`. */
export function sizeText(bytes: number): string {
  // Rounded up: a file just over a limit never reads as exactly the limit.
  if (bytes >= 1024 * 1024) return `${(Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1)} MB`;
  return `${Math.max(1, Math.ceil(bytes / 1024))} KB`;
}

/** Why a picked file cannot be uploaded (same rules as the server's), or null. */
export function fileProblem(f: PickedFile): string | null {
  if (!f.mime) return `“${f.name}”不是 JPG、PNG 照片或 PDF 文件，不能上传`;
  if (f.size <= 0) return `“${f.name}”是空文件`;
  if (f.size > MATERIAL_MAX_BYTES) return `“${f.name}”有 ${sizeText(f.size)}，超过 10 MB，请压缩或分页后再传`;
  return null;
}

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1] || p;
}

/**
 * Whether a picked file's name is one a person could recognise: WeChat names photos after their temp file
 * (`tmp_7f3a9c0e2b1d.jpg`, `wx5a1b…jpg`), which says nothing about what the photo shows.
 */
export function isReadableName(name: string): boolean {
  const stem = name.replace(/\.[A-Za-z0-9]+$/, '');
  if (/[\u3400-\u9fff]/.test(stem)) return true;
  return !(/^(tmp|wx)[_A-Za-z0-9.-]*$/i.test(stem) || /^[A-Za-z0-9_.-]{16,}$/.test(stem));
}

/** A photo's name: its own when readable, else `<what it is for> 照片<n>.<ext>` (`文化程度 照片1.jpg`). */
export function photoName(picked: string, what: string, n: number): string {
  if (picked && isReadableName(picked)) return picked;
  const ext = /\.(jpe?g|png)$/i.exec(picked)?.[1]?.toLowerCase() ?? 'jpg';
  return `${what} 照片${n}.${ext}`;
}

/** The user cancelled a chooser: not an error to show. */
export class PickCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'PickCancelled';
  }
}

function isCancel(err: unknown): boolean {
  const msg = err && typeof err === 'object' && 'errMsg' in err ? String((err as { errMsg: unknown }).errMsg) : '';
  return /cancel/i.test(msg);
}

/** Photos from the camera or the album (WeChat asks which); `what` names photos whose own name is a temp file's. */
export function pickPhotos(max = 9, what = '材料'): Promise<PickedFile[]> {
  return new Promise((resolve, reject) => {
    wx.chooseMedia({
      count: max,
      mediaType: ['image'],
      sourceType: ['album', 'camera'],
      sizeType: ['compressed'],
      success: (res) =>
        resolve(
          res.tempFiles.map((f, i) => {
            const name = photoName(baseName(f.tempFilePath), what, i + 1);
            return { path: f.tempFilePath, name, size: f.size, mime: mimeOf(name) };
          }),
        ),
      fail: (err) =>
        reject(isCancel(err) ? new PickCancelled() : new ApiError('INVALID_INPUT', '无法读取照片，请重试')),
    });
  });
}

/** PDF files from a chat (the only place a mini program can pick documents from). */
export function pickPdfs(max = 9): Promise<PickedFile[]> {
  return new Promise((resolve, reject) => {
    wx.chooseMessageFile({
      count: max,
      type: 'file',
      extension: ['pdf'],
      success: (res) =>
        resolve(
          res.tempFiles.map((f) => ({
            path: f.path,
            name: f.name || baseName(f.path),
            size: f.size,
            mime: mimeOf(f.name || f.path),
          })),
        ),
      fail: (err) =>
        reject(isCancel(err) ? new PickCancelled() : new ApiError('INVALID_INPUT', '无法读取文件，请重试')),
    });
  });
}

function isArrayBuffer(x: unknown): x is ArrayBuffer {
  return Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

function readBytes(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({
      filePath,
      // Checked by tag, not instanceof: an ArrayBuffer from another realm (a web view, a test) is still one.
      success: (res) =>
        isArrayBuffer(res.data) ? resolve(res.data) : reject(new ApiError('INVALID_INPUT', '无法读取文件，请重新选择')),
      fail: () => reject(new ApiError('INVALID_INPUT', '无法读取文件，请重新选择')),
    });
  });
}

const UPLOAD_FAILED = '文件上传失败，请检查网络后重试';

/** The storage path a local PUT URL names (`…/files/<path>?exp=…&sig=…`): locally the file id is the path. */
export function localFileId(url: string): string {
  const m = /\/files\/([^?#]+)/.exec(url);
  if (!m) throw new ApiError('BAD_RESPONSE', '上传地址无法识别，请稍后再试');
  return decodeURIComponent(m[1]);
}

/** PUT the bytes to the local cloud's signed URL. */
function putLocal(url: string, file: PickedFile): Promise<string> {
  return readBytes(file.path).then(
    (data) =>
      new Promise<string>((resolve, reject) => {
        wx.request({
          url,
          method: 'PUT',
          data,
          header: { 'content-type': file.mime ?? 'application/octet-stream' },
          success: (res) => {
            if (res.statusCode >= 200 && res.statusCode < 300) resolve(uploadedId(res.data) ?? localFileId(url));
            else reject(new ApiError('INVALID_FILE', uploadRefusal(res.data)));
          },
          fail: () => reject(new ApiError('NETWORK', UPLOAD_FAILED)),
        });
      }),
  );
}

/** The file id the local cloud answers a PUT with (`{ ok: true, data: { fileId } }`), if it does. */
function uploadedId(body: unknown): string | null {
  const data = body && typeof body === 'object' ? (body as { data?: unknown }).data : undefined;
  const id = data && typeof data === 'object' ? (data as { fileId?: unknown }).fileId : undefined;
  return typeof id === 'string' && id ? id : null;
}

/** The Chinese message of a refused PUT (the local cloud answers with an envelope). */
function uploadRefusal(body: unknown): string {
  if (body && typeof body === 'object' && typeof (body as { message?: unknown }).message === 'string')
    return (body as { message: string }).message;
  return UPLOAD_FAILED;
}

/** `wx.cloud.uploadFile` to the ticket's cloud path; resolves with the file id CloudBase gives. */
function putCloud(cloudPath: string, file: PickedFile): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.cloud.uploadFile({
      cloudPath,
      filePath: file.path,
      success: (res) => resolve(res.fileID),
      fail: () => reject(new ApiError('NETWORK', UPLOAD_FAILED)),
    });
  });
}

/** Sends the bytes where the ticket says; resolves with the file id to attach. */
export function uploadBytes(upload: MaterialTicketRes['upload'], file: PickedFile): Promise<string> {
  return upload.kind === 'local' ? putLocal(upload.url, file) : putCloud(upload.cloudPath, file);
}

/**
 * The whole upload of one file: client check → ticket → bytes → attach. Each step's refusal is an ApiError with the
 * server's (or the client's) Chinese message. A new attempt gets new request ids: a retry after a failure starts over
 * with a new ticket, which is single-use anyway.
 */
export async function uploadMaterial(target: MaterialTarget, file: PickedFile): Promise<MaterialView> {
  const problem = fileProblem(file);
  if (problem || !file.mime) throw new ApiError('INVALID_FILE', problem ?? '文件类型不符合要求');
  const ticket = await call(
    'applicant',
    'material.ticket',
    { target, fileName: file.name, mime: file.mime, size: file.size },
    { requestId: newRequestId() },
  );
  const fileId = await uploadBytes(ticket.upload, file);
  return (
    await call('applicant', 'material.attach', { ticketId: ticket.ticketId, fileId }, { requestId: newRequestId() })
  ).material;
}

/** Removes a material (before submission, or during 补正). */
export async function removeMaterial(materialId: string, requestId: string): Promise<void> {
  await call('applicant', 'material.remove', { materialId }, { requestId });
}

/** A short-lived link to read a material. */
export async function materialLink(materialId: string): Promise<MaterialLinkRes> {
  return call('applicant', 'material.link', { materialId });
}

/** Shows a material from a short-lived link: images in the viewer, PDFs in the document viewer. */
export function openMaterialUrl(url: string, mime: string): Promise<void> {
  if (mime.startsWith('image/')) {
    return new Promise((resolve, reject) =>
      wx.previewImage({
        urls: [url],
        current: url,
        success: () => resolve(),
        fail: () => reject(new ApiError('NETWORK', '无法打开图片，请重试')),
      }),
    );
  }
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (res) => {
        if (res.statusCode < 200 || res.statusCode >= 300)
          return reject(new ApiError('NETWORK', '文件已过期或无法下载，请重新打开'));
        wx.openDocument({
          filePath: res.tempFilePath,
          fileType: 'pdf',
          showMenu: false,
          success: () => resolve(),
          fail: () => reject(new ApiError('NETWORK', '无法打开文件，请重试')),
        });
      },
      fail: () => reject(new ApiError('NETWORK', '无法下载文件，请检查网络后重试')),
    });
  });
}

/**
 * Picks files with `pick` and uploads them one after the other to `target`, telling `progress` which one is going up.
 * Null when nothing was uploaded (the person cancelled, or picking failed: `progress` was told why); otherwise the
 * refusals of the files that did not go up, in words (empty when all did).
 */
export async function pickAndUpload(
  target: MaterialTarget,
  pick: () => Promise<PickedFile[]>,
  progress: (op: { state: 'saving' | 'error'; message: string }) => void,
): Promise<string[] | null> {
  let files: PickedFile[];
  try {
    files = await pick();
  } catch (e) {
    if (!(e instanceof PickCancelled)) progress({ state: 'error', message: errorText(e) });
    return null;
  }
  const problems: string[] = [];
  for (let i = 0; i < files.length; i++) {
    progress({ state: 'saving', message: `正在上传 ${i + 1}/${files.length}：${files[i].name}` });
    try {
      await uploadMaterial(target, files[i]);
    } catch (e) {
      problems.push(errorText(e));
    }
  }
  return problems;
}
