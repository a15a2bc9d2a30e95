/**
 * The case pages one behaviour at a time (the journeys walk them end to end): the privacy notice and WeChat's
 * privacy authorization, 我的身份, the home entries by role, the reviewer workspace's refusals and overdue marks,
 * the query page of a draft, importing a 测算 draft into an application, empty states, and 关怀模式.
 */
import fs from 'node:fs';
import path from 'node:path';
import example from '../../examples/zhang-wei-2021.json';
import { fail } from '../../shared';
import {
  byId,
  chooseOption,
  has,
  inner,
  inProcessTransport,
  renderPage,
  settle,
  tapButton,
  textOf,
  typeInto,
  waitFor,
  type Rendered,
} from './harness';
import {
  acceptPrivacy,
  fillIdentity,
  loaded,
  tapAndWait,
  toStage,
  worldPerTest,
  ZHANG,
  type World,
  submitZhangByApplyPage,
  ZHANG_PERMIT,
} from './world';

jest.setTimeout(30_000);

type WxAny = Record<string, unknown>;
const wxAny = wx as unknown as WxAny;

let w: World;
worldPerTest(
  __filename,
  '2021-10-08T10:00:00+08:00',
  (x) => (w = x),
  () => {
    delete wxAny.requirePrivacyAuthorize;
    delete wxAny.getPrivacySetting;
  },
);

/** Submits a minimal application (education + diploma) for 张伟 on the world's clock; returns its id. */
const submitted = (): Promise<string> => submitZhangByApplyPage(w);

describe('个人信息保护指引', () => {
  it('states the legal basis, purpose and who sees the data, and records acceptance after WeChat’s authorization', async () => {
    const settingSpy = jest.fn((o: { success: (r: unknown) => void }) =>
      o.success({ needAuthorization: true, privacyContractName: '《杭州居住证积分小程序隐私保护指引》', errMsg: 'ok' }),
    );
    const authorize = jest.fn((o: { success: () => void }) => o.success());
    wxAny.getPrivacySetting = settingSpy;
    wxAny.requirePrivacyAuthorize = authorize;
    const redirect = jest.spyOn(wx, 'redirectTo');
    const p = w.open('privacy', 'zhang', { next: encodeURIComponent('/points/pages/apply/apply') });
    await loaded(p);
    const notice = textOf(p, 'notice');
    expect(notice).toContain('《中华人民共和国个人信息保护法》第十三条第一款第（三）项');
    expect(notice).toContain('为履行法定职责所必需');
    expect(notice).toContain('积分申请、各部门审核和积分查询');
    expect(notice).toContain('有效期不超过 10 分钟的临时链接');
    expect(notice).toContain('《杭州居住证积分小程序隐私保护指引》');
    expect(has(p, 'identity')).toBe(false);

    await tapAndWait(p, 'accept-btn', () => p.comp.data.accepted === true, 'accepted');
    expect(authorize).toHaveBeenCalledTimes(1);
    expect(redirect).toHaveBeenCalledWith(expect.objectContaining({ url: '/points/pages/apply/apply' }));
    const status = await w.call('zhang', 'applicant', 'privacy.status');
    expect(status).toMatchObject({ ok: true, data: { accepted: true } });
  });

  it('does not record acceptance when the user declines WeChat’s privacy authorization', async () => {
    wxAny.requirePrivacyAuthorize = (o: { fail: () => void }) => o.fail();
    const p = w.open('privacy', 'zhang');
    await loaded(p);
    await tapAndWait(p, 'accept-btn', () => p.comp.data.accept.state === 'error', 'declined');
    expect(textOf(p, 'accept-error')).toContain('您没有同意微信的隐私授权');
    expect(await w.call('zhang', 'applicant', 'privacy.status')).toMatchObject({ data: { accepted: false } });
  });

  it('ignores a `next` that is not one of our pages', async () => {
    const p = w.open('privacy', 'zhang', { next: encodeURIComponent('https://example.com/phish') });
    await loaded(p);
    expect(p.comp.data.next).toBe('');
  });

  it('binds 我的身份 after checking the ID number on the phone, and shows it masked', async () => {
    await acceptPrivacy(w, 'zhang');
    const p = w.open('privacy', 'zhang');
    await loaded(p);
    await waitFor(() => p.comp.data.identity.load.state === 'ready', 'identity panel');
    await typeInto(p, 'identity-name', '张伟');
    await typeInto(p, 'identity-idNumber', '330106198705120019');
    await typeInto(p, 'identity-mobile', ZHANG.mobile);
    await tapButton(p, 'identity-save');
    expect(textOf(p, 'identity-idNumber-error')).toBe('身份证号码校验位不正确，请核对后重新输入');
    await typeInto(p, 'identity-idNumber', ZHANG.idNumber);
    await tapAndWait(p, 'identity-save', () => p.comp.data.identity.op.state === 'saved', 'bound');
    expect(textOf(p, 'identity-bound')).toContain('330106********0018');
    expect(textOf(p, 'identity-message')).toBe('已保存我的身份');
  });
});

