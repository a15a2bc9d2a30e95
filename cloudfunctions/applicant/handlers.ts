/**
 * The applicant function (申请人): the open round and its policy table, server-side scoring, the caller's 测算
 * drafts (here), and the case actions — privacy and identity (privacy.ts), applications, submission,
 * results and the audit trail (applications.ts), materials (materials.ts), delegation (delegation.ts); shared case
 * helpers live in `_core/cases`. Pure of wx-server-sdk: the production entry (index.ts), the local cloud and the
 * tests all call {@link applicant} with the caller and a store.
 */
import {
  APPLICANT_ACTIONS,
  compactScore,
  DRAFT_MAX_BYTES,
  PRIVACY_NOTICE_VERSION,
  type ApplicantApi,
  type DraftSummary,
  type RoundCurrentRes,
} from '../../shared/contracts';
import { score } from '../../shared/engine';
import { parseProfile } from '../../shared/profile';
import { RoundError, type Round } from '../../shared/rounds';
import { loadRoundState as roundState, loadRoundView, policyOf, roundById, type RoundState } from '../_core/cases';
import { AppError, defineFunction } from '../_core/runtime';
import type { DraftRecord, StoreReader } from '../_core/store/types';
import type { ApplicantHandlers, HandlersOf } from './actions';
import { applicationHandlers } from './applications';
import { eligibilityHandlers } from './eligibility';
import { delegationHandlers } from './delegation';
import { disputeHandlers } from './disputes';
import { materialHandlers } from './materials';
import { privacyHandlers } from './privacy';
import { settlementHandlers } from './settlement';

/** How many drafts one person may keep. */
export const MAX_DRAFTS_PER_PERSON = 50;

/** Chinese names of the payload fields, for INVALID_INPUT. */
const FIELD_LABELS: Record<string, string> = {
  profile: '申报信息',
  roundId: '年度',
  draftId: '草稿编号',
  title: '草稿名称',
  version: '隐私保护指引版本',
  name: '姓名',
  idNumber: '身份证号码',
  mobile: '手机号码',
  identity: '申请人',
  applicationId: '申请编号',
  entrustmentId: '委托编号',
  target: '材料项目',
  fileName: '文件名',
  mime: '文件类型',
  size: '文件大小',
  ticketId: '上传编号',
  fileId: '文件',
  materialId: '材料编号',
  subscribed: '订阅消息',
  kind: '委托类型',
  principal: '委托人',
  agent: '代办人',
  employer: '用人单位',
  relationship: '与申请人的关系',
  reason: '代办原因',
  scope: '委托事项',
  destination: '拟落户地址',
  proofKind: '拟落户地址证明方式',
  members: '随迁人员',
  declarations: '申请人声明',
};

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The audit target from the raw payload: the draft id when it looks like one (never free text). */
function targetOf(action: keyof typeof APPLICANT_ACTIONS, payload: unknown): string {
  if (!action.startsWith('draft.')) return `applicant:${action}`;
  const id = payload && typeof payload === 'object' ? (payload as Record<string, unknown>).draftId : undefined;
  if (typeof id === 'string') return ID_RE.test(id) ? `draft:${id}` : 'draft:?';
  return 'draft:new';
}

/**
 * The round state for draft totals: inconsistent round data (an administrator's mistake) must not stop anyone from
 * keeping drafts, so it only makes the totals unknown. round.current and simulate do fail on it.
 */
async function roundStateForDrafts(store: StoreReader, now: Date): Promise<RoundState | null> {
  try {
    return await roundState(store, now);
  } catch (e) {
    if (e instanceof RoundError) return null;
    throw e;
  }
}

/** The draft's total under the current round when it is a valid profile; null otherwise. */
function draftTotal(state: RoundState | null, profile: unknown): string | null {
  if (!state?.current) return null;
  const parsed = parseProfile(profile);
  if (!parsed.ok) return null;
  try {
    return score(parsed.profile, policyOf(state, state.current), state.current).total;
  } catch {
    return null; // a profile the engine cannot score is shown as "not scorable", never as an error of the list
  }
}

function summary(d: DraftRecord, state: RoundState | null): DraftSummary {
  return {
    draftId: d.id,
    title: d.title,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    total: draftTotal(state, d.profile),
  };
}

const NOT_FOUND_DRAFT = '没有找到这份草稿，可能已被删除';

/** Why a 测算 with an ID number is refused before the privacy notice is accepted. */
export const ID_NUMBER_NEEDS_CONSENT =
  '测算中填写了身份证号码：请先阅读并同意《个人信息保护指引》，或只填写出生日期（测算结果相同）';

/** Whether a profile as sent carries an ID number (`person.idNumber`, any non-empty text). */
function carriesIdNumber(profile: unknown): boolean {
  if (!profile || typeof profile !== 'object') return false;
  const person = (profile as { person?: unknown }).person;
  if (!person || typeof person !== 'object') return false;
  const id = (person as { idNumber?: unknown }).idNumber;
  return typeof id === 'string' && id.trim() !== '';
}

