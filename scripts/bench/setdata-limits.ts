/**
 * The simulate page's largest setData for a valid profile at the list limits: the zhang-wei example with 500 blood
 * donations, 200 honours and 500 social-insurance spells, scored by the engine and turned into the page's sheet view
 * (what the page hands to setData after a 测算), measured as UTF-8 bytes of its JSON.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findPolicy, parseProfile, ROUND_2021, score } from '../../shared';
import { sheetView } from '../../miniprogram/points/pages/simulate/sheet-view';
import { normalizeDraft, sectionView } from '../../miniprogram/forms/form-model';
import { STEPS } from '../../miniprogram/forms/form-spec';
import { addDays } from '../../shared/dates';
import { REPO_ROOT } from '../build/paths';

/** The example at the list limits (valid: the bench refuses to measure an invalid one). */
export function profileAtLimits(): unknown {
  const doc = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', 'zhang-wei-2021.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const bloodDonations = Array.from({ length: 500 }, (_, i) => ({
    date: addDays('2008-01-01', i * 7),
    kind: 'wholeBlood',
    ml: 200,
  }));
  const honours = Array.from({ length: 200 }, (_, i) => ({
    level: i % 2 ? 'district' : 'municipal',
    title: `优秀志愿者第 ${i + 1} 号`,
    matter: `志愿服务事项 ${i + 1}`,
    awardedOn: addDays('2012-01-01', i * 11),
  }));
  const socialInsurance = Array.from({ length: 500 }, (_, i) => ({
    from: `${2000 + (i % 10)}-01`,
    to: '2021-09',
    pension: true,
    medical: i === 0,
  }));
  return { ...doc, bloodDonations, honours, socialInsurance };
}

/** UTF-8 bytes of the sheet view's JSON for {@link profileAtLimits}. */
export function setDataAtLimits(): { bytes: number; lines: number } {
  const policy = findPolicy('hz-2021');
  if (!policy) throw new Error('hz-2021 missing');
  const r = parseProfile(profileAtLimits());
  if (!r.ok) throw new Error(`profile at the list limits is invalid: ${JSON.stringify(r.errors).slice(0, 200)}`);
  const view = sheetView(score(r.profile, policy, ROUND_2021));
  return { bytes: Buffer.byteLength(JSON.stringify({ sheet: view })), lines: view.groups.length };
}

/**
 * The form's side of the same profile: the largest step of 申报信息 (its sections, as the page sends them on a step
 * change, each list on its first page of entries) for {@link profileAtLimits}. Not the sheet's goal; shown beside it.
 */
export function formStepAtLimits(): { bytes: number; step: string } {
  const policy = findPolicy('hz-2021');
  if (!policy) throw new Error('hz-2021 missing');
  const draft = normalizeDraft(profileAtLimits() as Record<string, unknown>);
  const vis = { touched: new Set<string>(), revealed: new Set<string>() };
  let top = { bytes: 0, step: '' };
  for (const step of STEPS) {
    const sections = step.sections.map((s) => sectionView(s, draft, [], vis, policy, 0));
    const bytes = Buffer.byteLength(JSON.stringify({ sections }));
    if (bytes > top.bytes) top = { bytes, step: step.title };
  }
  return top;
}
