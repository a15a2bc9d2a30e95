/**
 * Packed documents of the SQLite store: JSON text deflated (raw deflate) against a fixed dictionary, the text that
 * application documents and mutation responses repeat (keys, labels, the score sheet's policy text per indicator).
 * A decided application's ~17 KB document packs to well under 2 KB; a large recorded response packs alike (a
 * submission's ~4 KB one stays text, see {@link PACKING}). Packed text unpacks to the same text, byte for byte, so a
 * read answers exactly what was written.
 *
 * The first byte names the dictionary: a shipped dictionary file never changes (rows written with it need it to be
 * read; test/store/packing.test.ts pins its hash), a better one is added as the next version
 * (`scripts/store/dictionary.ts` prints one).
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** The dictionaries by version byte. */
const DICTIONARIES: Readonly<Record<number, Buffer>> = {
  1: fs.readFileSync(path.join(__dirname, 'dictionary-v1.txt')),
};
/** The version new documents are packed with. */
const CURRENT = 1;

/**
 * How each kind of text is stored: as text below `minBytes`, else packed at zlib `level`.
 *
 * Documents from 2 KB on, at level 6: each deflate or inflate costs ~60–90 µs of zlib set-up and dictionary whatever
 * the size, so a draft or submitted case's ~1.8 KB document (which a submission reads and writes) stays text and a
 * decided case's ~17 KB one packs to under 2 KB.
 *
 * Recorded responses from 16 KB on, at level 1: every mutation writes one and only a retried request reads it. In the
 * local cloud under load a deflate of a submission's ~4 KB answer took ~0.4 ms of CPU (0.1 ms in isolation; zlib's
 * ~256 KB of fresh state and the dictionary's hashing per call), about a tenth of the whole submission, to save
 * ~3.5 KB: such answers stay text; large ones (score sheets) are packed, level 1 costing a third less than 6 for a
 * few percent more bytes.
 */
export const PACKING = {
  document: { minBytes: 2048, level: 6 },
  response: { minBytes: 16384, level: 1 },
} as const;

/** A document as stored: its JSON text, or packed (never both). */
export interface Stored {
  text: string | null;
  packed: Buffer | null;
}

/** Stores `text` of `kind` packed when it is large enough to be worth it ({@link PACKING}), else as text. */
export function store(text: string, kind: keyof typeof PACKING = 'document'): Stored {
  const { minBytes, level } = PACKING[kind];
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a short text needs no byte count.
  if (text.length * 3 < minBytes || Buffer.byteLength(text) < minBytes) return { text, packed: null };
  return { text: null, packed: pack(text, level) };
}

/** `text` deflated (at zlib `level`) against the current dictionary, behind its version byte. */
export function pack(text: string, level: number = PACKING.document.level): Buffer {
  const dictionary = DICTIONARIES[CURRENT] as Buffer;
  const body = zlib.deflateRawSync(Buffer.from(text, 'utf8'), { level, dictionary });
  return Buffer.concat([Buffer.from([CURRENT]), body]);
}

/** The text a {@link pack}ed document holds. */
export function unpack(packed: Uint8Array): string {
  const dictionary = DICTIONARIES[packed[0] as number];
  if (!dictionary) throw new Error(`packed document of unknown dictionary version ${packed[0]}`);
  const body = Buffer.from(packed.buffer, packed.byteOffset + 1, packed.byteLength - 1);
  return zlib.inflateRawSync(body, { dictionary }).toString('utf8');
}

/** The text of a stored document, whichever way it was stored. */
export function textOf(s: { text: string | null; packed: Uint8Array | null }): string {
  if (s.text !== null) return s.text;
  if (s.packed === null) throw new Error('stored document without text or packed bytes');
  return unpack(s.packed);
}
