/** Document numbers, verification codes, the verify path and the notice's 60-day validity (民法典 art. 201/203). */
import { createCodeGenerator, sameVerificationCode } from '../../cloudfunctions/documents/codes';
import { createCalendar } from '../../shared/calendar';
import {
  buildVerifyPath,
  categoryHalves,
  formatVerificationCode,
  isNoticeValidOn,
  isVerificationCode,
  lastDayOfPeriod,
  normalizeVerificationCode,
  noticeLastValidDay,
  noticeNumber,
  parseDocumentNumber,
  parseVerifyPath,
  verificationCodeFromBytes,
  voucherNumber,
} from '../../shared/documents';

const calendar = createCalendar();

describe('document numbers', () => {
  it('should give the same number for the same case and revision, and a new one for a new revision', () => {
    expect(voucherNumber({ roundId: '2021', caseSeq: 123, revision: 1 })).toBe('PZ2021-000123-01');
    expect(voucherNumber({ roundId: '2021', caseSeq: 123, revision: 1 })).toBe('PZ2021-000123-01');
    expect(voucherNumber({ roundId: '2021', caseSeq: 123, revision: 2 })).toBe('PZ2021-000123-02');
    expect(noticeNumber({ roundId: '2022', caseSeq: 7, revision: 1 })).toBe('ZR2022-000007-01');
  });

  it('should read back a typed number, forgiving case and spaces, and refuse malformed ones', () => {
    expect(parseDocumentNumber(' pz2021-000123-01 ')).toEqual({
      kind: 'voucher',
      roundId: '2021',
      caseSeq: 123,
      revision: 1,
    });
    for (const bad of ['PZ2021-000000-01', 'PZ2021-000123-00', 'XX2021-000123-01', 'PZ21-000123-01', '']) {
      expect([bad, parseDocumentNumber(bad)]).toEqual([bad, null]);
    }
  });

  it('should refuse parts out of range', () => {
    expect(() => voucherNumber({ roundId: '2021', caseSeq: 0, revision: 1 })).toThrow(RangeError);
    expect(() => voucherNumber({ roundId: '2021', caseSeq: 1, revision: 100 })).toThrow(RangeError);
  });
});

describe('verification codes', () => {
  it('should make 16 Crockford characters (80 bits) from 10 random bytes', () => {
    expect(verificationCodeFromBytes(new Uint8Array(10))).toBe('0000000000000000');
    expect(verificationCodeFromBytes(new Uint8Array(10).fill(255))).toBe('ZZZZZZZZZZZZZZZZ');
    expect(
      verificationCodeFromBytes(Uint8Array.from([0x08, 0x42, 0x10, 0x84, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21])),
    ).toBe('1111111111111111');
    expect(() => verificationCodeFromBytes(new Uint8Array(8))).toThrow(RangeError);
  });

  it('should draw each code from the injected random source, 10 bytes at a time', () => {
    const asked: number[] = [];
    const gen = createCodeGenerator((n) => {
      asked.push(n);
      return new Uint8Array(n).fill(255);
    });
    expect(gen()).toBe('ZZZZZZZZZZZZZZZZ');
    expect(asked).toEqual([10]);
    const real = createCodeGenerator();
    const codes = new Set(Array.from({ length: 200 }, () => real()));
    expect(codes.size).toBe(200);
    for (const c of codes) expect(isVerificationCode(c)).toBe(true);
  });

  it('should read a typed code with hyphens, spaces, lower case and look-alike letters', () => {
    expect(normalizeVerificationCode('7k2m-q9xd 4hbt-owzr')).toBe('7K2MQ9XD4HBT0WZR');
    expect(normalizeVerificationCode('IL00000000000000')).toBe('1100000000000000');
    expect(normalizeVerificationCode('7K2MQ9XD4HBT0WZ')).toBeNull();
    expect(normalizeVerificationCode('7K2MQ9XD4HBT0WZU')).toBeNull();
    expect(formatVerificationCode('7K2MQ9XD4HBT0WZR')).toBe('7K2M-Q9XD-4HBT-0WZR');
  });

  it('should match a typed code against the stored one, and refuse a wrong or malformed one', () => {
    const stored = '7K2MQ9XD4HBT0WZR';
    expect(sameVerificationCode('7k2m-q9xd-4hbt-owzr', stored)).toBe(true);
    expect(sameVerificationCode('7K2MQ9XD4HBT0WZS', stored)).toBe(false);
    expect(sameVerificationCode('', stored)).toBe(false);
    expect(sameVerificationCode('7K2MQ9XD4HBT0WZR0', stored)).toBe(false);
    expect(sameVerificationCode('7K2MQ9XD4HBT0WZ\0', stored)).toBe(false);
  });
});