const draftHandlers: HandlersOf<
  'round.current' | 'simulate' | 'draft.save' | 'draft.list' | 'draft.get' | 'draft.remove'
> = {
  async 'round.current'(_payload, ctx) {
    const state = await roundState(ctx.store, ctx.now);
    const res: RoundCurrentRes = {
      today: state.today,
      round: state.current,
      phase: state.phase,
      policy: state.current ? policyOf(state, state.current) : null,
    };
    if (state.next) res.next = state.next;
    return res;
  },

  async simulate(payload, ctx) {
    // An ID number is personal data: the server takes one only after the privacy notice (a birth date scores the same).
    if (
      carriesIdNumber(payload.profile) &&
      !(await ctx.store.getPrivacyAcceptance(ctx.caller.openid, PRIVACY_NOTICE_VERSION))
    )
      throw new AppError('PRIVACY_REQUIRED', ID_NUMBER_NEEDS_CONSENT);
    const parsed = parseProfile(payload.profile);
    if (!parsed.ok) {
      throw new AppError(
        'INVALID_INPUT',
        undefined,
        parsed.errors.map((e) => ({
          path: e.path ? `profile.${e.path}` : 'profile',
          field: e.field,
          message: e.message,
        })),
      );
    }
    const state = await loadRoundView(ctx.store, ctx.now);
    let round: Round | null;
    if (payload.roundId === undefined) {
      round = state.current;
      if (!round) throw new AppError('NO_OPEN_ROUND');
    } else {
      round = roundById(state, payload.roundId);
      if (!round) throw new AppError('NOT_FOUND', `没有找到年度“${payload.roundId}”`);
    }
    // compactSheet(score(…)) without assembling the full lines first (the same sheet, tested).
    return { sheet: compactScore(parsed.profile, policyOf(state, round), round) };
  },

  async 'draft.save'(payload, ctx) {
    const bytes = Buffer.byteLength(JSON.stringify(payload.profile), 'utf8');
    if (bytes > DRAFT_MAX_BYTES) {
      throw new AppError('INVALID_INPUT', undefined, [
        {
          path: 'profile',
          field: FIELD_LABELS.profile as string,
          message: `草稿内容过大（不超过 ${DRAFT_MAX_BYTES / 1024} KB）`,
        },
      ]);
    }
    const owner = ctx.caller.openid;
    const at = ctx.now.toISOString();
    // Reads first (transaction rule), then the write.
    const state = await roundStateForDrafts(ctx.store, ctx.now);
    let record: DraftRecord;
    if (payload.draftId !== undefined) {
      const existing = await ctx.store.getDraft(owner, payload.draftId);
      if (!existing) throw new AppError('NOT_FOUND', NOT_FOUND_DRAFT);
      record = { ...existing, title: payload.title, profile: payload.profile, updatedAt: at };
    } else {
      if ((await ctx.store.countDrafts(owner)) >= MAX_DRAFTS_PER_PERSON) {
        throw new AppError('CONFLICT', `草稿最多保存 ${MAX_DRAFTS_PER_PERSON} 份，请先删除不需要的草稿`);
      }
      record = {
        id: ctx.newId('d'),
        owner,
        title: payload.title,
        profile: payload.profile,
        createdAt: at,
        updatedAt: at,
      };
    }
    ctx.setTarget(`draft:${record.id}`);
    await ctx.store.putDraft(record);
    return { draft: summary(record, state) };
  },

  async 'draft.list'(_payload, ctx) {
    const [state, drafts] = await Promise.all([
      roundStateForDrafts(ctx.store, ctx.now),
      ctx.store.listDrafts(ctx.caller.openid),
    ]);
    return { drafts: drafts.map((d) => summary(d, state)) };
  },

  async 'draft.get'(payload, ctx) {
    const draft = await ctx.store.getDraft(ctx.caller.openid, payload.draftId);
    if (!draft) throw new AppError('NOT_FOUND', NOT_FOUND_DRAFT);
    const state = await roundStateForDrafts(ctx.store, ctx.now);
    return { draft: { ...summary(draft, state), profile: draft.profile } };
  },

  async 'draft.remove'(payload, ctx) {
    const owner = ctx.caller.openid;
    const draft = await ctx.store.getDraft(owner, payload.draftId);
    if (!draft) throw new AppError('NOT_FOUND', NOT_FOUND_DRAFT);
    await ctx.store.removeDraft(owner, draft.id);
    return { removed: true as const };
  },
};

const handlers: ApplicantHandlers = {
  ...draftHandlers,
  ...privacyHandlers,
  ...applicationHandlers,
  ...eligibilityHandlers,
  ...materialHandlers,
  ...delegationHandlers,
  ...disputeHandlers,
  ...settlementHandlers,
};

/** The applicant function. */
export const applicant = defineFunction<typeof APPLICANT_ACTIONS, ApplicantApi>({
  name: 'applicant',
  actions: APPLICANT_ACTIONS,
  handlers,
  fieldLabels: FIELD_LABELS,
  targetOf,
});
