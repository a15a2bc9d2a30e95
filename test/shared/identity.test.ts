import fc from 'fast-check';
import {
  idCardCheckChar,
  isValidIdCard,
  isValidMobile,
  isValidUscc,
  maskIdCard,
  maskMobile,
  maskName,
  orgCodeCheckChar,
  parseIdCard,
  parseMobile,
  parseUscc,
  usccCheckChar,
} from '../../shared/identity';

// Independent reference implementations: weights derived as powers instead of the tables in the code under test.

/** GB 11643 check char: weight of position i is 2^(17−i) mod 11; the check a satisfies (sum + a) ≡ 1 (mod 11). */
function refIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const a = (12 - (sum % 11)) % 11;
  return a === 10 ? 'X' : String(a);
}

/** Builds a valid ID number from its parts. */
function makeId(region: string, birth: string, seq: string): string {
  const first17 = region + birth + seq;
  return first17 + refIdCheck(first17);
}

const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100 check char: weight of position i is 3^i mod 31. */
function refUsccCheck(first17: string): string {
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += USCC_CHARSET.indexOf(first17[i]) * w;
    w = (w * 3) % 31;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** GB 11714 check char: weight of position i is 2^(8−i) mod 11; letters A–Z are worth 10–35. */
function refOrgCheck(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += parseInt(body8[i], 36) * (2 ** (8 - i) % 11);
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Builds a valid USCC from its first 8 characters and the organisation-code body. */
function makeUscc(head8: string, orgBody8: string): string {
  const first17 = head8 + orgBody8 + refOrgCheck(orgBody8);
  return first17 + refUsccCheck(first17);
}

describe('reference helpers agree with the published examples', () => {
  it('reproduce the check characters of well-known valid ID numbers', () => {
    expect(refIdCheck('11010519491231002')).toBe('X');
    expect(refIdCheck('44052418800101001')).toBe('4');
  });

  it('reproduce the check characters of real unified social credit codes', () => {
    expect(refOrgCheck('M000100Y')).toBe('4');
    expect(refUsccCheck('91350100M000100Y4')).toBe('3');
    expect(refOrgCheck('55138508')).toBe('2');
    expect(refUsccCheck('91110108551385082')).toBe('Q');
  });
});

describe('parseIdCard', () => {
  it('accepts a valid ID number whose check digit is X', () => {
    const r = parseIdCard('11010519491231002X');
    expect(r).toEqual({
      ok: true,
      value: { id: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' },
    });
  });

  it('accepts a valid ID number with a numeric check digit', () => {
    const r = parseIdCard('440524188001010014');
    expect(r).toEqual({
      ok: true,
      value: { id: '440524188001010014', birthDate: '1880-01-01', sex: 'male', regionCode: '440524' },
    });
  });

  it('normalises a lower-case x check digit to upper case', () => {
    const r = parseIdCard('11010519491231002x');
    expect(r.ok && r.value.id).toBe('11010519491231002X');
  });

  it('ignores surrounding whitespace', () => {
    const r = parseIdCard('  11010519491231002X \n');
    expect(r.ok && r.value.id).toBe('11010519491231002X');
  });

  it('rejects an ID number whose check digit is wrong', () => {
    const r = parseIdCard('110105194912310021');
    expect(r).toEqual({ ok: false, code: 'ID_CHECKSUM', message: expect.stringContaining('校验位不正确') });
  });

  it('rejects an impossible birth date even when the check digit matches', () => {
    const id = makeId('330106', '19900230', '123');
    const r = parseIdCard(id);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('ID_BIRTHDATE');
    expect(!r.ok && r.message).toMatch(/出生日期/);
  });

  it('applies leap-year rules to 29 February', () => {
    expect(isValidIdCard(makeId('330106', '20000229', '123'))).toBe(true); // divisible by 400
    expect(parseIdCard(makeId('330106', '19000229', '123'))).toMatchObject({ ok: false, code: 'ID_BIRTHDATE' }); // century
    expect(parseIdCard(makeId('330106', '19961301', '123'))).toMatchObject({ ok: false, code: 'ID_BIRTHDATE' }); // month 13
    expect(parseIdCard(makeId('330106', '19960100', '123'))).toMatchObject({ ok: false, code: 'ID_BIRTHDATE' }); // day 0
  });

  it('rejects a birth date after the given today, and accepts one on today', () => {
    const future = makeId('330106', '20250602', '123');
    expect(parseIdCard(future, '2025-06-01')).toMatchObject({ ok: false, code: 'ID_BIRTHDATE' });
    expect(isValidIdCard(future, '2025-06-02')).toBe(true);
    expect(isValidIdCard(future)).toBe(true); // no today → no upper bound
  });

  it('throws when today is not a real YYYY-MM-DD date', () => {
    expect(() => parseIdCard('11010519491231002X', '2025-02-30')).toThrow(RangeError);
    expect(() => parseIdCard('11010519491231002X', '20250601')).toThrow(RangeError);
  });

  it('rejects a 15-digit old ID number with a message asking for the 18-digit one', () => {
    const r = parseIdCard('110105491231002');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.code).toBe('ID_FORMAT');
    expect(!r.ok && r.message).toMatch(/15位/);
    expect(!r.ok && r.message).toMatch(/18位/);
  });

  it.each([
    ['empty', ''],
    ['too short', '1101051949123100'],
    ['too long', '11010519491231002X1'],
    ['X not in last place', '1101051949123100X2'],
    ['letters', '11010519491231ABCD'],
    ['inner space', '110105 19491231002X'],
  ])('rejects a malformed ID number (%s) with ID_FORMAT', (_label, s) => {
    expect(parseIdCard(s)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
  });

  it('rejects a non-string at run time instead of throwing', () => {
    expect(parseIdCard(undefined as unknown as string)).toMatchObject({ ok: false, code: 'ID_FORMAT' });
  });

  it('derives sex from the 17th digit: odd is male, even is female', () => {
    for (const [seq, sex] of [
      ['001', 'male'],
      ['123', 'male'],
      ['999', 'male'],
      ['000', 'female'],
      ['002', 'female'],
      ['128', 'female'],
    ] as const) {
      const r = parseIdCard(makeId('330106', '19900101', seq));
      expect(r.ok && r.value.sex).toBe(sex);
    }
  });

  it('computes the same check character as the reference for any 17 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{17}$/), (first17) => {
        expect(idCardCheckChar(first17)).toBe(refIdCheck(first17));
      }),
    );
  });

  it('rejects any single-digit typo in a valid ID number', () => {
    const valid = makeId('330106', '19900101', '123');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (pos, delta) => {
        const chars = '0123456789X';
        const alphabet = pos === 17 ? chars : chars.slice(0, 10);
        const orig = alphabet.indexOf(valid[pos]);
        const replacement = alphabet[(orig + delta) % alphabet.length];
        fc.pre(replacement !== valid[pos]);
        const typo = valid.slice(0, pos) + replacement + valid.slice(pos + 1);
        expect(isValidIdCard(typo)).toBe(false);
      }),
    );
  });
});

