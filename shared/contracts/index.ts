/** Contracts between the mini program and the cloud functions. */
export * from './envelope';
export * from './applicant';
export * from './cases';
