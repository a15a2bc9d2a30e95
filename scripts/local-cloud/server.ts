/**
 * The local cloud: every cloud function served over HTTP on loopback, with the same handlers the production entries
 * use (cloudfunctions/registry.ts) and a SQLite store in a data folder.
 *
 *   POST /fn/<name>   body `{ action, payload?, requestId? }` → the function's envelope (HTTP 200)
 *   GET  /health      → `{ ok: true, data: { status: 'ok', functions } }`
 *   PUT/GET /files/…  → materials: signed upload and read links of the local file storage (files.ts)
 *
 * Identity: in the local cloud only, the caller's openid comes from the `x-wx-openid` header, so several people can
 * be played from one machine. The production entries read `cloud.getWXContext().OPENID` and never this header.
 * Transport errors (bad JSON, a body that is not `application/json` (415), a body over CloudBase's 100 KB (413), an
 * unknown function or path) answer with the same envelope and a 4xx status, never with a stack trace; a refused body
 * is thrown away unread and the connection closed only after the answer went out.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { setImmediate as nodeSetImmediate } from 'node:timers';
import { fail, MAX_REQUEST_BYTES, ok, type Envelope, type ErrEnvelope } from '../../shared/contracts';
import { FUNCTIONS, type Caller, type Deps, type FunctionHandler } from '../../cloudfunctions/registry';
import { openSqliteStore } from '../../cloudfunctions/_core/store';
import type { Store } from '../../cloudfunctions/_core/store/types';
import type { LocalFileStorage } from '../../cloudfunctions/_core/files';
import { handleFileRequest, localFileStorage } from './files';
import { schedulerIntervalFromEnv, startLocalScheduler, type LocalScheduler } from './scheduler';

/** The header the local cloud takes a public caller's IP from (local cloud only; else the socket's address). */
export const CLIENT_IP_HEADER = 'x-client-ip';
/** What a client IP from the header may look like (IPv4 or IPv6 characters, bounded). */
const CLIENT_IP_RE = /^[0-9A-Fa-f:.]{2,45}$/;
/** The header the local cloud takes the caller's openid from (local cloud only). */
export const OPENID_HEADER = 'x-wx-openid';
/** What an openid from the header may look like (the mini program's dev identity uses the same rule). */
export const OPENID_RE = /^[A-Za-z0-9_-]{1,64}$/;
/** Default port of `npm start`. */
export const DEFAULT_PORT = 8787;
/** The SQLite file inside the data folder. */
export const DATA_FILE = 'local-cloud.sqlite';
/** How many request paths the server remembers as resolved to a function (see `served` in startLocalCloud). */
const MAX_SERVED_PATHS = 64;
/** How long close() waits for in-flight requests before cutting connections. */
const CLOSE_GRACE_MS = 10_000;

/** Options of {@link startLocalCloud}. Give `dataDir` (a SQLite file is created in it) or a ready `store`. */
export interface LocalCloudOptions {
  /** Port to listen on; 0 picks a free one (tests). Default {@link DEFAULT_PORT}. */
  port?: number;
  /** Loopback by default: the local cloud trusts a header for identity, so it must not face a network. */
  host?: string;
  /** Folder for the SQLite file (created if missing; the data survives restarts). */
  dataDir?: string;
  /** A store to use instead of opening one; it is not closed by close(). */
  store?: Store;
  /** File storage for materials (served under /files/, see files.ts); default `<dataDir>/files/` when dataDir is given. */
  files?: LocalFileStorage;
  /** The clock handed to the functions (tests fix it). */
  now?: () => Date;
  /** The functions to serve (default: the registry). */
  functions?: Record<string, FunctionHandler>;
  /** One line per request (`fn action → code ms`); default none. */
  log?: (line: string) => void;
  /** Where the functions report unexpected failures (Deps.log); default `console.error`, also when `log` is off. */
  errorLog?: (line: string) => void;
  /** The scheduler's interval in ms (0 = off); default `LOCAL_CLOUD_SCHEDULER_MS` or one minute. See scheduler.ts. */
  schedulerIntervalMs?: number;
}

/** A running local cloud. */
export interface LocalCloud {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** The SQLite file, when the local cloud opened it. */
  dataFile: string | null;
  /** Requests being handled right now. */
  inFlight(): number;
  /** The scheduler's interval (the timer trigger of CloudBase), when the scheduler function is served. */
  scheduler: LocalScheduler | null;
  /**
   * Stops accepting connections, lets in-flight requests finish (answering further requests on open connections
   * with a refusal), then closes the store it opened (SQLite checkpoints its WAL). Rejects when that checkpoint
   * failed (the disk refused it), so "written to disk" is said only when it is true. Idempotent.
   */
  close(): Promise<void>;
}

