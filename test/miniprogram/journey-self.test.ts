/**
 * Journey: a self-applicant on 2021-10-08 — privacy notice, identity, profile, materials through the local cloud's
 * upload route, submission with subscriptions, the receipt; two departments (and the others) review in the reviewer
 * workspace; the clock reaches the result date; the scheduler publishes; the query page shows declared vs verified
 * with the reviewer's note. All through the real handlers and SQLite.
 */
import { byId, chooseOption, jpeg, nextPhotos, textOf, typeInto, waitFor, type Rendered } from './harness';
import {
  acceptPrivacy,
  addEducation,
  addInsurance,
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

// A journey renders a few dozen pages through WeChat's own WXML compiler: it takes seconds, not milliseconds.
jest.setTimeout(60_000);

const g = global as unknown as Record<string, unknown>;
const PERMIT = {
  mobile: ZHANG.mobile,
  permitNumber: 'ZJ3301062019001',
  district: 'xihu',
  validFrom: '2019-01-01',
  validTo: '2024-12-31',
};

let w: World;
worldPerTest(
  __filename,
  '2021-10-08T10:00:00+08:00',
  (x) => (w = x),
  () => {
    delete g.__SUBSCRIBE_RESULT_TEMPLATE__;
    delete g.__SUBSCRIBE_CORRECTION_TEMPLATE__;
  },
);

/** The apply page with identity, an education (B2, needs a diploma photo) and 60 months of insurance (B4, shared data). */
async function fillApplication(p: Rendered, identity: Partial<typeof PERMIT> = {}): Promise<void> {
  await loaded(p);
  expect(p.comp.data.load.state).toBe('ready');
  await fillIdentity(p, { ...PERMIT, ...identity, name: ZHANG.name, idNumber: ZHANG.idNumber });
  await toStage(p, 'profile');
  await addEducation(p, '2009-06-30');
  await addInsurance(p, '2016-10', '2021-09');
}

/** Fills, uploads the diploma and goes to the submit stage. */
async function readyToSubmit(p: Rendered): Promise<void> {
  await fillApplication(p);
  await toStage(p, 'materials');
  nextPhotos([jpeg('毕业证书.jpg')]);
  await tapAndWait(p, 'mat-0-photo', () => p.comp.data.materials.lines[0].state === 'attached', 'photo attached');
  await toStage(p, 'submit');
}

describe('self-applicant journey (积分申请 → 阅卷 → 积分查询)', () => {
  it('applies, is reviewed by the departments, and reads the published result line by line', async () => {
    // 1. The apply page sends an applicant who has not accepted the notice to it first.
    const redirect = jest.spyOn(wx, 'redirectTo');
    const first = w.open('apply', 'zhang');
    await waitFor(() => first.comp.data.load.state === 'redirect', 'redirected to the notice');
    expect(redirect).toHaveBeenCalledWith(
      expect.objectContaining({ url: '/points/pages/privacy/privacy?next=%2Fpoints%2Fpages%2Fapply%2Fapply' }),
    );
    redirect.mockClear();
    await acceptPrivacy(w, 'zhang');

    // 2. Identity and profile (the ID number is carried into the profile: age comes from it).
    g.__SUBSCRIBE_RESULT_TEMPLATE__ = 'tmpl-result';
    g.__SUBSCRIBE_CORRECTION_TEMPLATE__ = 'tmpl-correction';
    const subscribe = jest.spyOn(wx, 'requestSubscribeMessage').mockImplementation(((
      o: WechatMiniprogram.RequestSubscribeMessageOption,
    ) => {
      setTimeout(
        () =>
          o.success &&
          (o.success as (r: unknown) => void)({
            errMsg: 'requestSubscribeMessage:ok',
            'tmpl-result': 'accept',
            'tmpl-correction': 'reject',
          }),
        0,
      );
    }) as typeof wx.requestSubscribeMessage);
    const p = w.open('apply', 'zhang');
    await fillApplication(p);
    expect(p.comp.data.profile.summary.total).not.toBe('');

    // 3. Materials: the checklist comes from the server after the automatic save.
    await toStage(p, 'materials');
    expect(p.comp.data.save.state).toBe('saved');
    expect(textOf(p, 'materials-summary')).toBe('还缺 1 项必需材料');
    expect(textOf(p, 'mat-0')).toContain('文化程度');
    expect(textOf(p, 'mat-0')).not.toContain('B2');
    expect(textOf(p, 'mat-0-state')).toBe('未上传（必需）');
    expect(textOf(p, 'shared-data')).toContain('部门共享数据，无需上传');
    expect(textOf(p, 'shared-data')).toContain('就业及参加社会保险');
    expect(textOf(p, 'shared-data')).not.toContain('B4');
    nextPhotos([jpeg('毕业证书.jpg')]);
    await tapAndWait(p, 'mat-0-photo', () => p.comp.data.materials.lines[0].state === 'attached', 'photo attached');
    expect(textOf(p, 'mat-0-state')).toBe('已上传 1 份');
    expect(textOf(p, 'mat-0-file-0')).toContain('毕业证书.jpg');
    expect(textOf(p, 'mat-0-file-0')).toContain('JPG 照片');
    expect(w.files.puts).toEqual([expect.objectContaining({ status: 200 })]);
    expect(textOf(p, 'materials-summary')).toBe('必需材料已齐全');
    // Viewing it goes through a short-lived signed link (material.link), never a stored address.
    const preview = jest.spyOn(wx, 'previewImage');
    byId(p, 'mat-0-view-0').dispatchEvent('tap');
    await waitFor(() => preview.mock.calls.length === 1, 'preview opened');
    const link = (preview.mock.calls[0][0] as { urls: string[] }).urls[0];
    expect(link).toMatch(/^http:\/\/local-cloud\.test\/files\/materials\/.+\.jpg\?exp=\d+&sig=/);
    expect(Number(/exp=(\d+)/.exec(link)?.[1]) - w.clock.now().getTime()).toBeLessThanOrEqual(10 * 60 * 1000);

    // 4. Submit: subscriptions asked on the tap, then the receipt.
    await toStage(p, 'submit');
    expect(textOf(p, 'review-total')).toMatch(/^\d+(\.5)? 分/);
    await pledge(p);
    await tapAndWait(p, 'submit-btn', () => p.comp.data.submit.state !== 'saving', 'submitted');
    expect(p.comp.data.submit.state).toBe('saved');
    expect(subscribe).toHaveBeenCalledWith(expect.objectContaining({ tmplIds: ['tmpl-result', 'tmpl-correction'] }));
    const toReceipt = redirect.mock.calls
      .map((c) => (c[0] as { url: string }).url)
      .find((u) => u.startsWith('/points/pages/receipt/receipt'));
    expect(toReceipt).toBeDefined();
    const applicationId = decodeURIComponent(String(toReceipt).split('applicationId=')[1]);
    expect((await w.store.getApplication(applicationId))?.subscriptions).toEqual([
      { openid: 'zhang', kinds: ['result'] },
    ]);

    const r = w.open('receipt', 'zhang', { applicationId });
    await loaded(r);
    expect(textOf(r, 'receipt')).toContain('积分申请已受理');
    expect(textOf(r, 'receipt-0')).toMatch(/^回执编号JF2021-1008-\d{6}$/);
    expect(textOf(r, 'receipt-1')).toBe('申请人张伟');
    expect(textOf(r, 'receipt-2')).toBe('身份证号码330106********0018');
    expect(textOf(r, 'receipt-3')).toBe('居住证号码ZJ3301062019001');
    expect(textOf(r, 'receipt-4')).toBe('手机号码13800001234');
    expect(textOf(r, 'receipt-5')).toBe('受理日期2021年10月8日');
    expect(textOf(r, 'receipt-6')).toContain('线上');
    expect(textOf(r, 'receipt-materials')).toContain('文化程度');
    expect(textOf(r, 'receipt-materials')).not.toContain('B2');
    expect(textOf(r, 'receipt-materials')).toContain('毕业证书.jpg');
    expect(textOf(r, 'timeline')).toContain('2021年11月4日');

    // 5. Before the result date: the query page says when.
    const before = w.open('case', 'zhang', { applicationId });
    await loaded(before);
    await waitFor(() => before.comp.data.result.state !== 'loading', 'result state');
    expect(textOf(before, 'status')).toBe('已受理，部门审核中');
    expect(textOf(before, 'result-notyet')).toBe('结果尚未公布（已受理，部门审核中），2021年11月4日起可查询');
    expect(textOf(before, 'timeline-1')).toBe('预计可查询结果2021年11月4日（受理后第 20 个工作日）');

    // 6. Review: 市人力社保局 corrects B4 to 58 months, 市教育局 confirms B2; the other departments confirm.
    await w.grantReviewer('hr-1', '市人力社保局');
    await w.grantReviewer('edu-1', '市教育局');
    await w.grantReviewer('police-1', '市公安局');
    await w.grantReviewer('credit-1', '市发改委（信用办）');
    await reviewAll(w, 'hr-1', async (t) => {
      expect(textOf(t, 'declared')).toContain('起始月份：2016年10月');
      expect(textOf(t, 'points')).toContain('本项申报 30 分');
      await chooseOption(t, 'choice', 1); // 更正事实
      await typeInto(t, 'f-socialInsurance-0-from', '2016-12');
      expect(textOf(t, 'points')).toContain('按此结论为 29 分');
      await typeInto(t, 'note', '社保缴费记录核实为 58 个月');
    });
    await reviewAll(w, 'edu-1', async (t) => {
      expect(textOf(t, 'materials')).toContain('毕业证书.jpg');
      const shown = jest.spyOn(wx, 'previewImage');
      byId(t, 'material-0').dispatchEvent('tap');
      await waitFor(() => shown.mock.calls.length > 0, 'reviewer opened the material');
      expect((shown.mock.calls[0][0] as { urls: string[] }).urls[0]).toContain('sig=');
      shown.mockRestore();
      await chooseOption(t, 'choice', 0);
    });
    await reviewAll(w, 'police-1', async (t) => chooseOption(t, 'choice', 0));
    await reviewAll(w, 'credit-1', async (t) => chooseOption(t, 'choice', 0));

    // 7. The result date comes; the scheduler publishes; the query page shows the verified sheet.
    w.clock.set('2021-11-04T08:00:00+08:00');
    const run = await w.call('system:timer', 'scheduler', 'publish', {}, 'timer-2021-11-04');
    expect(run).toMatchObject({ ok: true, data: { published: 1 } });
    const after = w.open('case', 'zhang', { applicationId });
    await loaded(after);
    await waitFor(() => after.comp.data.result.state !== 'loading', 'result loaded');
    expect(textOf(after, 'status')).toBe('结果已公布');
    expect(textOf(after, 'rl-B4')).toContain('申报 30 分 → 核定 29 分');
    expect(textOf(after, 'rl-B4')).toContain('部门已核减或更正');
    expect(textOf(after, 'rl-B4')).toContain('审核意见：社保缴费记录核实为 58 个月');
    expect(textOf(after, 'rl-B2')).toContain('申报 50 分，核定 50 分');
    expect(textOf(after, 'rl-B2')).toContain('部门已认定');
    expect(textOf(after, 'timeline-1')).toBe('结果公布日2021年11月4日（受理后第 20 个工作日）');
    expect(textOf(after, 'timeline-2')).toContain('2021年11月15日');
    await waitFor(() => after.comp.data.audit.state !== 'loading', 'audit loaded');
    expect(textOf(after, 'audit')).toContain('本人 · 提交申请 · 完成');
    expect(textOf(after, 'audit')).toContain('审核部门 · 部门审核 · 完成');
    expect(await w.store.listUnsentOutbox(10)).toEqual([
      expect.objectContaining({ kind: 'result', toOpenid: 'zhang', applicationId }),
    ]);
  });

  /** The store without the audit log (refusals are audited on purpose; nothing else may change). */
  const snapshot = () => {
    const d = w.store.dump();
    delete d.audit;
    return JSON.stringify(d);
  };

  /** Taps 提交申请 and waits for the answer. */
  async function submitTap(p: Rendered): Promise<void> {
    await pledge(p);
    await tapAndWait(p, 'submit-btn', () => p.comp.data.submit.state !== 'saving', 'submit answered');
  }

  it('shows the refusal outside the application window (before it opens), and changes nothing', async () => {
    w.clock.set('2021-09-20T10:00:00+08:00');
    await acceptPrivacy(w, 'zhang');
    const p = w.open('apply', 'zhang');
    await readyToSubmit(p);
    const before = snapshot();
    await submitTap(p);
    expect(p.comp.data.submit.state).toBe('error');
    expect(textOf(p, 'submit-message')).toBe(
      '2021 年度积分申请受理时间为2021年9月28日至2021年10月31日，2021年9月20日不在受理期内',
    );
    expect(snapshot()).toBe(before);
  });

  it('shows the refusal on a statutory holiday inside the window', async () => {
    w.clock.set('2021-10-04T10:00:00+08:00');
    await acceptPrivacy(w, 'zhang');
    const p = w.open('apply', 'zhang');
    await readyToSubmit(p);
    await submitTap(p);
    expect(textOf(p, 'submit-message')).toBe(
      '2021年10月4日是法定节假日（国庆节），不受理积分申请，请于工作日办理（最近为2021年10月8日）',
    );
  });

  it('warns about a permit issued outside urban Hangzhou and shows the server’s refusal on submit', async () => {
    await acceptPrivacy(w, 'zhang');
    const p = w.open('apply', 'zhang');
    await loaded(p);
    await fillIdentity(p, { ...PERMIT, district: 'tonglu', name: ZHANG.name, idNumber: ZHANG.idNumber });
    expect(textOf(p, 'id-permitDistrict-text')).toBe('桐庐县（非市区）');
    expect(textOf(p, 'id-permitDistrict-warning')).toContain('桐庐县不在杭州市区');
    await toStage(p, 'profile');
    await addEducation(p, '2009-06-30');
    await toStage(p, 'materials');
    nextPhotos([jpeg('毕业证书.jpg')]);
    await tapAndWait(p, 'mat-0-photo', () => p.comp.data.materials.lines[0].state === 'attached', 'photo attached');
    await toStage(p, 'submit');
    const before = snapshot();
    await submitTap(p);
    expect(textOf(p, 'submit-message')).toBe(
      '不符合积分申请条件：居住证签发地为桐庐县，不在杭州市区；积分申请须持杭州市区签发的有效《浙江省居住证》',
    );
    expect(snapshot()).toBe(before);
  });

  it('lists the missing material before submitting and shows the server’s refusal when submitted anyway', async () => {
    await acceptPrivacy(w, 'zhang');
    const p = w.open('apply', 'zhang');
    await fillApplication(p);
    await toStage(p, 'submit');
    expect(textOf(p, 'review-missing')).toContain('文化程度：学历证书、学位证书');
    const before = snapshot();
    await submitTap(p);
    expect(textOf(p, 'submit-message')).toBe(
      '还缺少以下材料：文化程度：学历证书、学位证书（境外学历附教育部留学服务中心认证书）',
    );
    expect(snapshot()).toBe(before);
    expect(p.comp.data.banner.status).toBe('draft');
  });

  it('refuses a file whose bytes are not what its name says, and a file over 10 MB before uploading it', async () => {
    await acceptPrivacy(w, 'zhang');
    const p = w.open('apply', 'zhang');
    await fillApplication(p);
    await toStage(p, 'materials');
    // A PDF renamed to .jpg: the server reads the stored bytes back and refuses it.
    nextPhotos([{ name: '毕业证书.jpg', bytes: Buffer.from('%PDF-1.4 not a photo') }]);
    await tapAndWait(p, 'mat-0-photo', () => p.comp.data.materials.lines[0].op.state === 'error', 'refused');
    expect(textOf(p, 'mat-0-op')).toBe('文件内容不是JPG 照片（只接受 JPG、PNG 照片或 PDF 文件）');
    expect(textOf(p, 'mat-0-state')).toBe('未上传（必需）');
    // Over 10 MB: refused on the phone, nothing is uploaded.
    const puts = w.files.puts.length;
    nextPhotos([jpeg('扫描件.jpg', 10 * 1024 * 1024 + 1)]);
    await tapAndWait(
      p,
      'mat-0-photo',
      () => /超过 10 MB/.test(p.comp.data.materials.lines[0].op.message),
      'refused on the phone',
    );
    expect(textOf(p, 'mat-0-op')).toBe('“扫描件.jpg”有 10.1 MB，超过 10 MB，请压缩或分页后再传');
    expect(w.files.puts.length).toBe(puts);
  });
});
