/**
 * Packed documents of the SQLite store: JSON text deflated (raw deflate) against a fixed dictionary, the text that
 * application documents and mutation responses repeat (keys, labels, the score sheet's policy text per indicator).
 * A decided application's ~17 KB document packs to well under 2 KB, a submission's 4 KB response to ~0.6 KB; both
 * unpack to the same text, byte for byte, so a read answers exactly what was written.
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
 * Below this many bytes of text a document is stored as text: packing it would save little and cost a deflate. Each
 * deflate or inflate costs ~60–90 µs of zlib set-up and dictionary whatever the size, so a draft or submitted case's
 * ~1.8 KB document (which a submission reads and writes) stays text; a decided case's, a submission's recorded answer
 * (~4 KB) and larger are packed.
 */
export const PACK_MIN_BYTES = 2048;

/** A document as stored: its JSON text, or packed (never both). */
export interface Stored {
  text: string | null;
  packed: Buffer | null;
}

/** Stores `text` packed when it is large enough to be worth it, else as text. */
export function store(text: string): Stored {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a short text needs no byte count.
  if (text.length * 3 < PACK_MIN_BYTES || Buffer.byteLength(text) < PACK_MIN_BYTES) return { text, packed: null };
  return { text: null, packed: pack(text) };
}

/** `text` deflated against the current dictionary, behind its version byte. */
export function pack(text: string): Buffer {
  const dictionary = DICTIONARIES[CURRENT] as Buffer;
  const body = zlib.deflateRawSync(Buffer.from(text, 'utf8'), { level: 6, dictionary });
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
