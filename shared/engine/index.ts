/** The scoring engine. */
export * from './points';
export * from './types';
export * from './reasons';
export { score } from './score';
export { RECORD_LABELS } from './rules';
export * from './claims';
