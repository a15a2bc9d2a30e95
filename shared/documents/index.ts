/** Documents (积分有效凭证, 准入通知书): numbers, verification codes and paths, validity. Pure: no I/O. */
export * from './numbers';
export * from './points';
export * from './validity';
export * from './verification';
export * from './verify-path';
export * from './verdicts';