/** Something that can be closed (the SQLite store). */
interface Closable {
  close(): void;
}

/** Thrown while reading a body that is too big. */
class TooLarge extends Error {}

/** How long a refused request may go on sending the body nobody reads (it is thrown away), before it is cut off. */
const DISCARD_MS = 10_000;
/** How much of a refused body is read and thrown away before the connection is cut off. */
const DISCARD_MAX_BYTES = 64 * 1024 * 1024;

/** Whether the request declares a JSON body (`application/json`, parameters such as charset allowed). */
function isJson(req: http.IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Answers a request whose body will not be read (too large, not JSON) and closes the connection without losing the
 * answer. Node ends and destroys a `connection: close` socket as soon as the answer is written; destroying it while
 * the client is still sending leaves unread bytes, the kernel answers them with a reset, and the client loses the
 * answer still in its buffer (about half the attempts with a 5 MB body). Instead the answer goes out with a FIN
 * after it, the rest of the body is read and thrown away (nothing is kept), and the socket closes once the client
 * has closed its side — or after {@link DISCARD_MS} / {@link DISCARD_MAX_BYTES}, whichever comes first.
 */
function refuseUnread(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: ErrEnvelope): void {
  const socket = req.socket;
  let discarded = 0;
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > DISCARD_MAX_BYTES) socket.destroy();
  });
  req.resume();
  const cut = setTimeout(() => socket.destroy(), DISCARD_MS);
  cut.unref();
  socket.once('close', () => clearTimeout(cut));
  // Half-close rather than destroy once the answer is flushed (the server's sockets allow half-open connections).
  (socket as unknown as { destroySoon: () => void }).destroySoon = () => {
    socket.end();
  };
  send(res, status, body, true);
}

function send(
  res: http.ServerResponse,
  status: number,
  body: Envelope<unknown>,
  closing: boolean,
  extra?: http.OutgoingHttpHeaders,
): void {
  // Serialized once and sent as text: Node writes the head and a string body in one write, encoding it straight
  // into the socket, where a Buffer would be allocated, copied and written beside the head (two writes).
  const text = JSON.stringify(body);
  const headers: http.OutgoingHttpHeaders = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text, 'utf8'),
    'cache-control': 'no-store',
  };
  if (closing) headers.connection = 'close';
  if (extra) Object.assign(headers, extra);
  outgoing.push({ res, status, headers, text });
  if (outgoing.length === 1) nodeSetImmediate(flushOutgoing);
}

/** An answer serialized and waiting for the check phase of this turn of the event loop. */
interface Outgoing {
  res: http.ServerResponse;
  status: number;
  headers: http.OutgoingHttpHeaders;
  text: string;
}

/**
 * The answers finished during this turn of the event loop, written one after the other in its check phase. Each write
 * to a client that sleeps waiting for it costs a wake-up of that client inside the write; written back to back, the
 * answers of one turn cost one wake-up, not one each (local cloud simulate under 16 in flight: +30 % requests/s, lower
 * p99). Node's own setImmediate (node:timers): a test's fake timers replace the global one.
 */
const outgoing: Outgoing[] = [];

function flushOutgoing(): void {
  const batch = outgoing.splice(0, outgoing.length);
  for (const { res, status, headers, text } of batch) {
    // A connection the client cut meanwhile gets nothing; its response still closes and is counted out.
    if (res.destroyed || res.headersSent) continue;
    res.writeHead(status, headers);
    res.end(text, 'utf8');
  }
}

/** Whether an answer to `res` was sent or is waiting in {@link outgoing}. */
function answered(res: http.ServerResponse): boolean {
  return res.headersSent || outgoing.some((o) => o.res === res);
}

/** Reads the body up to `limit` bytes; beyond it, stops keeping data and rejects with TooLarge. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new TooLarge());
      return;
    }
    const reading: BodyReading = { req, chunks: [], size: 0, done: false, resolve, reject, onData: null };
    // Anonymous listeners: under tsx (keepNames) a closure held in a const is renamed each time it is made.
    reading.onData = function (chunk: Buffer): void {
      reading.size += chunk.length;
      if (reading.size > limit) finishBody(reading, new TooLarge());
      else reading.chunks.push(chunk);
    };
    req.on('data', reading.onData);
    req.on('end', function () {
      finishBody(reading, null);
    });
    req.on('error', function (e: Error) {
      finishBody(reading, e);
    });
    req.on('close', function () {
      if (!req.complete) finishBody(reading, new Error('aborted'));
    });
  });
}

/** A body being read by {@link readBody}. */
interface BodyReading {
  req: http.IncomingMessage;
  chunks: Buffer[];
  size: number;
  done: boolean;
  resolve: (body: Buffer) => void;
  reject: (e: Error) => void;
  onData: ((chunk: Buffer) => void) | null;
}

