/**
 * 积分落户申请 as every function sees it: the policy's settlement data (checklist by proof of address, the reviewing
 * department, the age), the conditions checked on the server (each named with its date or number), the current
 * voucher, and the views of the applicant's side and of the household-registration window (市公安局).
 */
import { districtName, isUrbanDistrict } from '../../shared/application/districts';
import { SETTLEMENT_STATUSES } from '../../shared/application/status';
import { fraudBarUntil } from '../../shared/application/identity';
import type { WorkCalendar } from '../../shared/calendar';
import {
  SETTLEMENT_RELATIONS,
  type SettlementChecklistItem,
  type SettlementChecklistLine,
  type SettlementCondition,
  type SettlementDecisionView,
  type SettlementView,
} from '../../shared/contracts';
import { ageOn, formatChineseDate, type ISODate } from '../../shared/dates';
import { maskIdCard, parseIdCard } from '../../shared/identity';
import { allowedEvents, SETTLEMENT, type SettlementEvent } from '../../shared/lifecycle';
import { BUILTIN_POLICIES, type PolicyVersion, type SettlementPolicy } from '../../shared/policy';
import { isSettlementAcceptingOn, type Round } from '../../shared/rounds';
import { SETTLEMENT_KEY_PREFIX } from './cases/person';
import { materialView } from './cases/views';
import { voucherVerdict } from './documents';
import type {
  ApplicationRecord,
  DisputeRecord,
  DocumentRecord,
  MaterialRecord,
  RecheckRecord,
  SettlementRecord,
} from './store/types';

/**
 * The settlement section of a policy version; a version published without one (older administrators' versions)
 * takes the first built-in version's, so the checklist always comes from policy data.
 */
export function settlementPolicyOf(policy: PolicyVersion): SettlementPolicy {
  const own = policy.settlement ?? BUILTIN_POLICIES.find((p) => p.settlement)?.settlement;
  if (!own) throw new Error('no policy version has settlement data');
  return own;
}

/** The message of a department reviewer who is not the household-registration window. */
export function notTheWindow(sp: SettlementPolicy): string {
  return `积分落户申请由${sp.department.name}（户籍窗口）审核，您所在的部门不能办理`;
}

/**
 * The checklist for a proof of address and the family members moving too: the common materials, the proof's, each
 * member's, each with its key, mark and source. An unknown proof kind lists the common materials only.
 */
export function checklistItems(
  sp: SettlementPolicy,
  proofKind: string | undefined,
  members: readonly { relation: 'spouse' | 'child' }[],
): SettlementChecklistItem[] {
  const out: SettlementChecklistItem[] = sp.common.map((i) => ({
    key: `${SETTLEMENT_KEY_PREFIX}${i.key}`,
    label: i.label,
    group: 'common',
    confidence: i.confidence,
    source: i.source,
  }));
  const proof = sp.proofs.find((p) => p.kind === proofKind);
  for (const i of proof?.items ?? []) {
    out.push({
      key: `${SETTLEMENT_KEY_PREFIX}proof.${i.key}`,
      label: i.label,
      group: 'proof',
      confidence: i.confidence,
      source: i.source,
    });
  }
  members.forEach((m, index) => {
    for (const i of sp.members[m.relation]) {
      out.push({
        key: `${SETTLEMENT_KEY_PREFIX}member.${index}.${i.key}`,
        label: `${SETTLEMENT_RELATIONS[m.relation]}（第 ${index + 1} 位随迁人员）：${i.label}`,
        group: 'member',
        memberIndex: index,
        confidence: i.confidence,
        source: i.source,
      });
    }
  });
  return out;
}

/** The checklist of a settlement application with what is attached to each line. */
export function checklistOf(
  sp: SettlementPolicy,
  s: Pick<SettlementRecord, 'proofKind' | 'members'>,
  materials: readonly MaterialRecord[],
): SettlementChecklistLine[] {
  return checklistItems(sp, s.proofKind, s.members).map((item) => {
    const attached = materials.filter((m) => m.key === item.key).map(materialView);
    return { ...item, materials: attached, state: attached.length ? 'attached' : 'missing' };
  });
}

/** The current voucher of a case: issued, and still valid for the case's result as it is now (null when none). */
export function currentVoucher(app: ApplicationRecord, docs: readonly DocumentRecord[]): DocumentRecord | null {
  const vouchers = docs.filter((d) => d.kind === 'voucher');
  return [...vouchers].reverse().find((d) => voucherVerdict(d, app) === 'valid') ?? null;
}