describe('verify path (what the QR code carries)', () => {
  const target = { no: 'PZ2021-000123-01', code: '7K2MQ9XD4HBT0WZR' };

  it('should build the verify page path with the number and code, and read it back', () => {
    const p = buildVerifyPath(target);
    expect(p).toBe('pages/verify/verify?no=PZ2021-000123-01&code=7K2MQ9XD4HBT0WZR');
    expect(parseVerifyPath(p)).toEqual(target);
    expect(parseVerifyPath(`/${p}&from=scan`)).toEqual(target);
    expect(parseVerifyPath('pages/verify/verify?no=pz2021-000123-01&code=7k2m-q9xd-4hbt-0wzr')).toEqual(target);
  });

  it('should refuse another page, a missing or repeated parameter, and malformed values', () => {
    for (const bad of [
      'pages/index/index?no=PZ2021-000123-01&code=7K2MQ9XD4HBT0WZR',
      'pages/verify/verify?no=PZ2021-000123-01',
      'pages/verify/verify?no=PZ2021-000123-01&code=7K2MQ9XD4HBT0WZR&code=0000000000000000',
      'pages/verify/verify?no=PZ2021-123&code=7K2MQ9XD4HBT0WZR',
      'pages/verify/verify?no=PZ2021-000123-01&code=%E0%A4%A',
      'https://example.com/?no=PZ2021-000123-01&code=7K2MQ9XD4HBT0WZR',
    ]) {
      expect([bad, parseVerifyPath(bad)]).toEqual([bad, null]);
    }
    expect(() => buildVerifyPath({ ...target, code: 'short' })).toThrow(RangeError);
  });
});

describe('notice validity: 60 days, issue day not counted, a last day off work moves to the next working day', () => {
  it('should end on day 60 when that is a working day', () => {
    // 2021-08-01 + 60 = Thursday 2021-09-30.
    expect(noticeLastValidDay('2021-08-01', calendar)).toBe('2021-09-30');
  });

  it('should move a last day inside the National Day holidays to the first working day after them', () => {
    // Day 60 = 2021-10-02 (国庆节, 10-01 … 10-07) → Friday 2021-10-08.
    expect(noticeLastValidDay('2021-08-03', calendar)).toBe('2021-10-08');
    expect(noticeLastValidDay('2021-08-08', calendar)).toBe('2021-10-08');
  });

  it('should keep a last day on a make-up working Saturday (调休上班 2021-10-09)', () => {
    expect(noticeLastValidDay('2021-08-10', calendar)).toBe('2021-10-09');
  });

  it('should move a last day on a weekend to Monday', () => {
    // Day 60 = Saturday 2021-08-28 → Monday 2021-08-30.
    expect(noticeLastValidDay('2021-06-29', calendar)).toBe('2021-08-30');
  });

  it('should say the notice is valid from its issue day through its last day and not after', () => {
    expect(isNoticeValidOn('2021-08-03', '2021-08-03', calendar)).toBe(true);
    expect(isNoticeValidOn('2021-08-03', '2021-10-08', calendar)).toBe(true);
    expect(isNoticeValidOn('2021-08-03', '2021-10-09', calendar)).toBe(false);
    expect(isNoticeValidOn('2021-08-03', '2021-08-02', calendar)).toBe(false);
  });

  it('should refuse a year the calendar does not cover instead of guessing', () => {
    expect(() => lastDayOfPeriod('2026-12-01', 60, calendar)).toThrow(/2027/);
    expect(() => lastDayOfPeriod('2021-13-01', 60, calendar)).toThrow(RangeError);
  });
});

describe('category points', () => {
  it('should sum the sheet lines per category, deductions negative', () => {
    expect(
      categoryHalves([
        { category: 'basic', halves: 200 },
        { category: 'basic', halves: 40 },
        { category: 'bonus', halves: 101 },
        { category: 'deduction', halves: -20 },
      ]),
    ).toEqual({ basic: 240, bonus: 101, deduction: -20 });
  });
});
