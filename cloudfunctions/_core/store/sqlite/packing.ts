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

/**
 * zlib levels by what is packed. Documents (read on every view of a case) at 6. Recorded responses at 1: every
 * mutation writes one, only a retried request reads it; level 1 costs about a third less CPU and packs a submission's
 * ~4 KB answer to ~0.7 KB instead of ~0.6 KB (most of a pack's cost is reading the dictionary, alike at every level).
 * Both unpack the same way.
 */
export const PACK_LEVELS = { document: 6, response: 1 } as const;

/** A document as stored: its JSON text, or packed (never both). */
export interface Stored {
  text: string | null;
  packed: Buffer | null;
}

/** Stores `text` packed (at zlib `level`) when it is large enough to be worth it, else as text. */
export function store(text: string, level: number = PACK_LEVELS.document): Stored {
  // UTF-8 takes at most 3 bytes per UTF-16 unit: a short text needs no byte count.
  if (text.length * 3 < PACK_MIN_BYTES || Buffer.byteLength(text) < PACK_MIN_BYTES) return { text, packed: null };
  return { text: null, packed: pack(text, level) };
}

/** `text` deflated (at zlib `level`) against the current dictionary, behind its version byte. */
export function pack(text: string, level: number = PACK_LEVELS.document): Buffer {
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
