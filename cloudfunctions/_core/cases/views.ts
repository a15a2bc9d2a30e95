/**
 * What the functions answer about cases: application views (the ID number in full for the person, masked for
 * agents), checklists with attached materials, task lines, entrustments (ID numbers always masked).
 */
import {
  APPLICATION_STATUSES,
  districtName,
  ENTRUSTMENT_STATUSES,
  TASK_STATUSES,
  entrustmentMaterialLabel,
  materialChecklist,
  RELATIONSHIPS,
  RELATIVE_REASONS,
  sharedDataIndicators,
  type ChecklistItem,
} from '../../../shared/application';
import type {
  ApplicationSummary,
  ApplicationView,
  ChecklistLine,
  EntrustmentView,
  MaterialView,
  TaskView,
} from '../../../shared/contracts';
import { score } from '../../../shared/engine';
import { maskIdCard } from '../../../shared/identity';
import type { PolicyVersion } from '../../../shared/policy';
import { parseProfile, ProfileSchema, type Profile } from '../../../shared/profile';
import type { Round } from '../../../shared/rounds';
import type { EntrustmentScope } from '../../../shared/application/delegation';
import type { ISODate } from '../../../shared/dates';
import {
  allowedEvents,
  APPLICATION,
  ENTRUSTMENT,
  TASK,
  type ApplicationEvent,
  type EntrustmentEvent,
  type TaskEvent,
} from '../../../shared/lifecycle';
import type { ApplicationRecord, EntrustmentRecord, MaterialRecord, TaskRecord } from '../store/types';
import { agentMay } from './access';
import type { WorkCalendar } from '../../../shared/calendar';
import { caseDatesOf } from './dates';

/** The checklist key of an entrustment's letter / proof on an agent's application. */
export const ENTRUSTMENT_KEY = 'entrustment';

/** A material as shown (no storage id: files are read only through `material.link`). */
export function materialView(m: MaterialRecord): MaterialView {
  return {
    materialId: m.id,
    key: m.key,
    fileName: m.fileName,
    mime: m.mime,
    size: m.size,
    uploadedAt: m.uploadedAt,
    reused: m.reused,
  };
}

/** The applicant's events the functions serve today, with the entrustment scope an agent needs for each. */
const APPLICANT_EVENTS: Partial<Record<ApplicationEvent, EntrustmentScope>> = {
  save: 'apply',
  attach: 'apply',
  submit: 'apply',
  resubmit: 'apply',
  issueVoucher: 'voucher',
  dispute: 'dispute',
};

/**
 * What the person or an agent may do with a case now: the lifecycle's events for the actor in the case's state that
 * the functions serve, and for an agent only within the scope of the entrustment the case is filed under.
 */
export function applicationActions(
  app: ApplicationRecord,
  actingAs: 'self' | 'agent',
  entrustment: EntrustmentRecord | null | undefined,
  today: ISODate,
  calendar: WorkCalendar,
): ApplicationEvent[] {
  const dates = caseDatesOf(app, calendar);
  const ctx = dates ? { today, disputeDeadline: dates.disputeDeadline, voucherFrom: dates.voucherFrom } : { today };
  return allowedEvents(APPLICATION, app.status, actingAs, ctx).filter((event) => {
    const scope = APPLICANT_EVENTS[event];
    if (!scope) return false;
    return actingAs === 'self' || (!!entrustment && agentMay(entrustment, app, scope, today));
  });
}

/** What a reviewer may decide on a task now: nothing once it is decided, or once its case is. */
export function reviewerTaskActions(
  t: Pick<TaskRecord, 'status'>,
  app: Pick<ApplicationRecord, 'status'>,
): TaskEvent[] {
  const open = allowedEvents(APPLICATION, app.status, 'reviewer', { today: '' }).includes('review');
  return open ? allowedEvents(TASK, t.status, 'reviewer', undefined) : [];
}

/** The entrustment events the functions serve (the principal's confirm and extend; either side's revoke). */
const ENTRUSTMENT_EVENTS: readonly EntrustmentEvent[] = ['confirm', 'revoke', 'extend'];

