/** A sample settlement application record for the store tests. */
import type { SettlementRecord } from '../../cloudfunctions/_core/store';

/** A draft settlement application of 张伟 (`pk-alice`) in round 2021, reading case `app1`. */
export function sampleSettlement(id: string, at: string, over: Partial<SettlementRecord> = {}): SettlementRecord {
  return {
    id,
    roundId: '2021',
    applicationId: 'app1',
    personKey: 'pk-alice',
    ownerOpenid: 'alice',
    maskedName: '张*',
    maskedIdNumber: '330106********0018',
    createdBy: 'alice',
    actingAs: 'self',
    status: 'draft',
    destination: { district: 'xihu', address: '杭州市西湖区文三路 1 号 2 幢 301 室' },
    district: 'xihu',
    proofKind: 'own-deed',
    members: [{ relation: 'child', name: '张小明', idNumber: '330106201501010015' }],
    declarations: { noUrbanHukou: true, fullCapacity: true },
    decisions: [],
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}
