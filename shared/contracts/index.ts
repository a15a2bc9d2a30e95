/** Contracts between the mini program and the cloud functions, by area; the action maps are in functions.ts. */
export * from './envelope';
export * from './access';
export * from './ids';
export * from './scoring';
export * from './drafts';
export * from './privacy-identity';
export * from './applications';
export * from './materials';
export * from './entrustments';
export * from './review';
export * from './district';
export * from './admin';
export * from './scheduler';
export * from './documents';
export * from './disputes';
export * from './settlement-line';
export * from './functions';
