/** Reading WXML events without trusting their shape: datasets and details arrive untyped. */

/** A dataset: `data-*` attributes of the element a handler is bound on. */
export type Dataset = Record<string, unknown>;

/** An event as handlers receive it (only the parts read here). */
export interface Evt {
  currentTarget?: { dataset?: Dataset };
  detail?: unknown;
}

/** The dataset of the element the handler is bound on. */
export function ds(e: Evt): Dataset {
  return e && e.currentTarget && e.currentTarget.dataset ? e.currentTarget.dataset : {};
}

/** A string from a dataset value or detail ('' when neither a string nor a number). */
export function str(x: unknown): string {
  return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

/** `detail.value` of an input/picker/radio change. */
export function detailValue(e: Evt): unknown {
  const d = e ? e.detail : undefined;
  return typeof d === 'object' && d !== null && 'value' in d ? (d as { value: unknown }).value : undefined;
}

/** Page query values are `string | undefined`: a non-empty string or null. */
export function queryParam(query: Record<string, string | undefined> | undefined, key: string): string | null {
  const v = query ? query[key] : undefined;
  if (typeof v !== 'string' || v.length === 0) return null;
  try {
    return decodeURIComponent(v);
  } catch {
    return v; // already decoded, with a literal %
  }
}
