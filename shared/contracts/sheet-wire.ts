/**
 * The score sheet as `simulate` sends it: only what the client cannot derive. Every line of a full sheet repeats its
 * indicator's policy metadata (name, department, source, decision, confidence, cap), the printed forms of numbers it
 * also carries, and the standard sentence of each reason code — about half of a response. The client has the policy
 * (`round.current` hands it over, and shared/ carries the built-in versions), so the wire form keeps per line only
 * the points, the raw points, who excluded it and its facts, and {@link expandSheet} rebuilds the very sheet the
 * engine produced.
 *
 * Exact by construction: {@link compactSheet} drops a field only when the value {@link expandSheet} would derive for
 * it is the value the engine gave; anything else travels as an override (`o`), so a change in the engine can make
 * the wire form bigger, never the expanded sheet wrong.
 */
import { formatHalves, toHalves, type Halves } from '../engine/points';
import { REASON_TEXT } from '../engine/reasons';
import { decideScore, hintText, score, type ScoreDecisions } from '../engine/score';
import type { Profile } from '../profile/schema';
import type { FactNote, Hint, ScoreSheet, ScoringRound, SheetLine } from '../engine/types';
import type { Indicator, PolicyVersion } from '../policy/schema';

/** A fact as sent: `reasonText` only where it is not the reason code's standard sentence. */
export type WireFact = FactNote;

/**
 * A sheet line as sent: the result; the indicator's metadata comes from the policy (`o`: fields that differ). Most
 * lines of a sheet have no facts and no capped points: `rawHalves` is left out when it equals `halves`, the fact
 * lists when they are empty.
 */
export interface WireLine {
  id: string;
  halves: Halves;
  rawHalves?: Halves;
  /** The id of the line an exclusive group gave the points to. */
  excludedBy?: string;
  counted?: WireFact[];
  notCounted?: WireFact[];
  /** Fields whose value is not the one derived from the policy (none for the engine's sheets today). */
  o?: Partial<SheetLine>;
}

/** A hint as sent: `text` only where it is not `action` and the signed gain. */
export type WireHint = Omit<Hint, 'text'> & { text?: string };

/** The sheet as `simulate` sends it (see the module comment); {@link expandSheet} gives the {@link ScoreSheet}. */
export interface WireSheet {
  policyVersion: string;
  roundId: string;
  cutoff: ScoreSheet['cutoff'];
  fiveYearWindow: ScoreSheet['fiveYearWindow'];
  lines: WireLine[];
  totalHalves: Halves;
  verdict: ScoreSheet['verdict'];
  reachesQualifying: boolean;
  veto: ScoreSheet['veto'];
  unassigned: WireFact[];
  notices: string[];
  hints: WireHint[];
  /** Sheet fields whose value is not the one derived from the policy. */
  o?: Partial<Pick<ScoreSheet, 'policyName' | 'total' | 'qualifyingHalves'>>;
}

/** Line fields the policy and the line's points determine (everything but id, points and facts). */
type DerivedLine = Omit<SheetLine, 'id' | 'halves' | 'rawHalves' | 'counted' | 'notCounted'>;
const DERIVED_KEYS = [
  'name',
  'category',
  'rule',
  'points',
  'capHalves',
  'cap',
  'capReached',
  'excludedBy',
  'confidence',
  'capConfidence',
  'department',
  'departmentConfidence',
  'source',
  'decision',
  'unscoredReason',
] as const satisfies readonly (keyof DerivedLine)[];

/** JSON equality of two small values (what the wire can carry: no undefined inside arrays, no functions). */
function same(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b));
}

/** What a policy says of each line, computed once per policy object (policies are not changed once loaded). */
interface LinePlan {
  ind: Indicator;
  capHalves: Halves | null;
  cap: string | null;
  unscoredReason: string | undefined;
  /** The exclusive groups this line shares with each other line, by that line's id (the first one). */
  groupWith: Map<string, PolicyVersion['exclusiveGroups'][number]>;
}
const plans = new WeakMap<PolicyVersion, Map<string, LinePlan>>();

