/**
 * 申请材料: uploads never pass through a function. `material.ticket` checks type and size and names where to
 * upload (a fresh path per ticket, written once); `material.attach` reads the stored file back and checks it (exists,
 * size as announced and ≤ 10 MB, type by its first bytes), then seals it with its SHA-256 (FileStorage.seal);
 * `material.remove` only while the application can change; `material.link` hands out a short-lived link to those
 * allowed to read. An entrustment's letter / proof can be attached while it awaits verification; it puts nothing in
 * force.
 */
import { createHash } from 'crypto';
import { MATERIAL_MAX_BYTES, type MaterialMime } from '../../shared/application';
import { APPLICATION, DISPUTE, SETTLEMENT, transition } from '../../shared/lifecycle';
import { disputeDeadlineOf, disputeIdOf, evidenceKey } from '../_core/disputes';
import {
  actingForOf,
  asRead,
  caseTarget,
  checklistOf,
  entrustmentTarget,
  filesOf,
  linkForCaller,
  loadCalendar,
  loadCase,
  loadRoundState,
  MATERIAL_NOT_FOUND,
  materialView,
  SETTLEMENT_KEY_PREFIX,
} from '../_core/cases';
import { checklistItems, settlementPolicyOf } from '../_core/settlements';
import { beijingDate } from '../../shared/dates';
import { sniffMime, TICKET_TTL_MS } from '../_core/files';
import { AppError, type MutationCtx } from '../_core/runtime';
import type {
  ApplicationRecord,
  EntrustmentRecord,
  MaterialRecord,
  SettlementRecord,
  StoreReader,
  UploadTicket,
} from '../_core/store/types';
import { invalid, type HandlersOf } from './actions';
import { loadParts, roundAndPolicy } from './case-data';

/** Most files on one checklist line (or one entrustment). */
export const MAX_FILES_PER_KEY = 10;

const EXT: Record<MaterialMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };
const TYPE_LABEL: Record<MaterialMime, string> = {
  'image/jpeg': 'JPG 照片',
  'image/png': 'PNG 图片',
  'application/pdf': 'PDF 文件',
};

/** Where a material goes, checked for the caller: an editable application's checklist line, or their own entrustment. */
type Place =
  | { kind: 'application'; app: ApplicationRecord; key: string; count: number; actingFor: string }
  | { kind: 'settlement'; settlement: SettlementRecord; key: string; count: number; actingFor: string }
  | { kind: 'entrustment'; entrustment: EntrustmentRecord; count: number; actingFor: string };

const ENTRUSTMENT_NOT_FOUND = '没有找到这份委托，或您无权操作';

/**
 * An entrustment the caller (as its agent) may still attach letters to or remove them from: only while it awaits
 * verification (what was verified stays as it was checked).
 */
async function ownEntrustment(store: StoreReader, openid: string, entrustmentId: string): Promise<EntrustmentRecord> {
  const e = await store.getEntrustment(entrustmentId);
  if (!e || e.agentOpenid !== openid) throw new AppError('NOT_FOUND', ENTRUSTMENT_NOT_FOUND);
  if (e.status === 'revoked') throw new AppError('FORBIDDEN', '该委托已撤销');
  if (e.status === 'rejected') throw new AppError('FORBIDDEN', '该委托未通过核验，请重新建立委托');
  if (e.status === 'active') throw new AppError('CONFLICT', '委托已核验生效，委托材料不能再更改');
  return e;
}

const EVIDENCE_PREFIX = evidenceKey('');

/**
 * Evidence for a dispute of a published case (one disputed indicator): the person or an agent with `dispute`, while
 * a dispute may still be raised (published, inside the window, none raised) or the district office asked for more
 * evidence. Removal only before the dispute is raised (afterwards the evidence is part of it).
 */