/** What the principal (`self`) or the agent may do with an entrustment now. */
export function entrustmentActions(e: EntrustmentRecord, actor: 'self' | 'agent'): EntrustmentEvent[] {
  return allowedEvents(ENTRUSTMENT, e.status, actor, { kind: e.kind, district: e.district }).filter((event) =>
    ENTRUSTMENT_EVENTS.includes(event),
  );
}

/** A task as the applicant sees it; `resubmit` among its actions while the case's 补正 can be resubmitted. */
export function taskView(t: TaskRecord, caseActions: readonly ApplicationEvent[] = []): TaskView {
  const v: TaskView = {
    taskId: t.id,
    indicatorId: t.indicatorId,
    indicatorName: t.indicatorName,
    department: t.department,
    status: t.status,
    statusLabel: TASK_STATUSES[t.status],
    actions: caseActions.includes('resubmit') ? allowedEvents(TASK, t.status, 'self', undefined) : [],
  };
  if (t.note) v.note = t.note;
  if (t.missing) v.missing = t.missing;
  if (t.decidedAt) v.decidedAt = t.decidedAt;
  return v;
}

/** Parsed declared profiles by the stored profile object they came from (a record read once, used many times). */
const declaredOf = new WeakMap<object, Profile>();

/**
 * The declared profile of a stored application (validated when saved; a failure here is corrupted data). Parsed once
 * per stored profile object: a submission reads it for its checks, its tasks, its checklist and its view. Callers
 * treat it as read-only (applyDecisions and maskProfile copy).
 */
export function declaredProfile(app: Pick<ApplicationRecord, 'profile'>): Profile {
  const raw = app.profile;
  const known = declaredOf.get(raw);
  if (known) return known;
  // The fast path first (zod's very output for a valid profile); zod itself only to throw on corrupted data.
  const parsed = parseProfile(raw);
  const profile = parsed.ok ? parsed.profile : ProfileSchema.parse(raw);
  declaredOf.set(raw, profile);
  return profile;
}

/**
 * The checklist of an application: one line per required material of its claimed indicators, plus the entrustment's
 * letter / proof when an agent filed it.
 */
export function checklistOf(
  app: ApplicationRecord,
  policy: PolicyVersion,
  materials: readonly MaterialRecord[],
  entrustment?: { record: EntrustmentRecord; materials: readonly MaterialRecord[] } | null,
): ChecklistLine[] {
  const items: ChecklistItem[] = materialChecklist(declaredProfile(app), policy);
  const lines: ChecklistLine[] = items.map((item) => {
    const attached = materials.filter((m) => m.key === item.key);
    const state = attached.length === 0 ? 'missing' : attached.every((m) => m.reused) ? 'reused' : 'attached';
    return { ...item, materials: attached.map(materialView), state };
  });
  // The letter / proof is on the checklist of what the agent filed (not of the person's own filing extended to them).
  if (entrustment && app.createdBy === entrustment.record.agentOpenid) {
    const attached = entrustment.materials;
    lines.push({
      key: ENTRUSTMENT_KEY,
      indicatorId: null,
      label: entrustmentMaterialLabel(entrustment.record.kind),
      ref: null,
      required: true,
      materials: attached.map(materialView),
      state: attached.length ? 'attached' : 'missing',
    });
  }
  return lines;
}

/** Keys of required lines with nothing attached. */
export function missingKeys(lines: readonly ChecklistLine[]): string[] {
  return lines.filter((l) => l.required && l.state === 'missing').map((l) => l.key);
}

/** Everything {@link applicationView} needs. */
export interface ApplicationViewInput {
  app: ApplicationRecord;
  round: Round;
  policy: PolicyVersion;
  materials: readonly MaterialRecord[];
  tasks: readonly TaskRecord[];
  /** The entrustment the application was filed under, with its materials. */
  entrustment?: { record: EntrustmentRecord; materials: readonly MaterialRecord[] } | null;
  actingAs: 'self' | 'agent';
  /** Today (server time), for the lifecycle's guards and the agent's entrustment dates. */
  today: ISODate;
  /** The working-day calendar: the dispute deadline and voucher date follow the day the result was published. */
  calendar: WorkCalendar;
}