describe('home entries', () => {
  it('offers 积分申请, 委托申请 and 积分查询 to everyone and 阅卷工作台 only to reviewers', async () => {
    const home = w.open('home', 'zhang');
    await waitFor(() => home.comp.data.round.state !== 'loading', 'round');
    await settle(5);
    expect(textOf(home, 'entries')).toContain('积分申请');
    expect(textOf(home, 'entries')).toContain('委托申请');
    expect(textOf(home, 'entries')).toContain('积分查询');
    expect(textOf(home, 'entries')).not.toContain('阅卷工作台');

    await w.grantReviewer('edu-1', '市教育局');
    const reviewerHome = w.open('home', 'edu-1');
    await waitFor(() => has(reviewerHome, 'entry-reviewer'), 'reviewer entry');
    const navigate = jest.spyOn(wx, 'navigateTo');
    inner(reviewerHome, 'entry-reviewer', '.t-cell').dispatchEvent('tap');
    await settle(2);
    expect(navigate).toHaveBeenCalledWith(expect.objectContaining({ url: '/reviewer/pages/queue/queue' }));
  });
});

describe('积分申请 page', () => {
  it('imports the profile from a saved 测算 draft', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const saved = await w.call(
      'zhang',
      'applicant',
      'draft.save',
      { title: '张伟 2021', profile: example },
      'draft-zhang',
    );
    const p = w.open('apply', 'zhang', { draftId: saved.data.draft.draftId });
    await loaded(p);
    await toStage(p, 'profile');
    expect(p.comp.data.profile.summary.total).toBe('202');
    // Or from the list of drafts.
    const q = w.open('apply', 'zhang');
    await loaded(q);
    await toStage(q, 'profile');
    await tapAndWait(q, 'toggle-drafts', () => q.comp.data.profile.drafts.state === 'ready', 'drafts listed');
    byId(q, 'draft-0').dispatchEvent('tap');
    await waitFor(() => q.comp.data.profile.summary.total === '202', 'draft imported');
  });

  it('asks for the identity again when it is incomplete, and says which field', async () => {
    await acceptPrivacy(w, 'zhang');
    const p = w.open('apply', 'zhang');
    await loaded(p);
    await typeInto(p, 'id-name', '张伟');
    await tapAndWait(p, 'save-btn', () => p.comp.data.save.state === 'error', 'refused on the phone');
    expect(textOf(p, 'save-message')).toBe('申请人身份还有需要填写或改正的地方');
    expect(textOf(p, 'id-permitDistrict-error')).toBe('请选择居住证签发地');
    expect(await w.store.listApplicationsByCreator('zhang')).toEqual([]);
  });

  it('is read-only once accepted and leads to the case', async () => {
    const id = await submitted();
    const p = w.open('apply', 'zhang', { applicationId: id });
    await loaded(p);
    expect(textOf(p, 'banner')).toContain('申请已受理，不能再修改');
    expect(has(p, 'submit-btn')).toBe(false);
    expect(has(p, 'save-btn')).toBe(false);
  });
});

