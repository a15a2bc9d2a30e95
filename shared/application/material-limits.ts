/** Upload limits, zod-free (shared/core.ts). */

/** Accepted upload types and the size limit (photos from camera or album, or PDF). */
export const MATERIAL_MIME_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
/** An accepted material type. */
export type MaterialMime = (typeof MATERIAL_MIME_TYPES)[number];
/** Largest accepted file: 10 MB. */
export const MATERIAL_MAX_BYTES = 10 * 1024 * 1024;

/** Longest accepted file name, in characters (code points). */
export const FILE_NAME_MAX = 100;
/**
 * Control characters (NUL, escape sequences), format characters (zero-width spaces and joiners, bidi overrides that
 * disguise an extension), line separators and unpaired surrogates: none belongs in a file name.
 */
const FILE_NAME_INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

/** What is wrong with a material's file name, in Chinese, or '' when it is fine (it is shown to reviewers as text). */
export function fileNameProblem(name: string): string {
  if (FILE_NAME_INVISIBLE.test(name)) return '文件名含有不可见的控制字符或无法显示的字符，请改名后重新上传';
  const t = name.trim();
  if (!t) return '文件名不能为空';
  return [...t].length > FILE_NAME_MAX ? `文件名不超过 ${FILE_NAME_MAX} 字` : '';
}