/** Settles a body read once: the body (one chunk as it came, several joined), or the error. */
function finishBody(r: BodyReading, err: Error | null): void {
  if (r.done) return;
  r.done = true;
  if (r.onData) r.req.off('data', r.onData);
  if (err) r.reject(err);
  else r.resolve(r.chunks.length === 1 ? (r.chunks[0] as Buffer) : Buffer.concat(r.chunks, r.size));
}

/**
 * The client's IP for the rate limit of public actions: the `x-client-ip` header (so a test or a proxy in front of
 * the local cloud can name the caller, as CloudBase's CLIENTIP does), else the socket's address. Never an identity.
 */
function clientIpOf(req: http.IncomingMessage): string | null {
  const header = req.headers[CLIENT_IP_HEADER];
  if (typeof header === 'string' && CLIENT_IP_RE.test(header)) return header;
  return req.socket.remoteAddress ?? null;
}

/** The openid from the header: null when absent (the functions answer UNAUTHENTICATED), an error when malformed. */
function callerOf(req: http.IncomingMessage): Caller | ErrEnvelope {
  const raw = req.headers[OPENID_HEADER];
  const clientIp = clientIpOf(req);
  if (raw === undefined || raw === '') return { openid: null, clientIp };
  if (typeof raw !== 'string' || !OPENID_RE.test(raw)) {
    return fail('BAD_REQUEST', `请求头 ${OPENID_HEADER} 应为 1–64 位字母、数字、下划线或短横线`);
  }
  return { openid: raw, clientIp };
}

function actionOf(event: unknown): string {
  const a = event && typeof event === 'object' ? (event as { action?: unknown }).action : undefined;
  return typeof a === 'string' ? a.slice(0, 64) : '?';
}

