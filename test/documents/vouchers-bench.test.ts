/** The issuing bench's own piece (scripts/bench/vouchers.ts), at a small size so it cannot rot unnoticed. */
import { benchIssue } from '../../scripts/bench/vouchers';

describe('voucher issuing benchmark', () => {
  it('should issue a voucher for every seeded confirmed case through the function, then hand each out again', async () => {
    const res = await benchIssue(3);
    expect(res.vouchers).toBe(3);
    expect(res.issuedPerSecond).toBeGreaterThan(0);
    expect(res.reissuedPerSecond).toBeGreaterThan(0);
  });
});