function planOf(policy: PolicyVersion): Map<string, LinePlan> {
  let plan = plans.get(policy);
  if (!plan) {
    plan = new Map();
    for (const ind of policy.indicators) {
      const capHalves = ind.cap === null ? null : toHalves(ind.cap);
      const groupWith = new Map<string, PolicyVersion['exclusiveGroups'][number]>();
      for (const g of policy.exclusiveGroups)
        if (g.ids.includes(ind.id)) for (const other of g.ids) if (!groupWith.has(other)) groupWith.set(other, g);
      plan.set(ind.id, {
        ind,
        capHalves,
        cap: capHalves === null ? null : formatHalves(capHalves),
        unscoredReason: ind.rule === 'unscored' ? ind.params.reason : undefined,
        groupWith,
      });
    }
    plans.set(policy, plan);
  }
  return plan;
}

function linePlan(policy: PolicyVersion, id: string): LinePlan {
  const p = planOf(policy).get(id);
  if (!p) throw new Error(`指标 ${id} 不在政策版本 ${policy.id} 中`);
  return p;
}

/** What a line's fields are, derived from its indicator, its points and the line that excluded it. */
function derivedLine(p: LinePlan, halves: Halves, rawHalves: Halves, excludedBy: string | undefined): DerivedLine {
  const { ind, capHalves } = p;
  const group = excludedBy === undefined ? undefined : p.groupWith.get(excludedBy);
  return {
    name: ind.name,
    category: ind.category,
    rule: ind.rule,
    points: formatHalves(halves),
    capHalves,
    cap: p.cap,
    capReached: capHalves !== null && rawHalves >= capHalves,
    excludedBy:
      group && excludedBy !== undefined
        ? { id: excludedBy, rule: group.rule, description: group.description }
        : undefined,
    confidence: ind.confidence,
    capConfidence: ind.capConfidence,
    department: ind.department,
    departmentConfidence: ind.departmentConfidence,
    source: ind.source,
    decision: ind.decision,
    unscoredReason: p.unscoredReason,
  };
}

function compactFact(n: FactNote): WireFact {
  if (n.reason === undefined || n.reasonText !== REASON_TEXT[n.reason]) return n;
  const { reasonText: _standard, ...rest } = n;
  return rest;
}

function expandFact(n: WireFact): FactNote {
  if (n.reason === undefined || n.reasonText !== undefined) return n;
  return { ...n, reasonText: REASON_TEXT[n.reason] };
}

/**
 * Whether every derived field of `line` is the very value {@link derivedLine} gives (the engine's sheets): each
 * field read by name, nothing built. False sends the line through the field-by-field comparison, so this decides
 * only how fast the answer comes, never what it is.
 */
function derivesExactly(p: LinePlan, line: SheetLine): boolean {
  const { capHalves } = p;
  return (
    copiesIndicator(p.ind, line) &&
    line.points === formatHalves(line.halves) &&
    line.capHalves === capHalves &&
    line.cap === p.cap &&
    line.capReached === (capHalves !== null && line.rawHalves >= capHalves) &&
    excludedAsDerived(p, line.excludedBy) &&
    line.unscoredReason === p.unscoredReason
  );
}

/**
 * Whether the line's `excludedBy` serializes as the derived one: absent, or the very `{ id, rule, description }` (in
 * this order, strings) of the exclusive group shared with the winning line. Anything else is left to {@link same}.
 */
function excludedAsDerived(p: LinePlan, ex: SheetLine['excludedBy']): boolean {
  if (ex === undefined) return true;
  const group = p.groupWith.get(ex.id);
  if (!group || typeof ex.rule !== 'string' || typeof ex.description !== 'string') return false;
  const keys = Object.keys(ex);
  return (
    keys.length === 3 &&
    keys[0] === 'id' &&
    keys[1] === 'rule' &&
    keys[2] === 'description' &&
    ex.rule === group.rule &&
    ex.description === group.description
  );
}

