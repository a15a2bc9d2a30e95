/**
 * The administrator runs the settlement round from the mini program, through the real functions on SQLite: the
 * quota with a tie at the line, the preview with its counts and histogram, publishing behind a confirm step that says
 * it is final, the public list that follows (masked only), and an objection upheld from the admin workspace.
 */
import { person, profileWith, SAVE, type SettleWorld } from '../cloudfunctions/settlement-fixtures';
import { idNumberFor } from '../cloudfunctions/reviewer-fixtures';
import { FILES, pathOfUpload } from '../cloudfunctions/cases-helpers';
import { byId, settle, tapButton, textOf, typeInto, waitFor, type Rendered } from './harness';
import { loaded, worldPerTest, type World } from './world';

jest.setTimeout(120_000);

let w: World;
worldPerTest(__filename, '2021-11-22T10:00:00+08:00', (x) => (w = x));

const POLICE = 'police-a';
const FULL_ID = /\d{17}[\dX]/;
let seq = 700;
let rq = 0;
const rid = () => `req-line-${++rq}`;

/** `openid` applies (through the functions, as the settle page does) and 市公安局 verifies it. */
async function verifiedApplicant(openid: string): Promise<string> {
  const p = await person({ store: w.store } as unknown as SettleWorld, openid, {
    profile: profileWith('100', idNumberFor('1990-05-20', ++seq)),
  });
  const saved = await w.call(openid, 'applicant', 'settlement.save', SAVE(p.app.id), rid());
  if (!saved.ok) throw new Error(saved.message);
  const s = saved.data.settlement;
  for (const key of s.missing as string[]) {
    const t = await w.call(
      openid,
      'applicant',
      'material.ticket',
      {
        target: { applicationId: s.settlementId, key },
        fileName: '材料.pdf',
        mime: 'application/pdf',
        size: FILES.pdf.length,
      },
      rid(),
    );
    if (!t.ok) throw new Error(t.message);
    const path = pathOfUpload(t.data.upload.url);
    await w.files.storage.write(path, FILES.pdf);
    const a = await w.call(openid, 'applicant', 'material.attach', { ticketId: t.data.ticketId, fileId: path }, rid());
    if (!a.ok) throw new Error(a.message);
  }
  const sub = await w.call(openid, 'applicant', 'settlement.submit', { applicationId: p.app.id }, rid());
  if (!sub.ok) throw new Error(sub.message);
  const v = await w.call(POLICE, 'reviewer', 'settlement.verify', { settlementId: s.settlementId }, rid());
  if (!v.ok) throw new Error(v.message);
  return s.settlementId as string;
}

function pageText(p: Rendered): string {
  return ((p.comp.dom as HTMLElement).textContent ?? '').replace(/\s+/g, ' ');
}

