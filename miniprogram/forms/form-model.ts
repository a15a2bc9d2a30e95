/**
 * Editing the profile JSON behind the 积分测算 form, and the form's view model. The JSON may be invalid at any time
 * (the applicant is typing): it is kept as typed, and `parseProfile` (shared) says what is wrong, per field.
 */
import type { FieldError, PolicyVersion } from '../../shared';
import { STEPS, type FieldSpec, type Option, type SectionSpec } from './form-spec';

/** The profile being edited: JSON shaped like shared/profile, possibly incomplete or invalid. */
export type ProfileDraft = Record<string, unknown>;
type Entry = Record<string, unknown>;

const SECTIONS: readonly SectionSpec[] = STEPS.flatMap((s) => s.sections);

/** The section spec of a profile key. */
export function sectionSpec(key: string): SectionSpec | undefined {
  return SECTIONS.find((s) => s.key === key);
}

/** A profile with nothing declared yet. */
export function emptyProfile(): ProfileDraft {
  const p: ProfileDraft = { person: {} };
  for (const s of SECTIONS) if (s.kind === 'list') p[s.key] = [];
  p.marrowDonation = null;
  return p;
}

function isEntry(x: unknown): x is Entry {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * A saved draft made editable: the known sections get the shape the form edits (missing lists become empty), and
 * everything else is kept as it was, so the schema still reports it.
 */
export function normalizeDraft(input: Record<string, unknown>): ProfileDraft {
  const p: ProfileDraft = JSON.parse(JSON.stringify(input)) as ProfileDraft;
  const base = emptyProfile();
  for (const k of Object.keys(base)) if (p[k] === undefined) p[k] = base[k];
  return p;
}

/** The entry a field lives in (`null` when absent, e.g. no marrow donation). */
function entryOf(profile: ProfileDraft, spec: SectionSpec, index: number): Entry | null {
  const v = profile[spec.key];
  if (spec.kind === 'list') return Array.isArray(v) && isEntry(v[index]) ? (v[index] as Entry) : null;
  return isEntry(v) ? v : null;
}

/** The dotted path of a field, as parseProfile reports it: `person.birthDate`, `education.0.level`. */
export function fieldPath(spec: SectionSpec, index: number, key: string): string {
  return spec.kind === 'list' ? `${spec.key}.${index}.${key}` : `${spec.key}.${key}`;
}

const NUMBER_RE = /^-?\d+(\.\d+)?$/;

/** A yes/no/unknown choice: `yes` and `no` are the booleans, anything else removes the key. */
function coerceOptBool(raw: unknown): boolean | undefined {
  if (raw === 'yes') return true;
  if (raw === 'no') return false;
  return undefined;
}

/** Kept as typed while it is not a number yet ("36."), so the schema says what is wrong. */
function coerceNumber(text: string): unknown {
  if (text === '') return undefined;
  const trimmed = text.trim();
  return NUMBER_RE.test(trimmed) ? Number(trimmed) : text;
}

/** A choice's value; numeric choices (levels stored as numbers) become numbers. */
function coerceChoice(field: FieldSpec, text: string): unknown {
  if (text === '') return undefined;
  return field.numeric && NUMBER_RE.test(text) ? Number(text) : text;
}

/** What an input's value becomes in the JSON; `undefined` removes the key. */
export function coerce(field: FieldSpec, raw: unknown): unknown {
  const text = raw === null || raw === undefined ? '' : String(raw);
  switch (field.kind) {
    case 'bool':
      return raw === true || raw === 'true';
    case 'optBool':
      return coerceOptBool(raw);
    case 'number':
      return coerceNumber(text);
    case 'choice':
      return coerceChoice(field, text);
    case 'text':
      return text === '' && !field.required ? undefined : text;
    default:
      // date, month: kept as typed; the schema checks the format and the calendar.
      return text === '' ? undefined : text;
  }
}

/** Sets one field from an input's value. Returns false when the section, entry or field does not exist. */
export function setField(profile: ProfileDraft, sectionKey: string, index: number, key: string, raw: unknown): boolean {
  const spec = sectionSpec(sectionKey);
  const field = spec?.fields.find((f) => f.key === key);
  if (!spec || !field) return false;
  let entry = entryOf(profile, spec, index);
  if (!entry) {
    if (spec.kind === 'list') return false;
    entry = {};
    profile[spec.key] = entry;
  }
  const value = coerce(field, raw);
  if (value === undefined) delete entry[key];
  else entry[key] = value;
  // No marrow donation is `null`, not an empty object.
  if (spec.kind === 'nullable' && Object.keys(entry).length === 0) profile[spec.key] = null;
  return true;
}

/** A yes/no field's value as shown (the schema default when absent); null when there is no such field or entry. */
export function boolValue(profile: ProfileDraft, sectionKey: string, index: number, key: string): boolean | null {
  const spec = sectionSpec(sectionKey);
  const field = spec?.fields.find((f) => f.key === key);
  if (!spec || !field || field.kind !== 'bool') return null;
  const entry = entryOf(profile, spec, index);
  if (!entry) return null;
  const v = entry[key];
  return typeof v === 'boolean' ? v : (field.defaultBool ?? false);
}

/** Appends a new entry to a list section; returns its index, or -1. */
export function addEntry(profile: ProfileDraft, sectionKey: string): number {
  const spec = sectionSpec(sectionKey);
  if (!spec || spec.kind !== 'list') return -1;
  const list = Array.isArray(profile[spec.key]) ? (profile[spec.key] as unknown[]) : [];
  list.push(spec.newItem());
  profile[spec.key] = list;
  return list.length - 1;
}

/** Removes one entry of a list section. */
export function removeEntry(profile: ProfileDraft, sectionKey: string, index: number): boolean {
  const spec = sectionSpec(sectionKey);
  const list = spec && spec.kind === 'list' ? profile[spec.key] : undefined;
  if (!Array.isArray(list) || index < 0 || index >= list.length) return false;
  list.splice(index, 1);
  return true;
}

/** A copy of one entry of a list section (to put back after a removal), or undefined. */
export function entryAt(profile: ProfileDraft, sectionKey: string, index: number): unknown {
  const spec = sectionSpec(sectionKey);
  const list = spec && spec.kind === 'list' ? profile[spec.key] : undefined;
  if (!Array.isArray(list) || index < 0 || index >= list.length) return undefined;
  return JSON.parse(JSON.stringify(list[index])) as unknown;
}

/** Puts an entry back into a list section at `index` (撤销 of a removal). */
export function restoreEntry(profile: ProfileDraft, sectionKey: string, index: number, entry: unknown): boolean {
  const spec = sectionSpec(sectionKey);
  if (!spec || spec.kind !== 'list') return false;
  const list = Array.isArray(profile[spec.key]) ? (profile[spec.key] as unknown[]) : [];
  list.splice(Math.min(Math.max(index, 0), list.length), 0, entry);
  profile[spec.key] = list;
  return true;
}

// ---- view model ----

/** One field as the page shows it. */
export interface FieldView {
  /** Element id, also used by tests: `f-education-0-level`. */
  id: string;
  key: string;
  label: string;
  kind: FieldSpec['kind'];
  /** Text for inputs and choices, boolean for switches. */
  value: string | boolean;
  /** A switch's state in words (`是` / `否`), never by its colour alone; '' for other kinds. */
  stateText: string;
  options: Option[] | null;
  /** The Chinese error, or ''. */
  error: string;
  /** TDesign input status. */
  status: 'default' | 'error';
  placeholder: string;
  unit: string;
  /** TDesign input type: `digit` for numbers, `idcard`, `text`. */
  inputType: string;
  /** Dates and months also get a picker. */
  picker: boolean;
  /** `picker mode="date"`: `day` or `month`, and a valid start value. */
  pickerFields: string;
  pickerValue: string;
}

/** One entry of a section. */
export interface EntryView {
  index: number;
  /** `第 1 条` for lists, '' otherwise. */
  title: string;
  fields: FieldView[];
}

/** One section of the current step. */
export interface SectionView {
  key: string;
  kind: SectionSpec['kind'];
  title: string;
  note: string;
  itemName: string;
  entries: EntryView[];
  /** A list with no entries. */
  empty: boolean;
  canAdd: boolean;
  /** Errors of the section that belong to no shown field. */
  errors: string[];
  /** A paged list's pager when it has more than one page (`第 6–10 条，共 500 条`); null otherwise. */
  entryPage: { text: string; prev: boolean; next: boolean } | null;
}

/**
 * Entries of a list shown at a time where the page pages them (积分测算 and 积分申请): a profile at the list limits
 * (500 social-insurance spells) would otherwise send every entry's fields in one setData, over WeChat's 1 MB.
 */
export const ENTRIES_PER_PAGE = 5;

/** How many pages of entries a list section has (at least 1). */
export function entryPageCount(profile: ProfileDraft, key: string): number {
  const raw = profile[key];
  return Math.max(1, Math.ceil((Array.isArray(raw) ? raw.length : 0) / ENTRIES_PER_PAGE));
}

const OPT_BOOL_OPTIONS: Option[] = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
  { value: 'unset', label: '不确定' },
];