/** Whether the line's copies of its indicator's fields are the indicator's own values. */
function copiesIndicator(ind: Indicator, line: SheetLine): boolean {
  return (
    line.name === ind.name &&
    line.category === ind.category &&
    line.rule === ind.rule &&
    line.confidence === ind.confidence &&
    line.capConfidence === ind.capConfidence &&
    line.department === ind.department &&
    line.departmentConfidence === ind.departmentConfidence &&
    line.source === ind.source &&
    line.decision === ind.decision
  );
}

function compactLine(policy: PolicyVersion, line: SheetLine): WireLine {
  const plan = linePlan(policy, line.id);
  const wire: WireLine = { id: line.id, halves: line.halves };
  if (line.rawHalves !== line.halves) wire.rawHalves = line.rawHalves;
  if (line.excludedBy) wire.excludedBy = line.excludedBy.id;
  if (line.counted.length) wire.counted = line.counted.map(compactFact);
  if (line.notCounted.length) wire.notCounted = line.notCounted.map(compactFact);
  if (derivesExactly(plan, line)) return wire;
  const derived = derivedLine(plan, line.halves, line.rawHalves, line.excludedBy?.id);
  let o: Partial<SheetLine> | undefined;
  for (const k of DERIVED_KEYS) if (!same(line[k], derived[k])) o = Object.assign(o ?? {}, { [k]: line[k] });
  if (o) wire.o = o;
  return wire;
}

function expandLine(policy: PolicyVersion, w: WireLine): SheetLine {
  const rawHalves = w.rawHalves ?? w.halves;
  const d = derivedLine(linePlan(policy, w.id), w.halves, rawHalves, w.excludedBy);
  // The engine's field order, so that the expanded sheet reads (and serializes) as the engine's.
  const line: SheetLine = {
    id: w.id,
    name: d.name,
    category: d.category,
    rule: d.rule,
    halves: w.halves,
    points: d.points,
    rawHalves,
    capHalves: d.capHalves,
    cap: d.cap,
    capReached: d.capReached,
    excludedBy: d.excludedBy,
    confidence: d.confidence,
    capConfidence: d.capConfidence,
    department: d.department,
    departmentConfidence: d.departmentConfidence,
    source: d.source,
    decision: d.decision,
    counted: w.counted ? w.counted.map(expandFact) : [],
    notCounted: w.notCounted ? w.notCounted.map(expandFact) : [],
    unscoredReason: d.unscoredReason,
  };
  return w.o ? { ...line, ...w.o } : line;
}

/** The wire hints: `text` only where it is not the one {@link hintText} derives. */
function compactHints(hints: readonly Hint[]): WireHint[] {
  return hints.map((h) => {
    if (h.text !== hintText(h.action, h.gainHalves)) return h;
    const { text: _derived, ...rest } = h;
    return rest;
  });
}

/**
 * A line's wire form straight from the scoring's decisions, when every field {@link derivesExactly} checks would be
 * the derived one: the same comparisons on the values the full line would carry (the indicator's own fields, which
 * the engine copies from this very indicator object; the group that excluded it; the unscored reason). Null
 * otherwise, and the sheet then goes the full way.
 */
function decidedLine(policy: PolicyVersion, d: ScoreDecisions, k: number): WireLine | null {
  const id = d.ids[k] as string;
  const p = linePlan(policy, id);
  const r = d.results[k] as ScoreDecisions['results'][number];
  if (p.ind !== policy.indicators[k] || r.unscoredReason !== p.unscoredReason) return null;
  const halves = d.halves[k] as Halves;
  const wire: WireLine = { id, halves };
  if (r.rawHalves !== halves) wire.rawHalves = r.rawHalves;
  const ex = d.excludedBy[k] ?? null;
  const g = d.groupOf[k] ?? null;
  if (ex !== null && g !== null) {
    const winner = d.ids[ex] as string;
    const group = policy.exclusiveGroups[g];
    const derived = p.groupWith.get(winner);
    if (!group || !derived || derived.rule !== group.rule || derived.description !== group.description) return null;
    wire.excludedBy = winner;
  }
  if (r.counted.length) wire.counted = r.counted.map(compactFact);
  if (r.notCounted.length) wire.notCounted = r.notCounted.map(compactFact);
  return wire;
}

