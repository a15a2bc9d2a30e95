/**
 * Applying without dead ends: the apply page says when it opens that the round is closed (or not open yet, or that a
 * fraud finding bars the person); before the irreversible submit it shows what is declared, a 诚信承诺 to tick and
 * “提交后不能修改”; one step bar says 当前; 下一步 walks every part of 申报信息; material cards name the fact they prove.
 */
import { personKeyOf } from '../../cloudfunctions/_core/cases/person';
import {
  cancelDialog,
  confirmDialog,
  dialogText,
  has,
  jpeg,
  nextPhotos,
  settle,
  tapButton,
  textOf,
  waitFor,
  type Rendered,
} from './harness';
import {
  acceptPrivacy,
  addEducation,
  addInsurance,
  fillIdentity,
  loaded,
  pledge,
  tapAndWait,
  toStage,
  worldPerTest,
  ZHANG,
  type World,
} from './world';

jest.setTimeout(60_000);

let w: World;
worldPerTest(__filename, '2021-10-08T10:00:00+08:00', (x) => (w = x));

const PERMIT = {
  name: ZHANG.name,
  idNumber: ZHANG.idNumber,
  mobile: ZHANG.mobile,
  permitNumber: 'ZJ3301062019001',
  district: 'xihu',
  validFrom: '2019-01-01',
  validTo: '2024-12-31',
};

async function openApply(): Promise<Rendered> {
  const p = w.open('apply', 'zhang');
  await loaded(p);
  expect(p.comp.data.load.state).toBe('ready');
  return p;
}

/** How often the page says 当前 (one step bar: once). */
function currentMarks(p: Rendered): number {
  return ((p.comp.dom as HTMLElement).textContent ?? '').split('当前').length - 1;
}

describe('the apply page when it opens', () => {
  it('after the window has closed: says so at once, offers 积分测算 and 办事指南, and shows no form to fill', async () => {
    w.clock.set('2021-11-05T10:00:00+08:00');
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = await openApply();
    expect(textOf(p, 'gate-message')).toBe(
      '2021 年度积分申请受理时间为2021年9月28日至2021年10月31日，2021年11月5日不在受理期内',
    );
    expect(has(p, 'stages')).toBe(false);
    expect(has(p, 'identity')).toBe(false);
    expect(has(p, 'gate-guide')).toBe(true);
    expect(has(p, 'gate-simulate')).toBe(true);
  });

  it('before the window opens: says when, and lets the person prepare and save', async () => {
    w.clock.set('2021-09-20T10:00:00+08:00');
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = await openApply();
    expect(textOf(p, 'gate-message')).toContain('2021年9月28日至2021年10月31日');
    expect(textOf(p, 'gate-message')).toContain('您可以先填写申报信息、上传材料并保存，到受理时间再提交');
    expect(has(p, 'identity')).toBe(true);
  });

  it('with a fraud finding within 5 years: shows the bar before anything is typed', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    await w.store.putFraudFinding({
      id: 'fraud-1',
      personKey: personKeyOf(ZHANG.idNumber),
      date: '2019-03-01',
      note: '测试',
      recordedBy: 'test-admin',
      recordedAt: '2019-03-01T00:00:00.000Z',
    });
    const p = await openApply();
    expect(textOf(p, 'gate')).toContain('因2019年3月1日认定的弄虚作假行为，2024年3月1日前不得申请积分');
    expect(has(p, 'identity')).toBe(false);
  });

  it('inside the window with nothing against the person: no notice, straight to the form', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = await openApply();
    expect(has(p, 'gate')).toBe(false);
    expect(has(p, 'identity')).toBe(true);
  });
});

