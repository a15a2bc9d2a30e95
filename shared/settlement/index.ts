/** 落户分数线、公示与异议: the line a quota implies, the tie and publicity rules, the publicity window. Pure. */
export * from './line';
export * from './rules';
export * from './publicity';
