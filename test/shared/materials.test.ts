import { materialChecklist, sharedDataIndicators } from '../../shared/application';
import { parsePolicyVersion } from '../../shared/policy';
import { HZ2021, profile } from './fixtures/engine-helpers';

const declared = () =>
  profile({
    education: [{ level: 'benke', diploma: true, degree: true, obtainedOn: '2010-06-30' }],
    honours: [
      { level: 'district', title: '优秀志愿者', matter: 'a', awardedOn: '2019-06-01' },
      { level: 'municipal', title: '文明市民', matter: 'b', awardedOn: '2020-06-01' },
    ],
    volunteer: [{ date: '2020-01-01', hours: 40 }],
    socialInsurance: [{ from: '2015-01', to: '2021-09', pension: true, medical: true }],
  });

describe('materials checklist from the policy data', () => {
  it('asks one upload per certificate and one for the volunteer record, and nothing for shared data', () => {
    const items = materialChecklist(declared(), HZ2021);
    expect(items.map((i) => i.key)).toEqual(['B2:education.0', 'P3:honours.1', 'P4:honours.0', 'P7']);
    expect(sharedDataIndicators(declared(), HZ2021).map((i) => i.id)).toEqual(expect.arrayContaining(['B1', 'B4']));
  });

  it('follows a published version that drops an upload, without a code change', () => {
    const doc = JSON.parse(JSON.stringify(HZ2021)) as { id: string; indicators: { id: string; material?: unknown }[] };
    doc.id = 'hz-2021-test';
    delete doc.indicators.find((i) => i.id === 'P7')!.material;
    const r = parsePolicyVersion(doc);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(materialChecklist(declared(), r.policy).map((i) => i.key)).not.toContain('P7');
    expect(sharedDataIndicators(declared(), r.policy).map((i) => i.id)).toContain('P7');
  });
});
