/**
 * The scoring engine against the specification (shared/policy/indicators-2021.md, faq-2021.txt, lifecycle.md):
 * one block per indicator row and general rule, with the boundaries the spec names.
 */
import { formatHalves, score } from '../../shared/engine';
import { parseProfile, type ProfileInput } from '../../shared/profile';
import {
  HZ2021,
  HZ2024,
  R2021,
  R2024,
  ZHANG_WEI,
  idFor,
  line,
  pointsOf,
  profile,
  reasons,
  sheet,
} from './fixtures/engine-helpers';

type Over = Partial<ProfileInput>;
const both = { pension: true, medical: true };

describe('the documented example (examples/zhang-wei-2021.json, 2021 round)', () => {
  const parsed = parseProfile(ZHANG_WEI);
  if (!parsed.ok) throw new Error('example must be valid');
  const s = score(parsed.profile, HZ2021, R2021);

  it('totals 202, as worked out by hand from the spec', () => {
    expect(s.total).toBe('202');
    expect(s.totalHalves).toBe(404);
    expect(s.reachesQualifying).toBe(true);
    expect(s.veto.vetoed).toBe(false);
  });

  it('scores each line as the spec says', () => {
    const byId = Object.fromEntries(s.lines.map((l) => [l.id, l.points]));
    expect(byId).toEqual({
      B1: '30', // born 1987-05-12 → 34 on 2021-10-01 → 43 and younger
      B2: '0', // 本科 50, but G5: 中级 60 is higher
      B3: '60',
      B4: '57.5', // 2012-03…2021-09 = 115 months; pension-only and back-paid months 0
      B4b: '0',
      B5: '0',
      B6: '30', // 115 months pooled → 9 years → 54, cap 30
      B7: '45', // 115 months → 9 full years
      P1: '0',
      P2: '0',
      P3: '30', // same matter as the district honour: highest only
      P4: '0',
      P5: '0',
      P6: '3.5', // 400 + 300 = 700 ml (the 2021-10-05 donation is after the cutoff)
      P7: '2', // 36.5 h in the window (2015 is outside)
      P8: '4', // ¥2,500 → 2 full thousands
      P9: '0',
      P10: '0',
      D1: '0',
      D2: '0',
      D3: '-60', // G6: detention and dishonesty are one incident → largest only
      D4: '0',
      D5: '0',
    });
  });

  it('explains what did not count and why', () => {
    expect(line(s, 'B2').excludedBy?.id).toBe('B3');
    expect(reasons(line(s, 'P4'))).toEqual(['SAME_MATTER']);
    expect(reasons(line(s, 'P6'))).toEqual(['AFTER_CUTOFF']);
    expect(reasons(line(s, 'P7'))).toEqual(['OUTSIDE_WINDOW']);
    expect(reasons(line(s, 'D4'))).toEqual(['ABSORBED_BY_LARGER']);
    expect(reasons(line(s, 'B4')).sort()).toEqual(['BACK_PAID', 'MISSING_INSURANCE']);
    expect(line(s, 'B6').capReached).toBe(true);
  });

  it('adds up: the total is the sum of the lines', () => {
    expect(s.lines.reduce((a, l) => a + l.halves, 0)).toBe(s.totalHalves);
  });
});

describe('B1 age: whole years on the cutoff day (2021-10-01)', () => {
  it.each([
    ['1978-10-01', 43, '30'],
    ['1977-10-02', 43, '30'], // turns 44 the day after the cutoff
    ['1977-10-01', 44, '29'], // a birthday on the cutoff day counts as reached
    ['1976-10-01', 45, '27'],
    ['1966-10-01', 55, '7'],
    ['1965-10-02', 55, '7'],
    ['1965-10-01', 56, '5'],
    ['1961-10-01', 60, '5'],
    ['1960-10-02', 60, '5'],
    ['1960-10-01', 61, '0'], // over 60 → 0 (decision, [U])
    ['1950-01-01', 71, '0'],
    ['2000-01-01', 21, '30'],
  ])('born %s is %i → %s points', (birthDate, age, pts) => {
    const s = score(profile({ person: { birthDate } }), HZ2021, R2021);
    expect(line(s, 'B1').points).toBe(pts);
    expect(line(s, 'B1').counted[0].label).toContain(`${age} 周岁`);
  });

  it('never shows more than 30 for a young applicant (the fact note agrees with the line)', () => {
    const l = line(score(profile({ person: { birthDate: '1995-05-05' } }), HZ2021, R2021), 'B1');
    expect(l.halves).toBe(60);
    expect(l.counted[0].halves).toBe(60);
  });

  it('derives the birth date from the ID number', () => {
    const at44 = score(profile({ person: { idNumber: idFor('1977-10-01') } }), HZ2021, R2021);
    const at43 = score(profile({ person: { idNumber: idFor('1977-10-02') } }), HZ2021, R2021);
    expect(line(at44, 'B1').points).toBe('29');
    expect(line(at43, 'B1').points).toBe('30');
  });

  it('scores the ID number a parsed profile holds now, when it was changed after validation', () => {
    // Validation notes the birth date it read on the parsed person; a number changed since is read afresh.
    const p = profile({ person: { idNumber: idFor('1977-10-02') } });
    expect(line(score(p, HZ2021, R2021), 'B1').points).toBe('30');
    p.person.idNumber = idFor('1977-10-01');
    expect(line(score(p, HZ2021, R2021), 'B1').points).toBe('29');
    p.person.idNumber = idFor('1977-10-02');
    expect(line(score(p, HZ2021, R2021), 'B1').points).toBe('30');
  });

  it('derives the same birth date from an ID number whether or not the profile came from parseProfile', () => {
    const parsed = profile({ person: { idNumber: idFor('1977-10-01') } });
    // The same person built by hand, as a caller that skipped parseProfile would: nothing was noted on it.
    const byHand = { ...parsed, person: { ...parsed.person } };
    expect(score(byHand, HZ2021, R2021)).toEqual(score(parsed, HZ2021, R2021));
    expect(line(score(byHand, HZ2021, R2021), 'B1').points).toBe('29');
  });

  it('uses the round cutoff, not the day of scoring', () => {
    // 2024 cutoff 2024-08-01: born 1968-08-01 is 56 then, but 53 on the 2021 cutoff (5 + 3 × 2).
    const p = profile({ person: { birthDate: '1968-08-01' } });
    expect(line(score(p, HZ2024, R2024), 'B1').points).toBe('5');
    expect(line(score(p, HZ2021, R2021), 'B1').points).toBe('11');
  });
});

