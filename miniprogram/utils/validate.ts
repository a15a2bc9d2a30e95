/** Field checks for the client's forms, with the same shared rules (and Chinese messages) the functions apply. */
import { nameProblem, parseIdCard, parseMobile } from '../../shared/core';

export { nameProblem };

/** Problems of a name / ID number / mobile triple, by field ('' = fine). */
export interface PersonProblems {
  name: string;
  idNumber: string;
  mobile: string;
}

/** The problem of an ID number, or ''. */
export function idNumberProblem(s: string): string {
  if (!s.trim()) return '请填写身份证号码';
  const r = parseIdCard(s.trim());
  return r.ok ? '' : r.message;
}

/** The problem of a mobile number, or ''. */
export function mobileProblem(s: string): string {
  if (!s.trim()) return '请填写手机号码';
  const r = parseMobile(s.trim());
  return r.ok ? '' : r.message;
}

/** Checks name, ID number and mobile together. */
export function personProblems(p: { name: string; idNumber: string; mobile: string }): PersonProblems {
  return { name: nameProblem(p.name), idNumber: idNumberProblem(p.idNumber), mobile: mobileProblem(p.mobile) };
}

/** Whether a problems record has none. */
export function noProblems(p: object): boolean {
  return Object.values(p).every((v) => v === '');
}
