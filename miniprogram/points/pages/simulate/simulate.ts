/**
 * 积分测算. A thin page: lifecycle and events go to the controller; what it renders is diffed against the last render
 * and only the changes are sent with setData.
 */
import { careBehavior } from '../../../behaviors/care';
import { diffPatch } from '../../../utils/patch';
import { SimulateController, type PageQuery, type SimulateVM } from './controller';

interface Holder {
  ctl: SimulateController;
  last: SimulateVM;
}

const holders = new WeakMap<object, Holder>();
const initial = new SimulateController(() => undefined).viewModel();

function ctl(page: object): SimulateController | null {
  const h = holders.get(page);
  return h ? h.ctl : null;
}

type Dataset = Record<string, unknown>;
type Evt = { currentTarget: { dataset: Dataset }; detail?: unknown };

function ds(e: Evt): Dataset {
  return e.currentTarget && e.currentTarget.dataset ? e.currentTarget.dataset : {};
}

function str(x: unknown): string {
  return typeof x === 'string' ? x : typeof x === 'number' ? String(x) : '';
}

function detailValue(e: Evt): unknown {
  const d = e.detail;
  return typeof d === 'object' && d !== null && 'value' in d ? (d as { value: unknown }).value : undefined;
}

Component({
  behaviors: [careBehavior],
  data: initial as unknown as Record<string, unknown>,
  lifetimes: {
    attached() {
      const holder: Holder = {
        last: initial,
        ctl: new SimulateController((vm) => {
          const patch = diffPatch(holder.last as unknown as Record<string, unknown>, vm as unknown as Record<string, unknown>);
          holder.last = vm;
          if (Object.keys(patch).length) this.setData(patch);
        }),
      };
      holders.set(this, holder);
      void holder.ctl.start();
    },
    detached() {
      ctl(this)?.dispose();
      holders.delete(this);
    },
  },
  methods: {
    /** Page query: `?panel=drafts` or `?draftId=…`. */
    onLoad(query: PageQuery) {
      void ctl(this)?.applyQuery(query || {});
    },
    onRetry() {
      void ctl(this)?.start();
    },
    onStepTap(e: Evt) {
      ctl(this)?.goStep(Number(ds(e).index));
    },
    onNext() {
      ctl(this)?.next();
    },
    onPrev() {
      ctl(this)?.prev();
    },
    onFieldChange(e: Evt) {
      const d = ds(e);
      ctl(this)?.changeField(str(d.section), Number(d.index), str(d.key), detailValue(e));
    },
    /** A tap on a yes/no row anywhere but the switch. */
    onToggleField(e: Evt) {
      const d = ds(e);
      ctl(this)?.toggleField(str(d.section), Number(d.index), str(d.key));
    },
    /** Stops a tap on the switch from also reaching its row. */
    onNoop() {
      return undefined;
    },
    onAddEntry(e: Evt) {
      ctl(this)?.addEntry(str(ds(e).section));
    },
    onRemoveEntry(e: Evt) {
      const d = ds(e);
      ctl(this)?.removeEntry(str(d.section), Number(d.index));
    },
    onReset() {
      ctl(this)?.reset();
    },
    onTitleChange(e: Evt) {
      ctl(this)?.setTitle(str(detailValue(e)));
    },
    onSave() {
      void ctl(this)?.save();
    },
    onToggleDrafts() {
      void ctl(this)?.toggleDrafts();
    },
    onRetryDrafts() {
      void ctl(this)?.refreshDrafts();
    },
    onOpenDraft(e: Evt) {
      void ctl(this)?.openDraft(str(ds(e).id));
    },
    onRemoveDraft(e: Evt) {
      void ctl(this)?.removeDraft(str(ds(e).id));
    },
  },
});