/** An application as the person (ID number in full) or an agent (masked) sees it. */
export function applicationView(input: ApplicationViewInput): ApplicationView {
  const { app, round, policy, actingAs } = input;
  const profile = declaredProfile(app);
  const checklist = checklistOf(app, policy, input.materials, input.entrustment);
  const id = app.identity;
  const actions = applicationActions(app, actingAs, input.entrustment?.record, input.today, input.calendar);
  const view: ApplicationView = {
    applicationId: app.id,
    roundId: app.roundId,
    status: app.status,
    statusLabel: APPLICATION_STATUSES[app.status],
    actingAs,
    person: {
      name: id.name,
      idNumber: actingAs === 'self' ? id.idNumber : maskIdCard(id.idNumber),
      mobile: id.mobile,
      permitNumber: id.permitNumber,
      permitDistrict: id.permitDistrict,
      permitValidFrom: id.permitValidFrom,
      permitValidTo: id.permitValidTo,
    },
    profile: actingAs === 'self' ? profile : maskProfile(profile),
    checklist,
    sharedData: sharedDataIndicators(profile, policy),
    missing: missingKeys(checklist),
    declaredTotal: score(profile, policy, round).total,
    tasks: [...input.tasks].sort((a, b) => (a.indicatorId < b.indicatorId ? -1 : 1)).map((t) => taskView(t, actions)),
    createdAt: app.createdAt,
    updatedAt: app.updatedAt,
    actions,
  };
  if (app.receipt) view.receipt = app.receipt;
  if (app.timeline) view.timeline = app.timeline;
  if (app.entrustmentId) view.entrustmentId = app.entrustmentId;
  if (app.submittedAt) view.submittedAt = app.submittedAt;
  return view;
}

/** The profile with the person's ID number masked (agents never see it in full). */
function maskProfile(profile: Profile): Profile {
  if (!profile.person.idNumber) return profile;
  return { ...profile, person: { ...profile.person, idNumber: maskIdCard(profile.person.idNumber) } };
}

/** A line of `application.list`. */
export function applicationSummary(app: ApplicationRecord, actingAs: 'self' | 'agent'): ApplicationSummary {
  const s: ApplicationSummary = {
    applicationId: app.id,
    roundId: app.roundId,
    status: app.status,
    statusLabel: APPLICATION_STATUSES[app.status],
    name: app.identity.name,
    idNumberMasked: maskIdCard(app.identity.idNumber),
    actingAs,
    updatedAt: app.updatedAt,
  };
  if (app.receipt) s.receiptNumber = app.receipt.number;
  if (app.resultDate) s.resultDate = app.resultDate;
  return s;
}

/** An entrustment as its agent or principal (`self`) sees it: both ID numbers masked. */
export function entrustmentView(
  e: EntrustmentRecord,
  materials: readonly MaterialRecord[],
  actor: 'self' | 'agent',
  caseStatus?: EntrustmentView['caseStatus'],
): EntrustmentView {
  const v: EntrustmentView = {
    entrustmentId: e.id,
    kind: e.kind,
    status: e.status,
    statusLabel: ENTRUSTMENT_STATUSES[e.status],
    principal: { name: e.principal.name, idNumberMasked: maskIdCard(e.principal.idNumber) },
    agent: { name: e.agent.name, idNumberMasked: maskIdCard(e.agent.idNumber) },
    scope: [...e.scope],
    district: e.district,
    districtName: districtName(e.district),
    verifyBy: e.verifyBy,
    materials: materials.map(materialView),
    confirmedByPrincipal: e.confirmedByPrincipal,
    createdAt: e.createdAt,
    actions: entrustmentActions(e, actor),
  };
  if (e.verifiedAt) v.verifiedAt = e.verifiedAt;
  if (e.rejectedReason) v.rejectedReason = e.rejectedReason;
  if (e.validUntil) v.validUntil = e.validUntil;
  if (e.employer) v.employer = { ...e.employer };
  // Stored as codes; shown in Chinese.
  if (e.relationship) v.relationship = (RELATIONSHIPS as Record<string, string>)[e.relationship] ?? e.relationship;
  if (e.reason) v.reason = (RELATIVE_REASONS as Record<string, string>)[e.reason] ?? e.reason;
  if (e.revokedAt) v.revokedAt = e.revokedAt;
  if (caseStatus !== undefined) v.caseStatus = caseStatus;
  return v;
}