describe('B2 education', () => {
  const edu = (level: string, extra: Record<string, unknown> = {}) =>
    ({
      education: [{ level, diploma: true, degree: true, obtainedOn: '2010-07-01', ...extra }],
    }) as Over;

  it.each([
    ['gaozhong', '10'],
    ['dazhuan', '30'],
    ['benke', '50'],
    ['shuoshi', '70'],
    ['boshi', '90'],
  ])('%s with both certificates → %s', (level, pts) => {
    expect(pointsOf(edu(level), 'B2')).toBe(pts);
  });

  it.each([
    ['benke', { degree: false }, '40'],
    ['benke', { diploma: false }, '40'],
    ['shuoshi', { degree: false }, '60'],
    ['boshi', { diploma: false }, '80'],
  ])('B2a: domestic %s with one certificate only loses 10', (level, extra, pts) => {
    expect(pointsOf(edu(level, extra), 'B2')).toBe(pts);
  });

  it('B2a does not apply below 本科 (大专 with only the 学历 keeps 30)', () => {
    expect(pointsOf(edu('dazhuan', { degree: false }), 'B2')).toBe('30');
  });

  it('B2a does not apply to certified foreign degrees', () => {
    expect(pointsOf(edu('benke', { degree: false, domestic: false }), 'B2')).toBe('50');
    expect(pointsOf(edu('shuoshi', { diploma: false, domestic: false }), 'B2')).toBe('70');
  });

  it.each(['completed', 'withdrawn'])('B2b: a %s certificate scores 0 at that level, with a reason', (completion) => {
    const l = line(sheet(edu('shuoshi', { completion })), 'B2');
    expect(l.points).toBe('0');
    expect(reasons(l)).toEqual(['INCOMPLETE']);
  });

  it('a 结业 master does not hide a completed 本科: the highest valid entry counts', () => {
    const over = {
      education: [
        { level: 'benke', diploma: true, degree: true, obtainedOn: '2010-07-01' },
        { level: 'shuoshi', diploma: true, degree: false, completion: 'withdrawn', obtainedOn: '2013-07-01' },
      ],
    } as Over;
    expect(pointsOf(over, 'B2')).toBe('50');
  });

  it('with neither certificate it scores 0 and says so', () => {
    const l = line(sheet(edu('benke', { diploma: false, degree: false })), 'B2');
    expect(l.points).toBe('0');
    expect(reasons(l)).toEqual(['NO_CERTIFICATE']);
  });

  it('several entries: only the highest counts', () => {
    const over = {
      education: [
        { level: 'gaozhong', diploma: true, degree: false, obtainedOn: '2005-07-01' },
        { level: 'shuoshi', diploma: true, degree: true, obtainedOn: '2012-07-01' },
        { level: 'benke', diploma: true, degree: true, obtainedOn: '2009-07-01' },
      ],
    } as Over;
    const l = line(sheet(over), 'B2');
    expect(l.points).toBe('70');
    expect(l.counted.map((c) => c.ref)).toEqual(['education.1']);
    expect(reasons(l)).toEqual(['LOWER_THAN_OTHER', 'LOWER_THAN_OTHER']);
  });

  it('G2: a degree obtained on the cutoff day does not count, the day before does', () => {
    expect(pointsOf(edu('benke', { obtainedOn: '2021-10-01' }), 'B2')).toBe('0');
    expect(reasons(line(sheet(edu('benke', { obtainedOn: '2021-10-01' })), 'B2'))).toEqual(['AFTER_CUTOFF']);
    expect(pointsOf(edu('benke', { obtainedOn: '2021-09-30' }), 'B2')).toBe('50');
  });

  it('education is not limited to the 5-year window', () => {
    expect(pointsOf(edu('benke', { obtainedOn: '1999-07-01' }), 'B2')).toBe('50');
  });
});

describe('B3 title / skill level', () => {
  const title = (...levels: string[]) =>
    ({ titles: levels.map((level) => ({ level, obtainedOn: '2015-01-01' })) }) as Over;

  it.each([
    ['zhenggao', '100'],
    ['fugao', '80'],
    ['gaojijishi', '80'],
    ['zhongji', '60'],
    ['jishi', '60'],
  ])('%s → %s', (level, pts) => {
    expect(pointsOf(title(level), 'B3')).toBe(pts);
  });

  it.each(['chuji', 'gaojigong', 'zhongjigong', 'chujigong'])(
    '%s (below 中级) scores 0 with UNKNOWN_VALUE and a notice',
    (level) => {
      const s = sheet(title(level));
      const l = line(s, 'B3');
      expect(l.points).toBe('0');
      expect(reasons(l)).toEqual(['UNKNOWN_VALUE']);
      expect(l.notCounted[0].reasonText).toContain('未公开');
      expect(s.notices.some((n) => n.startsWith('B3'))).toBe(true);
    },
  );

  it('no notice when nobody declared an unknown level', () => {
    expect(sheet(title('zhongji')).notices).toEqual([]);
  });

  it('several titles: one counts, the highest', () => {
    const l = line(sheet(title('jishi', 'fugao', 'chuji')), 'B3');
    expect(l.points).toBe('80');
    expect(l.counted).toHaveLength(1);
    expect(reasons(l).sort()).toEqual(['LOWER_THAN_OTHER', 'UNKNOWN_VALUE']);
  });

  it('a title obtained on the cutoff day does not count', () => {
    expect(pointsOf({ titles: [{ level: 'fugao', obtainedOn: '2021-10-01' }] }, 'B3')).toBe('0');
  });
});

describe('G5: education and title do not add up', () => {
  const over = (eduLevel: string, titleLevel: string, extra: Record<string, unknown> = {}) =>
    ({
      education: [{ level: eduLevel, diploma: true, degree: true, obtainedOn: '2010-07-01', ...extra }],
      titles: [{ level: titleLevel, obtainedOn: '2015-01-01' }],
    }) as Over;

  it('the title wins when higher; education is shown excluded by G5', () => {
    const s = sheet(over('benke', 'zhongji'));
    expect(line(s, 'B3').points).toBe('60');
    expect(line(s, 'B2').points).toBe('0');
    expect(line(s, 'B2').rawHalves).toBe(100);
    expect(line(s, 'B2').excludedBy).toMatchObject({ id: 'B3', rule: 'G5' });
    expect(s.total).toBe('90'); // age 30 + 60
  });

  it('education wins when higher', () => {
    const s = sheet(over('boshi', 'fugao'));
    expect(line(s, 'B2').points).toBe('90');
    expect(line(s, 'B3').points).toBe('0');
    expect(line(s, 'B3').excludedBy?.id).toBe('B2');
  });

  it('a tie counts once', () => {
    const s = sheet(over('boshi', 'fugao', { diploma: false })); // 90 − 10 = 80 vs 80
    expect(line(s, 'B2').halves + line(s, 'B3').halves).toBe(160);
    expect([line(s, 'B2').excludedBy, line(s, 'B3').excludedBy].filter(Boolean)).toHaveLength(1);
  });

  it('an unknown-value title does not push education out', () => {
    const s = sheet(over('benke', 'chuji'));
    expect(line(s, 'B2').points).toBe('50');
    expect(line(s, 'B2').excludedBy).toBeUndefined();
  });
});

