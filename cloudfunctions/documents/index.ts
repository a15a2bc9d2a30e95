/**
 * Production entry of the documents function (deployed from dist/cloudfunctions/documents, with its font beside
 * index.js). It alone carries pdfkit, qrcode and the CJK font, so the applicant and reviewer functions stay lean.
 * Actions: `voucher.issue`, the public `voucher.verify`, `voucher.checks` (handlers.ts). In production the voucher's
 * QR code is a mini program code from `wxacode.getUnlimited`; the renderers are exported for the bench.
 */
import * as cloud from 'wx-server-sdk';
import type { Envelope } from '../../shared/contracts';
import { createWxMain } from '../_core/wx';
import { createWxaCodeProvider, type WxaCodeApi } from '../_core/wxacode';
import { createDocuments } from './handlers';

export { renderVoucher, VOUCHER_TITLE, type VoucherData } from './render/voucher';
export { renderNotice, NOTICE_TITLE, type NoticeData } from './render/notice';
export { DocumentRenderError } from './render/layout';
export { defaultFontPath, loadFont } from './font';
export { createDocuments } from './handlers';

// Once per instance; DYNAMIC_CURRENT_ENV is typed as a symbol the init options do not admit.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

const serve = createWxMain(
  createDocuments({ miniCode: createWxaCodeProvider(cloud.openapi as unknown as WxaCodeApi) }),
);

/** The function's entry. */
export async function main(event: unknown, context: unknown): Promise<Envelope<unknown>> {
  return serve(event, context);
}