/** Whether a dispute or one of its re-reviews is still open (raised, returned, reviewing; or a pending re-review). */
export function disputeOpen(dispute: DisputeRecord | null, rechecks: readonly RecheckRecord[]): boolean {
  if (!dispute) return false;
  return dispute.status !== 'decided' || rechecks.some((r) => r.status === 'pending');
}

/** What the conditions are checked over: the case and everything read about the person on the application day. */
export interface EligibilityInput {
  app: ApplicationRecord;
  round: Round;
  sp: SettlementPolicy;
  calendar: WorkCalendar;
  today: ISODate;
  dispute: DisputeRecord | null;
  rechecks: readonly RecheckRecord[];
  fraudDates: readonly ISODate[];
  documents: readonly DocumentRecord[];
  /** The person's settlement application of the round, if any. */
  existing: SettlementRecord | null;
  /** The applicant's declarations, once made. */
  declarations?: { noUrbanHukou: boolean; fullCapacity: boolean };
}

type Check = (i: EligibilityInput) => SettlementCondition;

const pass = (code: string, label: string, message: string): SettlementCondition => ({
  code,
  label,
  ok: true,
  message,
});
const fail = (code: string, label: string, message: string): SettlementCondition => ({
  code,
  label,
  ok: false,
  message,
});

const windowCheck: Check = ({ round, today, calendar }) => {
  const label = '在积分落户申请受理期内的工作日申请';
  const w = isSettlementAcceptingOn(round, today, calendar);
  const f = formatChineseDate;
  return w.ok
    ? pass('WINDOW', label, `${round.name}积分落户申请受理期为${f(round.settlement.from)}至${f(round.settlement.to)}`)
    : fail(w.code, label, w.message);
};

const confirmedCheck: Check = ({ app }) => {
  const label = '积分已确认';
  if (app.status === 'confirmed') {
    const on = app.confirmedOn ? `于${formatChineseDate(app.confirmedOn)}` : '';
    return pass('CONFIRMED', label, `积分已${on}确认`);
  }
  const why =
    app.status === 'voided'
      ? '积分已作废'
      : app.status === 'disputed'
        ? '积分异议正在复核中，复核结果公布后积分才确认'
        : app.status === 'published'
          ? '积分结果已公布，异议期结束后才确认'
          : '积分结果尚未公布';
  return fail('CONFIRMED', label, `${why}，积分确认后才能申请积分落户`);
};

const qualifyingCheck: Check = ({ app }) => {
  const sheet = app.result?.sheet;
  const label = sheet ? `确认积分达到 ${sheet.qualifyingHalves / 2} 分准申请分值` : '确认积分达到准申请分值';
  if (!sheet) return fail('QUALIFYING', label, '还没有积分结果');
  const need = sheet.qualifyingHalves / 2;
  if (sheet.totalHalves >= sheet.qualifyingHalves)
    return pass('QUALIFYING', label, `确认积分 ${sheet.total} 分，已达到 ${need} 分准申请分值`);
  const short = (sheet.qualifyingHalves - sheet.totalHalves) / 2;
  return fail('QUALIFYING', label, `确认积分 ${sheet.total} 分，未达到 ${need} 分准申请分值（还差 ${short} 分）`);
};

const vetoCheck: Check = ({ app }) => {
  const label = '无一票否决情形';
  const v = app.result?.verdict;
  return v?.kind === 'vetoed' ? fail('NO_VETO', label, v.text) : pass('NO_VETO', label, '无一票否决情形');
};

const ageCheck: Check = ({ app, sp, today }) => {
  const years = sp.minimumAge.years;
  const label = `年满 ${years} 周岁`;
  const id = parseIdCard(app.identity.idNumber);
  if (!id.ok) return fail('AGE', label, '身份证号码无法读出出生日期');
  const age = ageOn(id.value.birthDate, today);
  const birthday = `${Number(id.value.birthDate.slice(0, 4)) + years}${id.value.birthDate.slice(4)}`;
  return age >= years
    ? pass('AGE', label, `申请日（${formatChineseDate(today)}）已满 ${years} 周岁`)
    : fail('AGE', label, `申请日（${formatChineseDate(today)}）未满 ${years} 周岁，${formatChineseDate(birthday)}年满`);
};

