/** Profile parsing with per-field Chinese errors. */
import { fastProfile, NOT_SURE } from './fast';
import { ProfileSchema, type Profile } from './schema';

export * from './schema';

/** One field error: where, in words and as a path, and what is wrong. */
export interface FieldError {
  /** Dotted path into the profile JSON, e.g. `bloodDonations.2.ml`. */
  path: string;
  /** The same place in Chinese, e.g. `献血 第 3 条 · ml`. */
  field: string;
  /** What is wrong, in Chinese. */
  message: string;
}

/** Result of {@link parseProfile}. */
export type ProfileParseResult = { ok: true; profile: Profile } | { ok: false; errors: FieldError[] };

const SECTION_LABELS: Record<string, string> = {
  person: '个人信息',
  education: '学历',
  titles: '职称/技能',
  socialInsurance: '社保缴纳',
  residence: '居住登记',
  homes: '自有住房',
  rentals: '租房',
  honours: '表彰奖励',
  bloodDonations: '献血',
  marrowDonation: '造血干细胞捐献',
  volunteer: '志愿服务',
  charity: '慈善捐赠',
  patents: '发明专利',
  taxes: '纳税',
  records: '减分记录',
  vetoFacts: '一票否决情形',
};

const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  idNumber: '身份证号码',
  birthDate: '出生日期',
  level: '等级',
  diploma: '学历证书',
  degree: '学位证书',
  domestic: '国内学历',
  completion: '毕业情况',
  obtainedOn: '取得日期',
  from: '起始',
  to: '截止',
  pension: '养老保险',
  medical: '医疗保险',
  inUrbanHangzhou: '在杭州市区缴纳',
  backPaid: '补缴',
  transferredIn: '外地转入',
  owner: '产权人',
  livesThere: '实际居住',
  acquiredOn: '取得产权日期',
  legal: '合法居住房屋',
  groupRental: '群租',
  title: '荣誉名称',
  matter: '表彰事项',
  awardedOn: '授予日期',
  date: '日期',
  kind: '类型',
  ml: '献血量',
  units: '治疗量',
  hours: '服务时长',
  amountYuan: '金额',
  grantedOn: '授权日期',
  firstHolder: '第一专利权人',
  incident: '事件编号',
  donatedOn: '捐献日期',
};

function describe(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  path.forEach((p, i) => {
    if (i === 0 && typeof p === 'string') parts.push(SECTION_LABELS[p] ?? p);
    else if (typeof p === 'number') parts.push(`第 ${p + 1} 条`);
    else parts.push(FIELD_LABELS[String(p)] ?? String(p));
  });
  return parts.length ? parts.join(' · ') : '申报信息';
}

/**
 * Validates what an applicant declared. Never throws; bad input yields every field error at once. A valid profile
 * takes the fast path (./fast.ts: zod's output, without zod); anything else is zod's to parse, so every error is zod's.
 */
export function parseProfile(input: unknown): ProfileParseResult {
  const quick = fastProfile(input);
  if (quick !== NOT_SURE) return { ok: true, profile: quick };
  const r = ProfileSchema.safeParse(input);
  if (r.success) return { ok: true, profile: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      field: describe(i.path),
      message: i.message,
    })),
  };
}
