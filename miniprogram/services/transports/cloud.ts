/** Production transport: `wx.cloud.callFunction` (Promise form); the function's envelope is `result`. */
import type { Transport } from '../transport';

/** A transport over the WeChat cloud. `wx.cloud.init` must have run (app.ts does it in cloud mode). */
export function cloudTransport(): Transport {
  return async (fn, body) => {
    const res = await wx.cloud.callFunction({ name: fn, data: body });
    return res.result;
  };
}
