/**
 * Every page's URL in one place (app.json lists the same pages; test/miniprogram/routes.test.ts keeps them equal).
 * The main package holds only the home page; 积分测算/申请/查询/委托/个人信息 live in the `points` subpackage,
 * which the home page preloads (app.json `preloadRule`), the reviewer workbench in `reviewer` and the administrator's
 * workspace in `admin` (shown only to administrators, never preloaded); the public 积分落户公示 in its own small
 * `publicity` subpackage (no login; the main package stays within its budget).
 */

/** Page URLs, absolute from the mini program root as `wx.navigateTo` takes them. */
export const PAGES = {
  home: '/pages/home/home',
  verify: '/pages/verify/verify',
  simulate: '/points/pages/simulate/simulate',
  apply: '/points/pages/apply/apply',
  receipt: '/points/pages/receipt/receipt',
  cases: '/points/pages/cases/cases',
  case: '/points/pages/case/case',
  dispute: '/points/pages/dispute/dispute',
  agent: '/points/pages/agent/agent',
  privacy: '/points/pages/privacy/privacy',
  settings: '/points/pages/settings/settings',
  guide: '/points/pages/guide/guide',
  settle: '/points/pages/settle/settle',
  reviewerQueue: '/reviewer/pages/queue/queue',
  reviewerTask: '/reviewer/pages/task/task',
  reviewerDistrict: '/reviewer/pages/district/district',
  reviewerDisputes: '/reviewer/pages/disputes/disputes',
  reviewerRecheck: '/reviewer/pages/recheck/recheck',
  reviewerSettlements: '/reviewer/pages/settlements/settlements',
  reviewerSettlement: '/reviewer/pages/settlement/settlement',
  adminWorkspace: '/admin/pages/workspace/workspace',
  adminRound: '/admin/pages/round/round',
  adminOverdue: '/admin/pages/overdue/overdue',
  adminLine: '/admin/pages/line/line',
  adminObjections: '/admin/pages/objections/objections',
  publicity: '/publicity/pages/publicity/publicity',
} as const;

/** A page of {@link PAGES}. */
export type PageName = keyof typeof PAGES;

/** Query parameters of a page URL; empty or missing values are left out. */
export type PageQuery = Record<string, string | null | undefined>;

/** The URL of `page` with `query` (values URI-encoded, in the order given). */
export function pageUrl(page: PageName, query: PageQuery = {}): string {
  const parts = Object.keys(query)
    .filter((k) => !!query[k])
    .map((k) => `${k}=${encodeURIComponent(query[k] as string)}`);
  return parts.length ? `${PAGES[page]}?${parts.join('&')}` : PAGES[page];
}

const PAGE_PATHS: readonly string[] = Object.keys(PAGES).map((k) => PAGES[k as PageName]);
/** A query of plain characters only (what {@link pageUrl} writes). */
const QUERY_RE = /^[A-Za-z0-9_=&%.-]*$/;

/** Whether `url` is one of our pages with a plain query: where a `?next=` may lead, never an outside URL. */
export function isPageUrl(url: string): boolean {
  const q = url.indexOf('?');
  const pagePath = q < 0 ? url : url.slice(0, q);
  return PAGE_PATHS.includes(pagePath) && (q < 0 || QUERY_RE.test(url.slice(q + 1)));
}
