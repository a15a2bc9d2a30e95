/**
 * The 新建委托 form: an employer (unified social credit code, unit name, its agent, the employee) or a guardian /
 * close relative (relationship, reason, both people), and the scope. Validated with the same schema the function
 * uses (EntrustmentInputSchema); the function checks the rest (e.g. the "under 16" reason against the ID number).
 */
import {
  ENTRUSTMENT_SCOPES,
  ENTRUSTMENT_VERIFIERS,
  EntrustmentInputSchema,
  HANGZHOU_DISTRICTS,
  RELATIONSHIPS,
  RELATIVE_REASONS,
  type DistrictCode,
  type EntrustmentScope,
  type EntrustmentVerifier,
} from '../../../../shared';
import type { EntrustmentInput } from '../../../services/entrustments';
import { fieldErrors } from '../../../utils/errors';

/** The form as typed. */
export interface EntrustmentForm {
  kind: 'employer' | 'relative';
  usccCode: string;
  unitName: string;
  agentName: string;
  agentId: string;
  principalName: string;
  principalId: string;
  relationship: string;
  reason: string;
  scope: EntrustmentScope[];
  /** The principal's residence-permit district: its acceptance point verifies the entrustment. */
  district: string;
  /** Employer only: the principal confirms in their own account, or the acceptance point checks the letter. */
  verifyBy: EntrustmentVerifier;
}

/** A text field key of the form. */
export type TextKey = 'usccCode' | 'unitName' | 'agentName' | 'agentId' | 'principalName' | 'principalId';
const TEXT_KEYS: readonly TextKey[] = ['usccCode', 'unitName', 'agentName', 'agentId', 'principalName', 'principalId'];

/** Whether `k` is a text field key. */
export function isTextKey(k: string): k is TextKey {
  return (TEXT_KEYS as readonly string[]).includes(k);
}

/** A new form: the agent's own name and ID from 我的身份 when bound. */
export function newForm(agent: { name: string; idNumber: string } | null): EntrustmentForm {
  return {
    kind: 'employer',
    usccCode: '',
    unitName: '',
    agentName: agent ? agent.name : '',
    agentId: agent ? agent.idNumber : '',
    principalName: '',
    principalId: '',
    relationship: '',
    reason: '',
    scope: ['apply', 'query'],
    district: '',
    verifyBy: 'principal',
  };
}

/** The request of a form. */
export function toInput(f: EntrustmentForm): EntrustmentInput {
  const principal = { name: f.principalName.trim(), idNumber: f.principalId.trim().toUpperCase() };
  const agent = { name: f.agentName.trim(), idNumber: f.agentId.trim().toUpperCase() };
  const district = f.district as DistrictCode;
  if (f.kind === 'employer') {
    return {
      kind: 'employer',
      principal,
      agent,
      employer: { uscc: f.usccCode.trim().toUpperCase(), name: f.unitName.trim() },
      scope: f.scope,
      district,
      verifyBy: f.verifyBy,
    };
  }
  return {
    kind: 'relative',
    principal,
    agent,
    relationship: f.relationship as keyof typeof RELATIONSHIPS,
    reason: f.reason as keyof typeof RELATIVE_REASONS,
    scope: f.scope,
    district,
  };
}

/** Problems by form key. */
export type FormErrors = Partial<Record<TextKey | 'relationship' | 'reason' | 'scope' | 'district', string>>;

const PATH_KEYS: Record<string, keyof FormErrors> = {
  'principal.name': 'principalName',
  'principal.idNumber': 'principalId',
  'agent.name': 'agentName',
  'agent.idNumber': 'agentId',
  'employer.uscc': 'usccCode',
  'employer.name': 'unitName',
  relationship: 'relationship',
  reason: 'reason',
  scope: 'scope',
  district: 'district',
};

/** Validates the form; the request when it is fine. */
export function checkForm(
  f: EntrustmentForm,
): { ok: true; input: EntrustmentInput } | { ok: false; errors: FormErrors } {
  const input = toInput(f);
  const raw: Record<string, unknown> = { ...input };
  // Unpicked choices are absent, so the schema's own "请选择…" applies.
  if (input.kind === 'relative') {
    if (!f.relationship) delete raw.relationship;
    if (!f.reason) delete raw.reason;
  }
  if (!f.district) delete raw.district;
  const r = EntrustmentInputSchema.safeParse(raw);
  if (r.success) return { ok: true, input };
  const errors: FormErrors = {};
  for (const i of r.error.issues) {
    const key = PATH_KEYS[i.path.map(String).join('.')] ?? PATH_KEYS[String(i.path[0] ?? '')];
    if (key && !errors[key]) errors[key] = i.message;
  }
  return { ok: false, errors };
}