describe('积分查询', () => {
  it('lists nothing yet with a way to apply, and a draft offers to continue', async () => {
    await acceptPrivacy(w, 'zhang');
    const list = w.open('cases', 'zhang');
    await loaded(list);
    expect(textOf(list, 'state-empty')).toContain('还没有积分申请');

    const p = w.open('apply', 'zhang');
    await loaded(p);
    await fillIdentity(p, { ...ZHANG_PERMIT, ...ZHANG });
    await tapAndWait(p, 'save-btn', () => p.comp.data.save.state !== 'saving', 'saved');
    expect(p.comp.data.save.state).toBe('saved');
    const again = w.open('cases', 'zhang');
    await loaded(again);
    expect(textOf(again, 'case-0')).toContain('草稿');
    // Opening 积分申请 again resumes the draft of this round.
    const resumed = w.open('apply', 'zhang');
    await loaded(resumed);
    expect(textOf(resumed, 'banner-status')).toBe('草稿');
    expect(resumed.comp.data.identity.find((f: { key: string }) => f.key === 'permitNumber').value).toBe(
      ZHANG_PERMIT.permitNumber,
    );
    const id = (await w.store.listApplicationsByCreator('zhang'))[0].id;
    const c = w.open('case', 'zhang', { applicationId: id });
    await loaded(c);
    expect(textOf(c, 'result-notyet')).toBe('申请提交并受理后，这里显示审核结果。');
    expect(c.comp.data.progress.buttons).toEqual([
      { id: 'continue', label: '继续填写申请', url: `/points/pages/apply/apply?applicationId=${id}` },
    ]);
  });

  it('shows the progress of a case under review: 受理 done on its date, 部门审核 current with the result date, no button', async () => {
    const id = await submitted();
    const c = w.open('case', 'zhang', { applicationId: id });
    await loaded(c);
    expect(textOf(c, 'now-title')).toBe('当前：部门审核');
    expect(textOf(c, 'now-text')).toBe('各部门正在审核，2021年11月4日起可查询结果。');
    expect(textOf(c, 'step-accept')).toBe('受理已完成2021年10月8日');
    expect(textOf(c, 'step-review')).toBe('部门审核进行中预计 2021年11月4日 前完成');
    expect(textOf(c, 'step-settled')).toContain('未开始');
    expect(c.comp.data.progress.buttons).toEqual([]);
    expect(has(c, 'btn-continue')).toBe(false);
    expect(has(c, 'btn-dispute')).toBe(false);
  });

  it('shows markup in a reviewer’s note as literal text, never as elements (no page renders rich text)', async () => {
    const id = await submitted();
    await w.grantReviewer('edu-1', '市教育局');
    const [task] = (await w.store.listTasksByDepartment({ department: '市教育局' })).tasks;
    const note = '<img src=x onerror="alert(1)"><b>查无此证</b><script>alert(2)</script>';
    const decided = await w.call(
      'edu-1',
      'reviewer',
      'task.decide',
      { taskId: task.id, decision: 'reject', note },
      'req-markup-0001',
    );
    if (!decided.ok) throw new Error(JSON.stringify(decided));
    expect(decided).toMatchObject({ ok: true, data: {} });
    const c = w.open('case', 'zhang', { applicationId: id });
    await loaded(c);
    await waitFor(() => Array.isArray(c.comp.data.tasks) && c.comp.data.tasks.length > 0, 'tasks shown');
    await settle(2);
    const shown = textOf(c, 'tasks');
    expect(shown).toContain(note.replace(/\s+/g, ' '));
    const dom = byId(c, 'tasks').dom as HTMLElement;
    expect(dom.querySelector('img, b, script')).toBeNull();
    expect(dom.innerHTML).toContain('&lt;img src=x onerror="alert(1)"&gt;');
  });

  it('has no page that could render markup: no rich-text, web-view or nodes binding in any WXML', () => {
    const root = path.resolve(__dirname, '../../miniprogram');
    const wxml = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.wxml'));
    expect(wxml.length).toBeGreaterThan(5);
    for (const f of wxml)
      expect({
        f,
        markup: /<rich-text|<web-view|\bnodes=|innerHTML/.test(fs.readFileSync(path.join(root, f), 'utf8')),
      }).toEqual({ f, markup: false });
  });

  it('does not show one person’s case to another', async () => {
    const id = await submitted();
    await acceptPrivacy(w, 'stranger');
    const c = w.open('case', 'stranger', { applicationId: id });
    await loaded(c);
    expect(textOf(c, 'load-error')).toBe('没有找到这份申请，或您无权查看');
  });
});

describe('阅卷工作台', () => {
  it('tells someone without a reviewer role that they have none', async () => {
    const q = w.open('reviewer/pages/queue/queue', 'zhang');
    await loaded(q);
    expect(textOf(q, 'state-forbidden')).toContain('您没有阅卷权限');
  });

  it('marks overdue tasks in words, and filters the queue by status', async () => {
    await submitted();
    await w.grantReviewer('edu-1', '市教育局');
    w.clock.set('2021-11-05T09:00:00+08:00');
    const q = w.open('reviewer/pages/queue/queue', 'edu-1');
    await loaded(q);
    expect(textOf(q, 'department')).toBe('市教育局 · 阅卷任务');
    expect(textOf(q, 'task-0')).toContain('B2 文化程度');
    expect(textOf(q, 'task-0-overdue')).toBe('已超过结果日期（2021年11月4日）仍未阅卷');
    byId(q, 'filter-confirmed').dispatchEvent('tap');
    await settle(2);
    await waitFor(() => q.comp.data.load.state !== 'loading', 'filtered');
    await settle(2);
    expect(q.comp.data.filters.find((f: { id: string }) => f.id === 'confirmed').current).toBe(true);
    expect(textOf(q, 'state-empty')).toContain('没有“已确认”的任务');
  });

  it('refuses a task of another department with the function’s message', async () => {
    await submitted();
    await w.grantReviewer('edu-1', '市教育局');
    await w.grantReviewer('hr-1', '市人力社保局');
    const [task] = (await w.store.listTasksByDepartment({ department: '市教育局' })).tasks;
    const t = w.open('reviewer/pages/task/task', 'hr-1', { taskId: task.id });
    await loaded(t);
    expect(textOf(t, 'load-error')).toBe('这项阅卷任务由市教育局负责，您所在部门无权查看或处理');
  });

  it('asks for a reason before rejecting, and shows the declared facts in words', async () => {
    await submitted();
    await w.grantReviewer('edu-1', '市教育局');
    const [task] = (await w.store.listTasksByDepartment({ department: '市教育局' })).tasks;
    const t = w.open('reviewer/pages/task/task', 'edu-1', { taskId: task.id });
    await loaded(t);
    expect(textOf(t, 'declared')).toContain('学历层次：本科');
    expect(textOf(t, 'declared')).toContain('有学位证书：是');
    // 市教育局 does not check anything by the ID number: it sees it masked.
    expect(textOf(t, 'person')).toContain('330106********0018');
    expect(textOf(t, 'person')).not.toContain('330106198705120018');
    await chooseOption(t, 'choice', 2); // 不予认定
    expect(textOf(t, 'points')).toContain('按此结论为 0 分');
    await tapButton(t, 'decide');
    expect(textOf(t, 'decision-message')).toBe('不予认定时请说明理由');
    await typeInto(t, 'note', '学历证书查无此证');
    await tapAndWait(t, 'decide', () => t.comp.data.decision.op.state === 'saved', 'decided');
    expect(textOf(t, 'head-status')).toBe('不予认定');
    expect(textOf(t, 'closed')).toBe('已阅卷：不予认定');
  });
});

