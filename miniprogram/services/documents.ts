/**
 * 积分有效凭证 (documents function): printing the voucher of a confirmed case — issue, download, open with WeChat's
 * document viewer and its menu (save, forward, print) — and 凭证核验 by typed number and code or by scanning the QR code.
 */
import type { NoticeGetRes, VoucherChecksRes, VoucherIssueRes, VoucherVerifyRes } from '../../shared';
import { parseVerifyPath, parseVerifyScene, type VerifyTarget } from '../../shared/core';
import { ApiError, call } from './api';

/** Why a download or a scan failed, in Chinese (client-side failures, beside the server's refusals). */
export const DOCUMENT_MESSAGES = {
  download: '凭证下载失败，请检查网络后重试',
  open: '无法打开凭证文件，请稍后重试',
  scan: '没有识别出凭证二维码，请对准凭证右下角的二维码，或手动输入凭证编号和核验码',
} as const;

/** Downloads a short-lived link to a temporary file. */
function download(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (r) =>
        r.statusCode === 200 ? resolve(r.tempFilePath) : reject(new ApiError('NETWORK', DOCUMENT_MESSAGES.download)),
      fail: () => reject(new ApiError('NETWORK', DOCUMENT_MESSAGES.download)),
    });
  });
}

/** Opens a downloaded PDF with the menu to save, forward or print it. */
function open(filePath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.openDocument({
      filePath,
      fileType: 'pdf',
      showMenu: true,
      success: () => resolve(),
      fail: () => reject(new ApiError('NETWORK', DOCUMENT_MESSAGES.open)),
    });
  });
}

/** 打印积分凭证: issues (or issues again) the case's voucher, downloads it and opens it. Rejects with an ApiError. */
export async function printVoucher(applicationId: string, requestId: string): Promise<VoucherIssueRes> {
  const res = await call('documents', 'voucher.issue', { applicationId }, { requestId });
  await open(await download(res.url));
  return res;
}

/**
 * 查看准入通知书: the 《积分落户准入通知书》 of the case's settlement application (rendered on the first call), downloaded
 * and opened like the voucher. Rejects with an ApiError.
 */
export async function openNotice(applicationId: string, requestId: string): Promise<NoticeGetRes> {
  const res = await call('documents', 'notice.get', { applicationId }, { requestId });
  await open(await download(res.url));
  return res;
}

/** 凭证核验 of a number and code as typed or scanned. */
export async function verifyVoucher(no: string, code: string): Promise<VoucherVerifyRes> {
  return call('documents', 'voucher.verify', { no, code });
}

/**
 * What a scanned code says: a plain QR code carries the verify path; a mini program code opens the page with a
 * `scene` (wx.scanCode reports its `path`, `…?scene=…`). Null when it is neither.
 */
export function targetOfScan(res: { result?: string; path?: string }): VerifyTarget | null {
  for (const text of [res.path, res.result]) {
    if (!text) continue;
    const direct = parseVerifyPath(text);
    if (direct) return direct;
    const m = /[?&]scene=([^&]+)/.exec(text);
    const scene = m ? parseVerifyScene(m[1] as string) : null;
    if (scene) return scene;
  }
  return null;
}

/** Scans a voucher's QR code with the camera (or an album picture); null when cancelled or not a voucher code. */
export function scanVoucher(): Promise<VerifyTarget | null> {
  return new Promise((resolve) => {
    wx.scanCode({
      scanType: ['qrCode', 'wxCode'],
      success: (r) => resolve(targetOfScan(r as { result?: string; path?: string })),
      fail: () => resolve(null),
    });
  });
}

/** The checks of a case's vouchers (when, and whether the code matched), for the holder. */
export async function voucherChecks(applicationId: string): Promise<VoucherChecksRes['vouchers']> {
  return (await call('documents', 'voucher.checks', { applicationId })).vouchers;
}