async function disputePlace(
  ctx: MutationCtx,
  applicationId: string,
  indicatorId: string,
  removing: boolean,
): Promise<Place> {
  const store = ctx.store;
  const today = beijingDate(ctx.now);
  const { app, access } = await loadCase(store, ctx.caller.openid, applicationId, 'dispute', today);
  const [dispute, materials, person, cal] = await Promise.all([
    store.getDispute(disputeIdOf(app.id)),
    store.listMaterialsByApplication(app.id),
    store.getIdentityByPerson(app.personKey),
    loadCalendar(store),
  ]);
  const actor = access.actingAs === 'agent' ? 'agent' : 'self';
  if (dispute) {
    if (removing) throw new AppError('CONFLICT', '异议已提出，证据材料不能再删除');
    transition(DISPUTE, dispute.status, 'resubmit', actor, { evidenceAsked: !!dispute.evidenceAsked });
  } else {
    transition(APPLICATION, app.status, 'dispute', actor, {
      today,
      ...(app.timeline ? { disputeDeadline: disputeDeadlineOf(app, cal) } : {}),
    });
  }
  if (!app.result?.lines.some((l) => l.id === indicatorId))
    throw invalid('target.indicatorId', '异议指标', '结果中没有这项指标，只能对结果中列出的指标提出异议');
  const key = evidenceKey(indicatorId);
  const count = materials.filter((m) => m.key === key).length;
  return { kind: 'application', app, key, count, actingFor: actingForOf(person, app.personKey) };
}

/**
 * A material of a settlement application (filed under the settlement's id, key `settlement:…`): the person or an agent
 * with `settlement`, while the application can change (draft, or returned for correction), the key on its checklist.
 */
async function settlementPlace(ctx: MutationCtx, settlementId: string, key: string, removing: boolean): Promise<Place> {
  const store = ctx.store;
  const today = beijingDate(ctx.now);
  const settlement = await store.getSettlement(settlementId);
  if (!settlement) throw new AppError('NOT_FOUND', '没有找到这份积分落户申请，或您无权操作');
  const { app, access } = await loadCase(store, ctx.caller.openid, settlement.applicationId, 'settlement', today);
  const [state, materials, person] = await Promise.all([
    loadRoundState(store, ctx.now),
    store.listMaterialsByApplication(settlement.id),
    store.getIdentityByPerson(app.personKey),
  ]);
  transition(SETTLEMENT, settlement.status, 'attach', access.actingAs === 'agent' ? 'agent' : 'self', undefined);
  const { policy } = roundAndPolicy(state, app);
  const onList = checklistItems(settlementPolicyOf(policy), settlement.proofKind, settlement.members).some(
    (i) => i.key === key,
  );
  if (!onList && !removing) throw invalid('target.key', '材料项目', '积分落户申请的材料清单中没有这一项');
  const count = materials.filter((m) => m.key === key).length;
  return { kind: 'settlement', settlement, key, count, actingFor: actingForOf(person, app.personKey) };
}

/** Dispute evidence and settlement materials, which are not on a points application's checklist; null otherwise. */
function specialPlace(
  ctx: MutationCtx,
  target:
    { applicationId: string; key: string } | { entrustmentId: string } | { disputeOf: string; indicatorId: string },
  removing: boolean,
): Promise<Place> | null {
  if ('disputeOf' in target) return disputePlace(ctx, target.disputeOf, target.indicatorId, removing);
  if (!('applicationId' in target)) return null;
  if (target.key.startsWith(EVIDENCE_PREFIX))
    return disputePlace(ctx, target.applicationId, target.key.slice(EVIDENCE_PREFIX.length), removing);
  if (target.key.startsWith(SETTLEMENT_KEY_PREFIX))
    return settlementPlace(ctx, target.applicationId, target.key, removing);
  return null;
}

/**
 * Checks that the caller may add or remove a material at `target`: for an application, the person or an agent with
 * `apply`, the application still editable, the key on its checklist (during 补正: of a returned indicator).
 */
