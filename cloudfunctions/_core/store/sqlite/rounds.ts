import { randomUUID } from 'crypto';
/** SQLite: administrators' policy versions, round overrides and holiday tables (JSON documents). */
import type { HolidayTable } from '../../../../shared/calendar';
import type { Round } from '../../../../shared/rounds';
import type { AreaOf } from '../areas';
import { StoreConflictError } from '../errors';
import type { PublishedPolicy } from '../records';
import { isUniqueViolation, type Db } from './rows';

/** The rounds and policy area on one connection. */
export function roundsArea(db: Db): AreaOf<'rounds'> {
  const connection = randomUUID();
  const s = {
    listPolicies: db.prepare<[], { policy: string; published_at: string; published_by: string }>(
      'SELECT policy, published_at, published_by FROM policy_versions ORDER BY effective_from, id',
    ),
    publishPolicy: db.prepare(
      'INSERT INTO policy_versions (id, effective_from, policy, published_at, published_by) VALUES (?, ?, ?, ?, ?)',
    ),
    listRounds: db.prepare<[], { round: string }>('SELECT round FROM round_overrides ORDER BY year'),
    putRound: db.prepare(
      'INSERT INTO round_overrides (year, round) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET round = excluded.round',
    ),
    listHolidays: db.prepare<[], { holiday_table: string }>('SELECT holiday_table FROM holiday_tables ORDER BY year'),
    // Raised by the tables' triggers (migrations.ts); absent until the first write. Plucked: read on every request
    // that looks a round up, it needs no row object.
    version: db.prepare<[], string>("SELECT doc FROM settings WHERE key = 'reference-version'").pluck(),
    putHoliday: db.prepare(
      'INSERT INTO holiday_tables (year, holiday_table) VALUES (?, ?) ON CONFLICT (year) DO UPDATE SET holiday_table = excluded.holiday_table',
    ),
  };
  return {
    async listPolicyVersions() {
      return s.listPolicies.all().map((r) => ({
        policy: JSON.parse(r.policy) as PublishedPolicy['policy'],
        publishedAt: r.published_at,
        publishedBy: r.published_by,
      }));
    },
    async listRoundOverrides() {
      return s.listRounds.all().map((r) => JSON.parse(r.round) as Round);
    },
    async listHolidayTables() {
      return s.listHolidays.all().map((r) => JSON.parse(r.holiday_table) as HolidayTable);
    },
    async referenceVersion() {
      // The connection's id first: two databases may have the same count, never the same connection.
      return `${connection}:${s.version.get() ?? '0'}`;
    },
    async publishPolicyVersion(p) {
      try {
        s.publishPolicy.run(
          p.policy.id,
          p.policy.effectiveFrom,
          JSON.stringify(p.policy),
          p.publishedAt,
          p.publishedBy,
        );
      } catch (e) {
        if (isUniqueViolation(e)) throw new StoreConflictError('policy', p.policy.id);
        throw e;
      }
    },
    async putRoundOverride(round) {
      s.putRound.run(round.year, JSON.stringify(round));
    },
    async putHolidayTable(table) {
      s.putHoliday.run(table.year, JSON.stringify(table));
    },
  };
}
