/**
 * Bad input is rejected with a Chinese message per field, never silently scored: impossible dates, negative
 * quantities, unknown levels, malformed ID numbers, unknown fields.
 */
import { parseProfile, type FieldError } from '../../shared/profile';
import { BASE_PERSON, ZHANG_WEI, idFor } from './fixtures/engine-helpers';

const HAN = /[\u4e00-\u9fff]/;

function errorsOf(input: unknown): FieldError[] {
  const r = parseProfile(input);
  if (r.ok) throw new Error('expected the profile to be refused');
  return r.errors;
}

/** The single error at `path`, checked to be Chinese, with a Chinese field name. */
function errorAt(input: unknown, path: string): FieldError {
  const errors = errorsOf(input);
  const e = errors.find((x) => x.path === path);
  if (!e) throw new Error(`no error at ${path}; got ${errors.map((x) => x.path).join(', ')}`);
  for (const x of errors) {
    expect(x.message).toMatch(HAN);
    expect(x.field).toMatch(HAN);
  }
  return e;
}

const withPerson = (over: Record<string, unknown>) => ({ person: BASE_PERSON, ...over });

describe('valid profiles', () => {
  it('the documented example parses and keeps its facts', () => {
    const r = parseProfile(ZHANG_WEI);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.profile.person.idNumber).toBe('330106198705120018');
      expect(r.profile.socialInsurance).toHaveLength(3);
    }
  });

  it('fills the documented defaults', () => {
    const r = parseProfile({
      person: BASE_PERSON,
      socialInsurance: [{ from: '2019-01', to: '2019-12', pension: true, medical: true }],
    });
    expect(r.ok && r.profile.socialInsurance[0]).toMatchObject({
      inUrbanHangzhou: true,
      backPaid: false,
      transferredIn: false,
      flexible: false,
    });
    expect(r.ok && r.profile.bloodDonations).toEqual([]);
    expect(r.ok && r.profile.marrowDonation).toBeNull();
  });

  it('accepts an ID number alone, and one with a lower-case x check character', () => {
    expect(parseProfile({ person: { idNumber: idFor('1990-05-05') } }).ok).toBe(true);
    // 11010519491231002X is the standard's sample number.
    expect(parseProfile({ person: { idNumber: '11010519491231002x' } }).ok).toBe(true);
  });

  it('accepts a birth date that agrees with the ID number', () => {
    expect(parseProfile({ person: { idNumber: idFor('1990-05-05'), birthDate: '1990-05-05' } }).ok).toBe(true);
  });
});

