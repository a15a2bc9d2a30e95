/**
 * CloudBase: settlement applications (积分落户申请). Queried and sorted fields, the ranking's total and submission
 * time, and the conditional write's `status` and `updatedAt` are top-level; the record is `docJson`.
 */
import { byRank, pageSize, SETTLEMENT_PAGE_DEFAULT, SETTLEMENT_PAGE_MAX, settlementSeq } from '../derived';
import type { SettlementRecord, SettlementTotal, SettlementTotalCount } from '../records';
import { putIf, setData, type CloudBaseArea, type VersionedDoc } from './commit';
import { COLLECTIONS as C, docOf, str, type CloudBaseHelpers } from './db';

function settlementDoc(rec: SettlementRecord): VersionedDoc {
  return {
    collection: C.settlements,
    id: rec.id,
    status: rec.status,
    updatedAt: rec.updatedAt,
    data: {
      roundId: rec.roundId,
      personKey: rec.personKey,
      status: rec.status,
      district: rec.district ?? null,
      seq: settlementSeq(rec),
      total: rec.total ?? null,
      submittedAt: rec.submittedAt ?? null,
      noticeValidUntil: rec.noticeValidUntil ?? null,
      updatedAt: rec.updatedAt,
      docJson: JSON.stringify(rec),
    },
  };
}

/** The settlements area. */
export function settlementsArea(h: CloudBaseHelpers): CloudBaseArea<'settlements'> {
  const { col, command: _, byId } = h;
  /**
   * Every verified application of a round with a total, in seq order, handed to `visit` as it arrives: paged by the
   * seq cursor (not skip, which the server pays for per skipped document); only the top-level total and submission
   * time are read, never docJson.
   */
  const eachVerifiedTotal = async (roundId: string, visit: (t: SettlementTotal) => void): Promise<void> => {
    let after: string | undefined;
    for (;;) {
      const cond: Record<string, unknown> = { roundId, status: 'verified' };
      if (after !== undefined) cond.seq = _.gt(after);
      const { data } = await col(C.settlements).where(cond).orderBy('seq', 'asc').limit(h.maxLimit).get();
      for (const d of data) {
        if (d.total === null || d.total === undefined) continue;
        visit({ id: d._id, total: str(d.total), submittedAt: str(d.submittedAt) });
      }
      const last = data[data.length - 1];
      if (data.length < h.maxLimit || !last) break;
      after = str(last.seq);
    }
  };
  return {
    ops: {
      async getSettlement(id) {
        const d = await byId(C.settlements, id);
        return d ? docOf<SettlementRecord>(d) : null;
      },
      async findSettlementByPerson(personKey, roundId) {
        const { data } = await col(C.settlements).where({ personKey, roundId }).orderBy('_id', 'asc').limit(1).get();
        return data[0] ? docOf<SettlementRecord>(data[0]) : null;
      },
      async listSettlementsByStatus(query) {
        const limit = pageSize(query.limit, SETTLEMENT_PAGE_DEFAULT, Math.min(SETTLEMENT_PAGE_MAX, h.maxLimit - 1));
        const cond: Record<string, unknown> = { roundId: query.roundId, status: query.status };
        if (query.district !== undefined) cond.district = query.district;
        if (query.after !== undefined) cond.seq = _.gt(query.after);
        const { data } = await col(C.settlements)
          .where(cond)
          .orderBy('seq', 'asc')
          .limit(limit + 1)
          .get();
        const settlements = data.slice(0, limit).map((d) => docOf<SettlementRecord>(d));
        const last = settlements[settlements.length - 1];
        return data.length > limit && last ? { settlements, next: settlementSeq(last) } : { settlements };
      },
      async listSettlementTotals(roundId) {
        const out: SettlementTotal[] = [];
        await eachVerifiedTotal(roundId, (t) => out.push(t));
        return out.sort(byRank);
      },
      async countSettlementTotals(roundId) {
        // CloudBase has no GROUP BY here: the same paged read as the ranking, counted as it arrives (no list, no sort
        // of every application).
        const counts = new Map<string, number>();
        await eachVerifiedTotal(roundId, (t) => counts.set(t.total, (counts.get(t.total) ?? 0) + 1));
        return [...counts]
          .map(([total, count]): SettlementTotalCount => ({ total, count }))
          .sort((a, b) => Number(b.total) - Number(a.total));
      },
      async listLapsedNotices(today, limit) {
        const { data } = await col(C.settlements)
          .where({ status: 'noticed', noticeValidUntil: _.lt(today) })
          .orderBy('noticeValidUntil', 'asc')
          .orderBy('_id', 'asc')
          .limit(pageSize(limit, 100, h.maxLimit))
          .get();
        return data.map((d) => docOf<SettlementRecord>(d));
      },
      async putSettlement(rec, expect) {
        const doc = settlementDoc(rec);
        if (expect) return putIf(h, doc, expect);
        await col(C.settlements)
          .doc(rec.id)
          .set({ data: setData(doc) });
      },
    },
    plans: {
      putSettlement: (rec, expect) => ({ doc: settlementDoc(rec), expect }),
    },
  };
}
