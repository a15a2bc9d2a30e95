/** The stored result of a case (computeResult) carries the engine's verdict: a veto is never "reaching 100". */
import { computeResult } from '../../shared/application/result';
import { HZ2021, R2021, profile } from './fixtures/engine-helpers';

const over100 = { residence: [{ from: '2000-01-01', to: '2021-09-30' }], socialInsurance: [] }; // 30 + 100 = 130

describe('computeResult verdict', () => {
  it('a vetoed case with 130 points is vetoed, not reaching the qualifying score, with no hints', () => {
    const r = computeResult(profile({ ...over100, vetoFacts: [{ kind: 'robbery' }] }), HZ2021, R2021, []);
    expect(r.total).toBe('130');
    expect(r.verdict).toEqual({ kind: 'vetoed', text: '一票否决（抢劫罪）：不能申请积分落户' });
    expect(r.reachesQualifying).toBe(false);
    expect(r.sheet.hints).toEqual([]);
  });

  it('the same case without the veto qualifies', () => {
    const r = computeResult(profile(over100), HZ2021, R2021, []);
    expect(r.verdict).toEqual({ kind: 'qualifies', text: '已达到 100 分准申请分值' });
    expect(r.reachesQualifying).toBe(true);
  });
});
