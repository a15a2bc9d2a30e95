/** A tiny HTTP client for the local-cloud tests (plain node:http, so nothing hides what goes over the wire). */
import http from 'node:http';

/** A response: status, headers, raw text and the parsed JSON (undefined when the body is not JSON). */
export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read envelopes of every shape
}

/** Sends one request; `body` is sent as is (string or Buffer), objects as JSON. */
export function request(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  opts: { chunked?: boolean } = {},
): Promise<Reply> {
  const payload =
    body === undefined
      ? undefined
      : Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, {
      method,
      agent: false,
      headers: {
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...(payload && !opts.chunked ? { 'content-length': String(payload.length) } : {}),
        ...headers,
      },
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (payload && opts.chunked) {
      // Several writes without content-length: the server only learns the size while reading.
      for (let i = 0; i < payload.length; i += 16 * 1024) req.write(payload.subarray(i, i + 16 * 1024));
      req.end();
    } else {
      req.end(payload);
    }
  });
}

/** POST /fn/<fn> as `openid` (no header when null). */
export function callFn(base: string, fn: string, body: unknown, openid: string | null): Promise<Reply> {
  return request(base, 'POST', `/fn/${fn}`, body, openid === null ? {} : { 'x-wx-openid': openid });
}
