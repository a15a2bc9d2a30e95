/**
 * 内容安全: free text an applicant writes (a dispute's reasons) passes WeChat's text security check
 * (`security.msgSecCheck`, version 2) in production before it is stored. The check sits behind {@link ContentChecker}
 * so the local cloud and the tests never reach the platform: without a checker the text is recorded as checked
 * locally (`by: 'local'`).
 */
import { AppError } from './errors';

/** The verdict on one text. */
export interface ContentVerdict {
  /** `pass`, or `risky` when the platform suggests blocking or review. */
  result: 'pass' | 'risky';
  /** Who checked: the platform, or the local cloud (no check). */
  by: 'msgSecCheck' | 'local';
}

/** Checks a text written by `openid`. Rejects only when the platform cannot be reached. */
export type ContentChecker = (text: string, openid: string) => Promise<ContentVerdict>;

/** The part of `cloud.openapi` used here. */
export interface SecurityOpenApi {
  security: {
    msgSecCheck(req: {
      content: string;
      version: 2;
      scene: 1 | 2 | 3 | 4;
      openid: string;
    }): Promise<{ errCode?: number; result?: { suggest?: string } } | undefined>;
  };
}

/** Production: msgSecCheck v2, scene 1 (资料); `suggest` other than `pass` counts as risky. */
export function wxContentChecker(openapi: SecurityOpenApi): ContentChecker {
  return async (text, openid) => {
    const res = await openapi.security.msgSecCheck({ content: text, version: 2, scene: 1, openid });
    return { result: res?.result?.suggest === 'pass' ? 'pass' : 'risky', by: 'msgSecCheck' };
  };
}

/** The local cloud and the tests: nothing leaves the machine; the text is recorded as checked locally. */
export const localContentChecker: ContentChecker = async () => ({ result: 'pass', by: 'local' });

/**
 * Checks each text and answers how it was checked; a risky one is refused (INVALID_INPUT on its field), an
 * unreachable platform answered INTERNAL by the runtime.
 */
export async function checkTexts(
  checker: ContentChecker | undefined,
  openid: string,
  texts: { path: string; field: string; text: string }[],
): Promise<ContentVerdict['by']> {
  const check = checker ?? localContentChecker;
  let by: ContentVerdict['by'] = 'local';
  for (const t of texts) {
    const v = await check(t.text, openid);
    by = v.by;
    if (v.result !== 'pass')
      throw new AppError('INVALID_INPUT', undefined, [
        { path: t.path, field: t.field, message: '内容未通过安全检查，请修改后再提交' },
      ]);
  }
  return by;
}
