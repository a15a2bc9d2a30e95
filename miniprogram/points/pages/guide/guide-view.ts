/**
 * 办事指南, built from the policy table of the current round: each indicator with how it is scored, which material
 * proves it (or that the departments share the data), and which department verifies it; the general rules in words;
 * the official answers, the offline channel and the hotline. Pure: the controller hands it `round.current`.
 */
import {
  CONFIDENCE_LEGEND,
  FAQ_2021,
  formatChineseDate,
  HANGZHOU_DISTRICTS,
  HOTLINE,
  OFFLINE_CHANNEL,
  type Indicator,
  type PolicyVersion,
  type RoundCurrentRes,
} from '../../../../shared';

/** One indicator as the guide shows it. */
export interface GuideIndicator {
  id: string;
  name: string;
  /** How it is scored, in words, with its cap and time window. */
  scoring: string;
  /** What proves it. */
  material: string;
  /** Who verifies it. */
  department: string;
}

/** The guide page's content. */
export interface GuideView {
  title: string;
  /** `积分申请受理时间：2021年9月28日至2021年10月31日（计分截止日 2021年10月1日）`, or ''. */
  windowText: string;
  groups: { title: string; items: GuideIndicator[] }[];
  rules: string[];
  legend: { label: string; text: string }[];
  faq: { q: string; a: string }[];
  offline: string;
  districts: string;
  hotline: string;
}

const CATEGORY_TITLES: Record<Indicator['category'], string> = {
  basic: '基础指标',
  bonus: '加分指标',
  deduction: '减分指标',
};

const n = (x: number | null | undefined) => (x === null || x === undefined ? '未公布' : String(x));

type ByRule = { [K in Indicator['rule']]: (ind: Extract<Indicator, { rule: K }>) => string };

const levelsText = (levels: readonly { label: string; points: number | null }[]) =>
  levels.map((l) => `${l.label} ${n(l.points)} 分`).join('；');

/** How each rule kind scores, in words. */
const RULE_TEXT: ByRule = {
  age: ({ params: p }) =>
    `${p.pivotAge}–${p.maxAge} 周岁计 ${p.pivotPoints} 分，每年轻 1 岁加 ${p.perYearYounger} 分；超过 ${p.maxAge} 周岁计 ${p.overMaxPoints} 分`,
  education: (ind) => levelsText(ind.params.levels),
  titleSkill: (ind) => levelsText(ind.params.levels),
  socialInsurance: (ind) => `每缴满 1 个月计 ${ind.params.pointsPerMonth} 分`,
  ownedHome: (ind) => `计 ${ind.params.points} 分`,
  marrow: (ind) => `计 ${ind.params.points} 分`,
  rental: (ind) => `每满 1 年计 ${ind.params.pointsPerYear} 分`,
  residence: (ind) => `每满 1 年计 ${ind.params.pointsPerYear} 分`,
  honour: (ind) => `每项计 ${ind.params.pointsEach} 分`,
  blood: ({ params: p }) => `累计 ${p.baseMl} 毫升计 ${p.basePoints} 分，此后每 ${p.stepMl} 毫升加 ${p.stepPoints} 分`,
  volunteer: (ind) => `每 ${ind.params.hoursPerStep} 小时计 ${ind.params.pointsPerStep} 分`,
  charity: (ind) => `每 ${ind.params.yuanPerStep} 元计 ${ind.params.pointsPerStep} 分`,
  patent: (ind) => `第一发明人计 ${ind.params.firstHolderPoints} 分，其他发明人计 ${ind.params.otherHolderPoints} 分`,
  deduction: ({ params: p }) => (p.once ? `扣 ${p.pointsEach} 分（不论几条，只扣一次）` : `每次扣 ${p.pointsEach} 分`),
  unscored: (ind) => ind.params.reason,
};

/** How one indicator scores, in words. */
function ruleText(ind: Indicator): string {
  return (RULE_TEXT[ind.rule] as (i: Indicator) => string)(ind);
}

const WINDOW_TEXT: Record<Indicator['window'], string> = {
  cutoff: '',
  fiveYear: '只计截止日前 5 年内的',
  lifetime: '',
};

function indicatorView(ind: Indicator): GuideIndicator {
  const parts = [ruleText(ind)];
  if (ind.category !== 'deduction' && ind.cap !== null) parts.push(`上限 ${ind.cap} 分`);
  if (WINDOW_TEXT[ind.window]) parts.push(WINDOW_TEXT[ind.window]);
  return {
    id: ind.id,
    name: ind.name,
    scoring: parts.join('；'),
    material: ind.material ? ind.material.label : '部门共享数据，无需上传材料',
    department: ind.department,
  };
}

/** The guide of a policy and its round. */
export function guideView(res: Pick<RoundCurrentRes, 'round' | 'policy'>): GuideView {
  const policy: PolicyVersion | null = res.policy;
  const round = res.round;
  const groups = (['basic', 'bonus', 'deduction'] as const)
    .map((cat) => ({
      title: CATEGORY_TITLES[cat],
      items: (policy ? policy.indicators : []).filter((i) => i.category === cat).map(indicatorView),
    }))
    .filter((g) => g.items.length);
  return {
    title: policy ? policy.name : '积分指标',
    windowText: round
      ? `积分申请受理时间：${formatChineseDate(round.application.from)}至${formatChineseDate(round.application.to)}（计分截止日 ${formatChineseDate(round.cutoff)}）`
      : '',
    groups,
    rules: policy ? policy.generalRules.map((r) => r.text) : [],
    legend: CONFIDENCE_LEGEND.map((l) => ({ label: l.label, text: l.text })),
    faq: FAQ_2021.map((f) => ({ q: f.q, a: f.a })),
    offline: OFFLINE_CHANNEL,
    districts: HANGZHOU_DISTRICTS.filter((d) => d.urban)
      .map((d) => d.name)
      .join('、'),
    hotline: `有疑问可拨打 ${HOTLINE.name}（${HOTLINE.number}）`,
  };
}
