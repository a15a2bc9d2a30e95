/**
 * Minimal setData payloads: pages compute their whole view model, and only what changed since the last render is
 * sent, as setData path keys (`sheet.lines[3].points`). The logic layer → view layer copy is the main cost of a
 * mini program page, so a keystroke must not resend the whole form.
 */

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function walk(prev: unknown, next: unknown, path: string, out: Record<string, unknown>): void {
  if (prev === next) return;
  if (isPlainObject(prev) && isPlainObject(next)) {
    for (const k of Object.keys(next)) walk(prev[k], next[k], `${path}.${k}`, out);
    // setData cannot delete a key: a vanished field becomes null.
    for (const k of Object.keys(prev)) if (!(k in next)) out[`${path}.${k}`] = null;
    return;
  }
  if (Array.isArray(prev) && Array.isArray(next) && prev.length === next.length) {
    for (let i = 0; i < next.length; i++) walk(prev[i], next[i], `${path}[${i}]`, out);
    return;
  }
  out[path] = next;
}

/**
 * The setData payload turning `prev` into `next` (both JSON-like view models). With no `prev`, everything. Arrays whose
 * length changed are sent whole; keys must not contain `.` or `[`.
 */
export function diffPatch(
  prev: Record<string, unknown> | null,
  next: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(next)) {
    if (!prev) out[k] = next[k];
    else walk(prev[k], next[k], k, out);
  }
  return out;
}
