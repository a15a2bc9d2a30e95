/**
 * The birth date of a valid ID number held by an object (a profile's `person`), read once: validation parses the
 * number anyway and notes what it read on the object it hands on, so the engine, scoring that same object right
 * after, does not parse it again. Keyed on the object, checked against the number it holds now: a number changed
 * after validation is parsed afresh, never answered from the note.
 */
import { parseIdCard } from './idcard';

/** What validation read, per holder object (weakly: a note lives no longer than its object). */
const noted = new WeakMap<object, { idNumber: string; birthDate: string }>();

/**
 * Notes that `holder` holds the valid ID number `idNumber`, whose birth date is `birthDate` (as {@link parseIdCard}
 * read it). Call only with what parseIdCard returned for exactly this number.
 */
export function noteIdBirthDate(holder: object, idNumber: string, birthDate: string): void {
  noted.set(holder, { idNumber, birthDate });
}

/**
 * The birth date (`YYYY-MM-DD`) of the ID number `idNumber` held by `holder`, or null when it is not a valid number:
 * what validation noted when the holder still holds that very number, else {@link parseIdCard}'s answer.
 */
export function idBirthDateOf(holder: object, idNumber: string): string | null {
  const n = noted.get(holder);
  if (n !== undefined && n.idNumber === idNumber) return n.birthDate;
  const r = parseIdCard(idNumber);
  return r.ok ? r.value.birthDate : null;
}
