/** The one lifecycle of the process: the machines (lifecycle.ts) and the small engine that runs them (machine.ts). */
export * from './machine';
export * from './lifecycle';
