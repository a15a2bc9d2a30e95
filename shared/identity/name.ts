/** The person-name rule, zod-free so the phone checks it exactly as the server does. */

/** Longest accepted name, in characters. */
export const NAME_MAX = 30;

/** What is wrong with a name, in Chinese, or '' when it is fine (blank and over-long names are refused). */
export function nameProblem(name: string): string {
  const t = name.trim();
  if (!t) return '请填写姓名';
  return t.length > NAME_MAX ? `姓名不超过 ${NAME_MAX} 字` : '';
}
