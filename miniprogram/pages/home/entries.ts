/**
 * Entries of 积分管理, in the spirit of 新杭州人家园 → 积分管理. An entry is listed once its capability exists:
 * 异议 and 积分凭证 join this list as they land. 阅卷工作台 is offered only to reviewers (the reviewer function's
 * `whoami` says so; the function checks the role again on every call).
 */
import { PAGES, pageUrl } from '../../routes';

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
  /** Shown only to callers with a reviewer role for a department. */
  reviewerOnly?: boolean;
  /** Shown only to reviewers of a district's points office. */
  districtOnly?: boolean;
  /** Shown only to administrators. */
  adminOnly?: boolean;
  /** Shown only to reviewers of the department that reviews settlement applications (户籍窗口, policy data). */
  settlementOnly?: boolean;
}

/** The entries available now, in display order. */
export const HOME_ENTRIES: readonly HomeEntry[] = [
  {
    id: 'simulate',
    title: '积分测算',
    desc: '按申报信息估算积分，看每一项怎么算、还能怎么提分',
    icon: 'calculator',
    url: PAGES.simulate,
  },
  {
    id: 'drafts',
    title: '我的草稿',
    desc: '继续填写保存过的测算',
    icon: 'folder-open',
    url: pageUrl('simulate', { panel: 'drafts' }),
  },
  {
    id: 'apply',
    title: '积分申请',
    desc: '在受理时间内填写申报信息、上传材料并提交，取得受理回执',
    icon: 'file-add',
    url: PAGES.apply,
  },
  {
    id: 'agent',
    title: '委托申请',
    desc: '用人单位为员工、监护人或近亲属为家人代办；确认或撤销委托我的',
    icon: 'usergroup',
    url: PAGES.agent,
  },
  {
    id: 'cases',
    title: '积分查询',
    desc: '办理进度、审核结果（申报与核定逐项对照）和办理记录',
    icon: 'file-search',
    url: PAGES.cases,
  },
  {
    id: 'privacy',
    title: '个人信息保护指引',
    desc: '处理依据、用途、谁能看到；我的身份',
    icon: 'secured',
    url: PAGES.privacy,
  },
  {
    id: 'verify',
    title: '凭证核验',
    desc: '输入凭证编号和核验码（或扫码），查看积分有效凭证是否有效',
    icon: 'qrcode',
    url: PAGES.verify,
  },
  {
    id: 'publicity',
    title: '积分落户公示',
    desc: '准入名单和落户分数线；公示期内可对名单提出异议',
    icon: 'view-list',
    url: PAGES.publicity,
  },
  { id: 'settings', title: '我的', desc: '长辈版（大字）、办事指南', icon: 'user', url: PAGES.settings },
  {
    id: 'reviewer',
    title: '阅卷工作台',
    desc: '本部门的阅卷任务：核实申报事实，确认、更正、不予认定或退回补正',
    icon: 'task-checked',
    url: PAGES.reviewerQueue,
    reviewerOnly: true,
  },
  {
    id: 'district-disputes',
    title: '异议登记',
    desc: '区积分办：登记本区的异议并转部门复核，或退回补充证据',
    icon: 'chat',
    url: PAGES.reviewerDisputes,
    districtOnly: true,
  },
  {
    id: 'settlement-review',
    title: '落户审核',
    desc: '户籍窗口：审核积分落户申请（通过、退回补正或不予通过），凭准入通知书办结落户',
    icon: 'home',
    url: PAGES.reviewerSettlements,
    settlementOnly: true,
  },
  {
    id: 'admin',
    title: '管理工作台',
    desc: '年度设置、逾期案件与复核期限',
    icon: 'setting',
    url: PAGES.adminWorkspace,
    adminOnly: true,
  },
];

/**
 * The entries a caller sees: reviewer-only ones only for department reviewers, district ones for district offices,
 * 管理工作台 only for administrators, 落户审核 only for reviewers of the settlement department.
 */
export function entriesFor(isReviewer: boolean, isDistrict = false, isAdmin = false, isSettling = false): HomeEntry[] {
  return HOME_ENTRIES.filter(
    (e) =>
      (!e.reviewerOnly || isReviewer) &&
      (!e.districtOnly || isDistrict) &&
      (!e.adminOnly || isAdmin) &&
      (!e.settlementOnly || isSettling),
  );
}