describe('B4 social insurance: 0.5 per month, urban Hangzhou, pension and medical', () => {
  const si = (...records: Record<string, unknown>[]) => ({ socialInsurance: records }) as Over;

  it('one month is 0.5, twelve months are 6', () => {
    expect(pointsOf(si({ from: '2020-01', to: '2020-01', ...both }), 'B4')).toBe('0.5');
    expect(pointsOf(si({ from: '2020-01', to: '2020-12', ...both }), 'B4')).toBe('6');
  });

  it.each([
    [{ pension: false, medical: true }, 'MISSING_INSURANCE'],
    [{ pension: true, medical: false }, 'MISSING_INSURANCE'],
    [{ ...both, backPaid: true }, 'BACK_PAID'],
    [{ ...both, transferredIn: true }, 'TRANSFERRED_IN'],
    [{ ...both, inUrbanHangzhou: false }, 'NOT_URBAN_HANGZHOU'],
  ])('excluded months score 0: %o → %s', (flags, reason) => {
    const l = line(sheet(si({ from: '2019-01', to: '2019-12', ...flags })), 'B4');
    expect(l.points).toBe('0');
    expect(reasons(l)).toEqual([reason]);
  });

  it('flexible-employment months count', () => {
    expect(pointsOf(si({ from: '2019-01', to: '2019-12', ...both, flexible: true }), 'B4')).toBe('6');
  });

  it('overlapping months count once', () => {
    const l = line(
      sheet(si({ from: '2019-01', to: '2019-12', ...both }, { from: '2019-07', to: '2020-06', ...both })),
      'B4',
    );
    expect(l.points).toBe('9'); // 18 distinct months
    expect(reasons(l)).toEqual(['DUPLICATE_MONTH']);
    expect(l.notCounted[0].label).toContain('6 个月');
  });

  it('an excluded record does not cancel a valid one for the same months', () => {
    expect(
      pointsOf(
        si({ from: '2019-01', to: '2019-12', ...both }, { from: '2019-01', to: '2019-12', ...both, backPaid: true }),
        'B4',
      ),
    ).toBe('6');
  });

  it('pension and medical declared as separate records of the same months count (both were paid)', () => {
    const l = line(
      sheet(
        si(
          { from: '2019-01', to: '2019-12', pension: true, medical: false },
          { from: '2019-07', to: '2020-06', pension: false, medical: true },
        ),
      ),
      'B4',
    );
    expect(l.points).toBe('3'); // 2019-07…2019-12 only: the other months lack one insurance
    expect(reasons(l).sort()).toEqual(['MISSING_INSURANCE', 'MISSING_INSURANCE']);
  });

  it('months in the cutoff month and later do not count (2021 round: up to 2021-09)', () => {
    const l = line(sheet(si({ from: '2021-09', to: '2021-12', ...both })), 'B4');
    expect(l.points).toBe('0.5');
    expect(reasons(l)).toEqual(['AFTER_CUTOFF']);
    expect(pointsOf(si({ from: '2021-10', to: '2021-10', ...both }), 'B4')).toBe('0');
  });

  it('reaches the cap at exactly 240 months (120 points)', () => {
    expect(pointsOf(si({ from: '2001-10', to: '2021-09', ...both }), 'B4')).toBe('120');
    expect(line(sheet(si({ from: '2001-10', to: '2021-09', ...both })), 'B4').capReached).toBe(true);
    expect(pointsOf(si({ from: '2001-11', to: '2021-09', ...both }), 'B4')).toBe('119.5');
  });

  it('caps at 120 however long', () => {
    const l = line(sheet(si({ from: '1995-01', to: '2021-09', ...both })), 'B4');
    expect(l.points).toBe('120');
    expect(l.rawHalves).toBe(321);
  });
});

describe('B5 owned home lived in', () => {
  const home = (extra: Record<string, unknown> = {}) => ({
    owner: 'self',
    livesThere: true,
    acquiredOn: '2018-05-01',
    ...extra,
  });

  it.each(['self', 'spouse', 'parent', 'child'])('owner %s → 30 in 2021', (owner) => {
    expect(pointsOf({ homes: [home({ owner })] } as Over, 'B5')).toBe('30');
  });

  it('not lived in → 0', () => {
    const l = line(sheet({ homes: [home({ livesThere: false })] } as Over), 'B5');
    expect(l.points).toBe('0');
    expect(reasons(l)).toEqual(['NOT_LIVED_IN']);
  });

  it('outside the urban area → 0', () => {
    expect(reasons(line(sheet({ homes: [home({ inUrbanArea: false })] } as Over), 'B5'))).toEqual([
      'NOT_URBAN_HANGZHOU',
    ]);
  });

  it('several homes do not stack', () => {
    const l = line(sheet({ homes: [home(), home({ owner: 'parent' })] } as Over), 'B5');
    expect(l.points).toBe('30');
    expect(reasons(l)).toEqual(['HOMES_DO_NOT_STACK']);
  });

  it('a home acquired on the cutoff day does not count', () => {
    expect(pointsOf({ homes: [home({ acquiredOn: '2021-10-01' })] } as Over, 'B5')).toBe('0');
    expect(pointsOf({ homes: [home({ acquiredOn: '2021-09-30' })] } as Over, 'B5')).toBe('30');
  });

  it('2021 has no co-ownership rules: a home bought with a Hangzhou-hukou person still counts', () => {
    expect(pointsOf({ homes: [home({ ownership: 'joint', boughtWithHzHukouPerson: true })] } as Over, 'B5')).toBe('30');
  });

  describe('2024-07 version: 80 points and the co-ownership / second-hand rules', () => {
    const p24 = (extra: Record<string, unknown>) => pointsOf({ homes: [home(extra)] } as Over, 'B5', HZ2024, R2024);

    it('a sole owned home lived in scores 80', () => {
      expect(p24({})).toBe('80');
      expect(p24({ owner: 'spouse' })).toBe('80');
    });

    it('joint tenancy: all co-owners non-Hangzhou hukou and the person they chose', () => {
      expect(p24({ ownership: 'joint', coOwnersAllNonHzHukou: true, chosenByCoOwners: true })).toBe('80');
      expect(p24({ ownership: 'joint', coOwnersAllNonHzHukou: true, chosenByCoOwners: false })).toBe('0');
      expect(p24({ ownership: 'joint', coOwnersAllNonHzHukou: false, chosenByCoOwners: true })).toBe('0');
      expect(p24({ ownership: 'joint' })).toBe('0'); // unanswered questions never score
    });

    it('shares: the largest share only', () => {
      expect(p24({ ownership: 'shares', coOwnersAllNonHzHukou: true, largestShare: true })).toBe('80');
      expect(p24({ ownership: 'shares', coOwnersAllNonHzHukou: true, largestShare: false })).toBe('0');
    });

    it('bought with a Hangzhou-hukou person → 0', () => {
      const l = line(sheet({ homes: [home({ boughtWithHzHukouPerson: true })] } as Over, HZ2024, R2024), 'B5');
      expect(l.points).toBe('0');
      expect(reasons(l)).toEqual(['CO_OWNERSHIP']);
    });

    it('second-hand: only once all previous hukou moved out, and not twice within one year', () => {
      expect(p24({ secondHand: true, previousHukouMovedOut: true, scoredByOtherWithinYear: false })).toBe('80');
      expect(p24({ secondHand: true, previousHukouMovedOut: false })).toBe('0');
      expect(p24({ secondHand: true, previousHukouMovedOut: true, scoredByOtherWithinYear: true })).toBe('0');
    });

    it('the same profile scores 30 under the 2021 version', () => {
      expect(pointsOf({ homes: [home()] } as Over, 'B5', HZ2021, R2024)).toBe('30');
    });
  });
});

