/**
 * Page URLs (miniprogram/routes.ts) against app.json: every URL the client navigates to is a page WeChat knows, the
 * launch page stays in the main package and preloads the subpackage its entries lead to.
 */
import fs from 'fs';
import path from 'path';
import { HOME_ENTRIES } from '../../miniprogram/pages/home/entries';
import { isPageUrl, pageUrl, PAGES } from '../../miniprogram/routes';
import { appJsonPages, MINIPROGRAM } from './harness';

interface AppJson {
  pages: string[];
  subpackages: { root: string; name?: string; pages: string[] }[];
  preloadRule?: Record<string, { network?: string; packages: string[] }>;
}
const APP = JSON.parse(fs.readFileSync(path.join(MINIPROGRAM, 'app.json'), 'utf8')) as AppJson;

describe('page routes', () => {
  it('names exactly the pages of app.json, each with its source files', () => {
    const urls = Object.values(PAGES).map((u) => u.slice(1));
    expect([...urls].sort()).toEqual([...appJsonPages()].sort());
    for (const page of urls) {
      for (const ext of ['.ts', '.wxml', '.json'])
        expect([page + ext, fs.existsSync(path.join(MINIPROGRAM, page + ext))]).toEqual([page + ext, true]);
    }
  });

  it('keeps the home page as the launch page, in the main package with only 凭证核验 (a scanned QR code opens it directly)', () => {
    expect(APP.pages).toEqual(['pages/home/home', 'pages/verify/verify']);
    expect(PAGES.home).toBe('/pages/home/home');
    expect(PAGES.verify).toBe('/pages/verify/verify');
  });

  it('puts 积分测算, 积分申请, 回执, 查询, 异议, 委托, 个人信息, 我的, 办事指南 and 积分落户申请 in the points subpackage and preloads it from the home page', () => {
    const points = APP.subpackages.find((s) => s.root === 'points');
    expect(points?.pages.map((p) => `/points/${p}`).sort()).toEqual(
      [
        PAGES.simulate,
        PAGES.apply,
        PAGES.receipt,
        PAGES.cases,
        PAGES.case,
        PAGES.dispute,
        PAGES.agent,
        PAGES.privacy,
        PAGES.settings,
        PAGES.guide,
        PAGES.settle,
      ].sort(),
    );
    // Downloaded while the home page shows, on any network: the first tap on an entry does not wait for it.
    expect(APP.preloadRule?.['pages/home/home']).toEqual({ network: 'all', packages: [points?.name ?? 'points'] });
  });

  it('leads every home entry to a page of app.json', () => {
    expect(HOME_ENTRIES.length).toBeGreaterThan(0);
    for (const e of HOME_ENTRIES) expect([e.id, isPageUrl(e.url)]).toEqual([e.id, true]);
    expect(HOME_ENTRIES.find((e) => e.id === 'drafts')?.url).toBe('/points/pages/simulate/simulate?panel=drafts');
  });

  it('writes query values encoded, in the order given, leaving out empty ones', () => {
    expect(pageUrl('apply')).toBe('/points/pages/apply/apply');
    expect(pageUrl('apply', { applicationId: 'a/1 2', entrustmentId: null, draftId: 'd' })).toBe(
      '/points/pages/apply/apply?applicationId=a%2F1%202&draftId=d',
    );
    expect(pageUrl('reviewerTask', { taskId: 't1' })).toBe('/reviewer/pages/task/task?taskId=t1');
  });

  it('accepts only our own pages as a place to go back to', () => {
    expect(isPageUrl('/points/pages/apply/apply?applicationId=app_1&draftId=d-2')).toBe(true);
    expect(isPageUrl('/reviewer/pages/queue/queue')).toBe(true);
    // The old paths are gone since the pages moved into the subpackage.
    expect(isPageUrl('/pages/apply/apply')).toBe(false);
    expect(isPageUrl('https://example.com/phish')).toBe(false);
    expect(isPageUrl('/points/pages/apply/apply/../../x')).toBe(false);
    expect(isPageUrl('/points/pages/apply/apply?next=https://example.com')).toBe(false);
    expect(isPageUrl('')).toBe(false);
  });
});
