/**
 * Page tests: miniprogram-simulate renders our pages (Component()) with the real TDesign components, compiled by
 * WeChat's own WXML compiler (wcc), and the pages' API calls go through the in-process transport to the real
 * cloud-function handlers and a real SQLite store. Also measures every setData payload of our pages (the bench reads
 * the largest from `.bench/setdata-max.json`).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Readable } from 'stream';
import type http from 'http';
import type { FileStorage, LocalFileStorage } from '../../cloudfunctions/_core/files';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { openSqliteStore, type SqliteStore } from '../../cloudfunctions/_core/store';
import { handleFileRequest, localFileStorage } from '../../scripts/local-cloud/files';
import { fail, type FunctionName } from '../../shared';
import type { Transport } from '../../miniprogram/services/api';

export const REPO = path.resolve(__dirname, '../..');
export const MINIPROGRAM = path.join(REPO, 'miniprogram');
const TD_DIST = 'node_modules/tdesign-miniprogram/miniprogram_dist';
const TD_PREFIX = 'tdesign-miniprogram/';

/** A page's data as the tests read it: the pages' Component() options declare no data type to check it against. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- no declared type exists; the expectations check the shape
export type PageData = any;

/**
 * Requires a module now, through jest's registry, typed by the caller. Pages and their services are loaded after
 * `jest.resetModules()` (or inside `jest.isolateModules`), synchronously, to get the very instance a page is about to
 * use: a static `import` is hoisted and loaded once, and `import()` is asynchronous while simulate loads synchronously.
 * miniprogram-simulate itself comes this way too: importing it pulls in typings whose globals clash with the client's.
 */
export function requireNow<T>(modulePath: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, synchronous load (see above)
  return require(modulePath) as T;
}

/** A node of a rendered tree (the part of j-component's API these tests use). */
export interface SimNode {
  /** The DOM element; undefined for virtual hosts (TDesign components). */
  readonly dom: HTMLElement | undefined;
  /** The page's data: untyped, pages declare no data type; the tests read what the page renders. */
  readonly data: PageData;
  /** The page's instance: the tests call its methods (lifecycle and handlers). */
  readonly instance: Record<string, (...args: unknown[]) => unknown>;
  querySelector(selector: string): SimNode | undefined;
  querySelectorAll(selector: string): SimNode[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
  attach(parent: Element): void;
}

/**
 * miniprogram-simulate, typed locally: its own typings (through j-component) pull in miniprogram-api-typings 3, whose
 * globals clash with the v5 ones the client is written against.
 */
interface Simulate {
  load(
    componentPath: string,
    options: {
      compiler: 'official' | 'simulate';
      rootPath: string;
      compilerOptions?: object;
      usingComponents?: Record<string, string>;
    },
  ): string;
  render(id: string, properties?: object): SimNode;
}
export const simulate = requireNow<Simulate>('miniprogram-simulate');

// ---- globals the pages and TDesign expect ----

interface AppStub {
  globalData: { apiMode: 'cloud' | 'local' };
}
const app: AppStub = { globalData: { apiMode: 'cloud' } };
const g = global as unknown as Record<string, unknown>;
g.getApp = () => app;
g.getCurrentPages = () => [];

// simulate's storage mock forgets everything; the dev identity needs a storage that remembers.
const storage = new Map<string, unknown>();
wx.setStorageSync = ((key: string, value: unknown) => void storage.set(key, value)) as typeof wx.setStorageSync;
wx.getStorageSync = ((key: string) => (storage.has(key) ? storage.get(key) : '')) as typeof wx.getStorageSync;
wx.removeStorageSync = ((key: string) => void storage.delete(key)) as typeof wx.removeStorageSync;

/** The app's API mode as the pages see it through getApp(). */
export function setAppApiMode(mode: 'cloud' | 'local'): void {
  app.globalData.apiMode = mode;
}

// ---- setData measurement ----

const bytesById = new Map<string, number>();
const simulateComponent = g.Component as (o: Record<string, unknown>) => unknown;
// Every component gets a `created` hook that measures its setData calls; pages are picked out by their id later.
g.Component = (options: Record<string, unknown>) => {
  const lifetimes = { ...((options.lifetimes as Record<string, unknown>) ?? {}) };
  const created = (lifetimes.created ?? options.created) as ((this: unknown) => void) | undefined;
  lifetimes.created = function (this: { is: string; setData: (d: Record<string, unknown>, cb?: () => void) => void }) {
    const original = this.setData;
    const is = this.is;
    this.setData = function (data, cb) {
      const bytes = Buffer.byteLength(JSON.stringify(data), 'utf8');
      bytesById.set(is, Math.max(bytesById.get(is) ?? 0, bytes));
      return original.call(this, data, cb);
    };
    if (created) created.call(this);
  };
  return simulateComponent({ ...options, lifetimes });
};

/** The largest setData payload (UTF-8 bytes of its JSON) a loaded component sent so far. */
export function maxSetDataBytes(componentId: string): number {
  return bytesById.get(componentId) ?? 0;
}

const BENCH_DIR = path.join(REPO, '.bench');
const PER_FILE_DIR = path.join(BENCH_DIR, 'setdata');

/**
 * Records this test file's largest payload: `.bench/setdata/<test file>.json` (a rerun replaces its own number), then
 * `.bench/setdata-max.json` = the largest over those files, `{ bytes, page, files }`. Page test files run in parallel
 * workers: each writes its own entry first and the summary by rename, so neither can leave a half-written file.
 */
export function recordSetDataMax(testFile: string, page: string, bytes: number): void {
  fs.mkdirSync(PER_FILE_DIR, { recursive: true });
  fs.writeFileSync(path.join(PER_FILE_DIR, `${path.basename(testFile)}.json`), JSON.stringify({ bytes, page }));
  const files: Record<string, { bytes: number; page: string }> = {};
  let top = { bytes: 0, page: '' };
  for (const f of fs.readdirSync(PER_FILE_DIR).filter((x) => x.endsWith('.json'))) {
    try {
      const v = JSON.parse(fs.readFileSync(path.join(PER_FILE_DIR, f), 'utf8')) as { bytes: number; page: string };
      files[f.replace(/\.json$/, '')] = v;
      if (v.bytes > top.bytes) top = v;
    } catch {
      // another worker is writing it right now; its own summary will include it
    }
  }
  const tmp = path.join(BENCH_DIR, `setdata-max.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify({ ...top, files }, null, 2)}\n`);
  fs.renameSync(tmp, path.join(BENCH_DIR, 'setdata-max.json'));
}

// ---- WXML: wcc needs every template (ours and TDesign's) and every WXS up front ----

function walk(dir: string, ext: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, ext));
    else if (e.name.endsWith(ext)) out.push(p);
  }
  return out;
}

