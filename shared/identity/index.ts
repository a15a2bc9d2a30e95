/**
 * Identity helpers: citizen ID numbers, unified social credit codes, mobile numbers, and their masked forms.
 * Pure TypeScript, safe to use in both the mini program and the cloud functions.
 */

export * from './idcard';
export * from './uscc';
export * from './mobile';
export * from './name';
