/**
 * A delete that cannot be undone asks first, in a TDesign dialog (`t-dialog`): what is deleted, by name, and what
 * follows. One shape for every page that deletes (a saved draft, an uploaded file).
 */

/** The question a page shows before a delete. */
export interface ConfirmView {
  visible: boolean;
  title: string;
  content: string;
  /** The confirm button's words: `删除`. */
  action: string;
  /** What the confirmation acts on (a draft id, a material id); '' when nothing is asked. */
  target: string;
}

/** Nothing asked. */
export const NO_CONFIRM: ConfirmView = { visible: false, title: '', content: '', action: '', target: '' };

/** The question before deleting `target`. */
export function askToDelete(target: string, title: string, content: string): ConfirmView {
  return { visible: true, title, content, action: '删除', target };
}

/** An entry just removed from a list of the profile form, which 撤销 puts back. */
export interface UndoView {
  /** The section it was removed from (the bar shows there). */
  section: string;
  /** `已删除 学历 1`. */
  text: string;
}
