/**
 * The records of the publicity area: a round's settlement line (分数线, quota, tie rule, publicity length), the
 * admitted list as published (公示名单: masked, so the public list can be served from it as it is) and the objections
 * to it (公示异议). Kept beside records.ts; re-exported by types.ts.
 */
import type { DistrictCode } from '../../../shared/application/districts';
import type { ISODate } from '../../../shared/dates';
import type { ObjectionState, SettlementLineState } from '../../../shared/lifecycle/lifecycle';
import type { PublicityWindow, TieRule } from '../../../shared/settlement';

/** Who set a round's value: the default of the rule data, or an administrator (openid or `cli:<user>`). */
export type SetBy = { by: 'default' } | { by: 'admin'; actor: string; at: string };

/** What publishing decided, as stored (totals as people write them: `140`, `104.5`). */
export interface StoredLineDecision {
  mode: 'quota' | 'none';
  /** The lowest admitted total; null without a quota. */
  line: string | null;
  quota: number | null;
  tieRule: TieRule | null;
  /** The qualifying score in force (policy data), e.g. `100`. */
  qualifying: string;
  admitted: number;
  notAdmitted: number;
  atLine: number;
  overQuota: number;
  quotaFilled: boolean;
  tiedOut: number;
}

/** 落户分数线 of one round (one record per round, `roundId` its id; absent until an administrator sets something). */
export interface SettlementLineRecord {
  roundId: string;
  status: SettlementLineState;
  /** The quota (quota rounds), null until set. */
  quota: number | null;
  quotaSet?: SetBy;
  tieRule: TieRule;
  tieRuleSet: SetBy;
  /** The publicity length in working days. */
  publicityWorkingDays: number;
  publicitySet: SetBy;
  /** Set when published, final afterwards. */
  decision?: StoredLineDecision;
  /** Each distinct verified total (half-points) and the rank it shares, as at publication (the list's ranks). */
  ranks?: [number, number][];
  publishedAt?: string;
  publishedBy?: string;
  publicity?: PublicityWindow;
  /** Settlements moved to admitted / notAdmitted so far (publishing runs in batches). */
  moved?: { admitted: number; notAdmitted: number };
  /** Admitted people removed from the list after an upheld objection (the list shows `moved.admitted − removed`). */
  removed?: number;
  closedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** One person on the published admitted list. Never the full ID number or the real name. */
export interface PublicityEntry {
  /** `pe_<settlementId>`. */
  id: string;
  roundId: string;
  settlementId: string;
  /** Shared rank by total (1, 2, 2, 4 …). */
  rank: number;
  /** Sort key: zero-padded rank, then the settlement id (a total order for paging). */
  seq: string;
  /** `张*`. */
  maskedName: string;
  /** `330106********123X`. */
  maskedIdNumber: string;
  district: DistrictCode;
  /** Confirmed total, e.g. `140` or `104.5`. */
  total: string;
  /** `listed` while on the public list; `removed` after an upheld objection. */
  status: 'listed' | 'removed';
  /** Whether the admission notice went out for it (publicity ended). */
  noticed: boolean;
  noticedAt?: string;
  removal?: { reason: string; objectionId: string; by: string; at: string };
  createdAt: string;
  updatedAt: string;
}

/** A page of the list. */
export interface PublicityQuery {
  roundId: string;
  status: PublicityEntry['status'];
  /** Only entries whose notice has (or has not) gone out. */
  noticed?: boolean;
  /** The `seq` of the last entry of the previous page. */
  after?: string;
  limit: number;
}
/** See {@link PublicityQuery}. */
export interface PublicityPage {
  entries: PublicityEntry[];
  next?: string;
}

/** 公示异议: an objection to one person on the list, by anyone, with a contact. */
export interface ObjectionRecord {
  id: string;
  roundId: string;
  entryId: string;
  settlementId: string;
  status: ObjectionState;
  /** What the objector wrote (checked by the text security check when the caller has an openid). */
  reason: string;
  /** How to reach the objector (mobile, phone or e-mail), shown to administrators only. */
  contact: string;
  /** The objector's name as given, if any. */
  contactName?: string;
  /** The objector's openid when the call had one (a public caller may have none); never an IP address. */
  submittedBy: string | null;
  /** How the reason was checked: the platform, the local cloud, or not at all (no openid to check it for). */
  checkedBy: 'msgSecCheck' | 'local' | 'unchecked';
  submittedOn: ISODate;
  submittedAt: string;
  resolution?: { outcome: 'upheld' | 'dismissed'; reason: string; by: string; at: string };
  createdAt: string;
  updatedAt: string;
}

/** Objections of a round, oldest first. */
export interface ObjectionQuery {
  roundId: string;
  status?: ObjectionState;
  /** `submittedAt` and id of the last objection of the previous page (`<submittedAt>|<id>`). */
  after?: string;
  limit: number;
}
/** See {@link ObjectionQuery}. */
export interface ObjectionPage {
  objections: ObjectionRecord[];
  next?: string;
}

/** Most entries or objections a page may ask for (one CloudBase query, with the look-ahead row). */
export const PUBLICITY_PAGE_MAX = 500;

/** The sort key and cursor of an objection (both adapters): its submission instant, then its id. */
export function objectionSeq(o: Pick<ObjectionRecord, 'submittedAt' | 'id'>): string {
  return `${o.submittedAt}|${o.id}`;
}
