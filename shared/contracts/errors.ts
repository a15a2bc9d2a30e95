/**
 * Error codes, their Chinese messages and the envelope shape — free of zod so the mini program's main package can
 * use them without the validation library (see shared/core.ts).
 */

/** Error codes every function may answer with. */
export const ERROR_CODES = [
  'UNKNOWN_FUNCTION',
  'UNKNOWN_ACTION',
  'BAD_REQUEST',
  'INVALID_INPUT',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'RATE_LIMITED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'NO_OPEN_ROUND',
  'CALENDAR_YEAR_MISSING',
  'PRIVACY_REQUIRED',
  'NOT_ELIGIBLE',
  'OUTSIDE_WINDOW',
  'NOT_WORKDAY',
  'MISSING_MATERIALS',
  'INVALID_FILE',
  'NOT_YET',
  'INTERNAL',
] as const;
/** An error code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Default Chinese message per code (handlers may say something more specific). */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  UNKNOWN_FUNCTION: '没有这个服务',
  UNKNOWN_ACTION: '没有这个操作',
  BAD_REQUEST: '请求格式不正确',
  INVALID_INPUT: '填写的信息有误，请按提示修改',
  PAYLOAD_TOO_LARGE: '提交的内容过大（不超过 100 KB）',
  UNSUPPORTED_MEDIA_TYPE: '请求内容须为 JSON（content-type: application/json）',
  RATE_LIMITED: '操作过于频繁，请一分钟后再试',
  UNAUTHENTICATED: '无法确认您的身份，请重新打开小程序',
  FORBIDDEN: '您没有权限进行此操作',
  NOT_FOUND: '要找的记录不存在',
  CONFLICT: '同一请求编号已用于不同的内容，请刷新后重试',
  NO_OPEN_ROUND: '当前没有开放的积分年度',
  CALENDAR_YEAR_MISSING: '该年度的节假日安排尚未录入，暂时无法计算日期',
  PRIVACY_REQUIRED: '请先阅读并同意《个人信息保护指引》，再填写个人信息',
  NOT_ELIGIBLE: '不符合积分申请条件',
  OUTSIDE_WINDOW: '不在积分申请受理时间内',
  NOT_WORKDAY: '今天不是工作日，不受理积分申请',
  MISSING_MATERIALS: '还有必需的材料没有上传',
  INVALID_FILE: '文件类型或大小不符合要求（只接受 JPG、PNG 照片或 PDF，不超过 10 MB）',
  NOT_YET: '结果尚未公布',
  INTERNAL: '系统繁忙，请稍后再试',
};

/** A field-level validation error (path into the payload, Chinese field name, message). */
export interface FieldIssue {
  path: string;
  field: string;
  message: string;
}

/** A successful answer. */
export interface OkEnvelope<T> {
  ok: true;
  data: T;
}
/** A refused or failed answer. */
export interface ErrEnvelope {
  ok: false;
  code: ErrorCode;
  message: string;
  /** Per-field problems for INVALID_INPUT. */
  fields?: FieldIssue[];
}
/** Every function answer. */
export type Envelope<T> = OkEnvelope<T> | ErrEnvelope;

/** Builds a success envelope. */
export function ok<T>(data: T): OkEnvelope<T> {
  return { ok: true, data };
}

/** Builds an error envelope with the default message unless a more specific one is given. */
export function fail(code: ErrorCode, message?: string, fields?: FieldIssue[]): ErrEnvelope {
  const e: ErrEnvelope = { ok: false, code, message: message ?? ERROR_MESSAGES[code] };
  if (fields && fields.length) e.fields = fields;
  return e;
}
