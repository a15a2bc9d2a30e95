/** Sample records of the publicity area (a round's line, list entries, objections), for the store tests. */
import type { ObjectionRecord, PublicityEntry, SettlementLineRecord } from '../../cloudfunctions/_core/store';

/** A round's line record, not yet published. */
export const sampleLine = (
  roundId: string,
  at: string,
  over: Partial<SettlementLineRecord> = {},
): SettlementLineRecord => ({
  roundId,
  status: 'open',
  quota: 3000,
  quotaSet: { by: 'admin', actor: 'admin-openid', at },
  tieRule: 'admitAllAtLine',
  tieRuleSet: { by: 'default' },
  publicityWorkingDays: 5,
  publicitySet: { by: 'default' },
  createdAt: at,
  updatedAt: at,
  ...over,
});

/** An entry of the admitted list at `rank`. */
export const sampleEntry = (
  settlementId: string,
  rank: number,
  at: string,
  over: Partial<PublicityEntry> = {},
): PublicityEntry => ({
  id: `pe_${settlementId}`,
  roundId: '2021',
  settlementId,
  rank,
  seq: `${String(rank).padStart(7, '0')}:${settlementId}`,
  maskedName: '张*',
  maskedIdNumber: '330106********123X',
  district: 'xihu',
  total: '140',
  status: 'listed',
  noticed: false,
  createdAt: at,
  updatedAt: at,
  ...over,
});

/** An open objection to an entry. */
export const sampleObjection = (
  id: string,
  entryId: string,
  submittedAt: string,
  over: Partial<ObjectionRecord> = {},
): ObjectionRecord => ({
  id,
  roundId: '2021',
  entryId,
  settlementId: entryId.replace(/^pe_/, ''),
  status: 'open',
  reason: '此人实际居住地不在杭州，材料疑似不实，请核查。$.key',
  contact: '13812345678',
  submittedBy: 'someone',
  checkedBy: 'local',
  submittedOn: submittedAt.slice(0, 10),
  submittedAt,
  createdAt: submittedAt,
  updatedAt: submittedAt,
  ...over,
});
