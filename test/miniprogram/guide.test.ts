/** 办事指南: built from the round's policy table — how each indicator is scored, what proves it, who verifies it. */
import { has, textOf } from './harness';
import { loaded, worldPerTest, type World } from './world';

jest.setTimeout(60_000);

let w: World;
worldPerTest(__filename, '2021-10-08T10:00:00+08:00', (x) => (w = x));

describe('办事指南', () => {
  it('lists every indicator with its scoring, its material and its department, then the answers and 12345', async () => {
    const p = w.open('guide', 'anyone');
    await loaded(p);
    const b2 = textOf(p, 'ind-B2');
    expect(b2).toContain('文化程度');
    expect(b2).toContain('怎么计分');
    expect(b2).toContain('本科');
    expect(b2).toContain('证明材料学历证书、学位证书');
    expect(b2).toContain('审核部门市教育局');
    expect(textOf(p, 'ind-B4')).toContain('每缴满 1 个月计 0.5 分');
    expect(textOf(p, 'ind-B4')).toContain('部门共享数据，无需上传材料');
    expect(textOf(p, 'ind-B1')).toContain('审核部门市公安局');
    expect(textOf(p, 'guide-window')).toBe(
      '积分申请受理时间：2021年9月28日至2021年10月31日（计分截止日 2021年10月1日）',
    );
    expect(textOf(p, 'guide-rules')).toContain('恰好 100 分即达到准申请分值');
    expect(textOf(p, 'guide-legend')).toContain('政策已明确');
    expect(textOf(p, 'guide-faq')).toContain('100 分是“准申请分值”');
    expect(textOf(p, 'guide-faq')).toContain('积分可以委托申请吗');
    expect(textOf(p, 'guide-offline')).toContain('各区积分申请受理点');
    expect(textOf(p, 'guide-offline')).toContain('西湖区');
    expect(textOf(p, 'guide-hotline')).toContain('12345 市长公开电话');
    expect(has(p, 'call-12345')).toBe(true);
  });
});
