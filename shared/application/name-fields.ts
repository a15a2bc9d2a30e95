/** The name rules of shared/identity/name.ts as zod fields: refused with their Chinese message, stored normalised. */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { nameProblem, normalizeName, orgNameProblem } from '../identity/name';

/* @__NO_SIDE_EFFECTS__ */
const field = (missing: string, problemOf: (v: string) => string) =>
  z.pipe(
    checked(
      z.string({ error: missing }),
      z.superRefine((v, ctx) => {
        const problem = problemOf(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    ),
    z.transform(normalizeName),
  );

/** A person's name (applicant, principal, agent): see {@link nameProblem}. */
export const personNameField = field('请填写姓名', nameProblem);
/** An employer's registered name: see {@link orgNameProblem}. */
export const orgNameField = field('请填写单位名称', orgNameProblem);
