/**
 * Production entry of the documents function (deployed from dist/cloudfunctions/documents, with its font beside
 * index.js). It alone carries pdfkit, qrcode and the CJK font, so the applicant and reviewer functions stay lean.
 *
 * Its actions (issuing a voucher or a notice, public verification) join the dispatcher once the per-area contracts
 * and store records exist; until then every call is answered UNKNOWN_ACTION, as the dispatcher answers an action
 * a function does not have. The renderers are exported for those actions and for the bench.
 */
import * as cloud from 'wx-server-sdk';
import { fail, type Envelope } from '../../shared/contracts';

export { renderVoucher, VOUCHER_TITLE, type VoucherData } from './render/voucher';
export { renderNotice, NOTICE_TITLE, type NoticeData } from './render/notice';
export { DocumentRenderError } from './render/layout';
export { defaultFontPath, loadFont } from './font';

// Once per instance; DYNAMIC_CURRENT_ENV is typed as a symbol the init options do not admit.
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string });

/** The function's entry. */
export async function main(_event: unknown, _context: unknown): Promise<Envelope<unknown>> {
  return fail('UNKNOWN_ACTION');
}
