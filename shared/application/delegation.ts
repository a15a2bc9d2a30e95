/**
 * 委托申请: who may act for whom (lifecycle.md, FAQ 八). An employer on written entrustment; a guardian or close
 * relative for a minor under 16, an elderly person with limited mobility, or a disabled person. Both IDs are
 * required. The scope beyond applying is unknown in the sources, so it is recorded on the entrustment.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { ageOn, isISODate, type ISODate } from '../dates';
import { DISTRICT_CODES, isUrbanDistrict } from './districts';
import { parseIdCard } from '../identity/idcard';
import { parseUscc } from '../identity/uscc';
import { orgNameField, personNameField } from './name-fields';

/** What an entrustment allows the agent to do. */
export const ENTRUSTMENT_SCOPES = {
  apply: '积分申请',
  query: '积分查询',
  dispute: '提出异议',
  voucher: '打印凭证',
  settlement: '积分落户',
} as const;
/** One scope. */
export type EntrustmentScope = keyof typeof ENTRUSTMENT_SCOPES;
const SCOPE_KEYS = Object.keys(ENTRUSTMENT_SCOPES) as [EntrustmentScope, ...EntrustmentScope[]];

/** Why a relative may file. */
export const RELATIVE_REASONS = {
  minor: '未满十六周岁的未成年人',
  elderly: '行动不便的老年人',
  disabled: '残疾人',
} as const;
/** Relationship of a relative agent to the principal. */
export const RELATIONSHIPS = {
  guardian: '监护人',
  parent: '父母',
  spouse: '配偶',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母、外祖父母',
  grandchild: '孙子女、外孙子女',
} as const;

/** Who verifies an entrustment before it grants anything. */
export const ENTRUSTMENT_VERIFIERS = { principal: '委托人本人在小程序中确认', district: '区积分受理点核验' } as const;
/** One verifier. */
export type EntrustmentVerifier = keyof typeof ENTRUSTMENT_VERIFIERS;

/** The district acceptance point (区积分受理点) that verifies it: the principal's residence-permit district. */
const district = checked(
  z.enum(DISTRICT_CODES, { error: '请选择委托人居住证签发地（由该区积分受理点核验）' }),
  z.refine(isUrbanDistrict, { message: '积分申请只受理杭州市区签发的居住证，请选择市区' }),
);
/** Optional last day the entrustment is valid (inclusive). */
const validUntil = z.optional(
  checked(z.string(), z.refine(isISODate, { message: '委托有效期止不是有效日期（按 年-月-日 填写，如 2022-09-30）' })),
);

const person = z.strictObject({
  name: personNameField,
  idNumber: z.string({ error: '请填写身份证号码' }),
});

/** A request to create an entrustment (the agent is the caller). */
export const EntrustmentInputSchema = checked(
  z.discriminatedUnion(
    'kind',
    [
      z.strictObject({
        kind: z.literal('employer'),
        principal: person,
        agent: person,
        employer: z.strictObject({ uscc: z.string({ error: '请填写统一社会信用代码' }), name: orgNameField }),
        scope: checked(z.array(z.enum(SCOPE_KEYS)), z.minLength(1, '请至少选择一项委托事项')),
        district,
        /** The principal confirms in their own account (default), or the district acceptance point checks the letter. */
        verifyBy: z._default(z.enum(['principal', 'district'], { error: '请选择核验方式' }), 'principal'),
        validUntil,
      }),
      z.strictObject({
        kind: z.literal('relative'),
        principal: person,
        agent: person,
        relationship: z.enum(
          Object.keys(RELATIONSHIPS) as [keyof typeof RELATIONSHIPS, ...(keyof typeof RELATIONSHIPS)[]],
          { error: '请选择与申请人的关系' },
        ),
        reason: z.enum(
          Object.keys(RELATIVE_REASONS) as [keyof typeof RELATIVE_REASONS, ...(keyof typeof RELATIVE_REASONS)[]],
          { error: '请选择代办原因' },
        ),
        scope: checked(z.array(z.enum(SCOPE_KEYS)), z.minLength(1, '请至少选择一项委托事项')),
        district,
        validUntil,
      }),
    ],
    { error: '请选择委托类型（用人单位或近亲属）' },
  ),
  z.superRefine((v, ctx) => {
    for (const who of ['principal', 'agent'] as const) {
      const r = parseIdCard(v[who].idNumber);
      if (!r.ok) ctx.addIssue({ code: 'custom', path: [who, 'idNumber'], message: r.message });
    }
    if (v.principal.idNumber.toUpperCase() === v.agent.idNumber.toUpperCase())
      ctx.addIssue({ code: 'custom', path: ['agent', 'idNumber'], message: '代办人和申请人不能是同一人' });
    if (v.kind === 'employer') {
      const u = parseUscc(v.employer.uscc);
      if (!u.ok) ctx.addIssue({ code: 'custom', path: ['employer', 'uscc'], message: u.message });
    }
  }),
);
/** A validated entrustment request. */
export type EntrustmentInput = z.output<typeof EntrustmentInputSchema>;

/** Who verifies an entrustment: a relative's always the district acceptance point; an employer's as chosen. */
export function verifierOf(input: EntrustmentInput): EntrustmentVerifier {
  return input.kind === 'employer' ? input.verifyBy : 'district';
}

/**
 * Why the district acceptance point cannot activate a relative entrustment for a minor on `today`: the age must
 * follow from the principal's ID number (under 16). Null when it can.
 */
export function minorAgeProblem(reason: string | undefined, principalIdNumber: string, today: ISODate): string | null {
  if (reason !== 'minor') return null;
  const age = ageFromId(principalIdNumber, today);
  if (age === null) return '委托人身份证号码无效，无法核对年龄';
  return age >= 16 ? `委托人今天已满 16 周岁（${age} 周岁），不能以“未满十六周岁”为由由近亲属代办` : null;
}

/** Age in whole years on `today` from an ID number (null when invalid). */
export function ageFromId(idNumber: string, today: ISODate): number | null {
  const r = parseIdCard(idNumber);
  return r.ok ? ageOn(r.value.birthDate, today) : null;
}

/**
 * Checks the "minor under 16" reason against the principal's ID number: the reason must be true on `today`.
 * Elderly and disabled reasons are proven by the uploaded proof and checked by the reviewer.
 */
export function relativeReasonProblem(input: EntrustmentInput, today: ISODate): string | null {
  if (input.kind !== 'relative' || input.reason !== 'minor') return null;
  const age = ageFromId(input.principal.idNumber, today);
  if (age !== null && age >= 16)
    return `申请人今天已满 16 周岁（${age} 周岁），不能以“未满十六周岁”为由代办；可由本人申请或书面委托`;
  return null;
}

/** The material an entrustment needs: the signed letter (employer) or the relationship proof (relative). */
export function entrustmentMaterialLabel(kind: EntrustmentInput['kind']): string {
  return kind === 'employer'
    ? '申请人签字的书面委托书（含用人单位盖章）及双方身份证件'
    : '监护或亲属关系证明（户口簿、出生医学证明等）及双方身份证件';
}
