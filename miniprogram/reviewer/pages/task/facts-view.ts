/**
 * Declared (and verified) facts in words, using the 积分测算 form's own field labels and choice labels, so a reviewer
 * reads "学历：本科；取得日期：2009年6月30日" — never raw JSON keys, never a stored ISO date.
 */
import type { PolicyVersion } from '../../../../shared';
import { sectionOf } from '../../../../shared';
import { sectionSpec } from '../../../forms/form-model';
import type { FieldSpec, SectionSpec } from '../../../forms/form-spec';
import { datesInWords } from '../../../utils/format';

/** One fact in words. */
export interface FactView {
  title: string;
  lines: string[];
}

/** The profile section an indicator's facts belong to (from the policy, else from the facts' refs). */
export function sectionFor(
  indicatorId: string,
  factRefs: readonly string[],
  policy: PolicyVersion | null,
): SectionSpec | null {
  const ind = policy ? policy.indicators.find((i) => i.id === indicatorId) : undefined;
  const key = ind ? sectionOf(ind) : factRefs.length ? factRefs[0].split('.')[0] : null;
  return key ? (sectionSpec(key) ?? null) : null;
}

function valueText(f: FieldSpec, v: unknown, veto: Map<string, string>): string {
  if (f.kind === 'bool' || f.kind === 'optBool') return v === true ? '是' : v === false ? '否' : '未填写';
  if (v === undefined || v === null || v === '') return '未填写';
  if (f.optionsFrom === 'vetoOffences') return veto.get(String(v)) ?? String(v);
  if (f.options) return f.options.find((o) => o.value === String(v))?.label ?? String(v);
  return `${datesInWords(String(v))}${f.unit ? ` ${f.unit}` : ''}`;
}

/** Facts in words; unknown keys (not in the form) are listed as they are, so nothing is hidden. */
export function factsView(
  facts: readonly unknown[],
  spec: SectionSpec | null,
  policy: PolicyVersion | null,
): FactView[] {
  const veto = new Map((policy ? policy.veto.offences : []).map((o) => [o.code, o.label] as [string, string]));
  return facts.map((fact, i) => {
    const entry = typeof fact === 'object' && fact !== null ? (fact as Record<string, unknown>) : {};
    const title =
      spec && spec.kind === 'list' ? `${spec.itemName} 第 ${i + 1} 条` : spec ? spec.title : `事实 ${i + 1}`;
    if (!spec) return { title, lines: [JSON.stringify(fact)] };
    const known = new Set(spec.fields.map((f) => f.key));
    const lines = spec.fields
      .filter((f) => (!f.showIf || f.showIf(entry)) && (entry[f.key] !== undefined || f.kind === 'bool'))
      .map((f) => `${f.label}：${valueText(f, entry[f.key], veto)}`);
    for (const k of Object.keys(entry)) if (!known.has(k)) lines.push(`${k}：${JSON.stringify(entry[k])}`);
    return { title, lines };
  });
}
