/**
 * What a rendered node really measures. jsdom cascades the compiled WXSS (simulate inserts it, rpx as px) but neither
 * inherits custom properties nor substitutes `var()`; this resolves them as a browser would: a custom property's value
 * is taken from the nearest element that declares it (raw declarations of the inserted `<style>`s and inline
 * styles, by specificity then order), with its own `var()`s substituted there (where it is declared),
 * and a missing one falls back to the `var()`'s default. Then the final px of a font, a height or an icon size.
 */

/** A rule of the inserted WXSS: selector, specificity, order and raw declarations (jsdom drops `var()` lengths). */
interface RawRule {
  selector: string;
  specificity: number;
  order: number;
  decls: Map<string, string>;
}

/** Splits declarations at top-level semicolons into a map (raw values, `!important` dropped). */
function parseDecls(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let depth = 0;
  let start = 0;
  const push = (part: string) => {
    const colon = part.indexOf(':');
    if (colon > 0)
      out.set(
        part.slice(0, colon).trim(),
        part
          .slice(colon + 1)
          .replace(/!important/, '')
          .trim(),
      );
  };
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ';' && depth === 0) {
      push(text.slice(start, i));
      start = i + 1;
    }
  }
  push(text.slice(start));
  return out;
}

/** A simple selector's specificity as one number (ids, then classes, then types). */
function specificityOf(selector: string): number {
  const ids = (selector.match(/#[\w-]+/g) ?? []).length;
  const classes = (selector.match(/\.[\w-]+|\[[^\]]*\]|:(?!:)[\w-]+/g) ?? []).length;
  const types = (selector.replace(/[#.][\w-]+|\[[^\]]*\]|::?[\w-]+/g, ' ').match(/[a-zA-Z][\w-]*/g) ?? []).length;
  return ids * 10000 + classes * 100 + types;
}

let cacheKey = '';
let cacheRules: RawRule[] = [];
/** Every rule of the page's inserted style elements (top-level rules only; @font-face and @media are skipped). */
function rules(): RawRule[] {
  const text = Array.from(document.querySelectorAll('style'))
    .map((s) => s.innerHTML)
    .join('\n');
  if (text === cacheKey) return cacheRules;
  const out: RawRule[] = [];
  const re = /([^{}@]+)\{([^{}]*)\}/g;
  let m: RegExpExecArray | null;
  let order = 0;
  while ((m = re.exec(text))) {
    const decls = parseDecls(m[2]);
    for (const selector of m[1]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      out.push({ selector, specificity: specificityOf(selector), order: order++, decls });
  }
  cacheKey = text;
  cacheRules = out;
  return out;
}

/** Whether `el` matches `selector` (selectors jsdom cannot parse never match). */
function matches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** The value `el` itself declares for `prop`: its inline style first, then the winning stylesheet rule; '' when none. */
function declared(el: Element, prop: string): string {
  const inline = parseDecls(el.getAttribute('style') ?? '').get(prop);
  if (inline) return inline;
  let best: RawRule | undefined;
  for (const r of rules()) {
    if (!r.decls.has(prop) || !matches(el, r.selector)) continue;
    if (!best || r.specificity > best.specificity || (r.specificity === best.specificity && r.order > best.order))
      best = r;
  }
  return best ? (best.decls.get(prop) as string) : '';
}

/** A custom property's computed value at `el` (inherited from the nearest declaring ancestor); undefined when unset. */
export function customValue(el: Element | null, name: string): string | undefined {
  for (let e = el; e; e = e.parentElement) {
    const v = declared(e, name);
    if (v) return resolveVars(v, e);
  }
  return undefined;
}

/** Splits `var(name, fallback)`'s inside at its first top-level comma. */
function splitVar(inside: string): [string, string | undefined] {
  let depth = 0;
  for (let i = 0; i < inside.length; i++) {
    const c = inside[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) return [inside.slice(0, i).trim(), inside.slice(i + 1).trim()];
  }
  return [inside.trim(), undefined];
}

/** `value` with every `var()` substituted as seen from `el`. */
export function resolveVars(value: string, el: Element): string {
  const at = value.indexOf('var(');
  if (at < 0) return value;
  let depth = 0;
  let end = at + 3;
  for (; end < value.length; end++) {
    if (value[end] === '(') depth++;
    else if (value[end] === ')' && --depth === 0) break;
  }
  const [name, fallback] = splitVar(value.slice(at + 4, end));
  const sub = customValue(el, name) ?? (fallback === undefined ? '' : resolveVars(fallback, el));
  return resolveVars(value.slice(0, at) + sub + value.slice(end + 1), el);
}

/** A length as px: `48px`, `calc(40px * 1.5)`; NaN when it is neither. */
export function px(length: string): number {
  const calc = /calc\(\s*([\d.]+)px\s*\*\s*([\d.]+)\s*\)/.exec(length);
  if (calc) return Number(calc[1]) * Number(calc[2]);
  const m = /^\s*([\d.]+)px/.exec(length);
  return m ? Number(m[1]) : NaN;
}

/** The font size `el` renders at (px): its own font-size or font shorthand, else inherited. */
export function fontPx(el: Element): number {
  for (let e: Element | null = el; e; e = e.parentElement) {
    const size = declared(e, 'font-size');
    if (size && size !== 'inherit') return px(resolveVars(size, e));
    const font = declared(e, 'font');
    if (font) {
      const f = resolveVars(font, e);
      const m = /([\d.]+)px\s*\//.exec(f) ?? /([\d.]+)px/.exec(f);
      if (m) return Number(m[1]);
    }
  }
  return NaN;
}

/** A length property of `el` itself (height, min-height…) in px; NaN when not declared. */
export function lengthPx(el: Element, prop: string): number {
  const v = declared(el, prop);
  return v ? px(resolveVars(v, el)) : NaN;
}

/** The larger of `height` and `min-height` (px): how tall a tap target is at least. */
export function targetPx(el: Element): number {
  const h = [lengthPx(el, 'height'), lengthPx(el, 'min-height')].filter((n) => !Number.isNaN(n));
  return h.length ? Math.max(...h) : NaN;
}