describe('maskIdCard', () => {
  it('keeps the first 6 and last 4 characters and stars the 8 in between', () => {
    expect(maskIdCard('33010619901231123X')).toBe('330106********123X');
    expect(maskIdCard('440524188001010014')).toBe('440524********0014');
  });

  it('shows a lower-case x check digit upper-case', () => {
    expect(maskIdCard('11010519491231002x')).toBe('110105********002X');
  });

  it('fully masks anything that is not 18 characters long', () => {
    expect(maskIdCard('110105491231002')).toBe('*'.repeat(15));
    expect(maskIdCard('11010519491231002X1')).toBe('*'.repeat(19));
    expect(maskIdCard('')).toBe('');
  });

  it('never reveals the birth date of any 18-character input', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 18, maxLength: 18 }), (s) => {
        const masked = maskIdCard(s);
        expect(masked).toHaveLength(18);
        expect(masked.slice(6, 14)).toBe('********');
      }),
    );
  });
});

describe('maskName', () => {
  it('keeps only the first character of a name', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李小明')).toBe('李**');
  });

  it('leaves a single-character name unchanged', () => {
    expect(maskName('张')).toBe('张');
    expect(maskName('')).toBe('');
  });

  it('treats a character outside the BMP as one character', () => {
    expect(maskName('𠀀明')).toBe('𠀀*');
    expect(maskName('王𠀀')).toBe('王*');
  });
});

describe('maskMobile', () => {
  it('keeps the first 3 and last 4 digits', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
  });

  it('normalises a prefixed, spaced number before masking', () => {
    expect(maskMobile('+86 138 1234 5678')).toBe('138****5678');
  });

  it('fully masks an invalid number', () => {
    expect(maskMobile('12345')).toBe('*****');
    expect(maskMobile('12812345678')).toBe('*'.repeat(11));
  });
});

