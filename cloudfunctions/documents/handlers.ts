/**
 * The documents function's handlers (pure of wx-server-sdk): `voucher.issue`, the public `voucher.verify` and
 * `voucher.checks`, and the public admitted list and objections to it (publicity.ts). It alone carries pdfkit, qrcode
 * and the CJK font (loaded on the first voucher an instance issues).
 */
import { DOCUMENTS_ACTIONS, type DocumentsApi } from '../../shared/contracts';
import { defineFunction, type FunctionHandler, type Handlers } from '../_core/runtime';
import type { MiniCodeProvider } from '../_core/wxacode';
import type { DocumentFont } from './font';
import { getNotice } from './notices';
import { listPublicity, objectionLimiter, submitObjection } from './publicity';
import { verifyVoucher, voucherChecks } from './verify';
import { defaultRandomBytes, issueVoucher, type VoucherDeps } from './vouchers';

/** Options of {@link createDocuments}; tests fix the random bytes, production adds the mini program code. */
export interface DocumentsOptions {
  randomBytes?: (n: number) => Uint8Array;
  font?: () => DocumentFont;
  miniCode?: MiniCodeProvider;
  /** Objections a caller may send per minute (default `OBJECTIONS_PER_MINUTE`). */
  objectionsPerMinute?: number;
}

/** Chinese names of the payload fields, for INVALID_INPUT. */
const FIELD_LABELS: Record<string, string> = {
  applicationId: '申请编号',
  no: '凭证编号',
  code: '核验码',
  roundId: '年度',
  entryId: '名单条目',
  reason: '异议内容',
  contact: '联系方式',
  contactName: '姓名',
  after: '翻页位置',
  limit: '条数',
};

/** Builds the documents function. */
export function createDocuments(options: DocumentsOptions = {}): FunctionHandler {
  const deps: VoucherDeps = {
    randomBytes: options.randomBytes ?? defaultRandomBytes,
    ...(options.font ? { font: options.font } : {}),
    ...(options.miniCode ? { miniCode: options.miniCode } : {}),
  };
  const allowObjection = objectionLimiter(options.objectionsPerMinute);
  const handlers: Handlers<typeof DOCUMENTS_ACTIONS, DocumentsApi> = {
    'voucher.issue': (payload, ctx) => issueVoucher(deps, payload.applicationId, ctx),
    'voucher.verify': (payload, ctx) => verifyVoucher(payload, ctx),
    'voucher.checks': (payload, ctx) => voucherChecks(payload.applicationId, ctx),
    'notice.get': (payload, ctx) => getNotice(deps, payload.applicationId, ctx),
    'publicity.list': (payload, ctx) => listPublicity(payload, ctx),
    'objection.submit': (payload, ctx) => submitObjection(payload, ctx, allowObjection),
  };
  return defineFunction<typeof DOCUMENTS_ACTIONS, DocumentsApi>({
    name: 'documents',
    actions: DOCUMENTS_ACTIONS,
    handlers,
    fieldLabels: FIELD_LABELS,
    // Never the typed number or code: only the action (a wrong code must leave no trace of itself).
    targetOf: (action, payload) => {
      const id = (payload as { applicationId?: unknown } | undefined)?.applicationId;
      return typeof id === 'string' && id.length <= 64 ? `application:${id}` : `documents:${action}`;
    },
  });
}

/** The documents function with the default font and random source (local cloud, tests). */
export const documents = createDocuments();
