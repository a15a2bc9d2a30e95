/** 积分测算: the open round with its policy table, and server-side scoring of a profile (the source of truth). */
import * as z from 'zod/mini';
import '../zod-zh';
import { checked } from '../zod-check';
import type { PolicyVersion } from '../policy/schema';
import type { Round, RoundPhase } from '../rounds';
import type { ISODate } from '../dates';
import type { WireSheet } from './sheet-wire';

/** `round.current`: the open round, its phase and its policy table, for the client. */
export const RoundCurrentReq = z.strictObject({});
/** Response of `round.current`. */
export interface RoundCurrentRes {
  /** Server's today (Beijing). */
  today: ISODate;
  round: Round | null;
  phase: RoundPhase['phase'];
  next?: RoundPhase['next'];
  policy: PolicyVersion | null;
}

/** `simulate`: server-side scoring of a profile (the source of truth). */
export const SimulateReq = z.strictObject({
  profile: z.unknown(),
  /** Defaults to the current round. */
  roundId: z.optional(checked(z.string(), z.minLength(1), z.maxLength(20))),
});
/**
 * Response of `simulate`: the sheet in its wire form, without what the policy version it names already says;
 * `expandSheet(res.sheet, policy)` gives the engine's full sheet.
 */
export interface SimulateRes {
  sheet: WireSheet;
}
