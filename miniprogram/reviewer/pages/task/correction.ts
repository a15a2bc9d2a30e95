/**
 * The reviewer's correction editor: the indicator's facts in the 积分测算 form's own fields (one section), edited as
 * a profile would be and validated with the profile schema; what is sent is the facts, never a number.
 */
import { parseProfile, type FieldError, type PolicyVersion } from '../../../../shared';
import {
  addEntry,
  boolValue,
  emptyProfile,
  removeEntry,
  sectionView,
  setField,
  type ProfileDraft,
  type SectionView,
} from '../../../forms/form-model';
import type { SectionSpec } from '../../../forms/form-spec';

/** An editor over one section's facts. */
export class FactEditor {
  private draft: ProfileDraft;
  private readonly touched = new Set<string>();

  constructor(
    private readonly spec: SectionSpec,
    facts: readonly unknown[],
  ) {
    this.draft = emptyProfile();
    const copy = JSON.parse(JSON.stringify(facts)) as unknown[];
    if (spec.kind === 'list') this.draft[spec.key] = copy;
    else if (spec.kind === 'object') this.draft.person = copy[0] ?? {};
    else this.draft.marrowDonation = copy[0] ?? null;
  }

  /** The section key being edited. */
  get section(): string {
    return this.spec.key;
  }

  /** An input changed. */
  change(section: string, index: number, key: string, raw: unknown): boolean {
    if (section !== this.spec.key) return false;
    const ok = setField(this.draft, section, index, key, raw);
    if (ok) this.touched.add(`${section}.${index}.${key}`);
    return ok;
  }

  /** A yes/no row tapped. */
  toggle(section: string, index: number, key: string): boolean {
    const v = boolValue(this.draft, section, index, key);
    return v === null ? false : this.change(section, index, key, !v);
  }

  /** 添加一条. */
  add(section: string): boolean {
    return section === this.spec.key && addEntry(this.draft, section) >= 0;
  }

  /** 删除 an entry. */
  remove(section: string, index: number): boolean {
    return section === this.spec.key && removeEntry(this.draft, section, index);
  }

  /** Problems of this section's facts (other sections of the scratch profile are not the reviewer's concern). */
  errors(): FieldError[] {
    const r = parseProfile(this.draft);
    if (r.ok) return [];
    const k = this.spec.key;
    return r.errors.filter((e) => e.path === k || e.path.startsWith(`${k}.`));
  }

  /** The corrected facts as the decision sends them. */
  facts(): unknown[] {
    const v = this.draft[this.spec.key];
    if (this.spec.kind === 'list') return Array.isArray(v) ? (JSON.parse(JSON.stringify(v)) as unknown[]) : [];
    return v ? [JSON.parse(JSON.stringify(v)) as unknown] : [];
  }

  /** The section as the profile form template renders it (all errors shown: the reviewer is checking). */
  view(policy: PolicyVersion | null): SectionView[] {
    return [
      sectionView(
        this.spec,
        this.draft,
        this.errors(),
        { touched: this.touched, revealed: new Set([this.spec.key]) },
        policy,
      ),
    ];
  }
}
