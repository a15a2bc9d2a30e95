/**
 * Exact points (G9): every score is an integer number of half-points, so 0.5 steps never drift into 59.99999.
 */

/** An integer count of half-points: 209 means 104.5 points. */
export type Halves = number;

/** Converts policy points (a multiple of 0.5) to half-points. Throws on anything else: policy data is validated first. */
export function toHalves(points: number): Halves {
  const h = points * 2;
  if (!Number.isInteger(h)) throw new RangeError(`分值 ${points} 不是 0.5 的整数倍`);
  return h;
}

/** Prints half-points the way people write scores: `159`, `104.5`, `-40`. */
export function formatHalves(h: Halves): string {
  // h / 2 is exact in binary floating point for every integer h, so String() never shows drift.
  if (h < -PRINTED_RANGE || h > PRINTED_RANGE || !Number.isInteger(h)) return String(h / 2);
  const k = h + PRINTED_RANGE;
  return (PRINTED[k] ??= String(h / 2));
}

/**
 * Printed scores of the half-points a sheet usually shows (±1000 points), each printed once: a sheet prints every
 * line's points, cap and hint gain, and a number printed anew is a new string each time.
 */
const PRINTED_RANGE = 2000;
const PRINTED = new Array<string | undefined>(2 * PRINTED_RANGE + 1).fill(undefined);

/** Same as {@link formatHalves} with an explicit sign for gains and deductions: `+0.5`, `-60`. */
export function formatSignedHalves(h: Halves): string {
  return h > 0 ? `+${formatHalves(h)}` : formatHalves(h);
}
