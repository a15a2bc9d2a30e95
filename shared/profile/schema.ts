/**
 * The applicant profile (申请人申报信息): what an applicant declares, with dates. This zod schema is the single
 * definition of the JSON format documented in docs/profile.md; the mini program form, the cloud functions and the CLI
 * all validate with it.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { isISODate, isISOMonth } from '../dates';
import { parseIdCard } from '../identity';
import { EDUCATION_LEVELS, HOME_OWNERS, HONOUR_LEVELS, RECORD_KINDS, TITLE_LEVELS } from './enums';

// The value lists live in a zod-free module (the mini program's main package loads them without zod).
export { EDUCATION_LEVELS, HOME_OWNERS, HONOUR_LEVELS, RECORD_KINDS, TITLE_LEVELS } from './enums';

/* @__NO_SIDE_EFFECTS__ */
const date = (what: string) =>
  checked(
    z.string({ error: `${what}应为日期，按 年-月-日 填写，如 2021-09-28` }),
    z.refine(isISODate, { message: `${what}不是有效日期（按 年-月-日 填写，如 2021-09-28）` }),
  );
/* @__NO_SIDE_EFFECTS__ */
const month = (what: string) =>
  checked(
    z.string({ error: `${what}应为月份，按 年-月 填写，如 2019-03` }),
    z.refine(isISOMonth, { message: `${what}不是有效月份（按 年-月 填写，如 2019-03）` }),
  );
/** Hours of service are counted in tenths: at most one decimal place. */
export const hasTenths = (h: number): boolean => Math.abs(h * 10 - Math.round(h * 10)) < 1e-9;
/** Donations are in yuan to the fen: at most two decimal places. */
export const hasCents = (a: number): boolean => Math.abs(a * 100 - Math.round(a * 100)) < 1e-6;

/* @__NO_SIDE_EFFECTS__ */
const bool = (what: string) => z.boolean({ error: `${what}应为 true 或 false` });
/* @__NO_SIDE_EFFECTS__ */
const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `${what}只能是：${values.join('、')}` });

/* @__NO_SIDE_EFFECTS__ */
const list = <T extends z.ZodMiniType>(item: T, what: string) =>
  z._default(checked(z.array(item, { error: `${what}应为列表` }), z.maxLength(500, `${what}最多 500 条`)), []);

