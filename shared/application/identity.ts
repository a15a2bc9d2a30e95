/**
 * The applicant's identity on an application and the eligibility rule of step 1 (lifecycle.md): a valid 浙江省居住证
 * issued in urban Hangzhou, and no 5-year bar for a falsified application (G8).
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { addYears, formatChineseDate, isISODate, type ISODate } from '../dates';
import { parseIdCard } from '../identity/idcard';
import { parseMobile } from '../identity/mobile';
import { DISTRICT_CODES, districtName, isUrbanDistrict } from './districts';
import { personNameField } from './name-fields';

/* @__NO_SIDE_EFFECTS__ */
const date = (what: string) =>
  checked(
    z.string({ error: `请填写${what}` }),
    z.refine(isISODate, { message: `${what}不是有效日期（按 年-月-日 填写，如 2021-09-28）` }),
  );

/** The person an application is for, as entered on the application. */
export const ApplicantIdentitySchema = z.pipe(
  checked(
    z.strictObject({
      name: personNameField,
      idNumber: z.string({ error: '请填写身份证号码' }),
      mobile: z.string({ error: '请填写手机号码' }),
      /** 浙江省居住证 number as printed on the permit. */
      permitNumber: checked(
        z.string({ error: '请填写居住证号码' }),
        z.trim(),
        z.regex(/^[0-9A-Za-z]{6,30}$/, '居住证号码应为 6–30 位字母或数字'),
      ),
      permitDistrict: z.enum(DISTRICT_CODES, { error: '请选择居住证签发地' }),
      permitValidFrom: date('居住证有效期起'),
      permitValidTo: date('居住证有效期止'),
    }),
    z.superRefine((v, ctx) => {
      const id = parseIdCard(v.idNumber);
      if (!id.ok) ctx.addIssue({ code: 'custom', path: ['idNumber'], message: id.message });
      const m = parseMobile(v.mobile);
      if (!m.ok) ctx.addIssue({ code: 'custom', path: ['mobile'], message: m.message });
      if (isISODate(v.permitValidFrom) && isISODate(v.permitValidTo) && v.permitValidTo < v.permitValidFrom)
        ctx.addIssue({ code: 'custom', path: ['permitValidTo'], message: '居住证有效期止不能早于有效期起' });
    }),
  ),
  z.transform((v) => {
    const id = parseIdCard(v.idNumber);
    const m = parseMobile(v.mobile);
    return {
      ...v,
      idNumber: id.ok ? id.value.id : v.idNumber,
      mobile: m.ok ? m.value : v.mobile,
      permitNumber: v.permitNumber.toUpperCase(),
    };
  }),
);
/** A validated applicant identity (ID number and mobile normalised). */
export type ApplicantIdentity = z.output<typeof ApplicantIdentitySchema>;

/** G8: a falsified application bars new applications for 5 years from the finding; barred before this day. */
export function fraudBarUntil(finding: ISODate): ISODate {
  return addYears(finding, 5);
}

/** A refusal of eligibility with the condition that failed. */
export interface EligibilityRefusal {
  code: 'PERMIT_NOT_URBAN' | 'PERMIT_NOT_VALID' | 'FRAUD_BAR';
  message: string;
}

/**
 * Step 1 eligibility on `today`: the permit is valid that day and was issued in urban Hangzhou, and no fraud
 * finding (G8) dated within the last 5 years. Returns every failed condition, so the refusal says all of them.
 */
export function checkEligibility(
  identity: ApplicantIdentity,
  today: ISODate,
  fraudFindings: readonly ISODate[] = [],
): EligibilityRefusal[] {
  const out: EligibilityRefusal[] = [];
  if (!isUrbanDistrict(identity.permitDistrict))
    out.push({
      code: 'PERMIT_NOT_URBAN',
      message: `居住证签发地为${districtName(identity.permitDistrict)}，不在杭州市区；积分申请须持杭州市区签发的有效《浙江省居住证》`,
    });
  if (today < identity.permitValidFrom || today > identity.permitValidTo)
    out.push({
      code: 'PERMIT_NOT_VALID',
      message: `居住证有效期为${formatChineseDate(identity.permitValidFrom)}至${formatChineseDate(identity.permitValidTo)}，今天（${formatChineseDate(today)}）不在有效期内`,
    });
  const bar = fraudBarRefusal(fraudFindings, today);
  if (bar) out.push(bar);
  return out;
}

/** The fraud bar (5 years from the latest finding still running on `today`), or null. */
export function fraudBarRefusal(fraudFindings: readonly ISODate[], today: ISODate): EligibilityRefusal | null {
  const bar = fraudFindings
    .filter((d) => fraudBarUntil(d) > today)
    .sort()
    .pop();
  return bar
    ? {
        code: 'FRAUD_BAR',
        message: `因${formatChineseDate(bar)}认定的弄虚作假行为，${formatChineseDate(fraudBarUntil(bar))}前不得申请积分`,
      }
    : null;
}