describe('B6 legal rental: 6 per full year, months pooled', () => {
  const rent = (...rs: [string, string, Record<string, unknown>?][]) =>
    ({ rentals: rs.map(([from, to, extra]) => ({ from, to, legal: true, ...extra })) }) as Over;

  it('12 full months → 6; one day short → 0', () => {
    expect(pointsOf(rent(['2019-03-15', '2020-03-14']), 'B6')).toBe('6');
    expect(pointsOf(rent(['2019-03-15', '2020-03-13']), 'B6')).toBe('0');
  });

  it('illegal buildings and 群租 score 0', () => {
    expect(reasons(line(sheet(rent(['2015-01-01', '2019-12-31', { legal: false }])), 'B6'))).toEqual([
      'ILLEGAL_RENTAL',
    ]);
    expect(reasons(line(sheet(rent(['2015-01-01', '2019-12-31', { groupRental: true }])), 'B6'))).toEqual([
      'GROUP_RENTAL',
    ]);
    expect(pointsOf(rent(['2015-01-01', '2019-12-31', { groupRental: true }]), 'B6')).toBe('0');
  });

  it('months pool across contracts', () => {
    expect(pointsOf(rent(['2018-01-01', '2018-06-30'], ['2019-01-01', '2019-06-30']), 'B6')).toBe('6');
  });

  it('overlapping contracts count the overlap once', () => {
    expect(pointsOf(rent(['2018-01-01', '2018-12-31'], ['2018-06-01', '2019-05-31']), 'B6')).toBe('6'); // 17 months
  });

  it('a contract running past the cutoff counts up to the day before it', () => {
    expect(pointsOf(rent(['2020-10-01', '2022-12-31']), 'B6')).toBe('6');
    expect(pointsOf(rent(['2020-10-02', '2022-12-31']), 'B6')).toBe('0');
  });

  it('a contract starting on the cutoff day does not count', () => {
    expect(reasons(line(sheet(rent(['2021-10-01', '2023-09-30'])), 'B6'))).toEqual(['AFTER_CUTOFF']);
  });

  it('caps at 30', () => {
    const l = line(sheet(rent(['2010-01-01', '2021-09-30'])), 'B6');
    expect(l.points).toBe('30');
    expect(l.capReached).toBe(true);
  });
});

describe('B5/B6 are exclusive (only the higher counts)', () => {
  const home = { owner: 'self', livesThere: true, acquiredOn: '2018-05-01' };

  it('home 30 and two years of rental: the home counts, rental shown excluded', () => {
    const s = sheet({ homes: [home], rentals: [{ from: '2016-01-01', to: '2017-12-31', legal: true }] } as Over);
    expect(line(s, 'B5').points).toBe('30');
    expect(line(s, 'B6').points).toBe('0');
    expect(line(s, 'B6').excludedBy).toMatchObject({ id: 'B5', rule: 'housing' });
    expect(s.total).toBe('60');
  });

  it('home 30 and rental 30: counted once', () => {
    const s = sheet({ homes: [home], rentals: [{ from: '2010-01-01', to: '2021-09-30', legal: true }] } as Over);
    expect(line(s, 'B5').halves + line(s, 'B6').halves).toBe(60);
  });

  it('2024-07: home 80 beats rental 30', () => {
    const s = sheet(
      { homes: [home], rentals: [{ from: '2010-01-01', to: '2024-07-31', legal: true }] } as Over,
      HZ2024,
      R2024,
    );
    expect(line(s, 'B5').points).toBe('80');
    expect(line(s, 'B6').points).toBe('0');
  });

  it('a home not lived in leaves the rental alone', () => {
    const s = sheet({
      homes: [{ ...home, livesThere: false }],
      rentals: [{ from: '2016-01-01', to: '2017-12-31', legal: true }],
    } as Over);
    expect(line(s, 'B6').points).toBe('12');
  });
});

describe('B7 residence years: 5 per full year, pooled, cap 100', () => {
  const res = (...rs: [string, string, string?][]) =>
    ({ residence: rs.map(([from, to, kind]) => ({ from, to, ...(kind ? { kind } : {}) })) }) as Over;

  it('pools months across spells, then whole years', () => {
    expect(pointsOf(res(['2015-01-01', '2015-06-30'], ['2017-01-01', '2017-06-30', 'registration']), 'B7')).toBe('5');
    expect(pointsOf(res(['2015-01-01', '2015-11-30']), 'B7')).toBe('0');
  });

  it('counts up to the day before the cutoff', () => {
    expect(pointsOf(res(['2016-10-01', '2021-09-30']), 'B7')).toBe('25');
    expect(pointsOf(res(['2016-10-02', '2021-12-31']), 'B7')).toBe('20');
  });

  it('caps at 100', () => {
    const l = line(sheet(res(['1995-01-01', '2021-09-30'])), 'B7');
    expect(l.points).toBe('100');
    expect(l.rawHalves).toBe(260);
  });
});

describe('P1–P4 honours', () => {
  const h = (level: string, matter: string, awardedOn = '2019-06-01', extra: Record<string, unknown> = {}) => ({
    level,
    title: `${level}-${matter}`,
    matter,
    awardedOn,
    ...extra,
  });

  it.each([
    ['national', 'P1', '80'],
    ['provincial', 'P2', '50'],
    ['municipal', 'P3', '30'],
    ['district', 'P4', '10'],
  ])('one %s honour → %s %s', (level, id, pts) => {
    expect(pointsOf({ honours: [h(level, 'a')] } as Over, id)).toBe(pts);
  });

  it.each([
    ['national', 'P1', '240'],
    ['provincial', 'P2', '150'],
    ['municipal', 'P3', '90'],
    ['district', 'P4', '30'],
  ])('four %s honours for different matters hit the cap: %s %s', (level, id, pts) => {
    const l = line(sheet({ honours: ['a', 'b', 'c', 'd'].map((m) => h(level, m)) } as Over), id);
    expect(l.points).toBe(pts);
    expect(l.capReached).toBe(true);
    expect(reasons(l)).toEqual(['CAP_REACHED']);
  });

  it('a further honour for a matter never lowers the total: a full level yields to the next level for that matter', () => {
    const before = sheet({
      honours: [h('national', 'a'), h('national', 'b'), h('national', 'c'), h('provincial', 'd')],
    } as Over);
    const after = sheet({
      honours: [h('national', 'a'), h('national', 'b'), h('national', 'c'), h('provincial', 'd'), h('national', 'd')],
    } as Over);
    expect(before.total).toBe('320');
    expect(after.total).toBe('320');
    expect(line(after, 'P2').points).toBe('50');
    expect(reasons(line(after, 'P1'))).toEqual(['SAME_MATTER']);
  });

  it('same matter → the highest only', () => {
    const s = sheet({ honours: [h('district', 'flood'), h('municipal', 'flood'), h('provincial', 'flood')] } as Over);
    expect(line(s, 'P2').points).toBe('50');
    expect(line(s, 'P3').points).toBe('0');
    expect(line(s, 'P4').points).toBe('0');
    expect(reasons(line(s, 'P3'))).toEqual(['SAME_MATTER']);
  });

  it('same matter at the same level counts once', () => {
    expect(pointsOf({ honours: [h('municipal', 'x'), h('municipal', 'x', '2020-01-01')] } as Over, 'P3')).toBe('30');
  });

  it('different matters add up', () => {
    const s = sheet({ honours: [h('district', 'a'), h('municipal', 'b'), h('municipal', 'c')] } as Over);
    expect(line(s, 'P3').points).toBe('60');
    expect(line(s, 'P4').points).toBe('10');
  });

  it('G3: 2016-10-01 counts, 2016-09-30 does not; 2021-09-30 counts, 2021-10-01 does not', () => {
    expect(pointsOf({ honours: [h('municipal', 'a', '2016-10-01')] } as Over, 'P3')).toBe('30');
    expect(reasons(line(sheet({ honours: [h('municipal', 'a', '2016-09-30')] } as Over), 'P3'))).toEqual([
      'OUTSIDE_WINDOW',
    ]);
    expect(pointsOf({ honours: [h('municipal', 'a', '2021-09-30')] } as Over, 'P3')).toBe('30');
    expect(reasons(line(sheet({ honours: [h('municipal', 'a', '2021-10-01')] } as Over), 'P3'))).toEqual([
      'AFTER_CUTOFF',
    ]);
  });

  it('an honour outside the window does not knock out a lower one for the same matter inside it', () => {
    const s = sheet({ honours: [h('national', 'x', '2016-09-30'), h('district', 'x', '2017-01-01')] } as Over);
    expect(line(s, 'P1').points).toBe('0');
    expect(line(s, 'P4').points).toBe('10');
  });

  it('an honour not earned in Hangzhou does not count', () => {
    expect(
      reasons(line(sheet({ honours: [h('national', 'x', '2019-01-01', { inHangzhou: false })] } as Over), 'P1')),
    ).toEqual(['NOT_IN_HANGZHOU']);
  });
});

