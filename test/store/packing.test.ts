/**
 * Packed documents of the SQLite store: text in, the same text out, and a shipped dictionary that never changes
 * (rows written with it need it byte for byte).
 */
import { createHash } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';
import { pack, PACKING, store, textOf, unpack } from '../../cloudfunctions/_core/store/sqlite/packing';
import { computeResult } from '../../shared/application';
import { findPolicy } from '../../shared/policy';
import { ProfileSchema } from '../../shared/profile';
import { ROUND_2021 } from '../../shared/rounds';
import { sampleApplication } from './adapters';

/** A decided case of another example than the dictionary's: its profile and the engine's result. */
function decidedCase(id: string) {
  const profile = ProfileSchema.parse(
    JSON.parse(readFileSync(join(__dirname, '../../examples/li-na-2024.json'), 'utf8')),
  );
  const policy = findPolicy(ROUND_2021.policyVersion) as NonNullable<ReturnType<typeof findPolicy>>;
  const result = computeResult(profile, policy, ROUND_2021, []);
  return sampleApplication(id, {
    status: 'decided',
    profile: profile as unknown as Record<string, unknown>,
    result: { ...result, computedAt: '2021-10-09T02:00:00.000Z', policyVersion: policy.id },
  });
}

describe('SQLite packed documents', () => {
  it('should keep dictionary v1 exactly as shipped', () => {
    const bytes = readFileSync(join(__dirname, '../../cloudfunctions/_core/store/sqlite/dictionary-v1.txt'));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'aa62f180cda03436ecbffe8ec9de8449e98b0ad4c38bcb834ed3fd017fd2dd4f',
    );
  });

  it('should unpack to the very text it packed, Chinese and all, and a large case to a small fraction', () => {
    const text = JSON.stringify({ ...decidedCase('app_1'), note: '西湖区优秀志愿者 🌸 "quoted" \\ \u2028' });
    const packed = pack(text);
    expect(packed[0]).toBe(1);
    expect(unpack(packed)).toBe(text);
    expect(packed.length * 8).toBeLessThan(Buffer.byteLength(text));
  });

  it('should store short texts as text and large ones packed, each read back the same', () => {
    const short = JSON.stringify({ ok: true, name: '张伟' });
    expect(store(short)).toEqual({ text: short, packed: null });
    const long = JSON.stringify(decidedCase('app_2'));
    expect(Buffer.byteLength(long)).toBeGreaterThanOrEqual(PACKING.document.minBytes);
    const stored = store(long);
    expect(stored.text).toBeNull();
    expect(textOf(stored)).toBe(long);
    expect(textOf(store(short))).toBe(short);
  });

  it("should keep a submission-sized response as text and pack a large one at the responses' level, each read back the same", () => {
    const large = JSON.stringify({ application: { ...decidedCase('app_4'), statusLabel: '已受理，部门审核中' } });
    expect(Buffer.byteLength(large)).toBeGreaterThanOrEqual(PACKING.response.minBytes);
    const packed = store(large, 'response');
    expect(packed.text).toBeNull();
    expect(textOf(packed)).toBe(large);
    expect((packed.packed as Buffer).length * 5).toBeLessThan(Buffer.byteLength(large));
    expect(pack(large, PACKING.response.level).equals(pack(large))).toBe(false);
    // A submission's ~4 KB answer: packed as a document, kept as text as a response.
    const answer = JSON.stringify({ application: { ...sampleApplication('app_5'), note: '材'.repeat(1300) } });
    expect(Buffer.byteLength(answer)).toBeGreaterThan(4096);
    expect(store(answer).text).toBeNull();
    expect(store(answer, 'response')).toEqual({ text: answer, packed: null });
  });

  it('should refuse bytes of a dictionary it does not have rather than read them wrongly', () => {
    const packed = pack(JSON.stringify(decidedCase('app_3')));
    packed[0] = 9;
    expect(() => unpack(packed)).toThrow(/unknown dictionary version 9/);
  });
});