/**
 * `compactSheet(score(profile, policy, round), policy)`, the very same value, without assembling the full lines
 * first: a line goes straight from the scorer's result to its wire form when its derived fields are the derived
 * ones (always, for the engine's policies); otherwise the profile is scored again the full way and compacted.
 * Policies are immutable once parsed (the engine's plans rely on it too).
 */
export function compactScore(profile: Profile, policy: PolicyVersion, round: ScoringRound): WireSheet {
  // Hints without their texts: the engine's text is always the one hintText derives, which the wire leaves out.
  const d = decideScore(profile, policy, round, false);
  const n = d.results.length;
  const lines = new Array<WireLine>(n);
  for (let k = 0; k < n; k++) {
    const line = decidedLine(policy, d, k);
    if (!line) return compactSheet(score(profile, policy, round), policy);
    lines[k] = line;
  }
  // The sheet fields compactSheet compares with the policy are the policy's own here (policy.name, the total
  // printed, the qualifying score in halves): no `o`.
  return {
    policyVersion: policy.id,
    roundId: round.id,
    cutoff: round.cutoff,
    fiveYearWindow: round.fiveYearWindow,
    lines,
    totalHalves: d.totalHalves,
    verdict: d.verdict,
    reachesQualifying: d.reachesQualifying,
    veto: d.veto,
    unassigned: d.unassigned.map(compactFact),
    notices: d.notices,
    hints: d.hints,
  };
}

/** The wire form of a sheet the engine produced under `policy` (the version the sheet names). */
export function compactSheet(sheet: ScoreSheet, policy: PolicyVersion): WireSheet {
  if (sheet.policyVersion !== policy.id) throw new Error(`计分表属于 ${sheet.policyVersion}，不是 ${policy.id}`);
  const wire: WireSheet = {
    policyVersion: sheet.policyVersion,
    roundId: sheet.roundId,
    cutoff: sheet.cutoff,
    fiveYearWindow: sheet.fiveYearWindow,
    lines: sheet.lines.map((l) => compactLine(policy, l)),
    totalHalves: sheet.totalHalves,
    verdict: sheet.verdict,
    reachesQualifying: sheet.reachesQualifying,
    veto: sheet.veto,
    unassigned: sheet.unassigned.map(compactFact),
    notices: sheet.notices,
    hints: compactHints(sheet.hints),
  };
  const o: NonNullable<WireSheet['o']> = {};
  if (sheet.policyName !== policy.name) o.policyName = sheet.policyName;
  if (sheet.total !== formatHalves(sheet.totalHalves)) o.total = sheet.total;
  if (sheet.qualifyingHalves !== toHalves(policy.qualifyingScore)) o.qualifyingHalves = sheet.qualifyingHalves;
  if (Object.keys(o).length) wire.o = o;
  return wire;
}

/**
 * The full sheet from its wire form and the policy version it names (`wire.policyVersion`; throws when `policy` is
 * another one, or lacks a line's indicator).
 */
export function expandSheet(wire: WireSheet, policy: PolicyVersion): ScoreSheet {
  if (wire.policyVersion !== policy.id) throw new Error(`计分表属于 ${wire.policyVersion}，不是 ${policy.id}`);
  return {
    policyVersion: wire.policyVersion,
    policyName: wire.o?.policyName ?? policy.name,
    roundId: wire.roundId,
    cutoff: wire.cutoff,
    fiveYearWindow: wire.fiveYearWindow,
    lines: wire.lines.map((l) => expandLine(policy, l)),
    totalHalves: wire.totalHalves,
    total: wire.o?.total ?? formatHalves(wire.totalHalves),
    qualifyingHalves: wire.o?.qualifyingHalves ?? toHalves(policy.qualifyingScore),
    verdict: wire.verdict,
    reachesQualifying: wire.reachesQualifying,
    veto: wire.veto,
    unassigned: wire.unassigned.map(expandFact),
    notices: wire.notices,
    hints: wire.hints.map((h) => ({ ...h, text: h.text ?? hintText(h.action, h.gainHalves) })),
  };
}
