/**
 * Journey: the correction loop (补正). 市教育局 returns the education claim saying what is missing; the applicant sees
 * it on the query page, adds the degree certificate and resubmits; the task comes back to the queue with its history
 * kept, is confirmed, and the result is published on the original result date.
 */
import { chooseOption, jpeg, nextPhotos, tapButton, textOf, typeInto, waitFor } from './harness';
import {
  acceptPrivacy,
  addEducation,
  fillIdentity,
  loaded,
  tapAndWait,
  toStage,
  worldPerTest,
  ZHANG,
  type World,
  pledge,
} from './world';
import { reviewAll } from './review';

jest.setTimeout(60_000);

const PERMIT = {
  mobile: ZHANG.mobile,
  permitNumber: 'ZJ3301062019001',
  district: 'gongshu',
  validFrom: '2019-01-01',
  validTo: '2024-12-31',
};

let w: World;
worldPerTest(__filename, '2021-10-08T10:00:00+08:00', (x) => (w = x));

describe('correction loop (退回补正 → 补正 → 重新提交 → 确认 → 公布)', () => {
  it('returns the claim, lets the applicant fix it and resubmit, and keeps the whole history', async () => {
    // Applied and accepted on 2021-10-08 with a diploma photo only.
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = w.open('apply', 'zhang');
    await loaded(p);
    // 我的身份 is bound: the form starts from it.
    expect(p.comp.data.identity[1].value).toBe(ZHANG.idNumber);
    await fillIdentity(p, PERMIT);
    await toStage(p, 'profile');
    await addEducation(p, '2009-06-30');
    await toStage(p, 'materials');
    nextPhotos([jpeg('毕业证书.jpg')]);
    await tapAndWait(p, 'mat-0-photo', () => p.comp.data.materials.lines[0].state === 'attached', 'photo attached');
    await toStage(p, 'submit');
    await pledge(p);
    await tapAndWait(p, 'submit-btn', () => p.comp.data.submit.state !== 'saving', 'submitted');
    const [mine] = await w.store.listApplicationsByCreator('zhang');
    const applicationId = mine.id;
    expect(mine.status).toBe('submitted');

    // 市教育局 returns B2 for correction.
    await w.grantReviewer('edu-1', '市教育局');
    await reviewAll(w, 'edu-1', async (t) => {
      await chooseOption(t, 'choice', 3); // 退回补正
      await typeInto(t, 'missing', '请补充学位证书');
    });

    // The applicant sees 待补正 and what is missing, and goes to fix it.
    w.clock.set('2021-10-12T09:00:00+08:00');
    const c = w.open('case', 'zhang', { applicationId });
    await loaded(c);
    expect(textOf(c, 'status')).toBe('待补正');
    expect(textOf(c, 'corrections')).toContain('文化程度：请补充学位证书');
    expect(textOf(c, 'now-text')).toContain('请在 2021年11月4日 前提交补正（还剩 17 个工作日）');
    const navigate = jest.spyOn(wx, 'navigateTo');
    await tapButton(c, 'btn-correct');
    expect(navigate).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/points/pages/apply/apply?applicationId=${applicationId}` }),
    );

    // The 补正 opens at the material to fix: highlighted, scrolled to, with the deadline in words.
    const scroll = jest.spyOn(wx, 'pageScrollTo');
    const fix = w.open('apply', 'zhang', { applicationId });
    await loaded(fix);
    expect(textOf(fix, 'banner-status')).toBe('待补正');
    expect(textOf(fix, 'corrections')).toContain('文化程度：请补充学位证书');
    expect(textOf(fix, 'correction-deadline')).toBe('请在 2021年11月4日 前提交补正（还剩 17 个工作日）');
    expect(fix.comp.data.stage).toBe('materials');
    expect(textOf(fix, 'mat-0-fix')).toBe('需要补正：请补充学位证书');
    await waitFor(() => scroll.mock.calls.length > 0, 'scrolled to the material');
    expect(scroll).toHaveBeenCalledWith(expect.objectContaining({ selector: '#mat-0' }));
    await toStage(fix, 'materials');
    nextPhotos([jpeg('学位证书.jpg')]);
    await tapAndWait(fix, 'mat-0-photo', () => fix.comp.data.materials.lines[0].files.length === 2, 'degree attached');
    expect(textOf(fix, 'mat-0-state')).toBe('已上传 2 份');
    await toStage(fix, 'submit');
    expect(textOf(fix, 'submit')).toContain('提交补正');
    await tapAndWait(fix, 'submit-btn', () => fix.comp.data.submit.state !== 'saving', 'resubmitted');
    expect(fix.comp.data.submit.state).toBe('saved');

    // The task is back in the queue with both files; its history keeps the return.
    let history = '';
    await reviewAll(w, 'edu-1', async (t) => {
      expect(textOf(t, 'materials')).toContain('学位证书.jpg');
      history = textOf(t, 'history');
      await chooseOption(t, 'choice', 0);
    });
    expect(history).toContain('退回补正');
    expect(history).toContain('待阅卷：补正后重新提交');

    // The other departments confirm; on the result date the result is published.
    for (const [openid, dept] of [
      ['police-1', '市公安局'],
      ['credit-1', '市发改委（信用办）'],
    ] as const) {
      await w.grantReviewer(openid, dept);
      await reviewAll(w, openid, async (t) => chooseOption(t, 'choice', 0));
    }
    w.clock.set('2021-11-04T08:00:00+08:00');
    expect(await w.call('system:timer', 'scheduler', 'publish', {}, 'timer-1104')).toMatchObject({
      ok: true,
      data: { published: 1 },
    });
    const done = w.open('case', 'zhang', { applicationId });
    await loaded(done);
    await waitFor(() => done.comp.data.result.state === 'ready', 'result');
    expect(textOf(done, 'rl-B2')).toContain('部门已认定');
    expect(textOf(done, 'rl-B2')).toContain('申报 50 分，核定 50 分');
    expect(textOf(done, 'audit')).toContain('审核部门 · 部门审核 · 完成');
    const submits = (done.comp.data.audit.lines as { text: string }[]).filter((l) => l.text === '本人 · 提交申请');
    expect(submits).toHaveLength(2);
  });
});
