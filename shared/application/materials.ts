/**
 * Materials (申请材料) per indicator and the checklist an application generates from what it claims.
 * Data the departments share (age, social insurance, residence years, blood donation, records — G4) needs no
 * upload. Which material each rule kind asks for is product knowledge from the 2021 材料说明 as far as known: [I].
 */
import type { Indicator, PolicyVersion, Confidence } from '../policy/schema';
import type { Profile } from '../profile/schema';
import { claimedIndicators, factRefsOf } from '../engine/claims';

/** What an indicator's facts need as upload, by rule kind; null = shared data, nothing to upload (G4). */
export const MATERIAL_BY_RULE: Record<Indicator['rule'], { label: string; perFact: boolean; confidence: Confidence } | null> = {
  age: null,
  socialInsurance: null,
  residence: null,
  blood: null,
  deduction: null,
  unscored: null,
  education: { label: '学历证书、学位证书（境外学历附教育部留学服务中心认证书）', perFact: true, confidence: 'I' },
  titleSkill: { label: '专业技术职称证书或职业技能等级证书', perFact: true, confidence: 'I' },
  ownedHome: { label: '不动产权证书及实际居住证明（非本人产权的附关系证明）', perFact: true, confidence: 'I' },
  rental: { label: '房屋租赁合同登记备案证明', perFact: true, confidence: 'I' },
  honour: { label: '表彰文件或荣誉证书', perFact: true, confidence: 'I' },
  marrow: { label: '造血干细胞捐献证明', perFact: false, confidence: 'I' },
  volunteer: { label: '志愿汇志愿服务时长证明', perFact: false, confidence: 'I' },
  charity: { label: '捐赠票据或捐赠证明', perFact: true, confidence: 'I' },
  patent: { label: '发明专利证书', perFact: true, confidence: 'I' },
};

export { MATERIAL_MIME_TYPES, MATERIAL_MAX_BYTES, type MaterialMime } from './material-limits';

/** One line of the checklist: a material an application needs (or does not, and why). */
export interface ChecklistItem {
  /** Stable key: `B2:education.0`, `P7`, `entrustment:<id>`. */
  key: string;
  indicatorId: string | null;
  /** What to upload, in Chinese. */
  label: string;
  /** The fact it proves, e.g. `education.0`. */
  ref: string | null;
  required: boolean;
}

/** Checklist items for the claimed indicators of a profile. Shared-data indicators appear as not required. */
export function materialChecklist(profile: Profile, policy: PolicyVersion): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  for (const ind of claimedIndicators(profile, policy)) {
    const m = MATERIAL_BY_RULE[ind.rule];
    if (!m) continue;
    const refs = factRefsOf(ind, profile);
    if (refs.length === 0) continue;
    if (m.perFact) for (const ref of refs) items.push({ key: `${ind.id}:${ref}`, indicatorId: ind.id, label: `${ind.name}：${m.label}`, ref, required: true });
    else items.push({ key: ind.id, indicatorId: ind.id, label: `${ind.name}：${m.label}`, ref: null, required: true });
  }
  return items;
}

/** Indicators whose facts the departments share, listed so the applicant knows nothing is to upload for them. */
export function sharedDataIndicators(profile: Profile, policy: PolicyVersion): { id: string; name: string }[] {
  return claimedIndicators(profile, policy)
    .filter((ind) => MATERIAL_BY_RULE[ind.rule] === null && ind.rule !== 'unscored')
    .map((ind) => ({ id: ind.id, name: ind.name }));
}

/** Keys of required checklist items with no material attached. */
export function missingMaterials(items: readonly ChecklistItem[], attachedKeys: ReadonlySet<string>): ChecklistItem[] {
  return items.filter((i) => i.required && !attachedKeys.has(i.key));
}