async function placeOf(
  ctx: MutationCtx,
  target:
    { applicationId: string; key: string } | { entrustmentId: string } | { disputeOf: string; indicatorId: string },
  removing = false,
): Promise<Place> {
  const store = ctx.store;
  const openid = ctx.caller.openid;
  const special = specialPlace(ctx, target, removing);
  if (special || 'disputeOf' in target) return special as Promise<Place>;
  if ('entrustmentId' in target) {
    const entrustment = await ownEntrustment(store, openid, target.entrustmentId);
    const [count, principal] = await Promise.all([
      store.listMaterialsByEntrustment(entrustment.id).then((l) => l.length),
      store.getIdentityByPerson(entrustment.principalKey),
    ]);
    return { kind: 'entrustment', entrustment, count, actingFor: actingForOf(principal, entrustment.principalKey) };
  }
  const today = beijingDate(ctx.now);
  const { app, access } = await loadCase(store, openid, target.applicationId, 'apply', today);
  transition(APPLICATION, app.status, 'attach', access.actingAs === 'agent' ? 'agent' : 'self', { today });
  const [state, parts, person] = await Promise.all([
    loadRoundState(store, ctx.now),
    loadParts(store, app),
    store.getIdentityByPerson(app.personKey),
  ]);
  const { policy } = roundAndPolicy(state, app);
  const line = checklistOf(app, policy, parts.materials, null).find((l) => l.key === target.key);
  // A material whose line left the checklist (the facts changed) can still be removed.
  if (!line && !removing) throw invalid('target.key', '材料项目', '申请的材料清单中没有这一项');
  if (app.status === 'correction') {
    const returned = new Set(parts.tasks.filter((t) => t.status === 'returned').map((t) => t.indicatorId));
    const indicatorId = line?.indicatorId ?? target.key.split(':')[0];
    if (!indicatorId || !returned.has(indicatorId)) throw new AppError('FORBIDDEN', '补正时只能更改退回补正指标的材料');
  }
  const count = parts.materials.filter((m) => m.key === target.key).length;
  return { kind: 'application', app, key: target.key, count, actingFor: actingForOf(person, app.personKey) };
}

function targetOfPlace(p: Place): string {
  if (p.kind === 'settlement') return caseTarget(p.settlement.applicationId);
  return p.kind === 'application' ? caseTarget(p.app.id) : entrustmentTarget(p.entrustment.id);
}

/** The record a material at `p` is filed under (an application, a settlement application, an entrustment). */
function ownerOf(p: Place): { applicationId: string; key: string } | { entrustmentId: string } {
  if (p.kind === 'settlement') return { applicationId: p.settlement.id, key: p.key };
  return p.kind === 'application' ? { applicationId: p.app.id, key: p.key } : { entrustmentId: p.entrustment.id };
}

/** Marks the record a material was added to or removed from as changed (conditionally, as read). */
async function touch(ctx: MutationCtx, p: Place, at: string): Promise<void> {
  if (p.kind === 'application') await ctx.store.putApplication({ ...p.app, updatedAt: at }, asRead(p.app));
  if (p.kind === 'settlement') await ctx.store.putSettlement({ ...p.settlement, updatedAt: at }, asRead(p.settlement));
}

