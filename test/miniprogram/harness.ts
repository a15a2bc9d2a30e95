/**
 * Page tests: miniprogram-simulate renders our pages (Component()) with the real TDesign components, compiled by
 * WeChat's own WXML compiler (wcc), and the pages' API calls go through the in-process transport to the real
 * cloud-function handlers and a real SQLite store. Also measures every setData payload of our pages (the bench reads
 * the largest from `.bench/setdata-max.json`).
 */
import fs from 'fs';
import path from 'path';
import { FUNCTIONS } from '../../cloudfunctions/_core/registry';
import { openSqliteStore, type SqliteStore } from '../../cloudfunctions/_core/store';
import { fail, type FunctionName } from '../../shared';
import type { Transport } from '../../miniprogram/services/api';

export const REPO = path.resolve(__dirname, '../..');
export const MINIPROGRAM = path.join(REPO, 'miniprogram');
const TD_DIST = 'node_modules/tdesign-miniprogram/miniprogram_dist';
const TD_PREFIX = 'tdesign-miniprogram/';

/** A node of a rendered tree (the part of j-component's API these tests use). */
export interface SimNode {
  /** The DOM element; undefined for virtual hosts (TDesign components). */
  readonly dom: HTMLElement | undefined;
  /** The page's data and instance: untyped here, the tests read what the page renders. */
  readonly data: any;
  readonly instance: any;
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
    options: { compiler: 'official' | 'simulate'; rootPath: string; compilerOptions?: object; usingComponents?: Record<string, string> },
  ): string;
  render(id: string, properties?: object): SimNode;
}
export const simulate = require('miniprogram-simulate') as Simulate;

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
    for (const spec of Object.values(usingOf(json))) if (spec.startsWith(TD_PREFIX)) queue.push(path.posix.dirname(spec.slice(TD_PREFIX.length)));
  }
  while (queue.length) {
    const dir = queue.pop() as string;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const abs = path.join(REPO, TD_DIST, dir);
    for (const json of fs.readdirSync(abs).filter((f) => f.endsWith('.json'))) {
      for (const spec of Object.values(usingOf(path.join(abs, json)))) queue.push(path.posix.normalize(path.posix.join(dir, path.posix.dirname(spec))));
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

/** The real handlers with a real store, called the way the wire would (JSON in, JSON out). */
export function inProcessTransport(store: SqliteStore, openid: string | null, now: () => Date): Transport {
  return async (fn: FunctionName, body) => {
    const handler = Object.prototype.hasOwnProperty.call(FUNCTIONS, fn) ? FUNCTIONS[fn] : undefined;
    if (!handler) return fail('UNKNOWN_FUNCTION');
    const env = await handler(JSON.parse(JSON.stringify(body)), { openid }, { store, now, log: () => undefined });
    return JSON.parse(JSON.stringify(env)) as unknown;
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

/**
 * Loads and renders a page with `transport` installed. Resets the module registry first (simulate's own cache-busting
 * does nothing under jest), so each page gets fresh services (and a fresh round cache).
 */
export function renderPage(page: 'home' | 'simulate', transport: Transport): Rendered {
  jest.resetModules();
  // The same module instance the page is about to require: the registry was just reset.
  const api = require(path.join(MINIPROGRAM, 'services/api')) as ApiModule;
  api.setTransport(transport);
  const base = path.join(MINIPROGRAM, 'pages', page, page);
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
