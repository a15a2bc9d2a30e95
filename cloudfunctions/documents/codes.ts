/**
 * Server side of verification codes: fresh codes from the operating system's random source, and comparison in
 * constant time so the answer's timing does not reveal how much of a guessed code was right.
 */
import { randomBytes as nodeRandomBytes, timingSafeEqual } from 'node:crypto';
import {
  normalizeVerificationCode,
  verificationCodeFromBytes,
  VERIFICATION_CODE_BYTES,
  type VerificationCodeGenerator,
} from '../../shared/documents/verification';

/** A generator of 80-bit codes; `randomBytes` is injectable so tests can fix the bytes. */
export function createCodeGenerator(
  randomBytes: (n: number) => Uint8Array = nodeRandomBytes,
): VerificationCodeGenerator {
  return () => verificationCodeFromBytes(randomBytes(VERIFICATION_CODE_BYTES));
}

/**
 * Whether a typed code matches the stored one, in time independent of where they differ. The typed code is
 * normalised first (spaces, hyphens, lower case, O/I/L look-alikes); a malformed one is compared against the stored
 * code anyway, so a refusal for form takes as long as a refusal for content.
 */
export function sameVerificationCode(typed: string, stored: string): boolean {
  const canonical = normalizeVerificationCode(typed);
  const a = Buffer.from((canonical ?? '').padEnd(stored.length, '\0').slice(0, stored.length), 'utf8');
  const b = Buffer.from(stored, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b) && canonical !== null && canonical.length === stored.length;
}
