/** 积分申请 → 阅卷 → 积分查询: the pure rules of an application. */
export * from './districts';
export * from './status';
export * from './identity';
export * from './materials';
export * from './delegation';
export * from './timeline';
export * from './receipt';
export * from './result';
export * from './reviewer-scope';
export * from './kinds';