describe('the settlement line from the admin workspace', () => {
  beforeEach(async () => {
    await w.grantReviewer(POLICE, '市公安局');
    await w.store.putRole({
      openid: 'admin-a',
      role: 'admin',
      grantedBy: 'test',
      grantedAt: w.clock.now().toISOString(),
    });
  });

  it('previews a quota with a tie at the line, asks to confirm that publishing is final, publishes, and the public list follows', async () => {
    const ids = [await verifiedApplicant('wang'), await verifiedApplicant('li'), await verifiedApplicant('zhao')];
    // After the window (2021-12-15): Thursday 10 March 2022.
    w.clock.set('2022-03-10T10:00:00+08:00');
    const p = w.open('line', 'admin-a', { roundId: '2021' });
    await loaded(p);
    await typeInto(p, 'quota-input', '2');
    await tapButton(p, 'save-quota');
    await waitFor(() => p.comp.data.quota.op.state === 'saved', 'quota saved');

    await tapButton(p, 'preview-btn');
    await waitFor(() => !!p.comp.data.preview.histogram, 'preview');
    expect(textOf(p, 'preview')).toContain('参与排序 3 人');
    expect(textOf(p, 'preview')).toContain('准入 3 人，未准入 0 人');
    expect(textOf(p, 'preview')).toContain('与分数线同分 3 人，超出名额 1 人');
    expect(textOf(p, 'preview-summary')).toContain('落户分数线 100 分');
    expect(textOf(p, 'bar-0')).toBe('100–104.5 分3 人准入');
    expect(p.comp.querySelectorAll('.bar-row').length).toBe(p.comp.data.preview.histogram.bars.length);
    expect(textOf(p, 'candidate-0')).toMatch(/^分数线 \d+(\.5)? 分：准入 \d+ 人/);
    expect(await w.store.getSettlementLine('2021')).toMatchObject({ status: 'open' });

    // Publishing asks first, saying it is final; 取消 publishes nothing.
    await tapButton(p, 'publish-btn');
    expect(textOf(p, 'publish-warning')).toContain('即为最终结果，不能修改，也不能再次公布');
    await tapButton(p, 'publish-cancel');
    expect(p.comp.querySelector('#publish-warning')).toBeUndefined();
    expect(await w.store.getSettlementLine('2021')).toMatchObject({ status: 'open' });

    await tapButton(p, 'publish-btn');
    await tapButton(p, 'publish-confirm');
    await waitFor(() => p.comp.data.publish.op.state !== 'saving', 'published', 800);
    expect(textOf(p, 'publish-message')).toBe('已公布：分数线为最终结果，准入名单已进入公示');
    expect(textOf(p, 'decision-summary')).toContain('落户分数线 100 分');
    expect(p.comp.querySelector('#publish-btn')).toBeUndefined();
    expect(p.comp.data.quota.editable).toBe(false);
    for (const id of ids) expect((await w.store.getSettlement(id))?.status).toBe('admitted');

    const pub = w.open('publicity', null);
    await loaded(pub);
    expect(textOf(pub, 'line')).toBe('本年度落户分数线 100 分');
    expect(textOf(pub, 'count')).toBe('共 3 人');
    expect(pageText(pub)).toContain('王*');
    expect(pageText(pub)).not.toMatch(FULL_ID);
    expect(pageText(pub)).not.toContain('王芳');
  });

  it('upholds an objection from the workspace: the person leaves the public list', async () => {
    await verifiedApplicant('wang');
    await verifiedApplicant('li');
    w.clock.set('2022-03-10T10:00:00+08:00');
    expect((await w.call('admin-a', 'admin', 'settlement.quota.set', { roundId: '2021', quota: 5 }, rid())).ok).toBe(
      true,
    );
    expect((await w.call('admin-a', 'admin', 'settlement.line.publish', { roundId: '2021' })).ok).toBe(true);

    const pub = w.open('publicity', null);
    await loaded(pub);
    await tapButton(pub, 'object-0');
    await typeInto(pub, 'objection-reason', '该申请人长期不在杭州居住，社保为挂靠缴纳，请核查。');
    await typeInto(pub, 'objection-contact', '13812345678');
    await tapButton(pub, 'objection-submit');
    await waitFor(() => pub.comp.data.form.op.state === 'saved', 'objection sent');

    const o = w.open('objections', 'admin-a', { roundId: '2021' });
    await loaded(o);
    expect(textOf(o, 'objection-0-reason')).toBe('该申请人长期不在杭州居住，社保为挂靠缴纳，请核查。');
    await tapButton(o, 'objection-0-uphold');
    expect(textOf(o, 'resolve-heading')).toContain('取消准入');
    await typeInto(o, 'resolve-reason', '短');
    await tapButton(o, 'resolve-confirm');
    expect(textOf(o, 'resolve-message')).toBe('处理理由至少 4 个字');
    await typeInto(o, 'resolve-reason', '经核查社保为挂靠缴纳，居住年限不实');
    await tapButton(o, 'resolve-confirm');
    await waitFor(() => o.comp.data.form.op.state !== 'saving', 'resolved');
    expect(textOf(o, 'resolve-message')).toContain('已处理：异议成立');
    expect(textOf(o, 'objection-0')).toContain('异议成立');

    const after = w.open('publicity', null);
    await loaded(after);
    await settle(2);
    expect(textOf(after, 'count')).toBe('共 1 人');
    byId(after, 'entry-0');
  });
});