const permitCheck: Check = ({ app, today }) => {
  const label = '持有杭州市区有效《浙江省居住证》';
  const p = app.identity;
  if (!isUrbanDistrict(p.permitDistrict))
    return fail('PERMIT', label, `居住证签发地为${districtName(p.permitDistrict)}，不在杭州市区`);
  if (today < p.permitValidFrom || today > p.permitValidTo)
    return fail(
      'PERMIT',
      label,
      `居住证有效期为${formatChineseDate(p.permitValidFrom)}至${formatChineseDate(p.permitValidTo)}，申请日不在有效期内`,
    );
  return pass('PERMIT', label, `居住证有效期至${formatChineseDate(p.permitValidTo)}`);
};

/** A declaration: passed when made, failed when denied, open (null) until made. */
function declared(
  code: string,
  label: string,
  value: boolean | undefined,
  yes: string,
  no: string,
): SettlementCondition {
  if (value === undefined) return { code, label, ok: null, message: `提交时须声明：${label}（由户籍窗口核实）` };
  return value ? pass(code, label, yes) : fail(code, label, no);
}

const hukouCheck: Check = ({ declarations }) =>
  declared(
    'NO_URBAN_HUKOU',
    '非杭州市区户籍',
    declarations?.noUrbanHukou,
    '已声明不是杭州市区户籍（由户籍窗口核实）',
    '已是杭州市区户籍的，不需要也不能申请积分落户',
  );

const capacityCheck: Check = ({ declarations }) =>
  declared(
    'FULL_CAPACITY',
    '具有完全民事行为能力',
    declarations?.fullCapacity,
    '已声明具有完全民事行为能力（由户籍窗口核实）',
    '积分落户须由具有完全民事行为能力的本人申请',
  );

const disputeCheck: Check = ({ dispute, rechecks, app }) => {
  const label = '没有正在处理的异议或复核';
  if (disputeOpen(dispute, rechecks) || app.status === 'disputed') {
    const on = dispute ? `（${formatChineseDate(dispute.raisedOn)}提出）` : '';
    return fail('NO_DISPUTE', label, `积分异议${on}正在处理中，复核结果公布前不能申请积分落户`);
  }
  return pass('NO_DISPUTE', label, '没有正在处理的异议或复核');
};

const fraudCheck: Check = ({ fraudDates, today }) => {
  const label = '不在弄虚作假限制期内';
  const bar = fraudDates
    .filter((d) => fraudBarUntil(d) > today)
    .sort()
    .pop();
  return bar
    ? fail(
        'NO_FRAUD_BAR',
        label,
        `因${formatChineseDate(bar)}认定的弄虚作假行为，${formatChineseDate(fraudBarUntil(bar))}前不得申请`,
      )
    : pass('NO_FRAUD_BAR', label, '没有弄虚作假记录');
};

const voucherCheck: Check = ({ app, documents }) => {
  const label = '持有效的积分有效凭证';
  const current = currentVoucher(app, documents);
  if (current)
    return pass('VOUCHER', label, `积分有效凭证 ${current.number}（${formatChineseDate(current.issuedOn)}出具）`);
  const last = [...documents].reverse().find((d) => d.kind === 'voucher');
  if (!last) return fail('VOUCHER', label, '还没有打印积分有效凭证，请先在积分查询中打印凭证');
  const verdict = voucherVerdict(last, app);
  const why = verdict === 'superseded' ? '已被新凭证取代（积分结果已变更）' : '已撤销';
  return fail('VOUCHER', label, `积分有效凭证 ${last.number} ${why}，请重新打印最新的积分有效凭证`);
};

const oneCheck: Check = ({ existing }) => {
  const label = '每人每年度申请一次';
  if (!existing || existing.status === 'draft') return pass('ONE_PER_ROUND', label, '本年度尚未提交积分落户申请');
  const on = existing.acceptedOn ? `已于${formatChineseDate(existing.acceptedOn)}` : '已';
  const no = existing.receiptNumber ? `（回执编号 ${existing.receiptNumber}）` : '';
  return fail('ONE_PER_ROUND', label, `本年度${on}提交积分落户申请${no}，每人每年度只能申请一次`);
};

/** Every condition of the settlement application, in the policy's order (lifecycle.md step 4, 4a). */
export function settlementConditions(i: EligibilityInput): SettlementCondition[] {
  const checks: Check[] = [
    windowCheck,
    confirmedCheck,
    qualifyingCheck,
    vetoCheck,
    ageCheck,
    permitCheck,
    hukouCheck,
    capacityCheck,
    disputeCheck,
    fraudCheck,
    voucherCheck,
    oneCheck,
  ];
  return checks.map((c) => c(i));
}

