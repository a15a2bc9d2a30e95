/**
 * The policy engine and contracts, for both sides: the mini program imports only this barrel (the build bundles it
 * once into dist/miniprogram/shared/index.js); cloud functions import the modules directly.
 */
export * from './dates';
export * from './identity';
export * from './policy';
export * from './profile';
export * from './engine';
export * from './rounds';
export * from './calendar';
export * from './contracts';
export * from './application';
export * from './settlement';