describe('P5 marrow / stem-cell donation: 80, lifetime', () => {
  it('counts a donation long before the window', () => {
    expect(pointsOf({ marrowDonation: { donatedOn: '2005-03-01' } }, 'P5')).toBe('80');
  });
  it('not on the cutoff day', () => {
    expect(pointsOf({ marrowDonation: { donatedOn: '2021-10-01' } }, 'P5')).toBe('0');
  });
});

describe('P6 blood donation: 200 ml → 1, +0.5 per further full 100 ml, cap 20, lifetime in Hangzhou', () => {
  const blood = (...ds: Record<string, unknown>[]) => ({ bloodDonations: ds }) as Over;
  const ml = (n: number, date = '2019-01-01') => ({ date, ml: n });

  it.each([
    [199, '0'],
    [200, '1'],
    [299, '1'],
    [300, '1.5'],
    [399, '1.5'],
    [400, '2'],
    [1000, '5'],
    [3999, '19.5'],
    [4000, '20'],
  ])('%i ml → %s', (n, pts) => {
    // Split into donations of at most 400 ml so that every volume is valid input.
    const parts: Record<string, unknown>[] = [];
    for (let left = n; left > 0; left -= 400) parts.push(ml(Math.min(400, left)));
    expect(pointsOf(blood(...parts), 'P6')).toBe(pts);
  });

  it('below 200 ml says why', () => {
    expect(reasons(line(sheet(blood(ml(150))), 'P6'))).toEqual(['BELOW_MINIMUM']);
  });

  it('volumes pool across donations', () => {
    expect(pointsOf(blood(ml(100), ml(100, '2003-01-01')), 'P6')).toBe('1');
  });

  it('caps at 20', () => {
    const l = line(sheet(blood(...Array.from({ length: 13 }, () => ml(400)))), 'P6'); // 5200 ml → 26 raw
    expect(l.points).toBe('20');
    expect(l.rawHalves).toBe(52);
    expect(l.capReached).toBe(true);
  });

  it('platelets before 2010-01-01 count 800 ml a donation', () => {
    expect(pointsOf(blood({ date: '2009-12-31', kind: 'platelets' }), 'P6')).toBe('4');
  });

  it.each([
    [1, '1'],
    [1.5, '1.5'],
    [2, '2'],
  ])('platelets from 2010-01-01: %s therapeutic units → %s', (units, pts) => {
    expect(pointsOf(blood({ date: '2010-01-01', kind: 'platelets', units }), 'P6')).toBe(pts);
  });

  it('donations outside Hangzhou do not count', () => {
    const l = line(sheet(blood({ ...ml(400), inHangzhou: false })), 'P6');
    expect(l.points).toBe('0');
    expect(reasons(l)).toEqual(['NOT_IN_HANGZHOU']);
  });

  it('counts donations of any age (lifetime), but not on the cutoff day', () => {
    expect(pointsOf(blood(ml(400, '1998-01-01')), 'P6')).toBe('2');
    expect(pointsOf(blood(ml(400, '2021-10-01')), 'P6')).toBe('0');
    expect(pointsOf(blood(ml(400, '2021-09-30')), 'P6')).toBe('2');
  });
});

describe('P7 volunteer service: 2 per full 20 h in the window, cap 20', () => {
  const vol = (...vs: [number, string?][]) =>
    ({ volunteer: vs.map(([hours, date]) => ({ hours, date: date ?? '2019-01-01' })) }) as Over;

  it.each([
    [19.9, '0'],
    [20, '2'],
    [39.9, '2'],
    [40, '4'],
    [199.9, '18'],
    [200, '20'],
    [1000, '20'],
  ])('%s h → %s', (hours, pts) => {
    expect(pointsOf(vol([hours]), 'P7')).toBe(pts);
  });

  it('pools hours exactly (19.9 + 0.1 is 20, not 19.999…)', () => {
    expect(pointsOf(vol([19.9], [0.1]), 'P7')).toBe('2');
    expect(pointsOf(vol([0.1], [0.2], [19.7]), 'P7')).toBe('2');
  });

  it('window: 2016-10-01 counts, 2016-09-30 does not, the cutoff day does not', () => {
    expect(pointsOf(vol([20, '2016-10-01']), 'P7')).toBe('2');
    expect(pointsOf(vol([20, '2016-09-30']), 'P7')).toBe('0');
    expect(pointsOf(vol([20, '2021-10-01']), 'P7')).toBe('0');
    expect(pointsOf(vol([20, '2021-09-30']), 'P7')).toBe('2');
  });

  it('carries the cap confidence [I] separately from the rate', () => {
    const l = line(sheet(), 'P7');
    expect(l.confidence).toBe('C-old');
    expect(l.capConfidence).toBe('I');
  });
});