/** Which errors to show: those of fields the applicant touched, and of sections revealed (step left, draft loaded). */
export interface Visibility {
  touched: ReadonlySet<string>;
  revealed: ReadonlySet<string>;
}

function displayValue(field: FieldSpec, v: unknown): string | boolean {
  switch (field.kind) {
    case 'bool':
      return typeof v === 'boolean' ? v : (field.defaultBool ?? false);
    case 'optBool':
      return v === true ? 'yes' : v === false ? 'no' : 'unset';
    default:
      return v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const MONTH_RE = /^\d{4}-\d{2}$/;

/** The options a field offers: yes/no/unknown, the policy's veto offences, or its own list; null for free input. */
function fieldOptions(field: FieldSpec, veto: Option[]): Option[] | null {
  if (field.kind === 'optBool') return OPT_BOOL_OPTIONS;
  if (field.optionsFrom === 'vetoOffences') return veto;
  return field.options?.slice() ?? null;
}

/** The date/month picker of a field; the picker starts from the value only when it is a well-formed date. */
function pickerView(field: FieldSpec, text: string): Pick<FieldView, 'picker' | 'pickerFields' | 'pickerValue'> {
  const month = field.kind === 'month';
  const valid = month ? MONTH_RE.test(text) : DATE_RE.test(text);
  return {
    picker: field.kind === 'date' || month,
    pickerFields: month ? 'month' : 'day',
    pickerValue: valid ? text : '',
  };
}

function fieldView(
  spec: SectionSpec,
  index: number,
  field: FieldSpec,
  entry: Entry,
  errors: Map<string, string>,
  show: boolean,
  veto: Option[],
): FieldView {
  const path = fieldPath(spec, index, field.key);
  const value = displayValue(field, entry[field.key]);
  const error = show ? (errors.get(path) ?? '') : '';
  const text = typeof value === 'string' ? value : '';
  return {
    id: `f-${spec.key}-${index}-${field.key}`,
    key: field.key,
    label: field.label,
    kind: field.kind,
    value,
    stateText: field.kind === 'bool' ? (value ? '是' : '否') : '',
    options: fieldOptions(field, veto),
    error,
    status: error ? 'error' : 'default',
    placeholder: field.placeholder ?? '',
    unit: field.unit ?? '',
    inputType: field.kind === 'number' ? 'digit' : (field.inputType ?? 'text'),
    ...pickerView(field, text),
  };
}

/**
 * The view of one section: its entries and fields with values and visible errors. With `page`, a list shows only that
 * page of {@link ENTRIES_PER_PAGE} entries (clamped to the pages there are) and a pager; the errors of entries on
 * other pages are listed with the section's own, so none is hidden. Without it, every entry.
 */
export function sectionView(
  spec: SectionSpec,
  profile: ProfileDraft,
  errors: readonly FieldError[],
  vis: Visibility,
  policy: PolicyVersion | null,
  page?: number,
): SectionView {
  const byPath = new Map<string, string>();
  for (const e of errors) if (!byPath.has(e.path)) byPath.set(e.path, e.message);
  const veto = policy ? policy.veto.offences.map((o) => ({ value: o.code, label: o.label })) : [];
  const revealed = vis.revealed.has(spec.key);
  const entries: EntryView[] = [];
  const shown = new Set<string>();
  const raw = profile[spec.key];
  const count = spec.kind === 'list' ? (Array.isArray(raw) ? raw.length : 0) : 1;
  const range = entryRange(spec, count, page);
  for (let i = range.from; i < range.to; i++) {
    const entry = entryOf(profile, spec, i) ?? {};
    const fields = spec.fields
      .filter((f) => !f.showIf || f.showIf(entry))
      .map((f) => {
        const path = fieldPath(spec, i, f.key);
        shown.add(path);
        return fieldView(spec, i, f, entry, byPath, revealed || vis.touched.has(path), veto);
      });
    entries.push({ index: i, title: spec.kind === 'list' ? `第 ${i + 1} 条` : '', fields });
  }
  const other = errors.filter((e) => (e.path === spec.key || e.path.startsWith(`${spec.key}.`)) && !shown.has(e.path));
  return {
    key: spec.key,
    kind: spec.kind,
    title: spec.title,
    note: spec.note ?? '',
    itemName: spec.kind === 'list' ? spec.itemName : '',
    entries,
    empty: spec.kind === 'list' && count === 0,
    canAdd: spec.kind === 'list',
    // Always shown: nothing on the page would let the applicant see them otherwise.
    errors: other.map((e) => `${e.field}：${e.message}`),
    entryPage: range.pager,
  };
}

/** `第 6–10 条`, or `第 501 条` for a page of one. */
export function rangeText(from: number, to: number): string {
  return to - from === 1 ? `第 ${to} 条` : `第 ${from + 1}–${to} 条`;
}

/** The entries a section shows: all of them, or one page of a paged list with its pager. */
function entryRange(
  spec: SectionSpec,
  count: number,
  page: number | undefined,
): { from: number; to: number; pager: SectionView['entryPage'] } {
  if (spec.kind !== 'list' || page === undefined || count <= ENTRIES_PER_PAGE)
    return { from: 0, to: count, pager: null };
  const pages = Math.ceil(count / ENTRIES_PER_PAGE);
  const p = Math.min(Math.max(0, Math.floor(page) || 0), pages - 1);
  const from = p * ENTRIES_PER_PAGE;
  const to = Math.min(count, from + ENTRIES_PER_PAGE);
  return {
    from,
    to,
    pager: { text: `${rangeText(from, to)}，共 ${count} 条`, prev: p > 0, next: p < pages - 1 },
  };
}

/** How many errors each step has (all of them, shown or not). */
export function errorCountsByStep(errors: readonly FieldError[]): number[] {
  return STEPS.map(
    (step) =>
      errors.filter((e) => step.sections.some((s) => e.path === s.key || e.path.startsWith(`${s.key}.`))).length,
  );
}

/** Errors that belong to no section (e.g. an unknown field in a loaded draft). */
export function unplacedErrors(errors: readonly FieldError[]): string[] {
  return errors
    .filter((e) => !SECTIONS.some((s) => e.path === s.key || e.path.startsWith(`${s.key}.`)))
    .map((e) => `${e.field}：${e.message}`);
}
