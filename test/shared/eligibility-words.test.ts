/**
 * The eligibility refusals a person reads (on the apply page when it opens, and in the submit refusal) give their
 * dates as 2021年11月4日, never as the stored 2021-11-04.
 */
import { checkEligibility, type ApplicantIdentity } from '../../shared/application';

const IDENTITY: ApplicantIdentity = {
  name: '张伟',
  idNumber: '330106198705120018',
  mobile: '13800001234',
  permitNumber: 'ZJ3301062019001',
  permitDistrict: 'xihu',
  permitValidFrom: '2019-01-01',
  permitValidTo: '2021-09-30',
};

describe('eligibility refusals in words', () => {
  it('says the permit’s validity and today in Chinese dates', () => {
    const [r] = checkEligibility(IDENTITY, '2021-10-08');
    expect(r).toEqual({
      code: 'PERMIT_NOT_VALID',
      message: '居住证有效期为2019年1月1日至2021年9月30日，今天（2021年10月8日）不在有效期内',
    });
  });

  it('says the fraud finding’s date and the end of the 5-year bar in Chinese dates', () => {
    const refusals = checkEligibility({ ...IDENTITY, permitValidTo: '2024-12-31' }, '2021-10-08', ['2019-03-01']);
    expect(refusals).toEqual([
      { code: 'FRAUD_BAR', message: '因2019年3月1日认定的弄虚作假行为，2024年3月1日前不得申请积分' },
    ]);
  });

  it('has no ISO date in any refusal', () => {
    const all = checkEligibility({ ...IDENTITY, permitDistrict: 'jiande' }, '2021-10-08', ['2018-01-02']);
    expect(all.length).toBe(3);
    for (const r of all) expect(r.message).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });
});
