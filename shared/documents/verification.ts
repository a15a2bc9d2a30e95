/**
 * Verification codes (核验码): 16 characters of Crockford base32 = 80 random bits, printed in groups of four
 * (`7K2M-Q9XD-4HBT-0WZR`). The format lives here; the random bytes and the constant-time comparison are server-side
 * (cloudfunctions/documents/codes.ts), because shared/ does no I/O.
 */

/** Crockford's base32 alphabet: no I, L, O, U, so a code read aloud or typed is hard to get wrong. */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Characters in a code. */
export const VERIFICATION_CODE_LENGTH = 16;
/** Random bytes a code is made from (16 × 5 bits = 80 bits). */
export const VERIFICATION_CODE_BYTES = 10;

/** Makes a fresh verification code; the server's implementation draws from `crypto.randomBytes`. */
export type VerificationCodeGenerator = () => string;

/**
 * Encodes exactly {@link VERIFICATION_CODE_BYTES} bytes as a code, 5 bits per character, most significant first.
 * @throws RangeError on another length (fewer bytes would weaken the code)
 */
export function verificationCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== VERIFICATION_CODE_BYTES) {
    throw new RangeError(`核验码需要 ${VERIFICATION_CODE_BYTES} 个随机字节，收到 ${bytes.length}`);
  }
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += CROCKFORD_ALPHABET[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A typed code in its canonical form, or `null` when it cannot be one: spaces and hyphens dropped, lower case raised,
 * and Crockford's look-alikes mapped (O → 0, I/L → 1), so `7k2m-q9xd-4hbt-owzr` reads as `7K2MQ9XD4HBT0WZR`.
 */
export function normalizeVerificationCode(s: string): string | null {
  if (typeof s !== 'string') return null;
  const c = s.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (c.length !== VERIFICATION_CODE_LENGTH) return null;
  for (const ch of c) if (!CROCKFORD_ALPHABET.includes(ch)) return null;
  return c;
}

/** Whether `s` is a code in canonical form (what is stored). */
export function isVerificationCode(s: string): boolean {
  return typeof s === 'string' && normalizeVerificationCode(s) === s;
}

/** A canonical code as printed: four groups of four. */
export function formatVerificationCode(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1-');
}
