/** Confidence marks, zod-free so the labels and the policy schema can both build on them without a cycle. */

/** Confidence marks: [C] confirmed for 2021, [C-old] confirmed for an earlier version, [I] inferred, [U] unknown. */
export const CONFIDENCE_MARKS = ['C', 'C-old', 'I', 'U'] as const;
/** A confidence mark. */
export type Confidence = (typeof CONFIDENCE_MARKS)[number];
