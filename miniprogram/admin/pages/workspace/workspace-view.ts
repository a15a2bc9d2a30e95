/** The administrator's workspace, as the page shows it: each round's windows in words, and what else there is to do. */
import type { Round } from '../../../../shared';
import { pageUrl, type PageName } from '../../../routes';
import { dateText } from '../../../utils/format';

/** How a round admits people to settle, in words. */
export const QUOTA_MODE_TEXT: Record<Round['quotaMode'], string> = {
  quota: '按名额确定落户分数线',
  none: '不设名额：满 100 分即可落户',
};

/** A round card. */
export interface RoundCard {
  year: number;
  name: string;
  lines: string[];
  /** Who set it: 系统内置 / 按年度规则生成 / 管理员设置. */
  sourceText: string;
  /** What can be done with the round: its settings, its settlement line and publicity, the objections. */
  links: { id: string; title: string; url: string }[];
}

/** A link to another part of the workspace. */
export interface WorkspaceLink {
  id: string;
  title: string;
  desc: string;
  url: string;
}

const SOURCE_TEXT: Record<Round['source'], string> = {
  builtin: '按政策文件内置',
  generated: '按年度规则生成',
  admin: '管理员设置',
};

/** `2021年11月1日 至 2021年12月15日（节假日除外）`. */
export function windowText(w: Round['application']): string {
  return `${dateText(w.from)} 至 ${dateText(w.to)}${w.workingDaysOnly ? '（节假日除外）' : ''}`;
}

/** One round as a card: both windows and the quota mode, with what can be done with it. */
export function roundCard(r: Round): RoundCard {
  const lines = [
    `积分申请：${windowText(r.application)}`,
    `积分落户申请：${windowText(r.settlement)}`,
    `落户方式：${QUOTA_MODE_TEXT[r.quotaMode]}`,
  ];
  return {
    year: r.year,
    name: r.name,
    lines,
    sourceText: SOURCE_TEXT[r.source],
    links: [
      { id: 'edit', title: '修改年度设置', url: pageUrl('adminRound', { year: String(r.year) }) },
      { id: 'line', title: '落户名额、分数线与公示', url: pageUrl('adminLine', { roundId: r.id }) },
      { id: 'objections', title: '公示异议', url: pageUrl('adminObjections', { roundId: r.id }) },
    ],
  };
}

const LINKS: { id: string; title: string; desc: string; page: PageName }[] = [
  {
    id: 'overdue',
    title: '逾期案件与复核期限',
    desc: '超过结果日仍未审完的案件、超期的复核；设置复核期限',
    page: 'adminOverdue',
  },
];

/** The workspace's other parts, in display order. */
export function workspaceLinks(): WorkspaceLink[] {
  return LINKS.map((l) => ({ id: l.id, title: l.title, desc: l.desc, url: pageUrl(l.page) }));
}
