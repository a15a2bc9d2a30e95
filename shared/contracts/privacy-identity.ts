/** 个人信息保护 and 身份绑定: the applicant function's privacy notice and identity actions. */
import * as z from 'zod/mini';
import '../zod-zh';
import { personNameField } from '../application/name-fields';
import { PRIVACY_NOTICE_VERSION } from './constants';

export { PRIVACY_NOTICE_VERSION };

/** `privacy.status`: whether the caller accepted the current notice. */
export const PrivacyStatusReq = z.strictObject({});
/** Response of `privacy.status`. */
export interface PrivacyStatusRes {
  version: string;
  accepted: boolean;
  acceptedAt?: string;
}
/** `privacy.accept` (mutation): the caller accepts this version of the notice. */
export const PrivacyAcceptReq = z.strictObject({
  version: z.literal(PRIVACY_NOTICE_VERSION, { error: '隐私保护指引版本已更新，请重新阅读' }),
});

/** `identity.bind` (mutation): the caller says who they are (name, ID number, mobile); one ID number, one openid. */
export const IdentityBindReq = z.strictObject({
  name: personNameField,
  idNumber: z.string({ error: '请填写身份证号码' }),
  mobile: z.string({ error: '请填写手机号码' }),
});
/** The caller's bound identity (full ID number: it is the owner's own). */
export interface IdentityRes {
  identity: { name: string; idNumber: string; idNumberMasked: string; mobile: string; boundAt: string } | null;
}
/** `identity.get`. */
export const IdentityGetReq = z.strictObject({});