describe('P8 charity: 2 per full ¥1,000 in the window, cap 10', () => {
  const give = (amountYuan: number, extra: Record<string, unknown> = {}) =>
    ({ charity: [{ date: '2019-01-01', amountYuan, ...extra }] }) as Over;

  it.each([
    [999.99, '0'],
    [1000, '2'],
    [2500, '4'],
    [5000, '10'],
    [20000, '10'],
  ])('¥%s → %s', (amount, pts) => {
    expect(pointsOf(give(amount), 'P8')).toBe(pts);
  });

  it('a donation not through 春风行动 or a recognised charity does not count', () => {
    expect(reasons(line(sheet(give(3000, { recognised: false })), 'P8'))).toEqual(['NOT_RECOGNISED']);
  });

  it('outside the window does not count', () => {
    expect(pointsOf(give(3000, { date: '2016-09-30' }), 'P8')).toBe('0');
  });
});

describe('rows the sources leave unknown: present, 0, and say why', () => {
  it('P9 tax scores 0 with a reason, also when taxes are declared', () => {
    const l = line(sheet({ taxes: [{ year: 2020, amountYuan: 500000 }] }), 'P9');
    expect(l.points).toBe('0');
    expect(l.unscoredReason).toMatch(/未公开/);
    expect(l.confidence).toBe('U');
    expect(reasons(l)).toEqual(['UNKNOWN_FORMULA']);
  });

  it('B4b separate employment scores 0 with a reason', () => {
    const l = line(sheet(), 'B4b');
    expect(l.points).toBe('0');
    expect(l.unscoredReason).toBeTruthy();
    expect(l.confidence).toBe('U');
  });
});

describe('P10 invention patents: first holder 20, others 10, no cap', () => {
  const pat = (...ps: Record<string, unknown>[]) => ({ patents: ps }) as Over;
  const first = (extra: Record<string, unknown> = {}) => ({ grantedOn: '2019-01-01', firstHolder: true, ...extra });

  it('first holder 20, other holder 10', () => {
    expect(pointsOf(pat(first()), 'P10')).toBe('20');
    expect(pointsOf(pat(first({ firstHolder: false })), 'P10')).toBe('10');
  });

  it('transferred patents and patents not granted while working in Hangzhou score 0', () => {
    expect(reasons(line(sheet(pat(first({ transferred: true }))), 'P10'))).toEqual(['TRANSFERRED_PATENT']);
    expect(reasons(line(sheet(pat(first({ inHangzhou: false }))), 'P10'))).toEqual(['NOT_IN_HANGZHOU']);
  });

  it('several patents add up without a cap', () => {
    const l = line(sheet(pat(...Array.from({ length: 15 }, () => first()))), 'P10');
    expect(l.points).toBe('300');
    expect(l.cap).toBeNull();
    expect(l.capReached).toBe(false);
  });

  it('uses the 5-year window (decision)', () => {
    expect(pointsOf(pat(first({ grantedOn: '2016-09-30' })), 'P10')).toBe('0');
    expect(pointsOf(pat(first({ grantedOn: '2016-10-01' })), 'P10')).toBe('20');
  });
});

describe('D1–D5 deductions (FAQ 2021 values)', () => {
  const rec = (...rs: Record<string, unknown>[]) => ({ records: rs }) as Over;
  const r = (kind: string, extra: Record<string, unknown> = {}) => ({ kind, date: '2019-05-01', ...extra });

  it.each([
    ['criminal', 'D1', '-150', '-300'],
    ['drugRehab', 'D2', '-100', '-200'],
    ['detention', 'D3', '-60', '-120'],
    ['seriousDishonesty', 'D5', '-80', '-160'],
  ])('%s deducts per case: one %s %s, two %s', (kind, id, one, two) => {
    expect(pointsOf(rec(r(kind)), id)).toBe(one);
    expect(pointsOf(rec(r(kind), r(kind, { date: '2020-01-01' })), id)).toBe(two);
  });

  it('D4 dishonesty deducts 40 once however many records', () => {
    const l = line(sheet(rec(r('dishonesty'), r('dishonesty'), r('dishonesty'))), 'D4');
    expect(l.points).toBe('-40');
    expect(reasons(l)).toEqual(['ONCE_ONLY', 'ONCE_ONLY']);
  });

  it('deducts only within the 5 years before the cutoff', () => {
    expect(pointsOf(rec(r('criminal', { date: '2016-09-30' })), 'D1')).toBe('0');
    expect(pointsOf(rec(r('criminal', { date: '2016-10-01' })), 'D1')).toBe('-150');
    expect(pointsOf(rec(r('criminal', { date: '2021-10-01' })), 'D1')).toBe('0');
  });

  it('G6: one incident → only the largest deduction', () => {
    const s = sheet(
      rec(r('criminal', { incident: 'A' }), r('detention', { incident: 'A' }), r('dishonesty', { incident: 'A' })),
    );
    expect(line(s, 'D1').points).toBe('-150');
    expect(line(s, 'D3').points).toBe('0');
    expect(line(s, 'D4').points).toBe('0');
    expect(reasons(line(s, 'D3'))).toEqual(['ABSORBED_BY_LARGER']);
    expect(s.total).toBe('-120');
  });

  it('G6 keeps the largest whatever the order of the records', () => {
    const s = sheet(rec(r('dishonesty', { incident: 'B' }), r('seriousDishonesty', { incident: 'B' })));
    expect(line(s, 'D5').points).toBe('-80');
    expect(line(s, 'D4').points).toBe('0');
  });

  it('different incidents add up', () => {
    const s = sheet(rec(r('detention', { incident: 'A' }), r('detention', { incident: 'B' })));
    expect(line(s, 'D3').points).toBe('-120');
  });

  it('a family-planning record does not deduct in 2021: reported as unassigned', () => {
    const s = sheet(rec(r('familyPlanning')));
    expect(s.total).toBe('30');
    expect(s.lines.every((l) => l.notCounted.every((n) => n.ref !== 'records.0'))).toBe(true);
    expect(s.unassigned).toEqual([expect.objectContaining({ ref: 'records.0', reason: 'NOT_IN_POLICY' })]);
  });

  it('an honour at a level this version has no line for is reported as unassigned, not silently dropped', () => {
    const noDistrict = { ...HZ2021, indicators: HZ2021.indicators.filter((i) => i.id !== 'P4') };
    const s = score(
      profile({ honours: [{ level: 'district', title: '区优秀志愿者', matter: 'a', awardedOn: '2019-06-01' }] }),
      noDistrict,
      R2021,
    );
    expect(s.total).toBe('30');
    expect(s.unassigned).toEqual([expect.objectContaining({ ref: 'honours.0', reason: 'NOT_IN_POLICY' })]);
  });

  it('G7: the total may be negative, nothing is clamped', () => {
    const s = sheet(rec(r('criminal'), r('drugRehab'), r('detention'), r('dishonesty'), r('seriousDishonesty')));
    expect(s.total).toBe(String(30 - 150 - 100 - 60 - 40 - 80));
    expect(s.totalHalves).toBeLessThan(0);
    expect(s.reachesQualifying).toBe(false);
  });
});