describe('bad input is rejected per field in Chinese', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['an impossible date (2021-02-30)', { volunteer: [{ date: '2021-02-30', hours: 10 }] }, 'volunteer.0.date'],
    [
      'a date in the wrong format',
      { education: [{ level: 'benke', diploma: true, degree: true, obtainedOn: '2010/07/01' }] },
      'education.0.obtainedOn',
    ],
    [
      'an impossible month (2021-13)',
      { socialInsurance: [{ from: '2021-13', to: '2021-12', pension: true, medical: true }] },
      'socialInsurance.0.from',
    ],
    ['negative volunteer hours', { volunteer: [{ date: '2020-01-01', hours: -1 }] }, 'volunteer.0.hours'],
    ['volunteer hours with two decimals', { volunteer: [{ date: '2020-01-01', hours: 1.25 }] }, 'volunteer.0.hours'],
    ['volunteer hours as a string', { volunteer: [{ date: '2020-01-01', hours: '20' }] }, 'volunteer.0.hours'],
    ['a negative blood volume', { bloodDonations: [{ date: '2020-01-01', ml: -200 }] }, 'bloodDonations.0.ml'],
    ['a fractional blood volume', { bloodDonations: [{ date: '2020-01-01', ml: 200.5 }] }, 'bloodDonations.0.ml'],
    ['whole blood without a volume', { bloodDonations: [{ date: '2020-01-01' }] }, 'bloodDonations.0.ml'],
    [
      'platelets from 2010 without units',
      { bloodDonations: [{ date: '2015-01-01', kind: 'platelets' }] },
      'bloodDonations.0.units',
    ],
    [
      'platelet units that do not exist (3)',
      { bloodDonations: [{ date: '2015-01-01', kind: 'platelets', units: 3 }] },
      'bloodDonations.0.units',
    ],
    [
      'an unknown education level',
      { education: [{ level: 'kindergarten', diploma: true, degree: true, obtainedOn: '2010-07-01' }] },
      'education.0.level',
    ],
    ['an unknown title level', { titles: [{ level: 'grandmaster', obtainedOn: '2010-07-01' }] }, 'titles.0.level'],
    [
      'an unknown honour level',
      { honours: [{ level: 'galactic', title: 't', matter: 'm', awardedOn: '2019-01-01' }] },
      'honours.0.level',
    ],
    ['an unknown record kind', { records: [{ kind: 'parking', date: '2019-01-01' }] }, 'records.0.kind'],
    [
      'an unknown home owner',
      { homes: [{ owner: 'cousin', livesThere: true, acquiredOn: '2019-01-01' }] },
      'homes.0.owner',
    ],
    ['a negative charity amount', { charity: [{ date: '2020-01-01', amountYuan: -100 }] }, 'charity.0.amountYuan'],
    [
      'a charity amount below a cent',
      { charity: [{ date: '2020-01-01', amountYuan: 10.001 }] },
      'charity.0.amountYuan',
    ],
    [
      'a social-insurance period that ends before it starts',
      { socialInsurance: [{ from: '2020-05', to: '2020-01', pension: true, medical: true }] },
      'socialInsurance.0.to',
    ],
    [
      'a rental that ends before it starts',
      { rentals: [{ from: '2020-05-01', to: '2020-01-01', legal: true }] },
      'rentals.0.to',
    ],
    [
      'a residence spell that ends before it starts',
      { residence: [{ from: '2020-05-01', to: '2020-01-01' }] },
      'residence.0.to',
    ],
    [
      'a missing yes/no answer',
      { socialInsurance: [{ from: '2020-01', to: '2020-12', pension: true }] },
      'socialInsurance.0.medical',
    ],
    [
      'an honour without a matter',
      { honours: [{ level: 'district', title: 't', matter: '', awardedOn: '2019-01-01' }] },
      'honours.0.matter',
    ],
    ['a negative tax amount', { taxes: [{ year: 2020, amountYuan: -1 }] }, 'taxes.0.amountYuan'],
    ['a list that is not a list', { volunteer: { date: '2020-01-01', hours: 20 } }, 'volunteer'],
  ])('%s', (_what, over, path) => {
    errorAt(withPerson(over), path);
  });

  it.each<[string, string, RegExp]>([
    ['a wrong check digit', '330106198705120019', /校验位/],
    ['an impossible birth date in the number', `330106${'19870230'}001X`, /出生日期/],
    ['a 15-digit old number', '330106870512001', /15位/],
    ['letters', '33010619870512ABCD', /18位/],
  ])('a malformed ID number (%s)', (_what, idNumber, message) => {
    expect(errorAt({ person: { idNumber } }, 'person.idNumber').message).toMatch(message);
  });

  it('a birth date that disagrees with the ID number', () => {
    expect(
      errorAt({ person: { idNumber: idFor('1990-05-05'), birthDate: '1990-05-06' } }, 'person.birthDate').message,
    ).toMatch(/不一致/);
  });

  it('neither birth date nor ID number', () => {
    expect(errorAt({ person: {} }, 'person.birthDate').message).toMatch(/出生日期或身份证号码/);
  });

  it('an unknown field is refused rather than silently dropped', () => {
    const errors = errorsOf(withPerson({ bloodDonation: [{ date: '2020-01-01', ml: 400 }] }));
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/不认识的字段：bloodDonation/);
  });

  it('reports every bad field at once, each with its own path', () => {
    const errors = errorsOf({
      person: { idNumber: '330106198705120019' },
      volunteer: [{ date: '2021-02-30', hours: -1 }],
      titles: [{ level: 'xx', obtainedOn: '2020-01-01' }],
    });
    expect(errors.map((e) => e.path).sort()).toEqual([
      'person.idNumber',
      'titles.0.level',
      'volunteer.0.date',
      'volunteer.0.hours',
    ]);
    expect(errors.find((e) => e.path === 'volunteer.0.hours')?.field).toBe('志愿服务 · 第 1 条 · 服务时长');
  });

  it.each([null, undefined, 42, 'profile', [], {}])('refuses %p as a whole', (input) => {
    const errors = errorsOf(input);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e.message).toMatch(HAN);
  });
});
