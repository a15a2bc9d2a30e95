/** The case page's result verdict reads the veto first: a vetoed case never says it reached, or missed, 100. */
import { computeResult } from '../../shared/application/result';
import type { ResultRes } from '../../shared/contracts';
import { resultView } from '../../miniprogram/points/pages/case/case-view';
import { HZ2021, R2021, profile } from '../shared/fixtures/engine-helpers';

const over100 = { residence: [{ from: '2000-01-01', to: '2021-09-30' }], socialInsurance: [] };

function resOf(p: Parameters<typeof profile>[0]): ResultRes {
  const r = computeResult(profile(p), HZ2021, R2021, []);
  return {
    applicationId: 'app_1',
    status: 'published',
    timeline: {} as ResultRes['timeline'],
    published: true,
    total: r.total,
    reachesQualifying: r.reachesQualifying,
    lines: r.lines,
    sheet: r.sheet,
  };
}

describe('the case page verdict', () => {
  it('should show a vetoed case with 130 points as a veto, with the close icon, and never “已达到” or “未达到”', () => {
    const v = resultView(resOf({ ...over100, vetoFacts: [{ kind: 'robbery' }] }));
    expect(v.verdict).toBe('一票否决（抢劫罪）：不能申请积分落户');
    expect(v.verdictIcon).toBe('close-circle');
    expect(JSON.stringify({ verdict: v.verdict, vetoText: v.vetoText })).not.toMatch(/已达到|未达到/);
  });

  it('should show the same case without the veto as reaching the qualifying score, not the settlement line', () => {
    const v = resultView(resOf(over100));
    expect(v.verdict).toBe('已达到 100 分准申请分值（不是落户分数线）');
    expect(v.verdictIcon).toBe('check-circle');
  });
});