function usingOf(jsonFile: string): Record<string, string> {
  const j = JSON.parse(fs.readFileSync(jsonFile, 'utf8')) as { usingComponents?: Record<string, string> };
  return j.usingComponents ?? {};
}

/** TDesign component dirs (relative to its dist) reachable from our pages, following their own usingComponents. */
function tdesignClosure(): Set<string> {
  const seen = new Set<string>();
  const queue: string[] = [];
  for (const json of walk(MINIPROGRAM, '.json')) {
    for (const spec of Object.values(usingOf(json)))
      if (spec.startsWith(TD_PREFIX)) queue.push(path.posix.dirname(spec.slice(TD_PREFIX.length)));
  }
  while (queue.length) {
    const dir = queue.pop() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const abs = path.join(REPO, TD_DIST, dir);
    for (const json of fs.readdirSync(abs).filter((f) => f.endsWith('.json'))) {
      for (const spec of Object.values(usingOf(path.join(abs, json))))
        queue.push(path.posix.normalize(path.posix.join(dir, path.posix.dirname(spec))));
    }
  }
  return seen;
}

let compilerOptions: { wxmlList: string[]; wxsList: string[] } | null = null;
function wccLists(): { wxmlList: string[]; wxsList: string[] } {
  if (compilerOptions) return compilerOptions;
  const td = path.join(REPO, TD_DIST);
  const dirs = [...tdesignClosure(), 'common'];
  const tdWxml = dirs.flatMap((d) => walk(path.join(td, d), '.wxml'));
  const rel = (f: string) => path.relative(REPO, f).split(path.sep).join('/');
  compilerOptions = {
    wxmlList: [...walk(MINIPROGRAM, '.wxml'), ...tdWxml].map(rel),
    wxsList: [...walk(MINIPROGRAM, '.wxs'), ...walk(td, '.wxs')].map(rel),
  };
  return compilerOptions;
}

/** usingComponents overrides: `tdesign-miniprogram/x/y` → the real file, as WeChat resolves it from miniprogram_npm. */
function tdesignOverrides(pageJson: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [tag, spec] of Object.entries(usingOf(pageJson))) {
    if (spec.startsWith(TD_PREFIX)) out[tag] = `/${TD_DIST}/${spec.slice(TD_PREFIX.length)}`;
  }
  return out;
}

