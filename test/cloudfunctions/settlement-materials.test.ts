/** @jest-environment node */
/**
 * The materials of a settlement application: filed under the settlement application, on its checklist only, sealed
 * once it is submitted (no upload, no removal), read back by the person through material.link and by nobody else;
 * and the refusals of strangers, other departments and early notice requests — each with its code and message, and
 * the business data unchanged.
 */
import { FILES, pathOfUpload } from './cases-helpers';
import {
  applyToSettle,
  EDUCATION,
  person,
  POLICE,
  SAVE,
  settleWorld,
  type Answer,
  type SettleWorld,
} from './settlement-fixtures';

let w: SettleWorld;
beforeEach(async () => {
  w = await settleWorld();
});
afterEach(() => w.close());

function ok(env: Answer) {
  if (!env.ok) throw new Error(`expected ok, got ${env.code}: ${env.message}`);
  return env.data;
}

async function refused(before: string, env: Answer, code: string, ...words: string[]): Promise<void> {
  expect(env).toMatchObject({ ok: false, code });
  if (env.ok) return;
  for (const word of words) expect(env.message).toContain(word);
  expect(w.business()).toBe(before);
}

const ticket = (settlementId: string, key: string) => ({
  target: { applicationId: settlementId, key },
  fileName: '房产证.pdf',
  mime: 'application/pdf',
  size: FILES.pdf.length,
});

describe('settlement materials', () => {
  it('should take an upload for a checklist line only, and show it on the line', async () => {
    const p = await person(w, 'wx-m1');
    const { settlementId } = ok(await w.applicant(p.openid, 'settlement.save', SAVE(p.app.id))).settlement;
    const before = w.business();
    await refused(
      before,
      await w.applicant(p.openid, 'material.ticket', ticket(settlementId, 'settlement:proof.unit-consent')),
      'INVALID_INPUT',
    );
    const t = ok(await w.applicant(p.openid, 'material.ticket', ticket(settlementId, 'settlement:proof.deed')));
    const path = pathOfUpload(t.upload.url);
    await w.files.write(path, FILES.pdf);
    const { material } = ok(await w.applicant(p.openid, 'material.attach', { ticketId: t.ticketId, fileId: path }));
    const view = ok(await w.applicant(p.openid, 'settlement.get', { applicationId: p.app.id })).settlement;
    const line = view.checklist.find((l: { key: string }) => l.key === 'settlement:proof.deed');
    expect(line).toMatchObject({
      state: 'attached',
      materials: [expect.objectContaining({ materialId: material.materialId })],
    });
    expect(view.missing).not.toContain('settlement:proof.deed');
    // The person reads it back; a stranger gets the answer of a missing material.
    expect(ok(await w.applicant(p.openid, 'material.link', { materialId: material.materialId })).url).toContain('http');
    const stranger = await person(w, 'wx-m-stranger');
    expect(await w.applicant(stranger.openid, 'material.link', { materialId: material.materialId })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
  });

  it('should seal the materials once submitted: no new upload, no removal', async () => {
    const p = await person(w, 'wx-m2');
    const { settlementId } = ok(await applyToSettle(w, p)).settlement;
    const view = ok(await w.applicant(p.openid, 'settlement.get', { applicationId: p.app.id })).settlement;
    const materialId = view.checklist[0].materials[0].materialId;
    const before = w.business();
    await refused(
      before,
      await w.applicant(p.openid, 'material.ticket', ticket(settlementId, 'settlement:proof.deed')),
      'CONFLICT',
      '不能上传或删除材料',
    );
    await refused(
      before,
      await w.applicant(p.openid, 'material.remove', { materialId }),
      'CONFLICT',
      '不能上传或删除材料',
    );
  });
});

describe('settlement refusals', () => {
  it('should answer a stranger NOT_FOUND for the case and its settlement application, changing nothing', async () => {
    const p = await person(w, 'wx-r1');
    ok(await applyToSettle(w, p));
    const stranger = await person(w, 'wx-r-stranger');
    const before = w.business();
    await refused(
      before,
      await w.applicant(stranger.openid, 'settlement.get', { applicationId: p.app.id }),
      'NOT_FOUND',
      '没有找到这份申请',
    );
    await refused(
      before,
      await w.applicant(stranger.openid, 'settlement.save', SAVE(p.app.id)),
      'NOT_FOUND',
      '没有找到这份申请',
    );
  });

  it('should refuse another department and a missing application at the window, changing nothing', async () => {
    const p = await person(w, 'wx-r2');
    const { settlementId } = ok(await applyToSettle(w, p)).settlement;
    const before = w.business();
    await refused(
      before,
      await w.reviewer(EDUCATION, 'settlement.review', { settlementId }),
      'FORBIDDEN',
      '市公安局（户籍窗口）',
    );
    await refused(before, await w.reviewer(EDUCATION, 'settlement.verify', { settlementId }), 'FORBIDDEN', '市公安局');
    await refused(
      before,
      await w.reviewer(POLICE, 'settlement.verify', { settlementId: 'st_none' }),
      'NOT_FOUND',
      '没有找到这份积分落户申请',
    );
    await refused(before, await w.reviewer(p.openid, 'settlement.queue', {}), 'FORBIDDEN');
    // A refused read writes no audit entry of a read.
    const trail = await w.store.listAudit({ target: `application:${p.app.id}` });
    expect(trail.entries.filter((e) => e.action === 'settlement.review')).toEqual([]);
  });

  it('should say the notice is not issued yet before publicity ends, changing nothing', async () => {
    const p = await person(w, 'wx-r3');
    ok(await applyToSettle(w, p));
    const before = w.business();
    await refused(
      before,
      await w.documents(p.openid, 'notice.get', { applicationId: p.app.id }),
      'NOT_FOUND',
      '准入通知书尚未签发',
    );
  });

  it('should refuse submitting before anything was saved', async () => {
    const p = await person(w, 'wx-r4');
    const before = w.business();
    await refused(
      before,
      await w.applicant(p.openid, 'settlement.submit', { applicationId: p.app.id }),
      'NOT_FOUND',
      '还没有填写积分落户申请',
    );
  });
});