export const materialHandlers: HandlersOf<'material.ticket' | 'material.attach' | 'material.remove' | 'material.link'> =
  {
    async 'material.ticket'(payload, ctx) {
      const openid = ctx.caller.openid;
      const files = filesOf(ctx.deps);
      const place = await placeOf(ctx, payload.target);
      if (place.count >= MAX_FILES_PER_KEY)
        throw new AppError('CONFLICT', `每项材料最多上传 ${MAX_FILES_PER_KEY} 个文件`);
      const id = ctx.newId('tk');
      const target = ownerOf(place);
      const owner = 'applicationId' in target ? target.applicationId : target.entrustmentId;
      const path = `materials/${owner}/${id}.${EXT[payload.mime]}`;
      const expiresAt = new Date(ctx.now.getTime() + TICKET_TTL_MS);
      const ticket: UploadTicket = {
        id,
        openid,
        target,
        fileName: payload.fileName,
        mime: payload.mime,
        size: payload.size,
        fileId: path,
        createdAt: ctx.now.toISOString(),
        expiresAt: expiresAt.toISOString(),
      };
      ctx.setTarget(targetOfPlace(place));
      ctx.setActingFor(place.actingFor);
      await ctx.store.putUploadTicket(ticket);
      return { ticketId: id, upload: files.uploadTarget(path, expiresAt), expiresAt: ticket.expiresAt };
    },

    async 'material.attach'(payload, ctx) {
      const openid = ctx.caller.openid;
      const files = filesOf(ctx.deps);
      const ticket = await ctx.store.getUploadTicket(payload.ticketId);
      if (!ticket || ticket.openid !== openid) throw new AppError('NOT_FOUND', '没有找到这次上传，请重新选择文件');
      if (ticket.usedAt) throw new AppError('CONFLICT', '这次上传的文件已经添加过了');
      if (ticket.expiresAt < ctx.now.toISOString())
        throw new AppError('INVALID_FILE', '上传已过期，请重新选择文件上传');
      const storageId = files.resolve(ticket.fileId, payload.fileId);
      if (!storageId) throw new AppError('INVALID_FILE', '上传的文件与本次上传不符，请重新选择文件上传');
      // The target may have changed since the ticket (submitted, revoked): check it again.
      const place = await placeOf(ctx, ticket.target);
      if (place.count >= MAX_FILES_PER_KEY)
        throw new AppError('CONFLICT', `每项材料最多上传 ${MAX_FILES_PER_KEY} 个文件`);

      const bytes = await files.read(storageId, MATERIAL_MAX_BYTES);
      if (!bytes) throw new AppError('INVALID_FILE', '没有收到上传的文件，请重新上传');
      if (bytes.length > MATERIAL_MAX_BYTES) throw new AppError('INVALID_FILE', '文件不能超过 10 MB');
      if (bytes.length !== ticket.size) throw new AppError('INVALID_FILE', '收到的文件大小与上传前不一致，请重新上传');
      const sniffed = sniffMime(bytes);
      if (sniffed !== ticket.mime) {
        const mime = ticket.mime as MaterialMime;
        throw new AppError('INVALID_FILE', `文件内容不是${TYPE_LABEL[mime]}（只接受 JPG、PNG 照片或 PDF 文件）`);
      }

      const at = ctx.now.toISOString();
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      // Sealed (immutable, durable, out of the client's reach) before anything acknowledges the attach.
      const sealedId = await files.seal(storageId, bytes, sha256);
      const material: MaterialRecord = {
        id: ctx.newId('m'),
        key: place.kind === 'entrustment' ? 'entrustment' : place.key,
        fileId: sealedId,
        fileName: ticket.fileName,
        mime: ticket.mime,
        size: bytes.length,
        sha256,
        uploadedBy: openid,
        uploadedAt: at,
        reused: false,
      };
      const owner = ownerOf(place);
      if ('applicationId' in owner) material.applicationId = owner.applicationId;
      else material.entrustmentId = owner.entrustmentId;

      ctx.setTarget(targetOfPlace(place));
      ctx.setActingFor(place.actingFor);
      await ctx.store.putMaterial(material);
      await ctx.store.putUploadTicket({ ...ticket, usedAt: at });
      await touch(ctx, place, at);
      // The letter / proof verifies nothing: the principal or the district acceptance point does (delegation.ts).
      return { material: materialView(material) };
    },

    async 'material.remove'(payload, ctx) {
      const store = ctx.store;
      const m = await store.getMaterial(payload.materialId);
      if (!m) throw new AppError('NOT_FOUND', MATERIAL_NOT_FOUND);
      let place: Place;
      try {
        place = await placeOf(
          ctx,
          m.applicationId
            ? { applicationId: m.applicationId, key: m.key }
            : { entrustmentId: m.entrustmentId as string },
          true,
        );
      } catch (e) {
        // Not allowed to change the case or entrustment: indistinguishable from a missing material.
        if (e instanceof AppError && e.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', MATERIAL_NOT_FOUND);
        throw e;
      }
      ctx.setTarget(targetOfPlace(place));
      ctx.setActingFor(place.actingFor);
      const at = ctx.now.toISOString();
      await store.removeMaterial(m.id);
      await touch(ctx, place, at);
      return { removed: true as const };
    },

    async 'material.link'(payload, ctx) {
      return linkForCaller(ctx.deps, ctx.store, ctx.caller.openid, payload.materialId, ctx.now, ctx.noteRead);
    },
  };