/** The events each side serves (the lifecycle decides which of them may happen now). */
const APPLICANT_SIDE: readonly SettlementEvent[] = ['save', 'attach', 'submit', 'resubmit'];
const WINDOW_SIDE: readonly SettlementEvent[] = ['returnForCorrection', 'verify', 'reject', 'settle'];

/** What a side may do with a settlement application now. */
export function settlementActions(
  s: Pick<SettlementRecord, 'status' | 'noticeValidUntil'>,
  viewer: 'self' | 'agent' | 'reviewer',
  today: ISODate,
): SettlementEvent[] {
  const served = viewer === 'reviewer' ? WINDOW_SIDE : APPLICANT_SIDE;
  const ctx = { today, ...(s.noticeValidUntil ? { noticeValidUntil: s.noticeValidUntil } : {}) };
  return allowedEvents(SETTLEMENT, s.status, viewer, ctx).filter((e) => served.includes(e));
}

/** The labels of the window's decisions. */
const DECISION_LABELS: Record<SettlementDecisionView['event'], string> = {
  returnForCorrection: '退回补正',
  verify: '审核通过',
  reject: '审核不通过',
  settle: '落户办结',
};

/** The window's decisions as the applicant sees them (never who decided). */
function decisionViews(s: SettlementRecord): SettlementDecisionView[] {
  return s.decisions.map((d) => {
    const v: SettlementDecisionView = { event: d.event, label: DECISION_LABELS[d.event], at: d.at };
    if (d.reason) v.reason = d.reason;
    if (d.missing) v.missing = d.missing;
    return v;
  });
}

/** The parts of the view both sides share, with ID numbers as the viewer may see them. */
export function settlementBase(
  s: SettlementRecord,
  app: ApplicationRecord,
  sp: SettlementPolicy,
  fullIds: boolean,
): Omit<SettlementView, 'checklist' | 'missing' | 'actions' | 'actingAs' | 'decisions'> {
  const proof = sp.proofs.find((p) => p.kind === s.proofKind);
  const id = (n: string) => (fullIds ? n : maskIdCard(n));
  return {
    settlementId: s.id,
    applicationId: s.applicationId,
    roundId: s.roundId,
    status: s.status,
    statusLabel: SETTLEMENT_STATUSES[s.status],
    person: { name: app.identity.name, idNumber: id(app.identity.idNumber) },
    total: s.total ?? null,
    confirmedOn: s.confirmedOn ?? null,
    voucherNumber: s.voucherNumber ?? null,
    destination: s.destination ? { ...s.destination, districtLabel: districtName(s.destination.district) } : null,
    proofKind: s.proofKind ?? null,
    proofLabel: proof?.label ?? null,
    members: s.members.map((m) => ({
      relation: m.relation,
      relationLabel: SETTLEMENT_RELATIONS[m.relation],
      name: m.name,
      idNumber: id(m.idNumber),
    })),
    declarations: { ...s.declarations },
    ...progressOf(s),
    updatedAt: s.updatedAt,
  };
}

/** Where the application got to: receipt, the line's outcome, the notice, settled or expired. */
function progressOf(s: SettlementRecord) {
  return {
    receiptNumber: s.receiptNumber ?? null,
    acceptedOn: s.acceptedOn ?? null,
    submittedAt: s.submittedAt ?? null,
    admission: s.admittedAt ? { admittedAt: s.admittedAt, line: s.line ?? null } : null,
    removedReason: s.removedReason ?? null,
    notice: s.noticeNumber && s.noticeValidUntil ? { number: s.noticeNumber, validUntil: s.noticeValidUntil } : null,
    settledOn: s.settledOn ?? null,
    permitSurrendered: s.permitSurrendered ?? false,
    expiredOn: s.expiredOn ?? null,
  };
}

/** A settlement application as the person (full ID numbers) or their agent (masked) sees it. */
export function settlementView(input: {
  s: SettlementRecord;
  app: ApplicationRecord;
  sp: SettlementPolicy;
  materials: readonly MaterialRecord[];
  viewer: 'self' | 'agent';
  today: ISODate;
}): SettlementView {
  const { s, app, sp, viewer } = input;
  const checklist = checklistOf(sp, s, input.materials);
  return {
    ...settlementBase(s, app, sp, viewer === 'self'),
    actingAs: viewer,
    checklist,
    missing: checklist.filter((l) => l.state === 'missing').map((l) => l.key),
    decisions: decisionViews(s),
    actions: settlementActions(s, viewer, input.today),
  };
}
