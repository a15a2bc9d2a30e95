/**
 * A policy version (积分指标体系的一个版本) is data: every indicator with its parameters, cap, window, responsible
 * department, confidence mark and source. Publishing a new version is publishing a JSON document that passes
 * {@link PolicyVersionSchema}; the scoring code reads only `rule` kinds and parameters, never a version id.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { isISODate } from '../dates';

import { CONFIDENCE_MARKS } from './confidence';
import { SettlementPolicySchema } from './settlement';
import { HONOUR_LEVELS, RECORD_KINDS } from '../profile/enums';

/** Confidence marks: [C] confirmed for 2021, [C-old] confirmed for an earlier version, [I] inferred, [U] unknown. */
export const ConfidenceSchema = z.enum(CONFIDENCE_MARKS);
export type { Confidence } from './confidence';
export { CONFIDENCE_LABELS, CONFIDENCE_LEGEND } from './labels';

/** Which dates count: only the cutoff (G2), the 5-year window before it (G3), or the whole life before the cutoff. */
export const IndicatorWindowSchema = z.enum(['cutoff', 'fiveYear', 'lifetime']);
/** The time window an indicator's facts must fall in. */
export type WindowKind = z.infer<typeof IndicatorWindowSchema>;

/**
 * What a 阅卷 department's name looks like: Han characters with full-width brackets (市公安局, 市发改委（信用办）).
 * Reviewer roles are granted only for departments the policy data names, so a name must not be a number or markup.
 */
export const DEPARTMENT_NAME_RE = /^[\p{Script=Han}（）]{2,40}$/u;

/**
 * Builds the policy schemas (see {@link PolicyVersionSchema}): only an administrator's publishing parses a policy at
 * run time (the built-in versions are checked by the tests and the build), so no instance builds these ~170 schema
 * objects at start.
 */
