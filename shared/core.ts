/**
 * The light part of shared/ for the mini program's main package: no zod, no policy data, no holiday data. The build
 * bundles it separately from the full barrel (shared/index.ts), which only subpackage pages load.
 */
export * from './dates';
export * from './identity';
export * from './engine/points';
// Only this constant of the scorers' module: esbuild drops the rest (rules.ts imports no zod, only types from schemas).

export * from './profile/enums';
export * from './contracts/errors';
export * from './contracts/constants';
export { CONFIDENCE_LABELS, CONFIDENCE_LEGEND } from './policy/labels';
export * from './application/status';
export * from './application/kinds';
export * from './application/districts';
export * from './application/material-limits';
// 凭证核验 in the main package: the verify path and scene, the verdict words (numbers and codes, no zod).
export * from './documents/verify-path';
export * from './documents/verdicts';
