/**
 * Entries of 积分管理, in the spirit of 新杭州人家园 → 积分管理. An entry is listed once its capability exists:
 * 积分申请, 进度查询, 异议 and 积分凭证 join this list as they land.
 */

/** One entry of the home page. */
export interface HomeEntry {
  id: string;
  title: string;
  /** One line saying what it is for. */
  desc: string;
  /** TDesign icon name. */
  icon: string;
  /** Where it leads. */
  url: string;
}

/** The entries available now, in display order. */
export const HOME_ENTRIES: readonly HomeEntry[] = [
  { id: 'simulate', title: '积分测算', desc: '按申报信息估算积分，看每一项怎么算、还能怎么提分', icon: 'calculator', url: '/pages/simulate/simulate' },
  { id: 'drafts', title: '我的草稿', desc: '继续填写保存过的测算', icon: 'folder-open', url: '/pages/simulate/simulate?panel=drafts' },
];
