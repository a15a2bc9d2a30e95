/**
 * 积分落户 as policy data (lifecycle.md step 4): who reviews the application, the conditions' numbers, the proofs of
 * the destination address with the materials each needs, and the documents of a family member moving too. Every
 * entry carries its confidence mark and source, so an administrator and a curious applicant see both, and a new
 * policy version can change any of it without a code change.
 */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import { CONFIDENCE_MARKS } from './confidence';

const confidence = z.enum(CONFIDENCE_MARKS);

/** One material of the settlement checklist: a stable key (the material key's last part), a label, its mark. */
export const SettlementItemSchema = z.object({
  key: checked(z.string(), z.regex(/^[a-z][a-z0-9-]*$/)),
  label: checked(z.string(), z.minLength(1)),
  confidence,
  source: checked(z.string(), z.minLength(1)),
});

/** One way of proving the destination address (拟落户地址). */
export const SettlementProofSchema = z.object({
  kind: checked(z.string(), z.regex(/^[a-z][a-z0-9-]*$/)),
  label: checked(z.string(), z.minLength(1)),
  items: checked(z.array(SettlementItemSchema), z.minLength(1)),
  confidence,
  source: checked(z.string(), z.minLength(1)),
});

/** The settlement section of a policy version. */
export const SettlementPolicySchema = z.object({
  /** The department reviewing settlement applications (the household-registration window). */
  department: z.object({
    name: checked(z.string(), z.minLength(2)),
    confidence,
    source: checked(z.string(), z.minLength(1)),
  }),
  /** Aged at least this many full years on the application day. */
  minimumAge: z.object({
    years: checked(z.number(), z.int(), z.positive()),
    confidence,
    source: checked(z.string(), z.minLength(1)),
  }),
  /** Materials of every application, whatever the proof. */
  common: checked(z.array(SettlementItemSchema), z.minLength(1)),
  proofs: checked(z.array(SettlementProofSchema), z.minLength(1)),
  /** Documents of each family member moving too, by relation. */
  members: z.object({
    spouse: checked(z.array(SettlementItemSchema), z.minLength(1)),
    child: checked(z.array(SettlementItemSchema), z.minLength(1)),
    /** A child moving too is under this age on the application day. */
    childUnderAge: checked(z.number(), z.int(), z.positive()),
    confidence,
    source: checked(z.string(), z.minLength(1)),
  }),
});
/** The settlement section of a policy version. */
export type SettlementPolicy = z.infer<typeof SettlementPolicySchema>;
/** One checklist material. */
export type SettlementItem = z.infer<typeof SettlementItemSchema>;
/** One proof of the destination address. */
export type SettlementProof = z.infer<typeof SettlementProofSchema>;
