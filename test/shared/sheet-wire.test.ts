/**
 * The sheet `simulate` sends: only what the policy does not already say, and exactly the engine's sheet once
 * expanded with the policy version it names (random profiles: engine-properties.test.ts).
 */
import zhangWei from '../../examples/zhang-wei-2021.json';
import minimal from '../../examples/wang-fang-minimal.json';
import liNa from '../../examples/li-na-2024.json';
import { compactScore, compactSheet, expandSheet } from '../../shared/contracts';
import { score, type ScoreSheet } from '../../shared/engine';
import { parseProfile, type Profile } from '../../shared/profile';
import { profileAtLimits } from '../../scripts/bench/setdata-limits';
import { HZ2021, HZ2024, R2021, R2024 } from './fixtures/engine-helpers';

function profileOf(doc: unknown): Profile {
  const r = parseProfile(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.profile;
}

function sheetOf(doc: unknown, policy = HZ2021, round = R2021): ScoreSheet {
  return score(profileOf(doc), policy, round);
}

const bytes = (x: unknown): number => Buffer.byteLength(JSON.stringify(x));

describe('compactSheet / expandSheet', () => {
  const cases: [string, ScoreSheet, typeof HZ2021][] = [
    ['张伟 (2021)', sheetOf(zhangWei), HZ2021],
    ['the minimal profile', sheetOf(minimal), HZ2021],
    ['李娜 under the 2024 version', sheetOf(liNa, HZ2024, R2024), HZ2024],
    ['a vetoed profile', sheetOf({ ...zhangWei, vetoFacts: [{ kind: 'robbery' }] }), HZ2021],
    ['a profile at the list limits', sheetOf(profileAtLimits()), HZ2021],
  ];

  it.each(cases)('gives back the engine’s sheet for %s, in the same JSON', (_what, sheet, policy) => {
    const wire = compactSheet(sheet, policy);
    expect(expandSheet(wire, policy)).toEqual(sheet);
    expect(JSON.stringify(expandSheet(JSON.parse(JSON.stringify(wire)), policy))).toBe(JSON.stringify(sheet));
  });

  it('sends no policy metadata: no line carries a name, department, source or cap, and the size is under half', () => {
    const sheet = sheetOf(zhangWei);
    const wire = compactSheet(sheet, HZ2021);
    expect(wire.lines).toHaveLength(sheet.lines.length);
    const allowed = ['counted', 'excludedBy', 'halves', 'id', 'notCounted', 'rawHalves'];
    for (const l of wire.lines) expect(allowed).toEqual(expect.arrayContaining(Object.keys(l)));
    // Only what differs from the plain case travels: raw points only when capped or excluded, facts only when any.
    const b4 = wire.lines.find((l) => l.id === 'B4');
    const b5 = wire.lines.find((l) => l.id === 'B5');
    expect(b4).toMatchObject({ halves: 115, counted: [expect.objectContaining({ ref: 'socialInsurance.0' })] });
    expect(b4).not.toHaveProperty('rawHalves');
    expect(b5).toEqual({ id: 'B5', halves: 0 });
    expect(wire.lines.find((l) => l.id === 'B6')).toMatchObject({ halves: 60, rawHalves: 108 });
    expect(wire.lines.find((l) => l.id === 'B2')).toMatchObject({ halves: 0, rawHalves: 100, excludedBy: 'B3' });
    const text = JSON.stringify(wire);
    expect(text).not.toContain('indicators-2021.md');
    expect(text).not.toContain('市公安局');
    expect(bytes(wire)).toBeLessThan(bytes(sheet) / 2);
  });

  it('keeps a value the policy would not give as an override, so the expanded sheet stays exact', () => {
    const sheet = sheetOf(zhangWei);
    const odd: ScoreSheet = {
      ...sheet,
      total: '二百零二',
      lines: sheet.lines.map((l, i) =>
        i === 0
          ? {
              ...l,
              source: '另一个来源',
              counted: l.counted.map((c) => ({ ...c, reason: 'CAP_REACHED' as const, reasonText: '另说' })),
            }
          : l,
      ),
      hints: sheet.hints.map((h, i) => (i === 0 ? { ...h, text: '另一种说法' } : h)),
    };
    const wire = compactSheet(odd, HZ2021);
    expect(wire.lines[0].o).toEqual({ source: '另一个来源' });
    expect(wire.o).toEqual({ total: '二百零二' });
    expect(expandSheet(wire, HZ2021)).toEqual(odd);
  });

  it('sends a hint’s text exactly when it is not its action, a space and its signed gain', () => {
    const sheet = sheetOf(zhangWei);
    const h = sheet.hints[0] as ScoreSheet['hints'][number];
    const gain = h.text.slice(h.action.length + 1);
    // Texts that differ from the derived one by a character, the separator, a prefix or a suffix.
    const near = [
      `${h.action}  ${gain}`,
      `${h.action}\u00a0${gain}`,
      `${h.action}${gain}`,
      `${h.action} ${gain}0`,
      `${h.action} +${gain}`,
      `${h.action.slice(0, -1)}X ${gain}`,
      `X${h.action} ${gain}`,
      `${h.action} ${gain.slice(0, -1)}`,
    ];
    for (const text of near) {
      const odd: ScoreSheet = { ...sheet, hints: sheet.hints.map((x, i) => (i === 0 ? { ...x, text } : x)) };
      const wire = compactSheet(odd, HZ2021);
      expect(wire.hints[0]?.text).toBe(text);
      expect(expandSheet(wire, HZ2021)).toEqual(odd);
    }
    expect(h.text).toBe(`${h.action} ${gain}`);
    expect(compactSheet(sheet, HZ2021).hints.every((x) => x.text === undefined)).toBe(true);
  });

  it('keeps an exclusion the policy’s group would not describe so as an override, and one it would not at all', () => {
    const sheet = sheetOf(zhangWei);
    const b2 = sheet.lines.findIndex((l) => l.id === 'B2');
    expect(sheet.lines[b2]?.excludedBy).toMatchObject({ id: 'B3' });
    const reworded: ScoreSheet = {
      ...sheet,
      lines: sheet.lines.map((l, i) =>
        i === b2 && l.excludedBy ? { ...l, excludedBy: { ...l.excludedBy, description: '另一种说明' } } : l,
      ),
    };
    const wire = compactSheet(reworded, HZ2021);
    expect(wire.lines[b2]).toMatchObject({ excludedBy: 'B3', o: { excludedBy: reworded.lines[b2]?.excludedBy } });
    expect(expandSheet(wire, HZ2021)).toEqual(reworded);
    // Excluded by a line it shares no group with: the derived sheet would have no exclusion at all.
    const stranger: ScoreSheet = {
      ...sheet,
      lines: sheet.lines.map((l, i) =>
        i === b2 && l.excludedBy ? { ...l, excludedBy: { ...l.excludedBy, id: 'P6' } } : l,
      ),
    };
    expect(expandSheet(compactSheet(stranger, HZ2021), HZ2021)).toEqual(stranger);
  });

  it('refuses to compact or expand with another policy version than the sheet names', () => {
    const sheet = sheetOf(zhangWei);
    expect(() => compactSheet(sheet, HZ2024)).toThrow('计分表属于 hz-2021，不是 hz-2024-07');
    expect(() => expandSheet(compactSheet(sheet, HZ2021), HZ2024)).toThrow('计分表属于 hz-2021，不是 hz-2024-07');
  });
});

describe('compactScore: compactSheet(score(…)) without assembling the full lines', () => {
  const cases: [string, unknown, typeof HZ2021, typeof R2021][] = [
    ['张伟 (2021)', zhangWei, HZ2021, R2021],
    ['the minimal profile', minimal, HZ2021, R2021],
    ['李娜 under the 2024 version', liNa, HZ2024, R2024],
    ['张伟 under the 2024 version', zhangWei, HZ2024, R2024],
    ['a vetoed profile', { ...zhangWei, vetoFacts: [{ kind: 'robbery' }] }, HZ2021, R2021],
    ['a profile at the list limits', profileAtLimits(), HZ2021, R2021],
  ];

  it.each(cases)('is the very wire sheet for %s, in the same JSON', (_what, doc, policy, round) => {
    const profile = profileOf(doc);
    const wire = compactScore(profile, policy, round);
    const reference = compactSheet(score(profile, policy, round), policy);
    expect(wire).toEqual(reference);
    expect(JSON.stringify(wire)).toBe(JSON.stringify(reference));
  });

  it('goes the full way when a line would not derive exactly (an indicator id repeated with another name)', () => {
    const b5 = HZ2021.indicators.find((i) => i.id === 'B5');
    if (!b5) throw new Error('B5 missing from hz-2021');
    const twice = { ...HZ2021, indicators: [...HZ2021.indicators, { ...b5, name: '另一个名称' }] };
    const profile = profileOf(zhangWei);
    const wire = compactScore(profile, twice, R2021);
    const reference = compactSheet(score(profile, twice, R2021), twice);
    expect(JSON.stringify(wire)).toBe(JSON.stringify(reference));
    // The first B5 line carries the indicator's own name, which the repeated id's plan would not derive.
    expect(wire.lines.find((l) => l.id === 'B5')?.o).toEqual({ name: b5.name });
  });
});
