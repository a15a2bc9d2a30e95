/**
 * A fast path for input that a zod schema accepts: a parser assembled once from the schema's own definition
 * (`_zod.def`, its checks run by zod's own `_zod.check`), which returns exactly the output zod would, or
 * {@link NOT_SURE} at the first thing it does not expect. The caller then parses with zod itself, so every refusal and
 * every message still comes from zod; this only answers "valid, and here is zod's output" without zod's per-node
 * bookkeeping (issue lists, payload objects, key-presence ladders), several times faster on a valid profile.
 *
 * Deliberately narrow: the node kinds the profile uses, and within them only the clear cases (plain objects, present
 * values, absent keys of defaulted or optional fields). Anything else — a schema kind it does not know, an absent key of
 * a required field, an unknown key of a strict object, a check that reports an issue — is {@link NOT_SURE}. zod's
 * classic `z.compile` does the same generally, with generated code; it is ~37 KB in a function bundle and needs
 * `new Function`, which the mini program does not have.
 */
import type * as z from 'zod/mini';

/** The fast path's "ask zod": never a valid output. */
export const NOT_SURE: unique symbol = Symbol('zod-fast.not-sure');

/** A fast parser: zod's output for accepted input, {@link NOT_SURE} otherwise. */
export type FastParser<T> = (input: unknown) => T | typeof NOT_SURE;

type Node = (v: unknown) => unknown;
/** A zod check or schema as this module reads it (zod's internal definition, typed loosely on purpose). */
interface Internals {
  _zod: {
    def: {
      type: string;
      checks?: Internals[];
      when?: (payload: unknown) => boolean;
      coerce?: boolean;
      shape?: Record<string, Internals>;
      catchall?: Internals;
      element?: Internals;
      innerType?: Internals;
      options?: Internals[];
      defaultValue?: unknown;
      fn?: (value: unknown) => unknown;
    };
    traits: Set<string>;
    values?: Set<unknown>;
    check?: (payload: { value: unknown; issues: unknown[] }) => unknown;
  };
}

/** Thrown while assembling: this schema has something the fast path does not model. */
class Unsupported extends Error {}

const plainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** A check's payload as zod passes it. */
type Payload = { value: unknown; issues: unknown[] };

/** One check of a node, as zod runs it: its `when`, and a refinement's function or else the check itself. */
interface Check {
  when: ((payload: Payload) => boolean) | undefined;
  /** A refinement (zod's $ZodCustom): its own function, which zod calls with the value alone and fails when falsy. */
  fn: ((value: unknown) => unknown) | undefined;
  run: ((payload: Payload) => unknown) | undefined;
}

function checkOf(c: Internals): Check {
  const def = c._zod.def;
  const fn = c._zod.traits.has('$ZodCustom') && typeof def.fn === 'function' ? def.fn : undefined;
  const run = c._zod.check;
  if (!fn && typeof run !== 'function') throw new Unsupported('check');
  return { when: def.when, fn, run: fn ? undefined : run };
}

/** Runs a node's checks as zod does on a value that parsed cleanly: the value (checks may rewrite it), or NOT_SURE. */
function withChecks(node: Node, checks: readonly Internals[]): Node {
  if (!checks.length) return node;
  const all = checks.map(checkOf);
  // One payload per node, reused: checks run synchronously and keep nothing of it when they pass.
  const payload: Payload = { value: undefined, issues: [] };
  return (v) => {
    const value = node(v);
    if (value === NOT_SURE) return NOT_SURE;
    payload.value = value;
    for (let i = 0; i < all.length; i++) {
      const c = all[i];
      if (c.when && !c.when(payload)) continue;
      let ok: boolean;
      if (c.fn) {
        const r = c.fn(payload.value);
        ok = !(r instanceof Promise) && Boolean(r);
      } else {
        const r = (c.run as (p: Payload) => unknown)(payload);
        ok = !(r instanceof Promise) && payload.issues.length === 0;
      }
      if (!ok) {
        payload.issues.length = 0;
        payload.value = undefined;
        return NOT_SURE;
      }
    }
    const out = payload.value;
    // Nothing of this parse is kept past it.
    payload.value = undefined;
    return out;
  };
}