describe('filling in and submitting', () => {
  it('one step bar says 当前; 下一步 walks every part of 申报信息 before 申请材料', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = await openApply();
    await fillIdentity(p, PERMIT);
    await toStage(p, 'profile');
    expect(currentMarks(p)).toBe(1);
    const steps = p.comp.data.profile.steps.length as number;
    for (let i = 1; i < steps; i++) {
      await tapButton(p, 'next-stage');
      expect([p.comp.data.stage, p.comp.data.profile.stepIndex]).toEqual(['profile', i]);
    }
    await tapButton(p, 'next-stage');
    await waitFor(() => p.comp.data.stage === 'materials', 'materials after the last part');
  });

  it('material cards name the fact they prove; the PDF button says it picks from a chat', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = await openApply();
    await fillIdentity(p, PERMIT);
    await toStage(p, 'profile');
    await addEducation(p, '2009-06-30');
    await toStage(p, 'materials');
    expect(textOf(p, 'mat-0')).toContain('2009年6月30日');
    expect(textOf(p, 'mat-0')).toContain('从微信聊天选 PDF');
    expect(textOf(p, 'mat-0')).toContain('再从聊天记录里选择');
  });

  it('asks before deleting an uploaded file, naming it; 取消 keeps it, 删除 removes it', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = await openApply();
    await fillIdentity(p, PERMIT);
    await toStage(p, 'profile');
    await addEducation(p, '2009-06-30');
    await toStage(p, 'materials');
    // WeChat names a photo after its temp file: the upload is named after what it is for instead.
    nextPhotos([jpeg('毕业证书.jpg'), jpeg('tmp_7f3a9c0e2b1d4e5f.jpg')]);
    await tapAndWait(p, 'mat-0-photo', () => p.comp.data.materials.lines[0].files.length === 2, 'photos attached');
    expect(textOf(p, 'mat-0')).toContain('文化程度 照片2.jpg');
    const appId = async () => (await w.store.listApplicationsByCreator('zhang'))[0].id;
    const stored = async () => (await w.store.listMaterialsByApplication(await appId())).map((m) => m.fileName);
    expect(await stored()).toEqual(expect.arrayContaining(['毕业证书.jpg', '文化程度 照片2.jpg']));

    // The file to delete: 毕业证书.jpg, wherever the list puts it.
    const i = p.comp.data.materials.lines[0].files.findIndex(
      (f: { fileName: string }) => f.fileName === '毕业证书.jpg',
    );
    await tapButton(p, `mat-0-remove-${i}`);
    expect(dialogText(p)).toContain('删除材料');
    expect(dialogText(p)).toContain('删除“毕业证书.jpg”后，如仍需要须重新上传');
    await cancelDialog(p);
    expect(p.comp.data.confirm.visible).toBe(false);
    expect(await stored()).toHaveLength(2);

    await tapButton(p, `mat-0-remove-${i}`);
    await confirmDialog(p);
    await waitFor(() => p.comp.data.materials.lines[0].files.length === 1, 'file removed');
    expect(await stored()).toEqual(['文化程度 照片2.jpg']);
  });

  it('offers 撤销 after removing an entry of 申报信息', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = await openApply();
    await fillIdentity(p, PERMIT);
    await toStage(p, 'profile');
    await addEducation(p, '2009-06-30');
    await tapButton(p, 'remove-education-0');
    expect(textOf(p, 'undo-education')).toContain('已删除学历 1');
    await tapButton(p, 'undo-btn');
    expect(has(p, 'undo-education')).toBe(false);
    expect(has(p, 'f-education-0-obtainedOn')).toBe(true);
  });

  it('shows what is declared, asks for the 诚信承诺 and says 提交后不能修改; refuses without it and changes nothing', async () => {
    await acceptPrivacy(w, 'zhang', ZHANG);
    const p = await openApply();
    await fillIdentity(p, PERMIT);
    await toStage(p, 'profile');
    await addEducation(p, '2009-06-30');
    await addInsurance(p, '2016-10', '2021-09');
    await toStage(p, 'materials');
    nextPhotos([jpeg('毕业证书.jpg')]);
    await tapAndWait(p, 'mat-0-photo', () => p.comp.data.materials.lines[0].state === 'attached', 'photo attached');
    await toStage(p, 'submit');

    expect(textOf(p, 'review-declared')).toContain('文化程度+50 分');
    expect(textOf(p, 'review-declared')).toContain('就业及参加社会保险');
    expect(textOf(p, 'pledge-text')).toContain('如有弄虚作假，已得积分作废，5 年内不能再申请积分');
    expect(textOf(p, 'no-change-note')).toContain('提交后不能修改');

    const before = JSON.stringify(await w.store.listApplicationsByPerson(personKeyOf(ZHANG.idNumber)));
    await tapButton(p, 'submit-btn');
    await settle(5);
    expect(textOf(p, 'submit-message')).toBe('请先阅读并勾选上面的诚信承诺');
    expect(JSON.stringify(await w.store.listApplicationsByPerson(personKeyOf(ZHANG.idNumber)))).toBe(before);

    await pledge(p);
    expect(has(p, 'submit-message')).toBe(false);
    await tapAndWait(p, 'submit-btn', () => p.comp.data.submit.state !== 'saving', 'submitted');
    expect(p.comp.data.submit.state).toBe('saved');
    const [app] = await w.store.listApplicationsByPerson(personKeyOf(ZHANG.idNumber));
    expect(app.status).toBe('submitted');
  });
});
