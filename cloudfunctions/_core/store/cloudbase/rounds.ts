/** CloudBase: administrators' policy versions (`_id` = version id), round overrides and holiday tables (`_id` = year). */
import { randomUUID } from 'crypto';
import type { HolidayTable } from '../../../../shared/calendar';
import type { Round } from '../../../../shared/rounds';
import { StoreConflictError } from '../errors';
import type { PublishedPolicy } from '../records';
import type { CloudBaseArea } from './commit';
import { COLLECTIONS, str, type CloudBaseHelpers } from './db';

/** The `settings` document whose token changes with every write of this area (RoundsReads.referenceVersion). */
const REFERENCE_VERSION_KEY = 'reference-version';

/** The rounds and policy area. */
export function roundsArea({ col, byId, createIfAbsent, getAll }: CloudBaseHelpers): CloudBaseArea<'rounds'> {
  // A new token after the write it follows (writes apply in order at commit): whoever reads the new token reads the
  // new data; whoever read the old one builds again on the next request.
  const bump = () =>
    col(COLLECTIONS.settings)
      .doc(REFERENCE_VERSION_KEY)
      .set({ data: { token: randomUUID() } });
  return {
    ops: {
      async listPolicyVersions() {
        const docs = await getAll(col(COLLECTIONS.policyVersions).orderBy('_id', 'asc'));
        return docs
          .map((d) => ({
            policy: JSON.parse(str(d.policyJson)) as PublishedPolicy['policy'],
            publishedAt: str(d.publishedAt),
            publishedBy: str(d.publishedBy),
          }))
          .sort((a, b) =>
            a.policy.effectiveFrom === b.policy.effectiveFrom
              ? a.policy.id < b.policy.id
                ? -1
                : 1
              : a.policy.effectiveFrom < b.policy.effectiveFrom
                ? -1
                : 1,
          );
      },
      async listRoundOverrides() {
        const docs = await getAll(col(COLLECTIONS.roundOverrides).orderBy('_id', 'asc'));
        return docs.map((d) => JSON.parse(str(d.roundJson)) as Round).sort((a, b) => a.year - b.year);
      },
      async listHolidayTables() {
        const docs = await getAll(col(COLLECTIONS.holidayTables).orderBy('_id', 'asc'));
        return docs.map((d) => JSON.parse(str(d.tableJson)) as HolidayTable).sort((a, b) => a.year - b.year);
      },
      async referenceVersion() {
        const d = await byId(COLLECTIONS.settings, REFERENCE_VERSION_KEY);
        return d ? str(d.token) : '0';
      },
      async publishPolicyVersion(p) {
        const created = await createIfAbsent(COLLECTIONS.policyVersions, {
          _id: p.policy.id,
          effectiveFrom: p.policy.effectiveFrom,
          policyJson: JSON.stringify(p.policy),
          publishedAt: p.publishedAt,
          publishedBy: p.publishedBy,
        });
        if (!created) throw new StoreConflictError('policy', p.policy.id);
        await bump();
      },
      async putRoundOverride(round) {
        await col(COLLECTIONS.roundOverrides)
          .doc(String(round.year))
          .set({ data: { year: round.year, roundJson: JSON.stringify(round) } });
        await bump();
      },
      async putHolidayTable(table) {
        await col(COLLECTIONS.holidayTables)
          .doc(String(table.year))
          .set({ data: { year: table.year, tableJson: JSON.stringify(table) } });
        await bump();
      },
    },
    plans: {
      publishPolicyVersion: (p) => ({
        check: async () => {
          if (await byId(COLLECTIONS.policyVersions, p.policy.id)) throw new StoreConflictError('policy', p.policy.id);
        },
      }),
    },
  };
}
