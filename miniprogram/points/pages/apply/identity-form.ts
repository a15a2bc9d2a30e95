/**
 * The applicant identity part of 积分申请 (申请人身份): the fields, their Chinese labels, the district picker (every
 * Hangzhou district — those outside 市区 are selectable, and the page says what that means) and validation with
 * the same schema the function uses (ApplicantIdentitySchema).
 */
import { ApplicantIdentitySchema, HANGZHOU_DISTRICTS, type DistrictCode } from '../../../../shared';

/** The identity as typed (all text; the district is its code). */
export interface IdentityFields {
  name: string;
  idNumber: string;
  mobile: string;
  permitNumber: string;
  permitDistrict: string;
  permitValidFrom: string;
  permitValidTo: string;
}

/** A field key. */
export type IdentityKey = keyof IdentityFields;

/** Empty fields. */
export function emptyIdentity(): IdentityFields {
  return {
    name: '',
    idNumber: '',
    mobile: '',
    permitNumber: '',
    permitDistrict: '',
    permitValidFrom: '',
    permitValidTo: '',
  };
}

interface FieldSpec {
  key: IdentityKey;
  label: string;
  kind: 'text' | 'date' | 'district';
  inputType: string;
  placeholder: string;
}

const SPECS: readonly FieldSpec[] = [
  { key: 'name', label: '姓名', kind: 'text', inputType: 'text', placeholder: '与身份证一致' },
  { key: 'idNumber', label: '身份证号码', kind: 'text', inputType: 'idcard', placeholder: '18 位' },
  { key: 'mobile', label: '手机号码', kind: 'text', inputType: 'number', placeholder: '11 位' },
  { key: 'permitNumber', label: '居住证号码', kind: 'text', inputType: 'text', placeholder: '浙江省居住证上的号码' },
  { key: 'permitDistrict', label: '居住证签发地', kind: 'district', inputType: 'text', placeholder: '' },
  { key: 'permitValidFrom', label: '居住证有效期起', kind: 'date', inputType: 'text', placeholder: '如 2020-01-01' },
  { key: 'permitValidTo', label: '居住证有效期止', kind: 'date', inputType: 'text', placeholder: '如 2025-12-31' },
];

/** Whether `key` is an identity field. */
export function isIdentityKey(key: string): key is IdentityKey {
  return SPECS.some((s) => s.key === key);
}

/** Picker labels of the districts; those outside 市区 say so in words. */
export const DISTRICT_LABELS: string[] = HANGZHOU_DISTRICTS.map((d) => (d.urban ? d.name : `${d.name}（非市区）`));

/** The district code at a picker index, or ''. */
export function districtAt(index: number): string {
  const d = HANGZHOU_DISTRICTS[index];
  return d ? d.code : '';
}

/** Problems by field key (first message of each). */
export type IdentityErrors = Partial<Record<IdentityKey, string>>;

/** Validates with ApplicantIdentitySchema; returns the normalised identity or the problems by field. */
export function checkIdentity(
  f: IdentityFields,
): { ok: true; identity: Record<string, unknown> } | { ok: false; errors: IdentityErrors } {
  const input: Record<string, unknown> = { ...f };
  // An unpicked district is absent, so the schema's own "请选择…" message applies.
  if (!f.permitDistrict) delete input.permitDistrict;
  const r = ApplicantIdentitySchema.safeParse(input);
  if (r.success) return { ok: true, identity: r.data as unknown as Record<string, unknown> };
  const errors: IdentityErrors = {};
  for (const issue of r.error.issues) {
    const k = String(issue.path[0] ?? '');
    if (isIdentityKey(k) && !errors[k]) errors[k] = issue.message;
  }
  return { ok: false, errors };
}

/** One identity field as the page shows it. */
export interface IdentityFieldView {
  id: string;
  key: IdentityKey;
  label: string;
  kind: FieldSpec['kind'];
  value: string;
  inputType: string;
  placeholder: string;
  error: string;
  /** Date fields: a valid value for the picker, or ''. */
  pickerValue: string;
  /** The district picker's index (-1 = none) and the selected name. */
  districtIndex: number;
  districtText: string;
  /** A non-urban district: what that means for the application. */
  warning: string;
  /** Fixed by the entrustment (agents) or by acceptance: shown as this text, not editable. */
  readOnly: boolean;
  text: string;
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The fields as shown: errors only for `shown` keys; `hints` replace a field's placeholder. */
export function identityView(
  f: IdentityFields,
  errors: IdentityErrors,
  shown: ReadonlySet<string>,
  readOnly: ReadonlySet<IdentityKey>,
  hints: Partial<Record<IdentityKey, string>> = {},
): IdentityFieldView[] {
  return SPECS.map((s) => {
    const value = f[s.key];
    const dIndex = s.kind === 'district' ? HANGZHOU_DISTRICTS.findIndex((d) => d.code === value) : -1;
    const district = dIndex >= 0 ? HANGZHOU_DISTRICTS[dIndex] : null;
    return {
      id: `id-${s.key}`,
      key: s.key,
      label: s.label,
      kind: s.kind,
      value,
      inputType: s.inputType,
      placeholder: hints[s.key] ?? s.placeholder,
      error: shown.has(s.key) ? (errors[s.key] ?? '') : '',
      pickerValue: s.kind === 'date' && DATE_RE.test(value) ? value : '',
      districtIndex: dIndex,
      districtText: district ? DISTRICT_LABELS[dIndex] : '请选择签发地',
      warning:
        district && !district.urban
          ? `${district.name}不在杭州市区：积分申请须持杭州市区签发的有效《浙江省居住证》，提交时将不予受理`
          : '',
      readOnly: readOnly.has(s.key),
      text: s.kind === 'district' ? (district ? district.name : '') : value,
    };
  });
}

/** The identity fields of an application view's person. */
export function identityFromPerson(p: {
  name: string;
  idNumber: string;
  mobile: string;
  permitNumber: string;
  permitDistrict: string;
  permitValidFrom: string;
  permitValidTo: string;
}): IdentityFields {
  return {
    name: p.name,
    idNumber: p.idNumber,
    mobile: p.mobile,
    permitNumber: p.permitNumber,
    permitDistrict: p.permitDistrict as DistrictCode,
    permitValidFrom: p.permitValidFrom,
    permitValidTo: p.permitValidTo,
  };
}