/** How a field's present value is parsed: a kind the object node checks inline, or a node of its own. */
const enum Kind {
  Node,
  String,
  Boolean,
  Number,
  OneOf,
  /** A string whose only checks are refinements without a `when` (dates, months): each must return truthy. */
  RefinedString,
}

/** A field of an object: how an absent (or `undefined`) value is answered, and how a present one is parsed. */
interface Field {
  key: string;
  kind: Kind;
  parse: Node;
  values: Set<unknown> | null;
  refinements: ((value: unknown) => unknown)[];
  /** For an absent key: `default` fills in the schema's default, `omit` leaves the key out, `ask` defers to zod. */
  absent: 'default' | 'omit' | 'ask';
  schema: Internals;
}

/**
 * The inline kind of a schema, for the object node to check without calling a node per field (most fields are plain
 * strings, booleans, dates and enums); `Node` for anything else.
 */
function kindOf(s: Internals): { kind: Kind; values: Set<unknown> | null; refinements: Field['refinements'] } {
  const def = s._zod.def;
  const checks = def.checks ?? [];
  const none = { kind: Kind.Node, values: null, refinements: [] };
  if (def.coerce) return none;
  if (def.type === 'string') {
    if (!checks.length) return { kind: Kind.String, values: null, refinements: [] };
    const refinements: Field['refinements'] = [];
    for (const c of checks) {
      const fn = c._zod.def.fn;
      if (!c._zod.traits.has('$ZodCustom') || c._zod.def.when || typeof fn !== 'function') return none;
      refinements.push(fn);
    }
    return { kind: Kind.RefinedString, values: null, refinements };
  }
  if (checks.length) return none;
  if (def.type === 'boolean') return { kind: Kind.Boolean, values: null, refinements: [] };
  if (def.type === 'number') return { kind: Kind.Number, values: null, refinements: [] };
  if ((def.type === 'enum' || def.type === 'literal') && s._zod.values)
    return { kind: Kind.OneOf, values: s._zod.values, refinements: [] };
  return none;
}

function fieldOf(key: string, schema: Internals): Field {
  const def = schema._zod.def;
  // zod would run a wrapper's own checks on the default it fills in: not modelled.
  const plain = !def.checks?.length;
  const absent = !plain ? 'ask' : def.type === 'default' ? 'default' : def.type === 'optional' ? 'omit' : 'ask';
  // A present value of a check-free default or optional wrapper is its inner schema's to parse.
  const wrapped = plain && (def.type === 'default' || def.type === 'optional') ? def.innerType : undefined;
  const { kind, values, refinements } = kindOf(wrapped ?? schema);
  // The object node never passes `undefined` on, so the wrapper's own node (which asks zod about it) is skipped.
  return { key, kind, parse: build(wrapped ?? schema), values, refinements, absent, schema };
}

/** Whether every refinement passes `x` (a promise is asynchronous: not modelled). */
function refined(refinements: Field['refinements'], x: unknown): boolean {
  for (const fn of refinements) {
    const r = fn(x);
    if (!r || r instanceof Promise) return false;
  }
  return true;
}

/** A present field value parsed as zod would, or NOT_SURE. */
function parseField(f: Field, x: unknown): unknown {
  switch (f.kind) {
    case Kind.String:
      return typeof x === 'string' ? x : NOT_SURE;
    case Kind.Boolean:
      return typeof x === 'boolean' ? x : NOT_SURE;
    case Kind.Number:
      // zod's number refuses NaN and ±Infinity.
      return typeof x === 'number' && Number.isFinite(x) ? x : NOT_SURE;
    case Kind.OneOf:
      return (f.values as Set<unknown>).has(x) ? x : NOT_SURE;
    case Kind.RefinedString:
      return typeof x === 'string' && refined(f.refinements, x) ? x : NOT_SURE;
    default: {
      const y = f.parse(x);
      return y === undefined ? NOT_SURE : y;
    }
  }
}

