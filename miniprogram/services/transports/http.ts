/**
 * Development transport: `POST ${baseUrl}/fn/${fn}` to the local cloud (`npm start`), with the caller's identity in
 * the `x-wx-openid` header (the local cloud only; production never reads it). The identity is the local dev identity
 * (services/dev-identity.ts), so several applicants can be played from one devtools.
 */
import { ApiError, type Transport } from '../transport';
import { getDevOpenid } from '../dev-identity';

/** A transport over HTTP to the local cloud at `baseUrl`. */
export function httpTransport(baseUrl: string, openid: () => string = getDevOpenid): Transport {
  return (fn, body) =>
    new Promise((resolve, reject) => {
      wx.request({
        url: `${baseUrl}/fn/${fn}`,
        method: 'POST',
        data: body,
        header: { 'content-type': 'application/json', 'x-wx-openid': openid() },
        dataType: 'json',
        // Error envelopes may come with a 4xx/5xx status: the body is the answer either way (api.ts checks it).
        success: (res) => resolve(res.data),
        fail: () => reject(new ApiError('NETWORK', `无法连接本地云（${baseUrl}），请先运行 npm start`)),
      });
    });
}