/** Starts the local cloud and resolves once it listens. */
export async function startLocalCloud(opts: LocalCloudOptions = {}): Promise<LocalCloud> {
  const functions = opts.functions ?? (FUNCTIONS as Record<string, FunctionHandler>);
  const requestLog = opts.log;
  const log = requestLog ?? (() => undefined);
  const host = opts.host ?? '127.0.0.1';

  let store: Store;
  let owned: Closable | null = null;
  let dataFile: string | null = null;
  if (opts.store) {
    store = opts.store;
  } else {
    if (!opts.dataDir) throw new Error('startLocalCloud: give dataDir or store');
    fs.mkdirSync(opts.dataDir, { recursive: true });
    dataFile = path.join(path.resolve(opts.dataDir), DATA_FILE);
    const sqlite = openSqliteStore(dataFile);
    store = sqlite;
    owned = sqlite;
  }
  const errorLog = opts.errorLog ?? ((line: string) => console.error(line));
  const deps: Deps = { store, now: opts.now ?? (() => new Date()), log: errorLog };
  let baseUrl = ''; // known once the server listens
  const files = opts.files ?? (opts.dataDir ? localFileStorage(opts.dataDir, () => baseUrl) : undefined);
  if (files) deps.files = files;

  let closing = false;
  let active = 0;
  let onIdle: (() => void) | null = null;

  /**
   * Paths already resolved to a served function (`/fn/applicant` → `applicant`), so that a path is matched and
   * decoded once (the name is still looked up in the table each time). Bounded: spellings of a name (`%61pplicant`)
   * beyond {@link MAX_SERVED_PATHS} are simply resolved each time.
   */
  const served = new Map<string, string>();

  /** `/health` and `/fn/<name>`: the function's name, or null once an answer was sent. */
  const route = (req: http.IncomingMessage, res: http.ServerResponse, url: string): string | null => {
    if (url === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        send(res, 405, fail('BAD_REQUEST', '/health 只接受 GET'), closing, { allow: 'GET, HEAD' });
      } else {
        send(res, 200, ok({ status: 'ok', functions: Object.keys(functions) }), closing);
      }
      return null;
    }
    let name = served.get(url);
    if (name === undefined || !Object.prototype.hasOwnProperty.call(functions, name)) {
      const match = /^\/fn\/([^/]+)$/.exec(url);
      if (!match) {
        send(res, 404, fail('BAD_REQUEST', `没有这个地址：请用 POST /fn/<云函数名> 或 GET /health`), closing);
        return null;
      }
      try {
        name = decodeURIComponent(match[1]);
      } catch {
        name = ''; // malformed %-escape: no function has such a name
      }
      if (!name || !Object.prototype.hasOwnProperty.call(functions, name)) {
        send(res, 404, fail('UNKNOWN_FUNCTION'), closing);
        return null;
      }
      if (served.size < MAX_SERVED_PATHS) served.set(url, name);
    }
    if (req.method !== 'POST') {
      send(res, 405, fail('BAD_REQUEST', '云函数只接受 POST'), closing, { allow: 'POST' });
      return null;
    }
    return name;
  };

  /** The request's JSON body and its size, or null once a refusal was sent (415, 413, 400). */
  const eventOf = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<{ event: unknown; bytes: number } | null> => {
    if (!isJson(req)) {
      refuseUnread(req, res, 415, fail('UNSUPPORTED_MEDIA_TYPE'));
      return null;
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_REQUEST_BYTES);
    } catch (e) {
      if (e instanceof TooLarge) {
        // Answer now; the rest of the body is thrown away as it arrives, never kept in memory.
        refuseUnread(req, res, 413, fail('PAYLOAD_TOO_LARGE'));
      } else if (!answered(res) && !res.destroyed) {
        send(res, 400, fail('BAD_REQUEST'), true);
      }
      return null;
    }
    try {
      return { event: JSON.parse(body.toString('utf8')), bytes: body.length };
    } catch {
      send(res, 400, fail('BAD_REQUEST', '请求体不是合法的 JSON'), closing);
      return null;
    }
  };

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const raw = req.url ?? '/';
    const query = raw.indexOf('?');
    const url = query === -1 ? raw : raw.slice(0, query);
    if (closing) {
      send(res, 503, fail('INTERNAL', '本地云正在关闭，请稍后重试'), true);
      return;
    }
    if (files && url.startsWith('/files/') && (await handleFileRequest(req, res, files, deps.now))) return;
    const name = route(req, res, url);
    if (name === null) return;
    const caller = callerOf(req);
    if ('ok' in caller) {
      send(res, 400, caller, closing);
      return;
    }
    const body = await eventOf(req, res);
    if (!body) return;
    const started = requestLog ? process.hrtime.bigint() : null;
    const envelope = await functions[name](body.event, caller, deps, { requestBytes: body.bytes });
    // The line is built only when someone reads it (`npm start`), not on every request of a benchmark.
    if (requestLog && started !== null) {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      requestLog(`${name} ${actionOf(body.event)} → ${envelope.ok ? 'ok' : envelope.code} ${ms.toFixed(1)} ms`);
    }
    send(res, 200, envelope, closing);
  };

  /** One listener for every response (not a closure made per request): counts it out, and ends a pending close. */
  const onResponseClose = (): void => {
    active--;
    if (closing) {
      // A keep-alive connection that just went idle must not hold the shutdown.
      server.closeIdleConnections();
      if (active === 0 && onIdle) onIdle();
    }
  };

  const server = http.createServer((req, res) => {
    active++;
    res.on('close', onResponseClose);
    handle(req, res).catch((e: unknown) => {
      // The registry's functions answer INTERNAL themselves; whatever still throws is logged here, never sent.
      errorLog(
        `local cloud: ${e instanceof Error ? (e.stack ?? e.name) : typeof e} while answering ${req.method} ${req.url}`,
      );
      if (!answered(res)) send(res, 500, fail('INTERNAL'), true);
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  // No response of the local cloud may leak a stack trace, including the parser's own errors.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) {
      const text = JSON.stringify(fail('BAD_REQUEST'));
      socket.end(
        `HTTP/1.1 400 Bad Request\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
      );
    } else {
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((e: unknown) => {
    owned?.close();
    throw e;
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;
  const scheduler = functions.scheduler
    ? startLocalScheduler(
        functions.scheduler,
        deps,
        opts.schedulerIntervalMs ?? schedulerIntervalFromEnv(process.env.LOCAL_CLOUD_SCHEDULER_MS),
        log,
      )
    : null;

  let closed: Promise<void> | null = null;
  const close = (): Promise<void> => {
    if (closed) return closed;
    closing = true;
    closed = new Promise<void>((resolve, reject) => {
      const stopped = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      const drained = new Promise<void>((r) => {
        if (active === 0) r();
        else onIdle = r;
      });
      const deadline = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      void Promise.all([stopped, drained, scheduler?.stop()])
        .then(() => {
          clearTimeout(deadline);
          // Only now: every request that was running has committed or rolled back. Throws when the disk refused the
          // final checkpoint: then nobody may be told the data was written.
          owned?.close();
          resolve();
        })
        .catch(reject);
    });
    return closed;
  };

  return { url: `http://${host}:${port}`, port, dataFile, inFlight: () => active, scheduler, close };
}