describe('one-vote veto', () => {
  it('a listed offence vetoes whatever the points', () => {
    const s = sheet({ vetoFacts: [{ kind: 'robbery' }], residence: [{ from: '1995-01-01', to: '2021-09-30' }] });
    expect(s.veto).toEqual({ vetoed: true, reasons: ['抢劫罪'] });
    expect(s.total).toBe('130');
  });

  it('an unknown code is not a veto but asks for a check', () => {
    const s = sheet({ vetoFacts: [{ kind: 'jaywalking' }] });
    expect(s.veto.vetoed).toBe(false);
    expect(s.notices.join()).toContain('jaywalking');
  });

  it('no veto facts → not vetoed', () => {
    expect(sheet().veto).toEqual({ vetoed: false, reasons: [] });
  });
});

describe('G1 and G9: the 100-point threshold and exact halves', () => {
  // Age 30 + residence 5 years (25) + N months of social insurance.
  it('exactly 100 reaches the qualifying score; 99.5 does not', () => {
    const base = { residence: [{ from: '2016-10-01', to: '2021-09-30' }] };
    const s995 = sheet({ ...base, socialInsurance: [{ from: '2014-05', to: '2021-09', ...both }] }); // 89 months → 44.5
    const s100 = sheet({ ...base, socialInsurance: [{ from: '2014-04', to: '2021-09', ...both }] }); // 90 months → 45
    expect(s995.total).toBe('99.5');
    expect(s995.reachesQualifying).toBe(false);
    expect(s100.total).toBe('100');
    expect(s100.reachesQualifying).toBe(true);
    expect(s100.qualifyingHalves).toBe(200);
  });

  it("prints a half-point total as '104.5'", () => {
    const s = sheet({ socialInsurance: [{ from: '2009-05', to: '2021-09', ...both }] }); // 149 months → 74.5
    expect(s.total).toBe('104.5');
    expect(s.totalHalves).toBe(209);
  });

  it('formats halves without float drift', () => {
    expect(formatHalves(209)).toBe('104.5');
    expect(formatHalves(318)).toBe('159');
    expect(formatHalves(-1)).toBe('-0.5');
    expect(formatHalves(0)).toBe('0');
  });
});

describe('the sheet shows provenance', () => {
  it('every line carries its confidence, department and source from the policy', () => {
    const s = sheet();
    for (const l of s.lines) {
      const ind = HZ2021.indicators.find((i) => i.id === l.id);
      expect(ind).toBeDefined();
      expect(l.confidence).toBe(ind?.confidence);
      expect(l.department).toBe(ind?.department);
      expect(l.source).toBe(ind?.source);
    }
    expect(s.lines.map((l) => l.id)).toEqual(HZ2021.indicators.map((i) => i.id));
  });

  it('the round fields come from the round', () => {
    const s = sheet();
    expect(s.cutoff).toBe('2021-10-01');
    expect(s.fiveYearWindow).toEqual({ from: '2016-10-01', toExclusive: '2021-10-01' });
    expect(s.policyVersion).toBe('hz-2021');
  });

  it('is deterministic', () => {
    const p = profile({ bloodDonations: [{ date: '2019-01-01', ml: 300 }] });
    expect(score(p, HZ2021, R2021)).toEqual(score(p, HZ2021, R2021));
  });
});

