/** 个人信息保护: acceptance of the privacy notice (recorded per version, audited) and the caller's bound identity. */
import { PRIVACY_NOTICE_VERSION, type IdentityRes, type PrivacyStatusRes } from '../../shared/contracts';
import { maskIdCard, parseIdCard, parseMobile } from '../../shared/identity';
import { personKeyOf } from '../_core/cases';
import { AppError } from '../_core/runtime';
import type { IdentityRecord, PrivacyAcceptance } from '../_core/store/types';
import { invalid, type HandlersOf } from './actions';

function statusOf(rec: PrivacyAcceptance | null): PrivacyStatusRes {
  return rec
    ? { version: PRIVACY_NOTICE_VERSION, accepted: true, acceptedAt: rec.acceptedAt }
    : { version: PRIVACY_NOTICE_VERSION, accepted: false };
}

/** The caller's identity as shown to themselves (their own ID number in full). */
export function identityRes(rec: IdentityRecord | null): IdentityRes {
  if (!rec) return { identity: null };
  return {
    identity: {
      name: rec.name,
      idNumber: rec.idNumber,
      idNumberMasked: maskIdCard(rec.idNumber),
      mobile: rec.mobile,
      boundAt: rec.boundAt,
    },
  };
}

/** Message when an ID number is bound to another WeChat account (says nothing about that account). */
export const ID_TAKEN = '该身份证号码已由其他微信账号绑定；如有疑问请到区积分申请受理点核实';

export const privacyHandlers: HandlersOf<'privacy.status' | 'privacy.accept' | 'identity.get' | 'identity.bind'> = {
  async 'privacy.status'(_payload, ctx) {
    return statusOf(await ctx.store.getPrivacyAcceptance(ctx.caller.openid, PRIVACY_NOTICE_VERSION));
  },

  async 'privacy.accept'(payload, ctx) {
    const openid = ctx.caller.openid;
    const existing = await ctx.store.getPrivacyAcceptance(openid, payload.version);
    ctx.setTarget(`privacy:${payload.version}`);
    // Accepting again keeps the first acceptance time.
    const rec = existing ?? { openid, version: payload.version, acceptedAt: ctx.now.toISOString() };
    if (!existing) await ctx.store.putPrivacyAcceptance(rec);
    return statusOf(rec);
  },

  async 'identity.get'(_payload, ctx) {
    return identityRes(await ctx.store.getIdentity(ctx.caller.openid));
  },

  async 'identity.bind'(payload, ctx) {
    const openid = ctx.caller.openid;
    const id = parseIdCard(payload.idNumber);
    if (!id.ok) throw invalid('idNumber', '身份证号码', id.message);
    const mobile = parseMobile(payload.mobile);
    if (!mobile.ok) throw invalid('mobile', '手机号码', mobile.message);
    const personKey = personKeyOf(id.value.id);
    const [mine, holder] = await Promise.all([ctx.store.getIdentity(openid), ctx.store.getIdentityByPerson(personKey)]);
    if (holder && holder.openid !== openid) throw new AppError('CONFLICT', ID_TAKEN);
    if (mine && mine.personKey !== personKey) {
      throw new AppError('CONFLICT', `您已绑定身份证号码 ${maskIdCard(mine.idNumber)}，一个微信账号只能绑定一个身份`);
    }
    const at = ctx.now.toISOString();
    const rec: IdentityRecord = {
      openid,
      personKey,
      name: payload.name,
      idNumber: id.value.id,
      mobile: mobile.value,
      boundAt: mine?.boundAt ?? at,
      updatedAt: at,
    };
    ctx.setTarget(`person:${personKey}`);
    await ctx.store.putIdentity(rec);
    return identityRes(rec);
  },
};