describe('阅卷 through the reviewer function only', () => {
  it('shows the task’s facts, hash and upload time, and the points preview from the department’s part of the case, never calling the applicant function', async () => {
    await submitted();
    await w.grantReviewer('edu-1', '市教育局');
    const [task] = (await w.store.listTasksByDepartment({ department: '市教育局' })).tasks;
    const [diploma] = await w.store.listMaterialsByApplication(task.applicationId);
    const calls: string[] = [];
    const direct = inProcessTransport(w.store, 'edu-1', w.clock.now, w.files.storage);
    const t = renderPage('reviewer/pages/task/task', async (fn, body) => {
      calls.push(`${fn} ${String((body as { action: string }).action)}`);
      return direct(fn, body);
    });
    t.comp.instance.onLoad({ taskId: task.id });
    await loaded(t);
    expect(t.comp.data.load.state).toBe('ready');
    expect(calls.sort()).toEqual(['reviewer task.case', 'reviewer task.get']);
    expect(textOf(t, 'declared')).toContain('学历层次：本科');
    // 本科 with 学历 and 学位: 50 points, scored by the engine over the department's part under the case's policy.
    expect(textOf(t, 'points')).toContain('本项申报 50 分');
    await chooseOption(t, 'choice', 2); // 不予认定
    expect(textOf(t, 'points')).toContain('按此结论为 0 分');
    expect(textOf(t, 'material-0-hash')).toBe(`SHA-256 ${diploma.sha256}`);
    expect(diploma.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(textOf(t, 'material-0')).toContain('2021年10月8日 10:00');
    expect(calls.every((c) => c.startsWith('reviewer '))).toBe(true);
    // Both reads are on the case's audit trail.
    const trail = (await w.store.listAudit({ target: `application:${task.applicationId}` })).entries.filter(
      (e) => e.fn === 'reviewer',
    );
    expect(trail.map((e) => `${e.actor} ${e.action} ${e.result}`).sort()).toEqual([
      'edu-1 task.case ok',
      'edu-1 task.get ok',
    ]);
  });
});

describe('关怀模式 and errors on the new pages', () => {
  it('scales text with the WeChat font size on the apply page', async () => {
    const spy = jest.spyOn(wx, 'getAppBaseInfo').mockReturnValue({ ...wx.getAppBaseInfo(), fontSizeScaleFactor: 1.5 });
    await acceptPrivacy(w, 'zhang');
    const p = w.open('apply', 'zhang');
    spy.mockRestore();
    await loaded(p);
    expect(p.comp.data.careStyle).toContain('--care-scale:1.5');
    expect(p.comp.data.careStyle).toContain('font-size:48rpx');
  });

  it('shows the envelope’s Chinese message when the list cannot be loaded, and retries', async () => {
    let calls = 0;
    const page: Rendered = renderPage('cases', async (_fn, body) => {
      if (body.action === 'privacy.status') return { ok: true, data: { version: 'x', accepted: true } };
      return ++calls === 1 ? fail('INTERNAL') : { ok: true, data: { applications: [] } };
    });
    page.comp.instance.onLoad({});
    await loaded(page);
    expect(textOf(page, 'load-error')).toBe('系统繁忙，请稍后再试');
    await tapButton(page, 'retry');
    await waitFor(() => page.comp.data.load.state === 'empty', 'empty after retry');
  });
});
