/**
 * 申请材料: uploads of an application's checklist items or an entrustment's letter / proof (a ticket, the upload,
 * the attach that checks and seals it), their removal before submission, and short-lived links to read them.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { fileNameProblem, MATERIAL_MAX_BYTES, MATERIAL_MIME_TYPES } from '../application/materials';
import { recordId as id } from './ids';

/** The answer to a material the caller may not see, the same as to a missing one (an id reveals nothing). */
export const MATERIAL_NOT_FOUND = '没有找到这份材料，或您无权查看';

/** A material attached to an application or an entrustment. */
export interface MaterialView {
  materialId: string;
  /** Checklist key it proves, e.g. `B2:education.0`, `entrustment`, or `dispute:B2` (evidence for a disputed line). */
  key: string;
  fileName: string;
  mime: string;
  size: number;
  uploadedAt: string;
  /** Carried over from an earlier, verified application of the same year (FAQ: no need to resubmit). */
  reused: boolean;
}

/**
 * Where a material goes: a checklist item of an application, an entrustment's letter / proof, or new evidence for a
 * dispute of a published case (one disputed indicator; referenced by `dispute.raise` / `dispute.resubmit`).
 */
const MaterialTarget = z.union([
  z.strictObject({ applicationId: id, key: checked(z.string(), z.minLength(1), z.maxLength(80)) }),
  z.strictObject({ entrustmentId: id }),
  z.strictObject({ disputeOf: id, indicatorId: checked(z.string(), z.minLength(1), z.maxLength(20)) }),
]);

/** `material.ticket` (mutation): permission to upload one file (type and size checked here and again on attach). */
export const MaterialTicketReq = z.strictObject({
  target: MaterialTarget,
  fileName: z.pipe(
    checked(
      z.string({ error: '文件名不能为空' }),
      z.superRefine((v, ctx) => {
        const problem = fileNameProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    ),
    z.transform((v) => v.trim()),
  ),
  mime: z.enum(MATERIAL_MIME_TYPES, { error: '只接受 JPG、PNG 照片或 PDF 文件' }),
  size: checked(z.number(), z.int(), z.positive('文件是空的'), z.lte(MATERIAL_MAX_BYTES, '文件不能超过 10 MB')),
});
/** Response of `material.ticket`: where to upload. Uploads never go through a function's request body. */
export interface MaterialTicketRes {
  ticketId: string;
  /** Local cloud: PUT the bytes to `url`. CloudBase: `wx.cloud.uploadFile({ cloudPath })`. */
  upload: { kind: 'local'; url: string } | { kind: 'cloud'; cloudPath: string };
  expiresAt: string;
}
/** `material.attach` (mutation): the upload is done; the server checks the stored file and attaches it. */
export const MaterialAttachReq = z.strictObject({
  ticketId: id,
  fileId: checked(z.string(), z.minLength(1), z.maxLength(300)),
});
/** Response of `material.attach`. */
export interface MaterialAttachRes {
  material: MaterialView;
}
/** `material.remove` (mutation): only before submission (or during 补正). */
export const MaterialRemoveReq = z.strictObject({ materialId: id });
/** `material.link`: a short-lived link to read a material (owner, active agents, the case's reviewers). */
export const MaterialLinkReq = z.strictObject({ materialId: id });
/** Response of `material.link`. */
export interface MaterialLinkRes {
  url: string;
  expiresAt: string;
}
