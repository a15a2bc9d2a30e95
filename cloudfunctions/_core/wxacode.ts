/**
 * The QR code printed on a document in production: a mini program code (小程序码) from WeChat's
 * `wxacode.getUnlimited`, which opens the verify page with a `scene` of at most 32 characters (see
 * shared/documents/verify-path `verifyScene`). The local cloud and the tests never call it: the renderer then draws
 * a plain QR code of the same verify path.
 */

/** Makes the picture a document prints to open its verification; null to fall back to the plain QR code. */
export interface MiniCodeProvider {
  /** A PNG that opens `page` with `scene` in the mini program. */
  codeFor(page: string, scene: string): Promise<Buffer | null>;
}

/** The part of `cloud.openapi` (wx-server-sdk) the provider uses. */
export interface WxaCodeApi {
  wxacode: {
    getUnlimited(options: {
      scene: string;
      page: string;
      checkPath?: boolean;
      width?: number;
    }): Promise<{ buffer?: Buffer; errCode?: number }>;
  };
}

/** The production provider over `cloud.openapi`; a failed call (quota, network) falls back to the plain QR code. */
export function createWxaCodeProvider(
  openapi: WxaCodeApi,
  log: (line: string) => void = console.error,
): MiniCodeProvider {
  return {
    async codeFor(page, scene) {
      try {
        const res = await openapi.wxacode.getUnlimited({ scene, page, checkPath: false, width: 430 });
        return res.buffer && res.buffer.length > 0 ? Buffer.from(res.buffer) : null;
      } catch (e) {
        log(`[documents] wxacode ${e instanceof Error ? e.name : typeof e}`);
        return null;
      }
    },
  };
}