function objectNode(s: Internals): Node {
  const def = s._zod.def;
  const catchall = def.catchall;
  // Unknown keys: stripped (no catchall) or refused (a strict object's `never`); anything else is not modelled.
  const strict = catchall !== undefined;
  if (strict && catchall._zod.def.type !== 'never') throw new Unsupported('catchall');
  const fields = Object.entries(def.shape ?? {}).map(([k, v]) => fieldOf(k, v));
  const known = new Set(fields.map((f) => f.key));
  return (v) => {
    if (!plainObject(v)) return NOT_SURE;
    if (strict) for (const k in v) if (!known.has(k)) return NOT_SURE;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const x = v[f.key];
      if (x === undefined) {
        // A key present with `undefined` is one of zod's finer distinctions: leave it to zod.
        if (f.absent === 'ask' || f.key in v) return NOT_SURE;
        if (f.absent === 'default') out[f.key] = f.schema._zod.def.defaultValue;
        continue;
      }
      const y = parseField(f, x);
      if (y === NOT_SURE) return NOT_SURE;
      out[f.key] = y;
    }
    return out;
  };
}

function arrayNode(s: Internals): Node {
  const element = build(s._zod.def.element as Internals);
  return (v) => {
    if (!Array.isArray(v)) return NOT_SURE;
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) {
      const y = i in v ? element(v[i]) : NOT_SURE;
      if (y === NOT_SURE) return NOT_SURE;
      out[i] = y;
    }
    return out;
  };
}

function unionNode(s: Internals): Node {
  // First option that accepts, as zod's inclusive union; exclusive and discriminated unions are not modelled.
  const traits = s._zod.traits;
  if (traits.has('$ZodXor') || traits.has('$ZodDiscriminatedUnion')) throw new Unsupported('union kind');
  const options = (s._zod.def.options ?? []).map(build);
  return (v) => {
    for (const o of options) {
      const y = o(v);
      if (y !== NOT_SURE) return y;
    }
    return NOT_SURE;
  };
}

function oneOfNode(s: Internals): Node {
  const values = s._zod.values;
  if (!values) throw new Unsupported('values');
  return (v) => (values.has(v) ? v : NOT_SURE);
}

function primitiveNode(s: Internals): Node {
  const type = s._zod.def.type;
  if (s._zod.def.coerce) throw new Unsupported('coerce');
  if (type === 'string') return (v) => (typeof v === 'string' ? v : NOT_SURE);
  if (type === 'boolean') return (v) => (typeof v === 'boolean' ? v : NOT_SURE);
  // zod's number refuses NaN and ±Infinity.
  return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : NOT_SURE);
}

function innerNode(s: Internals): Node {
  const type = s._zod.def.type;
  const inner = build(s._zod.def.innerType as Internals);
  if (type === 'nullable') return (v) => (v === null ? null : inner(v));
  // Outside an object, an absent value is asked of zod; a present one is the inner schema's.
  return (v) => (v === undefined ? NOT_SURE : inner(v));
}

const KINDS: Record<string, (s: Internals) => Node> = {
  object: objectNode,
  array: arrayNode,
  union: unionNode,
  enum: oneOfNode,
  literal: oneOfNode,
  string: primitiveNode,
  boolean: primitiveNode,
  number: primitiveNode,
  nullable: innerNode,
  optional: innerNode,
  default: innerNode,
};

function build(s: Internals): Node {
  const kind = KINDS[s._zod.def.type];
  if (!kind) throw new Unsupported(s._zod.def.type);
  return withChecks(kind(s), s._zod.def.checks ?? []);
}

/**
 * The fast parser of `schema`, or null when the schema has something the fast path does not model (then use zod
 * alone). Assemble once per schema, on first use: schemas are immutable.
 */
export function fastParser<S extends z.ZodMiniType>(schema: S): FastParser<z.output<S>> | null {
  try {
    return build(schema as unknown as Internals) as FastParser<z.output<S>>;
  } catch (e) {
    if (e instanceof Unsupported) return null;
    throw e;
  }
}