// ---- in-process cloud ----

/**
 * The real handlers with a real store, called the way the wire would (JSON in, JSON out); `files` is the material
 * storage the functions get (Deps.files), as the local cloud gives it.
 */
export function inProcessTransport(
  store: SqliteStore,
  openid: string | null,
  now: () => Date,
  files?: FileStorage,
  system = false,
): Transport {
  return async (fn: FunctionName, body) => {
    const handler = Object.prototype.hasOwnProperty.call(FUNCTIONS, fn) ? FUNCTIONS[fn] : undefined;
    if (!handler) return fail('UNKNOWN_FUNCTION');
    const deps = files ? { store, now, files, log: () => undefined } : { store, now, log: () => undefined };
    const env = await handler(JSON.parse(JSON.stringify(body)), system ? { openid, system } : { openid }, deps);
    return JSON.parse(JSON.stringify(env)) as unknown;
  };
}

// ---- materials: the local cloud's file storage, and WeChat's pickers and uploads ----

/** The address the test storage signs its URLs for; nothing listens there: wx.request is routed in-process. */
export const FILE_BASE = 'http://local-cloud.test';

/** A file storage in a temp folder, served to the client the way the local cloud serves `/files/`. */
export interface TestFiles {
  storage: LocalFileStorage;
  dir: string;
  /** PUT requests that reached the storage route, with their answer's status. */
  puts: { url: string; status: number }[];
  /** Restores wx.request and deletes the folder. */
  close(): void;
}

/** Runs one request through the local cloud's own file route (scripts/local-cloud/files.ts). */
async function throughFileRoute(
  storage: LocalFileStorage,
  method: string,
  url: string,
  bytes: Buffer,
  now: () => Date,
): Promise<{ status: number; body: unknown }> {
  const u = new URL(url);
  const req = Object.assign(Readable.from(bytes.length ? [bytes] : []), {
    method,
    url: `${u.pathname}${u.search}`,
    headers: { 'content-length': String(bytes.length) },
  });
  let status = 0;
  let text = '';
  const res = {
    setHeader: () => undefined,
    writeHead(code: number) {
      status = code;
      return res;
    },
    end(chunk?: string | Buffer) {
      if (chunk !== undefined) text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk;
    },
  };
  await handleFileRequest(req as unknown as http.IncomingMessage, res as unknown as http.ServerResponse, storage, now);
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // a file's bytes (GET)
  }
  return { status, body };
}

/**
 * Starts a test file storage and routes the client's `wx.request` PUTs to {@link FILE_BASE} through the local cloud's
 * own file route, so the upload the client performs (ticket → PUT → attach) is exactly the local cloud's.
 */
