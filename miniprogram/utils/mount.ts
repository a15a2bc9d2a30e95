/**
 * Thin pages: a page owns one controller (plain TypeScript, free of the page API, testable on its own) that emits a
 * whole view model; only what changed since the last render is sent with setData (utils/patch.ts).
 */
import { diffPatch } from './patch';

/** What every controller offers the page. */
export interface Controller {
  /** The page is gone: late answers must not render. */
  dispose(): void;
}

interface Holder {
  ctl: Controller;
  last: Record<string, unknown>;
}

/** The page instance as far as mounting needs it. */
export interface PageLike {
  setData(data: Record<string, unknown>): void;
}

const holders = new WeakMap<object, Holder>();

/**
 * Creates the page's controller with a render function that diffs against the last view model (starting from
 * `initial`, the page's `data`) and sends the changes.
 */
export function mount<C extends Controller, VM extends object>(
  page: PageLike,
  initial: VM,
  make: (render: (vm: VM) => void) => C,
): C {
  const holder: Holder = { last: initial as unknown as Record<string, unknown>, ctl: null as unknown as Controller };
  const ctl = make((vm) => {
    const next = vm as unknown as Record<string, unknown>;
    const patch = diffPatch(holder.last, next);
    holder.last = next;
    if (Object.keys(patch).length) page.setData(patch);
  });
  holder.ctl = ctl;
  holders.set(page, holder);
  return ctl;
}

/** The page's controller, or null before attach / after detach. */
export function controllerOf<C extends Controller>(page: object): C | null {
  const h = holders.get(page);
  return h ? (h.ctl as C) : null;
}

/** Disposes the page's controller and forgets it. */
export function unmount(page: object): void {
  const h = holders.get(page);
  if (h) h.ctl.dispose();
  holders.delete(page);
}
