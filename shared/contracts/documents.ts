/**
 * 积分有效凭证: issuing a voucher (the person or an agent entrusted with the voucher scope), its public verification
 * (凭证核验: anyone, no login) and the holder's list of the checks of their vouchers.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { ISODate } from '../dates';
import type { VoucherVerdict } from '../documents/verdicts';
import { recordId as id } from './ids';

/** `voucher.issue`: the voucher of a confirmed case (the same result gives the same voucher again). */
export const VoucherIssueReq = z.strictObject({ applicationId: id });
/** Response of `voucher.issue`. */
export interface VoucherIssueRes {
  /** Voucher number, e.g. `PZ2021-000123-01`. */
  number: string;
  /**
   * Short-lived link to the PDF (≤ 10 minutes). The verification code is printed on it and nowhere else: the
   * response carries none (responses are kept for replay; the store keeps only the code's salted hash).
   */
  url: string;
  expiresAt: string;
  /** True when this call created the voucher; false when it handed out the one issued before. */
  created: boolean;
  /** Numbers of earlier vouchers of the case this one superseded now. */
  superseded: string[];
}

/** `voucher.verify`: the number and the code as typed or scanned (normalised by the server). */
export const VoucherVerifyReq = z.strictObject({
  no: checked(z.string(), z.minLength(1, '请输入凭证编号'), z.maxLength(40, '凭证编号过长')),
  code: checked(z.string(), z.minLength(1, '请输入核验码'), z.maxLength(40, '核验码过长')),
});
export type { VoucherVerdict } from '../documents/verdicts';
/** Response of `voucher.verify`: the verdict and, for a voucher that exists, only what the paper shows anyway. */
export interface VoucherVerifyRes {
  verdict: VoucherVerdict;
  /** Absent for `unknown`. */
  voucher?: {
    number: string;
    /** Masked (`张*`). */
    name: string;
    roundId: string;
    total: string;
    confirmedOn: ISODate;
    issuedOn: ISODate;
    /** 准入通知书 only: the last valid day printed on it, and the holder's ID number masked (as printed). */
    validUntil?: ISODate;
    idNumberMasked?: string;
  };
}

/** `voucher.checks`: who checked the vouchers of a case, and when. */
export const VoucherChecksReq = z.strictObject({ applicationId: id });
/** Response of `voucher.checks`: per voucher of the case, newest check first; never who checked. */
export interface VoucherChecksRes {
  vouchers: {
    number: string;
    status: string;
    statusLabel: string;
    issuedOn: ISODate;
    checks: { at: string; matched: boolean }[];
  }[];
}

/** `notice.get` (mutation: the first get renders and stores the PDF): the admission notice of a settlement application. */
export const NoticeGetReq = z.strictObject({ applicationId: id });
/** Response of `notice.get`. */
export interface NoticeGetRes {
  /** Notice number, e.g. `ZR2021-000123-01`. */
  number: string;
  issuedOn: ISODate;
  /** The last valid day printed on it. */
  validUntil: ISODate;
  /** Short-lived link to the PDF (≤ 10 minutes); the verification code is printed on it and nowhere else. */
  url: string;
  expiresAt: string;
  /** True when this call rendered the PDF (the first get). */
  created: boolean;
}
