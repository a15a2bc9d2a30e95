/**
 * Data in Node bundles as deflated JSON: a JSON value packed at build time into base64 of its deflated text, and the
 * expression a bundle evaluates to get it back (JSON.parse of the same text, so the value is the same plain data).
 * Only for function bundles: the mini program has no zlib. Used for the policy versions (policies.ts) and the
 * holiday runs (holidays.ts).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** The import a module using {@link packedJsonExpression} needs. */
export const PACKED_JSON_IMPORT = 'import { inflateRawSync } from "zlib";';

/** Base64 of the deflated JSON text of `value`. */
export function packJson(value: unknown): string {
  return deflateRawSync(Buffer.from(JSON.stringify(value), 'utf8'), { level: 9 }).toString('base64');
}

/** What {@link packedJsonExpression} evaluates to, for the build's own checks and tests. */
export function unpackJson(packed: string): unknown {
  return JSON.parse(inflateRawSync(Buffer.from(packed, 'base64')).toString('utf8')) as unknown;
}

/** A JavaScript expression (after {@link PACKED_JSON_IMPORT}) that evaluates to `value`, carried packed. */
export function packedJsonExpression(value: unknown): string {
  return `JSON.parse(inflateRawSync(Buffer.from(${JSON.stringify(packJson(value))}, "base64")).toString("utf8"))`;
}
