/** The name rules the phone and the server share: what a name on an ID card or a business licence can hold. */
import { nameProblem, normalizeName, orgNameProblem } from '../../shared/identity';
import { fileNameProblem } from '../../shared/application';
import { DEPARTMENT_NAME_RE, policyDepartments } from '../../shared/policy';

const CHARS = '姓名只能包含汉字、英文字母、空格和间隔号“·”（与身份证件上的姓名一致）';
const INVISIBLE = '姓名含有不可见的控制字符或无法显示的字符，请重新输入';

describe('nameProblem', () => {
  it.each([
    ['张伟'],
    ['欧阳娜娜'],
    ['买买提·艾力'],
    ['阿沛·阿旺晋美'],
    ['𠀀𪚥'], // CJK extension B, beyond the BMP
    ['㐀'], // CJK extension A
    ['JOHN SMITH'],
    ['José Müller'],
    ['李 Lily'],
  ])('accepts %s', (name) => {
    expect(nameProblem(name)).toBe('');
  });

  it.each([
    ['<script>alert(1)</script>', CHARS],
    ['<img src=x onerror=alert(1)>', CHARS],
    ['张伟1', CHARS],
    ["O'Brien", CHARS],
    ['张\u0000伟', INVISIBLE],
    ['\u001b[31m张伟', INVISIBLE],
    ['\ud800', INVISIBLE],
    ['张\udc00', INVISIBLE],
    ['张\u200b伟', INVISIBLE],
    ['\u202e伟张', INVISIBLE],
    ['张\t伟', INVISIBLE],
    ['NaN', '“NaN”不是有效的姓名'],
    ['nan', '“nan”不是有效的姓名'],
    ['null', '“null”不是有效的姓名'],
    ['Infinity', '“Infinity”不是有效的姓名'],
    ['·艾力', '姓名中的间隔号“·”只能用在两段文字之间'],
    ['买买提··艾力', '姓名中的间隔号“·”只能用在两段文字之间'],
    ['·', '姓名中的间隔号“·”只能用在两段文字之间'],
    ['　', '请填写姓名'],
  ])('refuses %j with a Chinese message', (name, message) => {
    expect(nameProblem(name)).toBe(message);
  });

  it('counts characters, not UTF-16 units: 30 extension-B characters are fine, 31 are not', () => {
    expect(nameProblem('𠀀'.repeat(30))).toBe('');
    expect(nameProblem('𠀀'.repeat(31))).toBe('姓名不超过 30 字');
  });

  it('normalises the middle dot look-alikes, full-width letters and spaces', () => {
    for (const dot of ['•', '‧', '・', '･', '⋅', '∙', '·'])
      expect(normalizeName(`买买提${dot}艾力`)).toBe('买买提·艾力');
    expect(normalizeName(' 买买提 · 艾力 ')).toBe('买买提·艾力');
    expect(normalizeName('ＪＯＨＮ　　ＳＭＩＴＨ')).toBe('JOHN SMITH');
  });
});

describe('orgNameProblem', () => {
  it('accepts what a registered company name holds: Han, letters, digits and brackets', () => {
    for (const name of [
      '杭州某某科技有限公司',
      '阿里巴巴（中国）网络技术有限公司',
      'ABC(杭州)贸易有限公司',
      '杭州3D打印有限公司',
    ])
      expect(orgNameProblem(name)).toBe('');
  });
  it('refuses markup, control characters and non-values', () => {
    expect(orgNameProblem('<b>公司</b>')).toBe(
      '单位名称只能包含汉字、英文字母、数字、括号和间隔号“·”（与营业执照上的名称一致）',
    );
    expect(orgNameProblem('公司\u0000')).toBe('单位名称含有不可见的控制字符或无法显示的字符，请重新输入');
    expect(orgNameProblem('12345')).toBe(
      '单位名称只能包含汉字、英文字母、数字、括号和间隔号“·”（与营业执照上的名称一致）',
    );
    expect(orgNameProblem('undefined')).toBe('“undefined”不是有效的单位名称');
  });
});

describe('fileNameProblem', () => {
  it('accepts ordinary names and refuses NUL, control, format-only and blank names', () => {
    expect(fileNameProblem('毕业证书 (1).pdf')).toBe('');
    for (const name of ['a\u0000.pdf', '\u001b[2J', '\u200b\u200d', '\ufeff', 'x\ud800.pdf']) {
      expect(fileNameProblem(name)).toBe('文件名含有不可见的控制字符或无法显示的字符，请改名后重新上传');
    }
    expect(fileNameProblem('  ')).toBe('文件名不能为空');
    expect(fileNameProblem('a'.repeat(101))).toBe('文件名不超过 100 字');
  });
});

describe('reviewer departments', () => {
  it('come from the policy data and all look like department names; number-like names do not', () => {
    const names = policyDepartments();
    expect(names).toEqual(expect.arrayContaining(['市公安局', '市教育局', '市发改委（信用办）']));
    for (const d of names) expect(d).toMatch(DEPARTMENT_NAME_RE);
    for (const bad of ['1e999', 'NaN', ' ', '市公安局<script>', '']) expect(DEPARTMENT_NAME_RE.test(bad)).toBe(false);
  });
});
