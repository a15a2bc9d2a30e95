/** The materials checklist of an application as the page shows it: state in words and icon, files, what to do. */
import type { ApplicationView, ChecklistLine, MaterialView } from '../../shared';
import { sizeText } from '../services/materials';
import { beijingDateTime, datesInWords } from '../utils/format';

/** One attached file. */
export interface FileView {
  materialId: string;
  fileName: string;
  /** `PDF · 1.2 MB · 2021-10-08 10:00`. */
  meta: string;
  /** `沿用本年度已核验的材料` or ''. */
  reusedText: string;
  canRemove: boolean;
}

/** An upload / remove in progress or failed on one line. */
export interface LineOp {
  state: 'idle' | 'saving' | 'error';
  message: string;
}

/** One checklist line. */
export interface ChecklistLineView {
  key: string;
  /** `学历学位` (the indicator's name) or `委托材料`. */
  head: string;
  label: string;
  state: ChecklistLine['state'];
  /** The state in words: 未上传 / 已上传 2 份 / 沿用已核验材料. */
  stateText: string;
  required: boolean;
  files: FileView[];
  op: LineOp;
  canAdd: boolean;
  /** 补正: what the department asks for on this line (`需要补正：请补充学位证书`), or ''. The page opens at it. */
  fix: string;
}

/** The whole materials part. */
export interface MaterialsView {
  lines: ChecklistLineView[];
  /** 部门共享数据，无需上传. */
  shared: string[];
  /** `还缺 2 项必需材料` or `必需材料已齐全`. */
  summary: string;
  complete: boolean;
  /** Icon of the summary. */
  icon: string;
}

const TYPE_NAMES: Record<string, string> = {
  'image/jpeg': 'JPG 照片',
  'image/png': 'PNG 照片',
  'application/pdf': 'PDF',
};

/** A file's line of meta text. */
export function fileMeta(m: MaterialView): string {
  return `${TYPE_NAMES[m.mime] ?? m.mime} · ${sizeText(m.size)} · ${beijingDateTime(m.uploadedAt)}`;
}

/** A material as a file row. */
export function fileView(m: MaterialView, canRemove: boolean): FileView {
  return {
    materialId: m.materialId,
    fileName: m.fileName,
    meta: fileMeta(m),
    reusedText: m.reused ? '沿用本年度已核验的材料' : '',
    canRemove,
  };
}

function stateText(l: ChecklistLine): string {
  if (l.state === 'missing') return l.required ? '未上传（必需）' : '未上传';
  if (l.state === 'reused') return '沿用已核验材料';
  return `已上传 ${l.materials.length} 份`;
}

function head(l: ChecklistLine, names: Map<string, string>): string {
  if (!l.indicatorId) return '委托材料';
  // The indicator's name only: its code (B2) means nothing to an applicant.
  return names.get(l.indicatorId) ?? '申请材料';
}

const ISO_DAY_OR_MONTH = /^\d{4}-\d{2}(-\d{2})?$/;

/**
 * Which fact a material proves, from the declared profile: `2016年3月1日 至 2021年9月30日` for a period, else the
 * entry's date (`2009年6月30日`); '' when the entry has no date. `ref` is the checklist's `education.0`.
 */
export function factCaption(profile: unknown, ref: string | null): string {
  if (!ref || !profile || typeof profile !== 'object') return '';
  const [section, index] = ref.split('.');
  const list = (profile as Record<string, unknown>)[section];
  const entry = Array.isArray(list) ? (list[Number(index)] as Record<string, unknown> | undefined) : undefined;
  if (!entry || typeof entry !== 'object') return '';
  const isDate = (v: unknown): v is string => typeof v === 'string' && ISO_DAY_OR_MONTH.test(v);
  if (isDate(entry.from) && isDate(entry.to)) return datesInWords(`${entry.from} 至 ${entry.to}`);
  const first = Object.values(entry).find(isDate);
  return first ? datesInWords(first) : '';
}

/** The materials view of an application; files may be added or removed when the server's view lists `attach`. */
export function materialsView(
  app: ApplicationView,
  ops: Record<string, LineOp>,
  indicatorNames: Map<string, string>,
): MaterialsView {
  const editable = app.actions.includes('attach');
  const asked = correctionsByIndicator(app);
  const lines = app.checklist.map((l) => ({
    key: l.key,
    head: head(l, indicatorNames),
    // The head names the indicator already: `文化程度：学历证书…` reads as `学历证书…` below it.
    label: withFact(l.indicatorId ? l.label.replace(/^[^：]+：/, '') : l.label, factCaption(app.profile, l.ref)),
    state: l.state,
    stateText: stateText(l),
    required: l.required,
    files: l.materials.map((m) => fileView(m, editable)),
    op: ops[l.key] ?? { state: 'idle', message: '' },
    canAdd: editable,
    fix: l.indicatorId && asked.has(l.indicatorId) ? `需要补正：${asked.get(l.indicatorId)}` : '',
  }));
  const missing = app.missing.length;
  return {
    lines,
    shared: app.sharedData.map((s) => s.name),
    summary: missing ? `还缺 ${missing} 项必需材料` : '必需材料已齐全',
    complete: missing === 0,
    icon: missing ? 'error-circle' : 'check-circle',
  };
}

/** What each returned indicator's department asks for (补正), by indicator id. */
function correctionsByIndicator(app: ApplicationView): Map<string, string> {
  const out = new Map<string, string>();
  if (app.status !== 'correction') return out;
  for (const t of app.tasks)
    if (t.status === 'returned') out.set(t.indicatorId, `${t.missing ?? '请补正'}${t.note ? `（${t.note}）` : ''}`);
  return out;
}

/** The index of the first checklist line a 补正 asks about, or -1. */
export function firstFixLine(view: MaterialsView | null): number {
  return view ? view.lines.findIndex((l) => l.fix !== '') : -1;
}

/** `租房合同：2016年3月1日 至 2021年9月30日`: the material and the fact it proves. */
function withFact(label: string, caption: string): string {
  return caption ? `${label}：${caption}` : label;
}

/** The labels of missing checklist keys. */
export function missingLabels(app: ApplicationView): string[] {
  return app.missing.map((k) => app.checklist.find((l) => l.key === k)?.label ?? k);
}