/** Builds the profile schema and its parts (see {@link ProfileSchema}). */
function buildProfileSchema() {
  const EducationSchema = z.object({
    level: oneOf(EDUCATION_LEVELS, '学历层次'),
    /** Holds the 学历 (diploma) certificate. */
    diploma: bool('是否有学历证书'),
    /** Holds the 学位 (degree) certificate. */
    degree: bool('是否有学位证书'),
    /** Domestic (国内) education; foreign degrees need 教育部留学服务中心 certification. */
    domestic: z._default(bool('是否国内学历'), true),
    /** 毕业 / 结业 / 肄业. */
    completion: z._default(oneOf(['graduated', 'completed', 'withdrawn'] as const, '毕业情况'), 'graduated'),
    obtainedOn: date('取得日期'),
  });

  const TitleSchema = z.object({
    level: oneOf(TITLE_LEVELS, '职称/技能等级'),
    obtainedOn: date('取得日期'),
  });

  const SocialInsuranceSchema = checked(
    z.object({
      from: month('起始月份'),
      to: month('截止月份'),
      pension: bool('是否缴纳养老保险'),
      medical: bool('是否缴纳医疗保险'),
      /** Paid in urban Hangzhou (杭州市区). */
      inUrbanHangzhou: z._default(bool('是否在杭州市区缴纳'), true),
      /** 补缴 months score 0. */
      backPaid: z._default(bool('是否补缴'), false),
      /** Transferred in from outside the urban area: 0. */
      transferredIn: z._default(bool('是否外地转入'), false),
      /** 灵活就业 months count like any other. */
      flexible: z._default(bool('是否灵活就业'), false),
    }),
    z.refine((p) => p.from <= p.to, { message: '截止月份不能早于起始月份', path: ['to'] }),
  );

  const ResidenceSchema = checked(
    z.object({
      from: date('起始日期'),
      to: date('截止日期'),
      kind: z._default(oneOf(['registration', 'permit'] as const, '登记类型'), 'permit'),
    }),
    z.refine((p) => p.from <= p.to, { message: '截止日期不能早于起始日期', path: ['to'] }),
  );

  const HomeSchema = z.object({
    owner: oneOf(HOME_OWNERS, '产权人'),
    inUrbanArea: z._default(bool('是否位于杭州市区'), true),
    livesThere: bool('是否实际居住'),
    acquiredOn: date('取得产权日期'),
    /** 2024-07 rules: sole, joint tenancy (共同共有) or shares (按份共有). */
    ownership: z._default(oneOf(['sole', 'joint', 'shares'] as const, '产权形式'), 'sole'),
    coOwnersAllNonHzHukou: z.optional(bool('共有人是否均非杭州户籍')),
    chosenByCoOwners: z.optional(bool('是否为共有人确定的计分人')),
    largestShare: z.optional(bool('是否份额最大')),
    boughtWithHzHukouPerson: z.optional(bool('是否与杭州户籍人员共同购买')),
    secondHand: z.optional(bool('是否二手房')),
    previousHukouMovedOut: z.optional(bool('原户籍是否全部迁出')),
    scoredByOtherWithinYear: z.optional(bool('一年内是否已被他人计分')),
  });

  const RentalSchema = checked(
    z.object({
      from: date('租赁起始日期'),
      to: date('租赁截止日期'),
      legal: bool('是否合法居住房屋'),
      /** 群租 scores 0. */
      groupRental: z._default(bool('是否群租'), false),
    }),
    z.refine((p) => p.from <= p.to, { message: '租赁截止日期不能早于起始日期', path: ['to'] }),
  );

  const HonourSchema = z.object({
    level: oneOf(HONOUR_LEVELS, '表彰级别'),
    title: checked(
      z.string({ error: '请填写荣誉名称' }),
      z.minLength(1, '请填写荣誉名称'),
      z.maxLength(100, '荣誉名称不超过 100 字'),
    ),
    /** Honours for the same matter count once, at the highest level: give them the same key. */
    matter: checked(
      z.string({ error: '请填写表彰事项' }),
      z.minLength(1, '请填写表彰事项'),
      z.maxLength(100, '表彰事项不超过 100 字'),
    ),
    awardedOn: date('授予日期'),
    /** Earned while working or studying in urban Hangzhou. */
    inHangzhou: z._default(bool('是否在杭工作或学习期间获得'), true),
  });

  const BloodSchema = checked(
    z.object({
      date: date('献血日期'),
      kind: z._default(oneOf(['wholeBlood', 'platelets'] as const, '献血类型'), 'wholeBlood'),
      /** Whole blood in ml. */
      ml: z.optional(
        checked(
          z.number({ error: '献血量应为数字（毫升）' }),
          z.int('献血量应为整数毫升'),
          z.positive('献血量必须大于 0'),
          z.lte(2000, '单次献血量不超过 2000 毫升'),
        ),
      ),
      /** Apheresis platelets from 2010: therapeutic units 1, 1.5 or 2. */
      units: z.optional(
        z.union([z.literal(1), z.literal(1.5), z.literal(2)], { error: '血小板治疗量只能是 1、1.5 或 2' }),
      ),
      inHangzhou: z._default(bool('是否在杭州献血'), true),
    }),
    z.superRefine((b, ctx) => {
      if (b.kind === 'wholeBlood' && b.ml === undefined)
        ctx.addIssue({ code: 'custom', path: ['ml'], message: '请填写献血量（毫升）' });
      if (b.kind === 'platelets' && b.date >= '2010-01-01' && b.units === undefined)
        ctx.addIssue({ code: 'custom', path: ['units'], message: '2010 年起的单采血小板请填写治疗量（1、1.5 或 2）' });
    }),
  );

  const VolunteerSchema = z.object({
    date: date('服务日期'),
    hours: checked(
      z.number({ error: '服务时长应为数字（小时）' }),
      z.nonnegative('服务时长不能为负数'),
      z.lte(10000, '服务时长过大'),
      z.refine(hasTenths, { message: '服务时长最多保留 1 位小数' }),
    ),
  });

  const CharitySchema = z.object({
    date: date('捐赠日期'),
    amountYuan: checked(
      z.number({ error: '捐赠金额应为数字（元）' }),
      z.positive('捐赠金额必须大于 0'),
      z.lte(1e9, '捐赠金额过大'),
      z.refine(hasCents, { message: '捐赠金额最多到分' }),
    ),
    /** Through 春风行动 or a recognised charity. */
    recognised: z._default(bool('是否通过春风行动或经认定的慈善组织'), true),
  });

  const PatentSchema = z.object({
    grantedOn: date('授权日期'),
    firstHolder: bool('是否第一专利权人'),
    transferred: z._default(bool('是否受让取得'), false),
    inHangzhou: z._default(bool('是否在杭工作期间获得'), true),
    number: z.optional(checked(z.string(), z.maxLength(40))),
  });

  const RecordSchema = z.object({
    kind: oneOf(RECORD_KINDS, '记录类型'),
    date: date('记录日期'),
    /** Records of one act share a key: only the largest deduction applies (G6). */
    incident: z.optional(checked(z.string(), z.maxLength(60, '事件编号不超过 60 字'))),
    note: z.optional(checked(z.string(), z.maxLength(200))),
  });

  const VetoSchema = z.object({
    kind: checked(z.string({ error: '请选择一票否决情形' }), z.minLength(1, '请选择一票否决情形')),
    date: z.optional(date('日期')),
    note: z.optional(checked(z.string(), z.maxLength(200))),
  });

  const TaxSchema = z.object({
    year: checked(z.number(), z.int(), z.gte(1990), z.lte(2200)),
    amountYuan: checked(z.number(), z.nonnegative('纳税额不能为负数')),
  });

  const PersonSchema = checked(
    z.object({
      name: z.optional(checked(z.string(), z.maxLength(50, '姓名不超过 50 字'))),
      /** 18-digit GB 11643 ID number; the birth date is derived from it. */
      idNumber: z.optional(z.string()),
      birthDate: z.optional(date('出生日期')),
    }),
    z.superRefine((p, ctx) => {
      if (p.idNumber !== undefined) {
        const r = parseIdCard(p.idNumber);
        if (!r.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: r.message });
        else if (p.birthDate !== undefined && p.birthDate !== r.value.birthDate)
          ctx.addIssue({ code: 'custom', path: ['birthDate'], message: '出生日期与身份证号码不一致' });
      } else if (p.birthDate === undefined) {
        ctx.addIssue({ code: 'custom', path: ['birthDate'], message: '请填写出生日期或身份证号码' });
      }
    }),
  );

  return z.strictObject(
    {
      person: PersonSchema,
      education: list(EducationSchema, '学历'),
      titles: list(TitleSchema, '职称/技能'),
      socialInsurance: list(SocialInsuranceSchema, '社保缴纳'),
      residence: list(ResidenceSchema, '居住登记'),
      homes: list(HomeSchema, '自有住房'),
      rentals: list(RentalSchema, '租房'),
      honours: list(HonourSchema, '表彰奖励'),
      bloodDonations: list(BloodSchema, '献血'),
      marrowDonation: z._default(z.nullable(z.object({ donatedOn: date('捐献日期') })), null),
      volunteer: list(VolunteerSchema, '志愿服务'),
      charity: list(CharitySchema, '慈善捐赠'),
      patents: list(PatentSchema, '发明专利'),
      taxes: list(TaxSchema, '纳税'),
      records: list(RecordSchema, '减分记录'),
      vetoFacts: list(VetoSchema, '一票否决情形'),
    },
    {
      error: (iss) =>
        iss.code === 'unrecognized_keys'
          ? `不认识的字段：${(iss as { keys?: string[] }).keys?.join('、') ?? ''}`
          : undefined,
    },
  );
}

/**
 * The profile schema. Unknown fields are rejected so that a typo never silently drops a fact. Built on first use: a
 * valid profile is checked by ./fast.ts without zod, so an instance that only meets valid profiles never builds its
 * ~260 schema objects (a sixth of a cold start's module code).
 */
export const ProfileSchema = z.lazy(buildProfileSchema);

/** A validated profile (defaults filled in). */
export type Profile = z.infer<typeof ProfileSchema>;
/** A profile as written in JSON, before defaults. */
export type ProfileInput = z.input<typeof ProfileSchema>;
