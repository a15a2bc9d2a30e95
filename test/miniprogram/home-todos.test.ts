/**
 * 待办 on 积分管理: what each case asks of the person now (补正, a published result with its dispute deadline, a decided
 * dispute, confirmed points), built from the application list; the page shows them and leads to the case.
 */
import { todosOf, type TodoSource } from '../../miniprogram/pages/home/todos-view';
import { chooseOption, settle, textOf, typeInto, waitFor } from './harness';
import { reviewAll } from './review';
import { acceptPrivacy, worldPerTest, ZHANG, type World, submitZhangByApplyPage } from './world';

jest.setTimeout(60_000);

const base: TodoSource = { applicationId: 'app_1', status: 'submitted', name: '张伟', actingAs: 'self' };

describe('home to-dos', () => {
  it('should list a 补正, a published result with its dispute deadline, a decided dispute and confirmed points, and nothing for a case under review', () => {
    const dispute = {
      disputeId: 'd1',
      status: 'decided' as const,
      statusLabel: '复核完成',
      raisedOn: '2021-11-16',
      indicators: [],
      decided: 2,
      total: 2,
      revisedTotal: '130',
    };
    const todos = todosOf([
      {
        ...base,
        applicationId: 'a1',
        status: 'correction',
        resultDate: '2021-11-05',
        correctionWindow: { before: '2021-11-05', workingDaysLeft: 18 },
      },
      {
        ...base,
        applicationId: 'a2',
        status: 'published',
        actingAs: 'agent',
        name: '李娜',
        disputeWindow: { deadline: '2021-11-16', workingDaysLeft: 3, label: '还剩 3 个工作日', open: true },
      },
      { ...base, applicationId: 'a3', status: 'confirmed', confirmedOn: '2021-11-30', dispute },
      { ...base, applicationId: 'a4', status: 'confirmed', confirmedOn: '2021-11-17' },
      { ...base, applicationId: 'a5', status: 'submitted' },
      { ...base, applicationId: 'a6', status: 'draft' },
      { ...base, applicationId: 'a7', status: 'disputed', dispute: { ...dispute, status: 'reviewing', decided: 0 } },
      { ...base, applicationId: 'a8', status: 'disputed', dispute: { ...dispute, status: 'returned', decided: 0 } },
    ]);
    expect(todos.map((t) => `${t.title}｜${t.text}`)).toEqual([
      '张伟：需要补正｜请在 2021年11月5日 前提交补正（还剩 18 个工作日），请按部门要求补充材料',
      '李娜（代办）：积分结果已公布｜请查看核定结果；如有异议，可在 2021年11月16日 前提出（还剩 3 个工作日）',
      '张伟：异议复核已完成｜复核结果已公布，积分已确认，2021年11月30日',
      '张伟：积分已确认｜积分已确认，2021年11月17日，可用于积分有效凭证和积分落户申请',
      '张伟：异议需要补充证据｜区积分办要求补充证据，请在异议中补充后重新提交',
    ]);
    // A 补正 leads straight to the material to fix; the others to the case.
    expect(todos[0].url).toBe('/points/pages/apply/apply?applicationId=a1');
    expect(todos[1].url).toBe('/points/pages/case/case?applicationId=a2');
  });

  it('should say what to do without a date when the case does not carry one, and when the window has passed', () => {
    const [fix, result, passed] = todosOf([
      { ...base, status: 'correction' },
      { ...base, status: 'published' },
      {
        ...base,
        status: 'published',
        disputeWindow: { deadline: '2021-11-16', workingDaysLeft: 0, label: '', open: false },
      },
    ]);
    expect(fix.text).toBe('请按部门要求补充材料并重新提交');
    expect(result.text).toBe('请查看核定结果；如有异议，可在结果公布后 7 个工作日内提出');
    expect(passed.text).toBe('异议期已于 2021年11月16日 结束，积分将于下一个工作日确认');
  });
});

describe('home page to-dos through the real functions', () => {
  let w: World;
  worldPerTest(__filename, '2021-10-08T10:00:00+08:00', (x) => (w = x));

  it('should show the applicant the 补正 a department asked for with its deadline, and open the apply page from it', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const home0 = w.open('home', 'zhang');
    await waitFor(() => home0.comp.data.round.state !== 'loading', 'round');
    await settle(5);
    expect(textOf(home0, 'todos')).toBe('');

    await submitZhangByApplyPage(w, { privacyAccepted: true });
    await w.grantReviewer('edu-1', '市教育局');
    await reviewAll(w, 'edu-1', async (t) => {
      await chooseOption(t, 'choice', 3); // 退回补正
      await typeInto(t, 'missing', '请补充学位证书');
    });

    w.clock.set('2021-10-12T09:00:00+08:00');
    const home = w.open('home', 'zhang');
    await waitFor(() => home.comp.data.todos.length > 0, 'to-dos loaded');
    expect(textOf(home, 'todo-0')).toContain('张伟：需要补正');
    // Accepted 2021-10-08, result date 2021-11-04: on 2021-10-12, 17 working days to go.
    expect(textOf(home, 'todo-0')).toContain('请在 2021年11月4日 前提交补正（还剩 17 个工作日）');
    const id = (await w.store.listApplicationsByCreator('zhang'))[0].id;
    const navigate = jest.spyOn(wx, 'navigateTo');
    home.comp.querySelector('#todo-0')?.dispatchEvent('tap');
    await settle(2);
    expect(navigate).toHaveBeenCalledWith(
      expect.objectContaining({ url: `/points/pages/apply/apply?applicationId=${id}` }),
    );
  });
});