/** One text field as shown. */
export interface TextFieldView {
  id: string;
  key: TextKey;
  label: string;
  value: string;
  inputType: string;
  placeholder: string;
  error: string;
}

/** One choice row (scope, relationship, reason). */
export interface ChoiceView {
  value: string;
  label: string;
}

/** The form as shown. */
export interface FormView {
  kind: EntrustmentForm['kind'];
  kinds: ChoiceView[];
  fields: TextFieldView[];
  relationships: ChoiceView[];
  relationship: string;
  relationshipError: string;
  reasons: ChoiceView[];
  reason: string;
  reasonError: string;
  scopes: { value: EntrustmentScope; label: string; on: boolean; stateText: string; icon: string }[];
  scopeError: string;
  districts: ChoiceView[];
  district: string;
  districtError: string;
  /** Employer only: who verifies it. */
  verifiers: ChoiceView[];
  verifyBy: EntrustmentVerifier;
  /** What must be uploaded after creating it, and who verifies it. */
  materialNote: string;
}

const LABELS: Record<TextKey, { label: string; inputType: string; placeholder: string }> = {
  usccCode: { label: '统一社会信用代码', inputType: 'text', placeholder: '18 位，见营业执照' },
  unitName: { label: '单位名称', inputType: 'text', placeholder: '与营业执照一致' },
  agentName: { label: '代办人姓名', inputType: 'text', placeholder: '您本人' },
  agentId: { label: '代办人身份证号码', inputType: 'idcard', placeholder: '18 位' },
  principalName: { label: '申请人（委托人）姓名', inputType: 'text', placeholder: '' },
  principalId: { label: '申请人（委托人）身份证号码', inputType: 'idcard', placeholder: '18 位' },
};

const toChoices = (o: Record<string, string>): ChoiceView[] => Object.keys(o).map((k) => ({ value: k, label: o[k] }));

/** The field problems of a refused `entrustment.create`, on the form's fields. */
export function serverFormErrors(e: unknown): FormErrors {
  const out: FormErrors = {};
  for (const [path, message] of Object.entries(fieldErrors(e))) {
    const key = PATH_KEYS[path];
    if (key && !out[key]) out[key] = message;
  }
  return out;
}

/** What happens after creating: the letter / proof to upload, and who must verify before anything is granted. */
function materialNoteOf(f: EntrustmentForm): string {
  if (f.kind === 'relative') {
    return '创建后请上传监护或亲属关系证明（户口簿、出生医学证明等，照片或 PDF），并带双方身份证到所选区的积分受理点核验；核验通过前委托不生效，您只能准备自己填写的申请草稿。';
  }
  return f.verifyBy === 'principal'
    ? '创建后请上传申请人签字、单位盖章的书面委托书（照片或 PDF），并请申请人本人在小程序“委托我的”中确认；确认前委托不生效。'
    : '创建后请上传申请人签字、单位盖章的书面委托书（照片或 PDF），并带双方身份证到所选区的积分受理点核验；核验通过前委托不生效。';
}

/** The view of the form; errors only after a create attempt. */
export function formView(f: EntrustmentForm, errors: FormErrors): FormView {
  const keys: TextKey[] =
    f.kind === 'employer'
      ? ['usccCode', 'unitName', 'agentName', 'agentId', 'principalName', 'principalId']
      : ['agentName', 'agentId', 'principalName', 'principalId'];
  return {
    kind: f.kind,
    kinds: [
      { value: 'employer', label: '用人单位为员工代办' },
      { value: 'relative', label: '监护人或近亲属代办' },
    ],
    fields: keys.map((k) => ({ id: `en-${k}`, key: k, ...LABELS[k], value: f[k], error: errors[k] ?? '' })),
    relationships: toChoices(RELATIONSHIPS),
    relationship: f.relationship,
    relationshipError: errors.relationship ?? '',
    reasons: toChoices(RELATIVE_REASONS),
    reason: f.reason,
    reasonError: errors.reason ?? '',
    scopes: (Object.keys(ENTRUSTMENT_SCOPES) as EntrustmentScope[]).map((s) => {
      const on = f.scope.includes(s);
      return {
        value: s,
        label: ENTRUSTMENT_SCOPES[s],
        on,
        stateText: on ? '已选' : '未选',
        icon: on ? 'check-rectangle-filled' : 'rectangle',
      };
    }),
    scopeError: errors.scope ?? '',
    districts: HANGZHOU_DISTRICTS.filter((d) => d.urban).map((d) => ({ value: d.code, label: d.name })),
    district: f.district,
    districtError: errors.district ?? '',
    verifiers: toChoices(ENTRUSTMENT_VERIFIERS),
    verifyBy: f.verifyBy,
    materialNote: materialNoteOf(f),
  };
}
