/**
 * An invalid policy document is refused with Chinese messages. This file imports only the policy module (no profile,
 * no engine) so that the Chinese messages are shown to come from the policy module itself, as on the admin path.
 */
import { BUILTIN_POLICIES, parsePolicyVersion, PolicyVersionSchema } from '../../shared/policy';
import hz2021 from '../../shared/policy/versions/hz-2021.json';
import { countingSchemas } from './schema-count';

const HAN = /[\u4e00-\u9fff]/;
type Doc = Record<string, unknown> & { indicators: Record<string, unknown>[] };

function errorsOf(doc: unknown): { path: string; message: string }[] {
  const r = parsePolicyVersion(doc);
  if (r.ok) throw new Error('expected the document to be refused');
  return r.errors;
}

describe('an invalid policy document is refused with Chinese messages', () => {
  const mutate = (f: (d: Doc) => void) => {
    const d = JSON.parse(JSON.stringify(hz2021)) as Doc;
    f(d);
    return d;
  };

  it.each<[string, (d: Doc) => void, string, RegExp]>([
    [
      'a half step that is not 0.5',
      (d) => ((d.indicators[13].params as Record<string, unknown>).stepPoints = 0.3),
      'indicators.13.params.stepPoints',
      /0\.5 的整数倍/,
    ],
    ['an unknown rule kind', (d) => (d.indicators[0].rule = 'magic'), 'indicators.0.rule', /计分规则/],
    ['a duplicate indicator id', (d) => (d.indicators[1].id = 'B1'), 'indicators.1.id', /指标编号重复/],
    [
      'an exclusive group naming a missing indicator',
      (d) => ((d.exclusiveGroups as { ids: string[] }[])[0].ids = ['B2', 'Z9']),
      'exclusiveGroups.0',
      /不存在的指标/,
    ],
    ['a bad effective date', (d) => (d.effectiveFrom = '2021-02-30'), 'effectiveFrom', /日期/],
    ['a missing name', (d) => delete d.name, 'name', HAN],
    ['a non-number cap', (d) => (d.indicators[2].cap = 'lots'), 'indicators.2.cap', HAN],
    [
      'a zero points-per-month',
      (d) => ((d.indicators[3].params as Record<string, unknown>).pointsPerMonth = 0),
      'indicators.3.params.pointsPerMonth',
      /大于 0/,
    ],
    ['a negative cap', (d) => (d.indicators[13].cap = -10), 'indicators.13.cap', /不能为负数/],
    ['a qualifying score of 0', (d) => (d.qualifyingScore = 0), 'qualifyingScore', /大于 0/],
    [
      'a B2a level that is not in the education table',
      (d) => ((d.indicators[1].params as Record<string, unknown>).singleCertificateFromLevel = 'benkee'),
      'indicators.1.params.singleCertificateFromLevel',
      /不在该指标的学历层次中/,
    ],
  ])('%s', (_what, f, path, message) => {
    const errors = errorsOf(mutate(f));
    const e = errors.find((x) => x.path === path);
    expect(e).toBeDefined();
    expect(e?.message).toMatch(message);
    for (const x of errors) expect(x.message).toMatch(HAN);
  });

  it('refuses things that are not policy documents at all', () => {
    for (const doc of [null, 42, 'hz-2021', []]) {
      const errors = errorsOf(doc);
      expect(errors.length).toBeGreaterThan(0);
      for (const x of errors) expect(x.message).toMatch(HAN);
    }
  });

  it('the built-ins pass the schema as they are', () => {
    for (const p of BUILTIN_POLICIES)
      expect(PolicyVersionSchema.safeParse(JSON.parse(JSON.stringify(p))).success).toBe(true);
  });

  it('the built-ins are used unparsed, so parsing them must change nothing (no default or transform to fill in)', () => {
    for (const p of BUILTIN_POLICIES) {
      const r = PolicyVersionSchema.safeParse(JSON.parse(JSON.stringify(p)));
      expect(r.success && r.data).toEqual(p);
    }
  });

  it('a built-in file that breaks the schema is refused', () => {
    const broken = JSON.parse(JSON.stringify(BUILTIN_POLICIES[0])) as { indicators: unknown[] };
    broken.indicators = [{ id: 42 }];
    expect(PolicyVersionSchema.safeParse(broken).success).toBe(false);
  });
});

describe('policy schema built on first need', () => {
  it('should load the policy module without building the policy schema, and build it for the first document judged', () => {
    countingSchemas(
      () => jest.requireActual<typeof import('../../shared/policy')>('../../shared/policy'),
      (p, count) => {
        expect(p.findPolicy('hz-2021')?.id).toBe('hz-2021');
        // The settlement and guide schemas of the module's other exports, not the policy version's ~170.
        const atLoad = count();
        expect(atLoad).toBeLessThan(60);
        const r = p.parsePolicyVersion({ ...hz2021, indicators: [{ id: 'X1', rule: 'nope' }] });
        expect(r.ok).toBe(false);
        expect(!r.ok && r.errors.map((e) => e.message)).toContain('未知的计分规则类型（rule），引擎不支持此规则');
        expect(count() - atLoad).toBeGreaterThan(150);
        const once = count();
        expect(p.parsePolicyVersion(JSON.parse(JSON.stringify(hz2021))).ok).toBe(true);
        expect(count()).toBe(once);
      },
    );
  });
});
