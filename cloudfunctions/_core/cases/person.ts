/** People and ids of a case: person keys (hashed ID numbers), deterministic task ids, audit targets. */
import { createHash } from 'crypto';
import type { IdentityRecord, PersonKey } from '../store/records';

/**
 * The key records index a person by: a hash of the normalised ID number. Stored fields, queries, audit entries and
 * document ids use it instead of the ID number.
 */
export function personKeyOf(idNumber: string): PersonKey {
  return createHash('sha256').update(`hz-jfsq-person\n${idNumber.trim().toUpperCase()}`).digest('hex').slice(0, 32);
}

/** Audit `actingFor` of a case: the person's openid when they bound their identity, else `person:<key>`. */
export function actingForOf(bound: Pick<IdentityRecord, 'openid'> | null, personKey: PersonKey): string {
  return bound ? bound.openid : `person:${personKey}`;
}

/** The review task of one indicator of an application (deterministic: a resubmission reuses it). */
export function taskIdOf(applicationId: string, indicatorId: string): string {
  return `t_${applicationId}_${indicatorId}`;
}

/** The audit target of everything done to a case; `case.audit` lists it for the owner. */
export function caseTarget(applicationId: string): string {
  return `application:${applicationId}`;
}

/** The audit target of an entrustment. */
export function entrustmentTarget(entrustmentId: string): string {
  return `entrustment:${entrustmentId}`;
}

/** Material keys of a settlement application start with this (its materials are filed under the settlement's id). */
export const SETTLEMENT_KEY_PREFIX = 'settlement:';

/**
 * The one settlement application of a person in a round (deterministic: one per person per round, and a retried
 * first save finds the same record).
 */
export function settlementIdOf(roundId: string, personKey: PersonKey): string {
  return `st_${roundId}_${personKey.slice(0, 24)}`;
}