function buildPolicySchemas() {
  const isoDate = checked(z.string(), z.refine(isISODate, { message: '日期格式应为 YYYY-MM-DD' }));
  /** Points in policy data are decimals in 0.5 steps (G9); the engine turns them into exact half-points. */
  const points = checked(
    z.number(),
    z.refine((n) => Number.isFinite(n) && Number.isInteger(n * 2), { message: '分值必须是 0.5 的整数倍' }),
  );
  const positivePoints = checked(
    points,
    z.refine((n) => n > 0, { message: '分值必须大于 0' }),
  );

  const common = {
    /** Stable id, e.g. `B1`, `P6`, `D4`. */
    id: checked(z.string(), z.regex(/^[A-Z][A-Za-z0-9-]*$/)),
    /** Chinese name shown to people. */
    name: checked(z.string(), z.minLength(1)),
    category: z.enum(['basic', 'bonus', 'deduction']),
    /** 阅卷 department responsible for verifying this indicator. */
    department: checked(
      z.string(),
      z.regex(DEPARTMENT_NAME_RE, '部门名称应为 2–40 个汉字（可含括号），如“市公安局”“市发改委（信用办）”'),
    ),
    departmentConfidence: ConfidenceSchema,
    /** Confidence of the rule as a whole. */
    confidence: ConfidenceSchema,
    /** Confidence of the cap where it differs from the rule's (P7: rate [C-old], cap [I]). */
    capConfidence: z.optional(ConfidenceSchema),
    /** Where the rule comes from. */
    source: checked(z.string(), z.minLength(1)),
    /** The product's decision where sources are silent, shown with the line. */
    decision: z.optional(z.string()),
    /** Upper limit in points; null when none is known. */
    cap: z.nullable(
      checked(
        points,
        z.refine((n) => n >= 0, { message: '上限不能为负数' }),
      ),
    ),
    window: IndicatorWindowSchema,
    /**
     * What the applicant uploads to prove this indicator's facts (申请材料), one per fact or one for the indicator.
     * Absent: the departments share the data (G4) and nothing is uploaded.
     */
    material: z.optional(
      z.object({ label: checked(z.string(), z.minLength(1)), perFact: z.boolean(), confidence: ConfidenceSchema }),
    ),
    /**
     * Identity fields the 阅卷 reviewer of this indicator needs in full (least privilege): `idNumber` where the check
     * is made by the ID number (B1: the birth date in it; D1–D3: the police records), `permitNumber` where it is made
     * by the residence permit (B7). Absent: the reviewer sees the name and a masked ID number only.
     */
    reviewerNeeds: z.optional(z.array(z.enum(['idNumber', 'permitNumber']))),
  };

  const level = z.object({
    level: checked(z.string(), z.minLength(1)),
    label: checked(z.string(), z.minLength(1)),
    points: z.nullable(points),
    confidence: ConfidenceSchema,
  });

  /**
   * An education level names its parts, so the sheet and the hints can say what a person holds and what is missing
   * (a 本科学历 without the 学士学位, a 本科结业证书) instead of the level's full standard. Absent: the level's label.
   */
  const educationLevel = z.extend(level, {
    /** The stage alone, e.g. `本科`, `硕士研究生` (its 学历 is `本科学历`, its 结业 certificate `本科结业证书`). */
    stage: z.optional(checked(z.string(), z.minLength(1))),
    /** The degree of the level, e.g. `学士学位`; absent below 本科, where no degree is part of the standard. */
    degreeLabel: z.optional(checked(z.string(), z.minLength(1))),
  });

  /** One indicator's object schema: the fields every indicator has ({@link common}), then its rule's own. */
  const indicator = <S extends z.core.$ZodLooseShape>(own: S) => z.object({ ...common, ...own });

  /** One indicator, discriminated by its scoring rule kind. */
  const IndicatorSchema = z.discriminatedUnion(
    'rule',
    [
      indicator({
        rule: z.literal('age'),
        /** pivotAge…maxAge → pivotPoints; each year younger than pivotAge adds perYearYounger (up to the cap); over maxAge → overMaxPoints. */
        params: z.object({
          pivotAge: checked(z.number(), z.int()),
          pivotPoints: points,
          perYearYounger: points,
          maxAge: checked(z.number(), z.int()),
          overMaxPoints: points,
        }),
      }),
      indicator({
        rule: z.literal('education'),
        params: z.object({
          levels: checked(z.array(educationLevel), z.minLength(1)),
          /** B2a: domestic degrees at or above this level with only 学历 or only 学位 lose this many points. */
          singleCertificateDeduction: points,
          singleCertificateFromLevel: z.string(),
          /** B2b: 结业 / 肄业 score this at that level. */
          incompletePoints: points,
        }),
      }),
      indicator({
        rule: z.literal('titleSkill'),
        params: z.object({ levels: checked(z.array(level), z.minLength(1)) }),
      }),
      indicator({ rule: z.literal('socialInsurance'), params: z.object({ pointsPerMonth: positivePoints }) }),
      indicator({
        rule: z.literal('ownedHome'),
        params: z.object({
          points: positivePoints,
          /** The 2024-07 co-ownership and second-hand conditions. */
          coOwnershipRules: z.boolean(),
        }),
      }),
      indicator({ rule: z.literal('rental'), params: z.object({ pointsPerYear: positivePoints }) }),
      indicator({ rule: z.literal('residence'), params: z.object({ pointsPerYear: positivePoints }) }),
      indicator({
        rule: z.literal('honour'),
        params: z.object({
          level: z.enum(HONOUR_LEVELS),
          pointsEach: positivePoints,
        }),
      }),
      indicator({ rule: z.literal('marrow'), params: z.object({ points: positivePoints }) }),
      indicator({
        rule: z.literal('blood'),
        params: z.object({
          baseMl: checked(z.number(), z.int(), z.positive()),
          basePoints: positivePoints,
          stepMl: checked(z.number(), z.int(), z.positive()),
          stepPoints: positivePoints,
          /** Apheresis platelets donated before this date count as a fixed volume per donation. */
          plateletFixedBefore: isoDate,
          plateletFixedMl: checked(z.number(), z.int(), z.positive()),
          /** From that date, each therapeutic unit counts as this volume (1 / 1.5 / 2 units = 200 / 300 / 400 ml). */
          plateletMlPerUnit: checked(z.number(), z.int(), z.positive()),
          /**
           * The smallest whole-blood donation one can give and the shortest time between two (hints are in these steps;
           * nothing is scored by them). Absent: a donation of `baseMl`, one a day.
           */
          donation: z.optional(
            z.object({
              ml: checked(z.number(), z.int(), z.positive()),
              intervalDays: checked(z.number(), z.int(), z.positive()),
              confidence: ConfidenceSchema,
              source: checked(z.string(), z.minLength(1)),
            }),
          ),
        }),
      }),
      indicator({
        rule: z.literal('volunteer'),
        params: z.object({ hoursPerStep: checked(z.number(), z.positive()), pointsPerStep: positivePoints }),
      }),
      indicator({
        rule: z.literal('charity'),
        params: z.object({ yuanPerStep: checked(z.number(), z.positive()), pointsPerStep: positivePoints }),
      }),
      indicator({
        rule: z.literal('patent'),
        params: z.object({ firstHolderPoints: points, otherHolderPoints: points }),
      }),
      indicator({
        rule: z.literal('deduction'),
        params: z.object({
          record: z.enum(RECORD_KINDS),
          /** Points deducted per case (a positive number; the sheet shows it negative). */
          pointsEach: positivePoints,
          /** D4: deducted once however many records. */
          once: z.boolean(),
        }),
      }),
      indicator({
        rule: z.literal('unscored'),
        /** Rows the sources leave unknown (P9 tax, B4b): present, score 0, and say why. */
        params: z.object({ fact: z.enum(['tax', 'separateEmployment']), reason: checked(z.string(), z.minLength(1)) }),
      }),
    ],
    { error: (iss) => (iss.code === 'invalid_union' ? '未知的计分规则类型（rule），引擎不支持此规则' : undefined) },
  );

  /** Groups of indicators of which only the highest counts (G5: B2/B3; housing: B5/B6). */
  const ExclusiveGroupSchema = z.object({
    ids: checked(z.array(z.string()), z.minLength(2)),
    rule: checked(z.string(), z.minLength(1)),
    description: checked(z.string(), z.minLength(1)),
    confidence: ConfidenceSchema,
  });

  /** A published policy version. */
  const PolicyVersionSchema = checked(
    z.object({
      id: checked(z.string(), z.regex(/^[a-z0-9-]+$/)),
      name: checked(z.string(), z.minLength(1)),
      /** First day this version applies to applications. */
      effectiveFrom: isoDate,
      /** G1: the qualifying score (准申请分值); reaching it exactly counts. */
      qualifyingScore: positivePoints,
      qualifyingConfidence: ConfidenceSchema,
      indicators: checked(z.array(IndicatorSchema), z.minLength(1)),
      exclusiveGroups: z.array(ExclusiveGroupSchema),
      /** P1–P4: several honours for the same matter count once, at the highest level. */
      sameMatterHonours: z.object({ confidence: ConfidenceSchema, source: z.string() }),
      /** G6: one act, several deductions → only the largest applies. */
      largestDeductionPerIncident: z.object({ confidence: ConfidenceSchema, source: z.string() }),
      veto: z.object({
        offences: checked(
          z.array(z.object({ code: checked(z.string(), z.minLength(1)), label: checked(z.string(), z.minLength(1)) })),
          z.minLength(1),
        ),
        confidence: ConfidenceSchema,
        source: checked(z.string(), z.minLength(1)),
      }),
      /** 积分落户: the reviewing department, the age, the checklist by proof of address (optional in older versions). */
      settlement: z.optional(SettlementPolicySchema),
      /** General rules as text for the applicant (G1–G9), each with its mark. */
      generalRules: z.array(z.object({ id: z.string(), text: z.string(), confidence: z.nullable(ConfidenceSchema) })),
      notes: z._default(z.array(z.string()), []),
    }),
    z.superRefine((p, ctx) => {
      const ids = new Set<string>();
      p.indicators.forEach((ind, i) => {
        if (ids.has(ind.id))
          ctx.addIssue({ code: 'custom', path: ['indicators', i, 'id'], message: `指标编号重复：${ind.id}` });
        ids.add(ind.id);
        // A typo here would silently switch off B2a (only one certificate, −10): the level must be one of the table's.
        if (
          ind.rule === 'education' &&
          !ind.params.levels.some((l) => l.level === ind.params.singleCertificateFromLevel)
        )
          ctx.addIssue({
            code: 'custom',
            path: ['indicators', i, 'params', 'singleCertificateFromLevel'],
            message: `单证减分起始层次“${ind.params.singleCertificateFromLevel}”不在该指标的学历层次中`,
          });
      });
      p.exclusiveGroups.forEach((g, i) =>
        g.ids.forEach((id) => {
          if (!ids.has(id))
            ctx.addIssue({ code: 'custom', path: ['exclusiveGroups', i], message: `互斥组引用了不存在的指标：${id}` });
        }),
      );
    }),
  );

  return { IndicatorSchema, PolicyVersionSchema };
}

type PolicySchemas = ReturnType<typeof buildPolicySchemas>;
/** One indicator of a policy version. */
export type Indicator = z.infer<PolicySchemas['IndicatorSchema']>;
/** The rule kinds the engine knows. */
export type RuleKind = Indicator['rule'];

/** A published policy version, its schema built on first use. */
export const PolicyVersionSchema = z.lazy(() => buildPolicySchemas().PolicyVersionSchema);
/** A policy version. */
export type PolicyVersion = z.infer<typeof PolicyVersionSchema>;