export function testFiles(now: () => Date): TestFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-files-'));
  const storage = localFileStorage(dir, () => FILE_BASE);
  const puts: TestFiles['puts'] = [];
  const original = wx.request;
  wx.request = ((opts: WechatMiniprogram.RequestOption) => {
    if (!opts.url.startsWith(`${FILE_BASE}/`)) return original(opts);
    const raw = opts.data as unknown;
    const data =
      Object.prototype.toString.call(raw) === '[object ArrayBuffer]'
        ? Buffer.from(new Uint8Array(raw as ArrayBuffer))
        : Buffer.from(String(raw ?? ''));
    void throughFileRoute(storage, String(opts.method ?? 'GET'), opts.url, data, now).then(
      (r) => {
        puts.push({ url: opts.url, status: r.status });
        const res = { statusCode: r.status, data: r.body, header: {}, cookies: [], errMsg: 'request:ok' };
        if (opts.success) (opts.success as (x: unknown) => void)(res);
      },
      () => opts.fail && (opts.fail as (x: unknown) => void)({ errMsg: 'request:fail' }),
    );
    return {} as WechatMiniprogram.RequestTask;
  }) as typeof wx.request;
  return {
    storage,
    dir,
    puts,
    close() {
      wx.request = original;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A file the user will pick. */
export interface Fixture {
  name: string;
  bytes: Buffer;
}

/** A small JPEG (magic bytes FF D8 FF). */
export function jpeg(name = 'photo.jpg', size = 2048): Fixture {
  const b = Buffer.alloc(size, 0x11);
  b[0] = 0xff;
  b[1] = 0xd8;
  b[2] = 0xff;
  b[3] = 0xe0;
  b[size - 2] = 0xff;
  b[size - 1] = 0xd9;
  return { name, bytes: b };
}

/** A small PDF (magic bytes %PDF). */
export function pdf(name = 'letter.pdf'): Fixture {
  return {
    name,
    bytes: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1'),
  };
}

const tempFiles = new Map<string, Buffer>();
let tempSeq = 0;

function tempPath(f: Fixture): string {
  const p = `wxfile://tmp_${++tempSeq}/${f.name}`;
  tempFiles.set(p, f.bytes);
  return p;
}

// Reading a picked file back (the client reads the bytes it PUTs).
wx.getFileSystemManager = (() => ({
  readFile(o: {
    filePath: string;
    success?: (r: { data: ArrayBuffer }) => void;
    fail?: (e: { errMsg: string }) => void;
  }) {
    const b = tempFiles.get(o.filePath);
    setTimeout(() => {
      if (b && o.success) {
        // An ArrayBuffer of the page's realm, as WeChat hands it over.
        const ab = new ArrayBuffer(b.length);
        new Uint8Array(ab).set(b);
        o.success({ data: ab });
      } else if (!b && o.fail) o.fail({ errMsg: 'readFile:fail no such file' });
    }, 0);
  },
})) as unknown as typeof wx.getFileSystemManager;

/** The next `wx.chooseMedia` picks these photos (camera or album). */
export function nextPhotos(files: Fixture[]): void {
  wx.chooseMedia = ((o: WechatMiniprogram.ChooseMediaOption) => {
    const tempFiles = files.map((f) => ({
      tempFilePath: tempPath(f),
      size: f.bytes.length,
      fileType: 'image',
      duration: 0,
      height: 100,
      width: 100,
      thumbTempFilePath: '',
    }));
    setTimeout(
      () => o.success && (o.success as (r: unknown) => void)({ tempFiles, type: 'image', errMsg: 'chooseMedia:ok' }),
      0,
    );
  }) as typeof wx.chooseMedia;
}

/** The next `wx.chooseMessageFile` picks these files (a PDF from a chat). */
export function nextFiles(files: Fixture[]): void {
  wx.chooseMessageFile = ((o: WechatMiniprogram.ChooseMessageFileOption) => {
    const picked = files.map((f) => ({ path: tempPath(f), name: f.name, size: f.bytes.length, type: 'file', time: 0 }));
    setTimeout(
      () => o.success && (o.success as (r: unknown) => void)({ tempFiles: picked, errMsg: 'chooseMessageFile:ok' }),
      0,
    );
  }) as typeof wx.chooseMessageFile;
}

/** A clock the test moves (the functions and the file route read it on every call). */
export function movableClock(iso: string): { now: () => Date; set(iso: string): void } {
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    set(next: string) {
      t = new Date(next).getTime();
    },
  };
}

/** A fresh in-memory store. */
export function memoryStore(): SqliteStore {
  return openSqliteStore(':memory:');
}

/** A fixed clock. */
export function fixedClock(iso: string): () => Date {
  const t = new Date(iso).getTime();
  return () => new Date(t);
}

// ---- loading pages ----

type ApiModule = typeof import('../../miniprogram/services/api');

/** A rendered page. */
export interface Rendered {
  id: string;
  comp: SimNode;
}

/** Every page of app.json, main package and subpackages, as paths from the mini program root (`points/pages/apply/apply`). */
export function appJsonPages(): string[] {
  const app = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'app.json'), 'utf8')) as {
    pages: string[];
    subpackages?: { root: string; pages: string[] }[];
  };
  return [...app.pages, ...(app.subpackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))];
}

/**
 * The app.json page a test names: `apply` → the page whose folder and file are `apply/apply`, in whichever package
 * app.json puts it (`points/pages/apply/apply`); a path (`reviewer/pages/queue/queue`) must be an app.json page itself.
 */
export function pagePath(page: string): string {
  const pages = appJsonPages();
  const hits = page.includes('/')
    ? pages.filter((p) => p === page)
    : pages.filter((p) => `/${p}`.endsWith(`/pages/${page}/${page}`));
  if (hits.length !== 1) throw new Error(`app.json has ${hits.length} pages named ${page}`);
  return hits[0];
}

/**
 * Loads and renders an app.json page (`home`, `apply`, or a path such as `reviewer/pages/queue/queue`: see
 * {@link pagePath}) with `transport` installed. Resets the module registry first (simulate's own cache-busting
 * does nothing under jest), so each page gets fresh services (and a fresh round cache).
 */
