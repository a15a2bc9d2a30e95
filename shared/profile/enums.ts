/**
 * The value lists of the applicant profile, without zod: the mini program's main package (the form description in
 * miniprogram/forms/) reads them through shared/core.ts, and shared/profile/schema.ts builds its enums from them.
 */

/** 学历层次 education levels, lowest first. */
export const EDUCATION_LEVELS = ['gaozhong', 'dazhuan', 'benke', 'shuoshi', 'boshi'] as const;
/** 职称 and 技能等级 levels. */
export const TITLE_LEVELS = [
  'zhenggao',
  'fugao',
  'zhongji',
  'chuji',
  'gaojijishi',
  'jishi',
  'gaojigong',
  'zhongjigong',
  'chujigong',
] as const;
/** Honour levels, highest first. */
export const HONOUR_LEVELS = ['national', 'provincial', 'municipal', 'district'] as const;
/** Kinds of records that may deduct points. */
export const RECORD_KINDS = [
  'criminal',
  'drugRehab',
  'detention',
  'dishonesty',
  'seriousDishonesty',
  'familyPlanning',
] as const;
/** Who owns a home the applicant lives in. */
export const HOME_OWNERS = ['self', 'spouse', 'parent', 'child'] as const;

/** Chinese names of record kinds. */
export const RECORD_LABELS: Record<(typeof RECORD_KINDS)[number], string> = {
  criminal: '一般刑事犯罪记录',
  drugRehab: '强制隔离戒毒',
  detention: '行政拘留或司法拘留',
  dishonesty: '失信记录',
  seriousDishonesty: '列入严重失信名单',
  familyPlanning: '违反计划生育政策',
};
