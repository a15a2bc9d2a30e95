/** Showing a refusal: the envelope's Chinese message, with each field problem it names. */
import { ApiError, errorText } from '../services/api';

/** `填写的信息有误，请按提示修改（代办原因：申请人今天已满 16 周岁…）`, or just the message. */
export function errorWithFields(e: unknown): string {
  const fields =
    e instanceof ApiError && e.fields ? e.fields.map((f) => (f.field ? `${f.field}：${f.message}` : f.message)) : [];
  return fields.length ? `${errorText(e)}（${fields.join('；')}）` : errorText(e);
}

/** The field problems of a refusal by path (`reason`, `principal.idNumber`), first message of each. */
export function fieldErrors(e: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (e instanceof ApiError && e.fields) for (const f of e.fields) if (!(f.path in out)) out[f.path] = f.message;
  return out;
}
