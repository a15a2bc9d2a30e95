/** The line preview's histogram: the function's buckets highest first, counts in words, the line's bucket named. */
import { histogram } from '../../miniprogram/admin/pages/line/histogram';

const bucket = (from: number, count: number) => ({
  from: String(from),
  to: String(from + 5),
  count,
  label: `${from}–${from + 4.5}`,
});

describe('histogram of totals', () => {
  const buckets = [bucket(100, 4), bucket(105, 0), bucket(110, 0), bucket(135, 8), bucket(160, 1)];

  it('draws the buckets highest first, with the count written beside each bar and empty ones kept', () => {
    const h = histogram(buckets, null);
    expect(h.bars.map((b) => [b.label, b.countText, b.width])).toEqual([
      ['160–164.5 分', '1 人', 13],
      ['135–139.5 分', '8 人', 100],
      ['110–114.5 分', '0 人', 0],
      ['105–109.5 分', '0 人', 0],
      ['100–104.5 分', '4 人', 50],
    ]);
    expect(h.caption).toBe('共 13 人');
    // Without a line (no quota) nothing is said to be admitted or not.
    expect(h.bars.every((b) => b.placeText === '')).toBe(true);
  });

  it('says in words which buckets are admitted, which holds the line and which are not', () => {
    const h = histogram(buckets, '137.5');
    expect(h.bars.map((b) => [b.label, b.placeText])).toEqual([
      ['160–164.5 分', '准入'],
      ['135–139.5 分', '含分数线'],
      ['110–114.5 分', '未准入'],
      ['105–109.5 分', '未准入'],
      ['100–104.5 分', '未准入'],
    ]);
    expect(histogram(buckets, '135').bars[1].placeText).toBe('准入');
  });

  it('keeps a bucket of one visible beside a large one', () => {
    expect(histogram([bucket(100, 1), bucket(105, 1000)], null).bars[1].width).toBe(2);
  });
});