describe('hints', () => {
  const hint = (s: ReturnType<typeof sheet>, id: string) => s.hints.filter((h) => h.indicatorId === id);
  /** The line's next small step (not the bigger one that would reach 100 on its own). */
  const step = (s: ReturnType<typeof sheet>, id: string) => hint(s, id).filter((h) => !h.reachesQualifying);
  /** The base person (30 points) plus 69.5 from residence and social insurance: 99.5 in all. */
  const at995 = (over: Partial<ProfileInput> = {}) =>
    sheet({
      residence: [{ from: '2010-01-01', to: '2021-09-30' }], // 141 months → 11 years: 55 (10 months to the 12th)
      socialInsurance: [{ from: '2019-05', to: '2021-09', ...both }], // 29 months: 14.5
      ...over,
    });

  it('blood comes in whole donations of 200 ml, never the 100 ml the rule steps by: 300 ml → "再献血 200 毫升 +1"', () => {
    const s = sheet({ bloodDonations: [{ date: '2019-01-01', ml: 300 }] });
    expect(hint(s, 'P6').map((h) => h.text)).toEqual(['再献血 200 毫升 +1']);
  });

  it('blood below 200 ml: one donation of 200 ml, never "再献血 50 毫升"', () => {
    expect(hint(sheet({ bloodDonations: [{ date: '2019-01-01', ml: 150 }] }), 'P6').map((h) => h.text)).toEqual([
      '再献血 200 毫升 +1.5',
    ]);
  });

  it('every blood hint is a whole number of 200 ml donations, also when several are needed to reach 100', () => {
    for (const ml of [0, 50, 150, 199, 250, 333, 1900]) {
      const s = at995({ bloodDonations: ml ? [{ date: '2019-01-01', ml }] : [], residence: [] }); // 44.5: far from 100
      for (const h of [
        ...hint(s, 'P6'),
        ...(ml ? hint(at995({ bloodDonations: [{ date: '2019-01-01', ml }] }), 'P6') : []),
      ]) {
        const m = /^再献血 (?:(\d+) 次共 )?(\d+) 毫升/.exec(h.action);
        expect(m).not.toBeNull();
        if (m) expect(Number(m[2]) % 200).toBe(0);
        expect(h.action).not.toMatch(/(?<!\d)(50|100|150) 毫升/);
      }
    }
  });

  it('at 99.5 the first hint is one month of social insurance (+0.5 reaches 100), not two', () => {
    const s = at995();
    expect(s.total).toBe('99.5');
    expect(s.verdict).toEqual({ kind: 'below', text: '未达到 100 分准申请分值，还差 0.5 分' });
    expect(s.hints[0].text).toBe('再缴满 1 个月社保（养老和医疗同时缴纳） +0.5');
    expect(s.hints[0].reachesQualifying).toBe(true);
    expect(s.hints.map((h) => h.text)).not.toContain('再缴满 2 个月社保（养老和医疗同时缴纳） +1');
  });

  it('steps that reach 100 come first, months of social insurance before a degree or a title', () => {
    const s = sheet({ socialInsurance: [{ from: '2016-01', to: '2021-09', ...both }] }); // 30 + 34.5 = 64.5
    const first = s.hints[0];
    expect(first.text).toBe('再缴满 71 个月社保（养老和医疗同时缴纳） +35.5');
    const reaching = s.hints.filter((h) => h.reachesQualifying).map((h) => h.indicatorId);
    expect(reaching.indexOf('B4')).toBeLessThan(reaching.indexOf('B2'));
    expect(reaching.indexOf('B2')).toBeGreaterThan(-1);
    // The small steps that do not reach 100 follow every step that does.
    const firstSmall = s.hints.findIndex((h) => !h.reachesQualifying);
    expect(s.hints.slice(firstSmall).every((h) => !h.reachesQualifying)).toBe(true);
  });

  it('B2: a 本科 diploma without the degree is named as such, and the hint asks for the missing 学士学位', () => {
    const s = sheet({ education: [{ level: 'benke', diploma: true, degree: false, obtainedOn: '2015-07-01' }] });
    expect(line(s, 'B2').counted[0].label).toBe('本科学历证书（无学士学位）（2015-07-01）（减 10 分）');
    expect(line(s, 'B2').counted[0].label).not.toContain('本科学历+学士学位');
    // 30 + 40 = 70: the master's reaches 100 and comes first; completing the 本科 follows.
    expect(hint(s, 'B2').map((h) => h.text)).toEqual([
      '取得硕士研究生学历+学位 +30',
      '取得学士学位（已有本科学历证书） +10',
    ]);
  });

  it('B2: a degree without the diploma asks for the 学历证书', () => {
    const s = sheet({ education: [{ level: 'shuoshi', diploma: false, degree: true, obtainedOn: '2015-07-01' }] });
    expect(line(s, 'B2').counted[0].label).toBe('硕士学位（无硕士研究生学历证书）（2015-07-01）（减 10 分）');
    expect(hint(s, 'B2')[0].text).toBe('取得硕士研究生学历证书（已有硕士学位） +10');
  });

  it('B2: a 结业 certificate is named as held, and the hint names graduation and the degree', () => {
    const s = sheet({
      education: [{ level: 'benke', diploma: false, degree: false, completion: 'completed', obtainedOn: '2015-07-01' }],
    });
    expect(line(s, 'B2').notCounted[0].label).toBe('本科结业证书（2015-07-01）');
    const texts = step(s, 'B2').map((h) => h.text);
    expect(texts).toContain('取得本科毕业证书和学士学位（现有本科结业证书） +50');
    expect(texts).not.toContain('取得本科学历+学士学位 +50');
  });

  it('social insurance: two more months +1', () => {
    const [h] = step(sheet({ socialInsurance: [{ from: '2020-01', to: '2020-10', ...both }] }), 'B4');
    expect(h.text).toMatch(/^再缴满 2 个月社保.* \+1$/);
    expect(h.gainHalves).toBe(2);
  });

  it('social insurance one month below the cap: one more month +0.5, not two', () => {
    // 2001-11 … 2021-09 is 239 months: 119.5 of the 120 cap.
    const [h] = hint(sheet({ socialInsurance: [{ from: '2001-11', to: '2021-09', ...both }] }), 'B4');
    expect(h.text).toMatch(/^再缴满 1 个月社保.* \+0\.5$/);
  });

  it('residence: one more full year +5', () => {
    const s = sheet({ residence: [{ from: '2019-10-01', to: '2021-09-30' }] });
    expect(step(s, 'B7').map((h) => h.text)).toEqual(['再居住满 1 年 +5']);
    // Beside it, the 12 years that alone would reach 100 (40 + 60).
    expect(
      hint(s, 'B7')
        .filter((h) => h.reachesQualifying)
        .map((h) => h.text),
    ).toEqual(['再居住满 12 年 +60']);
  });

  it('volunteer and charity say the rest to the next step', () => {
    const s = sheet({
      volunteer: [{ date: '2019-01-01', hours: 36.5 }],
      charity: [{ date: '2019-01-01', amountYuan: 2500 }],
    });
    expect(hint(s, 'P7').map((h) => h.text)).toEqual(['再参加志愿服务 3.5 小时 +2']);
    expect(hint(s, 'P8').map((h) => h.text)).toEqual(['再捐赠 500 元 +2']);
  });

  it('never for a line at its cap', () => {
    const s = sheet({
      bloodDonations: Array.from({ length: 10 }, () => ({ date: '2019-01-01', ml: 400 })),
      socialInsurance: [{ from: '1990-01', to: '2021-09', ...both }],
      volunteer: [{ date: '2019-01-01', hours: 500 }],
      residence: [{ from: '1990-01-01', to: '2021-09-30' }],
    });
    for (const id of ['P6', 'B4', 'P7', 'B7']) expect(hint(s, id)).toEqual([]);
  });

  it('just below a cap promises only what the cap leaves', () => {
    const [h] = hint(sheet({ socialInsurance: [{ from: '2001-11', to: '2021-09', ...both }] }), 'B4'); // 239 months
    expect(h.gainHalves).toBe(1);
    expect(h.text.endsWith('+0.5')).toBe(true);
  });

  it('never promises rental points that an owned home takes away (B5/B6)', () => {
    const s = sheet({
      homes: [{ owner: 'self', livesThere: true, acquiredOn: '2018-01-01' }],
      rentals: [{ from: '2017-01-01', to: '2019-12-31', legal: true }],
    });
    expect(hint(s, 'B6')).toEqual([]);
    expect(hint(s, 'B5')).toEqual([]);
  });

  it('the owned-home hint gives the effective gain over the rental (2024-07: 80 − 30 = +50)', () => {
    const s = sheet({ rentals: [{ from: '2010-01-01', to: '2024-07-31', legal: true }] }, HZ2024, R2024);
    expect(hint(s, 'B5').map((h) => h.gainHalves)).toEqual([100]);
    expect(hint(sheet({ rentals: [{ from: '2010-01-01', to: '2021-09-30', legal: true }] }), 'B5')).toEqual([]); // 2021: 30 vs 30
  });

  it('G5: a title hint gives only what it adds over education', () => {
    const s = sheet({ education: [{ level: 'benke', diploma: true, degree: true, obtainedOn: '2010-07-01' }] });
    expect(hint(s, 'B3').map((h) => h.text)).toEqual(['取得中级职称 +10']);
  });

  it('never for deductions, unscored rows or age', () => {
    const s = sheet({ records: [{ kind: 'criminal', date: '2019-01-01' }] });
    const ids = new Set(s.hints.map((h) => h.indicatorId));
    for (const id of ['B1', 'B4b', 'P9', 'D1', 'D2', 'D3', 'D4', 'D5']) expect(ids.has(id)).toBe(false);
  });

  it('every hint gain is positive and its text ends with the signed gain', () => {
    const s = sheet({
      bloodDonations: [{ date: '2019-01-01', ml: 250 }],
      honours: [{ level: 'district', title: 't', matter: 'm', awardedOn: '2019-01-01' }],
    });
    expect(s.hints.length).toBeGreaterThan(3);
    for (const h of s.hints) {
      expect(h.gainHalves).toBeGreaterThan(0);
      expect(h.text.endsWith(` +${formatHalves(h.gainHalves)}`)).toBe(true);
    }
  });
});

describe('an edited policy version (a new policy object, as an administrator publishes it)', () => {
  it('is seen by the very next score: line texts, caps and hint order come from the version scored', () => {
    const p = profile({ bloodDonations: [{ date: '2019-01-01', ml: 250 }] });
    const before = score(p, HZ2021, R2021);
    expect(line(before, 'P6').cap).toBe('20');
    const edited = {
      ...HZ2021,
      indicators: HZ2021.indicators.map((i) =>
        i.id === 'P6' ? { ...i, name: '无偿献血（修订）', department: '市卫健委（修订）', cap: 1 } : i,
      ),
    };
    const after = score(p, edited, R2021);
    const p6 = line(after, 'P6');
    expect(p6.name).toBe('无偿献血（修订）');
    expect(p6.department).toBe('市卫健委（修订）');
    expect(p6.cap).toBe('1');
    expect(p6.capHalves).toBe(2);
    // The original version, scored again, is untouched by the edit.
    expect(score(p, HZ2021, R2021)).toEqual(before);
  });
});