describe('parseUscc', () => {
  it.each(['91350100M000100Y43', '91110108551385082Q'])('accepts the real code %s', (code) => {
    expect(parseUscc(code)).toEqual({ ok: true, value: code });
    expect(isValidUscc(code)).toBe(true);
  });

  it('normalises a lower-case code to upper case', () => {
    expect(parseUscc('91350100m000100y43')).toEqual({ ok: true, value: '91350100M000100Y43' });
    expect(parseUscc(' 91110108551385082q ')).toEqual({ ok: true, value: '91110108551385082Q' });
  });

  it('rejects a code whose final check character is wrong', () => {
    const r = parseUscc('91110108551385082R');
    expect(r).toEqual({ ok: false, code: 'USCC_CHECKSUM', message: expect.stringContaining('校验位不正确') });
  });

  it('rejects a code whose organisation-code check digit is wrong even if the final check matches', () => {
    const first17 = '91110108551385083'; // org check should be 2
    const code = first17 + refUsccCheck(first17);
    expect(parseUscc(code)).toMatchObject({ ok: false, code: 'USCC_ORG_CHECKSUM' });
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects a code containing the forbidden letter %s', (letter) => {
    const code = `91350100M000100${letter}43`;
    const r = parseUscc(code);
    expect(r).toMatchObject({ ok: false, code: 'USCC_FORMAT' });
    expect(!r.ok && r.message).toMatch(/I、O、Z、S、V/);
  });

  it.each([
    ['empty', ''],
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y433'],
    ['punctuation', '91350100-000100Y43'],
    ['letter in the region code', '913501A0M000100Y43'],
  ])('rejects a malformed code (%s) with USCC_FORMAT', (_label, s) => {
    expect(parseUscc(s)).toMatchObject({ ok: false, code: 'USCC_FORMAT' });
  });

  it('accepts codes whose organisation check digit is X or 0', () => {
    // Find bodies hitting the two special cases (11 − r = 10 → X, 11 → 0) and check both round-trip.
    const bodies = [
      '00000000',
      '00000001',
      '00000002',
      '00000003',
      '00000004',
      '00000005',
      '00000006',
      '00000007',
      '00000008',
      '00000009',
      '0000000A',
    ];
    const checks = bodies.map(refOrgCheck);
    expect(checks).toEqual(expect.arrayContaining(['X', '0']));
    for (const b of bodies) expect(isValidUscc(makeUscc('91330106', b))).toBe(true);
  });

  it('agrees with the reference check characters for any well-formed code', () => {
    const ch = fc.constantFrom(...USCC_CHARSET.split(''));
    fc.assert(
      fc.property(
        fc.tuple(ch, ch),
        fc.stringMatching(/^\d{6}$/),
        fc.array(ch, { minLength: 8, maxLength: 8 }),
        ([a, b], region, body) => {
          const body8 = body.join('');
          expect(orgCodeCheckChar(body8)).toBe(refOrgCheck(body8));
          const code = makeUscc(a + b + region, body8);
          expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
          expect(parseUscc(code)).toEqual({ ok: true, value: code });
        },
      ),
    );
  });
});

describe('parseMobile', () => {
  it('accepts 11 digits starting with 13–19', () => {
    for (const n of [
      '13012345678',
      '14512345678',
      '15912345678',
      '16612345678',
      '17712345678',
      '18812345678',
      '19912345678',
    ]) {
      expect(parseMobile(n)).toEqual({ ok: true, value: n });
    }
  });

  it.each([
    ['+86 138 1234 5678'],
    ['+8613812345678'],
    ['86 13812345678'],
    ['8613812345678'],
    ['138-1234-5678'],
    ['+86-138-1234-5678'],
    ['138 1234 5678'],
  ])('strips prefix and separators from %s', (s) => {
    expect(parseMobile(s)).toEqual({ ok: true, value: '13812345678' });
    expect(isValidMobile(s)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['second digit too low', '12812345678'],
    ['not starting with 1', '23812345678'],
    ['10 digits', '1381234567'],
    ['12 digits', '138123456789'],
    ['other country code', '+8513812345678'],
    ['letters', '1381234567a'],
    ['landline', '057187654321'],
  ])('rejects %s with MOBILE_FORMAT and a Chinese message', (_label, s) => {
    expect(parseMobile(s)).toEqual({ ok: false, code: 'MOBILE_FORMAT', message: '手机号码格式不正确' });
  });
});

describe('nameProblem: one name rule for the phone and the server', () => {
  it('refuses a blank name and one over 30 characters, and accepts 30', async () => {
    const { nameProblem } = await import('../../shared/identity');
    expect(nameProblem('   ')).toBe('请填写姓名');
    expect(nameProblem('张'.repeat(31))).toBe('姓名不超过 30 字');
    expect(nameProblem('张'.repeat(30))).toBe('');
  });

  it('gives the same message through the entrustment schema', async () => {
    const { EntrustmentInputSchema } = await import('../../shared/application');
    const r = EntrustmentInputSchema.safeParse({
      kind: 'relative',
      principal: { name: '张'.repeat(31), idNumber: '11010519491231002X' },
      agent: { name: '', idNumber: '440524188001010014' },
      relationship: 'parent',
      reason: 'elderly',
      scope: ['apply'],
    });
    expect(r.success).toBe(false);
    const messages = r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
    expect(messages).toEqual(expect.arrayContaining(['principal.name:姓名不超过 30 字', 'agent.name:请填写姓名']));
  });
});
