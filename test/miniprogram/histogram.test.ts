/** The line preview's histogram: totals in bins of 5 points, highest first, counts in words, the line's bin named. */
import { histogram } from '../../miniprogram/admin/pages/line/histogram';

describe('histogram of totals', () => {
  const totals = [
    { halves: 2 * 100, count: 3 },
    { halves: 2 * 104.5, count: 1 },
    { halves: 2 * 135, count: 6 },
    { halves: 2 * 137.5, count: 2 },
    { halves: 2 * 160, count: 1 },
  ];

  it('groups totals in bins of 5 points, highest first, with the count written beside each bar', () => {
    const h = histogram(totals, null);
    expect(h.bars.map((b) => [b.label, b.countText, b.width])).toEqual([
      ['160–164.5 分', '1 人', 13],
      ['135–139.5 分', '8 人', 100],
      ['100–104.5 分', '4 人', 50],
    ]);
    expect(h.caption).toBe('共 13 人，每档 5 分');
    // Without a line nothing is said to be admitted or not.
    expect(h.bars.every((b) => b.placeText === '')).toBe(true);
  });

  it('says in words which bins are admitted, which holds the line and which are not', () => {
    const h = histogram(totals, 2 * 137.5);
    expect(h.bars.map((b) => [b.label, b.placeText])).toEqual([
      ['160–164.5 分', '准入'],
      ['135–139.5 分', '含分数线'],
      ['100–104.5 分', '未准入'],
    ]);
    expect(histogram(totals, 2 * 135).bars[1].placeText).toBe('准入');
  });

  it('keeps a bin of one visible beside a large one', () => {
    const h = histogram(
      [
        { halves: 300, count: 1000 },
        { halves: 200, count: 1 },
      ],
      null,
    );
    expect(h.bars[1].width).toBe(2);
  });
});