export function renderPage(page: string, transport: Transport): Rendered {
  jest.resetModules();
  // The same module instance the page is about to require: the registry was just reset.
  const api = requireNow<ApiModule>(path.join(MINIPROGRAM, 'services/api'));
  api.setTransport(transport);
  const base = path.join(MINIPROGRAM, pagePath(page));
  const id = simulate.load(base, {
    compiler: 'official',
    rootPath: REPO,
    compilerOptions: wccLists(),
    usingComponents: tdesignOverrides(`${base}.json`),
  });
  const comp = simulate.render(id);
  comp.attach(document.createElement('parent-wrapper'));
  return { id, comp };
}

/** Lets pending promises (the in-process calls) settle. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

/** Waits until `cond` holds (or fails the test with `what`). */
export async function waitFor(cond: () => boolean, what: string, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 0));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

type Node = SimNode;

/** The node with this id in the page; fails the test when absent. */
export function byId(r: Rendered, id: string): Node {
  const el = r.comp.querySelector(`#${id}`);
  if (!el) throw new Error(`#${id} is not on the page`);
  return el;
}

/** Whether an element with this id is rendered. */
export function has(r: Rendered, id: string): boolean {
  return !!r.comp.querySelector(`#${id}`);
}

/** Text content of a plain element (view/text) with this id, whitespace collapsed; '' when absent. */
export function textOf(r: Rendered, id: string): string {
  const el = r.comp.querySelector(`#${id}`);
  const dom = el ? (el.dom as HTMLElement | undefined) : undefined;
  return dom ? (dom.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
}

/**
 * TDesign components are virtual hosts (no element of their own): events go to their inner element, found by its
 * class inside the component, and bubble out to the page's bindings as they do in WeChat.
 */
export function inner(r: Rendered, id: string, selector: string): Node {
  const el = byId(r, id).querySelector(selector);
  if (!el) throw new Error(`#${id} has no ${selector}`);
  return el;
}

/** Taps a t-button. */
export async function tapButton(r: Rendered, id: string): Promise<void> {
  inner(r, id, '.t-button').dispatchEvent('tap');
  await settle(2);
}

/** Types a whole value into a t-input (one input event, as the keyboard's last keystroke sends it). */
export async function typeInto(r: Rendered, id: string, value: string): Promise<void> {
  inner(r, id, '.t-input__control').dispatchEvent('input', { detail: { value, cursor: value.length, keyCode: 0 } });
  await settle(2);
}

/** Flips a t-switch. */
export async function toggleSwitch(r: Rendered, id: string): Promise<void> {
  inner(r, id, '.t-switch').dispatchEvent('tap');
  await settle(2);
}

/** Chooses the option at `index` of a t-radio-group rendered from `options`. */
export async function chooseOption(r: Rendered, id: string, index: number): Promise<void> {
  const radios = byId(r, id).querySelectorAll('.t-radio-option');
  const radio = radios[index];
  if (!radio) throw new Error(`#${id} has no option ${index}`);
  const view = radio.querySelector('.t-radio');
  if (!view) throw new Error(`#${id} option ${index} has no .t-radio`);
  view.dispatchEvent('tap');
  await settle(2);
}

/** The text of a TDesign dialog (`t-dialog`, a virtual host) with this id, whitespace collapsed; '' when closed. */
export function dialogText(r: Rendered, id = 'confirm-dialog'): string {
  const el = byId(r, id).querySelector('.t-dialog');
  const dom = el ? (el.dom as HTMLElement | undefined) : undefined;
  return dom ? (dom.textContent ?? '').replace(/\s+/g, ' ').trim() : '';
}

/** Taps a button of a TDesign dialog: its confirm button, or its cancel button. */
async function tapDialog(r: Rendered, which: 'confirm' | 'cancel', id: string): Promise<void> {
  const host = byId(r, id).querySelector(`.t-dialog__button--${which}`);
  const button = host?.querySelector('.t-button');
  if (!button) throw new Error(`#${id} shows no ${which} button`);
  button.dispatchEvent('tap');
  await settle(2);
}

/** Taps the confirm button (删除) of the dialog with this id. */
export async function confirmDialog(r: Rendered, id = 'confirm-dialog'): Promise<void> {
  await tapDialog(r, 'confirm', id);
}

/** Taps the cancel button (取消) of the dialog with this id. */
export async function cancelDialog(r: Rendered, id = 'confirm-dialog'): Promise<void> {
  await tapDialog(r, 'cancel', id);
}
