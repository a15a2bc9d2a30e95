/**
 * The entry handlers of forms/profile-form.wxml's sections, written once for every page that embeds the form
 * (积分测算, 积分申请, the reviewer's correction editor): each reads the row's dataset and hands it to the page's editor.
 */
import { detailValue, ds, str, type Evt } from '../utils/events';

/** What the section template's events drive: a page's controller, or the form controller it embeds. */
export interface EntryEditor {
  changeField(section: string, index: number, key: string, raw: unknown): void;
  toggleField(section: string, index: number, key: string): void;
  addEntry(section: string): void;
  removeEntry(section: string, index: number): void;
  /** 撤销 of the last removal (forms that offer it). */
  undoRemove?(): void;
  /** 上一页 / 下一页 of a paged list (`delta` −1 or 1); an editor that shows every entry has none. */
  turnEntryPage?(section: string, delta: number): void;
}

/**
 * `onFieldChange`, `onToggleField`, `onNoop`, `onAddEntry`, `onRemoveEntry`, `onUndoRemove` and `onEntryPage` for a
 * page's methods; `editor` reaches
 * the page's editor from the handler's `this` (null before attach and after detach). The step bar's `onStepTap` stays
 * with the page: not every page has steps.
 */
export function profileFormHandlers(editor: (page: object) => EntryEditor | null | undefined) {
  return {
    onFieldChange(this: object, e: Evt) {
      const d = ds(e);
      editor(this)?.changeField(str(d.section), Number(d.index), str(d.key), detailValue(e));
    },
    /** A tap on a yes/no row anywhere but the switch. */
    onToggleField(this: object, e: Evt) {
      const d = ds(e);
      editor(this)?.toggleField(str(d.section), Number(d.index), str(d.key));
    },
    /** Stops a tap on the switch from also reaching its row. */
    onNoop() {
      return undefined;
    },
    onAddEntry(this: object, e: Evt) {
      editor(this)?.addEntry(str(ds(e).section));
    },
    onRemoveEntry(this: object, e: Evt) {
      const d = ds(e);
      editor(this)?.removeEntry(str(d.section), Number(d.index));
    },
    onUndoRemove(this: object) {
      editor(this)?.undoRemove?.();
    },
    onEntryPage(this: object, e: Evt) {
      const d = ds(e);
      editor(this)?.turnEntryPage?.(str(d.section), Number(d.delta));
    },
  };
}
