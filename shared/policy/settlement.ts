/**
 * 积分落户 as policy data (lifecycle.md step 4): who reviews the application, the conditions' numbers, the proofs of
 * the destination address with the materials each needs, and the documents of a family member moving too. Every
 * entry carries its confidence mark and source, so an administrator and a curious applicant see both, and a new
 * policy version can change any of it without a code change.
 */
import * as z from 'zod';
import { CONFIDENCE_MARKS } from './confidence';

const confidence = z.enum(CONFIDENCE_MARKS);

/** One material of the settlement checklist: a stable key (the material key's last part), a label, its mark. */
export const SettlementItemSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9-]*$/),
  label: z.string().min(1),
  confidence,
  source: z.string().min(1),
});

/** One way of proving the destination address (拟落户地址). */
export const SettlementProofSchema = z.object({
  kind: z.string().regex(/^[a-z][a-z0-9-]*$/),
  label: z.string().min(1),
  items: z.array(SettlementItemSchema).min(1),
  confidence,
  source: z.string().min(1),
});

/** The settlement section of a policy version. */
export const SettlementPolicySchema = z.object({
  /** The department reviewing settlement applications (the household-registration window). */
  department: z.object({ name: z.string().min(2), confidence, source: z.string().min(1) }),
  /** Aged at least this many full years on the application day. */
  minimumAge: z.object({ years: z.number().int().positive(), confidence, source: z.string().min(1) }),
  /** Materials of every application, whatever the proof. */
  common: z.array(SettlementItemSchema).min(1),
  proofs: z.array(SettlementProofSchema).min(1),
  /** Documents of each family member moving too, by relation. */
  members: z.object({
    spouse: z.array(SettlementItemSchema).min(1),
    child: z.array(SettlementItemSchema).min(1),
    /** A child moving too is under this age on the application day. */
    childUnderAge: z.number().int().positive(),
    confidence,
    source: z.string().min(1),
  }),
});
/** The settlement section of a policy version. */
export type SettlementPolicy = z.infer<typeof SettlementPolicySchema>;
/** One checklist material. */
export type SettlementItem = z.infer<typeof SettlementItemSchema>;
/** One proof of the destination address. */
export type SettlementProof = z.infer<typeof SettlementProofSchema>;
