/**
 * The publishing benchmark's own pieces (scripts/bench/cases.ts), at a small size so they cannot rot unnoticed:
 * valid applicants, a seeded round that the scheduler publishes completely, and the time split it reports.
 */
import { parseIdCard } from '../../shared/identity';
import { ProfileSchema } from '../../shared/profile';
import { benchIdNumber, benchProfile, benchPublish } from '../../scripts/bench/cases';

describe('publishing benchmark', () => {
  it('should generate distinct valid ID numbers and a valid declaration for its applicants', () => {
    const ids = Array.from({ length: 3000 }, (_, i) => benchIdNumber(i * 7));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 200)) expect(parseIdCard(id).ok).toBe(true);
    expect(ProfileSchema.safeParse(benchProfile('张伟', ids[0] as string)).success).toBe(true);
  });

  it('should seed decided applications through the store and publish every one of them in one scheduler run', async () => {
    const res = await benchPublish(1200);
    expect(res.run).toMatchObject({ published: 1200, notified: 1200, overdue: 0 });
    expect(res.publishDueSeconds).toBeGreaterThan(0);
    // SQLite publishes the 1,200 in one batch; the second call finds nothing left.
    expect(res.publishDueCalls).toBe(2);
    expect(res.publishDueSeconds).toBeLessThanOrEqual(res.publishSeconds);
    expect(res.databaseBytes).toBeGreaterThan(0);
  });
});
